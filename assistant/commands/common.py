"""What every command shares: the Typer apps, the common options, --home, and how a
command opens its workspace, takes the write lock and reports an ingest-shaped result.

The command modules beside this one register on these apps; `assistant.cli` imports them
all, so each concern (sources, library, analysis, map, app) is one file with one owner.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from assistant.console import SourceProgress, err, error_line, print_json
from assistant.workspace import Workspace, load_settings
from ingest.library import LibraryBusy
from ingest.models import IngestReport

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


claims_app = typer.Typer(help="Claims in the argument map.", no_args_is_help=True)
app.add_typer(claims_app, name="claims")
LlmOpt = Annotated[
    Optional[str],
    typer.Option(
        "--llm", help="provider:model (e.g. openai:gpt-4.1-mini); default $CRUXMAP_LLM or offline."
    ),
]


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
