"""Sides, exchanges, balance and agreement, read off the argument map rather than guessed.

Two claims are on opposite sides when one attacks the other, and on the same side when one
supports, depends on or restates the other. Colouring the evidence's relation graph that way
groups who holds what without any model; claims the map does not connect stay as context.
"""

from __future__ import annotations

from collections import deque

from assistant.ask.models import Balance
from assistant.models import Claim, Relation

SAME_SIDE = {"supports", "same_as", "depends_on"}
OPPOSITE = {"attacks"}
LOPSIDED_RATIO = 2.0


def assign_sides(order: list[str], relations: list[Relation]) -> dict[str, int]:
    """Side 1 or 2 per claim by 2-colouring attack/support edges.

    Each connected cluster is coloured from its most relevant claim, which takes side 1: the
    side of the best evidence is "position 1" and whatever attacks it is "position 2".
    """
    edges: dict[str, list[tuple[str, int]]] = {}
    members = set(order)
    for rel in relations:
        if rel.source not in members or rel.target not in members:
            continue
        flip = 1 if rel.type in OPPOSITE else 0 if rel.type in SAME_SIDE else None
        if flip is None:
            continue
        edges.setdefault(rel.source, []).append((rel.target, flip))
        edges.setdefault(rel.target, []).append((rel.source, flip))
    side: dict[str, int] = {}
    for seed in order:
        if seed in side or seed not in edges:
            continue
        side[seed] = 1
        queue = deque([seed])
        while queue:
            current = queue.popleft()
            for other, flip in edges.get(current, []):
                if other not in side:
                    side[other] = side[current] if flip == 0 else 3 - side[current]
                    queue.append(other)
    return side


def exchanges(relations: list[Relation], members: set[str]) -> list[Relation]:
    """Attack and responds_to edges among the evidence: claims answering one another."""
    return [
        r
        for r in relations
        if r.type in ("attacks", "responds_to") and r.source in members and r.target in members
    ]


def balance(sides: dict[str, int], claims: dict[str, Claim]) -> Balance:
    counts = {"1": 0, "2": 0}
    authors: dict[str, set[str]] = {"1": set(), "2": set()}
    for cid, s in sides.items():
        counts[str(s)] += 1
        authors[str(s)].add(claims[cid].author or claims[cid].doc_id)
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
    """Claims backed by two or more authors (its own and supporters') that nothing attacks.

    Returns (claim, supporting authors, dissenting claim ids); dissent is listed separately
    for claims that are broadly backed but attacked by someone, so it is named, not hidden.
    """
    by_id = {c.id: c for c in claims}
    backers: dict[str, set[str]] = {}
    attackers: dict[str, list[str]] = {}
    for rel in relations:
        if rel.source not in by_id or rel.target not in by_id:
            continue
        if rel.type in ("supports", "same_as"):
            backers.setdefault(rel.target, set()).add(by_id[rel.source].author or rel.source)
            if rel.type == "same_as":
                backers.setdefault(rel.source, set()).add(by_id[rel.target].author or rel.target)
        elif rel.type == "attacks":
            attackers.setdefault(rel.target, []).append(rel.source)
    found = []
    for cid, supporters in backers.items():
        claim = by_id[cid]
        everyone = supporters | {claim.author or cid}
        if len(everyone) >= 2:
            found.append((claim, sorted(everyone), attackers.get(cid, [])))
    found.sort(key=lambda item: (-len(item[1]), len(item[2]) > 0, item[0].id))
    return found[:limit]
