"""Hybrid search over chunks: BM25 (bm25s) and dense (Chroma), fused by reciprocal rank.

BM25 catches exact terms (names, "inoculation prompting", arXiv ids) that a small embedding
model blurs; dense retrieval catches paraphrase. Reciprocal-rank fusion needs no score
calibration between the two. The BM25 index is rebuilt only when the library's generation
changes, and cached on disk so a CLI call does not re-tokenise the whole library.

BM25 matches stems (`ingest.tokens.stem`: "generalises" meets "generalisation", British
meets American spelling), which expands a question by its own words' variants, and each
chunk's BM25 text carries its document's title, the field that names what the whole document
is about, so a chunk deep in a paper still matches the paper's subject. Measured against the
search before them (benchmarks/bench_ask.py): within noise on both question sets; summing a
document's chunk scores, document-level RRF, pseudo-relevance feedback and re-weighting the
two lists were tried too and were no better, or worse (long PDFs won on their many chunks).
"""

from __future__ import annotations

import pickle

import numpy as np

from ingest.library import Library
from ingest.models import Chunk, SearchHit
from ingest.tokens import stem, tokenize

RRF_K = 60
#: Bumped when what the BM25 index holds changes, so a cached index is rebuilt.
INDEX_VERSION = 2

__all__ = ["BM25Index", "ChunkSearch", "rrf", "search_terms"]


def search_terms(text: str) -> list[str]:
    """BM25's terms: search tokens, words reduced to their stems (numbers kept whole)."""
    return [t if t[0].isdigit() else stem(t) for t in tokenize(text)]


class BM25Index:
    """A bm25s index over a list of ids and texts, matching on stems."""

    def __init__(self, ids: list[str], texts: list[str]) -> None:
        import bm25s

        self.ids = ids
        self._retriever = bm25s.BM25()
        corpus = [search_terms(t) or ["_empty_"] for t in texts]
        if corpus:
            self._retriever.index(corpus, show_progress=False)

    def vocabulary(self) -> set[str]:
        return set(self._retriever.vocab_dict) if self.ids else set()

    def query(self, text: str, k: int) -> list[tuple[str, float]]:
        tokens = search_terms(text)
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
        self._dense: DenseMatrix | None = None

    def _refresh(self) -> BM25Index:
        """The BM25 index of the library as it is now (rebuilt when its generation moves)."""
        generation = self.library.generation()
        if generation == self._generation and self._bm25 is not None:
            return self._bm25
        chunks = self.library.all_chunks()
        self._chunks = {c.id: c for c in chunks}
        self._bm25 = _cached_bm25(self.library, generation, chunks)
        self._dense = None
        self._generation = generation
        return self._bm25

    def _dense_ids(self, vector, pool: int) -> list[str]:
        """Nearest chunks by exact cosine over the cached matrix of the library's vectors."""
        if self._dense is None:
            self._dense = DenseMatrix.load(self.library, self._generation, list(self._chunks))
        return self._dense.nearest(vector, pool)

    def search(self, query: str, k: int = 10, pool: int = 50, vector=None) -> list[SearchHit]:
        """Top chunks for a query; pass its `vector` if it is already encoded."""
        bm25 = self._refresh()
        if not self._chunks:
            return []
        lexical = [cid for cid, _ in bm25.query(query, pool)]
        if vector is None:
            vector = self.library.embedder.encode([query])[0]
        dense = self._dense_ids(vector, pool)
        fused = sorted(rrf([lexical, dense]).items(), key=lambda item: (-item[1], item[0]))
        return self._hits(fused[:k])

    def contains(self, term: str) -> bool:
        """Whether a word or hyphenated compound occurs anywhere in the library."""
        bm25 = self._refresh()
        tokens = search_terms(term)
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


class DenseMatrix:
    """Every chunk vector of one library generation as one matrix, cached beside the BM25
    index: a search is one matrix product (exact, where Chroma's HNSW is approximate), and a
    cold `cruxmap search` need not import or open Chroma at all, which was most of its
    start-up once the embedder stopped needing torch. Chroma stays the source of truth: the
    matrix is read from it whenever the generation, the backend or the chunks change."""

    def __init__(self, ids: list[str], matrix: np.ndarray) -> None:
        self.ids = ids
        self.matrix = matrix

    @classmethod
    def load(cls, library: Library, generation: int, ids: list[str]) -> DenseMatrix:
        embedder = library.embedder
        key = (INDEX_VERSION, generation, embedder.name, embedder.backend, len(ids))
        path = library.settings.home / "dense-chunks.npz"
        try:
            with np.load(path, allow_pickle=False) as stored:
                if (
                    tuple(stored["key"].tolist()) == tuple(map(str, key))
                    and list(stored["ids"]) == ids
                ):
                    return cls(ids, stored["matrix"])
        except (OSError, KeyError, ValueError):
            pass
        found = library.vectors.get_vectors(ids)
        kept = [i for i in ids if i in found]
        matrix = np.stack([found[i] for i in kept]) if kept else np.zeros((0, 1), np.float32)
        try:
            tmp = path.with_name("dense-chunks.tmp.npz")
            np.savez(tmp, key=np.array(list(map(str, key))), ids=np.array(kept), matrix=matrix)
            tmp.replace(path)
        except OSError:
            pass
        return cls(kept, matrix)

    def nearest(self, vector: np.ndarray, k: int) -> list[str]:
        if not self.ids:
            return []
        scores = self.matrix @ np.asarray(vector, dtype=np.float32)
        k = min(k, len(self.ids))
        top = np.argpartition(-scores, k - 1)[:k]
        return [self.ids[i] for i in sorted(top, key=lambda i: (-scores[i], self.ids[i]))]


def _titled(library: Library, chunks: list[Chunk]) -> list[str]:
    """Each chunk's BM25 text: its document's title, then the chunk."""
    titles = dict(library.db.execute("SELECT id, title FROM documents WHERE state='ready'"))
    return [f"{titles.get(c.doc_id) or ''}\n{c.text}" for c in chunks]


def _cached_bm25(library: Library, generation: int, chunks: list[Chunk]) -> BM25Index:
    path = library.settings.home / "bm25-chunks.pickle"
    key = (INDEX_VERSION, generation)
    if path.exists():
        try:
            with path.open("rb") as handle:
                stored_key, index = pickle.load(handle)
            if stored_key == key and index.ids == [c.id for c in chunks]:
                return index
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            pass
    index = BM25Index([c.id for c in chunks], _titled(library, chunks))
    try:
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump((key, index), handle)
        tmp.replace(path)
    except OSError:
        pass
    return index
