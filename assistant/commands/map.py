"""Commands that read the argument map: claims, cruxes, steelman, export, ask."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from assistant.commands.common import (
    JsonOpt,
    LlmOpt,
    app,
    chosen_llm,
    claims_app,
    workspace,
)
from assistant.commands.library import resolve_document
from assistant.console import err, error_line, print_json
from assistant.export import FORMATS


@contextmanager
def map_service(llm: str | None = None) -> Iterator:
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
        typer.echo(f"    “{_one_line(c.readable, 300)}”")
    for c in answer.nearest:
        typer.echo(f"nearest: {c.author or '?'}, {c.title}: “{_one_line(c.readable, 200)}”")
    if answer.mirror_question:
        typer.echo(f"\nMirror question: {answer.mirror_question}")
    for note in answer.dropped:
        err.print(f"note: {note}", markup=False)
