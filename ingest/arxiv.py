"""arXiv search through its Atom API, paged, one request every few seconds, one at a time,
and the metadata of one paper by its id for a PDF that names it.

arXiv asks API users for a 3-second gap between requests; a process-wide clock enforces it
for API pages and PDF downloads alike. Records are keyed on the version-less id, so a new
version updates the document. With `--pdf` the full text replaces the abstract while the
API's metadata (title, authors, dates, categories, DOI) is kept, because PDF metadata is poor.
"""

from __future__ import annotations

import difflib
import os
import re
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from ingest.config import Settings
from ingest.fetch import Fetcher
from ingest.library import Library, Progress
from ingest.models import IngestError, IngestReport, ParsedDocument, Reporter, SourceEvent
from ingest.staging import Ingestor

PAGE_SIZE = 50


class PoliteClock:
    """Spaces requests at least `delay` seconds apart across the whole process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = 0.0

    def wait(self, delay: float) -> None:
        with self._lock:
            gap = self._last + delay - time.monotonic()
            if gap > 0:
                time.sleep(gap)
            self._last = time.monotonic()


CLOCK = PoliteClock()


def build_query(query: str, start: int, size: int) -> dict[str, str]:
    """Plain words search all fields; arXiv's field syntax (ti:, au:, cat:) passes through."""
    fielded = any(token in query for token in ("ti:", "au:", "abs:", "cat:", "all:", "id:"))
    search = query if fielded else " AND ".join(f"all:{w}" for w in query.split())
    return {
        "search_query": search,
        "start": str(start),
        "max_results": str(size),
        "sortBy": "relevance",
        "sortOrder": "descending",
    }


def search_arxiv(
    library: Library, query: str, max_results: int, emit: Reporter, fetcher: Fetcher
) -> list[ParsedDocument]:
    from ingest.parsers.arxiv import parse_arxiv_atom

    settings = library.settings
    found: dict[str, ParsedDocument] = {}
    start = 0
    while len(found) < max_results:
        size = min(PAGE_SIZE, max_results - len(found))
        url = f"{settings.arxiv_api}?{urlencode(build_query(query, start, size))}"
        CLOCK.wait(settings.arxiv_delay)
        emit(SourceEvent(source=url, status="reading", detail=f"results {start}-{start + size}"))
        result = fetcher.get(url)
        total, docs = parse_arxiv_atom(result.content)
        for doc in docs:
            found.setdefault(doc.identity, doc)
        start += len(docs)
        if not docs or start >= total:
            break
    return list(found.values())[:max_results]


def with_full_text(library: Library, record: ParsedDocument, fetcher: Fetcher) -> ParsedDocument:
    """Fetch the PDF for an API record; keep the API's metadata, take the PDF's text."""
    from ingest.parsers.pdf import parse_pdf

    settings = library.settings
    pdf_url = record.meta.get("pdf_url")
    if not pdf_url:
        raise IngestError(f"no PDF link for {record.identity}")
    CLOCK.wait(settings.arxiv_delay)
    result = fetcher.get(pdf_url, timeout=fetcher.timeout * 3)
    paper = parse_pdf(result.content, pdf_url, max_pages=settings.max_pdf_pages)
    meta = {**record.meta, "abstract": record.text.split("\n\n", 1)[-1], "full_text": "pdf"}
    return record.model_copy(
        update={"text": paper.text, "page_starts": paper.page_starts, "meta": meta}
    )


def ingest_arxiv(
    library: Library,
    query: str,
    max_results: int = 20,
    pdf: bool = False,
    on_event: Reporter | None = None,
    progress: Progress | None = None,
    fetcher: Fetcher | None = None,
) -> IngestReport:
    """The `cruxmap arxiv` job: one failed paper never sinks the rest."""
    emit = on_event or (lambda event: None)
    fetcher = fetcher or Fetcher.from_settings(library.settings)
    ingestor = Ingestor(library, progress, overlap=True)
    try:
        records = search_arxiv(library, query, max_results, emit, fetcher)
    except IngestError as exc:
        ingestor.fail(f"arxiv:{query}", str(exc))
        return ingestor.report
    for record in records:
        stored = library.document_by_identity(record.identity)
        if pdf and _has_full_text(stored, record):
            ingestor.report.unchanged += 1
            continue
        if pdf:
            try:
                record = with_full_text(library, record, fetcher)
            except IngestError as exc:
                ingestor.fail(
                    record.meta.get("pdf_url") or record.identity, f"{exc} (abstract kept)"
                )
        ingestor.add([record])
        emit(SourceEvent(source=record.url or record.identity, status="ok", detail=record.title))
    ingestor.flush()
    library.repair()
    return ingestor.report


def _has_full_text(stored, record: ParsedDocument) -> bool:
    """Skip re-downloading a PDF we already hold for this same version."""
    return (
        stored is not None
        and stored.meta.get("full_text") == "pdf"
        and stored.meta.get("version") == record.meta.get("version")
    )


# -- metadata for a PDF that names its arXiv id ------------------------------------------------


def arxiv_record(arxiv_id: str, settings: Settings, fetcher: Fetcher) -> ParsedDocument | None:
    """The API's record of one paper (None when arXiv has no such id), cached on disk.

    A library re-ingests the same PDFs (a folder re-run, a moved file); the cache keeps that
    from costing a request each, and arXiv's 3-second rule from costing minutes.
    """
    from ingest.parsers.arxiv import parse_arxiv_atom

    cache = _cache_path(settings, arxiv_id)
    if cache.exists():
        data = cache.read_bytes()
    else:
        query = urlencode({"id_list": arxiv_id, "max_results": "1"})
        CLOCK.wait(settings.arxiv_delay)
        data = fetcher.get(f"{settings.arxiv_api}?{query}").content
        parse_arxiv_atom(data)  # an unreadable answer raises here and is not cached
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(".part")
        partial.write_bytes(data)
        os.replace(partial, cache)
    _, docs = parse_arxiv_atom(data)
    wanted = f"arxiv:{arxiv_id}"
    return next((doc for doc in docs if doc.identity == wanted), None)


def _cache_path(settings: Settings, arxiv_id: str) -> Path:
    return settings.home / "cache" / "arxiv" / (re.sub(r"[^\w.-]", "_", arxiv_id) + ".xml")


def with_arxiv_metadata(paper: ParsedDocument, record: ParsedDocument) -> ParsedDocument:
    """The PDF's text and pages under arXiv's title, authors, abstract and v1 date.

    The PDF's own reading stays in meta (pdf_title) so a wrong lookup can be seen, and
    the version stays the PDF's: it is the text this document holds.
    """
    abstract = record.text.split("\n\n", 1)[-1] if "\n\n" in record.text else ""
    meta = {**record.meta, **paper.meta, "metadata": "arxiv", "pdf_title": paper.title}
    meta["arxiv_id"] = record.meta["arxiv_id"]
    if abstract:
        meta["abstract"] = abstract
    meta.pop("arxiv_id_mentioned", None)
    meta.pop("pdf_url", None)
    return paper.model_copy(
        update={
            "identity": record.identity,
            "title": record.title,
            "authors": record.authors or paper.authors,
            "published": record.published or paper.published,
            "url": paper.url or record.url,
            "meta": {k: v for k, v in meta.items() if v},
        }
    )


def same_title(a: str, b: str) -> bool:
    """Whether two readings of a title are the same title (case, spacing, punctuation aside)."""
    flat_a, flat_b = (re.sub(r"[^a-z0-9]+", " ", t.casefold()).strip() for t in (a, b))
    return bool(flat_a) and difflib.SequenceMatcher(None, flat_a, flat_b).ratio() >= 0.85


def identify_paper(
    paper: ParsedDocument, settings: Settings, fetcher: Fetcher
) -> tuple[ParsedDocument, str]:
    """A PDF with arXiv's metadata when it names its arXiv id, and a note of what happened.

    The margin stamp is the paper's own id; an id merely printed on the first page is
    trusted only when arXiv's title for it is the title the page shows. Offline, or when
    arXiv fails, the PDF's own reading stands: the note says so, nothing is lost.
    """
    stamped = paper.meta.get("arxiv_id")
    arxiv_id = stamped or paper.meta.get("arxiv_id_mentioned")
    if paper.kind != "pdf" or not arxiv_id:
        return paper, ""
    try:
        record = arxiv_record(arxiv_id, settings, fetcher)
    except IngestError as exc:
        return paper, f"arXiv lookup failed ({exc}); metadata from the PDF"
    if record is None:
        return paper, f"arXiv has no {arxiv_id}; metadata from the PDF"
    if not stamped and not same_title(record.title, paper.title):
        return paper, f"arXiv:{arxiv_id} on the first page is another paper; not used"
    return with_arxiv_metadata(paper, record), f"metadata from arXiv:{arxiv_id}"
