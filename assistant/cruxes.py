"""Cruxes: claims the literature really disagrees about AND that carry weight in the map.

A disagreement no reasoning runs through is a side-show; a load-bearing claim nobody
disputes is common ground. A crux is both, so the score multiplies the two.

Sides are found by following the argument back from the claim, up to `SIDE_DEPTH` steps,
with signs: a supporter (or a premise it depends on, or a same_as restatement) is +, an
attacker is -, and signs multiply along the chain, so the supporter of an attacker is
against and the attacker of an attacker is for. Each claim is counted at its nearest
distance. Attacks the claim makes on others do not put their authors on a side: only what
bears on the claim counts (checked against the demo corpus's gold cruxes, which do the same).

Only a claim that another voice attacks directly (itself or a same_as restatement) can be
a crux: the dispute is where the attack lands. What rests on it inherits the dispute but is
counted in the crux's weight instead of being listed as a crux of its own; otherwise one
attack made every claim of a long chain a "crux" (seen on two real papers).

Counting is over distinct people ("voices", see `mapgraph.voice`): works that share a
person are one voice, so "Hubinger" and "Hubinger and van Merwijk" never count as two
people agreeing. The claim's own people are always for; a claim by any of them is never
counted against (an objection a writer raises to their own claim is rehearsal, not
disagreement in the literature). An author whose claims fall on both sides of a chain is
named on both. Names are compared as ingest stored them: one person under two names
(a handle and a display name) is made one name there (see `ingest.people.PersonIndex`).

    controversy = 2 * min(n_for, n_against) / (n_for + n_against)   # 1.0 when evenly split
    loadbearing = w / (w + 3)
    score       = controversy * (0.5 + 0.5 * loadbearing)

`w` is the reasoning that runs through the claim in the dependency view (supports, and
depends_on reversed): the claims it rests on plus the claims resting on it, directly or
transitively, for it and its same_as restatements. Both directions count because the demo
gold shows the literature's cruxes are theses: the point where one side's argument arrives
and the other side's attack lands, often with nothing further built on them. The
saturating form needs no map-wide maximum, so a score means the same in a small map and a
large one; 3 claims give half the weight.
"""

from __future__ import annotations

import networkx as nx

from assistant.mapgraph import build_graph, dependency_view, same_as_partners, same_voice, voice
from assistant.models import Claim, Crux, Relation
from ingest.people import share_a_person

#: Claims (resting on it plus holding it up) at which load-bearing reaches half its weight.
HALF_LOAD = 3
#: How many steps back along the argument the sides are collected.
SIDE_DEPTH = 3


def find_cruxes(claims: list[Claim], relations: list[Relation], top: int = 10) -> list[Crux]:
    """The `top` cruxes, best first (score descending, then claim id for a stable order)."""
    G = build_graph(claims, relations)
    D = dependency_view(G)
    cruxes = [crux for cid in G if (crux := _crux(G, D, cid)) is not None]
    cruxes.sort(key=lambda c: (-c.score, c.claim_id))
    return cruxes[:top]


def bearers(G: nx.MultiDiGraph, claim_id: str) -> list[tuple[str, int]]:
    """Claims that bear directly on `claim_id`, with +1 (holds it up) or -1 (attacks it)."""
    found = []
    for u, _, key in G.in_edges(claim_id, keys=True):
        if key in ("supports", "same_as"):
            found.append((u, 1))
        elif key == "attacks":
            found.append((u, -1))
    for _, v, key in G.out_edges(claim_id, keys=True):
        if key in ("depends_on", "same_as"):
            found.append((v, 1))
    return sorted(found)


def _walk(G: nx.MultiDiGraph, claim_id: str, depth: int) -> dict[str, tuple[int, int]]:
    """Claim -> (polarity, distance) for everything bearing on `claim_id` within `depth`;
    a claim reached by several chains keeps the sign of its shortest one."""
    reached = {claim_id: (1, 0)}
    frontier = [claim_id]
    for step in range(1, depth + 1):
        following = []
        for node in frontier:
            for other, sign in bearers(G, node):
                if other not in reached:
                    reached[other] = (reached[node][0] * sign, step)
                    following.append(other)
        frontier = following
    return reached


def sides(G: nx.MultiDiGraph, claim_id: str, depth: int = 3) -> tuple[list[str], list[str]]:
    """Claim ids for and against `claim_id` (signed walk back along the argument, see the
    module docstring), without the author's own objections."""
    own = voice(G.nodes[claim_id])
    reached = _walk(G, claim_id, depth)
    for_ids = [c for c, (p, _) in reached.items() if p > 0 and c != claim_id]
    against_ids = [
        c for c, (p, _) in reached.items() if p < 0 and not same_person(voice(G.nodes[c]), own)
    ]
    return sorted(for_ids), sorted(against_ids)


def side_voices(
    G: nx.MultiDiGraph, claim_id: str, for_ids: list[str], against_ids: list[str]
) -> tuple[list[str], list[str]]:
    """Distinct authors on each side (case-insensitive); the claim's author is always for.

    An author whose claims fall on both sides of a chain of argument is named on both:
    that is what the map says, and such mixed positions mark live debates (on the demo
    gold, merging them to one side pushed the real cruxes down the ranking).
    """
    voices_for = _distinct([voice(G.nodes[c]) for c in [claim_id, *for_ids]])
    voices_against = _distinct([voice(G.nodes[c]) for c in against_ids])
    return voices_for, voices_against


def _distinct(names: list[str]) -> list[str]:
    """One name per voice: strings naming a common person are one voice."""
    kept: list[str] = []
    for name in sorted(names, key=lambda n: (len(n), n.casefold())):
        if not any(same_person(name, other) for other in kept):
            kept.append(name)
    return sorted(kept, key=str.casefold)


def same_person(a: str, b: str) -> bool:
    """Two voices with a person in common (an unattributed voice is its own document)."""
    if same_voice(a, b):
        return True
    if a.startswith("unattributed (") or b.startswith("unattributed ("):
        return False
    return share_a_person(a, b)


def holders(G: nx.MultiDiGraph, D: nx.DiGraph, claim_id: str) -> set[str]:
    """Claims that `claim_id` or one of its restatements rests on, directly or not."""
    group = {claim_id} | same_as_partners(G, claim_id)
    held: set[str] = set()
    for member in group:
        held |= nx.ancestors(D, member)
    return held - group


def dependents(G: nx.MultiDiGraph, D: nx.DiGraph, claim_id: str) -> set[str]:
    """Claims that rest on `claim_id` or on one of its restatements, directly or not."""
    group = {claim_id} | same_as_partners(G, claim_id)
    resting: set[str] = set()
    for member in group:
        resting |= nx.descendants(D, member)
    return resting - group


def _crux(G: nx.MultiDiGraph, D: nx.DiGraph, claim_id: str) -> Crux | None:
    for_ids, against_ids = sides(G, claim_id, SIDE_DEPTH)
    if not against_ids or not _directly_contested(G, claim_id):
        return None
    voices_for, voices_against = side_voices(G, claim_id, for_ids, against_ids)
    if not voices_against:
        return None
    n_for, n_against = len(voices_for), len(voices_against)
    controversy = 2 * min(n_for, n_against) / (n_for + n_against)
    n_dependents = len(dependents(G, D, claim_id))
    n_holders = len(holders(G, D, claim_id))
    weight = n_dependents + n_holders
    loadbearing = weight / (weight + HALF_LOAD)
    score = controversy * (0.5 + 0.5 * loadbearing)
    why = (
        f"Contested: {_count(n_for, 'author')} for ({_names(voices_for)}), "
        f"{n_against} against ({_names(voices_against)}). "
        f"{_evidence_phrase(G, claim_id)} "
        f"{_weight_phrase(n_holders, n_dependents).capitalize()}"
    )
    return Crux(
        claim_id=claim_id,
        text=G.nodes[claim_id]["text"],
        score=round(score, 4),
        for_=for_ids,
        against=against_ids,
        why=why,
    )


def _directly_contested(G: nx.MultiDiGraph, claim_id: str) -> bool:
    """Whether another voice attacks the claim itself (or a restatement of it).

    Without this, one attack deep in a chain made every claim that the chain leads to a
    "crux": on two related papers, a single cross-paper attack turned a whole section's
    definitions into top-ranked cruxes.
    """
    own = voice(G.nodes[claim_id])
    for member in {claim_id} | same_as_partners(G, claim_id):
        for u, _, key in G.in_edges(member, keys=True):
            if key == "attacks" and not same_person(voice(G.nodes[u]), own):
                return True
    return False


#: How each kind of evidence reads in a crux's "why": what makes the attack a fact.
EVIDENCE_WORDS = {
    "reply": "in a text that declares itself a reply",
    "citation": "in a sentence that names or cites the other author",
    "quotation": "in a sentence that quotes the other text",
    "llm": "read by the LLM analyst, with a verbatim span as evidence",
    "lexical": "a direct contradiction in words",
    "discourse": "a contrast marker in the text",
}


def short_voice(name: str) -> str:
    """A side named by at most its first author: "Ngo et al." rather than twelve names (and
    "Perry et al." for two: a crux line names sides, it is not a reference list)."""
    people = [p.strip() for p in name.replace(" and ", ", ").replace("&", ",").split(",")]
    people = [p for p in people if p]
    if len(people) <= 1:
        return name
    return f"{people[0]} et al."


def _names(voices: list[str]) -> str:
    return ", ".join(short_voice(v) for v in voices)


def _evidence_phrase(G: nx.MultiDiGraph, claim_id: str) -> str:
    """Who attacks the claim directly, and on what textual evidence."""
    own = voice(G.nodes[claim_id])
    found: dict[str, set[str]] = {}
    for member in {claim_id} | same_as_partners(G, claim_id):
        for u, _, key, data in G.in_edges(member, keys=True, data=True):
            if key == "attacks" and not same_person(voice(G.nodes[u]), own):
                words = EVIDENCE_WORDS.get(data.get("evidence_kind", ""), "on textual evidence")
                found.setdefault(short_voice(voice(G.nodes[u])), set()).add(words)
    parts = [f"{who} ({'; '.join(sorted(how))})" for who, how in sorted(found.items())]
    return f"Attacked directly by {', '.join(parts)}."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _weight_phrase(n_holders: int, n_dependents: int) -> str:
    if n_dependents == 0 and n_holders == 0:
        return "nothing else in the map rests on it or holds it up yet."
    rests = f"it rests on {_count(n_holders, 'claim')}" if n_holders else ""
    verb = "depends" if n_dependents == 1 else "depend"
    held = f"{_count(n_dependents, 'claim')} {verb} on it" if n_dependents else ""
    return " and ".join(p for p in (held, rests) if p) + "."
