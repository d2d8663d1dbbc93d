"""`cruxmap analyze`: build the argument map from new or changed documents."""

from __future__ import annotations

import os

import typer

from assistant.commands.common import JsonOpt, LlmOpt, app, chosen_llm, workspace, writing
from assistant.console import err, error_line, print_json


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
