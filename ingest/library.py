"""The library: SQLite as the source of truth for documents and chunks, Chroma for vectors.

A document is in both stores or in neither, as far as any reader can tell. Writing is a
three-step protocol: (1) the document and its chunks are committed to SQLite as `pending`;
(2) the chunk vectors are upserted into Chroma and stale ones removed; (3) the document is
marked `ready`. Readers only ever see `ready` documents. A crash between steps leaves a
pending row that the next writer completes from what SQLite already holds, so nothing is lost
and nothing is duplicated (chunk ids are content-addressed, and Chroma upserts are idempotent).

Why one class of ~450 lines: the write protocol above spans both stores, and keeping every
statement that touches them in one place is what lets a reader check it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import filelock

from ingest.chunking import chunk_spans
from ingest.config import Settings
from ingest.models import Chunk, Document, Link, ParsedDocument
from ingest.wal import use_wal

if TYPE_CHECKING:  # Chroma and the embedding model are slow to import: loaded on first use
    from chromadb.api import ClientAPI

    from ingest.embed import Embedder
    from ingest.vectors import VectorIndex

Outcome = Literal["added", "updated", "unchanged"]
Progress = Callable[[int, int], None]

#: The tables of the first release. Later changes are MIGRATIONS, which every workspace, new
#: or old, goes through in order: one path, so an upgraded library is a new one.
SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    identity TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    url TEXT,
    authors TEXT NOT NULL DEFAULT '[]',
    published TEXT,
    source TEXT NOT NULL DEFAULT '',
    source_feed TEXT,
    meta TEXT NOT NULL DEFAULT '{}',
    page_starts TEXT NOT NULL DEFAULT '[]',
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    first_ready_at TEXT,
    added_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE TABLE IF NOT EXISTS subscriptions (
    url TEXT PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    etag TEXT,
    last_modified TEXT,
    added_at TEXT NOT NULL,
    last_checked TEXT,
    last_status TEXT,
    last_error TEXT,
    retry_after TEXT,
    body_hash TEXT,
    disabled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class Migration(NamedTuple):
    """One schema step: run once, in order, on every workspace whose version is below it.

    `columns` are (table, column, declaration) added when missing (SQLite has no ADD COLUMN
    IF NOT EXISTS); `statements` run after them and must be idempotent (IF NOT EXISTS), so a
    fresh workspace and an upgraded one go through the very same steps.
    """

    version: int
    why: str
    columns: tuple[tuple[str, str, str], ...] = ()
    statements: tuple[str, ...] = ()


#: The history of the schema after SCHEMA (the first release's tables). Append, never edit:
#: a workspace records in `PRAGMA user_version` the last step it has.
MIGRATIONS = (
    Migration(
        1,
        "documents say what they reply to; their hyperlinks are kept as spans",
        columns=(("documents", "reply_to", "TEXT"),),
        statements=(
            """CREATE TABLE IF NOT EXISTS links (
                doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                start INTEGER NOT NULL,
                "end" INTEGER NOT NULL,
                href TEXT NOT NULL
            )""",
            "CREATE INDEX IF NOT EXISTS links_doc ON links(doc_id)",
        ),
    ),
    Migration(
        2,
        "forum comments name their parent document; forum backfills remember where they are",
        columns=(("documents", "parent_identity", "TEXT"),),
        statements=(
            "CREATE INDEX IF NOT EXISTS documents_parent ON documents(parent_identity)",
            """CREATE TABLE IF NOT EXISTS forum_progress (
                query TEXT PRIMARY KEY,
                cursor TEXT,
                posts INTEGER NOT NULL DEFAULT 0,
                complete INTEGER NOT NULL DEFAULT 0,
                updated_at TEXT NOT NULL
            )""",
        ),
    ),
)

#: The version a workspace has once every migration has run.
SCHEMA_VERSION = MIGRATIONS[-1].version


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def document_id(identity: str) -> str:
    return "d" + hashlib.sha1(identity.encode("utf-8")).hexdigest()[:12]


#: Where a merged work was also found (ingest/merge.py): a reader sees the same document, so
#: a second source of it is recorded without re-embedding or re-analysing it.
#: Where the backend chosen for a library generation is remembered (see _stored_backend).
BACKEND_CACHE = "embed-backend.txt"
PROVENANCE_META = frozenset(
    {"urls", "sources", "identities", "merged", "meta_from", "meta_rank", "text_from"}
)


def content_hash(parsed: ParsedDocument) -> str:
    """Hash of everything a reader sees, so a changed title or date is an update too.

    Links and reply_to join the hash only when present: a document without them keeps the
    hash it had before they existed (no re-embedding on upgrade), while one that gains them
    is updated and so re-analysed with its citations.
    """
    fields: list = [
        parsed.title,
        parsed.text,
        parsed.url,
        parsed.authors,
        parsed.published.isoformat() if parsed.published else None,
        sorted((k, v) for k, v in parsed.meta.items() if k not in PROVENANCE_META),
    ]
    if parsed.links or parsed.reply_to:
        fields.append([[k.start, k.end, k.href] for k in parsed.links])
        fields.append(parsed.reply_to)
    payload = json.dumps(fields, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def schema_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection) -> int:
    """Bring a workspace made by an older release up to SCHEMA_VERSION, keeping its data;
    return the version it had.

    Each step commits with its version, so a crash between steps resumes at the next one.
    The version is read again under BEGIN IMMEDIATE: two processes opening one old workspace
    at once (the UI and a CLI command) must not both add a column. A workspace from a newer
    release is left as it is.
    """
    found = schema_version(db)
    for step in MIGRATIONS:
        if schema_version(db) >= step.version:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(db) < step.version:
                _apply(db, step)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return found


def _apply(db: sqlite3.Connection, step: Migration) -> None:
    for table, column, decl in step.columns:
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if column not in have:
            db.execute(f'ALTER TABLE {table} ADD COLUMN "{column}" {decl}')
    for statement in step.statements:
        db.execute(statement)
    db.execute(f"PRAGMA user_version = {step.version}")


class Completion(NamedTuple):
    """Documents being completed: their chunks, and how to get the chunks' vectors."""

    doc_ids: list[str]
    chunks: list[Chunk]
    vectors: Callable[[], Any]
    progress: Progress | None


class LibraryBusy(Exception):
    """Another process holds the write lock."""


class Library:
    """Documents, chunks and subscriptions of one workspace."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        settings.ensure_home()
        self.db = sqlite3.connect(settings.db_path, timeout=30, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        use_wal(self.db)
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        migrate(self.db)
        self._client: ClientAPI | None = None
        self._vectors: VectorIndex | None = None
        self._embedder: Embedder | None = None
        self._embed_backend: str | None = None
        self._lock = filelock.FileLock(str(settings.lock_path))
        # Analysis fans out over threads; two threads opening Chroma at once break its
        # shared-system cache ("Could not connect to tenant"), so first use is serialised.
        self._init_lock = threading.RLock()

    # -- shared resources, created on first use because they are slow to load ---------------

    def vector_index(self, prefix: str) -> VectorIndex:
        """A collection in this workspace's one Chroma client (created once, thread-safe)."""
        from ingest.vectors import VectorIndex

        with self._init_lock:
            return VectorIndex(
                self._chroma(), prefix, self.settings.embed_model, backend=self._backend()
            )

    def _chroma(self) -> ClientAPI:
        from ingest.vectors import make_client

        with self._init_lock:
            if self._client is None:
                self._client = make_client(self.settings.chroma_url, str(self.settings.chroma_path))
            return self._client

    def _backend(self) -> str:
        """The embedding backend for this library: the one named, else the default unless
        the library's vectors are of another family (an upgrade must not strand a library
        made before the default changed)."""
        from ingest.embed import chosen_explicitly, configured_backend

        with self._init_lock:
            if self._embed_backend is None:
                if chosen_explicitly():
                    self._embed_backend = configured_backend()
                else:
                    self._embed_backend = self._stored_backend()
            return self._embed_backend

    def _stored_backend(self) -> str:
        """backend_for, remembered per generation in a small file, so a cold `search` on a
        library whose vectors are already cached need not open Chroma to ask."""
        from ingest.embed import BACKENDS
        from ingest.vectors import backend_for

        path = self.settings.home / BACKEND_CACHE
        generation = str(self.generation())
        try:
            known, backend = path.read_text(encoding="utf-8").split()
            if known == generation and backend in BACKENDS:
                return backend
        except (OSError, ValueError):
            pass
        backend = backend_for(self._chroma(), self.settings.embed_model)
        try:
            tmp = path.with_suffix(".tmp")
            tmp.write_text(f"{generation} {backend}\n", encoding="utf-8")
            tmp.replace(path)
        except OSError:
            pass
        return backend

    def forget_backend(self) -> None:
        """Drop the remembered backend (after `reembed` changed the vectors' family)."""
        (self.settings.home / BACKEND_CACHE).unlink(missing_ok=True)
        self._embed_backend = None

    @property
    def vectors(self) -> VectorIndex:
        with self._init_lock:
            if self._vectors is None:
                self._vectors = self.vector_index("chunks")
            return self._vectors

    @property
    def embedder(self) -> Embedder:
        with self._init_lock:
            if self._embedder is None:
                from ingest.embed import get_embedder

                self._embedder = get_embedder(
                    self.settings.embed_model, self.settings.embed_batch, self._backend()
                )
            return self._embedder

    @contextmanager
    def writing(self, timeout: float = 10.0) -> Iterator[None]:
        """Hold the workspace write lock; one writer process at a time on the stores."""
        try:
            with self._lock.acquire(timeout=timeout):
                yield
        except filelock.Timeout as exc:
            raise LibraryBusy(
                f"another cruxmap process is writing to {self.settings.home} "
                "(wait for it to finish, then run again)"
            ) from exc

    def close(self) -> None:
        """Close SQLite and release this library's hold on Chroma: embedded Chroma keeps one
        system per path alive for the process until its last client closes, so a process
        that opens many workspaces (tests, a long UI session) would otherwise pile them up."""
        self.db.close()
        if self._client is not None:
            # The ClientAPI protocol does not declare close(); every concrete client has it.
            close = getattr(self._client, "close", None)
            if close is not None:
                close()
            self._client = None

    # -- writing --------------------------------------------------------------------------

    def stage(self, parsed: ParsedDocument) -> tuple[Outcome, str]:
        """Step 1: record a parsed document in SQLite as pending; say what it will be."""
        doc_id = document_id(parsed.identity)
        digest = content_hash(parsed)
        row = self.db.execute(
            "SELECT content_hash, state, first_ready_at, meta FROM documents WHERE id = ?",
            (doc_id,),
        ).fetchone()
        if row is not None and row["content_hash"] == digest:
            meta = json.dumps(parsed.meta, ensure_ascii=False)
            if row["meta"] != meta:
                with self.db:
                    self.db.execute("UPDATE documents SET meta = ? WHERE id = ?", (meta, doc_id))
            if row["state"] == "ready":
                return "unchanged", doc_id
            return ("updated" if row["first_ready_at"] else "added"), doc_id
        outcome: Outcome = "updated" if row is not None and row["first_ready_at"] else "added"
        spans = chunk_spans(parsed.text, self.settings.chunk_chars, self.settings.chunk_overlap)
        stamp = now_iso()
        with self.db:
            self.db.execute(
                """INSERT INTO documents (id, identity, kind, title, url, authors, published,
                       source, source_feed, meta, page_starts, reply_to, parent_identity,
                       text, content_hash, state, added_at, updated_at)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?, 'pending', ?, ?)
                   ON CONFLICT(id) DO UPDATE SET kind=excluded.kind, title=excluded.title,
                       url=excluded.url, authors=excluded.authors, published=excluded.published,
                       source=excluded.source, source_feed=excluded.source_feed,
                       meta=excluded.meta, page_starts=excluded.page_starts,
                       reply_to=excluded.reply_to, parent_identity=excluded.parent_identity,
                       text=excluded.text,
                       content_hash=excluded.content_hash, state='pending',
                       updated_at=excluded.updated_at""",
                (
                    doc_id,
                    parsed.identity,
                    parsed.kind,
                    parsed.title,
                    parsed.url,
                    json.dumps(parsed.authors, ensure_ascii=False),
                    parsed.published.isoformat() if parsed.published else None,
                    parsed.source,
                    parsed.source_feed,
                    json.dumps(parsed.meta, ensure_ascii=False),
                    json.dumps(parsed.page_starts),
                    parsed.reply_to,
                    parsed.parent_identity,
                    parsed.text,
                    digest,
                    stamp,
                    stamp,
                ),
            )
            self.db.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
            self.db.executemany(
                'INSERT INTO chunks (id, doc_id, seq, start, "end", text) VALUES (?,?,?,?,?,?)',
                [
                    (f"{doc_id}:{digest[:10]}:{seq}", doc_id, seq, s, e, parsed.text[s:e])
                    for seq, (s, e) in enumerate(spans)
                ],
            )
            self.db.execute("DELETE FROM links WHERE doc_id = ?", (doc_id,))
            self.db.executemany(
                'INSERT INTO links (doc_id, start, "end", href) VALUES (?,?,?,?)',
                [(doc_id, k.start, k.end, k.href) for k in parsed.links],
            )
        return outcome, doc_id

    def pending_ids(self) -> list[str]:
        rows = self.db.execute("SELECT id FROM documents WHERE state = 'pending' ORDER BY rowid")
        return [r["id"] for r in rows]

    def complete(self, doc_ids: list[str], progress: Progress | None = None) -> None:
        """Steps 2 and 3 for pending documents: embed, upsert, drop stale vectors, mark ready."""
        self.finish_completion(self.start_completion(doc_ids, progress, background=False))

    def start_completion(
        self, doc_ids: list[str], progress: Progress | None = None, background: bool = True
    ) -> Completion:
        """Step 2's encoding for pending documents, on a background thread by default, so
        the caller can go on reading and parsing the next sources while the model works.

        Only the encoding leaves this thread: SQLite and Chroma are written by the caller's
        thread in `finish_completion`. A background encode reports its progress when it is
        finished, since a progress callback may belong to the caller's thread (Streamlit's).
        """
        from ingest.background import Background

        pending = [d for d in doc_ids if self._state(d) == "pending"]
        chunks = [c for d in pending for c in self.chunks_of(d)]
        texts = [c.text for c in chunks]
        if not background:
            vectors = self._encode(texts, progress)
            return Completion(pending, chunks, lambda: vectors, None)
        job = Background(lambda: self._encode(texts, None), name="cruxmap-embed")
        return Completion(pending, chunks, job.result, progress)

    def finish_completion(self, completion: Completion) -> list[str]:
        """Steps 2 and 3 once the vectors are there; the documents re-staged meanwhile (new
        chunks, or no longer pending) are left as they are and returned, to be completed
        again: the vectors in hand are of their old text."""
        vectors = completion.vectors()
        if completion.progress and completion.chunks:
            completion.progress(len(completion.chunks), len(completion.chunks))
        changed: list[str] = []
        by_doc: dict[str, list[int]] = {}
        for row, chunk in enumerate(completion.chunks):
            by_doc.setdefault(chunk.doc_id, []).append(row)
        done: list[str] = []
        for doc_id in completion.doc_ids:
            rows = by_doc.get(doc_id, [])
            now = [c.id for c in self.chunks_of(doc_id)]
            if self._state(doc_id) != "pending" or now != [completion.chunks[r].id for r in rows]:
                changed.append(doc_id)
            else:
                done.append(doc_id)
        if not done:
            return changed
        keep = [r for d in done for r in by_doc.get(d, [])]
        chunks = [completion.chunks[r] for r in keep]
        if chunks:
            self.vectors.upsert(
                [c.id for c in chunks],
                vectors[keep],
                [{"doc_id": c.doc_id, "start": c.start, "end": c.end} for c in chunks],
            )
        wanted = {c.id for c in chunks}
        for doc_id in done:
            stale = self.vectors.ids_where({"doc_id": doc_id}) - wanted
            if stale:
                self.vectors.delete(sorted(stale))
        stamp = now_iso()
        with self.db:
            self.db.executemany(
                """UPDATE documents SET state='ready',
                   first_ready_at=COALESCE(first_ready_at, ?) WHERE id=?""",
                [(stamp, d) for d in done],
            )
            self._bump_generation()
        return changed

    def _encode(self, texts: list[str], progress: Progress | None):
        import numpy as np

        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        step = max(self.settings.embed_batch * 4, 1)
        parts = []
        for start in range(0, len(texts), step):
            parts.append(self.embedder.encode(texts[start : start + step]))
            if progress:
                progress(min(start + step, len(texts)), len(texts))
        return np.concatenate(parts)

    def repair(self) -> int:
        """Finish what an interrupted run left: pending documents and orphan vectors."""
        pending = self.pending_ids()
        if pending:
            self.complete(pending)
        known = {r["id"] for r in self.db.execute("SELECT id FROM chunks")}
        orphans = self.vectors.ids_where() - known
        if orphans:
            self.vectors.delete(sorted(orphans))
        return len(pending)

    def remove(self, doc_id: str) -> bool:
        """Vectors go first: a crash in between leaves a pending row that repair re-embeds."""
        if self._state(doc_id) is None:
            return False
        with self.db:
            self.db.execute("UPDATE documents SET state='pending' WHERE id=?", (doc_id,))
        self.vectors.delete_where({"doc_id": doc_id})
        with self.db:
            self.db.execute("DELETE FROM documents WHERE id=?", (doc_id,))
            self._bump_generation()
        return True

    def _state(self, doc_id: str) -> str | None:
        row = self.db.execute("SELECT state FROM documents WHERE id=?", (doc_id,)).fetchone()
        return row["state"] if row else None

    def _bump_generation(self) -> None:
        self.db.execute(
            """INSERT INTO meta (key, value) VALUES ('generation', '1')
               ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"""
        )

    # -- reading --------------------------------------------------------------------------

    def generation(self) -> int:
        """Bumped on every committed change; caches (BM25, analysis) key on it."""
        row = self.db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row["value"]) if row else 0

    def documents(self) -> list[Document]:
        rows = self.db.execute(
            "SELECT * FROM documents WHERE state='ready' ORDER BY published IS NULL, published, title"
        ).fetchall()
        links = self._links_by_doc()
        return [_document(r, links.get(r["id"], [])) for r in rows]

    def document(self, doc_id: str) -> Document | None:
        row = self.db.execute(
            "SELECT * FROM documents WHERE id=? AND state='ready'", (doc_id,)
        ).fetchone()
        return _document(row, self.links_of(doc_id)) if row else None

    def links_of(self, doc_id: str) -> list[Link]:
        """A document's hyperlinks in text order (offsets into its stored text)."""
        rows = self.db.execute(
            'SELECT start, "end", href FROM links WHERE doc_id=? ORDER BY start, "end"', (doc_id,)
        )
        return [Link(start=r[0], end=r[1], href=r[2]) for r in rows]

    def _links_by_doc(self) -> dict[str, list[Link]]:
        """Every document's links in one query, so listing the library stays O(library)."""
        out: dict[str, list[Link]] = {}
        rows = self.db.execute('SELECT doc_id, start, "end", href FROM links ORDER BY start, "end"')
        for doc_id, start, end, href in rows:
            out.setdefault(doc_id, []).append(Link(start=start, end=end, href=href))
        return out

    def document_by_identity(self, identity: str) -> Document | None:
        return self.document(document_id(identity))

    def find_documents(self, prefix: str) -> list[Document]:
        """Ids are long; let users type a unique prefix as with git hashes."""
        rows = self.db.execute(
            "SELECT * FROM documents WHERE state='ready' AND id LIKE ? ORDER BY id",
            (prefix.replace("%", "").replace("_", r"\_") + "%",),
        )
        return [_document(r, self.links_of(r["id"])) for r in rows]

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        rows = self.db.execute(
            'SELECT id, doc_id, start, "end", text FROM chunks WHERE doc_id=? ORDER BY seq',
            (doc_id,),
        )
        return [Chunk(id=r[0], doc_id=r[1], start=r[2], end=r[3], text=r[4]) for r in rows]

    def all_chunks(self) -> list[Chunk]:
        rows = self.db.execute(
            """SELECT c.id, c.doc_id, c.start, c."end", c.text FROM chunks c
               JOIN documents d ON d.id = c.doc_id WHERE d.state='ready'
               ORDER BY c.doc_id, c.seq"""
        )
        return [Chunk(id=r[0], doc_id=r[1], start=r[2], end=r[3], text=r[4]) for r in rows]

    def counts(self) -> dict[str, int]:
        docs = self.db.execute("SELECT COUNT(*) FROM documents WHERE state='ready'").fetchone()[0]
        chunks = self.db.execute(
            "SELECT COUNT(*) FROM chunks c JOIN documents d ON d.id=c.doc_id WHERE d.state='ready'"
        ).fetchone()[0]
        pending = self.db.execute(
            "SELECT COUNT(*) FROM documents WHERE state='pending'"
        ).fetchone()[0]
        return {"documents": docs, "chunks": chunks, "pending": pending}


def _document(row: sqlite3.Row, links: list[Link]) -> Document:
    return Document(
        id=row["id"],
        kind=row["kind"],
        identity=row["identity"],
        title=row["title"],
        url=row["url"],
        authors=json.loads(row["authors"]),
        published=datetime.fromisoformat(row["published"]) if row["published"] else None,
        source=row["source"],
        source_feed=row["source_feed"],
        meta=json.loads(row["meta"]),
        page_starts=json.loads(row["page_starts"]),
        links=links,
        reply_to=row["reply_to"],
        parent_identity=row["parent_identity"],
        text=row["text"],
        content_hash=row["content_hash"],
        added_at=datetime.fromisoformat(row["added_at"]),
    )
