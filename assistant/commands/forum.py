"""`cruxmap forum`: backfill a forum archive (LessWrong, Alignment Forum, EA Forum) with its
discussions, through the sites' GraphQL API. `cruxmap feeds add --forum` keeps the same
query up to date on every `sync`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from assistant.commands.common import AllowPrivate, JsonOpt, app, run_writer
from assistant.console import SourceProgress, error_line
from ingest.models import IngestError, IngestReport

if TYPE_CHECKING:  # the forum module is imported when a command runs, not at startup
    from assistant.workspace import Workspace
    from ingest.forum import ForumQuery

AfOpt = Annotated[bool, typer.Option("--af", help="Only Alignment Forum posts.")]
TagOpt = Annotated[Optional[str], typer.Option("--tag", help="Only posts with this tag.")]
AuthorOpt = Annotated[
    Optional[str],
    typer.Option("--author", help="Only posts by this person (display name or username)."),
]
SinceOpt = Annotated[
    Optional[str], typer.Option("--since", help="Posts from this date on (YYYY-MM-DD).")
]
UntilOpt = Annotated[
    Optional[str], typer.Option("--until", help="Posts up to this date (included).")
]
KarmaOpt = Annotated[
    Optional[int], typer.Option("--min-karma", help="Only posts with at least this karma.")
]
MaxOpt = Annotated[Optional[int], typer.Option("--max", min=1, help="At most this many posts.")]
CommentsOpt = Annotated[
    bool, typer.Option("--comments", help="Also store every comment, with its parent.")
]


def forum_query(
    site: str,
    af: bool,
    tag: str | None,
    author: str | None,
    since: str | None,
    until: str | None,
    min_karma: int | None,
    max_posts: int | None,
    comments: bool,
) -> ForumQuery:
    """The query the options describe; a bad site or date is one line and exit 2."""
    from ingest.forum import ForumQuery, parse_date, parse_until

    try:
        return ForumQuery.for_site(
            site,
            af=af,
            tag=tag,
            author=author,
            since=parse_date(since) if since else None,
            until=parse_until(until) if until else None,
            min_karma=min_karma,
            max=max_posts,
            comments=comments,
        )
    except IngestError as exc:
        error_line(str(exc))
        raise typer.Exit(2) from None


@app.command()
def forum(
    site: Annotated[
        str,
        typer.Argument(help="lesswrong, alignmentforum, eaforum, or a ForumMagnum site's URL."),
    ],
    af: AfOpt = False,
    tag: TagOpt = None,
    author: AuthorOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_karma: KarmaOpt = None,
    max_posts: MaxOpt = None,
    comments: CommentsOpt = False,
    as_json: JsonOpt = False,
    allow_private: AllowPrivate = False,
) -> None:
    """Backfill a forum's posts (and with --comments its discussions) through its API;
    a killed run resumes where it stopped."""
    from ingest.forum import ingest_forum

    query = forum_query(site, af, tag, author, since, until, min_karma, max_posts, comments)

    def job(ws: Workspace, p: SourceProgress) -> IngestReport:
        from ingest.fetch import check_url_allowed

        try:
            check_url_allowed(query.endpoint, ws.settings.allow_private)
        except IngestError as exc:
            error_line(str(exc))
            raise typer.Exit(1) from None
        return ingest_forum(ws.library, query, p.event, p.embedding, fetcher=ws.fetcher)

    run_writer(job, as_json, allow_private)
