"""Commands that run the product: the web UI and the offline demo."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from assistant.commands.common import app, workspace, writing
from assistant.console import SourceProgress, err, error_line
from assistant.workspace import demo_corpus, demo_sources, project_root


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
        from assistant.service.topics import stored_topic_map

        stored_topic_map(ws)
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
