"""Library writes started from the UI: the same jobs as the CLI, under the same lock.

A job is a function of the open workspace, an event sink and a progress callback, so the page
can draw a live progress bar and a result table without knowing what the job does. Every job
runs inside `library.writing()` (one writer process per workspace: the embedded Chroma store
is not process-safe), fetches through the workspace's one `Fetcher`, reports per-source events
and is followed by the offline analysis, so the map reflects what was just added or removed.
Expected failures come back as a message, never as a traceback in the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from assistant.service.views import JobResult
from assistant.workspace import Workspace
from ingest.fetch import check_url_allowed
from ingest.library import LibraryBusy, Progress
from ingest.models import IngestError, IngestReport, Reporter, SourceEvent
from ingest.subscriptions import Subscription, list_feeds

Job = Callable[[Workspace, Reporter, Progress], IngestReport]

UPLOAD_DIR = "uploads"


class EventTable:
    """Keeps the latest status per source, in first-seen order, for the result table."""

    def __init__(self, forward: Reporter | None = None) -> None:
        self.rows: dict[str, SourceEvent] = {}
        self.forward = forward

    def __call__(self, event: SourceEvent) -> None:
        self.rows[event.source] = event
        if self.forward:
            self.forward(event)

    def table(self, report: IngestReport) -> list[SourceEvent]:
        rows = dict(self.rows)
        for failure in report.failed:
            rows[failure.source] = SourceEvent(
                source=failure.source, status="failed", detail=failure.error
            )
        return list(rows.values())


def run_job(
    workspace: Workspace,
    job: Job,
    on_event: Reporter | None = None,
    progress: Progress | None = None,
    analyse: bool = True,
    allow_private: bool = False,
) -> JobResult:
    """Run `job` under the write lock, then update the map; map expected errors to a message.

    With `allow_private` the job gets its own workspace whose settings (and so whose Fetcher)
    let fetches reach loopback and private addresses, so the shared one never changes under
    other sessions; otherwise it works on the shared workspace, which stays open: the session
    owns it.
    """
    events = EventTable(on_event)
    noop: Progress = lambda done, total: None  # noqa: E731
    if allow_private:
        worker = Workspace.open(workspace.settings.home, allow_private=True, llm=workspace.llm)
    else:
        worker = workspace
    result = JobResult()
    try:
        with worker.library.writing():
            result.report = job(worker, events, progress or noop)
            if analyse:
                from assistant.analysis.run import run_analysis

                result.analysis = run_analysis(worker)
                if result.analysis.get("stopped") is None:
                    from assistant.service.topics import stored_topic_map

                    stored_topic_map(worker)
    except LibraryBusy as exc:
        result.error = str(exc)
    except IngestError as exc:
        result.error = str(exc)
    finally:
        if allow_private:
            worker.close()
    result.rows = events.table(result.report)
    return result


def feeds(workspace: Workspace) -> list[Subscription]:
    """The subscribed feeds with their last sync status."""
    return list_feeds(workspace.library)


# -- inputs typed or uploaded in a page -------------------------------------------------------


def safe_filename(name: str) -> str:
    """An uploaded file's name reduced to a harmless basename (no paths, no odd characters)."""
    base = Path(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._")
    return cleaned[:120] or "upload"


def save_uploads(workspace: Workspace, files: list[tuple[str, bytes]]) -> list[str]:
    """Write uploads under the workspace, one stable path per file name.

    A file's path is its identity in the library, so re-uploading an edited `notes.md`
    updates that document instead of adding a second copy.
    """
    folder = Path(workspace.settings.home) / UPLOAD_DIR
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in files:
        path = folder / safe_filename(name)
        path.write_bytes(data)
        paths.append(str(path))
    return paths


def check_feed_url(url: str, allow_private: bool) -> str:
    """The CLI's URL guard for a URL typed in the page; returns the trimmed URL, or a forum
    query (`forum:<site>?af=1...`, as `feeds list` shows it) in its stored form, guarded by
    the address of the forum's API it will fetch."""
    from ingest.forum import ForumQuery
    from ingest.subscriptions import is_forum_query

    url = url.strip()
    if is_forum_query(url):
        query = ForumQuery.from_key(url)
        check_url_allowed(query.endpoint, allow_private)
        return query.key
    check_url_allowed(url, allow_private)
    return url


# -- the jobs ---------------------------------------------------------------------------------


def ingest_files_job(paths: list[str], kind: str = "auto") -> Job:
    from ingest.pipeline import ingest_sources

    return lambda ws, emit, progress: ingest_sources(
        ws.library, paths, kind, on_event=emit, progress=progress, fetcher=ws.fetcher
    )


def add_feed_job(url: str, title: str = "") -> Job:
    """Subscribe to a feed URL and fetch just that feed now."""
    from ingest.staging import Ingestor
    from ingest.subscriptions import add_feed, normalise_feed_url, sync_feeds

    def job(ws: Workspace, emit: Reporter, progress: Progress) -> IngestReport:
        add_feed(ws.library, url, title)
        ingestor = Ingestor(ws.library, progress, overlap=True)
        ws.library.repair()
        sync_feeds(
            ws.library, ingestor, [normalise_feed_url(url)], on_event=emit, fetcher=ws.fetcher
        )
        ingestor.flush()
        return ingestor.report

    return job


def sync_job() -> Job:
    from ingest.subscriptions import sync_all

    return lambda ws, emit, progress: sync_all(ws.library, emit, progress, fetcher=ws.fetcher)


def arxiv_job(query: str, max_results: int, pdf: bool) -> Job:
    from ingest.arxiv import ingest_arxiv

    return lambda ws, emit, progress: ingest_arxiv(
        ws.library, query, max_results, pdf, emit, progress, fetcher=ws.fetcher
    )


def remove_documents_job(doc_ids: list[str]) -> Job:
    def job(ws: Workspace, emit: Reporter, progress: Progress) -> IngestReport:
        for n, doc_id in enumerate(doc_ids, 1):
            removed = ws.library.remove(doc_id)
            emit(SourceEvent(source=doc_id, status="removed" if removed else "not found"))
            progress(n, len(doc_ids))
        return IngestReport()

    return job


def remove_feed_job(url: str) -> Job:
    from ingest.subscriptions import remove_feed

    def job(ws: Workspace, emit: Reporter, progress: Progress) -> IngestReport:
        removed = remove_feed(ws.library, url)
        emit(SourceEvent(source=url, status="unsubscribed" if removed else "not subscribed"))
        return IngestReport()

    return job
