"""`cruxmap`: the composition root. Every command the UI offers is here too.

Each command opens the workspace once (`with workspace() as ws`), passes it down, and closes
it. Contract (the README's "Using it on real sources"): `--json` prints one JSON value on
stdout, messages go to stderr; exit 0 when everything worked, 1 when some inputs failed (the
rest were kept), 2 on usage errors. Expected failures print one line, never a traceback.

The commands live in `assistant.commands`, one module per concern; importing them here
registers them on the one Typer app, in the order `cruxmap --help` lists them.
"""

from __future__ import annotations

import importlib

from assistant.commands.common import app
from assistant.console import error_line
from ingest.models import IngestError

__all__ = ["app", "run"]

#: Importing a command module registers its commands; this order is `--help`'s order.
COMMAND_MODULES = ("sources", "forum", "feeds", "library", "analysis", "map", "app")
for _name in COMMAND_MODULES:
    importlib.import_module(f"assistant.commands.{_name}")


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
