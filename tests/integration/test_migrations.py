"""An upgrade never breaks a library: a workspace made by an older schema opens, runs every
migration once, and keeps all of its data.

The old databases are built here from frozen copies of the DDL those releases ran (v1 is
main's before forum threads; v0 the first release, before links and reply_to), with data
in every table, and then opened by today's code.
"""

from __future__ import annotations

import json
import sqlite3
import threading

import pytest

from ingest.library import MIGRATIONS, SCHEMA_VERSION, Library, content_hash, document_id
from ingest.models import ParsedDocument
from tests.cli import invoke_cli

pytestmark = pytest.mark.integration

# ingest/library.py's SCHEMA at user_version 1 (main before forum threads), verbatim.
SCHEMA_V1 = """

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
    reply_to TEXT,
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
CREATE TABLE IF NOT EXISTS links (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    href TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS links_doc ON links(doc_id);
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

# The map's tables as the same release made them (assistant/mapstore.py), to show that
# the library's migrations leave what other stores keep in the same file alone.
MAP_V1 = """
CREATE TABLE claims (
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
CREATE TABLE relations (
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
"""

# The first release: no reply_to column, no links table, user_version 0.
SCHEMA_V0 = (
    SCHEMA_V1.replace("    reply_to TEXT,\n", "").split("CREATE TABLE IF NOT EXISTS links")[0]
    + SCHEMA_V1.split("CREATE INDEX IF NOT EXISTS links_doc ON links(doc_id);")[1]
)

POST = ParsedDocument(
    kind="feed",
    identity="post-1",
    title="Oversight scales poorly",
    text="Oversight scales poorly, because evaluators tire. See the earlier post.",
    url="https://blog.example/posts/1",
    authors=["Ada Author"],
    source="https://blog.example/feed.xml",
    source_feed="https://blog.example/feed.xml",
    meta={"tags": "oversight"},
)
NOTE = ParsedDocument(
    kind="notes",
    identity="/notes/reply.md",
    title="A reply",
    text="Evaluators do not tire if the task is split.",
    authors=["Bea Critic"],
    reply_to="https://blog.example/posts/1",
)
STAMP = "2025-03-01T00:00:00+00:00"


def old_workspace(settings, version: int) -> dict[str, list[tuple]]:
    """A workspace as the release at `version` left it; returns every row it holds."""
    settings.ensure_home()
    db = sqlite3.connect(settings.db_path)
    db.executescript(SCHEMA_V1 if version == 1 else SCHEMA_V0)
    db.executescript(MAP_V1)
    docs = [POST, NOTE] if version == 1 else [POST, NOTE.model_copy(update={"reply_to": None})]
    for doc in docs:
        columns = "id, identity, kind, title, url, authors, published, source, source_feed, meta, text, content_hash, state, first_ready_at, added_at, updated_at"
        values = [
            document_id(doc.identity),
            doc.identity,
            doc.kind,
            doc.title,
            doc.url,
            f'["{doc.authors[0]}"]',
            "2025-02-01T10:00:00+00:00",
            doc.source,
            doc.source_feed,
            '{"tags": "oversight"}' if doc.meta else "{}",
            doc.text,
            content_hash(doc),
            "ready",
            STAMP,
            STAMP,
            STAMP,
        ]
        if version == 1:
            columns += ", reply_to"
            values.append(doc.reply_to)
        marks = ",".join("?" * len(values))
        db.execute(f"INSERT INTO documents ({columns}) VALUES ({marks})", values)
        doc_id = document_id(doc.identity)
        db.execute(
            'INSERT INTO chunks (id, doc_id, seq, start, "end", text) VALUES (?,?,?,?,?,?)',
            (f"{doc_id}:c:0", doc_id, 0, 0, len(doc.text), doc.text),
        )
    post_id, note_id = document_id(POST.identity), document_id(NOTE.identity)
    if version == 1:
        db.execute(
            'INSERT INTO links (doc_id, start, "end", href) VALUES (?,?,?,?)',
            (post_id, 54, 70, "https://blog.example/posts/0"),
        )
    db.execute(
        """INSERT INTO subscriptions (url, title, etag, added_at, last_status, body_hash)
           VALUES ('https://blog.example/feed.xml', 'Blog', '"v7"', ?, 'ok', 'abc')""",
        (STAMP,),
    )
    db.execute("INSERT INTO meta (key, value) VALUES ('generation', '7')")
    for claim_id, doc_id, quote in (
        ("k1", post_id, "Oversight scales poorly"),
        ("k2", note_id, "Evaluators do not tire"),
    ):
        db.execute(
            'INSERT INTO claims (id, doc_id, start, "end", quote, text, kind) VALUES (?,?,?,?,?,?,?)',
            (claim_id, doc_id, 0, len(quote), quote, quote, "empirical"),
        )
    db.execute(
        """INSERT INTO relations (source, target, type, rationale, confidence, analyst,
           evidence_kind, evidence_doc, evidence_start, evidence_end)
           VALUES ('k2', 'k1', 'attacks', 'a reply', 0.8, 'offline', 'reply', ?, 0, 0)""",
        (note_id,),
    )
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    rows = _rows(db)
    db.close()
    return rows


def _rows(db: sqlite3.Connection) -> dict[str, list[tuple]]:
    tables = ("documents", "chunks", "subscriptions", "meta", "claims", "relations")
    out = {}
    for table in tables:
        names = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
        listed = ", ".join(f'"{n}"' for n in names)
        out[table] = [
            dict(zip(names, row)) for row in db.execute(f"SELECT {listed} FROM {table} ORDER BY 1")
        ]
    return out


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in db.execute(f"PRAGMA table_info({table})")}


@pytest.mark.parametrize("version", [1, 0])
def test_an_old_workspace_opens_with_all_its_data_and_the_new_schema(settings, version):
    before = old_workspace(settings, version)
    library = Library(settings)
    try:
        db = library.db
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert {"reply_to", "parent_identity"} <= _columns(db, "documents")
        assert _columns(db, "forum_progress") >= {"query", "cursor", "posts", "complete"}
        after = _rows(db)
        for table, rows in before.items():
            # Every old row is there with every old value; new columns are empty.
            assert len(after[table]) == len(rows), table
            for old, new in zip(rows, after[table]):
                assert {k: new[k] for k in old} == old, table
                assert all(new[k] is None for k in set(new) - set(old)), table
        docs = {d.identity: d for d in library.documents()}
        assert docs["post-1"].text == POST.text and docs["post-1"].authors == ["Ada Author"]
        assert docs["post-1"].meta == {"tags": "oversight"}
        assert (docs["/notes/reply.md"].reply_to is not None) == (version == 1)
        if version == 1:
            (link,) = docs["post-1"].links
            assert POST.text[link.start : link.end] == "the earlier post"
        # Re-ingesting what the old release stored changes nothing: no re-embedding.
        assert library.stage(POST) == ("unchanged", document_id(POST.identity))
        assert library.generation() == 7
    finally:
        library.close()
    reopened = Library(settings)
    try:
        assert _rows(reopened.db)["documents"] == after["documents"], "a second open is a no-op"
    finally:
        reopened.close()


def test_the_cli_reads_an_upgraded_workspace(home, settings):
    old_workspace(settings, 1)
    listed = invoke_cli("docs", "list", "--json", home=home)
    assert listed.returncode == 0, listed.stderr
    docs = json.loads(listed.stdout)
    assert sorted(d["title"] for d in docs) == ["A reply", "Oversight scales poorly"]
    feeds = json.loads(invoke_cli("feeds", "list", "--json", home=home).stdout)
    assert [(f["url"], f["last_status"]) for f in feeds] == [
        ("https://blog.example/feed.xml", "ok")
    ]


def test_four_connections_opening_one_old_workspace_at_once_migrate_it_once(settings):
    old_workspace(settings, 0)
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def open_it() -> None:
        barrier.wait()
        try:
            Library(settings).close()
        except BaseException as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with sqlite3.connect(settings.db_path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert len(_rows(db)["documents"]) == 2


def test_migrations_are_numbered_in_order_and_each_says_why():
    versions = [m.version for m in MIGRATIONS]
    assert versions == list(range(1, len(MIGRATIONS) + 1))
    assert all(m.why for m in MIGRATIONS)
