"""Feed subscriptions (feeds and forum queries) and `cruxmap sync`, which keeps them up to
date."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from assistant.commands.common import (
    AllowPrivate,
    JsonOpt,
    app,
    feeds_app,
    run_writer,
    workspace,
)
from assistant.commands.forum import (
    AfOpt,
    AuthorOpt,
    CommentsOpt,
    KarmaOpt,
    MaxOpt,
    SinceOpt,
    TagOpt,
    UntilOpt,
    forum_query,
)
from assistant.console import err, error_line, print_json
from ingest.models import IngestError


@app.command()
def sync(as_json: JsonOpt = False, allow_private: AllowPrivate = False) -> None:
    """Re-fetch every subscribed feed and ingest what is new or changed."""
    from ingest.subscriptions import sync_all

    run_writer(
        lambda ws, p: sync_all(ws.library, p.event, p.embedding, fetcher=ws.fetcher),
        as_json,
        allow_private,
    )


@feeds_app.command("add")
def feeds_add(
    url: Annotated[
        str, typer.Argument(help="Feed URL, local feed file, or with --forum a forum site.")
    ],
    title: Annotated[str, typer.Option("--title")] = "",
    forum: Annotated[
        bool,
        typer.Option(
            "--forum", help="Subscribe to a forum query (the options of `cruxmap forum`)."
        ),
    ] = False,
    af: AfOpt = False,
    tag: TagOpt = None,
    author: AuthorOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_karma: KarmaOpt = None,
    max_posts: MaxOpt = None,
    comments: CommentsOpt = False,
) -> None:
    """Subscribe to a feed or a forum query (fetched by `cruxmap sync`)."""
    from ingest.fetch import check_url_allowed, is_url
    from ingest.forum import ForumQuery
    from ingest.subscriptions import add_feed, is_forum_query

    query: ForumQuery | None = None
    if forum:
        query = forum_query(url, af, tag, author, since, until, min_karma, max_posts, comments)
    elif is_forum_query(url):
        try:
            query = ForumQuery.from_key(url)
        except (IngestError, ValueError) as exc:
            error_line(f"not a forum query: {url} ({exc})")
            raise typer.Exit(2) from None
    elif any([af, tag, author, since, until, min_karma, max_posts, comments]):
        error_line("forum options need --forum (e.g. feeds add lesswrong --forum --af)")
        raise typer.Exit(2)
    with workspace() as ws:
        target = query.endpoint if query else url
        if is_url(target):
            try:
                check_url_allowed(target, ws.settings.allow_private)
            except IngestError as exc:
                error_line(str(exc))
                raise typer.Exit(1) from None
        elif not Path(url).expanduser().is_file():
            error_line(f"not a URL and no such file: {url}")
            raise typer.Exit(1)
        key = query.key if query else url
        added = add_feed(ws.library, key, title)
    err.print(("subscribed: " if added else "already subscribed: ") + key, markup=False)


@feeds_app.command("remove")
def feeds_remove(url: str) -> None:
    """Unsubscribe (documents already ingested stay)."""
    from ingest.subscriptions import remove_feed

    with workspace() as ws:
        removed = remove_feed(ws.library, url)
    if not removed:
        error_line(f"not subscribed: {url}")
        raise typer.Exit(1)
    err.print(f"unsubscribed: {url}", markup=False)


@feeds_app.command("list")
def feeds_list(as_json: JsonOpt = False) -> None:
    """List subscriptions with their last sync status."""
    from ingest.subscriptions import list_feeds

    with workspace() as ws:
        feeds = list_feeds(ws.library)
    if as_json:
        print_json(feeds)
        return
    for sub in feeds:
        state = "disabled" if sub.disabled else (sub.last_status or "never synced")
        typer.echo(f"{sub.url}\t{sub.title}\t{state}")


@feeds_app.command("import")
def feeds_import(file: Annotated[Path, typer.Argument(help="An OPML file.")]) -> None:
    """Subscribe to every feed in an OPML file."""
    from ingest.subscriptions import import_opml_bytes

    try:
        with workspace() as ws:
            urls = import_opml_bytes(ws.library, file.read_bytes())
    except OSError as exc:
        error_line(f"cannot read {file}: {exc.strerror}")
        raise typer.Exit(1) from None
    except IngestError as exc:
        error_line(f"{file}: {exc}")
        raise typer.Exit(1) from None
    err.print(f"imported {len(urls)} feeds", markup=False)


@feeds_app.command("export")
def feeds_export(file: Annotated[Optional[Path], typer.Argument()] = None) -> None:
    """Write subscriptions as OPML (stdout when no file is given)."""
    from ingest.subscriptions import export_opml

    with workspace() as ws:
        text = export_opml(ws.library)
    if file is None:
        typer.echo(text)
    else:
        file.write_text(text, encoding="utf-8")
        err.print(f"wrote {file}", markup=False)
