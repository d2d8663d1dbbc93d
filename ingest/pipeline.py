"""Sources in, documents out: resolve inputs, read bytes, parse, stage, embed, report.

Each input fails alone: one clear line in the report, and the rest of the batch still lands.
An OPML input hands its feeds to `ingest.subscriptions`; staging and batch embedding are
`ingest.staging`'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ingest.ard import ingest_ard_file, is_ard_file
from ingest.config import Settings
from ingest.fetch import Fetcher, is_url
from ingest.library import Library, Progress
from ingest.models import IngestError, IngestReport, ParsedDocument, Reporter, SourceEvent
from ingest.staging import Ingestor, describe_delta
from ingest.subscriptions import import_opml_bytes, sync_feeds

FILE_SUFFIXES = {
    ".xml",
    ".rss",
    ".atom",
    ".opml",
    ".pdf",
    ".md",
    ".markdown",
    ".txt",
    ".html",
    ".htm",
    ".bib",
}


def expand_sources(sources: Iterable[str]) -> list[str]:
    """Folders become the ingestible files inside them, sorted for a stable order."""
    expanded: list[str] = []
    for source in sources:
        path = Path(source).expanduser()
        if not is_url(source) and path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in FILE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            expanded.extend(str(p) for p in files)
        else:
            expanded.append(source)
    return expanded


def read_source(source: str, settings: Settings, fetcher: Fetcher) -> tuple[bytes, str]:
    """Bytes and the name to record: a resolved path, or the URL after redirects."""
    if is_url(source):
        result = fetcher.get(source)
        return result.content, result.permanent_url or source
    path = Path(source).expanduser()
    if not path.exists():
        raise IngestError(f"no such file or folder: {source}")
    size = path.stat().st_size
    if size > settings.max_download_bytes:
        raise IngestError(
            f"too large: {source} is {size} bytes (limit {settings.max_download_bytes})"
        )
    try:
        return path.read_bytes(), str(path.resolve())
    except OSError as exc:
        raise IngestError(f"cannot read {source}: {exc.strerror}") from exc


def parse_source(data: bytes, name: str, kind: str, settings: Settings) -> list[ParsedDocument]:
    from ingest.parsers.detect import parse_bytes

    return parse_bytes(data, name, kind, max_pdf_pages=settings.max_pdf_pages)


def ingest_sources(
    library: Library,
    sources: list[str],
    kind: str = "auto",
    on_event: Reporter | None = None,
    progress: Progress | None = None,
    fetcher: Fetcher | None = None,
    lookup: bool = True,
    only_sources: set[str] | None = None,
) -> IngestReport:
    """The `cruxmap ingest` job. OPML inputs subscribe to their feeds and fetch them.

    With `lookup`, a PDF that names its arXiv id takes arXiv's metadata (see
    `ingest.arxiv.identify_paper`); without it, or offline, the PDF's own reading stands.
    An Alignment Research Dataset file is streamed (`ingest.ard`), keeping only the dataset
    sources in `only_sources` when given; a reference library (BibTeX, CSL-JSON, Zotero
    CSV) becomes one document per entry, and a bad entry is one failure line.
    """
    settings = library.settings
    fetcher = fetcher or Fetcher.from_settings(settings)
    emit = on_event or (lambda event: None)
    # Fetched sources wait on the network: embedding may overlap them (see Ingestor).
    remote = any(is_url(s) or s.lower().endswith(".opml") for s in sources)
    ingestor = Ingestor(library, progress, overlap=remote)
    for source in expand_sources(sources):
        emit(SourceEvent(source=source, status="reading"))
        try:
            if not is_url(source) and kind in ("auto", "ard") and is_ard_file(source):
                before = ingestor.report.model_copy(deep=True)
                ingest_ard_file(ingestor, Path(source).expanduser(), settings, emit, only_sources)
                emit(
                    SourceEvent(
                        source=source, status="ok", detail=describe_delta(before, ingestor.report)
                    )
                )
                continue
            data, name = read_source(source, settings, fetcher)
            if _is_opml(data, source, kind):
                urls = import_opml_bytes(library, data)
                emit(SourceEvent(source=source, status="subscribed", detail=f"{len(urls)} feeds"))
                sync_feeds(library, ingestor, urls, on_event=emit, fetcher=fetcher)
                continue
            docs = _documents(data, name, kind, settings, source, ingestor, emit)
            notes: list[str] = []
            if lookup:
                docs, notes = _identify(docs, settings, fetcher)
            before = ingestor.report.model_copy(deep=True)
            ingestor.add(docs)
            detail = "; ".join([describe_delta(before, ingestor.report), *notes])
            emit(SourceEvent(source=source, status="ok", detail=detail))
        except IngestError as exc:
            ingestor.fail(source, str(exc))
            emit(SourceEvent(source=source, status="failed", detail=str(exc)))
    ingestor.flush()
    library.repair()
    return ingestor.report


def _documents(
    data: bytes,
    name: str,
    kind: str,
    settings: Settings,
    source: str,
    ingestor: Ingestor,
    emit: Reporter,
) -> list[ParsedDocument]:
    """The documents of one input; a reference library's or dataset's bad entries fail
    one by one, and the rest land."""
    from ingest.parsers.detect import LIBRARY_KINDS, detect_kind
    from ingest.parsers.reflibrary import parse_reference_library

    chosen = detect_kind(data, name) if kind == "auto" else kind
    if chosen == "ard":
        from ingest.parsers.ard import parse_ard_bytes
        from ingest.parsers.bibliography import EntryError

        found = list(parse_ard_bytes(data, name))
        docs = [d for d in found if isinstance(d, ParsedDocument)]
        errors = [e for e in found if isinstance(e, EntryError)]
    elif chosen in LIBRARY_KINDS:
        docs, errors = parse_reference_library(
            data,
            name,
            chosen,
            max_pdf_pages=settings.max_pdf_pages,
            max_bytes=settings.max_download_bytes,
        )
    else:
        return parse_source(data, name, kind, settings)
    for error in errors:
        message = f"{error.where}: {error.error}"
        ingestor.fail(source, message)
        emit(SourceEvent(source=source, status="failed", detail=message))
    return docs


def _identify(
    docs: list[ParsedDocument], settings: Settings, fetcher: Fetcher
) -> tuple[list[ParsedDocument], list[str]]:
    from ingest.arxiv import identify_paper

    out: list[ParsedDocument] = []
    notes: list[str] = []
    for doc in docs:
        identified, note = identify_paper(doc, settings, fetcher)
        out.append(identified)
        if note:
            notes.append(note)
    return out, notes


def _is_opml(data: bytes, source: str, kind: str) -> bool:
    from ingest.parsers.detect import detect_kind

    return kind == "opml" or (kind == "auto" and detect_kind(data, source) == "opml")
