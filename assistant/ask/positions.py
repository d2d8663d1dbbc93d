"""Sides, exchanges, balance and agreement, read off the argument map rather than guessed.

Only asserted relations count (`Relation.asserted`: a real type backed by textual evidence);
a `related` candidate or a relation without evidence is never agreement or disagreement.

Disagreement is a claim of one person attacked by another person's text. An author weighing
an objection in their own text ("However, ...") is not a disagreement between sources, so
sides are only drawn around such a cross-person attack: the claims joined to it by asserted
support (same side) or by further cross-person attacks (opposite side). Everything else stays
context, and the answer then says that no disagreement was established.
"""

from __future__ import annotations

import re
from collections import deque

from assistant.ask.models import Balance
from assistant.models import Claim, Relation
from ingest.people import people_keys, share_a_person

SAME_SIDE = frozenset({"supports", "same_as", "depends_on"})
EXCHANGE_TYPES = frozenset({"attacks", "responds_to"})
LOPSIDED_RATIO = 2.0
#: A work by this many people or more is named by its first author plus "et al.".
ET_AL_FROM = 3
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")


def names(author: str) -> list[str]:
    """The people in an author string as stored ("A, B and C")."""
    return [n for n in _NAME_SPLIT.split(author or "") if n.strip()]


def lead(author: str) -> str:
    """How an answer names a work's authors: "A", "A and B", or "A et al." for three or more."""
    people = names(author)
    if not people:
        return ""
    if len(people) >= ET_AL_FROM:
        return f"{people[0]} et al."
    return " and ".join(people)


def same_people(a: Claim, b: Claim) -> bool:
    """Whether two claims come from the same voice: one document, or a shared person
    (names compared without case, accents or spacing: "Sören" is "Soren")."""
    if a.doc_id == b.doc_id:
        return True
    return share_a_person(a.author, b.author)


def disputes(relations: list[Relation], claims: dict[str, Claim]) -> list[Relation]:
    """Asserted attacks between claims of different people: the map's established disagreement."""
    return [
        r
        for r in relations
        if r.asserted
        and r.type == "attacks"
        and r.source in claims
        and r.target in claims
        and not same_people(claims[r.source], claims[r.target])
    ]


def assign_sides(
    order: list[str], relations: list[Relation], claims: dict[str, Claim]
) -> dict[str, int]:
    """Side 1 or 2 per claim, only in clusters that hold an established disagreement.

    Edges are asserted supports (same side) and cross-person attacks (opposite sides); each
    cluster is coloured from its most relevant claim, which takes side 1.
    """
    members = set(order)
    attacks = {id(r) for r in disputes(relations, claims)}
    edges: dict[str, list[tuple[str, int]]] = {}
    for rel in relations:
        if rel.source not in members or rel.target not in members or not rel.asserted:
            continue
        flip = 1 if id(rel) in attacks else 0 if rel.type in SAME_SIDE else None
        if flip is None:
            continue
        edges.setdefault(rel.source, []).append((rel.target, flip))
        edges.setdefault(rel.target, []).append((rel.source, flip))
    side: dict[str, int] = {}
    for seed in order:
        if seed in side or seed not in edges:
            continue
        cluster = _colour(seed, edges)
        if any(flip for cid in cluster for _, flip in edges[cid]):
            side |= cluster
    return side


def _colour(seed: str, edges: dict[str, list[tuple[str, int]]]) -> dict[str, int]:
    cluster = {seed: 1}
    queue = deque([seed])
    while queue:
        current = queue.popleft()
        for other, flip in edges.get(current, []):
            if other not in cluster:
                cluster[other] = cluster[current] if flip == 0 else 3 - cluster[current]
                queue.append(other)
    return cluster


def exchanges(
    relations: list[Relation], members: set[str], claims: dict[str, Claim]
) -> list[Relation]:
    """Asserted attacks and replies among the evidence between different people."""
    return [
        r
        for r in relations
        if r.asserted
        and r.type in EXCHANGE_TYPES
        and r.source in members
        and r.target in members
        and not same_people(claims[r.source], claims[r.target])
    ]


def balance(sides: dict[str, int], claims: dict[str, Claim]) -> Balance:
    counts = {"1": 0, "2": 0}
    authors: dict[str, set[str]] = {"1": set(), "2": set()}
    for cid, s in sides.items():
        counts[str(s)] += 1
        claim = claims[cid]
        authors[str(s)] |= people_keys(claim.author) or {f"doc:{claim.doc_id}"}
    a, b = counts["1"], counts["2"]
    lopsided = (a or b) and (min(a, b) == 0 or max(a, b) / min(a, b) >= LOPSIDED_RATIO)
    return Balance(
        sides=counts,
        authors={k: len(v) for k, v in authors.items()},
        lopsided=bool(lopsided),
    )


def agreements(
    claims: list[Claim], relations: list[Relation], limit: int = 6
) -> list[tuple[Claim, list[str], list[str]]]:
    """Claims backed by another person's asserted support or restatement.

    Returns (claim, backers named as answers name them, ids of claims that attack it across
    people); dissent is listed so a broadly backed claim that someone attacks is not hidden.
    """
    by_id = {c.id: c for c in claims}
    backers: dict[str, set[str]] = {}
    for rel in relations:
        if not rel.asserted or rel.source not in by_id or rel.target not in by_id:
            continue
        source, target = by_id[rel.source], by_id[rel.target]
        if rel.type not in ("supports", "same_as") or same_people(source, target):
            continue
        backers.setdefault(target.id, set()).add(_voice(source))
        if rel.type == "same_as":
            backers.setdefault(source.id, set()).add(_voice(target))
    attackers: dict[str, list[str]] = {}
    for rel in disputes(relations, by_id):
        attackers.setdefault(rel.target, []).append(rel.source)
    found = []
    for cid, supporters in backers.items():
        claim = by_id[cid]
        found.append((claim, sorted(supporters | {_voice(claim)}), attackers.get(cid, [])))
    found.sort(key=lambda item: (-len(item[1]), len(item[2]) > 0, item[0].id))
    return found[:limit]


def _voice(claim: Claim) -> str:
    return lead(claim.author) or f"the unnamed author of ‘{claim.title or claim.doc_id}’"
