"""Field scale: import and analyse N real-shaped documents and N/10 of them, side by side.

The documents are cut from real text: the Alignment Newsletter summaries and opinions and
the Zotero abstracts (../shared/samples/real/), the seed essays and the two sample papers.
Every source is split into sentences, and each document is a run of consecutive sentences of
one source, under that source's title, author and date. No sentence appears in two
documents, at either size: both sizes are drawn from the same runs (the small one a random
tenth), so each document has the same shape at both sizes and the per-claim ratio measures
the code, not the corpus.

Why not longer documents: the real text at hand is about 1.4 M characters, so 4,000
documents without repetition are about two or three sentences long (a comment's length).
The earlier build recombined whole paragraphs into longer documents; at 4,000 documents
each paragraph appeared about 9 times (0.9 at 400), every claim had near-copies in other
documents, and the large/small ratio measured that repetition. Nothing is copied into the
project: the corpus is written under a temporary directory.

Each size runs in its own process, so its peak RSS is its own. Printed, per size: ingest and
analysis time per document, analysis time per claim, claims, peak RSS, the checkpoint file's
size; then large over small (goal: per-claim time within 1.3x, peak RSS bounded by the
batch, not by the corpus).

Usage: python benchmarks/bench_scale.py [--large 4000] [--small-only] [--no-analysis]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.real_corpus import (  # noqa: E402
    NEWSLETTER_CSV,
    ZOTERO_CSV,
    newsletter_authors,
    note,
    shared_dir,
    year_date,
)


def real_sources() -> list[dict]:
    """Every real source at hand as {title, author, date, sentences}."""
    import pypdf

    from assistant.offline.segment import split_sentences

    csv.field_size_limit(1 << 30)
    shared = shared_dir()
    rows: list[dict] = []
    with (shared / "samples" / NEWSLETTER_CSV).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            date = year_date(row["Year"])
            authors = newsletter_authors(row["Authors"])
            rows.append(
                {
                    "title": row["Title"],
                    "author": authors[0] if authors else "",
                    "date": date,
                    "text": row["Summary"],
                }
            )
            rows.append(
                {
                    "title": f"{row['Summarizer']}'s opinion on {row['Title']}",
                    "author": row["Summarizer"],
                    "date": date,
                    "text": row["My opinion"],
                }
            )
    with (shared / "samples" / ZOTERO_CSV).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            author = (row.get("Author") or "").split(";")[0].strip()
            rows.append(
                {
                    "title": row["Title"],
                    "author": author,
                    "date": year_date(row["Publication Year"]),
                    "text": row["Abstract Note"],
                }
            )
    for seed in sorted((shared / "seeds").glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        rows.append({"title": text.split("\n", 1)[0][:80], "author": "", "date": "", "text": text})
    for pdf in sorted((shared / "samples").glob("*.pdf")):
        pages = [page.extract_text() or "" for page in pypdf.PdfReader(pdf).pages]
        text = re.sub(r"-\n(?=[a-z])", "", "\n".join(pages)).replace("\n", " ")
        rows.append({"title": pdf.stem.replace("-", " "), "author": "", "date": "", "text": text})
    out = []
    for row in rows:
        text = row.pop("text") or ""
        sentences = [" ".join(text[a:b].split()) for a, b in split_sentences(text)]
        sentences = [s for s in sentences if len(s.split()) >= 3]
        if sentences:
            out.append({**row, "sentences": sentences})
    return out


def runs(documents: int) -> list[dict]:
    """`documents` runs of consecutive sentences, no sentence in two of them; every source
    is cut into runs of the same length, the longest that still gives enough runs."""
    sources = real_sources()
    total = sum(len(s["sentences"]) for s in sources)
    length = max(1, total // documents)
    while length >= 1:
        cut = [
            {**source, "sentences": source["sentences"][i : i + length]}
            for source in sources
            for i in range(0, len(source["sentences"]), length)
        ]
        if len(cut) >= documents:
            return cut
        length -= 1
    sys.exit(f"bench_scale: the real text at hand has {total} sentences, fewer than {documents}")


def write_corpus(folder: Path, documents: int, of: int, seed: int = 13) -> None:
    """`documents` runs drawn from the runs that `of` documents would need (so a small size
    is a random part of the large one, with documents of the same shape)."""
    pool = runs(of)
    rng = random.Random(seed)
    chosen = rng.sample(range(len(pool)), documents)
    folder.mkdir(parents=True, exist_ok=True)
    for n, index in enumerate(sorted(chosen)):
        run = pool[index]
        meta = {
            "title": f"{' '.join(run['title'].split())} ({index})",
            "author": [run["author"] or "Unknown"],
            "date": run["date"] or f"{2016 + n % 9}-{1 + n % 12:02d}-{1 + n % 28:02d}",
            "url": f"urn:scale:{index}",
        }
        (folder / f"doc-{n:05d}.md").write_text(note(meta, " ".join(run["sentences"])), "utf-8")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(documents: int, of: int, work: Path, analyse: bool) -> dict:
    """One size, in this process: build, ingest, analyse; times and peak memory."""
    from assistant.analysis.run import run_analysis
    from assistant.workspace import Workspace
    from ingest.config import Settings
    from ingest.library import Library
    from ingest.pipeline import ingest_sources

    corpus = work / f"corpus-{documents}"
    write_corpus(corpus, documents, of)
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
                checkpoint_mb=round(workspace.settings.checkpoint_path.stat().st_size / 2**20, 1),
            )
    result["peak_rss_mb"] = round(peak_rss_mb())
    return result


def child(documents: int, of: int, analyse: bool) -> dict:
    """`measure` in a fresh process, so each size's peak RSS is its own."""
    args = [sys.executable, __file__, "--child", str(documents), "--large", str(of)]
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
            print(json.dumps(measure(args.child, args.large, Path(tmp), analyse)))
        return
    sizes = [max(1, args.large // 10)] + ([] if args.small_only else [args.large])
    results = []
    for size in sizes:
        results.append(child(size, args.large, analyse))
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
