"""Ingest speed as ratios measured in one run, so the machine's speed cancels out.

1. ingest overhead: wall time of `ingest_sources` on a folder of documents, over a bare
   `encode` of exactly the chunks it stored (same model and backend, already loaded).
   Target: < 1.25. Beside it, the same ingest over a bare torch-fp32 encode of those chunks
   (sentence-transformers as published, the issue-13 yardstick): below 1 means importing
   with the default backend is faster than merely embedding with torch fp32.
2. re-sync cost: a second sync of unchanged feeds, over the first sync that ingested them;
   once with the server answering 304 (ETag) and once re-sending the full feed (parse and hash
   only, nothing re-embedded). Target: < 2%.

Usage: python benchmarks/bench_ingest.py [--docs N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.config import Settings  # noqa: E402
from ingest.embed import get_embedder  # noqa: E402
from ingest.library import Library  # noqa: E402
from ingest.pipeline import ingest_sources  # noqa: E402
from ingest.staging import Ingestor  # noqa: E402
from ingest.subscriptions import add_feed, sync_feeds  # noqa: E402
from tests.loopback import LoopbackServer, Reply  # noqa: E402

PARAGRAPHS = [
    "Behavioural training shapes what a model does on the distribution it was trained on. "
    "Whether that shaping generalises far out of distribution is the question that divides the field.",
    "Optimists point to the smoothness of learned representations and to the way fine-tuning "
    "transfers across tasks. Pessimists answer that a capable model may learn to look aligned "
    "only where it is watched, because that is what the training signal rewards.",
    "Interpretability could, in principle, tell the two apart. In practice our tools explain "
    "small circuits in small models, and it is unclear that they will scale in time.",
    "Control protocols assume the model may be misaligned and try to make misbehaviour "
    "unprofitable or detectable. Critics reply that control buys time but does not buy alignment.",
]


def write_corpus(folder: Path, docs: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(docs):
        body = "\n\n".join(f"{p} (Note {i}.{j}.)" for j, p in enumerate(PARAGRAPHS * 3))
        (folder / f"post-{i:04d}.txt").write_text(f"Post number {i}\n\n{body}\n", encoding="utf-8")


def feed_xml(items: int) -> bytes:
    entries = "".join(
        f"<item><title>Item {i}</title><link>https://example.org/p/{i}</link><guid>g{i}</guid>"
        f"<pubDate>Mon, 03 Mar 2025 10:00:00 GMT</pubDate>"
        f"<description><![CDATA[<p>{PARAGRAPHS[i % 4]} (Item {i}.)</p><p>{PARAGRAPHS[(i + 1) % 4]}</p>]]></description></item>"
        for i in range(items)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>{entries}</channel></rss>'.encode()


def bench_overhead(docs: int, work: Path, rounds: int = 2) -> dict:
    """Alternate full ingests (fresh workspaces) with bare encodes; keep the best of each."""
    corpus = work / "corpus"
    write_corpus(corpus, docs)
    ingest_times, encode_times, torch_times = [], [], []
    reference = get_embedder(backend="torch-fp32")
    reference.encode(["warm up the reference model"])
    for round_ in range(rounds):
        library = Library(Settings(home=work / f"overhead-{round_}"))
        library.embedder.encode(["warm up the model"])
        started = time.perf_counter()
        report = ingest_sources(library, [str(corpus)])
        ingest_times.append(time.perf_counter() - started)
        texts = [c.text for c in library.all_chunks()]
        started = time.perf_counter()
        library.embedder.encode(texts)
        encode_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        reference.encode(texts)
        torch_times.append(time.perf_counter() - started)
        backend = library.embedder.backend
        library.close()
    ingest_seconds, encode_seconds = min(ingest_times), min(encode_times)
    torch_seconds = min(torch_times)
    return {
        "documents": report.added,
        "chunks": len(texts),
        "backend": backend,
        "ingest_s": round(ingest_seconds, 2),
        "bare_encode_s": round(encode_seconds, 2),
        "ratio": round(ingest_seconds / encode_seconds, 3),
        "bare_torch_fp32_encode_s": round(torch_seconds, 2),
        "ingest_over_torch_fp32": round(ingest_seconds / torch_seconds, 3),
    }


def bench_resync(items: int, work: Path) -> dict:
    results = {}
    with LoopbackServer() as server:
        body = feed_xml(items)
        for mode, reply in (
            ("etag_304", Reply(body=body, etag='"v1"')),
            ("full_refetch", Reply(body=body)),
        ):
            library = Library(Settings(home=work / f"resync-{mode}", allow_private=True))
            library.embedder.encode(["warm up"])
            url = server.route(f"/{mode}.xml", reply)
            add_feed(library, url)
            timings = []
            for _ in range(2):
                ingestor = Ingestor(library)
                started = time.perf_counter()
                sync_feeds(library, ingestor)
                ingestor.flush()
                timings.append(time.perf_counter() - started)
            results[mode] = {
                "first_s": round(timings[0], 3),
                "second_s": round(timings[1], 4),
                "ratio_percent": round(100 * timings[1] / timings[0], 3),
            }
            library.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--items", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        overhead = bench_overhead(args.docs, work)
        print(
            f"ingest overhead: {overhead}  -> overhead {100 * (overhead['ratio'] - 1):.1f}% (target < 25%)"
        )
        print(
            f"ingest ({overhead['backend']}) over a bare torch-fp32 encode of the same chunks: "
            f"{overhead['ingest_over_torch_fp32']:.2f}x (goal < 1)"
        )
        resync = bench_resync(args.items, work)
        for mode, numbers in resync.items():
            print(f"re-sync unchanged ({mode}): {numbers} (target < 2%)")


if __name__ == "__main__":
    main()
