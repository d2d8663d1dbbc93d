"""Flags for where an argument assumes instead of argues. Each flag says why, in words a
reader can check against the quote and the map.

- unsupported_load_bearing: other claims rest on it (dependency view), yet nothing holds it
  up: no claim supports it or any of its same_as restatements, and it depends on nothing.
- assumed_not_argued: it is asserted with a marker of self-evidence ("obviously", "of
  course", "it is clear that"...) instead of reasons.
- unhedged_universal: it makes a universal claim ("never", "all", "impossible"...) with no
  hedge.

Markers come from `claim.markers` (lower-cased strings the analyst found) and from a small
regex scan of the quote, so flags work when an analyst left `markers` empty. A marker that
occurs in the quote only under negation ("not obviously", "not necessarily") is a hedge,
not an assumption or a universal, and is dropped.
"""

from __future__ import annotations

import re

import networkx as nx

from assistant.cruxes import dependents
from assistant.mapgraph import build_graph, dependency_view, same_as_partners
from assistant.models import Claim, Flag, Relation

ASSUMPTION_MARKERS: tuple[str, ...] = (
    "obviously",
    "of course",
    "clearly",
    "it is clear that",
    "it's clear that",
    "it is obvious that",
    "it's obvious that",
    "evidently",
    "needless to say",
    "it goes without saying",
    "undoubtedly",
    "unquestionably",
    "surely",
    "everyone knows",
    "self-evident",
    "self-evidently",
    "trivially",
    "plainly",
)

UNIVERSAL_MARKERS: tuple[str, ...] = (
    "all",
    "every",
    "everyone",
    "everything",
    "always",
    "never",
    "none",
    "nobody",
    "no one",
    "nothing",
    "impossible",
    "inevitable",
    "inevitably",
    "necessarily",
    "guaranteed",
)

HEDGE_MARKERS: tuple[str, ...] = (
    "may",
    "might",
    "could",
    "likely",
    "unlikely",
    "probably",
    "perhaps",
    "possibly",
    "plausibly",
    "arguably",
    "seems",
    "seem",
    "appears",
    "suggests",
    "i think",
    "i suspect",
    "i believe",
    "tend to",
    "tends to",
    "often",
    "usually",
    "in most cases",
)

#: Idioms that contain a universal word without making a universal claim.
_NOT_UNIVERSAL = re.compile(
    r"\b(?:at all|after all|all in all|all but|not all|for all (?:i|we) know)\b", re.IGNORECASE
)
_NEGATION = re.compile(r"(?:\bnot|n't|\bhardly|\bfar from)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _pattern(marker: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in marker.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])", re.IGNORECASE)


_PATTERNS = {m: _pattern(m) for m in ASSUMPTION_MARKERS + UNIVERSAL_MARKERS + HEDGE_MARKERS}


def _occurrences(marker: str, quote: str) -> tuple[int, int]:
    """(plain, negated) occurrences of a marker in the quote."""
    pattern = _PATTERNS.get(marker) or _pattern(marker)
    plain = negated = 0
    for match in pattern.finditer(quote):
        if _NEGATION.search(quote[max(0, match.start() - 24) : match.start()]):
            negated += 1
        else:
            plain += 1
    return plain, negated


def found_markers(
    claim: Claim, vocabulary: tuple[str, ...], negation_cancels: bool = True
) -> list[str]:
    """Markers from `vocabulary` that the claim asserts, in vocabulary order.

    An analyst's marker absent from the quote (it may have read the normalised text) is
    trusted; with `negation_cancels`, one present only under negation is dropped.
    """
    quote = claim.quote
    if vocabulary is UNIVERSAL_MARKERS:
        quote = _NOT_UNIVERSAL.sub(" ", quote)
    given = {" ".join(m.lower().split()) for m in claim.markers}
    found = []
    for marker in vocabulary:
        plain, negated = _occurrences(marker, quote)
        if not negation_cancels:
            plain, negated = plain + negated, 0
        if plain or (marker in given and not negated):
            found.append(marker)
    return found


def is_hedged(claim: Claim) -> bool:
    """The analyst's reading, or a hedge word in the quote when the analyst saw none."""
    return claim.hedged or bool(found_markers(claim, HEDGE_MARKERS, negation_cancels=False))


def support_count(G: nx.MultiDiGraph, D: nx.DiGraph, claim_id: str) -> int:
    """Claims that hold up `claim_id` or one of its restatements (dependency predecessors)."""
    group = {claim_id} | same_as_partners(G, claim_id)
    holders: set[str] = set()
    for member in group:
        holders |= set(D.predecessors(member))
    return len(holders - group)


def compute_flags(claims: list[Claim], relations: list[Relation]) -> list[Flag]:
    """All flags for the map, ordered by claim id then flag kind."""
    G = build_graph(claims, relations)
    D = dependency_view(G)
    flags: list[Flag] = []
    for claim in sorted(claims, key=lambda c: c.id):
        if claim.id not in G:
            continue
        supported = support_count(G, D, claim.id)
        direct = len(set(D.successors(claim.id)))
        leaned_on = direct or same_as_partners(G, claim.id)
        resting = len(dependents(G, D, claim.id)) if leaned_on else 0
        if resting and not supported:
            flags.append(
                Flag(
                    claim_id=claim.id,
                    kind="unsupported_load_bearing",
                    why=_unsupported_why(direct, resting),
                )
            )
        assumed = found_markers(claim, ASSUMPTION_MARKERS)
        if assumed:
            flags.append(
                Flag(
                    claim_id=claim.id,
                    kind="assumed_not_argued",
                    why=f"asserted with {_quoted(assumed)} rather than argued",
                )
            )
        universals = found_markers(claim, UNIVERSAL_MARKERS)
        if universals and not is_hedged(claim):
            tail = (
                " or support"
                if not supported
                else f" (though {_claims(supported)} in the map "
                f"{'supports' if supported == 1 else 'support'} it)"
            )
            flags.append(
                Flag(
                    claim_id=claim.id,
                    kind="unhedged_universal",
                    why=f"universal {_quoted(universals)} stated without hedging{tail}",
                )
            )
    return flags


def _claims(n: int) -> str:
    return "1 claim" if n == 1 else f"{n} claims"


def _quoted(markers: list[str]) -> str:
    quoted = [f"'{m}'" for m in markers]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _unsupported_why(direct: int, resting: int) -> str:
    if direct:
        head = f"{_claims(direct)} {'depends' if direct == 1 else 'depend'} on this"
        if resting > direct:
            head += f" ({resting} counting indirect dependents)"
    else:
        # Only a restatement of it is leaned on.
        verb = "depends" if resting == 1 else "depend"
        head = f"{_claims(resting)} {verb} on a restatement of this"
    return head + ", but nothing in the map supports it"
