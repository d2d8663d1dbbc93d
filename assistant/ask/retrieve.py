"""Finding the evidence for a question: hybrid retrieval over chunks and claims, diversified.

Claims are the unit of evidence because each is a checked span with an author; chunks widen
recall (a claim inside a highly ranked chunk counts even if its own wording is far from the
question). Diversification caps how much any one document or author can contribute, so the
loudest voice in the library does not become the answer.
"""

from __future__ import annotations

import functools
import math
import re

import numpy as np
from pydantic import BaseModel

from assistant.ask.question import GLOSSARY
from assistant.mapstore import MapStore
from assistant.models import Claim
from ingest.search import BM25Index, ChunkSearch, rrf
from ingest.tokens import tokenize

PER_DOCUMENT = 3
PER_AUTHOR = 4


class Evidence(BaseModel):
    claim: Claim
    relevance: float
    rank_score: float


class Retrieval(BaseModel):
    evidence: list[Evidence]
    best_similarity: float
    coverage: float
    chunk_hits: int
    #: The best share of the question's content words found together in one retrieved passage
    #: (a chunk, or a claim): low when the words occur only apart, i.e. the library merely
    #: brushes against the question.
    cooccurrence: float = 1.0
    content_terms: list[str] = []
    #: Content words of the question (not an acronym's spelling-out) the library never uses.
    unused_terms: list[str] = []
    unknown_terms: list[str] = []


class ClaimIndex:
    """BM25 over claim texts, rebuilt when the map changes; dense search is Chroma's."""

    def __init__(self, store: MapStore) -> None:
        self.store = store
        self._key: tuple | None = None
        self._bm25: BM25Index | None = None
        self.claims: dict[str, Claim] = {}
        #: The documents that hold at least one claim.
        self.documents: set[str] = set()

    def refresh(self) -> None:
        key = self.store.version()
        if key == self._key:
            return
        claims = self.store.claims()
        self.claims = {c.id: c for c in claims}
        self.documents = {c.doc_id for c in claims}
        self._bm25 = BM25Index([c.id for c in claims], [c.text + " " + c.quote for c in claims])
        self._key = key

    def lexical(self, query: str, k: int) -> list[str]:
        self.refresh()
        assert self._bm25 is not None  # refresh() built it
        return [cid for cid, _ in self._bm25.query(query, k)]


class Retriever:
    def __init__(self, store: MapStore) -> None:
        self.store = store
        self.chunks = ChunkSearch(store.library)
        self.claim_index = ClaimIndex(store)
        self.rarity = TermRarity(store.library)

    def unknown_terms(self, terms: list[str]) -> list[str]:
        """Specific question terms that occur nowhere in the library. A hyphenated compound
        is known when the library has it, or has each of its parts ("distributional shift"
        answers "distributional-shift"): writers hyphenate differently."""
        return [t for t in terms if not self.chunks.contains(t) and not self._parts_known(t)]

    def _parts_known(self, term: str) -> bool:
        """Two words joined by one hyphen only: "mixture-of-experts" names one thing that
        "mixture" and "experts" apart do not."""
        parts = term.split("-")
        return (
            len(parts) == 2
            and all(len(p) >= 3 for p in parts)
            and all(self.chunks.contains(p) for p in parts)
        )

    def retrieve(
        self, queries: list[str], limit: int = 12, subject: list[str] | None = None
    ) -> Retrieval:
        """Evidence for the queries; `subject` (default: the first query) is what the
        co-occurrence check reads the question's subject from (not its mirror)."""
        self.claim_index.refresh()
        claims = self.claim_index.claims
        embedder = self.store.library.embedder
        vectors = embedder.encode(queries)
        rankings: list[list[str]] = []
        similarity: dict[str, float] = {}
        chunk_hits = 0
        passages: list[str] = []
        for query, vector in zip(queries, vectors):
            dense = self.store.vectors.query(vector, 40)
            for cid, sim, _ in dense:
                similarity[cid] = max(similarity.get(cid, -1.0), sim)
            rankings.append([cid for cid, _, _ in dense if cid in claims])
            rankings.append([c for c in self.claim_index.lexical(query, 40) if c in claims])
            hits = self.chunks.search(query, k=15, vector=vector)
            chunk_hits += len(hits)
            # Only passages of documents with claims: the answer quotes claims, so a passage
            # that holds the question's words in a document with none (a feed item that is
            # only its title) cannot be what answers it.
            passages += [h.text for h in hits if h.doc_id in self.claim_index.documents]
            rankings.append(self._claims_in_chunks(hits, claims))
        fused = rrf(rankings)
        missing = [cid for cid in fused if cid not in similarity]
        if missing:
            stored = self.store.vectors.get_vectors(missing)
            for cid, vec in stored.items():
                similarity[cid] = float(np.max(vectors @ vec))
        ordered = sorted(fused.items(), key=lambda item: (-item[1], item[0]))
        evidence = [
            Evidence(
                claim=claims[cid], relevance=round(similarity.get(cid, 0.0), 4), rank_score=score
            )
            for cid, score in ordered
        ]
        chosen = diversify(evidence, limit)
        best = max((e.relevance for e in evidence[:20]), default=0.0)
        passages += [e.claim.quote for e in evidence[:20]]
        together = [cooccurrence(q, passages, self.rarity) for q in subject or queries[:1]]
        return Retrieval(
            evidence=chosen,
            best_similarity=best,
            coverage=max(term_coverage(q, chosen) for q in queries[:2]),
            chunk_hits=chunk_hits,
            cooccurrence=max(share for share, _ in together),
            content_terms=max(together)[1],
            unused_terms=self.unused_terms((subject or queries[:1])[0]),
        )

    def unused_terms(self, question: str) -> list[str]:
        """The question's content words that occur in no chunk of the library."""
        terms = [t for t in content_terms(question) if t not in GLOSSED]
        return [t for t in terms if self.rarity.idf(t) and not self.rarity.known(t)]

    def _claims_in_chunks(self, hits, claims: dict[str, Claim]) -> list[str]:
        by_doc: dict[str, list[Claim]] = {}
        for claim in claims.values():
            by_doc.setdefault(claim.doc_id, []).append(claim)
        ranked: list[str] = []
        for hit in hits:
            for claim in by_doc.get(hit.doc_id, []):
                if claim.start >= hit.start and claim.end <= hit.end and claim.id not in ranked:
                    ranked.append(claim.id)
        return ranked


def diversify(evidence: list[Evidence], limit: int) -> list[Evidence]:
    """Take evidence in rank order, skipping a document or author that has had its share."""
    per_doc: dict[str, int] = {}
    per_author: dict[str, int] = {}
    chosen: list[Evidence] = []
    for item in evidence:
        doc, author = item.claim.doc_id, item.claim.author or item.claim.doc_id
        if per_doc.get(doc, 0) >= PER_DOCUMENT or per_author.get(author, 0) >= PER_AUTHOR:
            continue
        chosen.append(item)
        per_doc[doc] = per_doc.get(doc, 0) + 1
        per_author[author] = per_author.get(author, 0) + 1
        if len(chosen) >= limit:
            break
    return chosen


def term_coverage(question: str, evidence: list[Evidence]) -> float:
    """Share of the question's content words that the evidence actually mentions."""
    terms = set(tokenize(question)) - GENERIC
    if not terms:
        return 1.0
    words: set[str] = set()
    for item in evidence[:8]:
        words |= set(tokenize(item.claim.quote))
    stems = {w[:5] for w in words}
    return sum(1 for t in terms if t in words or t[:5] in stems) / len(terms)


@functools.lru_cache(maxsize=200_000)
def root(word: str) -> str:
    """A crude stem, so "criticisms" meets "criticism" and "generalises" "generalisation";
    British and American spellings meet too ("penalised" / "penalized", "behaviour" /
    "behavior"): the library and the asker need not spell alike."""
    word = _BRITISH_IZE.sub(r"iz\1", word)
    word = _BRITISH_OUR.sub(r"or\1", word)
    for suffix in ROOT_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def content_terms(question: str) -> list[str]:
    """The roots of the words that carry a question's subject, not its frame."""
    seen: list[str] = []
    for term in tokenize(question):
        if term in GENERIC or term in FRAME_WORDS or len(term) < 3:
            continue
        if root(term) not in seen:
            seen.append(root(term))
    return seen


class TermRarity:
    """How rare each word root is across the library's chunks, recomputed when it changes.

    Rare words name a question's subject; common ones ("models", "training") only set it in
    the field. A word the library never uses is as rare as a word can be.
    """

    def __init__(self, library) -> None:
        self.library = library
        self._generation = -1
        self._df: dict[str, int] = {}
        self._n = 0

    def idf(self, term: str) -> float:
        generation = self.library.generation()
        if generation != self._generation:
            df: dict[str, int] = {}
            chunks = self.library.all_chunks()
            for chunk in chunks:
                for word in {root(w) for w in tokenize(chunk.text)}:
                    df[word] = df.get(word, 0) + 1
            self._df, self._n, self._generation = df, len(chunks), generation
        return math.log((self._n + 1) / (self._df.get(term, 0) + 0.5))

    def known(self, term: str) -> bool:
        """Whether the library uses the word root at all (call after `idf`)."""
        return self._df.get(term, 0) > 0


def cooccurrence(question: str, passages: list[str], rarity: TermRarity) -> tuple[float, list[str]]:
    """The best share of a question's subject that one passage holds together.

    Each content word counts by its rarity, so a passage that shares only the field's
    common words ("training large language models") with a question about something else
    ("... how much electricity ... consume") covers little of it.
    """
    terms = content_terms(question)
    weights = {t: rarity.idf(t) for t in terms}
    # An acronym's spelled-out words are this program's guess at the library's wording, not
    # the asker's: when the library never uses one, its absence says nothing about the subject.
    weights = {t: w for t, w in weights.items() if t not in GLOSSED or rarity.known(t)}
    if not weights:
        return 1.0, terms
    total = sum(weights.values()) or 1.0
    best = 0.0
    for passage in passages:
        roots = {root(w) for w in tokenize(passage)}
        best = max(best, sum(w for t, w in weights.items() if t in roots) / total)
    return best, terms


_BRITISH_IZE = re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|ation|ations|er|ers)$")
_BRITISH_OUR = re.compile(r"(?<=[a-z]{3})our(s|ed|ing|able)?$")
ROOT_SUFFIXES = (
    "ations", "ation", "ements", "ement", "ments", "ment", "ities", "ity", "ings", "ing",
    "ness", "ers", "er", "ied", "ies", "ed", "es", "ly", "s",
)  # fmt: skip
GLOSSED = frozenset(
    root(w) for acronym, spelled in GLOSSARY.items() for w in tokenize(f"{acronym} {spelled}")
)
#: Words that frame a question rather than name its subject.
FRAME_WORDS = frozenset(
    "evidence suggests suggest suggesting shows show strongest case against usual answer "
    "main key library question questions view views position positions mirror opposite "
    "think believe know criticisms criticism critiques objections objection happens happen "
    "cannot".split()
)
GENERIC = frozenset(
    "what which who where when how why does do is are anything actually really people say "
    "think thinks literature authors researchers claim claims argue argued addressed".split()
)
