"""Which part of the argument map the Map page draws, and how it is drawn.

A map of a few thousand claims drawn whole is a hairball nobody can read or click, and it
stalls the browser. So the page always draws a bounded view: the claims that match the
filters, ranked by crux score and then by how connected they are, capped at `max_nodes`;
or a chosen claim's neighbourhood. The page says how many matching claims are hidden.
The filtering itself is `assistant.mapgraph`'s; this module only ranks, caps and styles.

Unverified candidates (similar claims with no textual evidence between them) are hidden
unless the reader asks for them, and then drawn dashed, grey and labelled "possibly related,
unverified", so the picture never shows a link the map has not established.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

import networkx as nx

from assistant.export import CANDIDATE_LABEL
from assistant.mapgraph import filter_graph, neighbourhood
from assistant.models import ASSERTED_TYPES

DEFAULT_MAX_NODES = 60
HARD_MAX_NODES = 400
CAPTION_CHARS = 60

#: Relation colours, chosen to read at a glance: green holds up, red attacks, and so on.
RELATION_COLOURS: dict[str, str] = {
    "supports": "#2e7d32",
    "attacks": "#c62828",
    "depends_on": "#1565c0",
    "responds_to": "#ef6c00",
    "same_as": "#8e24aa",
    "related": "#9e9e9e",
}
CANDIDATE_TYPE = "related"
NODE_COLOUR = "#546e7a"
CRUX_COLOUR = "#6a1b9a"


@dataclass
class MapFilters:
    """What the reader asked to see. Empty lists mean "no restriction"."""

    authors: list[str] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    since: date | None = None
    until: date | None = None
    topic: str = ""
    focus: str | None = None
    radius: int = 1
    max_nodes: int = DEFAULT_MAX_NODES
    candidates: bool = False

    def relation_types(self) -> list[str]:
        """The edge types to draw: the chosen asserted types, plus candidates if asked for."""
        chosen = [t for t in (self.types or ASSERTED_TYPES) if t != CANDIDATE_TYPE]
        return [*chosen, CANDIDATE_TYPE] if self.candidates else chosen


@dataclass
class MapView:
    graph: nx.MultiDiGraph
    total: int
    matched: int
    focus: str | None = None
    hidden_candidates: int = 0

    @property
    def shown(self) -> int:
        return self.graph.number_of_nodes()

    @property
    def hidden(self) -> int:
        return self.matched - self.shown


def select_view(G: nx.MultiDiGraph, filters: MapFilters, crux_scores: dict[str, float]) -> MapView:
    """The bounded subgraph to draw for these filters (see the module docstring)."""
    types = filters.relation_types()
    if filters.focus and filters.focus in G:
        # A focused claim is shown with all its neighbours, whoever wrote them: the point of
        # focusing is to see what surrounds it. Only the relation-type filter still applies.
        typed = filter_graph(G, types=types)
        H = neighbourhood(typed, filters.focus, radius=max(1, filters.radius))
        focus = filters.focus
    else:
        H = filter_graph(
            G,
            authors=filters.authors or None,
            doc_ids=filters.doc_ids or None,
            types=types,
            since=filters.since,
            until=filters.until,
            text=filters.topic.strip() or None,
        )
        focus = None
    cap = max(1, min(filters.max_nodes, HARD_MAX_NODES))
    ranked = rank_nodes(H, crux_scores)
    keep = ranked[:cap]
    if focus and focus not in keep:
        keep = [focus, *keep[: cap - 1]]
    shown = H.subgraph(keep).copy()
    hidden = 0
    if not filters.candidates:
        hidden = sum(1 for *_, k in G.subgraph(keep).edges(keys=True) if k == CANDIDATE_TYPE)
    return MapView(
        graph=shown,
        total=G.number_of_nodes(),
        matched=H.number_of_nodes(),
        focus=focus,
        hidden_candidates=hidden,
    )


def rank_nodes(H: nx.MultiDiGraph, crux_scores: dict[str, float]) -> list[str]:
    """Cruxes first, then the most connected claims: what a reader should see first."""
    return sorted(H.nodes, key=lambda n: (-crux_scores.get(n, 0.0), -H.degree(n), n))


def node_size(score: float) -> int:
    """Pixel size for a crux score in [0, 1]: every claim big enough to click, cruxes up to ~3x larger."""
    return int(round(30 + 50 * max(0.0, min(score, 1.0))))


def caption(text: str, limit: int = CAPTION_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def cytoscape_elements(view: MapView, crux_scores: dict[str, float]) -> dict:
    """Elements for the Cytoscape.js component.

    Source text goes only into underscore-prefixed fields: Cytoscape.js draws captions on a
    canvas (never as HTML), and the component's info panel hides underscore fields, so no
    source text reaches its DOM. Visible fields are ours: id, kind, score, degree, date; on
    edges the type (`label`, which also picks the style), status and evidence kind. Only a
    candidate has a caption: "possibly related, unverified" on the edge itself.
    """
    G = view.graph
    nodes = []
    for node_id, data in G.nodes(data=True):
        score = crux_scores.get(node_id, 0.0)
        nodes.append(
            {
                "data": {
                    "id": node_id,
                    "label": "crux" if score > 0 else "claim",
                    "kind": data.get("kind", ""),
                    "crux_score": round(score, 3),
                    "relations": G.degree(node_id),
                    "published": (data.get("published") or "")[:10],
                    "_caption": caption(data.get("text", "")),
                    "_size": node_size(score),
                    "_focus": 1 if node_id == view.focus else 0,
                }
            }
        )
    edges = []
    for index, (source, target, key, data) in enumerate(G.edges(keys=True, data=True)):
        asserted = bool(data.get("asserted", key != CANDIDATE_TYPE))
        edges.append(
            {
                "data": {
                    "id": f"e{index}",
                    "source": source,
                    "target": target,
                    "label": data.get("type", key),
                    "status": "asserted" if asserted else CANDIDATE_LABEL,
                    "evidence": data.get("evidence_kind") or "none",
                    "confidence": round(float(data.get("confidence", 0.0)), 2),
                    "_caption": "" if asserted else CANDIDATE_LABEL,
                }
            }
        )
    return {"nodes": nodes, "edges": edges}


def view_key(view: MapView) -> str:
    """A component key that changes with the drawn view, so the graph re-lays out on change."""
    digest = hashlib.sha1()
    for node in sorted(view.graph.nodes):
        digest.update(node.encode())
    digest.update(str(view.graph.number_of_edges()).encode())
    return "map-" + digest.hexdigest()[:12]


def relation_types() -> list[str]:
    """The types a reader can pick; candidates have their own switch."""
    return list(ASSERTED_TYPES)


def authors_of(G: nx.MultiDiGraph) -> list[str]:
    names = {d.get("author", "") for _, d in G.nodes(data=True)}
    return sorted((n for n in names if n), key=str.casefold)


def date_bounds(G: nx.MultiDiGraph) -> tuple[date | None, date | None]:
    days = sorted(d["published"][:10] for _, d in G.nodes(data=True) if d.get("published"))
    if not days:
        return None, None
    return date.fromisoformat(days[0]), date.fromisoformat(days[-1])
