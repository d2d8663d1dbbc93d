"""Sources in, documents out: resolve inputs, read bytes, parse, stage, embed, report.

Each input fails alone: one clear line in the report, and the rest of the batch still lands.
Staged documents are embedded in large batches because encoding dominates the cost and the
model is far faster per chunk on big batches than on one document at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import BaseModel

from ingest.config import Settings
from ingest.fetch import fetch
from ingest.library import Library, Progress
from ingest.models import FailedInput, IngestError, IngestReport, ParsedDocument

COMPLETE_EVERY = 300
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
}


class SourceEvent(BaseModel):
    """What the CLI and UI show per source: progress bars and the result table."""

    source: str
    status: str
    detail: str = ""


Reporter = Callable[[SourceEvent], None]


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


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


def read_source(source: str, settings: Settings) -> tuple[bytes, str]:
    """Bytes and the name to record: a resolved path, or the URL after redirects."""
    if is_url(source):
        result = fetch(
            source,
            timeout=settings.http_timeout,
            max_bytes=settings.max_download_bytes,
            user_agent=settings.user_agent,
            allow_private=settings.allow_private,
        )
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


class Ingestor:
    """Stages parsed documents into a library and completes them in batches."""

    def __init__(self, library: Library, progress: Progress | None = None) -> None:
        self.library = library
        self.report = IngestReport()
        self.progress = progress
        self._staged: list[str] = []
        self._seen: set[str] = set()

    def add(self, docs: list[ParsedDocument]) -> None:
        for parsed in docs:
            outcome, doc_id = self.library.stage(parsed)
            if doc_id in self._seen:
                continue
            self._seen.add(doc_id)
            setattr(self.report, outcome, getattr(self.report, outcome) + 1)
            if outcome != "unchanged":
                self._staged.append(doc_id)
        if len(self._staged) >= COMPLETE_EVERY:
            self.flush()

    def fail(self, source: str, error: str) -> None:
        self.report.failed.append(FailedInput(source=source, error=error))

    def flush(self) -> None:
        if self._staged:
            self.library.complete(self._staged, self.progress)
            self._staged = []


def ingest_sources(
    library: Library,
    sources: list[str],
    kind: str = "auto",
    on_event: Reporter | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """The `cruxmap ingest` job. OPML inputs subscribe to their feeds and fetch them."""
    from ingest.subscriptions import import_opml_bytes, sync_feeds

    settings = library.settings
    emit = on_event or (lambda event: None)
    ingestor = Ingestor(library, progress)
    for source in expand_sources(sources):
        emit(SourceEvent(source=source, status="reading"))
        try:
            data, name = read_source(source, settings)
            if _is_opml(data, source, kind):
                urls = import_opml_bytes(library, data)
                emit(SourceEvent(source=source, status="subscribed", detail=f"{len(urls)} feeds"))
                sync_feeds(library, ingestor, urls, on_event=emit)
                continue
            docs = parse_source(data, name, kind, settings)
            before = ingestor.report.model_copy(deep=True)
            ingestor.add(docs)
            emit(
                SourceEvent(
                    source=source, status="ok", detail=describe_delta(before, ingestor.report)
                )
            )
        except IngestError as exc:
            ingestor.fail(source, str(exc))
            emit(SourceEvent(source=source, status="failed", detail=str(exc)))
    ingestor.flush()
    library.repair()
    return ingestor.report


def _is_opml(data: bytes, source: str, kind: str) -> bool:
    from ingest.parsers.detect import detect_kind

    return kind == "opml" or (kind == "auto" and detect_kind(data, source) == "opml")


def describe_delta(before: IngestReport, after: IngestReport) -> str:
    """The per-source line of the result table: what this one source changed."""
    parts = [
        f"{after.added - before.added} added",
        f"{after.updated - before.updated} updated",
        f"{after.unchanged - before.unchanged} unchanged",
    ]
    return ", ".join(parts)
