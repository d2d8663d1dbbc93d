"""The two-store protocol on a real Chroma store: embedded, and a `chroma run` server."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from ingest.config import Settings
from ingest.library import Library, LibraryBusy
from ingest.models import ParsedDocument

pytestmark = pytest.mark.integration


def parsed(identity: str, text: str, title: str = "A post") -> ParsedDocument:
    return ParsedDocument(
        kind="text",
        identity=identity,
        title=title,
        text=text,
        authors=["Ada Author"],
        published=datetime(2025, 3, 1, tzinfo=UTC),
        source=identity,
    )


LONG = " ".join(
    f"Sentence {i} argues that behavioural training may not generalise out of distribution."
    for i in range(120)
)


class CountingEmbedder:
    """Wraps the real embedder to count how many texts were encoded."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.encoded = 0

    def encode(self, texts):
        self.encoded += len(texts)
        return self.inner.encode(texts)


def counted(library: Library) -> CountingEmbedder:
    wrapper = CountingEmbedder(library.embedder)
    library._embedder = wrapper
    return wrapper


def consistent(library: Library) -> None:
    """Every ready document's chunks are exactly its vectors, and the text spans match."""
    sqlite_ids = {c.id for c in library.all_chunks()}
    assert library.vectors.ids_where() == sqlite_ids
    for doc in library.documents():
        for chunk in library.chunks_of(doc.id):
            assert doc.text[chunk.start : chunk.end] == chunk.text


def test_document_lands_in_both_stores_and_reingest_is_a_no_op(library):
    embedder = counted(library)
    outcome, doc_id = library.stage(parsed("file:a", LONG))
    assert outcome == "added"
    library.complete([doc_id])
    chunks = library.chunks_of(doc_id)
    assert len(chunks) > 3
    consistent(library)
    first = embedder.encoded
    assert first == len(chunks)
    assert library.stage(parsed("file:a", LONG)) == ("unchanged", doc_id)
    library.complete([doc_id])
    assert embedder.encoded == first


def test_update_replaces_vectors_and_keeps_the_id(library):
    _, doc_id = library.stage(parsed("file:a", LONG))
    library.complete([doc_id])
    old = library.vectors.ids_where({"doc_id": doc_id})
    outcome, same_id = library.stage(parsed("file:a", LONG + " A new closing sentence."))
    assert (outcome, same_id) == ("updated", doc_id)
    library.complete([doc_id])
    new = library.vectors.ids_where({"doc_id": doc_id})
    assert new and not (old & new)
    assert len(library.documents()) == 1
    consistent(library)


def test_interrupted_write_is_invisible_then_repaired(library):
    _, done = library.stage(parsed("file:done", LONG))
    library.complete([done])
    outcome, pending = library.stage(parsed("file:pending", LONG + " more"))
    assert outcome == "added"
    assert [d.id for d in library.documents()] == [done]
    assert library.counts()["pending"] == 1
    # the next run sees the pending document as still to be added, not as unchanged
    assert library.stage(parsed("file:pending", LONG + " more")) == ("added", pending)
    assert library.repair() == 1
    assert {d.id for d in library.documents()} == {done, pending}
    consistent(library)


def test_orphan_vectors_from_a_crash_are_removed(library):
    _, doc_id = library.stage(parsed("file:a", LONG))
    library.complete([doc_id])
    import numpy as np

    library.vectors.upsert(
        ["ghost:1"], np.ones((1, 384), dtype=np.float32) / 20, [{"doc_id": "ghost"}]
    )
    library.repair()
    consistent(library)


def test_removed_document_leaves_no_vectors(library):
    _, doc_id = library.stage(parsed("file:a", LONG))
    library.complete([doc_id])
    assert library.remove(doc_id)
    assert library.documents() == []
    assert library.vectors.ids_where() == set()


def test_one_writer_at_a_time(settings):
    first, second = Library(settings), Library(settings)
    with first.writing():
        with pytest.raises(LibraryBusy, match="another cruxmap process"):
            with second.writing(timeout=0.2):
                pass
    with second.writing(timeout=0.2):
        pass


def test_http_chroma_server_path(chroma_server, tmp_path):
    settings = Settings(home=tmp_path / "ws", chroma_url=chroma_server)
    library = Library(settings)
    _, doc_id = library.stage(parsed("file:server", LONG))
    library.complete([doc_id])
    consistent(library)
    from ingest.search import ChunkSearch

    hits = ChunkSearch(library).search("behavioural training out of distribution", k=3)
    assert hits and hits[0].doc_id == doc_id
    assert library.documents()[0].text[hits[0].start : hits[0].end] == hits[0].text


def _batched_neighbours_match_single_queries(library: Library) -> None:
    """Linking asks for many claims' neighbours at once; the answer must not change."""
    text = " ".join(
        f"Point {i}: reward models trained on {i} labels overfit in way number {i * 7}."
        for i in range(120)
    )
    _, doc_id = library.stage(parsed("file:batch", text))
    library.complete([doc_id])
    chunks = library.chunks_of(doc_id)
    vectors = library.embedder.encode([c.text for c in chunks])
    batched = library.vectors.query_many(vectors, 3)
    assert len(batched) == len(chunks)
    for vector, hits in zip(vectors, batched):
        single = library.vectors.query(vector, 3)
        assert [h[0] for h in hits] == [h[0] for h in single]
        assert [h[2] for h in hits] == [h[2] for h in single]
        similarities = [h[1] for h in hits]
        assert similarities == sorted(similarities, reverse=True)
    # No "each chunk's first hit is itself": HNSW is approximate and near-identical
    # chunks may outrank the exact match (seen on the server in CI).
    assert batched[0][0][2]["doc_id"] == doc_id


def test_batched_neighbours_match_single_queries(library):
    _batched_neighbours_match_single_queries(library)


def test_batched_neighbours_on_the_chroma_server(chroma_server, tmp_path):
    library = Library(Settings(home=tmp_path / "ws", chroma_url=chroma_server))
    _batched_neighbours_match_single_queries(library)


def _index_of(tmp_path, name: str = "probe"):
    from ingest.vectors import VectorIndex, make_client

    return VectorIndex(make_client(None, str(tmp_path / "chroma")), name, "test-model")


def test_many_queries_with_many_hits_each(tmp_path):
    """A long paper links hundreds of claims at once, each asking for many hits.

    The embedded store fetches all hits' metadata in one SQL statement; unbounded, this
    failed with "too many SQL variables" on a real 300-claim PDF.
    """
    rng = np.random.default_rng(7)
    stored = rng.normal(size=(1200, 24)).astype(np.float32)
    index = _index_of(tmp_path)
    index.upsert([f"v{i}" for i in range(1200)], stored, [{"n": i} for i in range(1200)])
    batched = index.query_many(stored[:400], 150)
    assert [len(hits) for hits in batched] == [150] * 400
    for row in (0, 199, 399):
        assert [h[0] for h in batched[row]] == [h[0] for h in index.query(stored[row], 150)]


def test_nearest_elsewhere_skips_a_documents_own_crowd(tmp_path):
    """Claims of one long, repetitive document crowd each other's neighbourhoods; linking
    must still find `want` partners from other documents, the nearest ones."""
    from types import SimpleNamespace

    from assistant.analysis.nodes import _nearest_elsewhere

    rng = np.random.default_rng(11)
    centre = rng.normal(size=24)
    own = (centre + 0.05 * rng.normal(size=(300, 24))).astype(np.float32)
    others = (centre + 1.0 * rng.normal(size=(200, 24))).astype(np.float32)
    index = _index_of(tmp_path)
    index.upsert([f"a{i}" for i in range(300)], own, [{"doc_id": "A"}] * 300)
    index.upsert([f"b{i}" for i in range(200)], others, [{"doc_id": "B"}] * 200)
    res = SimpleNamespace(store=SimpleNamespace(vectors=index))
    found = _nearest_elsewhere(res, own[:50], "A", 10, 300)
    unit = others / np.linalg.norm(others, axis=1, keepdims=True)
    overlap = 0
    for row, hits in enumerate(found):
        assert len(hits) == 10
        assert {h[2]["doc_id"] for h in hits} == {"B"}
        sims = unit @ (own[row] / np.linalg.norm(own[row]))
        exact = {f"b{j}" for j in np.argsort(-sims)[:10]}
        overlap += len(exact & {h[0] for h in hits})
    assert overlap >= 0.9 * 50 * 10


def test_equally_near_copies_are_linked_the_same_whatever_order_they_were_stored(tmp_path):
    """Cross-posts put many copies of one sentence in a library. Which copies a claim links
    must not depend on the order the copies were written (documents are analysed
    concurrently): two runs of one library gave different maps."""
    from types import SimpleNamespace

    from assistant.analysis.nodes import _nearest_elsewhere

    rng = np.random.default_rng(5)
    query = rng.normal(size=(1, 24)).astype(np.float32)
    copies = np.repeat(query + 0.3 * rng.normal(size=(1, 24)).astype(np.float32), 30, axis=0)
    ids = [f"c{i:02d}" for i in range(30)]
    found = []
    for order in (ids, ids[::-1]):
        index = _index_of(tmp_path / order[0])
        at = {cid: n for n, cid in enumerate(ids)}
        index.upsert(order, copies[[at[c] for c in order]], [{"doc_id": f"D{c}"} for c in order])
        res = SimpleNamespace(store=SimpleNamespace(vectors=index))
        found.append([h[0] for h in _nearest_elsewhere(res, query, "A", 4, 1)[0]])
    assert found[0] == found[1] == ids[:4]


def test_first_use_from_many_threads(library):
    """Analysis fans out over threads that all open the vector store on first use;
    racing Chroma clients failed with "Could not connect to tenant default_tenant"."""
    import threading

    from assistant.mapstore import MapStore

    store = MapStore(library)
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def use(i: int) -> None:
        barrier.wait()
        try:
            (store.vectors if i % 2 else library.vectors).count()
        except BaseException as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=use, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


# The documents table as releases before links and reply_to created it.
OLD_DOCUMENTS = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY, identity TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
    title TEXT NOT NULL, url TEXT, authors TEXT NOT NULL DEFAULT '[]', published TEXT,
    source TEXT NOT NULL DEFAULT '', source_feed TEXT, meta TEXT NOT NULL DEFAULT '{}',
    page_starts TEXT NOT NULL DEFAULT '[]', text TEXT NOT NULL, content_hash TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending', first_ready_at TEXT, added_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""


def test_workspace_from_before_links_opens_and_keeps_its_data(settings):
    import sqlite3

    from ingest.library import content_hash, document_id

    settings.ensure_home()
    old = parsed("old-post", "An old post argues that oversight scales poorly.")
    db = sqlite3.connect(settings.db_path)
    db.executescript(OLD_DOCUMENTS)
    db.execute(
        """INSERT INTO documents (id, identity, kind, title, authors, text, content_hash, state,
           first_ready_at, added_at, updated_at)
           VALUES (?, ?, 'text', ?, '["Ada Author"]', ?, ?, 'ready', 'x', ?, ?)""",
        (
            document_id(old.identity),
            old.identity,
            old.title,
            old.text,
            content_hash(old),
            "2025-03-01T00:00:00+00:00",
            "2025-03-01T00:00:00+00:00",
        ),
    )
    db.commit()
    db.close()

    lib = Library(settings)
    try:
        (kept,) = lib.documents()
        assert (kept.text, kept.authors, kept.links, kept.reply_to) == (
            old.text,
            ["Ada Author"],
            [],
            None,
        )
        # The same document re-ingested unchanged stays unchanged: its hash did not move.
        assert lib.stage(old) == ("unchanged", kept.id)
        assert lib.db.execute("PRAGMA user_version").fetchone()[0] >= 1
    finally:
        lib.close()
    reopened = Library(settings)  # a second open of a migrated workspace is a no-op
    try:
        assert [d.id for d in reopened.documents()] == [kept.id]
    finally:
        reopened.close()


def test_links_and_reply_to_round_trip_and_are_replaced_on_update(library):
    from ingest.models import Link

    text = "As the earlier post shows, oversight scales poorly."
    doc = parsed("reply", text).model_copy(
        update={
            "links": [Link(start=3, end=19, href="https://forum.example/posts/p1/earlier")],
            "reply_to": "https://forum.example/posts/p1/earlier",
        }
    )
    _, doc_id = library.stage(doc)
    library.complete([doc_id])
    stored = library.document(doc_id)
    assert stored.reply_to == "https://forum.example/posts/p1/earlier"
    assert [(k.start, k.end, text[k.start : k.end]) for k in stored.links] == [
        (3, 19, "the earlier post")
    ]
    assert library.documents()[0].links == stored.links
    outcome, _ = library.stage(doc.model_copy(update={"links": []}))
    library.complete([doc_id])
    assert outcome == "updated"
    assert library.document(doc_id).links == []
