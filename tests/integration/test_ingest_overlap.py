"""Ingest embeds one batch while it reads and parses the next, and loses nothing doing so.

Real library, real Chroma, real model; the embedder is wrapped only to hold a batch's encode
open until the test has staged the next documents, which is the overlap a user gets when
fetching or parsing takes time.
"""

from __future__ import annotations

import threading

import pytest

from ingest import staging
from ingest.library import Library
from ingest.staging import Ingestor
from tests.integration.test_library import consistent, parsed

pytestmark = pytest.mark.integration


class GatedEmbedder:
    """The real embedder, whose first encode waits until the test opens the gate."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.gate = threading.Event()
        self.threads: list[str] = []

    def encode(self, texts):
        self.threads.append(threading.current_thread().name)
        if len(self.threads) == 1:
            assert self.gate.wait(60), "the batch was never released"
        return self.inner.encode(texts)


def gated(library: Library) -> GatedEmbedder:
    wrapper = GatedEmbedder(library.embedder)
    library._embedder = wrapper
    return wrapper


def text(n: int, topic: str = "deceptive alignment") -> str:
    return f"Post {n} argues that {topic} is hard to detect with behavioural tests alone. " * 3


def test_a_full_batch_embeds_while_the_next_documents_are_staged(library, monkeypatch) -> None:
    monkeypatch.setattr(staging, "COMPLETE_EVERY", 2)
    embedder = gated(library)
    ingestor = Ingestor(library, overlap=True)
    ingestor.add([parsed("a", text(1)), parsed("b", text(2))])
    # The first batch is encoding (held at the gate) and this call still returns: the next
    # source is read and staged meanwhile, not after the encode.
    ingestor.add([parsed("c", text(3))])
    assert embedder.threads[0] != threading.current_thread().name
    assert {d.identity for d in library.documents()} == set()  # nothing ready yet
    embedder.gate.set()
    ingestor.flush()
    assert {d.identity for d in library.documents()} == {"a", "b", "c"}
    assert library.pending_ids() == []
    consistent(library)


def test_a_document_updated_while_its_batch_embeds_keeps_only_its_new_text(
    library, monkeypatch
) -> None:
    monkeypatch.setattr(staging, "COMPLETE_EVERY", 2)
    embedder = gated(library)
    ingestor = Ingestor(library, overlap=True)
    ingestor.add([parsed("a", text(1)), parsed("b", text(2))])
    # "a" arrives again with new text while its first version is being encoded.
    ingestor.add([parsed("a", text(1, "reward hacking")), parsed("c", text(3))])
    embedder.gate.set()
    ingestor.flush()
    consistent(library)  # no vector of a's old chunks, every new chunk has one
    doc = next(d for d in library.documents() if d.identity == "a")
    assert "reward hacking" in doc.text
    hits = library.vectors.query(library.embedder.encode(["reward hacking"])[0], 1)
    assert hits and hits[0][2]["doc_id"] == doc.id


def test_an_encode_that_fails_in_the_background_fails_the_import_and_loses_nothing(
    library, monkeypatch
) -> None:
    monkeypatch.setattr(staging, "COMPLETE_EVERY", 2)
    real = library.embedder

    class Failing:
        calls = 0

        def encode(self, texts):
            Failing.calls += 1
            if Failing.calls == 1:
                raise RuntimeError("model crashed")
            return real.encode(texts)

    library._embedder = Failing()
    ingestor = Ingestor(library, overlap=True)
    ingestor.add([parsed("a", text(1)), parsed("b", text(2))])
    with pytest.raises(RuntimeError, match="model crashed"):
        ingestor.flush()
    assert len(library.pending_ids()) == 2  # staged, not lost
    library.repair()  # what the next run does first
    assert {d.identity for d in library.documents()} == {"a", "b"}
    consistent(library)
