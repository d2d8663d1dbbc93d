"""Cruxes and answer positions count people, not author strings: a person never agrees
with, or argues against, themself."""

from __future__ import annotations

from assistant.ask.positions import balance, same_people
from assistant.cruxes import find_cruxes
from assistant.models import Claim, Evidence, Relation


def claim(cid: str, doc: str, author: str, text: str) -> Claim:
    return Claim(
        id=cid, doc_id=doc, start=0, end=len(text), quote=text, text=text, kind="conceptual",
        author=author, title=f"Doc {doc}",
    )  # fmt: skip


def attack(src: str, dst: str) -> Relation:
    return Relation(
        source=src, target=dst, type="attacks", rationale="r", confidence=0.9, analyst="test",
        evidence=Evidence(kind="citation", doc_id="x", start=0, end=1),
    )  # fmt: skip


def test_a_coauthored_work_does_not_argue_against_its_own_author():
    thesis = claim("c1", "d1", "Evan Hubinger", "Deceptive alignment is likely.")
    own = claim("c2", "d2", "Evan Hubinger, Chris van Merwijk", "Deceptive alignment is unlikely.")
    critic = claim("c3", "d3", "Alex Turner", "Deceptive alignment is unlikely.")
    assert not find_cruxes([thesis, own], [attack("c2", "c1")])
    (crux,) = find_cruxes([thesis, own, critic], [attack("c2", "c1"), attack("c3", "c1")])
    assert crux.against == ["c3"]


def test_same_people_ignores_accents_and_spacing_and_counts_people():
    a = claim("a", "d1", "Sören Mindermann", "x")
    b = claim("b", "d2", "Soren  Mindermann, Richard Ngo", "y")
    assert same_people(a, b)
    c = claim("c", "d3", "Richard Ngo", "z")
    result = balance({"a": 1, "b": 1, "c": 1}, {"a": a, "b": b, "c": c})
    assert result.authors == {"1": 2, "2": 0}  # three author strings, two people
