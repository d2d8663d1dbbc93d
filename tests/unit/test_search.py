"""What hybrid search matches and how it orders what it found."""

from __future__ import annotations

from datetime import UTC, datetime

from ingest.config import Settings
from ingest.library import Library
from ingest.models import ParsedDocument
from ingest.search import BM25Index, ChunkSearch, search_terms


def test_a_question_meets_other_forms_and_spellings_of_its_words() -> None:
    index = BM25Index(
        ["a", "b"],
        [
            "Whether behavioural training generalizes out of distribution is contested.",
            "Interpretability explains circuits in small models.",
        ],
    )
    assert [i for i, _ in index.query("Does behavioral training generalise?", 2)] == ["a"]
    assert search_terms("GPT-4 in 2209.00626") == ["gpt-4", "2209", "00626"]


def _doc(identity: str, title: str, text: str) -> ParsedDocument:
    return ParsedDocument(
        kind="text",
        identity=identity,
        title=title,
        text=text,
        authors=["Ada Author"],
        published=datetime(2025, 3, 1, tzinfo=UTC),
        source=identity,
    )


def test_a_title_word_finds_its_document_and_an_old_cached_index_is_rebuilt(tmp_path) -> None:
    import pickle

    library = Library(Settings(home=tmp_path / "ws"))
    library.stage(
        _doc("p1", "Inoculation prompting", "The method tells the model a bad act is fine.")
    )
    library.stage(_doc("p2", "Cooking", "Two cups of flour and a pinch of salt."))
    library.complete(library.pending_ids())
    # An index cached by an earlier version (no titles, no stems) must not be trusted.
    stale = BM25Index([c.id for c in library.all_chunks()], ["x", "y"])
    with (tmp_path / "ws" / "bm25-chunks.pickle").open("wb") as handle:
        pickle.dump((library.generation(), stale), handle)
    search = ChunkSearch(library)
    hits = search.search("inoculation", k=2)
    assert hits[0].title == "Inoculation prompting"
    assert search.contains("inoculation") and not search.contains("octopus")
    library.close()


def test_the_cached_dense_matrix_follows_the_library(tmp_path) -> None:
    library = Library(Settings(home=tmp_path / "ws"))
    library.stage(_doc("p1", "Cooking", "Two cups of flour and a pinch of salt."))
    library.complete(library.pending_ids())
    search = ChunkSearch(library)
    assert [h.title for h in search.search("deceptive alignment in trained models", k=5)] == [
        "Cooking"
    ]
    library.stage(
        _doc("p2", "Scheming", "A model may pretend to be aligned while it is being trained.")
    )
    library.complete(library.pending_ids())
    fresh = ChunkSearch(library)  # a new process would start like this, from the caches
    assert fresh.search("deceptive alignment in trained models", k=5)[0].title == "Scheming"
    assert search.search("deceptive alignment in trained models", k=5)[0].title == "Scheming"
    library.close()
