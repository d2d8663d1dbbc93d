"""arXiv search through its Atom API, paged, one request every few seconds, one at a time.

arXiv asks API users for a 3-second gap between requests; a process-wide clock enforces it
for API pages and PDF downloads alike. Records are keyed on the version-less id, so a new
version updates the document. With `--pdf` the full text replaces the abstract while the
API's metadata (title, authors, dates, categories, DOI) is kept, because PDF metadata is poor.
"""

from __future__ import annotations

import threading
import time
from urllib.parse import urlencode

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
    ingestor = Ingestor(library, progress)
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
