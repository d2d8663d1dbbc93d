"""Analysis time per 1,000 claims at two corpus sizes 10x apart, to show the growth.

Near-linear growth means per-1,000-claim time stays roughly flat as the corpus grows: each
claim looks up a fixed number of nearest neighbours, never all pairs. The texts are generated
from argumentative templates so that sizes can be chosen freely; they are argument-shaped, not
meaningful.

Usage: python benchmarks/bench_analyze.py [--small 15] [--factor 10]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.analysis.run import run_analysis  # noqa: E402
from assistant.workspace import Workspace  # noqa: E402
from ingest.config import Settings  # noqa: E402
from ingest.library import Library  # noqa: E402
from ingest.pipeline import ingest_sources  # noqa: E402

SUBJECTS = [
    "behavioural training",
    "interpretability",
    "AI control",
    "scalable oversight",
    "RLHF",
    "debate",
    "constitutional training",
    "evaluations",
    "red-teaming",
    "model organisms",
    "anomaly detection",
    "process supervision",
    "situational awareness",
    "reward modelling",
]
PREDICATES = [
    "will generalise far out of distribution",
    "cannot verify alignment on its own",
    "scales with model capability",
    "fails against a deceptive model",
    "buys time for alignment research",
    "is necessary but not sufficient",
    "should be a research priority",
    "reduces the risk of scheming",
    "makes slop more likely",
    "is likely to break at human level",
]
TEMPLATES = [
    "I think {s} {p}.",
    "However, {s} {p}.",
    "Because {s2} {p2}, {s} {p}.",
    "Therefore {s} {p}.",
    "It is likely that {s} {p}.",
    "Obviously, {s} {p}.",
    "Some argue that {s} {p}, but {s2} {p2}.",
    "In this post I look at {s}.",
    "Does {s} really matter here?",
    "Our experiments show that {s} {p} in 7 of 9 settings.",
]


def write_corpus(folder: Path, docs: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(docs):
        lines = []
        for _ in range(3):
            paragraph = " ".join(
                rng.choice(TEMPLATES).format(
                    s=rng.choice(SUBJECTS),
                    p=rng.choice(PREDICATES),
                    s2=rng.choice(SUBJECTS),
                    p2=rng.choice(PREDICATES),
                )
                for _ in range(6)
            )
            lines.append(paragraph)
        author = f"Author {i % 12}"
        body = "\n\n".join(lines)
        (folder / f"post-{i:04d}.md").write_text(
            f"---\ntitle: Post {i}\nauthor: {author}\ndate: 2025-01-{1 + i % 28:02d}\n---\n\n{body}\n",
            encoding="utf-8",
        )


def measure(docs: int, work: Path) -> dict:
    with Workspace(Library(Settings(home=work / f"ws-{docs}"))) as workspace:
        workspace.library.embedder.encode(["warm up"])
        write_corpus(work / f"corpus-{docs}", docs)
        ingest_sources(workspace.library, [str(work / f"corpus-{docs}")])
        started = time.perf_counter()
        result = run_analysis(workspace)
        seconds = time.perf_counter() - started
    claims = result["claims"]
    return {
        "documents": docs,
        "claims": claims,
        "relations": result["relations"],
        "seconds": round(seconds, 2),
        "seconds_per_1000_claims": round(1000 * seconds / max(claims, 1), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", type=int, default=15)
    parser.add_argument("--factor", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small = measure(args.small, Path(tmp))
        large = measure(args.small * args.factor, Path(tmp))
    growth = large["seconds_per_1000_claims"] / max(small["seconds_per_1000_claims"], 1e-9)
    print(f"small: {small}")
    print(f"large: {large}")
    print(
        f"per-1000-claim time grows x{growth:.2f} for x{large['claims'] / max(small['claims'], 1):.1f} claims "
        "(1.0 = linear; quadratic would be about the claim ratio)"
    )


if __name__ == "__main__":
    main()
