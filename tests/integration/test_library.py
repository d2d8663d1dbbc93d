"""The two-store protocol on a real Chroma store: embedded, and a `chroma run` server."""

from __future__ import annotations

from datetime import UTC, datetime

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
