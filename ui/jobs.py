"""Library writes started from the UI: the same jobs as the CLI, under the same lock.

Every job runs inside `library.writing()` (one writer process per workspace: the embedded
Chroma store is not process-safe), reports per-source events for the result table, and is
followed by the offline analysis so the map reflects what was just added or removed.
Expected failures come back as a message, never as a traceback in the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.workspace import Workspace
from ingest.fetch import check_url_allowed
from ingest.library import Library, LibraryBusy
from ingest.models import IngestError, IngestReport
from ingest.pipeline import Ingestor, SourceEvent

Progress = Callable[[int, int], None]
EventSink = Callable[[SourceEvent], None]
Job = Callable[[Library, EventSink, Progress], IngestReport]

UPLOAD_DIR = "uploads"


@dataclass
class JobResult:
    report: IngestReport = field(default_factory=IngestReport)
    rows: list[dict] = field(default_factory=list)
    analysis: dict = field(default_factory=dict)
    error: str | None = None

    @property
    def summary(self) -> str:
        r = self.report
        text = (
            f"added {r.added}, updated {r.updated}, unchanged {r.unchanged}, failed {len(r.failed)}"
        )
        if self.analysis:
            text += (
                f"; map: {self.analysis.get('claims', 0)} claims, "
                f"{self.analysis.get('relations', 0)} relations"
            )
        return text


class EventTable:
    """Keeps the latest status per source, in first-seen order, for the result table."""

    def __init__(self, forward: EventSink | None = None) -> None:
        self.rows: dict[str, dict] = {}
        self.forward = forward

    def __call__(self, event: SourceEvent) -> None:
        self.rows[event.source] = {
            "source": event.source,
            "status": event.status,
            "detail": event.detail,
        }
        if self.forward:
            self.forward(event)

    def table(self, report: IngestReport) -> list[dict]:
        rows = dict(self.rows)
        for failure in report.failed:
            rows[failure.source] = {
                "source": failure.source,
                "status": "failed",
                "detail": failure.error,
            }
        return list(rows.values())


def run_job(
    library: Library,
    job: Job,
    on_event: EventSink | None = None,
    progress: Progress | None = None,
    analyse: bool = True,
    allow_private: bool = False,
) -> JobResult:
    """Run `job` under the write lock, then update the map; map expected errors to a message.

    With `allow_private` the job gets its own workspace whose settings let fetches reach
    loopback and private addresses, so the shared one never changes under other sessions;
    otherwise it works on the shared library (which stays open: the session owns it).
    """
    events = EventTable(on_event)
    noop: Progress = lambda done, total: None  # noqa: E731
    llm = library.settings.llm
    if allow_private:
        worker = Workspace.open(library.settings.home, allow_private=True, llm=llm)
    else:
        worker = Workspace(library, llm)
    result = JobResult()
    try:
        with worker.library.writing():
            result.report = job(worker.library, events, progress or noop)
            if analyse:
                from assistant.analysis.run import run_analysis

                result.analysis = run_analysis(worker)
    except LibraryBusy as exc:
        result.error = str(exc)
    except IngestError as exc:
        result.error = str(exc)
    finally:
        if allow_private:
            worker.close()
    result.rows = events.table(result.report)
    return result


# -- the jobs ---------------------------------------------------------------------------------


def safe_filename(name: str) -> str:
    """An uploaded file's name reduced to a harmless basename (no paths, no odd characters)."""
    base = Path(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._")
    return cleaned[:120] or "upload"


def save_uploads(home: Path, files: list[tuple[str, bytes]]) -> list[str]:
    """Write uploads under the workspace, one stable path per file name.

    A file's path is its identity in the library, so re-uploading an edited `notes.md`
    updates that document instead of adding a second copy.
    """
    folder = Path(home) / UPLOAD_DIR
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in files:
        path = folder / safe_filename(name)
        path.write_bytes(data)
        paths.append(str(path))
    return paths


def ingest_files_job(paths: list[str], kind: str = "auto") -> Job:
    from ingest.pipeline import ingest_sources

    return lambda lib, emit, progress: ingest_sources(
        lib, paths, kind, on_event=emit, progress=progress
    )


def check_feed_url(url: str, allow_private: bool) -> str:
    """The CLI's URL guard for a URL typed in the page; returns the trimmed URL."""
    url = url.strip()
    check_url_allowed(url, allow_private)
    return url


def add_feed_job(url: str, title: str = "") -> Job:
    """Subscribe to a feed URL and fetch just that feed now."""
    from ingest.subscriptions import add_feed, normalise_feed_url, sync_feeds

    def job(lib: Library, emit: EventSink, progress: Progress) -> IngestReport:
        add_feed(lib, url, title)
        ingestor = Ingestor(lib, progress)
        lib.repair()
        sync_feeds(lib, ingestor, [normalise_feed_url(url)], on_event=emit)
        ingestor.flush()
        return ingestor.report

    return job


def sync_job() -> Job:
    from ingest.subscriptions import sync_all

    return lambda lib, emit, progress: sync_all(lib, emit, progress)


def arxiv_job(query: str, max_results: int, pdf: bool) -> Job:
    from ingest.arxiv import ingest_arxiv

    return lambda lib, emit, progress: ingest_arxiv(lib, query, max_results, pdf, emit, progress)


def remove_documents_job(doc_ids: list[str]) -> Job:
    def job(lib: Library, emit: EventSink, progress: Progress) -> IngestReport:
        for n, doc_id in enumerate(doc_ids, 1):
            removed = lib.remove(doc_id)
            emit(SourceEvent(source=doc_id, status="removed" if removed else "not found"))
            progress(n, len(doc_ids))
        return IngestReport()

    return job


def remove_feed_job(url: str) -> Job:
    from ingest.subscriptions import remove_feed

    def job(lib: Library, emit: EventSink, progress: Progress) -> IngestReport:
        removed = remove_feed(lib, url)
        emit(SourceEvent(source=url, status="unsubscribed" if removed else "not subscribed"))
        return IngestReport()

    return job
