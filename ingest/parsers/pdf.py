"""PDFs (papers, reports) via pypdf: text per page, page offsets, and a title a reader expects.

Papers rarely carry useful metadata (arXiv's LaTeX PDFs have an empty /Title), so the title
usually comes from the first page: the run of text in the largest font, skipping the arXiv
stamp that runs down the margin, with a line-based fallback when fonts say nothing.
"""

from __future__ import annotations

import io
import logging
import math
import re
import unicodedata
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from ingest.models import IngestError, ParsedDocument
from ingest.parsers.arxiv import stamp_arxiv_id
from ingest.parsers.plaintext import source_url
from ingest.people import split_authors
from ingest.text import normalise_text

# pypdf logs a warning for every odd font or object in LaTeX output; users only need errors.
logging.getLogger("pypdf").setLevel(logging.ERROR)

JUNK_TITLE_RE = re.compile(
    r"^(untitled|title|document\d*|none|null|unknown|microsoft word\b.*"
    r"|.*\.(pdf|docx?|tex|dvi|ps))$",
    re.IGNORECASE,
)
HEADER_LINE_RE = re.compile(
    r"^(published as|accepted (at|to|as)|under review|preprint|proceedings of|to appear|"
    r"workshop|draft|technical report|arxiv preprint|copyright|©)",
    re.IGNORECASE,
)
TITLE_CONNECTORS = ("of", "and", "for", "the", "in", "a", "an", "to", "with", "on", "from", "via")


@dataclass
class _Run:
    """Consecutive text drawn in one font size on the first page."""

    size: float
    text: str


def parse_pdf(
    data: bytes, source: str, max_pages: int = 500, max_bytes: int = 50_000_000
) -> ParsedDocument:
    """One document per PDF, with `page_starts` so a quote can be traced to its page."""
    if len(data) > max_bytes:
        raise IngestError(f"PDF too large: {len(data)} bytes (limit {max_bytes})")
    if b"%PDF-" not in data[:1024]:
        raise IngestError("not a PDF file")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = _open(data, max_pages)
        pages, runs = _extract_pages(reader)
        info = _metadata(reader)
    text, page_starts = _join_pages(pages)
    if not text.strip():
        raise IngestError("no extractable text in PDF (scanned pages need OCR first)")
    stamp = stamp_arxiv_id(pages[0]) if pages else None
    meta = {"pages": str(len(pages))}
    identity = f"file:{source}"
    if stamp:
        meta["arxiv_id"], meta["version"] = stamp
        identity = f"arxiv:{stamp[0]}"
    title = _good_metadata_title(info.get("title", "")) or first_page_title(runs, pages[0])
    return ParsedDocument(
        kind="pdf",
        identity=identity,
        title=title or _fallback_title(source),
        text=text,
        url=source_url(source, meta),
        authors=split_authors(info.get("author", "")) or byline_authors(pages[0], title),
        published=info.get("created"),
        source=source,
        meta=meta,
        page_starts=page_starts,
    )


AFFILIATION = re.compile(
    r"universit|institut|college|school|department|dept\b|laborator|\blab\b|research|centre|center|"
    r"google|deepmind|openai|anthropic|microsoft|meta\b|brain\b|inc\b|ltd\b|corp|berkeley|"
    r"stanford|oxford|cambridge|\bmit\b|@|\(|\)|\d{3,}|abstract|arxiv|conference|proceedings|preprint",
    re.IGNORECASE,
)
NAME = re.compile(r"^[A-Z][\w'´`¨.-]*(?:\s+[A-Z][\w'´`¨.-]*){1,3}$")


def _accent(match: re.Match) -> str:
    """LaTeX accents come out of pypdf as a spacing mark before the letter: "Man´e"."""
    mark = {"´": "\u0301", "`": "\u0300", "¨": "\u0308"}[match.group(0)[0]]
    return match.group(1) + mark


def byline_authors(first_page: str, title: str) -> list[str]:
    """Names printed between the title and the abstract, as papers set them.

    Used only when the metadata names nobody; affiliations, e-mails and footnote marks are
    skipped, and nothing is returned unless an "Abstract" heading bounds the block.
    """
    lines = [line.strip() for line in first_page.splitlines()[:60]]
    end = next((i for i, line in enumerate(lines) if line.lower().startswith("abstract")), None)
    start = next(
        (i + 1 for i, line in enumerate(lines) if title and title.startswith(line) and line), 0
    )
    if end is None or end <= start:
        return []
    names: list[str] = []
    for line in lines[start:end]:
        for part in re.split(r",|;|\band\b|\s{2,}", line):
            part = re.sub(r"[∗*†‡§¶\d]+$", "", part.strip()).strip()
            part = unicodedata.normalize("NFC", re.sub(r"[´`¨](\w)", _accent, part))
            if part and not AFFILIATION.search(part) and NAME.match(part) and part not in names:
                names.append(part)
    return names[:20]


def _open(data: bytes, max_pages: int) -> PdfReader:
    """Open and, if needed, decrypt with the empty password; every failure is one line."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError("encrypted PDF: it needs a password to open")
        count = len(reader.pages)
    except IngestError:
        raise
    except (FileNotDecryptedError, DependencyError) as exc:
        raise IngestError(f"encrypted PDF: {_one_line(exc)}") from exc
    except Exception as exc:  # pypdf raises many types on corrupt files; all mean "corrupt".
        raise IngestError(f"corrupt PDF: {_one_line(exc)}") from exc
    if count > max_pages:
        raise IngestError(f"PDF has {count} pages (limit {max_pages})")
    if count == 0:
        raise IngestError("corrupt PDF: it has no pages")
    return reader


def _extract_pages(reader: PdfReader) -> tuple[list[str], list[_Run]]:
    """Normalised text of every page, and the font-size runs of the first page.

    A page that fails to extract becomes empty rather than sinking the whole document.
    """
    pages: list[str] = []
    runs: list[_Run] = []
    failures = 0
    for number, page in enumerate(reader.pages):
        try:
            if number == 0:
                raw = page.extract_text(visitor_text=_run_collector(runs))
            else:
                raw = page.extract_text()
        except Exception:  # one corrupt page content stream: keep the other pages.
            raw, failures = "", failures + 1
        pages.append(normalise_text(raw or ""))
    if failures == len(pages):
        raise IngestError("corrupt PDF: no page could be read")
    return pages, runs


def _run_collector(runs: list[_Run]):
    """A pypdf visitor that groups first-page text into runs of equal font size."""

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        scale = math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1])
        effective = round((size or 0) * (scale or 1), 1)
        piece = text.replace("\n", " ")
        if not piece:
            return
        if runs and abs(runs[-1].size - effective) < 0.6:
            runs[-1].text += piece
        elif piece.strip():
            runs.append(_Run(effective, piece))

    return visit


def _join_pages(pages: list[str]) -> tuple[str, list[int]]:
    """Pages joined by a blank line; `page_starts[i]` is where page i+1 begins in the text."""
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    for page in pages:
        if page and parts:
            parts.append("\n\n")
            length += 2
        starts.append(length)
        if page:
            parts.append(page)
            length += len(page)
    return "".join(parts), starts


def first_page_title(runs: list[_Run], first_page: str) -> str:
    """The title printed on the first page: the largest-font run, else the first real line."""
    return _title_from_fonts(runs) or _title_from_lines(first_page)


def _title_from_fonts(runs: list[_Run]) -> str:
    candidates = [
        _Run(run.size, " ".join(run.text.split()))
        for run in runs
        if not stamp_arxiv_id(run.text) and len(re.findall(r"[A-Za-z]", run.text)) >= 4
    ]
    if not candidates:
        return ""
    biggest = max(candidates, key=lambda run: run.size)
    body_size = _most_common_size([run for run in runs if run.size < biggest.size])
    if biggest.size < body_size * 1.15 or len(biggest.text) > 300:
        return ""
    return biggest.text


def _most_common_size(runs: list[_Run]) -> float:
    """The body text size: the size carrying the most characters (inf when there is none)."""
    weight: dict[float, int] = {}
    for run in runs:
        weight[run.size] = weight.get(run.size, 0) + len(run.text)
    return max(weight, key=lambda size: weight[size]) if weight else math.inf


def _title_from_lines(first_page: str) -> str:
    lines = [" ".join(line.split()) for line in first_page.splitlines()]
    lines = [line for line in lines if line]
    for index, line in enumerate(lines):
        if not _is_title_line(line):
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if following and _continues_title(line, following):
            return f"{line} {following}"
        return line
    return ""


def _is_title_line(line: str) -> bool:
    letters = re.findall(r"[A-Za-z]", line)
    if len(line) < 4 or len(letters) < 4 or stamp_arxiv_id(line):
        return False
    if re.fullmatch(r"(page\s*)?\d+(\s*(of|/)\s*\d+)?", line, re.IGNORECASE):
        return False
    if line.isupper() and len(line.split()) <= 4:
        return False
    return not HEADER_LINE_RE.match(line) and "@" not in line


def _continues_title(line: str, following: str) -> bool:
    """A title wrapped onto a second line: the first breaks mid-phrase or the next is lowercase."""
    if len(following) > 120 or following.endswith(".") or "@" in following:
        return False
    last_word = line.rsplit(" ", 1)[-1].lower()
    return line.endswith((":", "-", ",")) or last_word in TITLE_CONNECTORS or following[0].islower()


def _good_metadata_title(title: str) -> str:
    """The /Title entry unless it is empty or the junk word processors leave there."""
    title = " ".join((title or "").split())
    if len(title) < 4 or JUNK_TITLE_RE.match(title):
        return ""
    return title


def _metadata(reader: PdfReader) -> dict:
    """Title, author and creation date from the document info, tolerating broken entries."""
    found: dict = {}
    try:
        info = reader.metadata
    except Exception:  # a broken info dictionary is not worth losing the text over.
        return found
    if info is None:
        return found
    for key, attribute in (("title", "title"), ("author", "author")):
        try:
            found[key] = str(getattr(info, attribute) or "")
        except Exception:
            found[key] = ""
    try:
        created = info.creation_date
    except Exception:
        created = None
    if isinstance(created, datetime):
        found["created"] = (
            created.replace(tzinfo=UTC) if created.tzinfo is None else created.astimezone(UTC)
        )
    return found


def _fallback_title(source: str) -> str:
    name = re.split(r"[/\\]", source.rstrip("/\\"))[-1]
    return re.sub(r"\.pdf$", "", name, flags=re.IGNORECASE) or source


def _one_line(exc: Exception) -> str:
    message = str(exc).strip().splitlines()
    return message[0] if message else type(exc).__name__
