"""The argument map as a networkx graph: one node per claim, one edge per typed relation.

SQLite holds claims and relations; this module turns a list of them into a graph for
analysis (cruxes, flags, steelmen) and export. Everything here is pure: lists in, graph out.

Two graph shapes are used:

- the *map* (`build_graph`): a MultiDiGraph whose edges are the relations as stated,
  `source -> target`, keyed by relation type, so "A attacks B" and "A supports B" can both
  exist between one pair while a duplicate "A supports B" collapses into one edge;
- the *dependency view* (`dependency_view`): a DiGraph in which an edge `u -> v` means
  "u holds v up" (u is a premise of v; if u falls, v is weakened). "A supports B" gives
  `A -> B`; "A depends_on B" gives `B -> A`. So the claims that rest on x, directly or
  transitively, are `nx.descendants(view, x)`, and what x rests on is `nx.ancestors(view, x)`.
  Arrows run from premise to conclusion, as in an argument diagram.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time

import networkx as nx

from assistant.models import Claim, Relation, RelationType

#: Relation types that make one claim hold another up (see the module docstring).
DEPENDENCY_TYPES: tuple[RelationType, ...] = ("supports", "depends_on")


def claim_attrs(claim: Claim) -> dict:
    """The node attributes for a claim: what views, filters and exports need to show it."""
    return {
        "author": claim.author,
        "doc_id": claim.doc_id,
        "kind": claim.kind,
        "text": claim.text,
        "quote": claim.quote,
        "start": claim.start,
        "end": claim.end,
        "published": claim.published.isoformat() if claim.published else "",
        "title": claim.title,
        "url": claim.url or "",
        "hedged": claim.hedged,
        "confidence": claim.confidence,
        "markers": list(claim.markers),
    }


def build_graph(claims: list[Claim], relations: list[Relation]) -> nx.MultiDiGraph:
    """Build the map. Relations naming an unknown claim or linking a claim to itself are
    dropped (they cannot be shown or reasoned about); a repeated (source, target, type)
    keeps the most confident rationale, so re-running an analyst does not double-count.

    Unverified candidates stay in the graph (exports and the UI show them, marked) under
    the key `related`, with `asserted=False`: every analysis here walks edges by the
    asserted types only, so a candidate is never counted as agreement or disagreement.
    """
    G: nx.MultiDiGraph = nx.MultiDiGraph()
    for claim in claims:
        G.add_node(claim.id, **claim_attrs(claim))
    for rel in relations:
        if rel.source == rel.target or rel.source not in G or rel.target not in G:
            continue
        # Anything not asserted is a candidate, whatever type it was proposed as.
        kind = rel.type if rel.asserted else "related"
        existing = G.get_edge_data(rel.source, rel.target, key=kind)
        if existing is not None and existing["confidence"] >= rel.confidence:
            continue
        G.add_edge(
            rel.source,
            rel.target,
            key=kind,
            type=kind,
            rationale=rel.rationale,
            confidence=rel.confidence,
            analyst=rel.analyst,
            asserted=rel.asserted,
            evidence_kind=rel.evidence.kind if rel.evidence else "",
            evidence_doc=rel.evidence.doc_id if rel.evidence else "",
            evidence_start=rel.evidence.start if rel.evidence else 0,
            evidence_end=rel.evidence.end if rel.evidence else 0,
        )
    return G


def dependency_view(G: nx.MultiDiGraph) -> nx.DiGraph:
    """Collapse the map to "u holds v up" edges (direction in the module docstring).

    When several relations give the same pair, the edge keeps the highest confidence and
    lists every relation type that produced it in `via`.
    """
    D: nx.DiGraph = nx.DiGraph()
    D.add_nodes_from(G.nodes(data=True))
    for u, v, data in G.edges(data=True):
        if data["type"] == "supports":
            premise, conclusion = u, v
        elif data["type"] == "depends_on":
            premise, conclusion = v, u
        else:
            continue
        if D.has_edge(premise, conclusion):
            edge = D[premise][conclusion]
            edge["confidence"] = max(edge["confidence"], data["confidence"])
            edge["via"] = sorted(set(edge["via"]) | {data["type"]})
        else:
            D.add_edge(premise, conclusion, confidence=data["confidence"], via=[data["type"]])
    return D


def same_as_partners(G: nx.MultiDiGraph, claim_id: str) -> set[str]:
    """Claims linked to `claim_id` by same_as in either direction (restatements of it)."""
    partners = set()
    for u, _, key in G.in_edges(claim_id, keys=True):
        if key == "same_as":
            partners.add(u)
    for _, v, key in G.out_edges(claim_id, keys=True):
        if key == "same_as":
            partners.add(v)
    partners.discard(claim_id)
    return partners


def neighbourhood(G: nx.MultiDiGraph, claim_id: str, radius: int = 1) -> nx.MultiDiGraph:
    """The claims within `radius` relations of `claim_id`, whichever way the edges point,
    with every relation among them: what a reader needs to see a claim in its context.
    """
    if claim_id not in G:
        raise KeyError(f"no claim {claim_id!r} in the map")
    return nx.ego_graph(G, claim_id, radius=radius, undirected=True).copy()


def _as_datetime(value: datetime | date | str, end_of_day: bool = False) -> datetime:
    """Accept a datetime, a date or an ISO string. A bare date means the whole day, so an
    `until` date includes that day. Naive values are taken as UTC so that comparisons never
    mix naive and aware datetimes."""
    if isinstance(value, str):
        value = date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.max if end_of_day else time.min)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def filter_graph(
    G: nx.MultiDiGraph,
    authors: Iterable[str] | None = None,
    doc_ids: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    since: datetime | date | str | None = None,
    until: datetime | date | str | None = None,
    text: str | None = None,
) -> nx.MultiDiGraph:
    """A copy of the map restricted to matching claims and relation types.

    Claim filters combine with AND: `authors` (case-insensitive exact names), `doc_ids`,
    `since`/`until` (inclusive, on `published`; undated claims are dropped when either is
    given, since their date cannot be shown to match) and `text` (case-insensitive
    substring of the claim's text or quote). `types` keeps only relations of those types;
    it never removes claims, so an isolated claim stays visible.
    """
    author_set = {a.strip().casefold() for a in authors} if authors is not None else None
    doc_set = set(doc_ids) if doc_ids is not None else None
    type_set = set(types) if types is not None else None
    lower = _as_datetime(since) if since is not None else None
    upper = _as_datetime(until, end_of_day=True) if until is not None else None
    needle = text.casefold() if text else None

    def keep(data: dict) -> bool:
        if author_set is not None and data["author"].strip().casefold() not in author_set:
            return False
        if doc_set is not None and data["doc_id"] not in doc_set:
            return False
        if lower is not None or upper is not None:
            if not data["published"]:
                return False
            published = _as_datetime(data["published"])
            if lower is not None and published < lower:
                return False
            if upper is not None and published > upper:
                return False
        if needle is not None:
            return needle in data["text"].casefold() or needle in data["quote"].casefold()
        return True

    H: nx.MultiDiGraph = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.add_nodes_from((n, dict(d)) for n, d in G.nodes(data=True) if keep(d))
    for u, v, key, data in G.edges(keys=True, data=True):
        if u in H and v in H and (type_set is None or data["type"] in type_set):
            H.add_edge(u, v, key=key, **data)
    return H


def voice(attrs: dict) -> str:
    """Who stands behind a claim, for counting distinct sides. An unattributed claim speaks
    for its own document, so two anonymous posts still count as two voices, not one."""
    author = " ".join(attrs["author"].split())
    if author:
        return author
    return f"unattributed ({attrs['title'] or attrs['doc_id']})"


def same_voice(a: str, b: str) -> bool:
    """Author names compare case- and space-insensitively ("Paul  Christiano" is one voice)."""
    return a.casefold() == b.casefold()
