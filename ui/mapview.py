"""How the Map page draws the bounded view of the argument map the service selected.

Which claims are drawn (matching the filters, ranked, capped, or one claim's neighbourhood)
is `assistant.service.select_view`'s; this module only styles what it returns: colours,
sizes, captions and the elements the Cytoscape.js component takes.

Unverified candidates (similar claims with no textual evidence between them) are hidden
unless the reader asks for them, and then drawn dashed, grey and labelled "possibly related,
unverified", so the picture never shows a link the map has not established.
"""

from __future__ import annotations

import hashlib
from datetime import date

import networkx as nx

from assistant.models import ASSERTED_TYPES
from assistant.service import CANDIDATE_LABEL, CANDIDATE_TYPE, MapView

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
NODE_COLOUR = "#546e7a"
CRUX_COLOUR = "#6a1b9a"


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
