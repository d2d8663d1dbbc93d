"""Topics: the library's claims grouped by what they are about, for a map a reader can read.

A map of thousands of claims drawn whole is unreadable, and a map of the sixty best-ranked
claims hides what the library is about. Topics sit between the two: claims clustered by their
embedding (what they mean) together with the content words they share (what they literally
talk about), each cluster named by its most telling words and the documents it draws on.

Why both signals: the embedding alone groups claims by tone and form ("X will fail" with "Y
will fail"); shared stems alone split paraphrases apart. Mixing a reduced TF-IDF of stems
with the normalised embedding, then k-means on the mix, keeps clusters about one subject.

Why "telling" words: the words most frequent in a topic are usually the words most frequent
everywhere ("model", "training"). A topic is named by class-based TF-IDF (a term's share
of the topic's words times how rare it is across topics), counting each word once per claim,
so one long claim cannot name a topic. Stems are shown as the spelling used most often.

Everything here is deterministic (fixed seeds), so a reader sees the same topics every time
the map is the same; the UI caches them per map version.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Protocol

import numpy as np
from pydantic import BaseModel, Field

from ingest.tokens import is_content_word, stem, words

#: Claims per topic the clustering aims at; the number of topics grows with the root of the
#: library so that both the topic overview and each topic stay small enough to read.
CLAIMS_PER_TOPIC = 4
MAX_TOPICS = 30
#: How much of the mix is the embedding (the rest is shared terms).
EMBEDDING_WEIGHT = 0.6
#: Dimensions the TF-IDF of stems is reduced to before mixing.
TERM_DIMENSIONS = 64
#: Words and documents a topic's name shows.
LABEL_TERMS = 3
NAME_DOCUMENTS = 3


class TopicDocument(BaseModel):
    """A document a topic draws on, and how many of the topic's claims come from it."""

    doc_id: str
    title: str = ""
    claims: int


class Topic(BaseModel):
    """One group of claims: its telling terms, its documents, its claims (most typical first)."""

    id: str
    terms: list[str]
    documents: list[TopicDocument]
    claim_ids: list[str]
    cruxes: int = 0
    authors: list[str] = Field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.claim_ids)

    @property
    def label(self) -> str:
        """A short name for a node or a table cell: its telling terms."""
        return " · ".join(self.terms[:LABEL_TERMS]) or "miscellaneous"


class TopicClaim(Protocol):
    """What clustering reads of a claim (the map's `Claim` has it)."""

    @property
    def id(self) -> str: ...
    @property
    def doc_id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def author(self) -> str: ...


def claim_stems(text: str) -> list[str]:
    """The content stems of a claim, each once: what "shared terms" counts."""
    return sorted({stem(w) for w in words(text) if is_content_word(w)})


def topic_count(n_claims: int) -> int:
    """How many topics for `n_claims` (1 for a handful of claims, at most `MAX_TOPICS`)."""
    if n_claims < 2 * CLAIMS_PER_TOPIC:
        return 1
    return max(2, min(MAX_TOPICS, round(math.sqrt(n_claims / CLAIMS_PER_TOPIC))))


def find_topics(
    claims: Iterable[TopicClaim],
    vectors: Mapping[str, np.ndarray],
    crux_ids: Iterable[str] = (),
    titles: Mapping[str, str] | None = None,
    n_topics: int | None = None,
) -> list[Topic]:
    """Group `claims` into topics, largest first (cruxes break ties).

    `vectors` holds the claims' embeddings (a claim without one is placed by its words
    alone); `titles` names the documents; `n_topics` overrides `topic_count`.
    """
    items = sorted(claims, key=lambda c: c.id)
    if not items:
        return []
    cruxes = set(crux_ids)
    features = _features(items, vectors)
    k = min(n_topics or topic_count(len(items)), len(items))
    labels, distances = _cluster(features, k)
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    stems = [claim_stems(c.text) for c in items]
    names = _telling_terms(groups, stems, _spellings(items))
    topics = []
    for label, members in groups.items():
        members.sort(key=lambda i: (distances[i], items[i].id))
        ids = [items[i].id for i in members]
        topics.append(
            Topic(
                id="",
                terms=names[label],
                documents=_documents([items[i] for i in members], titles or {}),
                claim_ids=ids,
                cruxes=sum(1 for cid in ids if cid in cruxes),
                authors=sorted({items[i].author for i in members if items[i].author}),
            )
        )
    topics.sort(key=lambda t: (-t.size, -t.cruxes, t.claim_ids[0]))
    for n, topic in enumerate(topics, 1):
        topic.id = f"t{n}"
    return topics


def _features(items: list[TopicClaim], vectors: Mapping[str, np.ndarray]) -> np.ndarray:
    """Each claim as its normalised embedding and its reduced term profile, weighted."""
    from sklearn.decomposition import TruncatedSVD  # type: ignore[import-untyped]
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
    from sklearn.preprocessing import normalize  # type: ignore[import-untyped]

    dim = next((len(v) for v in vectors.values()), 0)
    embedding = np.zeros((len(items), dim), dtype=np.float32)
    for row, claim in enumerate(items):
        vector = vectors.get(claim.id)
        if vector is not None:
            embedding[row] = vector
    parts = [normalize(embedding) * math.sqrt(EMBEDDING_WEIGHT)] if dim else []
    tfidf = TfidfVectorizer(analyzer=claim_stems, min_df=2 if len(items) >= 20 else 1)
    try:
        terms = tfidf.fit_transform([c.text for c in items])
    except ValueError:  # no term shared by two claims: the embedding decides alone
        terms = None
    if terms is not None and terms.shape[1] > 1 and len(items) > 2:
        components = min(TERM_DIMENSIONS, terms.shape[1] - 1, len(items) - 1)
        reduced = TruncatedSVD(components, random_state=0).fit_transform(terms)
        parts.append(normalize(reduced) * math.sqrt(1 - EMBEDDING_WEIGHT if dim else 1.0))
    if not parts:
        return np.zeros((len(items), 1), dtype=np.float32)
    return np.hstack(parts).astype(np.float32)


def _cluster(features: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Cluster labels and each claim's distance to its centre (k-means, fixed seed)."""
    if k <= 1:
        centre = features.mean(axis=0)
        return np.zeros(len(features), dtype=int), np.linalg.norm(features - centre, axis=1)
    from sklearn.cluster import KMeans  # type: ignore[import-untyped]

    model = KMeans(n_clusters=k, n_init=4, random_state=0).fit(features)
    centres = model.cluster_centers_[model.labels_]
    return model.labels_, np.linalg.norm(features - centres, axis=1)


def _spellings(items: list[TopicClaim]) -> dict[str, str]:
    """Each stem's most used spelling ("generaliz" -> "generalise"), for names people read."""
    seen: dict[str, Counter[str]] = {}
    for claim in items:
        for word in words(claim.text):
            if is_content_word(word):
                seen.setdefault(stem(word), Counter())[word] += 1
    return {
        s: max(c.items(), key=lambda kv: (kv[1], -len(kv[0]), kv[0]))[0] for s, c in seen.items()
    }


def _telling_terms(
    groups: dict[int, list[int]], stems: list[list[str]], spelling: dict[str, str]
) -> dict[int, list[str]]:
    """Class-based TF-IDF per group: a term's share of the group times its rarity across
    groups, times the share of the term's uses that fall in this group (so a word every
    topic uses, "model", names none). A term must occur in two of a group's claims when the
    group has three or more."""
    counts = {
        label: Counter(s for i in members for s in stems[i]) for label, members in groups.items()
    }
    total = Counter[str]()
    for counter in counts.values():
        total.update(counter)
    average = sum(total.values()) / max(len(counts), 1)
    names: dict[int, list[str]] = {}
    for label, counter in counts.items():
        size = sum(counter.values()) or 1
        floor = 2 if len(groups[label]) >= 3 else 1
        scored = [
            (count / size * math.log(1 + average / total[term]) * (count / total[term]), term)
            for term, count in counter.items()
            if count >= floor
        ]
        scored.sort(key=lambda st: (-st[0], st[1]))
        names[label] = [spelling.get(term, term) for _, term in scored[: LABEL_TERMS + 2]]
    return names


def _documents(members: list[TopicClaim], titles: Mapping[str, str]) -> list[TopicDocument]:
    per_doc = Counter(c.doc_id for c in members)
    ranked = sorted(per_doc.items(), key=lambda kv: (-kv[1], kv[0]))
    return [TopicDocument(doc_id=d, title=titles.get(d, ""), claims=n) for d, n in ranked]
