"""`cruxmap`: the composition root. Every command the UI offers is here too.

Each command opens the workspace once (`with workspace() as ws`), passes it down, and closes
it. Contract (the README's "Using it on real sources"): `--json` prints one JSON value on
stdout, messages go to stderr; exit 0 when everything worked, 1 when some inputs failed (the
rest were kept), 2 on usage errors. Expected failures print one line, never a traceback.

Why one file of ~700 lines: each command is a thin adapter (options -> workspace -> one call
-> report), and the whole command-line contract reads in one place; logic lives below it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from assistant.console import SourceProgress, err, error_line, print_json
from assistant.export import FORMATS
from assistant.workspace import (
    Workspace,
    demo_corpus,
    demo_sources,
    load_settings,
    project_root,
)
from ingest.library import Library, LibraryBusy
from ingest.models import IngestError, IngestReport, InputKind

app = typer.Typer(
    help="cruxmap: map what the alignment literature claims, where it disagrees, and why.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
feeds_app = typer.Typer(help="Feed subscriptions (OPML in and out).", no_args_is_help=True)
docs_app = typer.Typer(help="Documents in the library.", no_args_is_help=True)
app.add_typer(feeds_app, name="feeds")
app.add_typer(docs_app, name="docs")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON value on stdout.")]
AllowPrivate = Annotated[
    bool,
    typer.Option(
        "--allow-private", help="Allow URLs on loopback, private or link-local addresses."
    ),
]


class State:
    home: Optional[Path] = None


@app.callback()
def main(
    home: Annotated[
        Optional[Path],
        typer.Option(
            "--home", help="Workspace directory (default: $CRUXMAP_HOME or a per-user dir)."
        ),
    ] = None,
) -> None:
    State.home = home


def workspace(llm: str | None = None, allow_private: bool = False) -> Workspace:
    """This command's workspace (--home), with the analyst and answers of `llm` (None:
    offline); use it as a context manager so it is closed when the command ends."""
    return Workspace.open(State.home, allow_private, llm)


def chosen_llm(llm: str | None) -> str | None:
    """--llm, else $CRUXMAP_LLM, else None (the offline analyst)."""
    return llm or load_settings(State.home).llm


@contextmanager
def writing(ws: Workspace) -> Iterator[None]:
    """Hold the workspace's write lock; another writer is one line and exit 1."""
    try:
        with ws.library.writing():
            yield
    except LibraryBusy as exc:
        error_line(str(exc))
        raise typer.Exit(1) from None


def finish_report(report: IngestReport, as_json: bool) -> None:
    """Print an ingest-shaped result and exit 1 when any input failed."""
    if as_json:
        print_json(report)
    else:
        err.print(
            f"added {report.added}, updated {report.updated}, unchanged {report.unchanged}, "
            f"failed {len(report.failed)}",
            markup=False,
        )
        for failure in report.failed:
            err.print(f"  failed: {failure.source}: {failure.error}", markup=False)
    if report.failed:
        raise typer.Exit(1)


def run_writer(
    job: Callable[[Workspace, SourceProgress], IngestReport],
    as_json: bool,
    allow_private: bool = False,
) -> None:
    """Run a writing job under the workspace lock with progress bars; map errors to exits."""
    with workspace(allow_private=allow_private) as ws, writing(ws):
        with SourceProgress(enabled=True) as progress:
            report = job(ws, progress)
    finish_report(report, as_json)


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, folders or URLs.")],
    kind: Annotated[
        InputKind, typer.Option("--kind", help="What the inputs are; auto decides by content.")
    ] = InputKind.auto,
    as_json: JsonOpt = False,
    allow_private: AllowPrivate = False,
) -> None:
    """Ingest feeds, OPML lists, PDFs, notes, text and saved HTML pages."""
    from ingest.pipeline import ingest_sources

    run_writer(
        lambda ws, p: ingest_sources(
            ws.library,
            sources,
            kind.value,
            on_event=p.event,
            progress=p.embedding,
            fetcher=ws.fetcher,
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
    url: Annotated[str, typer.Argument(help="Feed URL or local feed file.")],
    title: Annotated[str, typer.Option("--title")] = "",
) -> None:
    """Subscribe to a feed (fetched by `cruxmap sync`)."""
    from ingest.fetch import check_url_allowed, is_url
    from ingest.subscriptions import add_feed

    with workspace() as ws:
        if is_url(url):
            try:
                check_url_allowed(url, ws.settings.allow_private)
            except IngestError as exc:
                error_line(str(exc))
                raise typer.Exit(1) from None
        elif not Path(url).expanduser().is_file():
            error_line(f"not a URL and no such file: {url}")
            raise typer.Exit(1)
        added = add_feed(ws.library, url, title)
    err.print(("subscribed: " if added else "already subscribed: ") + url, markup=False)


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


def _doc_summary(doc) -> dict:
    return {
        "id": doc.id,
        "title": doc.title,
        "url": doc.url,
        "authors": doc.authors,
        "published": doc.published.isoformat() if doc.published else None,
        "kind": doc.kind,
        "chars": doc.chars,
    }


def resolve_document(lib: Library, doc_id: str):
    matches = lib.find_documents(doc_id)
    if len(matches) != 1:
        error_line(f"no document {doc_id!r}" if not matches else f"ambiguous id {doc_id!r}")
        raise typer.Exit(1)
    return matches[0]


@docs_app.command("list")
def docs_list(as_json: JsonOpt = False) -> None:
    """List stored documents."""
    with workspace() as ws:
        docs = [_doc_summary(d) for d in ws.library.documents()]
    if as_json:
        print_json(docs)
        return
    for d in docs:
        date = (d["published"] or "")[:10]
        typer.echo(
            f"{d['id']}  {date:10}  {d['kind']:6}  {d['title']}  ({', '.join(d['authors'])})"
        )


@docs_app.command("show")
def docs_show(doc_id: str, as_json: JsonOpt = False) -> None:
    """Show one document with its text."""
    with workspace() as ws:
        doc = resolve_document(ws.library, doc_id)
    record = {**_doc_summary(doc), "text": doc.text, "meta": doc.meta, "source": doc.source}
    if as_json:
        print_json(record)
        return
    typer.echo(
        f"{doc.title}\n{', '.join(doc.authors)}  {record['published'] or ''}\n{doc.url or doc.source}\n"
    )
    typer.echo(doc.text)


@docs_app.command("remove")
def docs_remove(doc_id: str) -> None:
    """Remove a document from both stores."""
    with workspace() as ws:
        doc = resolve_document(ws.library, doc_id)
        with writing(ws):
            ws.library.remove(doc.id)
    err.print(f"removed {doc.id} {doc.title}", markup=False)


@app.command()
def search(
    query: str,
    k: Annotated[int, typer.Option("--k", min=1, max=200)] = 10,
    as_json: JsonOpt = False,
) -> None:
    """Hybrid search (BM25 + dense) over stored chunks."""
    from ingest.search import ChunkSearch

    with workspace() as ws:
        hits = ChunkSearch(ws.library).search(query, k)
    if as_json:
        print_json(hits)
        return
    for n, hit in enumerate(hits, 1):
        snippet = " ".join(hit.text.split())[:240]
        typer.echo(
            f"{n}. {hit.title} [{hit.doc_id} {hit.start}-{hit.end}] {hit.score:.4f}\n   {snippet}"
        )


claims_app = typer.Typer(help="Claims in the argument map.", no_args_is_help=True)
app.add_typer(claims_app, name="claims")
LlmOpt = Annotated[
    Optional[str],
    typer.Option(
        "--llm", help="provider:model (e.g. openai:gpt-4.1-mini); default $CRUXMAP_LLM or offline."
    ),
]


@app.command()
def analyze(llm: LlmOpt = None, as_json: JsonOpt = False) -> None:
    """Extract claims and relations from new or changed documents (resumable)."""
    from assistant.analysis.run import run_analysis

    with workspace(chosen_llm(llm)) as ws, writing(ws):
        try:
            result = run_analysis(ws)
        except ValueError as exc:
            error_line(str(exc))
            raise typer.Exit(2) from None
        except Exception as exc:
            if os.environ.get("CRUXMAP_DEBUG"):
                raise
            first = (str(exc).strip().splitlines() or [""])[0]
            error_line(
                f"analysis stopped ({type(exc).__name__}: {first}); what was stored is kept and "
                "`cruxmap analyze` resumes from there (CRUXMAP_DEBUG=1 shows the traceback)"
            )
            raise typer.Exit(1) from None
    summary = analysis_summary(result)
    for note in result.get("notes", []):
        if "dropped" in note or "fell back" in note:
            err.print(f"note: {note}", markup=False)
    if as_json:
        print_json(summary)
    else:
        resumed = " (resumed an interrupted run)" if result.get("resumed") else ""
        err.print(
            f"this run: analysed {summary['analysed']}, skipped {summary['skipped']} "
            f"(already up to date), failed {len(summary['failed'])}{resumed}",
            markup=False,
        )
        for failure in summary["failed"]:
            err.print(f"  failed: {failure['source']}: {failure['error']}", markup=False)
        err.print(
            f"map: {summary['documents']} documents, {summary['claims']} claims, "
            f"{summary['relations']} relations backed by textual evidence, "
            f"{summary['candidates']} unverified candidates (not counted)",
            markup=False,
        )
    if summary["failed"]:
        raise typer.Exit(1)


#: `analyze --json`: what this run did, then the whole map's totals.
RUN_KEYS = ("analysed", "skipped")
MAP_KEYS = ("documents", "claims", "relations", "candidates")


def analysis_summary(result: dict) -> dict:
    """The run's own counts apart from the map totals; missing keys read as 0 / none."""
    failed = [
        {"source": str(f.get("source", "")), "error": str(f.get("error", ""))}
        for f in result.get("failed", [])
    ]
    return {
        **{k: int(result.get(k, 0)) for k in RUN_KEYS},
        "failed": failed,
        **{k: int(result.get(k, 0)) for k in MAP_KEYS},
    }


@contextmanager
def map_service(llm: str | None = None):
    """The map's read side on this command's workspace, closed when the command ends."""
    from assistant.service import MapService

    with workspace(llm) as ws:
        yield MapService(ws)


@claims_app.command("list")
def claims_list(
    doc: Annotated[
        Optional[str], typer.Option("--doc", help="Only this document's claims.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """List claims with their quotes."""
    with map_service() as service:
        doc_id = resolve_document(service.library, doc).id if doc else None
        views = service.claim_views(doc_id)
    if as_json:
        print_json(views)
        return
    for view in views:
        typer.echo(f'{view.id}  [{view.kind}] {view.author or "?"}: "{_one_line(view.quote)}"')


@claims_app.command("show")
def claims_show(claim_id: str, as_json: JsonOpt = False) -> None:
    """One claim: quote, document, relations and flags."""
    with map_service() as service:
        view = _claim_or_exit(service, claim_id)
    if as_json:
        print_json(view)
        return
    for line in claim_lines(view):
        typer.echo(line)


def claim_lines(view) -> list[str]:
    """`claims show` as text: the quote, its source, the sentence it leans on (if it opens
    with "This ..." and the like), each relation with its evidence, then the flags."""
    date = view.published.date().isoformat() if view.published else "undated"
    lines = [
        f"{view.id} [{view.kind}{', hedged' if view.hedged else ''}]",
        f'"{view.quote}"',
        f"  {view.author or 'unknown author'}, {date}: {view.title} "
        f"({view.doc_id} {view.start}-{view.end})",
    ]
    if _one_line(view.text, 10**6) != _one_line(view.quote, 10**6):
        lines.append(f"  reads: {_one_line(view.text, 400)}")
    if view.context is not None:
        lines.append(
            f"  context (the sentence before it, {view.context.start}-{view.context.end}): "
            f'"{_one_line(view.context.quote, 400)}"'
        )
    for rel in view.relations:
        arrow = "->" if rel.direction == "out" else "<-"
        lines.append(f"  {arrow} {rel.label} {rel.other}: {_one_line(rel.other_text)}")
        lines.append(f"       {_evidence_line(rel)}")
    for flag in view.flags:
        lines.append(f"  flag {flag.kind}: {flag.why}")
    return lines


def _evidence_line(rel) -> str:
    ev = rel.evidence
    if ev is None:
        return "evidence: none recorded (not counted)"
    where = f" in {ev.doc_id}" if ev.doc_id else ""
    if ev.doc_id and ev.end > ev.start:
        where += f" {ev.start}-{ev.end}"
    quote = f': "{_one_line(ev.quote, 240)}"' if ev.quote else ""
    counted = "" if rel.asserted else " (not counted)"
    return f"evidence: {ev.kind}{where}{quote}{counted}"


def _claim_or_exit(service, claim_id: str):
    view = service.claim_view(claim_id)
    if view is None:
        error_line(f"no claim {claim_id!r} (see `cruxmap claims list`)")
        raise typer.Exit(1)
    return view


def _one_line(text: str, width: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@app.command()
def cruxes(
    top: Annotated[int, typer.Option("--top", min=1, max=500)] = 10,
    as_json: JsonOpt = False,
) -> None:
    """Where the literature really disagrees: contested, load-bearing claims."""
    with map_service() as service:
        found = service.cruxes(top)
        counts = service.counts()
    if not found:
        _say_no_cruxes(counts, as_json)
    if as_json:
        print_json(found)
        return
    for n, crux in enumerate(found, 1):
        typer.echo(f"{n}. {crux.claim_id} ({crux.score:.2f}) {_one_line(crux.text)}\n   {crux.why}")


def _say_no_cruxes(counts: dict[str, int], as_json: bool) -> None:
    """No crux is an answer, said plainly (on stdout, unless stdout is for JSON)."""
    from assistant.service import NO_CRUXES

    if not counts.get("claims"):
        err.print("the map is empty: run `cruxmap analyze` after ingesting", markup=False)
        return
    if as_json:
        err.print(NO_CRUXES, markup=False)
    else:
        typer.echo(NO_CRUXES)
    n = counts.get("candidates", 0)
    if n:
        links = "link between similar claims is" if n == 1 else "links between similar claims are"
        err.print(f"({n} unverified candidate {links} not counted)", markup=False)


@app.command()
def steelman(claim_id: str, llm: LlmOpt = None, as_json: JsonOpt = False) -> None:
    """The strongest case against a claim, from other authors, with quotes."""
    with map_service(chosen_llm(llm)) as service:
        _claim_or_exit(service, claim_id)
        result = service.steelman(claim_id, service.workspace.llm)
    if as_json:
        print_json(result)
        return
    typer.echo(f"Against: {_one_line(result.claim_text)}")
    if not result.opposition:
        typer.echo("  nothing in the map argues against this claim")
    for n, opp in enumerate(result.opposition, 1):
        typer.echo(
            f'  [{n}] {opp.author or "?"}: "{_one_line(opp.quote)}" ({opp.claim_id}; {opp.why})'
        )
    if result.paragraph:
        typer.echo("\n" + result.paragraph)


def _known_format(fmt: str) -> str:
    """A format `assistant.export` writes; anything else is a usage error (exit 2)."""
    if fmt not in FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return fmt


@app.command("export")
def export_cmd(
    fmt: Annotated[
        str,
        typer.Option("--format", callback=_known_format, help=f"One of: {', '.join(FORMATS)}."),
    ],
    output: Annotated[
        Optional[Path], typer.Option("-o", "--output", help="File to write (stdout if absent).")
    ] = None,
    candidates: Annotated[
        bool,
        typer.Option(
            "--candidates/--no-candidates",
            help=(
                "Also export unverified candidates (similar claims with no textual evidence "
                "between them), marked in every format. Off by default: tools such as "
                "Gephi, networkx or a spreadsheet count every edge they read, so a candidate "
                "in a plain export would be read as a link the map never established."
            ),
        ),
    ] = False,
) -> None:
    """Export the claim graph (or the sources, for bibtex/csljson), with each relation's
    evidence (kind, span and quote)."""
    with map_service() as service:
        data = service.export(fmt, candidates=candidates)
    if output is None:
        sys.stdout.write(data if isinstance(data, str) else data.decode("utf-8"))
        return
    if isinstance(data, str):
        output.write_text(data, encoding="utf-8")
    else:
        output.write_bytes(data)
    err.print(f"wrote {output}", markup=False)


@app.command()
def ask(question: str, llm: LlmOpt = None, as_json: JsonOpt = False) -> None:
    """Answer a question from the library with verified quotes, both sides, or abstain."""
    from assistant.ask.run import ask as run_ask

    try:
        with workspace(chosen_llm(llm)) as ws:
            answer = run_ask(ws, question)
    except ValueError as exc:
        error_line(str(exc))
        raise typer.Exit(2) from None
    if as_json:
        print_json(answer)
        return
    typer.echo(answer.answer if not answer.abstained else answer.sentences[0])
    typer.echo("")
    for c in answer.citations:
        date = c.published or "undated"
        typer.echo(
            f"[{c.n}] {c.author or '?'}, {date}, {c.title} ({c.doc_id} {c.start}-{c.end}) [{c.stance}]"
        )
        typer.echo(f"    “{_one_line(c.quote, 300)}”")
    for c in answer.nearest:
        typer.echo(f"nearest: {c.author or '?'}, {c.title}: “{_one_line(c.quote, 200)}”")
    typer.echo(f"\nMirror question: {answer.mirror_question}")
    for note in answer.dropped:
        err.print(f"note: {note}", markup=False)


@app.command()
def ui(
    port: Annotated[int, typer.Option("--port")] = 8501,
    host: Annotated[
        str, typer.Option("--host", help="Bind address; localhost by default.")
    ] = "127.0.0.1",
) -> None:
    """Open the web UI (Streamlit) on this workspace."""
    import subprocess

    with workspace() as ws:
        home = ws.settings.home
    env = {**os.environ, "CRUXMAP_HOME": str(home)}
    app_path = project_root() / "ui" / "app.py"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_path),
        "--server.address",
        host,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    err.print(f"cruxmap UI on http://{host}:{port} (workspace {home})", markup=False)
    raise typer.Exit(subprocess.call(command, env=env))


@app.command()
def demo(
    no_ui: Annotated[bool, typer.Option("--no-ui", help="Stop after building the map.")] = False,
) -> None:
    """Ingest and analyse the bundled demo corpus offline, then open the UI."""
    from assistant.analysis.run import run_analysis
    from ingest.pipeline import ingest_sources

    corpus = demo_corpus()
    if not corpus.is_dir():
        error_line(f"demo corpus not found at {corpus}")
        raise typer.Exit(1)
    # Offline whatever $CRUXMAP_LLM says: the demo must run without a network or a key.
    with workspace(llm=None) as ws, writing(ws), SourceProgress() as progress:
        report = ingest_sources(
            ws.library,
            demo_sources(),
            on_event=progress.event,
            progress=progress.embedding,
            fetcher=ws.fetcher,
        )
        result = run_analysis(ws)
    err.print(
        f"demo library: added {report.added}, unchanged {report.unchanged}, failed {len(report.failed)}; "
        f"map: {result.get('claims', 0)} claims, {result.get('relations', 0)} relations "
        f"backed by textual evidence, {result.get('candidates', 0)} unverified candidates",
        markup=False,
    )
    for failure in report.failed:
        err.print(f"  failed: {failure.source}: {failure.error}", markup=False)
    if not no_ui:
        ui(port=8501, host="127.0.0.1")


def run() -> None:
    """Console entry point: expected errors become one line, never a traceback."""
    try:
        app()
    except IngestError as exc:
        error_line(str(exc))
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        error_line("interrupted; run the same command again to resume")
        raise SystemExit(130) from None
