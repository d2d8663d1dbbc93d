"""An Alignment Research Dataset import at field scale: time and memory as ratios in one run.

The file is JSON lines of the dataset's shape (`id`, `source`, `title`, `text`, `url`,
`date_published`, `authors`, `summary`), built from real text (../shared/samples/real/, as in
bench_scale: two to five real paragraphs per entry) so the chunker and the embedder see real
prose. A fifth of the posts are cross-posted: the same text again as an `alignmentforum`
entry at the post's Alignment Forum URL (same post id) and an author handle, which the import
must merge into the LessWrong entry (one work, one document). Nothing is copied into the
project: the file is written under a temporary directory.

Printed, in one run: `cruxmap ingest file.jsonl` wall time against a bare encode of the same
chunks with the same backend (the embedding the import cannot avoid), the documents stored
against the distinct posts, and the import's peak RSS beside the bare encode's (each in its own
process, so each peak is its own).

Usage: python benchmarks/bench_ard.py [--posts 4200] [--cross 0.2]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.real_corpus import NEWSLETTER_CSV, ZOTERO_CSV, shared_dir  # noqa: E402

CONSOLE = str(Path(sys.executable).parent / "cruxmap")


def real_paragraphs() -> list[dict]:
    """Every paragraph of real prose (25 words or more) in the two spreadsheets, with the
    title and author of its row: whole paragraphs, so the chunker sees post-like text."""
    csv.field_size_limit(1 << 30)
    samples = shared_dir() / "samples"
    rows: list[dict] = []
    with (samples / NEWSLETTER_CSV).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for field in ("Summary", "My opinion"):
                rows.append(
                    {"title": row["Title"], "author": row["Summarizer"], "text": row[field]}
                )
    with (samples / ZOTERO_CSV).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            author = (row.get("Author") or "").split(";")[0].strip()
            rows.append({"title": row["Title"], "author": author, "text": row["Abstract Note"]})
    return [
        {**row, "text": paragraph.strip()}
        for row in rows
        for paragraph in (row["text"] or "").split("\n\n")
        if len(paragraph.split()) >= 25
    ]


def post_id(i: int) -> str:
    """A ForumMagnum-shaped 17-character id, stable per post."""
    alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    rng = random.Random(i)
    return "".join(rng.choice(alphabet) for _ in range(17))


def write_ard(path: Path, posts: int, cross: float, seed: int = 17) -> int:
    """Write the JSONL file; returns how many entries it holds."""
    paragraphs = real_paragraphs()
    rng = random.Random(seed)
    entries = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(posts):
            parts = rng.sample(paragraphs, rng.randint(2, 5))
            head = parts[0]
            title = f"{' '.join(head['title'].split())} ({i})"
            author = head["author"] or "Unknown Author"
            slug = "-".join(title.lower().split())[:60]
            pid = post_id(i)
            entry = {
                "id": f"lw-{i}",
                "source": "lesswrong",
                "title": title,
                "text": "\n\n".join(p["text"] for p in parts),
                "url": f"https://www.lesswrong.com/posts/{pid}/{slug}",
                "date_published": f"{2016 + i % 9}-{1 + i % 12:02d}-{1 + i % 28:02d}T12:00:00Z",
                "authors": [author],
                "summary": [],
            }
            out.write(json.dumps(entry) + "\n")
            entries += 1
            if rng.random() < cross:
                handle = "".join(author.lower().split())
                twin = {
                    **entry,
                    "id": f"af-{i}",
                    "source": "alignmentforum",
                    "url": f"https://www.alignmentforum.org/posts/{pid}/{slug}",
                    "authors": [handle],
                }
                out.write(json.dumps(twin) + "\n")
                entries += 1
    return entries


def child_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def bare_encode(home: Path) -> dict:
    """Encode every stored chunk again, in this process (run as a child): the floor."""
    from ingest.config import Settings
    from ingest.library import Library

    library = Library(Settings(home=home))
    texts = [c.text for c in library.all_chunks()]
    embedder = library.embedder
    embedder.encode(["load the model before the clock starts"])
    started = time.perf_counter()
    embedder.encode(texts)
    seconds = time.perf_counter() - started
    documents = len(library.documents())
    backend = embedder.backend
    library.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "chunks": len(texts),
        "documents": documents,
        "backend": backend,
        "encode_s": seconds,
        "peak_mb": peak,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=4200)
    parser.add_argument("--cross", type=float, default=0.2)
    parser.add_argument("--encode-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.encode_child:
        print(json.dumps(bare_encode(args.encode_child)))
        return
    with tempfile.TemporaryDirectory(prefix="cruxmap-ard-") as tmp:
        work = Path(tmp)
        data = work / "ard.jsonl"
        entries = write_ard(data, args.posts, args.cross)
        home = work / "home"
        env = {**os.environ, "CRUXMAP_HOME": str(home)}
        started = time.perf_counter()
        done = subprocess.run(
            [CONSOLE, "ingest", str(data), "--offline", "--json"],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        ingest_s = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"ingest failed ({done.returncode}): {done.stderr[-2000:]}")
        ingest_peak = child_peak_mb()
        encoded = subprocess.run(
            [sys.executable, __file__, "--encode-child", str(home)],
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        bare = json.loads(encoded.stdout.strip().splitlines()[-1])
    print(f"entries {entries} ({entries - args.posts} cross-posts) of {args.posts} posts")
    print(f"documents stored {bare['documents']} (goal: {args.posts}), chunks {bare['chunks']}")
    print(
        f"ingest {ingest_s:.1f} s; bare encode of the same chunks ({bare['backend']}) "
        f"{bare['encode_s']:.1f} s; ingest / bare encode {ingest_s / bare['encode_s']:.2f}x"
    )
    print(
        f"peak RSS: ingest {ingest_peak:.0f} MB, bare encode {bare['peak_mb']:.0f} MB "
        f"({ingest_peak / bare['peak_mb']:.2f}x)"
    )


if __name__ == "__main__":
    main()
