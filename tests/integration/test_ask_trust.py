"""Answers on a real library (SQLite + Chroma) whose map is written by hand, so each test
controls exactly which relations are asserted: no invented disagreement, an established one
named with its evidence, a question the library only brushes against, and verification that
leaves nothing but framing.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.ask import nodes
from assistant.ask.models import Answer, Citation
from assistant.ask.run import ask
from assistant.ask.state import AskContext
from assistant.mapstore import MapStore
from assistant.models import ClaimDraft, Evidence, Relation
from assistant.workspace import Workspace
from ingest.library import Library
from ingest.models import ParsedDocument

pytestmark = pytest.mark.integration

PAPER_AUTHORS = ["Ana Ortiz", "Ben Lutz", "Chen Wei", "Dora Kim"]
DOCS = {
    "paper": (
        PAPER_AUTHORS,
        "Backdoors and safety training",
        [
            "Standard safety training removes most backdoored behaviour in small language models.",
            "However, the largest models keep their backdoored behaviour after safety training.",
            "Adversarial training teaches models to hide the backdoor trigger rather than drop it.",
        ],
    ),
    "post": (
        ["Raj Patel"],
        "Backdoors survive",
        [
            "Against Ortiz et al., I find that safety training never removes backdoored "
            "behaviour, in any model size we tried.",
            "Red-teaming alone therefore cannot certify that a backdoored model is safe.",
        ],
    ),
    "note": (
        [],
        "Notes on deployment",
        [
            "Deployment monitoring catches some backdoor triggers after release.",
            "Monitoring costs grow with the number of deployed model copies.",
        ],
    ),
}
QUESTION = "Can standard safety training remove backdoored behaviour?"
MIRROR = "What evidence suggests standard safety training cannot remove backdoored behaviour?"


def build(library) -> dict[str, list[str]]:
    """Stage the documents and store their sentences as claims; no relation yet."""
    staged = {}
    for key, (authors, title, sentences) in DOCS.items():
        _, doc_id = library.stage(
            ParsedDocument(
                kind="text",
                identity=f"file:{key}",
                title=title,
                text=" ".join(sentences),
                authors=authors,
                published=datetime(2025, 1 + len(staged), 1, tzinfo=UTC),
            )
        )
        staged[key] = doc_id
    library.complete(list(staged.values()))
    store = MapStore(library)
    ids = {}
    for key, doc_id in staged.items():
        doc = library.document(doc_id)
        drafts, at = [], 0
        for sentence in DOCS[key][2]:
            start = doc.text.index(sentence, at)
            at = start + len(sentence)
            drafts.append(ClaimDraft(start=start, end=at, quote=sentence, text=sentence))
        ids[key] = store.save_claims(doc_id, doc.content_hash, "test", drafts, [])
        vectors = library.embedder.encode([d.quote for d in drafts])
        meta = {"doc_id": doc_id, "author": ", ".join(doc.authors) or f"unknown:{doc_id}"}
        store.vectors.upsert(ids[key], vectors, [meta] * len(drafts))
    return ids


def link(library, relations: list[Relation]) -> None:
    store = MapStore(library)
    doc = library.document(store.claim(relations[0].source).doc_id)
    store.save_links(doc.id, doc.content_hash, "test", relations)


def relation(source: str, target: str, type_: str, kind: str | None) -> Relation:
    evidence = Evidence(kind=kind, doc_id="", start=0, end=1) if kind else None
    return Relation(source=source, target=target, type=type_, rationale="t", evidence=evidence)


@pytest.fixture
def mapped(library):
    return build(library)


def asked(settings, question: str) -> Answer:
    """`cruxmap ask` on the test's workspace: opened, asked, closed."""
    with Workspace(Library(settings)) as workspace:
        return ask(workspace, question)


def verified(settings, answer: Answer) -> Answer:
    """The ask graph's verify step alone, on a hand-edited answer."""
    with Workspace(Library(settings)) as workspace:
        runtime = type("R", (), {"context": AskContext(workspace=workspace)})()
        return nodes.verify({"answer": answer}, runtime)["answer"]


def undisputed(ids) -> list[Relation]:
    """What today's analyser may store without any disagreement between people."""
    paper, post, note = ids["paper"], ids["post"], ids["note"]
    return [
        relation(paper[1], paper[0], "attacks", "discourse"),  # the paper's own "However"
        relation(post[0], paper[0], "related", "similarity"),
        relation(post[0], paper[1], "attacks", "similarity"),
        relation(note[0], paper[2], "attacks", None),  # a pre-evidence map's relation
        relation(post[1], post[0], "supports", "discourse"),
    ]


def cited(answer: Answer) -> bool:
    return all("[" in s for s in answer.sentences)


def test_without_asserted_disagreement_the_answer_says_none_was_established(
    mapped, library, settings
):
    link(library, undisputed(mapped))
    answer = asked(settings, QUESTION)
    assert not answer.abstained and not answer.disputed, answer.answer
    assert answer.mirror_question == MIRROR
    for banned in ("opposing", "directly attacks", "attack each other", "Evidence balance"):
        assert banned not in answer.answer
    assert answer.positions == [] and answer.exchanges == []
    assert "No disagreement between these sources was established" in answer.answer
    assert "Ana Ortiz et al., in ‘Backdoors and safety training’" in answer.answer
    assert "Ben Lutz" not in answer.answer
    assert cited(answer)
    assert {c.stance for c in answer.citations} == {"context"}


def test_an_asserted_citation_attack_is_named_with_its_evidence(mapped, library, settings):
    paper, post = mapped["paper"], mapped["post"]
    link(library, [*undisputed(mapped), relation(post[0], paper[0], "attacks", "citation")])
    answer = asked(settings, QUESTION)
    assert answer.disputed and not answer.abstained
    assert "The library holds 2 opposing positions" in answer.answer
    assert (
        "Raj Patel directly attacks Ana Ortiz et al. (a citation in Raj Patel's text)"
        in answer.answer
    )
    assert "Evidence balance" in answer.answer
    assert [(e.type, e.evidence.kind) for e in answer.exchanges] == [("attacks", "citation")]
    sides = {c.claim_id: c.stance for c in answer.citations}
    assert sides[paper[0]] != sides[post[0]]
    assert {"position 1", "position 2"} == {sides[paper[0]], sides[post[0]]}
    assert cited(answer)


def test_a_question_the_library_only_brushes_against_is_not_answered(mapped, library, settings):
    link(library, undisputed(mapped))
    answer = asked(
        settings, "How much electricity does safety training of large language models consume?"
    )
    assert answer.abstained and answer.abstain_reason == "brushing"
    assert answer.answer.startswith("The library does not answer this")
    assert "Nearest material" in answer.answer and answer.nearest
    assert answer.positions == [] and "opposing" not in answer.answer


def test_framing_alone_falls_back_to_the_verified_quotes(mapped, library, settings):
    answer = asked(settings, QUESTION)
    assert not answer.abstained
    framing = [s for s in answer.sentences if s.startswith("No disagreement")]
    answer.sentences = framing
    answer.answer = ""
    after = verified(settings, answer)
    assert not after.abstained
    assert after.sentences and all("“" in s for s in after.sentences)
    assert any("only framing survived" in d for d in after.dropped)


def test_when_no_quote_survives_the_answer_abstains_with_the_nearest_material(
    mapped, library, settings
):
    answer = asked(settings, QUESTION)
    answer.citations = [
        Citation(**(c.model_dump() | {"quote": c.quote + " (edited)"})) for c in answer.citations
    ]
    after = verified(settings, answer)
    assert after.abstained and after.abstain_reason == "unverified"
    assert after.citations == [] and after.answer.startswith("The library does not answer this")
