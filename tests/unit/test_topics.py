"""Topics group claims by what they are about and are named by words a reader recognises.

The claims below are about three subjects written in the same argumentative form, so a
grouping by form ("X will fail") would mix them. Their vectors are real embeddings from the
project's embedder (all-MiniLM-L6-v2, offline), as the map stores them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from assistant.topics import claim_stems, find_topics, topic_count

SUBJECTS = {
    "interp": [
        "Interpretability tools will not certify that a frontier model is aligned.",
        "Sparse autoencoder features make interpretability audits of models cheaper.",
        "Mechanistic interpretability can find deceptive circuits before deployment.",
        "Interpretability probes fail when the features are distributed across layers.",
        "An interpretability audit found a refusal circuit in the residual stream.",
        "We cannot trust interpretability results that were never validated on known circuits.",
    ],
    "control": [
        "AI control protocols keep an untrusted model safe by monitoring its actions.",
        "Control evaluations with red teams measure how often a monitor catches sabotage.",
        "Trusted monitoring is the cheapest control protocol for coding agents.",
        "Control only buys time: a monitor cannot catch a much smarter untrusted model.",
        "A control safety case needs red team attacks that match the untrusted model.",
        "Resampling suspicious actions makes control protocols far more robust.",
    ],
    "bio": [
        "Pandemic pathogens synthesised with model help are the gravest misuse risk.",
        "Biosecurity screening of DNA synthesis orders stops most pathogen misuse.",
        "Models already give uplift to novices planning a pathogen attack.",
        "Biosecurity evaluations of uplift overstate what novices can do in a wet lab.",
        "DNA synthesis screening misses pathogen fragments ordered from many vendors.",
        "Misuse of models for bioweapons needs wet lab skills that text cannot teach.",
    ],
}


@dataclass
class Item:
    id: str
    doc_id: str
    text: str
    author: str = ""


@pytest.fixture(scope="module")
def items_and_vectors():
    from ingest.embed import get_embedder

    items = [
        Item(f"c-{subject}-{n}", f"doc-{subject}-{n % 2}", text, f"{subject} author {n % 3}")
        for subject, texts in SUBJECTS.items()
        for n, text in enumerate(texts)
    ]
    vectors = get_embedder().encode([i.text for i in items])
    return items, {i.id: v for i, v in zip(items, vectors, strict=True)}


def subject(claim_id: str) -> str:
    return claim_id.split("-")[1]


def test_claims_about_one_subject_end_up_in_one_topic(items_and_vectors):
    items, vectors = items_and_vectors
    topics = find_topics(items, vectors, n_topics=3)
    assert sorted(t.size for t in topics) == [6, 6, 6]
    for topic in topics:
        assert len({subject(c) for c in topic.claim_ids}) == 1, topic.claim_ids


def test_topics_are_named_by_their_telling_words_and_documents(items_and_vectors):
    items, vectors = items_and_vectors
    titles = {i.doc_id: f"Title of {i.doc_id}" for i in items}
    topics = find_topics(items, vectors, titles=titles, n_topics=3)
    names = {subject(t.claim_ids[0]): t for t in topics}
    assert "interpretability" in names["interp"].terms[:2]
    assert "control" in names["control"].terms[:2]
    assert {"pathogen", "biosecurity"} & set(names["bio"].terms[:3])
    # A word every topic uses names none of them.
    assert all("model" not in t.terms[:3] and "models" not in t.terms[:3] for t in topics)
    interp = names["interp"]
    assert {d.doc_id for d in interp.documents} == {"doc-interp-0", "doc-interp-1"}
    assert interp.documents[0].title.startswith("Title of doc-interp-")
    assert sum(d.claims for d in interp.documents) == interp.size
    assert " · " in interp.label and interp.label.split(" · ")[0] in interp.terms


def test_topics_count_their_cruxes_and_are_the_same_every_time(items_and_vectors):
    items, vectors = items_and_vectors
    first = find_topics(items, vectors, crux_ids={"c-control-0", "c-control-3"}, n_topics=3)
    again = find_topics(
        list(reversed(items)), vectors, crux_ids={"c-control-0", "c-control-3"}, n_topics=3
    )
    assert [t.model_dump() for t in first] == [t.model_dump() for t in again]
    control = next(t for t in first if subject(t.claim_ids[0]) == "control")
    assert control.cruxes == 2
    assert [t.id for t in first] == ["t1", "t2", "t3"]


def test_claims_without_a_vector_are_placed_by_their_words(items_and_vectors):
    items, vectors = items_and_vectors
    partial = {k: v for k, v in vectors.items() if not k.endswith("-0")}
    topics = find_topics(items, partial, n_topics=3)
    assert sum(t.size for t in topics) == len(items)


def test_no_vectors_at_all_still_groups_by_shared_terms(items_and_vectors):
    items, _ = items_and_vectors
    topics = find_topics(items, {}, n_topics=3)
    assert sum(t.size for t in topics) == len(items)
    pure = sum(1 for t in topics if len({subject(c) for c in t.claim_ids}) == 1)
    assert pure >= 2


def test_small_and_empty_maps():
    assert find_topics([], {}) == []
    one = find_topics([Item("a", "d", "Control protocols monitor untrusted models.")], {})
    assert len(one) == 1 and one[0].claim_ids == ["a"]
    assert topic_count(5) == 1
    assert 2 <= topic_count(219) <= 10
    assert topic_count(100_000) == 30


def test_stems_merge_spellings_and_drop_function_words():
    stems = claim_stems("Models generalise; the model generalizes and THE models")
    assert stems.count("model") == 1
    assert "the" not in stems and "and" not in stems
    assert len([s for s in stems if s.startswith("generaliz")]) == 1


def test_vectors_of_an_unexpected_shape_are_not_needed_for_labels():
    items = [
        Item(f"c{i}", "d", f"reward hacking case {i} in reinforcement learning") for i in range(10)
    ]
    vectors = {i.id: np.ones(4, dtype=np.float32) for i in items}
    topics = find_topics(items, vectors)
    assert "reward" in topics[0].terms or "hacking" in topics[0].terms
