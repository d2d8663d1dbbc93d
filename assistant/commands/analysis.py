"""`cruxmap analyze`: build the argument map from new or changed documents.

With an LLM it first can say what the run will cost (`--estimate`, no model called), can stop
at a call limit (`--max-calls`, resumable), shows its requests in a progress bar, and ends
with what it spent: requests, cache hits and the provider's token counts.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from assistant.commands.common import JsonOpt, LlmOpt, app, chosen_llm, workspace, writing
from assistant.console import err, error_line, print_json
from assistant.llm.usage import Usage

EstimateOpt = Annotated[
    bool,
    typer.Option(
        "--estimate", help="Print the LLM calls and tokens the pending work needs; call nothing."
    ),
]
MaxCallsOpt = Annotated[
    Optional[int],
    typer.Option(
        "--max-calls",
        min=0,
        help="Stop after N LLM calls (resumable; default $CRUXMAP_LLM_MAX_CALLS or no limit).",
    ),
]


@app.command()
def analyze(
    llm: LlmOpt = None,
    as_json: JsonOpt = False,
    estimate: EstimateOpt = False,
    max_calls: MaxCallsOpt = None,
) -> None:
    """Extract claims and relations from new or changed documents (resumable)."""
    from assistant.analysis.run import run_analysis

    # The OpenAI SDK types a reply's content as a string and warns on every reply from a
    # compatible server that sends content parts; the parts are read all the same.
    warnings.filterwarnings("ignore", "Pydantic serializer warnings", UserWarning)

    spec = chosen_llm(llm)
    if estimate:
        _estimate(spec, as_json)
        return
    with workspace(spec) as ws, writing(ws):
        try:
            with _calls_bar(enabled=bool(spec) and not as_json) as on_usage:
                result = run_analysis(ws, max_calls=max_calls, on_usage=on_usage)
            if result.get("stopped") is None:
                from assistant.service.topics import stored_topic_map

                stored_topic_map(ws)  # the Map page opens on them without computing
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
        if any(word in note for word in ("dropped", "fell back", "cut off", "rejected")):
            err.print(f"note: {note}", markup=False)
    if as_json:
        print_json(summary)
    else:
        _print_summary(summary, bool(result.get("resumed")))
    stopped = summary.get("stopped")
    if stopped is not None:
        err.print(
            f"stopped: {stopped['message']}; what was done is kept (and cached), and "
            "`cruxmap analyze` resumes from there",
            markup=False,
        )
    if summary["failed"] or (stopped is not None and stopped["reason"] != "budget"):
        raise typer.Exit(1)


def _estimate(spec: str | None, as_json: bool) -> None:
    from assistant.analysis.estimate import estimate

    if not spec:
        error_line("--estimate prices an LLM run: give --llm provider:model (or $CRUXMAP_LLM)")
        raise typer.Exit(2)
    with workspace(spec) as ws:
        try:
            value = estimate(ws)
        except ValueError as exc:
            error_line(str(exc))
            raise typer.Exit(2) from None
    if as_json:
        print_json(value)
    else:
        err.print(value.line(), markup=False)


@contextmanager
def _calls_bar(enabled: bool) -> Iterator:
    """A live count of LLM requests and cache hits on stderr (a terminal only)."""
    progress = Progress(
        TextColumn("LLM calls", markup=False),
        BarColumn(),
        TextColumn("{task.fields[detail]}", markup=False),
        TimeElapsedColumn(),
        console=err,
        disable=not enabled or not err.is_terminal,
        transient=True,
    )
    task = progress.add_task("calls", total=None, detail="")

    def on_usage(usage: Usage) -> None:
        progress.update(
            task,
            detail=f"{usage.calls} sent, {usage.cached} cached, "
            f"{usage.input_tokens + usage.output_tokens} tokens",
        )

    with progress:
        yield on_usage


def _print_summary(summary: dict, resumed: bool) -> None:
    again = " (resumed an interrupted run)" if resumed else ""
    err.print(
        f"this run: analysed {summary['analysed']}, skipped {summary['skipped']} "
        f"(already up to date), failed {len(summary['failed'])}{again}",
        markup=False,
    )
    for failure in summary["failed"]:
        err.print(f"  failed: {failure['source']}: {failure['error']}", markup=False)
    dropped = summary.get("dropped", {})
    if dropped.get("claims") or dropped.get("relations"):
        err.print(
            f"dropped for want of a verbatim quote: {dropped['claims']} claims, "
            f"{dropped['relations']} relations",
            markup=False,
        )
    if summary.get("usage") is not None:
        err.print(Usage(**summary["usage"]).line(), markup=False)
    err.print(
        f"map: {summary['documents']} documents, {summary['claims']} claims, "
        f"{summary['relations']} relations backed by textual evidence, "
        f"{summary['candidates']} unverified candidates (not counted)",
        markup=False,
    )


#: `analyze --json`: what this run did, then the whole map's totals.
RUN_KEYS = ("analysed", "skipped")
MAP_KEYS = ("documents", "claims", "relations", "candidates")


def analysis_summary(result: dict) -> dict:
    """The run's own counts apart from the map totals; missing keys read as 0 / none.

    An LLM run adds `usage` (requests, retries, cache hits, the provider's token counts),
    `dropped` (claims and relations the model proposed whose quote is not a verbatim span:
    never stored) and `stopped` (why it ended early, {"reason", "message"}, or None). An
    offline run keeps the contract's shape exactly.
    """
    failed = [
        {"source": str(f.get("source", "")), "error": str(f.get("error", ""))}
        for f in result.get("failed", [])
    ]
    summary: dict = {
        **{k: int(result.get(k, 0)) for k in RUN_KEYS},
        "failed": failed,
        **{k: int(result.get(k, 0)) for k in MAP_KEYS},
    }
    usage = result.get("usage")
    if usage is None:
        return summary
    notes = [str(n) for n in result.get("notes", [])]
    return {
        **summary,
        "dropped": {
            "claims": sum("dropped claim" in n for n in notes),
            "relations": sum("dropped a proposed" in n for n in notes),
        },
        "usage": usage.model_dump(),
        "stopped": result.get("stopped"),
    }
