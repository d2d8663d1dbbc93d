"""Process-wide resources the graph nodes share: library, map store, analyst, write lock.

They are built from the run's context (workspace and analyst spec) on first use, so the same
compiled graph serves the CLI, the UI and LangGraph Studio.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from assistant.analysts import Analyst, get_analyst
from assistant.citations import CitationResolver
from assistant.mapstore import MapStore
from assistant.offline.dialogue import DialogueIndex, DialogueRow
from assistant.offline.relations import ReplyIndex
from assistant.workspace import open_library
from ingest.library import Library


@dataclass
class Resources:
    library: Library
    store: MapStore
    analyst: Analyst
    write_lock: threading.Lock
    _indexes: tuple[object, ReplyIndex, DialogueIndex, CitationResolver] | None = None
    _index_lock: threading.Lock = field(default_factory=threading.Lock)

    def indexes(self) -> tuple[ReplyIndex, DialogueIndex, CitationResolver]:
        """Who names whom (stance), who replies to whom and what cites what (evidence), for
        the library as it is now: built once per library generation, read by every
        document's linking."""
        with self._index_lock:
            version = self.library.generation()
            if self._indexes is None or self._indexes[0] != version:
                docs = self.library.documents()
                replies = ReplyIndex([(d.id, d.authors, f"{d.title}\n\n{d.text}") for d in docs])
                dialogue = DialogueIndex.build(
                    [DialogueRow(d.id, d.authors, d.title, d.text, d.url, d.reply_to) for d in docs]
                )
                resolver = CitationResolver.from_documents(docs)
                self._indexes = (version, replies, dialogue, resolver)
            return self._indexes[1], self._indexes[2], self._indexes[3]


_CACHE: dict[tuple[str | None, str | None], Resources] = {}
_GUARD = threading.Lock()


def resources(home: str | None, llm: str | None) -> Resources:
    key = (home, llm)
    with _GUARD:
        if key not in _CACHE:
            library = open_library(Path(home) if home else None)
            _CACHE[key] = Resources(library, MapStore(library), get_analyst(llm), threading.Lock())
        return _CACHE[key]


def forget(home: str | None) -> None:
    """Drop cached resources of a workspace (tests and the UI reopen workspaces)."""
    with _GUARD:
        for key in [k for k in _CACHE if k[0] == home]:
            _CACHE.pop(key).library.close()
