"""Hybrid search over chunks: BM25 (bm25s) and dense (Chroma), fused by reciprocal rank.

BM25 catches exact terms (names, "inoculation prompting", arXiv ids) that a small embedding
model blurs; dense retrieval catches paraphrase. Reciprocal-rank fusion needs no score
calibration between the two. The BM25 index is rebuilt only when the library's generation
changes, and cached on disk so a CLI call does not re-tokenise the whole library.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from ingest.library import Library
from ingest.models import Chunk, SearchHit
from ingest.tokens import tokenize

RRF_K = 60

__all__ = ["BM25Index", "ChunkSearch", "rrf"]


class BM25Index:
    """A bm25s index over a list of ids and texts."""

    def __init__(self, ids: list[str], texts: list[str]) -> None:
        import bm25s

        self.ids = ids
        self._retriever = bm25s.BM25()
        corpus = [tokenize(t) or ["_empty_"] for t in texts]
        if corpus:
            self._retriever.index(corpus, show_progress=False)

    def vocabulary(self) -> set[str]:
        return set(self._retriever.vocab_dict) if self.ids else set()

    def query(self, text: str, k: int) -> list[tuple[str, float]]:
        tokens = tokenize(text)
        if not self.ids or not tokens:
            return []
        known = [t for t in tokens if t in self._retriever.vocab_dict]
        if not known:
            return []
        docs, scores = self._retriever.retrieve(
            [known], k=min(k, len(self.ids)), show_progress=False, n_threads=1
        )
        return [(self.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0]) if float(s) > 0]


def rrf(rankings: list[list[str]], k: int = RRF_K) -> dict[str, float]:
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank + 1)
    return scores


class ChunkSearch:
    """Search the library's chunks; one instance can serve many queries."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._generation = -1
        self._bm25: BM25Index | None = None
        self._chunks: dict[str, Chunk] = {}

    def _refresh(self) -> BM25Index:
        """The BM25 index of the library as it is now (rebuilt when its generation moves)."""
        generation = self.library.generation()
        if generation == self._generation and self._bm25 is not None:
            return self._bm25
        chunks = self.library.all_chunks()
        self._chunks = {c.id: c for c in chunks}
        self._bm25 = _cached_bm25(self.library.settings.home, generation, chunks)
        self._generation = generation
        return self._bm25

    def search(self, query: str, k: int = 10, pool: int = 50, vector=None) -> list[SearchHit]:
        """Top chunks for a query; pass its `vector` if it is already encoded."""
        bm25 = self._refresh()
        if not self._chunks:
            return []
        lexical = [cid for cid, _ in bm25.query(query, pool)]
        if vector is None:
            vector = self.library.embedder.encode([query])[0]
        dense = [cid for cid, _, _ in self.library.vectors.query(vector, pool)]
        dense = [cid for cid in dense if cid in self._chunks]
        fused = sorted(rrf([lexical, dense]).items(), key=lambda item: (-item[1], item[0]))
        return self._hits(fused[:k])

    def contains(self, term: str) -> bool:
        """Whether a word or hyphenated compound occurs anywhere in the library."""
        bm25 = self._refresh()
        tokens = tokenize(term)
        if not tokens:
            return True
        vocab = bm25.vocabulary()
        if not all(t in vocab for t in tokens):
            return False
        if len(tokens) == 1:
            return True
        needle = term.lower()
        return any(needle in c.text.lower() for c in self._chunks.values())

    def dense_only(self, query: str, k: int = 10) -> list[SearchHit]:
        """The plain Chroma baseline the benchmarks compare against."""
        self._refresh()
        vector = self.library.embedder.encode([query])[0]
        found = self.library.vectors.query(vector, k)
        return self._hits([(cid, score) for cid, score, _ in found if cid in self._chunks])

    def _hits(self, ranked: list[tuple[str, float]]) -> list[SearchHit]:
        docs = {}
        hits = []
        for cid, score in ranked:
            chunk = self._chunks[cid]
            if chunk.doc_id not in docs:
                docs[chunk.doc_id] = self.library.document(chunk.doc_id)
            doc = docs[chunk.doc_id]
            if doc is None:
                continue
            hits.append(
                SearchHit(
                    doc_id=chunk.doc_id,
                    start=chunk.start,
                    end=chunk.end,
                    text=chunk.text,
                    score=round(score, 6),
                    title=doc.title,
                    url=doc.url,
                )
            )
        return hits


def _cached_bm25(home: Path, generation: int, chunks: list[Chunk]) -> BM25Index:
    path = home / "bm25-chunks.pickle"
    if path.exists():
        try:
            with path.open("rb") as handle:
                stored_generation, index = pickle.load(handle)
            if stored_generation == generation and index.ids == [c.id for c in chunks]:
                return index
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            pass
    index = BM25Index([c.id for c in chunks], [c.text for c in chunks])
    try:
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump((generation, index), handle)
        tmp.replace(path)
    except OSError:
        pass
    return index
