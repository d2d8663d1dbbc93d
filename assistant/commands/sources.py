"""Commands that bring documents in: files, folders, URLs and arXiv searches."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.commands.common import (
    AllowPrivate,
    JsonOpt,
    app,
    run_writer,
)
from ingest.models import InputKind


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, folders or URLs.")],
    kind: Annotated[
        InputKind, typer.Option("--kind", help="What the inputs are; auto decides by content.")
    ] = InputKind.auto,
    offline: Annotated[
        bool,
        typer.Option(
            "--offline", help="Look nothing up online (a PDF keeps the metadata it prints)."
        ),
    ] = False,
    only: Annotated[
        str,
        typer.Option(
            "--source",
            help="For an Alignment Research Dataset JSONL: keep only these dataset sources "
            "(comma-separated, e.g. alignmentforum,arxiv).",
        ),
    ] = "",
    as_json: JsonOpt = False,
    allow_private: AllowPrivate = False,
) -> None:
    """Ingest feeds, OPML lists, PDFs, notes, text, saved HTML pages, reference libraries
    (BibTeX, CSL-JSON, Zotero CSV) and Alignment Research Dataset JSONL files.

    A PDF that names its arXiv id takes title, authors, abstract and date from arXiv.
    """
    from ingest.pipeline import ingest_sources

    run_writer(
        lambda ws, p: ingest_sources(
            ws.library,
            sources,
            kind.value,
            on_event=p.event,
            progress=p.embedding,
            fetcher=ws.fetcher,
            lookup=not offline,
            only_sources={s.strip() for s in only.split(",") if s.strip()} or None,
        ),
        as_json,
        allow_private,
    )


@app.command()
def arxiv(
    query: Annotated[
        str, typer.Argument(help="Words, or arXiv syntax such as 'cat:cs.AI AND abs:alignment'.")
    ],
    max_results: Annotated[int, typer.Option("--max", min=1, max=2000)] = 20,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Fetch and ingest the full text PDFs.")
    ] = False,
    as_json: JsonOpt = False,
    allow_private: AllowPrivate = False,
) -> None:
    """Search arXiv and ingest the results (one request every 3 seconds)."""
    from ingest.arxiv import ingest_arxiv

    run_writer(
        lambda ws, p: ingest_arxiv(
            ws.library, query, max_results, pdf, p.event, p.embedding, fetcher=ws.fetcher
        ),
        as_json,
        allow_private,
    )
