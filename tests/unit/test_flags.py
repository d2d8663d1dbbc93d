"""Flags fire where an argument assumes instead of argues, and each says why."""

from __future__ import annotations

from assistant.flags import UNIVERSAL_MARKERS, compute_flags, found_markers, is_hedged
from assistant.models import Claim, Evidence, Relation

# Test relations stand for relations the analyst found in the text.
EVIDENCE = Evidence(kind="discourse")


def claim(
    cid: str,
    quote: str,
    markers: list[str] | None = None,
    hedged: bool = False,
    author: str = "Ann",
) -> Claim:
    return Claim(
        id=cid,
        doc_id="d",
        start=0,
        end=len(quote),
        quote=quote,
        text=quote,
        kind="conceptual",
        author=author,
        hedged=hedged,
        markers=markers or [],
    )


def rel(source: str, target: str, type_: str) -> Relation:
    return Relation(evidence=EVIDENCE, source=source, target=target, type=type_, rationale="test")


def flags_by_claim(claims, relations) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for flag in compute_flags(claims, relations):
        out.setdefault(flag.claim_id, {})[flag.kind] = flag.why
    return out


def test_unsupported_load_bearing_counts_dependents_and_says_why():
    claims = [
        claim("base", "Models have goals."),
        claim("p", "So they scheme."),
        claim("q", "So evals are needed."),
        claim("r", "Hence regulation."),
    ]
    relations = [
        rel("p", "base", "depends_on"),
        rel("base", "q", "supports"),
        rel("r", "q", "depends_on"),
    ]
    flags = flags_by_claim(claims, relations)
    assert flags["base"]["unsupported_load_bearing"] == (
        "2 claims depend on this (3 counting indirect dependents), but nothing in the map "
        "supports it"
    )
    # q rests on base (so it is supported) and r rests on q.
    assert "unsupported_load_bearing" not in flags.get("q", {})
    assert "p" not in flags and "r" not in flags  # nothing depends on them


def test_support_for_a_claim_or_its_restatement_clears_the_flag():
    claims = [
        claim("base", "Models have goals."),
        claim("p", "So they scheme."),
        claim("e", "RL agents pursue proxies."),
        claim("twin", "Models pursue goals."),
    ]
    supported = [rel("p", "base", "depends_on"), rel("e", "base", "supports")]
    assert "base" not in flags_by_claim(claims, supported)
    via_twin = [
        rel("p", "base", "depends_on"),
        rel("base", "twin", "same_as"),
        rel("e", "twin", "supports"),
    ]
    assert "unsupported_load_bearing" not in flags_by_claim(claims, via_twin).get("base", {})
    attacked_only = [rel("p", "base", "depends_on"), rel("e", "base", "attacks")]
    assert flags_by_claim(claims, attacked_only)["base"]["unsupported_load_bearing"] == (
        "1 claim depends on this, but nothing in the map supports it"
    )


def test_assumption_markers_from_the_analyst_or_the_quote():
    claims = [
        claim("m", "Alignment is hard.", markers=["obviously"]),
        claim("s", "Of course, it is clear that deceptive models will hide."),
        claim("n", "This is not obviously true."),
    ]
    flags = flags_by_claim(claims, [])
    assert flags["m"]["assumed_not_argued"] == "asserted with 'obviously' rather than argued"
    assert flags["s"]["assumed_not_argued"] == (
        "asserted with 'of course' and 'it is clear that' rather than argued"
    )
    assert "n" not in flags  # negated: a hedge, not an assumption


def test_unhedged_universal_fires_unless_hedged():
    claims = [
        claim("u", "Gradient descent will never find deceptive alignment."),
        claim("h", "Gradient descent will never find it.", hedged=True),
        claim("g", "It seems that all such models fail."),
        claim("i", "That is not necessarily so, after all."),
        claim("k", "Interpretability is impossible at scale.", markers=["impossible"]),
        claim("sup", "Search spaces are huge."),
    ]
    flags = flags_by_claim(claims, [rel("sup", "k", "supports")])
    assert flags["u"]["unhedged_universal"] == (
        "universal 'never' stated without hedging or support"
    )
    assert flags["k"]["unhedged_universal"] == (
        "universal 'impossible' stated without hedging (though 1 claim in the map supports it)"
    )
    assert "h" not in flags  # the analyst marked it hedged
    assert "g" not in flags  # "seems" is a hedge found in the quote
    assert "i" not in flags  # negated universal and the idiom "after all"


def test_marker_scan_respects_word_boundaries():
    assert found_markers(
        claim("w", "Overall, we always win; allowance is small."), UNIVERSAL_MARKERS
    ) == ["always"]
    assert is_hedged(claim("x", "This might fail."))
    assert not is_hedged(claim("y", "This fails."))


def test_flags_are_ordered_and_empty_maps_have_none():
    claims = [claim("b", "Clearly all is lost."), claim("a", "Obviously nothing works.")]
    flags = compute_flags(claims, [])
    assert [(f.claim_id, f.kind) for f in flags] == [
        ("a", "assumed_not_argued"),
        ("a", "unhedged_universal"),
        ("b", "assumed_not_argued"),
        ("b", "unhedged_universal"),
    ]
    assert compute_flags([], []) == []
