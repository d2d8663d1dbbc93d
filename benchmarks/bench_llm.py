"""What an LLM analysis costs, through the real OpenAI client and a loopback server.

`cruxmap analyze --llm openai:bench-model` runs with CRUXMAP_LLM_BASE_URL at a loopback
OpenAI-compatible server (tests/llm_servers.py) whose deterministic responder reads cruxmap's
prompts (claims: the sentences the offline analyst picks; pairs: typed from cue words in
claim B) and waits `--latency` seconds per request, as a remote model would. Printed:

- calls per 1,000 claims with one pair per request (before batching) and with the default
  batch (after);
- calls on a repeated run of the unchanged library (its map forgotten, its cache kept; goal 0);
- wall time with one request in flight against the default concurrency (a ratio);
- `--estimate` against the run's actual calls and tokens (goal: calls within 10%).

The demo corpus always; with `--real`, also a real-text sample built from ../shared (the
Alignment Newsletter and Zotero notes of benchmarks/real_corpus.py, `--rows` of each).

Usage: python benchmarks/bench_llm.py [--latency 0.05] [--real] [--rows 40]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.analysis.estimate import estimate  # noqa: E402
from assistant.analysis.run import run_analysis  # noqa: E402
from assistant.llm.settings import LLMSettings  # noqa: E402
from assistant.workspace import Workspace, demo_sources  # noqa: E402
from ingest.config import Settings  # noqa: E402
from ingest.library import Library  # noqa: E402
from ingest.pipeline import ingest_sources  # noqa: E402
from tests.llm_servers import ChatServer, analyst_responder  # noqa: E402

SPEC = "openai:bench-model"


def llm_env(server: ChatServer, batch: int, concurrency: int) -> None:
    """What a user sets: the server, the batch size, the requests in flight."""
    os.environ.update(
        {
            "CRUXMAP_LLM_BASE_URL": server.base_url,
            "CRUXMAP_LLM_BATCH": str(batch),
            "CRUXMAP_LLM_CONCURRENCY": str(concurrency),
            "OPENAI_API_KEY": os.environ.get("OPENAI_API_KEY", ""),
        }
    )


def library_at(home: Path, sources: list[str]) -> None:
    library = Library(Settings(home=home))
    try:
        ingest_sources(library, sources)
    finally:
        library.close()


def analyse(home: Path, server: ChatServer, batch: int, concurrency: int) -> dict:
    """One `analyze --llm` run on `home`: its usage, claims, estimate beforehand, wall time."""
    llm_env(server, batch, concurrency)
    with Workspace(Library(Settings(home=home)), SPEC) as workspace:
        before = estimate(workspace)
        sent = len(server.requests)
        started = time.perf_counter()
        result = run_analysis(workspace)
        seconds = time.perf_counter() - started
    usage = result["usage"]
    assert usage.calls == len(server.requests) - sent, "the meter counts what the server saw"
    return {
        "claims": result["claims"],
        "calls": usage.calls,
        "cached": usage.cached,
        "input_tokens": usage.input_tokens,
        "output_tokens": usage.output_tokens,
        "seconds": seconds,
        "estimate": before,
    }


def forget_map(home: Path) -> None:
    """The map forgotten, the call cache kept: every document is analysed again."""
    library = Library(Settings(home=home))
    try:
        library.db.execute("DELETE FROM analyzed")
        library.db.commit()
    finally:
        library.close()


def per_1000(calls: int, claims: int) -> float:
    return round(1000 * calls / max(claims, 1), 1)


#: The shipped defaults, whatever this process's environment says (runs below change it).
DEFAULT = LLMSettings.model_construct(
    **{name: field.default for name, field in LLMSettings.model_fields.items()}
)


def measure(name: str, sources: list[str], work: Path, latency: float) -> None:
    default = DEFAULT
    homes = {key: work / f"{name}-{key}" for key in ("single", "batched", "sequential")}
    for home in homes.values():
        library_at(home, sources)

    def responder(request: dict):
        turn = analyst_responder(request)
        turn.delay = latency
        return turn

    with ChatServer("openai", responder) as server:
        single = analyse(homes["single"], server, batch=1, concurrency=default.concurrency)
        batched = analyse(homes["batched"], server, default.batch, default.concurrency)
        forget_map(homes["batched"])
        repeated = analyse(homes["batched"], server, default.batch, default.concurrency)
        sequential = analyse(homes["sequential"], server, default.batch, concurrency=1)
    guess = batched["estimate"]
    print(f"== {name}: {batched['claims']} claims, responder latency {latency * 1000:.0f} ms")
    print(
        f"calls per 1,000 claims: {per_1000(single['calls'], single['claims'])} with one pair "
        f"per request, {per_1000(batched['calls'], batched['claims'])} with {default.batch} "
        f"pairs per request (x{single['calls'] / max(batched['calls'], 1):.1f} fewer)"
    )
    print(
        f"repeated run of the unchanged library: {repeated['calls']} calls "
        f"({repeated['cached']} answered from the cache; goal 0)"
    )
    print(
        f"wall time: {sequential['seconds']:.1f} s with 1 request in flight, "
        f"{batched['seconds']:.1f} s with {default.concurrency} "
        f"(x{sequential['seconds'] / max(batched['seconds'], 1e-9):.2f} faster)"
    )
    for label, guessed, actual in (
        ("calls", guess.calls, batched["calls"]),
        ("extraction calls", guess.extraction_calls, None),
        ("input tokens", guess.input_tokens, batched["input_tokens"]),
        ("output tokens", guess.output_tokens, batched["output_tokens"]),
    ):
        if actual is None:
            continue
        error = 100 * (guessed - actual) / max(actual, 1)
        print(f"estimate vs actual {label}: {guessed} vs {actual} ({error:+.1f}%)")


def real_sample(out: Path, rows: int) -> list[str]:
    from benchmarks.real_corpus import build_corpus

    build_corpus(out, newsletter_rows=rows, zotero_rows=rows)
    return [str(out / "notes")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--real", action="store_true", help="also a real-text sample (../shared)")
    parser.add_argument("--rows", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        measure("demo corpus", demo_sources(), work, args.latency)
        if args.real:
            measure("real-text sample", real_sample(work / "real", args.rows), work, args.latency)


if __name__ == "__main__":
    main()
