"""Build a real-text corpus from ../shared and analyse it with a checkout's own CLI.

The demo corpus was written by the team, so it cannot tell whether the map is right on the
literature it is for. This builds one from real alignment text: the two sample papers (PDF),
the Alignment Forum feed sample, the arXiv API response, the seed essays, and two real
spreadsheets turned into markdown notes, the way a researcher's notes folder looks:

- Alignment Newsletter (first `NEWSLETTER_ROWS` rows): one note per paper summary (title = the
  paper's title, author = its authors, date = its year) and one per "My opinion" (title
  "<Summarizer>'s opinion on <title>", author = the summarizer). In the newsletter an opinion
  sits right under its summary, so the opinion note says `in_reply_to: <summary url>`; a
  summary without a "Read more" URL gets the stable `urn:an:<row-index>`.
- Zotero bibliography: the first `ZOTERO_ROWS` rows that have an abstract, one note each.

Nothing from ../shared is copied into the project: the corpus is written to a directory the
caller names (under /tmp by default) and the workspace is built there too.

    .venv/bin/python -m benchmarks.real_corpus [--out DIR] [--home DIR] [--checkout PATH]

`--checkout` runs the CLI of another checkout (e.g. a git worktree of an earlier main) with
this venv, so two versions can be measured on the same corpus. `--heldout` builds only the
newsletter rows the corpus leaves out (180 rows: summaries and opinions no rule was written
from), for a blind relation round (`bench_real round`) on text nothing was tuned on.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NEWSLETTER_ROWS = 120
ZOTERO_ROWS = 150
SAMPLE_FILES = (
    "alignment-problem-from-deep-learning-perspective.pdf",
    "concrete-problems-in-ai-safety.pdf",
    "alignment-forum-sample.xml",
    "arxiv-api-response.xml",
)
NEWSLETTER_CSV = "real/alignment-newsletter-sample.csv"
ZOTERO_CSV = "real/zotero-alignment-bibliography-sample.csv"
URL_RE = re.compile(r"https?://[^\s)\]]+")
DEFAULT_OUT = Path("/tmp/realbench")


def shared_dir() -> Path:
    """../shared beside the checkout, or $CRUXMAP_SHARED; exits plainly when it is absent."""
    path = Path(os.environ.get("CRUXMAP_SHARED") or ROOT.parent / "shared")
    if not (path / "samples").is_dir():
        sys.exit(f"real corpus: no shared samples at {path} (set CRUXMAP_SHARED)")
    return path


def note(meta: dict, body: str) -> str:
    """A markdown note with YAML front matter (the fields ingest/parsers/notes.py reads)."""
    front = yaml.safe_dump(
        {k: v for k, v in meta.items() if v}, allow_unicode=True, sort_keys=False
    )
    return f"---\n{front}---\n\n{body.strip()}\n"


def year_date(year: str) -> str:
    """The spreadsheets give '2019.0' or '2019'; a note wants an ISO date."""
    match = re.search(r"\d{4}", year or "")
    return f"{match.group(0)}-01-01" if match else ""


def newsletter_authors(raw: str) -> list[str]:
    """'A*, B*, C' -> ['A', 'B', 'C'] (the asterisks mark equal contribution)."""
    return [name.strip().rstrip("*").strip() for name in raw.split(",") if name.strip()]


def zotero_authors(raw: str) -> list[str]:
    """Zotero's 'Last, First; Last, First' -> ['First Last', ...]."""
    names = []
    for part in raw.split(";"):
        last, _, first = part.strip().partition(",")
        names.append(f"{first.strip()} {last.strip()}".strip())
    return [n for n in names if n]


def unique_url(url: str, fallback: str, used: set[str]) -> str:
    """The same paper can appear in both spreadsheets; one URL must name one note."""
    if not url or url in used:
        return fallback
    used.add(url)
    return url


def newsletter_notes(path: Path, out: Path, used: set[str], rows: int, start: int = 0) -> int:
    written = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for index, row in enumerate(csv.DictReader(handle)):
            if index >= rows:
                break
            if index < start:
                continue
            title = " ".join(row["Title"].split())
            link = URL_RE.search(row.get("Read more") or "")
            url = unique_url(link.group(0) if link else "", f"urn:an:{index}", used)
            date = year_date(row.get("Year", ""))
            if row["Summary"].strip():
                meta = {
                    "title": title,
                    "author": newsletter_authors(row["Authors"]),
                    "date": date,
                    "url": url,
                }
                (out / f"an-{index:03d}-summary.md").write_text(
                    note(meta, row["Summary"]), encoding="utf-8"
                )
                written += 1
            opinion = row.get("My opinion", "").strip()
            if opinion:
                who = row["Summarizer"].strip() or "The summarizer"
                meta = {
                    "title": f"{who}'s opinion on {title}",
                    "author": who,
                    "date": date,
                    "url": f"urn:an:{index}:opinion",
                    "in_reply_to": url,
                }
                (out / f"an-{index:03d}-opinion.md").write_text(
                    note(meta, opinion), encoding="utf-8"
                )
                written += 1
    return written


def zotero_notes(path: Path, out: Path, used: set[str], rows: int) -> int:
    written = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if written >= rows:
                break
            abstract = row.get("Abstract Note", "").strip()
            if not abstract:
                continue
            key = row["Key"].strip()
            meta = {
                "title": " ".join(row["Title"].split()),
                "author": zotero_authors(row.get("Author", "")),
                "date": row.get("Date", "").strip()[:10]
                or year_date(row.get("Publication Year", "")),
                "url": unique_url(row.get("Url", "").strip(), f"urn:zotero:{key}", used),
            }
            (out / f"zotero-{key}.md").write_text(note(meta, abstract), encoding="utf-8")
            written += 1
    return written


def build_corpus(
    out: Path, newsletter_rows: int = NEWSLETTER_ROWS, zotero_rows: int = ZOTERO_ROWS
) -> dict:
    """Write the corpus into `out` (emptied first); returns how many inputs of each kind."""
    shared = shared_dir()
    if out.exists():
        shutil.rmtree(out)
    notes = out / "notes"
    notes.mkdir(parents=True)
    for name in SAMPLE_FILES:
        shutil.copy(shared / "samples" / name, out / name)
    seeds = sorted((shared / "seeds").glob("*.txt"))
    for seed in seeds:
        shutil.copy(seed, out / seed.name)
    used: set[str] = set()
    counts = {
        "samples": len(SAMPLE_FILES),
        "seeds": len(seeds),
        "newsletter_notes": newsletter_notes(
            shared / "samples" / NEWSLETTER_CSV, notes, used, newsletter_rows
        ),
        "zotero_notes": zotero_notes(shared / "samples" / ZOTERO_CSV, notes, used, zotero_rows),
    }
    return counts


def build_heldout_corpus(out: Path, first: int = NEWSLETTER_ROWS) -> dict:
    """The newsletter rows the main corpus leaves out (from `first` on), alone: summaries and
    their summarizers' opinions no rule was tuned on, for a blind round on relations."""
    if out.exists():
        shutil.rmtree(out)
    notes = out / "notes"
    notes.mkdir(parents=True)
    path = shared_dir() / "samples" / NEWSLETTER_CSV
    return {"newsletter_notes": newsletter_notes(path, notes, set(), 1 << 30, start=first)}


def corpus_inputs(out: Path) -> list[str]:
    """What to hand `cruxmap ingest`: every sample file, every seed, and the notes folder."""
    files = sorted(str(p) for p in out.iterdir() if p.is_file())
    return files + [str(out / "notes")]


def cli_command(checkout: Path | None) -> list[str]:
    """This venv's cruxmap, or another checkout's CLI run by this venv's interpreter."""
    python = ROOT / ".venv" / "bin" / "python"
    if checkout is None:
        return [str(ROOT / ".venv" / "bin" / "cruxmap")]
    code = "import sys; sys.argv[0] = 'cruxmap'; from assistant.cli import run; run()"
    return [str(python), "-c", code]


def run_cli(checkout: Path | None, home: Path, args: list[str]) -> subprocess.CompletedProcess:
    """Run one CLI command; another checkout's packages come first on the path."""
    env = dict(os.environ)
    cwd = ROOT
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout)
        cwd = checkout  # `python -c` puts the cwd first on sys.path
    command = cli_command(checkout) + ["--home", str(home)] + args
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def build_workspace(corpus: Path, home: Path, checkout: Path | None = None) -> dict:
    """Ingest the corpus and analyse it; returns the two JSON reports and timings."""
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)
    started = time.monotonic()
    ingested = run_cli(checkout, home, ["ingest", *corpus_inputs(corpus), "--json"])
    ingest_seconds = time.monotonic() - started
    started = time.monotonic()
    analysed = run_cli(checkout, home, ["analyze", "--json"])
    analyse_seconds = time.monotonic() - started
    for step in (ingested, analysed):
        if step.returncode not in (0, 1):
            sys.exit(f"real corpus: {' '.join(step.args[-3:])} failed:\n{step.stderr[-2000:]}")
    return {
        "ingest": _json_or_text(ingested.stdout),
        "analyze": _json_or_text(analysed.stdout),
        "ingest_seconds": round(ingest_seconds, 1),
        "analyze_seconds": round(analyse_seconds, 1),
    }


def _json_or_text(out: str):
    import json

    try:
        return json.loads(out)
    except ValueError:
        return out[-2000:]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT / "corpus")
    parser.add_argument("--home", type=Path, default=DEFAULT_OUT / "home-current")
    parser.add_argument("--checkout", type=Path, default=None, help="another checkout's CLI")
    parser.add_argument("--corpus-only", action="store_true")
    parser.add_argument(
        "--heldout", action="store_true", help="only the newsletter rows the corpus leaves out"
    )
    args = parser.parse_args(argv)
    counts = build_heldout_corpus(args.out) if args.heldout else build_corpus(args.out)
    print(f"corpus in {args.out}: {counts}")
    if args.corpus_only:
        return
    report = build_workspace(
        args.out, args.home, args.checkout.resolve() if args.checkout else None
    )
    ingest = report["ingest"]
    summary = (
        {k: v for k, v in ingest.items() if k != "failed"} if isinstance(ingest, dict) else ingest
    )
    print(f"ingest ({report['ingest_seconds']} s): {summary}")
    if isinstance(ingest, dict):
        for failure in ingest.get("failed", []):
            print(f"  failed: {failure}")
    print(f"analyze ({report['analyze_seconds']} s): {report['analyze']}")


if __name__ == "__main__":
    main()
