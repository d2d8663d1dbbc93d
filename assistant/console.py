"""Terminal output for the CLI: per-source progress bars on stderr, JSON on stdout.

Keeping every human-facing message on stderr means `--json` output can always be piped.
"""

from __future__ import annotations

import json
import sys
from types import TracebackType
from typing import Any

from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from ingest.models import SourceEvent

err = Console(stderr=True, highlight=False, soft_wrap=True)


def print_json(value: Any) -> None:
    """One JSON value on stdout, pydantic models included."""
    sys.stdout.write(json.dumps(_plain(value), ensure_ascii=False, indent=2, default=str) + "\n")


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def error_line(message: str) -> None:
    err.print(f"[red]error:[/red] {escape(message)}", markup=True, highlight=False)


class SourceProgress:
    """A bar per source while it is read, and one for embedding; failures printed as they come."""

    def __init__(self, enabled: bool = True) -> None:
        self._progress = Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            TextColumn("{task.fields[detail]}", markup=False),
            TimeElapsedColumn(),
            console=err,
            disable=not enabled or not err.is_terminal,
            transient=False,
        )
        self._tasks: dict[str, TaskID] = {}
        self._embed: TaskID | None = None
        self._verbose = enabled and not err.is_terminal

    def __enter__(self) -> SourceProgress:
        self._progress.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.__exit__(exc_type, exc, tb)

    def event(self, event: SourceEvent) -> None:
        label = _short(event.source)
        task = self._tasks.get(event.source)
        if task is None:
            task = self._progress.add_task(label, total=1, detail=event.status)
            self._tasks[event.source] = task
        done = event.status not in ("reading",)
        self._progress.update(
            task, completed=1 if done else 0, detail=f"{event.status} {event.detail}".strip()
        )
        if event.status == "failed":
            self._progress.console.print(f"failed: {event.source}: {event.detail}", markup=False)
        elif done and self._verbose:
            err.print(f"{event.status}: {event.source} {event.detail}".rstrip(), markup=False)

    def embedding(self, done: int, total: int) -> None:
        if self._embed is None:
            self._embed = self._progress.add_task("embedding chunks", total=total, detail="")
        self._progress.update(self._embed, completed=done, total=total, detail=f"{done}/{total}")


def _short(source: str, width: int = 60) -> str:
    return source if len(source) <= width else "…" + source[-(width - 1) :]
