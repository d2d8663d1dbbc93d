"""The argument map in SQLite (beside the library's tables) and claim vectors in Chroma.

A document's analysis is written in one transaction: its claims, its relations and the
record that it was analysed at a given content hash. So an interrupted `analyze` leaves each
document either fully analysed or untouched, and the next run only does what is missing.
Derived results (flags, cruxes) live in their own tables and are recomputed after each run.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from datetime import datetime
from typing import TYPE_CHECKING

from assistant.models import Claim, ClaimDraft, Crux, Evidence, Flag, Relation
from ingest.library import Library, now_iso

if TYPE_CHECKING:
    from ingest.vectors import VectorIndex

SCHEMA = """
CREATE TABLE IF NOT EXISTS claims (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    quote TEXT NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    hedged INTEGER NOT NULL DEFAULT 0,
    confidence REAL NOT NULL DEFAULT 0.5,
    markers TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS claims_doc ON claims(doc_id);
CREATE TABLE IF NOT EXISTS relations (
    source TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    target TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    rationale TEXT NOT NULL,
    confidence REAL NOT NULL,
    analyst TEXT NOT NULL,
    evidence_kind TEXT,
    evidence_doc TEXT,
    evidence_start INTEGER,
    evidence_end INTEGER,
    PRIMARY KEY (source, target, type)
);
CREATE INDEX IF NOT EXISTS relations_target ON relations(target);
CREATE TABLE IF NOT EXISTS analyzed (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    analyst TEXT NOT NULL,
    phase TEXT NOT NULL,
    analyzed_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS flags (claim_id TEXT NOT NULL, kind TEXT NOT NULL, why TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cruxes (rank INTEGER PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS linking (doc_id TEXT PRIMARY KEY);
"""


#: The rules a document was analysed under. A map made under older rules (relations without
#: evidence, similarity read as agreement) is re-analysed on the next `analyze`: documents
#: are the source of truth, so an upgrade loses nothing and never keeps untrustworthy links.
MAP_VERSION = 2

# Columns added since the first release, applied to an existing workspace on open.
_MIGRATIONS = (
    ("relations", "evidence_kind", "TEXT"),
    ("relations", "evidence_doc", "TEXT"),
    ("relations", "evidence_start", "INTEGER"),
    ("relations", "evidence_end", "INTEGER"),
    ("analyzed", "version", "INTEGER NOT NULL DEFAULT 0"),
)

_RELATION_COLUMNS = """source, target, type, rationale, confidence, analyst, evidence_kind,
    evidence_doc, evidence_start, evidence_end"""


def migrate(db: sqlite3.Connection) -> None:
    """Add the columns an older workspace lacks (SQLite has no ADD COLUMN IF NOT EXISTS)."""
    for table, column, decl in _MIGRATIONS:
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if column not in have:
            db.execute(f'ALTER TABLE {table} ADD COLUMN "{column}" {decl}')
    db.commit()


def claim_id(doc_id: str, start: int, end: int) -> str:
    return "c" + hashlib.sha1(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:12]


class MapStore:
    """Claims and relations of one workspace; shares the library's SQLite connection."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.db: sqlite3.Connection = library.db
        self.db.executescript(SCHEMA)
        migrate(self.db)
        self._vectors: VectorIndex | None = None
        self._init_lock = threading.Lock()

    @property
    def vectors(self) -> VectorIndex:
        with self._init_lock:
            if self._vectors is None:
                self._vectors = self.library.vector_index("claims")
            return self._vectors

    # -- what needs doing ------------------------------------------------------------------

    def stale_documents(self) -> list[str]:
        """Documents never analysed, or analysed at another content hash, or half-linked."""
        rows = self.db.execute(
            """SELECT d.id FROM documents d LEFT JOIN analyzed a ON a.doc_id = d.id
               WHERE d.state='ready' AND (a.doc_id IS NULL OR a.content_hash != d.content_hash
               OR a.phase != 'linked' OR a.version < ?) ORDER BY d.id""",
            (MAP_VERSION,),
        )
        return [r[0] for r in rows]

    def phase(self, doc_id: str) -> str | None:
        row = self.db.execute(
            """SELECT a.phase FROM analyzed a JOIN documents d ON d.id=a.doc_id
               WHERE a.doc_id=? AND a.content_hash=d.content_hash AND a.version >= ?""",
            (doc_id, MAP_VERSION),
        ).fetchone()
        return row[0] if row else None

    # -- writing ---------------------------------------------------------------------------

    def save_claims(
        self,
        doc_id: str,
        content_hash: str,
        analyst: str,
        drafts: list[ClaimDraft],
        internal: list[tuple[int, int, Relation]],
    ) -> list[str]:
        """Replace a document's claims and its internal relations in one transaction.

        `internal` holds (source index, target index, relation) for relations inside the
        document; the indices refer to `drafts`.
        """
        ids = [claim_id(doc_id, d.start, d.end) for d in drafts]
        with self.db:
            self.db.execute("DELETE FROM claims WHERE doc_id=?", (doc_id,))
            self.db.executemany(
                """INSERT OR REPLACE INTO claims (id, doc_id, start, "end", quote, text, kind,
                   hedged, confidence, markers) VALUES (?,?,?,?,?,?,?,?,?,?)""",
                [
                    (
                        cid,
                        doc_id,
                        d.start,
                        d.end,
                        d.quote,
                        d.text,
                        d.kind,
                        int(d.hedged),
                        d.confidence,
                        json.dumps(d.markers),
                    )
                    for cid, d in zip(ids, drafts)
                ],
            )
            self._insert_relations(
                [r.model_copy(update={"source": ids[s], "target": ids[t]}) for s, t, r in internal]
            )
            self._mark(doc_id, content_hash, analyst, "claims")
        return ids

    def claim_ids(self, doc_id: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT id FROM claims WHERE doc_id=?", (doc_id,))}

    def save_links(
        self, doc_id: str, content_hash: str, analyst: str, relations: list[Relation]
    ) -> None:
        with self.db:
            self._insert_relations(relations)
            self._mark(doc_id, content_hash, analyst, "linked")

    def _insert_relations(self, relations: list[Relation]) -> None:
        self.db.executemany(
            f"""INSERT OR REPLACE INTO relations ({_RELATION_COLUMNS})
               VALUES (?,?,?,?,?,?,?,?,?,?)""",
            [
                (
                    r.source,
                    r.target,
                    r.type,
                    r.rationale,
                    r.confidence,
                    r.analyst,
                    r.evidence.kind if r.evidence else None,
                    r.evidence.doc_id if r.evidence else None,
                    r.evidence.start if r.evidence else None,
                    r.evidence.end if r.evidence else None,
                )
                for r in relations
            ],
        )

    def _bump(self) -> None:
        self.db.execute(
            """INSERT INTO meta (key, value) VALUES ('map_generation', '1')
               ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"""
        )

    def version(self) -> tuple[int, int]:
        """Changes whenever the map or the library changes; caches key on it."""
        row = self.db.execute("SELECT value FROM meta WHERE key='map_generation'").fetchone()
        return (int(row[0]) if row else 0, self.library.generation())

    def _mark(self, doc_id: str, content_hash: str, analyst: str, phase: str) -> None:
        self.db.execute(
            """INSERT INTO analyzed (doc_id, content_hash, analyst, phase, analyzed_at, version)
               VALUES (?,?,?,?,?,?) ON CONFLICT(doc_id) DO UPDATE SET
               content_hash=excluded.content_hash, analyst=excluded.analyst,
               phase=excluded.phase, analyzed_at=excluded.analyzed_at,
               version=excluded.version""",
            (doc_id, content_hash, analyst, phase, now_iso(), MAP_VERSION),
        )
        self._bump()

    def begin_linking(self, doc_ids: list[str]) -> None:
        """Record the documents this run links, once, where every document's linking can
        look them up (see `linking_among`).

        Handing the whole list to each document's task instead made the run quadratic: at
        4,000 documents every checkpoint carried 4,000 ids, 1.4 GB of checkpoints in all.
        """
        with self.db:
            self.db.execute("DELETE FROM linking")
            self.db.executemany("INSERT INTO linking (doc_id) VALUES (?)", [(d,) for d in doc_ids])

    def linking_among(self, doc_ids: set[str]) -> set[str]:
        """Which of `doc_ids` this run links (so they type a shared pair themselves)."""
        ids = sorted(doc_ids)
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            marks = ",".join("?" * len(part))
            rows = self.db.execute(f"SELECT doc_id FROM linking WHERE doc_id IN ({marks})", part)
            found.update(r[0] for r in rows)
        return found

    def end_linking(self) -> None:
        with self.db:
            self.db.execute("DELETE FROM linking")

    def save_derived(self, flags: list[Flag], cruxes: list[Crux]) -> None:
        with self.db:
            self.db.execute("DELETE FROM flags")
            self.db.executemany(
                "INSERT INTO flags (claim_id, kind, why) VALUES (?,?,?)",
                [(f.claim_id, f.kind, f.why) for f in flags],
            )
            self.db.execute("DELETE FROM cruxes")
            self.db.executemany(
                "INSERT INTO cruxes (rank, data) VALUES (?,?)",
                [(i, c.model_dump_json(by_alias=True)) for i, c in enumerate(cruxes)],
            )

    def forget_missing_documents(self) -> None:
        """Claims of removed documents go with them (SQLite cascades); their vectors too."""
        known = {r[0] for r in self.db.execute("SELECT id FROM claims")}
        orphans = self.vectors.ids_where() - known
        if orphans:
            self.vectors.delete(sorted(orphans))

    # -- reading ---------------------------------------------------------------------------

    def claims(self, doc_id: str | None = None) -> list[Claim]:
        query = """SELECT c.*, d.authors, d.published, d.title, d.url FROM claims c
                   JOIN documents d ON d.id=c.doc_id WHERE d.state='ready'"""
        params: tuple = ()
        if doc_id:
            query += " AND c.doc_id=?"
            params = (doc_id,)
        rows = self.db.execute(query + " ORDER BY c.doc_id, c.start", params)
        return [_claim(r) for r in rows]

    def claim(self, cid: str) -> Claim | None:
        row = self.db.execute(
            """SELECT c.*, d.authors, d.published, d.title, d.url FROM claims c
               JOIN documents d ON d.id=c.doc_id WHERE c.id=?""",
            (cid,),
        ).fetchone()
        return _claim(row) if row else None

    def find_claims(self, prefix: str) -> list[str]:
        rows = self.db.execute("SELECT id FROM claims WHERE id LIKE ? ORDER BY id", (prefix + "%",))
        return [r[0] for r in rows]

    def relations(self) -> list[Relation]:
        """Every stored relation, candidates included: callers that count use `asserted`."""
        rows = self.db.execute(f"SELECT {_RELATION_COLUMNS} FROM relations")
        return [_relation(r) for r in rows]

    def relations_of(self, cid: str) -> list[Relation]:
        rows = self.db.execute(
            f"SELECT {_RELATION_COLUMNS} FROM relations WHERE source=? OR target=?",
            (cid, cid),
        )
        return [_relation(r) for r in rows]

    def relations_touching(self, ids: set[str]) -> list[Relation]:
        """Relations with an end in `ids`, without loading the whole map."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"""SELECT {_RELATION_COLUMNS} FROM relations
                WHERE source IN ({marks}) OR target IN ({marks})""",
            (*ids, *ids),
        )
        return [_relation(r) for r in rows]

    def flags(self, cid: str | None = None) -> list[Flag]:
        if cid:
            rows = self.db.execute("SELECT claim_id, kind, why FROM flags WHERE claim_id=?", (cid,))
        else:
            rows = self.db.execute("SELECT claim_id, kind, why FROM flags")
        return [Flag(**dict(r)) for r in rows]

    def cruxes(self) -> list[Crux]:
        rows = self.db.execute("SELECT data FROM cruxes ORDER BY rank")
        return [Crux.model_validate_json(r[0]) for r in rows]

    def counts(self) -> dict[str, int]:
        docs = self.db.execute("SELECT COUNT(*) FROM analyzed WHERE phase='linked'").fetchone()[0]
        claims = self.db.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
        relations = self.db.execute(
            """SELECT COUNT(*) FROM relations WHERE type != 'related'
               AND evidence_kind IS NOT NULL AND evidence_kind != 'similarity'"""
        ).fetchone()[0]
        candidates = self.db.execute("SELECT COUNT(*) FROM relations").fetchone()[0] - relations
        return {
            "documents": docs,
            "claims": claims,
            "relations": relations,
            "candidates": candidates,
        }


def _relation(row: sqlite3.Row) -> Relation:
    evidence = None
    if row["evidence_kind"]:
        evidence = Evidence(
            kind=row["evidence_kind"],
            doc_id=row["evidence_doc"] or "",
            start=row["evidence_start"] or 0,
            end=row["evidence_end"] or 0,
        )
    return Relation(
        source=row["source"],
        target=row["target"],
        type=row["type"],
        rationale=row["rationale"],
        confidence=row["confidence"],
        analyst=row["analyst"],
        evidence=evidence,
    )


def _claim(row: sqlite3.Row) -> Claim:
    authors = json.loads(row["authors"])
    return Claim(
        id=row["id"],
        doc_id=row["doc_id"],
        start=row["start"],
        end=row["end"],
        quote=row["quote"],
        text=row["text"],
        kind=row["kind"],
        hedged=bool(row["hedged"]),
        confidence=row["confidence"],
        markers=json.loads(row["markers"]),
        author=", ".join(authors),
        published=datetime.fromisoformat(row["published"]) if row["published"] else None,
        title=row["title"],
        url=row["url"],
    )
