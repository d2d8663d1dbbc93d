"""The strongest opposition comes from other authors, best-supported first."""

from __future__ import annotations

import pytest

from assistant.models import Claim, Evidence, Relation
from assistant.steelman import Opposition, strongest_opposition

# Test relations stand for relations the analyst found in the text.
EVIDENCE = Evidence(kind="discourse")


def claim(cid: str, author: str, text: str) -> Claim:
    return Claim(
        id=cid,
        doc_id=f"doc-{cid}",
        start=0,
        end=len(text),
        quote=f"“{text}”",
        text=text,
        kind="conceptual",
        author=author,
    )


def rel(source: str, target: str, type_: str, confidence: float = 0.8) -> Relation:
    return Relation(
        evidence=EVIDENCE,
        source=source,
        target=target,
        type=type_,
        rationale="test",
        confidence=confidence,
    )


@pytest.fixture
def debate() -> tuple[list[Claim], list[Relation]]:
    claims = [
        claim("t", "Ann", "Corrigibility is a natural attractor."),
        claim("s", "Bea", "Assistants defer when uncertain."),
        claim("a", "Cal", "Corrigibility is anti-natural for consequentialists."),
        claim("a_s1", "Dee", "Consequentialists resist shutdown."),
        claim("a_s2", "Eve", "Utility maximisers preserve their goals."),
        claim("a_s1_s", "Fay", "Shutdown lowers expected utility."),
        claim("b", "Dee", "Attractor claims lack evidence."),
        claim("own", "ann", "Admittedly, my attractor story has gaps."),
        claim("c", "Bob", "Corrigibility must be imposed from outside."),
        claim("k", "Cal", "Deference vanishes under optimisation pressure."),
        claim("twin", "Gus", "Corrigibility arises by default."),
        claim("tw_att", "Hal", "Nothing arises by default in training."),
        claim("unrelated", "Ivy", "Tokenisers matter."),
    ]
    relations = [
        rel("s", "t", "supports"),
        rel("a", "t", "attacks"),
        rel("a_s1", "a", "supports"),
        rel("a", "a_s2", "depends_on"),
        rel("a_s1_s", "a_s1", "supports"),
        rel("b", "t", "attacks"),
        rel("own", "t", "attacks"),
        rel("t", "c", "attacks"),
        rel("k", "s", "attacks"),
        rel("twin", "t", "same_as"),
        rel("tw_att", "twin", "attacks", 0.5),
        rel("unrelated", "a", "responds_to"),
    ]
    return claims, relations


def test_best_supported_direct_attack_ranks_first(debate):
    result = strongest_opposition("t", *debate)
    assert all(isinstance(o, Opposition) for o in result)
    first = result[0]
    assert first.claim_id == "a" and first.author == "Cal"
    assert first.support_count == 3
    # 1.0 * 0.8 direct + 0.8 + 0.8 (two holders) + 0.4 (a holder's holder, halved)
    assert first.score == pytest.approx(2.8)
    assert first.quote == "“Corrigibility is anti-natural for consequentialists.”"
    assert first.why == (
        "attacks this claim directly (confidence 0.80); "
        "backed by 3 claims from 3 authors (Dee, Eve, Fay)"
    )


def test_own_author_is_excluded_and_every_route_is_found(debate):
    result = strongest_opposition("t", *debate, limit=10)
    ids = [o.claim_id for o in result]
    assert "own" not in ids  # "ann" is Ann
    assert "unrelated" not in ids and "s" not in ids
    assert ids == ["a", "b", "c", "k", "tw_att"]
    why = {o.claim_id: o.why for o in result}
    assert why["b"] == (
        "attacks this claim directly (confidence 0.80); nothing else in the map backs it"
    )
    assert why["c"].startswith("is the position this claim attacks (confidence 0.80)")
    assert why["k"].startswith("attacks s, what this claim rests on")
    assert why["tw_att"].startswith("attacks twin, a restatement of this claim (confidence 0.50)")


def test_limit_and_unknown_claim(debate):
    assert [o.claim_id for o in strongest_opposition("t", *debate, limit=2)] == ["a", "b"]
    with pytest.raises(KeyError):
        strongest_opposition("missing", *debate)


def test_a_claim_nobody_opposes_has_no_opposition(debate):
    assert strongest_opposition("unrelated", *debate) == []
