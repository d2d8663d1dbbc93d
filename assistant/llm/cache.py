"""A persistent cache of model answers, so the same question is paid for once.

Keyed by the model (spec and server), the exact messages and the reply schema: a resumed or
repeated run, or a re-analysis of an unchanged document, asks the same questions and finds
them answered. Only validated answers are stored, never a refusal or a malformed reply. It
is one SQLite file of its own in the workspace home, safe for the run's threads (one
connection behind a lock) and for a second process (SQLite's own locking).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from pathlib import Path

from langchain_core.messages import BaseMessage

from ingest.wal import use_wal

FILENAME = "llm_calls.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS calls (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    reply TEXT NOT NULL,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    created TEXT NOT NULL DEFAULT (datetime('now'))
)
"""


def call_key(model: str, messages: list[BaseMessage], schema: dict) -> str:
    """The cache key of one question: model identity, every message's role and text, schema."""
    body = [model, [(m.type, m.text) for m in messages], schema]
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode("utf-8")).hexdigest()


class CallCache:
    """Validated answers by `call_key`, in `home/llm_calls.sqlite`."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=30)
        use_wal(self._db)
        with self._lock, self._db:
            self._db.execute(_SCHEMA)

    @classmethod
    def in_home(cls, home: Path) -> CallCache:
        return cls(home / FILENAME)

    def get(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT reply FROM calls WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def has(self, key: str) -> bool:
        return self.get(key) is not None

    def put(self, key: str, model: str, reply: str, input_tokens: int, output_tokens: int) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO calls (key, model, reply, input_tokens, output_tokens) "
                "VALUES (?, ?, ?, ?, ?)",
                (key, model, reply, input_tokens, output_tokens),
            )

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM calls").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()
