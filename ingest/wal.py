"""Opening one SQLite file from several processes at once."""

from __future__ import annotations

import sqlite3
import time


def use_wal(db: sqlite3.Connection, patience: float = 30.0) -> None:
    """Switch the workspace to WAL, waiting for other openers.

    Changing the journal mode needs the database to itself. When two openers both hold a read
    lock and both want it, SQLite refuses one at once instead of waiting (deadlock
    avoidance), so several processes opening one old (non-WAL) workspace together got
    "database is locked" (CI saw it with four threads; a stress run 9 times in 1,200 opens).
    Once the file is WAL the pragma is a no-op that takes no lock.
    """
    deadline = time.monotonic() + patience
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
