"""The two ways the tests run `cruxmap`: in this process, or as a real process.

In-process (`invoke_cli`) is the default: a subprocess pays for Python, torch and the embedder
on every call, while in this process the embedder is loaded once (`get_embedder` is cached).
A real process (`run_cli`, `spawn_cli`) is kept where the process is the point: a SIGKILL
mid-write and the resume after it, the installed console script itself, servers.

Both return the same three things, so a test asserts the same exit code and output lines
either way.
"""

from __future__ import annotations

import os
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from click.testing import CliRunner

CONSOLE_SCRIPT = str(Path(sys.executable).parent / "cruxmap")


@dataclass(frozen=True)
class CliResult:
    """What a user sees of one command: its exit code and its two streams."""

    returncode: int
    stdout: str
    stderr: str


class _ConsoleScript:
    """What the installed `cruxmap` script runs, `assistant.cli.run()` on argv, shaped as the
    command CliRunner invokes. Going through `run()` rather than the typer app keeps its
    mapping of expected errors to one line; an unexpected exception is printed and exits 1,
    as the interpreter does for a real process, so a test that asserts "no traceback on
    stderr" still means it."""

    name = "cruxmap"

    def main(self, args: list[str], prog_name: str) -> None:
        from assistant.cli import run

        with mock.patch.object(sys, "argv", [prog_name, *args]):
            try:
                run()
            except Exception:
                traceback.print_exc()
                raise SystemExit(1) from None


def invoke_cli(*args: str, home: Path, env: dict[str, str] | None = None) -> CliResult:
    """Run one `cruxmap` command in this process, with $CRUXMAP_HOME at `home` and `env` set
    only for the call."""
    result = CliRunner().invoke(
        _ConsoleScript(),  # type: ignore[arg-type]  # CliRunner only calls .main and .name
        list(args),
        env={"CRUXMAP_HOME": str(home), **(env or {})},
        catch_exceptions=False,
    )
    return CliResult(result.exit_code, result.stdout, result.stderr)


def cli_env(home: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a real `cruxmap` process on `home`."""
    return {**os.environ, "CRUXMAP_HOME": str(home), **(env or {})}


def run_cli(
    *args: str, home: Path, env: dict[str, str] | None = None, timeout: float = 600
) -> CliResult:
    """Run the installed `cruxmap` console script as a real process, as a user would."""
    done = subprocess.run(
        [CONSOLE_SCRIPT, *args],
        capture_output=True,
        text=True,
        env=cli_env(home, env),
        timeout=timeout,
    )
    return CliResult(done.returncode, done.stdout, done.stderr)


def spawn_cli(*args: str, home: Path) -> subprocess.Popen:
    """Start `cruxmap` in its own process group without waiting, so a test can SIGKILL it
    (and anything it started) mid-write."""
    return subprocess.Popen(
        [CONSOLE_SCRIPT, *args],
        env=cli_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
