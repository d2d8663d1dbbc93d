"""Field scale: import and analyse N real-shaped documents and N/10 of them, side by side.

The documents are built from real text (../shared/samples/real/: the Alignment Newsletter
summaries and opinions and the Zotero abstracts), recombined so there are as many as asked:
each is two to five real paragraphs from different entries, under the title of the first
one, with an author and a date from the same rows. Nothing is copied into the project: the
corpus is written under a temporary directory.

Each size runs in its own process, so its peak RSS is its own. Printed, per size: ingest and
analysis time per document, analysis time per claim, claims, peak RSS; then large over small
(goal: per-claim time within 1.3x, peak RSS bounded by the batch, not by the corpus).

Usage: python benchmarks/bench_scale.py [--large 4000] [--small-only] [--no-analysis]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.real_corpus import NEWSLETTER_CSV, ZOTERO_CSV, note, shared_dir  # noqa: E402


def real_paragraphs() -> list[dict]:
    """Every paragraph of real prose in the two spreadsheets, with the row it came from."""
    csv.field_size_limit(1 << 30)
    shared = shared_dir() / "samples"
    rows: list[dict] = []
    with (shared / NEWSLETTER_CSV).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for field in ("Summary", "My opinion"):
                rows.append(
                    {"title": row["Title"], "author": row["Summarizer"], "text": row[field]}
                )
    with (shared / ZOTERO_CSV).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            author = (row.get("Author") or "").split(";")[0].strip()
            rows.append({"title": row["Title"], "author": author, "text": row["Abstract Note"]})
    out = []
    for row in rows:
        for paragraph in (row["text"] or "").split("\n\n"):
            if len(paragraph.split()) >= 25:
                out.append({**row, "text": paragraph.strip()})
    return out


def write_corpus(folder: Path, documents: int, seed: int = 13) -> None:
    paragraphs = real_paragraphs()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(documents):
        parts = rng.sample(paragraphs, rng.randint(2, 5))
        head = parts[0]
        meta = {
            "title": f"{' '.join(head['title'].split())} ({i})",
            "author": [head["author"] or "Unknown"],
            "date": f"{2016 + i % 9}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            "url": f"urn:scale:{i}",
        }
        body = "\n\n".join(p["text"] for p in parts)
        (folder / f"doc-{i:05d}.md").write_text(note(meta, body), encoding="utf-8")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(documents: int, work: Path, analyse: bool) -> dict:
    """One size, in this process: build, ingest, analyse; times and peak memory."""
    from assistant.analysis.run import run_analysis
    from assistant.workspace import Workspace
    from ingest.config import Settings
    from ingest.library import Library
    from ingest.pipeline import ingest_sources

    corpus = work / f"corpus-{documents}"
    write_corpus(corpus, documents)
    result: dict = {"documents": documents, "embed_backend": None}
    with Workspace(Library(Settings(home=work / f"ws-{documents}"))) as workspace:
        library = workspace.library
        library.embedder.encode(["load the model before the clock starts"])
        result["embed_backend"] = library.embedder.backend
        started = time.perf_counter()
        ingest_sources(library, [str(corpus)])
        ingest_s = time.perf_counter() - started
        result.update(
            chunks=library.counts()["chunks"],
            ingest_s=round(ingest_s, 1),
            ingest_ms_per_doc=round(1000 * ingest_s / documents, 1),
            rss_after_ingest_mb=round(peak_rss_mb()),
        )
        if analyse:
            started = time.perf_counter()
            run_analysis(workspace)
            analyse_s = time.perf_counter() - started
            claims = workspace.store.counts()["claims"]
            result.update(
                claims=claims,
                analyse_s=round(analyse_s, 1),
                analyse_ms_per_doc=round(1000 * analyse_s / documents, 1),
                analyse_ms_per_claim=round(1000 * analyse_s / max(claims, 1), 2),
            )
    result["peak_rss_mb"] = round(peak_rss_mb())
    return result


def child(documents: int, analyse: bool) -> dict:
    """`measure` in a fresh process, so each size's peak RSS is its own."""
    args = [sys.executable, __file__, "--child", str(documents)]
    if not analyse:
        args.append("--no-analysis")
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--large", type=int, default=4000)
    parser.add_argument("--small-only", action="store_true")
    parser.add_argument("--no-analysis", action="store_true")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    analyse = not args.no_analysis
    if args.child:
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(measure(args.child, Path(tmp), analyse)))
        return
    sizes = [max(1, args.large // 10)] + ([] if args.small_only else [args.large])
    results = []
    for size in sizes:
        results.append(child(size, analyse))
        print(json.dumps(results[-1]), flush=True)
    if len(results) == 2:
        small, large = results
        for key in (
            "ingest_ms_per_doc",
            "analyse_ms_per_doc",
            "analyse_ms_per_claim",
            "peak_rss_mb",
        ):
            if key in small and key in large:
                print(f"large/small {key}: {large[key] / max(small[key], 1e-9):.2f}x")


if __name__ == "__main__":
    main()
