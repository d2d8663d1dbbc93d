"""Forum archives (LessWrong, the Alignment Forum, the EA Forum) through their GraphQL API:
the query a user asks for, where its walk has got to, and the jobs that run it.

RSS gives only a forum's latest ten posts and none of its discussion; the ForumMagnum API at
`<site>/graphql` gives the archive. A backfill pages posts oldest first by `after` = the
last `postedAt` seen, which is stable while posts are added and lets a killed run resume
from the last page it stored (kept in the `forum_progress` table). Requests go one at a
time, about one a second (`CRUXMAP_FORUM_DELAY`), each through the guarded `Fetcher`.

Beside this module: the queries (`forum_queries`), the client that sends them
(`forum_client`), and posts and comments as documents (`forum_documents`). Ids are the
forum's own `_id`s: LessWrong and the Alignment Forum share one database, so a post or
comment reached through either is one document.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.fetch import Fetcher, RetryLater
from ingest.forum_client import ForumClient, GraphQLError
from ingest.forum_documents import (
    api_date,
    comment_documents,
    date_or_none,
    names_of,
    parse_date,
    people_of,
    post_document,
)
from ingest.forum_queries import LISTING_FIELDS, Terms
from ingest.library import Library, Progress, now_iso
from ingest.models import IngestError, IngestReport, ParsedDocument, Reporter, SourceEvent
from ingest.staging import Ingestor

#: What `cruxmap forum SITE` accepts for the three ForumMagnum sites, besides a URL.
SITES = {
    "lesswrong": "https://www.lesswrong.com",
    "lw": "https://www.lesswrong.com",
    "alignmentforum": "https://www.alignmentforum.org",
    "af": "https://www.alignmentforum.org",
    "eaforum": "https://forum.effectivealtruism.org",
    "ea": "https://forum.effectivealtruism.org",
}
#: A subscription to a forum query is stored as this prefix and the query's URL form.
SUBSCRIPTION_PREFIX = "forum:"
#: Comments asked for on one post: its commentCount and a margin (comments arrive while we
#: read), at least MIN_COMMENTS, at most MAX_COMMENTS (the API pages nothing in a thread).
MIN_COMMENTS = 200
MAX_COMMENTS = 2000
#: Marks a post known only from a listing without its body (see `_page`).
LISTED_ONLY = "__listed_only"


class ForumSettings(BaseSettings):
    """Politeness and paging, from CRUXMAP_FORUM_* (tests set the delay to 0)."""

    model_config = SettingsConfigDict(env_prefix="CRUXMAP_FORUM_", extra="ignore")

    delay: float = 1.0
    page_size: int = 50
    #: `sync` re-reads posts this many days before its last one, for their new comments.
    lookback_days: float = 3.0


class ForumQuery(BaseModel):
    """One query over a forum's posts: what `cruxmap forum` backfills and `feeds add` keeps.

    The server filters by date, karma and the Alignment Forum flag; tag and author are
    matched here against each post's tags and people (names or usernames, any case).
    """

    site: str
    af: bool = False
    tag: str | None = None
    author: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    min_karma: int | None = None
    max: int | None = Field(default=None, ge=1)
    comments: bool = False

    @classmethod
    def for_site(cls, site: str, **options: object) -> ForumQuery:
        """The query on `site`: a name from SITES or a URL (its /graphql path dropped)."""
        return cls.model_validate({**options, "site": site_url(site)})

    @property
    def endpoint(self) -> str:
        return f"{self.site}/graphql"

    @property
    def key(self) -> str:
        """The query as one stable string: the subscription's URL and the progress key."""
        params: list[tuple[str, str]] = []
        if self.af:
            params.append(("af", "1"))
        if self.author:
            params.append(("author", self.author))
        if self.comments:
            params.append(("comments", "1"))
        if self.max:
            params.append(("max", str(self.max)))
        if self.min_karma is not None:
            params.append(("min_karma", str(self.min_karma)))
        if self.since:
            params.append(("since", api_date(self.since)))
        if self.tag:
            params.append(("tag", self.tag))
        if self.until:
            params.append(("until", api_date(self.until)))
        query = urlencode(params)
        return f"{SUBSCRIPTION_PREFIX}{self.site}" + (f"?{query}" if query else "")

    @classmethod
    def from_key(cls, key: str) -> ForumQuery:
        """The query a subscription string stands for; IngestError when it is not one."""
        if not key.startswith(SUBSCRIPTION_PREFIX):
            raise IngestError(f"not a forum query: {key}")
        parts = urlsplit(key[len(SUBSCRIPTION_PREFIX) :])
        options: dict[str, object] = {}
        try:
            for name, value in parse_qsl(parts.query):
                if name in ("af", "comments"):
                    options[name] = value == "1"
                elif name in ("max", "min_karma"):
                    options[name] = int(value)
                elif name in ("since", "until"):
                    options[name] = parse_date(value)
                elif name in ("tag", "author"):
                    options[name] = value
                else:
                    raise IngestError(f"unknown forum query option {name!r} in {key}")
            return cls.for_site(f"{parts.scheme}://{parts.netloc}{parts.path}", **options)
        except ValueError as exc:  # a bad number, or pydantic's ValidationError
            first = str(exc).splitlines()[0]
            raise IngestError(f"not a forum query: {key} ({first})") from None

    def terms(self, after: str | None) -> Terms:
        """The view terms of one page: server-side filters and the paging cursor."""
        return {
            "af": True if self.af else None,
            "after": after,
            "before": api_date(self.until) if self.until else None,
            "karmaThreshold": self.min_karma,
            "excludeEvents": True,
        }

    @property
    def filters_locally(self) -> bool:
        """Whether some posts the server sends are dropped here (tag and author)."""
        return bool(self.tag or self.author)

    def wants(self, post: dict) -> bool:
        """The filters the server does not apply: tag, author, and the dates exactly."""
        posted = date_or_none(post.get("postedAt"))
        if self.since and (posted is None or posted < self.since):
            return False
        if self.until and (posted is None or posted >= self.until):
            return False
        if self.min_karma is not None and (post.get("baseScore") or 0) < self.min_karma:
            return False
        if self.tag:
            tags = {str(t.get("name", "")).casefold() for t in post.get("tags") or [] if t}
            if self.tag.casefold() not in tags:
                return False
        if self.author:
            wanted = self.author.casefold()
            if not any(wanted in names_of(person) for person in people_of(post)):
                return False
        return True


def site_url(site: str) -> str:
    """`lesswrong`, `www.lesswrong.com` or `https://www.lesswrong.com/graphql` -> the base URL."""
    name = site.strip()
    if name.casefold() in SITES:
        return SITES[name.casefold()]
    if "://" not in name:
        name = f"https://{name}"
    parts = urlsplit(name)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise IngestError(f"not a forum site: {site} (try lesswrong, alignmentforum or eaforum)")
    path = parts.path.rstrip("/").removesuffix("/graphql").rstrip("/")
    return f"{parts.scheme}://{parts.netloc}{path}"


def parse_until(value: str) -> datetime:
    """`--until 2021-12-31` includes that day: a bare date ends at the next midnight."""
    moment = parse_date(value)
    return moment + timedelta(days=1) if len(value.strip()) == 10 else moment


def _may_have_comments(post: dict) -> bool:
    """Only a post that counts no comments at all is not asked for its thread."""
    count = post.get("commentCount")
    return not isinstance(count, int) or count > 0


def _comment_limit(post: dict) -> int:
    count = post.get("commentCount")
    known = count if isinstance(count, int) else 0
    return min(MAX_COMMENTS, max(MIN_COMMENTS, known * 2 + 50))


def _as_first_stored(library: Library, doc: ParsedDocument) -> ParsedDocument:
    """The same post or comment read through another site of the same database (LessWrong
    and the Alignment Forum) keeps the URL it was first stored with: otherwise two
    subscriptions would flip it between sites, and re-embed it, on every sync."""
    stored = library.document_by_identity(doc.identity)
    if stored is None or stored.source == doc.source:
        return doc
    return doc.model_copy(
        update={
            "url": stored.url,
            "source": stored.source,
            "reply_to": stored.reply_to,
            "links": stored.links if stored.text == doc.text else doc.links,
            "meta": {**doc.meta, "site": stored.meta.get("site", stored.source)},
        }
    )


# -- where a backfill is ------------------------------------------------------------------


class ForumProgress(BaseModel):
    """How far a query has got: the last postedAt stored, and whether the walk finished."""

    cursor: datetime | None = None
    #: The cursor as the server wrote it (a post's own `postedAt`), which is what is sent
    #: back as `after`: a server comparing its own strings sees exactly its own value.
    after: str | None = None

    @classmethod
    def at(cls, moment: datetime | None) -> ForumProgress:
        """A walk starting after `moment` (None: from the first post)."""
        return cls(cursor=moment, after=api_date(moment) if moment else None)

    posts: int = 0
    complete: bool = False


def load_progress(library: Library, key: str) -> ForumProgress:
    row = library.db.execute(
        "SELECT cursor, posts, complete FROM forum_progress WHERE query=?", (key,)
    ).fetchone()
    if row is None:
        return ForumProgress()
    return ForumProgress(
        cursor=date_or_none(row["cursor"]),
        after=row["cursor"],
        posts=row["posts"],
        complete=bool(row["complete"]),
    )


def save_progress(library: Library, key: str, progress: ForumProgress) -> None:
    with library.db:
        library.db.execute(
            """INSERT INTO forum_progress (query, cursor, posts, complete, updated_at)
               VALUES (?,?,?,?,?) ON CONFLICT(query) DO UPDATE SET cursor=excluded.cursor,
               posts=excluded.posts, complete=excluded.complete, updated_at=excluded.updated_at""",
            (
                key,
                progress.after,
                progress.posts,
                int(progress.complete),
                now_iso(),
            ),
        )


# -- the jobs -------------------------------------------------------------------------------


def walk_forum(
    library: Library,
    ingestor: Ingestor,
    query: ForumQuery,
    client: ForumClient,
    start: ForumProgress,
    settings: ForumSettings,
) -> ForumProgress:
    """Page through the query's posts from `start`, staging each post (and its comments)
    and saving the cursor after every page, so a kill loses at most one page of requests.

    Raises IngestError (one line) when the server refuses; what was stored stays stored.
    """
    progress = start.model_copy()
    seen: set[str] = set()
    total: int | None = None
    while True:
        page, counted = _page(client, query, progress.after, settings.page_size, seen)
        if total is None and counted is not None:
            total = counted + progress.posts
        fresh = [p for p in page if p.get("_id") and str(p["_id"]) not in seen]
        walked = []
        for post in fresh:
            seen.add(str(post["_id"]))
            walked.append(post)
            if not query.wants(post) or post.get(LISTED_ONLY):
                continue
            parsed = post_document(post, query.site)
            docs = [parsed]
            if query.comments and _may_have_comments(post):
                docs += comment_documents(
                    client.comments(parsed.meta["forum_id"], _comment_limit(post)), parsed
                )
            ingestor.add([_as_first_stored(library, doc) for doc in docs])
            progress.posts += 1
            if query.max and progress.posts >= query.max:
                break
        # The cursor moves past what this page walked, never past a post left unread
        # because --max stopped the page early.
        for post in walked or page:
            posted = date_or_none(post.get("postedAt"))
            if posted and (progress.cursor is None or posted > progress.cursor):
                progress.cursor, progress.after = posted, str(post["postedAt"])
        done = (
            len(page) < settings.page_size
            or bool(query.max and progress.posts >= query.max)
            or (
                query.until is not None
                and progress.cursor is not None
                and progress.cursor >= query.until
            )
        )
        progress.complete = done
        save_progress(library, query.key, progress)
        client.emit(
            SourceEvent(
                source=query.key,
                status="reading",
                detail=_page_detail(progress, total),
            )
        )
        if done:
            return progress
        if not fresh:
            # `after` that rounds to the day can hand back the same page: stop, don't spin.
            raise IngestError(
                f"{client.endpoint} returned the same page again after "
                f"{progress.after or 'the start'}; stopped"
            )


def _page(
    client: ForumClient, query: ForumQuery, after: str | None, size: int, seen: set[str]
) -> tuple[list[dict], int | None]:
    """One page of posts with their bodies where they will be stored.

    With a tag or author filter (which the server does not apply) the page is listed first
    without bodies, and asked again in full only when it holds a post the filter keeps: on
    a whole archive most pages hold none. A post missing from the second answer (deleted in
    between) is marked LISTED_ONLY, and so not stored.
    """
    terms = query.terms(after)
    if not query.filters_locally:
        return client.posts(terms, size)
    listed, counted = client.posts(terms, size, LISTING_FIELDS)
    if not any(query.wants(p) for p in listed if str(p.get("_id")) not in seen):
        return listed, counted
    full, _ = client.posts(terms, size)
    bodies = {str(p.get("_id")): p for p in full}
    return [bodies.get(str(p.get("_id")), {**p, LISTED_ONLY: True}) for p in listed], counted


def ingest_forum(
    library: Library,
    query: ForumQuery,
    on_event: Reporter | None = None,
    progress: Progress | None = None,
    fetcher: Fetcher | None = None,
) -> IngestReport:
    """The `cruxmap forum` job: a backfill that resumes where a killed run stopped, and
    otherwise walks the whole query again (what it already holds counts as unchanged)."""
    emit = on_event or (lambda event: None)
    ingestor = Ingestor(library, progress, overlap=True)
    try:
        detail = sync_forum_query(library, ingestor, query, emit, fetcher, resume="backfill")
    except IngestError as exc:
        ingestor.fail(query.key, str(exc))
        emit(SourceEvent(source=query.key, status="failed", detail=str(exc)))
    else:
        emit(SourceEvent(source=query.key, status="ok", detail=detail))
    ingestor.flush()
    library.repair()
    return ingestor.report


def sync_forum_query(
    library: Library,
    ingestor: Ingestor,
    query: ForumQuery,
    on_event: Reporter | None,
    fetcher: Fetcher | None,
    resume: Literal["backfill", "sync"] = "sync",
) -> str:
    """Run one forum query into `ingestor`; return the line the result table shows.

    `backfill` resumes an unfinished walk, else starts at --since; `sync` starts a few days
    before the last post it stored (`lookback_days`), for new posts and their new comments.
    """
    emit = on_event or (lambda event: None)
    settings = ForumSettings()
    fetcher = fetcher or Fetcher.from_settings(library.settings)
    client = ForumClient(fetcher, query.endpoint, settings.delay, emit)
    saved = load_progress(library, query.key)
    if resume == "backfill" and not saved.complete and saved.cursor:
        start = saved
        emit(
            SourceEvent(
                source=query.key,
                status="reading",
                detail=f"resuming after {saved.after}",
            )
        )
    elif resume == "sync" and saved.cursor:
        back = saved.cursor - timedelta(days=settings.lookback_days)
        start = ForumProgress.at(max(back, query.since) if query.since else back)
    else:
        start = ForumProgress.at(query.since - timedelta(milliseconds=1) if query.since else None)
    before = ingestor.report.model_copy(deep=True)
    try:
        walk_forum(library, ingestor, query, client, start, settings)
    except RetryLater as exc:
        why = "rate limited by" if "HTTP 429" in str(exc) else "no answer for now from"
        raise RetryLater(
            f"{why} {query.endpoint} ({exc}); what was fetched is kept, "
            "run the same command again later to resume",
            exc.retry_after,
        ) from None
    except GraphQLError:
        raise
    except IngestError as exc:
        raise IngestError(_explain(str(exc), query.endpoint)) from None
    after = ingestor.report
    return (
        f"{after.added - before.added} added, {after.updated - before.updated} updated, "
        f"{after.unchanged - before.unchanged} unchanged"
    )


def _explain(message: str, endpoint: str) -> str:
    """One line a user can act on, with the reminder that the next run resumes."""
    if "HTTP 403" in message:
        return (
            f"{endpoint} refused the request (HTTP 403; the API refuses clients it does not "
            "accept, such as ones without a User-Agent: check CRUXMAP_USER_AGENT); "
            "run again to resume"
        )
    if message.startswith("timed out"):
        return f"{message}; what was fetched is kept, run the same command again to resume"
    return f"{message}; run again to resume"


def _page_detail(progress: ForumProgress, total: int | None) -> str:
    through = f" through {progress.cursor.date().isoformat()}" if progress.cursor else ""
    of = f" of about {total}" if total is not None else ""
    return f"{progress.posts} posts{through}{of}"
