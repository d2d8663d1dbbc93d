"""Feed subscriptions and sync, behaving the way a good feed reader does.

Conditional GET (ETag / Last-Modified) makes an unchanged feed cost one small request; a 301
moves the subscription; 429/5xx back off with Retry-After; 410 disables the feed. A feed may
also be a local file, which keeps offline demos and tests honest without a network.

A subscription may also be a forum query (`forum:<site>?af=1&tag=...`, see `ingest.forum`):
sync runs it from a few days before the last post it stored, through the forum's API.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import BaseModel

from ingest.fetch import Fetcher, Gone, RetryLater, is_url
from ingest.forum import SUBSCRIPTION_PREFIX, ForumQuery, sync_forum_query
from ingest.library import Library, Progress, now_iso
from ingest.models import IngestError, IngestReport, Reporter, SourceEvent
from ingest.staging import Ingestor, describe_delta


class Subscription(BaseModel):
    url: str
    title: str = ""
    added_at: str
    last_checked: str | None = None
    last_status: str | None = None
    last_error: str | None = None
    retry_after: str | None = None
    disabled: bool = False


def is_forum_query(url: str) -> bool:
    return url.startswith(SUBSCRIPTION_PREFIX)


def normalise_feed_url(url: str) -> str:
    url = url.strip()
    if is_url(url):
        return url
    if is_forum_query(url):
        return ForumQuery.from_key(url).key
    return str(Path(url).expanduser().resolve())


def add_feed(library: Library, url: str, title: str = "") -> bool:
    """Subscribe; False when already subscribed (a duplicate is not an error)."""
    url = normalise_feed_url(url)
    with library.db:
        cursor = library.db.execute(
            "INSERT OR IGNORE INTO subscriptions (url, title, added_at) VALUES (?,?,?)",
            (url, title, now_iso()),
        )
    return cursor.rowcount == 1


def remove_feed(library: Library, url: str) -> bool:
    with library.db:
        cursor = library.db.execute(
            "DELETE FROM subscriptions WHERE url=?", (normalise_feed_url(url),)
        )
    return cursor.rowcount == 1


def list_feeds(library: Library) -> list[Subscription]:
    rows = library.db.execute(
        """SELECT url, title, added_at, last_checked, last_status, last_error, retry_after,
           disabled FROM subscriptions ORDER BY added_at, url"""
    )
    return [Subscription(**{**dict(r), "disabled": bool(r["disabled"])}) for r in rows]


def import_opml_bytes(library: Library, data: bytes) -> list[str]:
    from ingest.parsers.opml import parse_opml

    urls = []
    for feed in parse_opml(data):
        if not is_url(feed.url):
            continue  # an OPML from elsewhere must not point sync at local files
        add_feed(library, feed.url, feed.title)
        urls.append(normalise_feed_url(feed.url))
    return urls


def export_opml(library: Library) -> str:
    from ingest.parsers.opml import OpmlFeed, write_opml

    # A forum query is not a feed any other reader could open.
    feeds = [
        OpmlFeed(url=s.url, title=s.title or s.url)
        for s in list_feeds(library)
        if not is_forum_query(s.url)
    ]
    return write_opml(feeds, "cruxmap subscriptions")


def sync_feeds(
    library: Library,
    ingestor: Ingestor,
    urls: list[str] | None = None,
    on_event: Reporter | None = None,
    fetcher: Fetcher | None = None,
) -> None:
    """Fetch subscribed feeds (all, or the given ones) and stage what is new or changed."""
    emit = on_event or (lambda event: None)
    fetcher = fetcher or Fetcher.from_settings(library.settings)
    wanted = set(urls) if urls is not None else None
    for sub in list_feeds(library):
        if wanted is not None and sub.url not in wanted:
            continue
        if sub.disabled:
            emit(SourceEvent(source=sub.url, status="skipped", detail="disabled (HTTP 410)"))
            continue
        if sub.retry_after and sub.retry_after > now_iso():
            emit(
                SourceEvent(
                    source=sub.url, status="skipped", detail=f"backing off until {sub.retry_after}"
                )
            )
            continue
        emit(SourceEvent(source=sub.url, status="reading"))
        before = ingestor.report.model_copy(deep=True)
        try:
            status = _sync_one(library, ingestor, sub.url, fetcher, emit)
        except IngestError as exc:
            ingestor.fail(sub.url, str(exc))
            emit(SourceEvent(source=sub.url, status="failed", detail=str(exc)))
            continue
        emit(
            SourceEvent(
                source=sub.url,
                status="ok",
                detail=status or describe_delta(before, ingestor.report),
            )
        )


def sync_all(
    library: Library,
    on_event: Reporter | None = None,
    progress: Progress | None = None,
    fetcher: Fetcher | None = None,
) -> IngestReport:
    """The `cruxmap sync` job."""
    ingestor = Ingestor(library, progress, overlap=True)
    sync_feeds(library, ingestor, on_event=on_event, fetcher=fetcher)
    ingestor.flush()
    library.repair()
    return ingestor.report


def _sync_one(
    library: Library, ingestor: Ingestor, url: str, fetcher: Fetcher, emit: Reporter
) -> str:
    from ingest.parsers.feeds import parse_feed

    if is_forum_query(url):
        return _sync_forum(library, ingestor, url, fetcher, emit)
    row = library.db.execute(
        "SELECT etag, last_modified, body_hash FROM subscriptions WHERE url=?", (url,)
    ).fetchone()
    if not is_url(url):
        data = _read_local_feed(url)
        if _same_body(row, data):
            _record(library, url, status="not modified")
            return "not modified"
        info, docs = parse_feed(data, url)
        ingestor.add(docs)
        _record(library, url, status="ok", title=info.title, body_hash=_digest(data))
        return ""
    try:
        result = fetcher.get(url, etag=row["etag"], last_modified=row["last_modified"])
    except Gone:
        _record(library, url, status="gone", error="HTTP 410 Gone", disabled=True)
        raise IngestError(f"feed is gone (HTTP 410), disabled: {url}") from None
    except RetryLater as exc:
        until = datetime.now(UTC) + timedelta(seconds=max(exc.retry_after, 1))
        _record(
            library,
            url,
            status="retry",
            error=str(exc),
            retry_after=until.isoformat(timespec="seconds"),
        )
        raise
    except IngestError as exc:
        _record(library, url, status="error", error=str(exc))
        raise
    if result.not_modified or _same_body(row, result.content):
        _record(
            library,
            url,
            status="not modified",
            etag=result.etag,
            last_modified=result.last_modified,
        )
        return "not modified"
    info, docs = parse_feed(result.content, url)
    ingestor.add(docs)
    _record(
        library,
        url,
        status="ok",
        title=info.title,
        etag=result.etag,
        last_modified=result.last_modified,
        body_hash=_digest(result.content),
    )
    if result.permanent_url and result.permanent_url != url:
        _move(library, url, result.permanent_url)
        return f"moved permanently to {result.permanent_url}"
    return ""


def _sync_forum(
    library: Library, ingestor: Ingestor, url: str, fetcher: Fetcher, emit: Reporter
) -> str:
    """A forum query's sync, recorded on its subscription like a feed's."""
    try:
        sync_forum_query(library, ingestor, ForumQuery.from_key(url), emit, fetcher)
    except RetryLater as exc:
        until = datetime.now(UTC) + timedelta(seconds=max(exc.retry_after, 1))
        _record(
            library,
            url,
            status="retry",
            error=str(exc),
            retry_after=until.isoformat(timespec="seconds"),
        )
        raise
    except IngestError as exc:
        _record(library, url, status="error", error=str(exc))
        raise
    _record(library, url, status="ok")
    return ""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _same_body(row, data: bytes) -> bool:
    """Servers without ETag often resend identical bytes: skip parsing them again."""
    return row is not None and row["body_hash"] == _digest(data)


def _read_local_feed(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read feed file {path}: {exc.strerror}") from exc


def _record(
    library: Library,
    url: str,
    status: str,
    title: str | None = None,
    error: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    retry_after: str | None = None,
    disabled: bool = False,
    body_hash: str | None = None,
) -> None:
    with library.db:
        library.db.execute(
            """UPDATE subscriptions SET last_checked=?, last_status=?, last_error=?,
               retry_after=?, disabled=MAX(disabled, ?),
               title=CASE WHEN ? IS NOT NULL AND title='' THEN ? ELSE title END,
               etag=COALESCE(?, etag), last_modified=COALESCE(?, last_modified),
               body_hash=COALESCE(?, body_hash)
               WHERE url=?""",
            (
                now_iso(),
                status,
                error,
                retry_after,
                int(disabled),
                title,
                title,
                etag,
                last_modified,
                body_hash,
                url,
            ),
        )


def _move(library: Library, old: str, new: str) -> None:
    with library.db:
        exists = library.db.execute("SELECT 1 FROM subscriptions WHERE url=?", (new,)).fetchone()
        if exists:
            library.db.execute("DELETE FROM subscriptions WHERE url=?", (old,))
        else:
            library.db.execute("UPDATE subscriptions SET url=? WHERE url=?", (new, old))
