"""The strongest case against a claim, from other authors, with the quotes that make it.

Candidates are claims that
- attack the claim directly,
- are attacked by it (an attack is mutual incompatibility: their holders are against it),
- attack something it rests on (a supporter, a premise it depends on) or a restatement of it.

The claim's own author is excluded (their objections to themselves are not opposition),
and so is everything the author wrote under the same name. Candidates are ranked by

    score = directness * confidence(opposing relation) + backing

where directness is 1.0 for a direct attack, 0.8 for a claim it attacks and 0.6 for an
attack on its support, and `backing` weighs what holds the candidate up: every claim that
supports it, is a premise of it or restates it (same_as) adds the confidence of that link,
halved for each further step back (supporters of supporters count half), each claim once.
"""

from __future__ import annotations

from collections import deque

import networkx as nx
from pydantic import BaseModel

from assistant.mapgraph import build_graph, dependency_view, same_as_partners, same_voice, voice
from assistant.models import Claim, Relation

DIRECT, ATTACKED_BY_IT, ATTACKS_SUPPORT = 1.0, 0.8, 0.6


class Opposition(BaseModel):
    """One opposing claim, with what makes it strong."""

    claim_id: str
    text: str
    quote: str
    author: str
    score: float
    support_count: int
    why: str


def strongest_opposition(
    claim_id: str, claims: list[Claim], relations: list[Relation], limit: int = 5
) -> list[Opposition]:
    """The `limit` strongest opposing claims, best first (score, then claim id)."""
    G = build_graph(claims, relations)
    if claim_id not in G:
        raise KeyError(f"no claim {claim_id!r} in the map")
    D = dependency_view(G)
    own = voice(G.nodes[claim_id])
    routes = _candidates(G, D, claim_id)
    found = []
    for cid, (directness, confidence, route) in routes.items():
        attrs = G.nodes[cid]
        if cid == claim_id or same_voice(voice(attrs), own):
            continue
        backing, backers = _backing(G, D, cid)
        found.append(
            Opposition(
                claim_id=cid,
                text=attrs["text"],
                quote=attrs["quote"],
                author=attrs["author"],
                score=round(directness * confidence + backing, 4),
                support_count=len(backers),
                why=_why(route, confidence, G, backers),
            )
        )
    found.sort(key=lambda o: (-o.score, o.claim_id))
    return found[:limit]


def _candidates(
    G: nx.MultiDiGraph, D: nx.DiGraph, claim_id: str
) -> dict[str, tuple[float, float, str]]:
    """Opposing claim -> (directness, relation confidence, route), keeping its best route."""
    best: dict[str, tuple[float, float, str]] = {}

    def offer(cid: str, directness: float, confidence: float, route: str) -> None:
        if cid not in best or directness * confidence > best[cid][0] * best[cid][1]:
            best[cid] = (directness, confidence, route)

    for u, _, key, data in G.in_edges(claim_id, keys=True, data=True):
        if key == "attacks":
            offer(u, DIRECT, data["confidence"], "attacks this claim directly")
    for _, v, key, data in G.out_edges(claim_id, keys=True, data=True):
        if key == "attacks":
            offer(v, ATTACKED_BY_IT, data["confidence"], "is the position this claim attacks")
    holders = set(D.predecessors(claim_id))
    restatements = same_as_partners(G, claim_id)
    for target in sorted(holders | restatements):
        if target in restatements:
            role = "a restatement of this claim"
        else:
            role = "what this claim rests on"
        for u, _, key, data in G.in_edges(target, keys=True, data=True):
            if key == "attacks" and u != claim_id:
                offer(u, ATTACKS_SUPPORT, data["confidence"], f"attacks {target}, {role}")
    return best


def _backing(G: nx.MultiDiGraph, D: nx.DiGraph, claim_id: str) -> tuple[float, set[str]]:
    """Weighted transitive support of a claim: breadth-first over holders, halving per step."""
    weight = 0.0
    seen = {claim_id}
    queue = deque([(claim_id, 0)])
    while queue:
        node, depth = queue.popleft()
        for holder, confidence in _holders(G, D, node):
            if holder in seen:
                continue
            seen.add(holder)
            weight += confidence * 0.5**depth
            queue.append((holder, depth + 1))
    return weight, seen - {claim_id}


def _holders(G: nx.MultiDiGraph, D: nx.DiGraph, node: str) -> list[tuple[str, float]]:
    """Claims that hold `node` up (supporters, premises) or restate it, with link confidence."""
    holders = [(u, D[u][node]["confidence"]) for u in D.predecessors(node)]
    for partner in same_as_partners(G, node):
        confidence = max(
            data["confidence"]
            for u, v in ((node, partner), (partner, node))
            if (data := G.get_edge_data(u, v, key="same_as")) is not None
        )
        holders.append((partner, confidence))
    return sorted(holders)


def _why(route: str, confidence: float, G: nx.MultiDiGraph, backers: set[str]) -> str:
    if not backers:
        backing = "nothing else in the map backs it"
    else:
        voices = sorted({voice(G.nodes[b]) for b in backers}, key=str.casefold)
        n = len(backers)
        backing = (
            f"backed by {n} claim{'s' if n != 1 else ''} from "
            f"{len(voices)} author{'s' if len(voices) != 1 else ''} ({', '.join(voices)})"
        )
    return f"{route} (confidence {confidence:.2f}); {backing}"
