"""One workspace (a home directory) and everything opened on it, held by one object.

A CLI command or a UI session opens a `Workspace` once, hands it to the graphs through their
runtime context (`AnalysisContext`, `AskContext`) and closes it, so there is no cache of
workspaces to keep in step with the files: two workspaces are two objects, and closing one
closes its connections. The slow parts (the embedder, Chroma, the analyst's chat model, the
ask retriever's indexes) are built on first use, so a command that only lists documents pays
for none of them.
"""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from assistant.mapstore import MapStore
from ingest.config import Settings
from ingest.library import Library

if TYPE_CHECKING:
    from assistant.analysts import Analyst
    from assistant.ask.retrieve import Retriever
    from assistant.citations import CitationResolver
    from assistant.offline.dialogue import DialogueIndex, ReplyIndex
    from ingest.fetch import Fetcher


def load_settings(home: Path | None = None, allow_private: bool | None = None) -> Settings:
    """Settings from the environment, with the CLI's or the UI's --home and --allow-private."""
    overrides: dict = {}
    if home is not None:
        overrides["home"] = home
    if allow_private is not None and allow_private:
        overrides["allow_private"] = True
    return Settings(**overrides)


class LinkIndexes(NamedTuple):
    """What linking across documents reads for every document, for one library generation:
    who names whom and how (stance), who replies to whom, and which document a citation
    points at."""

    replies: ReplyIndex
    dialogue: DialogueIndex
    resolver: CitationResolver


class Workspace:
    """The library, the map store, the analyst, the ask retriever and the write lock of one
    home directory.

    `llm` is the chat model spec the analyst and the ask graph use (None: offline). The
    analysis graph's nodes write under `write_lock`, because its fan-out runs in threads that
    share this workspace's one SQLite connection.
    """

    def __init__(self, library: Library, llm: str | None = None) -> None:
        self.library = library
        self.settings: Settings = library.settings
        self.llm = llm
        self.store = MapStore(library)
        self.write_lock = threading.Lock()
        self._build_lock = threading.Lock()
        self._index_lock = threading.Lock()
        self._analyst: Analyst | None = None
        self._retriever: Retriever | None = None
        self._indexes: tuple[int, LinkIndexes] | None = None

    @classmethod
    def open(
        cls, home: Path | None = None, allow_private: bool = False, llm: str | None = None
    ) -> Workspace:
        """The workspace at `home` (default: $CRUXMAP_HOME, else the per-user directory)."""
        return cls(Library(load_settings(home, allow_private)), llm)

    @classmethod
    def from_environment(cls, home: Path | None = None) -> Workspace:
        """The workspace at `home` answering with $CRUXMAP_LLM (None: offline): what the UI
        and LangGraph Studio open, neither having an --llm flag of its own."""
        settings = load_settings(home)
        return cls(Library(settings), settings.llm)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.library.close()

    @cached_property
    def fetcher(self) -> Fetcher:
        """The network rules of this workspace's settings (timeout, size cap, User-Agent,
        private-address guard, retries), made once and handed to every job that reads URLs."""
        from ingest.fetch import Fetcher

        return Fetcher.from_settings(self.settings)

    @property
    def analyst(self) -> Analyst:
        """The analyst for `llm`, made on first use (a chat model client is slow to build)."""
        with self._build_lock:
            if self._analyst is None:
                from assistant.analysts import get_analyst

                self._analyst = get_analyst(self.llm, self.library.embedder)
            return self._analyst

    @property
    def retriever(self) -> Retriever:
        """The ask retriever; it keeps its BM25 indexes fresh against the map's version."""
        with self._build_lock:
            if self._retriever is None:
                from assistant.ask.retrieve import Retriever

                self._retriever = Retriever(self.store)
            return self._retriever

    def indexes(self) -> LinkIndexes:
        """The linking indexes for the library as it is now: built once per library
        generation (reading every document once), then shared by every document's linking."""
        with self._index_lock:
            version = self.library.generation()
            if self._indexes is None or self._indexes[0] != version:
                self._indexes = (version, _link_indexes(self.library))
            return self._indexes[1]


def _link_indexes(library: Library) -> LinkIndexes:
    from assistant.citations import CitationResolver
    from assistant.offline.dialogue import DialogueIndex, DialogueRow, ReplyIndex

    docs = library.documents()
    return LinkIndexes(
        replies=ReplyIndex([(d.id, d.authors, f"{d.title}\n\n{d.text}") for d in docs]),
        dialogue=DialogueIndex.build(
            [
                DialogueRow(
                    d.id, d.authors, d.title, d.text, d.url or d.meta.get("uri"), d.reply_to
                )
                for d in docs
            ]
        ),
        resolver=CitationResolver.from_documents(docs),
    )


_STUDIO: Workspace | None = None
_STUDIO_LOCK = threading.Lock()


def studio_workspace() -> Workspace:
    """LangGraph Studio's entry only (langgraph.json): Studio runs the exported graphs without
    a workspace in their context, so this opens the one at $CRUXMAP_HOME (analyst from
    $CRUXMAP_LLM) on first call and keeps it for the server's life. The CLI, the UI, the tests
    and the benchmarks always pass their own workspace and never reach this."""
    global _STUDIO
    with _STUDIO_LOCK:
        if _STUDIO is None:
            _STUDIO = Workspace.from_environment()
        return _STUDIO


def project_root() -> Path:
    """The checkout holding corpora/: the demo reads its corpus from there."""
    return Path(__file__).resolve().parent.parent


def demo_corpus() -> Path:
    return project_root() / "corpora" / "demo"


def demo_sources() -> list[str]:
    """The corpus documents, not its README, gold annotations or the PDF's source text."""
    root = demo_corpus()
    sources = [root / "feed.xml", root / "notes", root / "text", root / "html"]
    sources += sorted((root / "pdf").glob("*.pdf"))
    return [str(s) for s in sources if s.exists()]
