"""Cruxes are contested across authors AND load-bearing; one-sided claims are not cruxes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cruxes import find_cruxes
from assistant.models import Claim, Evidence, Relation

# Test relations stand for relations the analyst found in the text.
EVIDENCE = Evidence(kind="discourse")


def claim(cid: str, author: str, text: str) -> Claim:
    return Claim(
        id=cid,
        doc_id=f"doc-{author.lower() or cid}",
        start=0,
        end=len(text),
        quote=text,
        text=text,
        kind="conceptual",
        author=author,
        title=f"{author} post",
    )


def rel(source: str, target: str, type_: str) -> Relation:
    return Relation(
        evidence=EVIDENCE,
        source=source,
        target=target,
        type=type_,
        rationale="test",
        confidence=0.8,
    )


@pytest.fixture
def alignment_map() -> tuple[list[Claim], list[Relation]]:
    claims = [
        claim("x", "Ann", "Behavioural training may not generalise out of distribution."),
        claim("x2", "Eve", "Trained behaviour can fail to carry over to new situations."),
        claim("s1", "Bea", "Goal misgeneralisation shows up in toy RL agents."),
        claim("a1", "Cal", "Pretrained models generalise surprisingly well."),
        claim("a2", "Dee", "RLHF behaviour transfers across domains."),
        claim("p1", "Ann", "So we need interpretability-based audits."),
        claim("p2", "Bea", "Audits should be required before deployment."),
        claim("q", "Bea", "Red-teaming alone is not enough."),
        claim("y", "Bea", "Scaling laws are smooth."),
        claim("y1", "Cal", "Loss curves follow power laws."),
        claim("r", "Ann", "Our method is robust."),
        claim("r1", "Ann", "One might object that our method is brittle."),
        claim("z", "Cal", "Sandbagging is detectable."),
        claim("w", "Dee", "Sandbagging evades current evals."),
    ]
    relations = [
        rel("s1", "x", "supports"),
        rel("x2", "x", "same_as"),
        rel("a1", "x", "attacks"),
        rel("a2", "x", "attacks"),
        rel("p1", "x", "depends_on"),
        rel("p2", "p1", "depends_on"),
        rel("x", "q", "supports"),
        rel("y1", "y", "supports"),
        rel("r1", "r", "attacks"),
        rel("w", "z", "attacks"),
    ]
    return claims, relations


def test_the_load_bearing_contested_claim_is_the_top_crux(alignment_map):
    cruxes = find_cruxes(*alignment_map)
    top = cruxes[0]
    assert top.claim_id == "x"
    assert top.for_ == ["s1", "x2"]
    assert top.against == ["a1", "a2"]
    assert top.why == (
        "Contested: 3 authors for (Ann, Bea, Eve), 2 against (Cal, Dee). "
        "Attacked directly by Cal (a contrast marker in the text), "
        "Dee (a contrast marker in the text). "
        "3 claims depend on it and it rests on 1 claim."
    )
    # controversy 2*2/5 = 0.8; weight 3 dependents + 1 holder: 4/(4+3) -> 0.8 * (0.5 + 2/7)
    assert top.score == pytest.approx(0.6286, abs=1e-4)
    assert top.text.startswith("Behavioural training")
    assert top.model_dump(by_alias=True)["for"] == ["s1", "x2"]


def test_one_sided_and_self_objections_are_not_cruxes(alignment_map):
    ids = {c.claim_id for c in find_cruxes(*alignment_map, top=100)}
    assert "y" not in ids and "y1" not in ids  # only support
    assert "r" not in ids and "r1" not in ids  # Ann objecting to Ann
    assert "s1" not in ids  # nothing bears against it


def test_the_crux_is_where_the_attack_lands_not_what_rests_on_it(alignment_map):
    cruxes = {c.claim_id: c for c in find_cruxes(*alignment_map, top=100)}
    # p2 depends on p1, which depends on x, which Cal and Dee attack: the dispute is over
    # x, and p1 and p2 count toward x's weight instead of being listed as cruxes of their
    # own (on two real papers, one attack made a whole section's claims "cruxes").
    assert "p1" not in cruxes and "p2" not in cruxes
    assert "depend on it" in cruxes["x"].why
    # Attacks a claim makes do not put their targets' authors against it.
    assert "a1" not in cruxes and "a2" not in cruxes and "w" not in cruxes
    assert cruxes["z"].why == (
        "Contested: 1 author for (Cal), 1 against (Dee). "
        "Attacked directly by Dee (a contrast marker in the text). "
        "Nothing else in the map rests on it or holds it up yet."
    )
    assert cruxes["z"].score == pytest.approx(0.5)


def test_signs_multiply_along_the_argument():
    claims = [
        claim("t", "Ann", "Thesis."),
        claim("obj", "Bob", "Objection."),
        claim("obj_s", "Cal", "Evidence for the objection."),
        claim("rebut", "Dee", "Rebuttal of the objection."),
    ]
    relations = [
        rel("obj", "t", "attacks"),
        rel("obj_s", "obj", "supports"),
        rel("rebut", "obj", "attacks"),
    ]
    (crux,) = [c for c in find_cruxes(claims, relations) if c.claim_id == "t"]
    assert crux.for_ == ["rebut"]
    assert crux.against == ["obj", "obj_s"]
    assert crux.why.startswith("Contested: 2 authors for (Ann, Dee), 2 against (Bob, Cal)")


def test_ordering_is_score_then_id_and_top_limits(alignment_map):
    cruxes = find_cruxes(*alignment_map, top=100)
    assert [c.claim_id for c in cruxes] == ["x", "x2", "z"]
    assert [c.claim_id for c in find_cruxes(*alignment_map, top=2)] == ["x", "x2"]
    assert find_cruxes(*alignment_map) == find_cruxes(*alignment_map)


def test_gold_cruxes_of_the_demo_corpus_rank_high():
    """The demo corpus's hand-annotated map: its cruxes should lead the ranking."""
    gold_path = Path(__file__).resolve().parents[2] / "corpora" / "demo" / "gold.json"
    if not gold_path.exists():
        pytest.skip("corpora/demo/gold.json is not present")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    claims = [
        Claim(
            id=f"{key}#{i}",
            doc_id=key,
            start=0,
            end=len(c["quote"]),
            quote=c["quote"],
            text=c["quote"],
            kind=c.get("kind", "conceptual"),
            author=doc["author"],
        )
        for key, doc in gold["documents"].items()
        for i, c in enumerate(doc["claims"])
    ]
    relations = [
        Relation(
            evidence=EVIDENCE,
            source=r["source"],
            target=r["target"],
            type=r["type"],
            rationale="gold",
        )
        for r in gold["relations"]
    ]
    expected = {c["claim"] for c in gold["cruxes"]}
    top = [c.claim_id for c in find_cruxes(claims, relations, top=5)]
    assert top[0] in expected
    assert len(expected & set(top)) >= 3


def test_author_names_compare_case_insensitively_and_unattributed_claims_count_per_document():
    claims = [
        claim("m", "Ann Smith", "Mesa-optimisers are likely."),
        claim("n", "ann  smith", "Mesa-optimisers are unlikely."),
        Claim(id="o1", doc_id="post-1", start=0, end=3, quote="No.", text="No.", kind="conceptual"),
        Claim(id="o2", doc_id="post-2", start=0, end=3, quote="No!", text="No!", kind="conceptual"),
    ]
    relations = [rel("n", "m", "attacks"), rel("o1", "m", "attacks"), rel("o2", "m", "attacks")]
    (crux,) = [c for c in find_cruxes(claims, relations) if c.claim_id == "m"]
    assert crux.against == ["o1", "o2"]  # n is Ann Smith's own objection
    assert "2 against (unattributed (post-1), unattributed (post-2))" in crux.why


def test_empty_map_has_no_cruxes():
    assert find_cruxes([], []) == []


def test_a_candidate_link_never_makes_a_crux_and_sides_are_named_briefly():
    claims = [
        claim("p", "Richard Ngo, Lawrence Chan, Soren Mindermann", "Reward hacking gets harder."),
        claim("q", "Dario Amodei, Chris Olah", "Reward hacking is a hard problem to avoid."),
        claim("r", "Ann", "Reward hacking is easy to detect early on."),
    ]
    similar_only = [
        Relation(
            source="r",
            target="q",
            type="related",
            rationale="similar",
            confidence=0.9,
            evidence=Evidence(kind="similarity"),
        ),
        # Proposed as an attack, but with nothing in the text behind it: not asserted.
        Relation(source="p", target="q", type="attacks", rationale="a guess", confidence=0.9),
    ]
    assert find_cruxes(claims, similar_only) == []
    cited = [
        Relation(
            source="p",
            target="q",
            type="attacks",
            rationale="names Amodei",
            confidence=0.6,
            evidence=Evidence(kind="citation", doc_id="doc-richard", start=0, end=6),
        ),
    ]
    (crux,) = find_cruxes(claims, cited)
    assert crux.claim_id == "q"
    assert crux.why.startswith(
        "Contested: 1 author for (Dario Amodei et al.), 1 against (Richard Ngo et al.). "
        "Attacked directly by Richard Ngo et al. (in a sentence that names or cites the other "
        "author)."
    )
