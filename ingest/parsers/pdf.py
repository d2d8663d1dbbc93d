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
import warnings
from datetime import UTC, datetime

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from ingest.models import IngestError, ParsedDocument
from ingest.parsers.arxiv import stamp_arxiv_id
from ingest.parsers.frontpage import (
    Run,
    arxiv_id_date,
    byline_authors,
    find_title,
    first_page_doi,
    mentioned_arxiv_id,
    people_only,
    printed_date,
    venue_year,
)
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


def parse_pdf(
    data: bytes, source: str, max_pages: int = 500, max_bytes: int = 50_000_000
) -> ParsedDocument:
    """One document per PDF, with `page_starts` so a quote can be traced to its page.

    `published` is when the work appeared (the arXiv id's month, else a venue year, else a
    date printed under the byline), never
    the PDF's creation timestamp, which is kept apart as meta["pdf_created"]: a 2022 paper
    rebuilt in 2025 would otherwise sort and count as 2025 work.
    """
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
    first_page = pages[0] if pages else ""
    meta = {"pages": str(len(pages))}
    identity = f"file:{source}"
    stamp = stamp_arxiv_id(first_page)
    if stamp:
        meta["arxiv_id"], meta["version"] = stamp
        identity = f"arxiv:{stamp[0]}"
    else:
        mentioned = mentioned_arxiv_id(first_page)
        if mentioned:
            meta["arxiv_id_mentioned"] = mentioned[0]
    doi = first_page_doi(first_page)
    if doi:
        meta["doi"] = doi
    if info.get("created"):
        meta["pdf_created"] = info["created"].isoformat()
    front = find_title(runs, first_page)
    metadata_title = _good_metadata_title(info.get("title", ""))
    title = metadata_title or front.text
    after = front.end_line if not metadata_title or metadata_title == front.text else -1
    authors = people_only(split_authors(info.get("author", ""))) or byline_authors(
        first_page, title, after
    )
    return ParsedDocument(
        kind="pdf",
        identity=identity,
        title=title or _fallback_title(source),
        text=text,
        url=source_url(source, meta),
        authors=authors,
        published=_published(meta, first_page),
        source=source,
        meta=meta,
        page_starts=page_starts,
    )


def _published(meta: dict[str, str], first_page: str) -> datetime | None:
    arxiv_id = meta.get("arxiv_id") or meta.get("arxiv_id_mentioned")
    dated = arxiv_id_date(arxiv_id) if arxiv_id else None
    return dated or venue_year(first_page) or printed_date(first_page)


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


def _extract_pages(reader: PdfReader) -> tuple[list[str], list[Run]]:
    """Normalised text of every page, and the font-size runs of the first page.

    A page that fails to extract becomes empty rather than sinking the whole document.
    """
    pages: list[str] = []
    runs: list[Run] = []
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


def _run_collector(runs: list[Run]):
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
            runs.append(Run(effective, piece))

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


def first_page_title(runs: list[Run], first_page: str) -> str:
    """The title printed on the first page (see ingest.parsers.frontpage)."""
    return find_title(runs, first_page).text


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
