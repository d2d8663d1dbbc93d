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
from assistant.service import (
    CANDIDATE_LABEL,
    CANDIDATE_TYPE,
    MapView,
    Topic,
    TopicMap,
    document_vocabulary,
    readable,
)

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


HOVER_CHARS = 900


def claim_hover(data: dict) -> str:
    """What the card under the pointer says of a claim: its whole quote as a reader sees it
    (PDF line breaks and hyphens undone), then who said it, where and when. The claim's
    display text was normalised with its document's words, so its words decide each join."""
    quote = readable(
        data.get("quote") or data.get("text", ""), document_vocabulary(data.get("text", ""))
    )
    source = " · ".join(
        part
        for part in (
            data.get("author") or "unattributed",
            caption(data.get("title", ""), 80),
            (data.get("published") or "")[:10],
        )
        if part
    )
    return f"“{caption(quote, HOVER_CHARS)}”\n— {source}"


def topic_hover(topic: Topic) -> str:
    """A topic's card: all its telling terms, its size and the documents it draws on most."""
    documents = "\n".join(f"• {caption(d.title or d.doc_id, 80)}" for d in topic.documents[:3])
    counts = f"{topic.size} claims" + (f" · {topic.cruxes} cruxes" if topic.cruxes else "")
    return f"{' · '.join(topic.terms)}\n{counts}\n{documents}".rstrip()


def cytoscape_elements(view: MapView, crux_scores: dict[str, float]) -> dict:
    """Elements for the Cytoscape.js component.

    Source text goes only into underscore-prefixed fields: Cytoscape.js draws captions on a
    canvas (never as HTML), the component's info panel hides underscore fields, and the hover
    card (`_hover`, ui/graph_frame.js) sets it as textContent, so no source text is ever
    parsed as HTML. Visible fields are ours: id, kind, score, degree, date; on
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
                    "_hover": claim_hover(data),
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


# -- topics and load (the reading views) ---------------------------------------------------------

TOPIC_CAPTION_CHARS = 42
CLAIM_CAPTION_CHARS = 40


def load_size(load: int) -> int:
    """Pixel size for how much rests on a claim: saturating, so one hub does not dwarf all."""
    return int(round(28 + 52 * (load / (load + 4)))) if load > 0 else 28


def topic_size(claims: int, largest: int) -> int:
    """Pixel size for a topic: by the root of its claim count (area grows with claims)."""
    return int(round(50 + 90 * (claims / max(largest, 1)) ** 0.5))


def label_font(nodes: int) -> int:
    """Caption size in graph units for a drawing of `nodes` claims. The layout fits the
    drawing to its frame, so the more claims, the further it zooms out; growing the font
    with the count keeps captions about 11-14 screen pixels at the default zoom."""
    return int(round(min(40, max(14, 12 + 0.9 * nodes))))


def claim_elements(
    view: MapView, crux_scores: dict[str, float], loads: dict[str, int], selected: str | None
) -> dict:
    """Elements for a view of claims drawn by load (size) with cruxes ringed; edges keep
    their relation colours. Source text only in underscore fields (see `cytoscape_elements`)."""
    elements = cytoscape_elements(view, crux_scores)
    font = label_font(len(elements["nodes"]))
    for node in elements["nodes"]:
        data = node["data"]
        data["_font"] = font
        data["_wrap"] = f"{font * 9}px"
        data["load"] = loads.get(data["id"], 0)
        data["_size"] = load_size(data["load"])
        data["_caption"] = caption(
            view.graph.nodes[data["id"]].get("text", ""), CLAIM_CAPTION_CHARS
        )
        data["_focus"] = 1 if data["id"] in (view.focus, selected) else 0
    return elements


#: Caption size of a topic, in graph units (the grid below keeps it readable on screen).
TOPIC_FONT = 20
#: The topic frame's width over its height, about: it spans the page, with no side panel.
TOPIC_FRAME_RATIO = 1.45


#: The claims frame's width over its height, about, at common screen widths: the grid of
#: `claim_layout` is shaped to it.
CLAIM_FRAME_RATIO = 1.0


def claim_layout(
    elements: dict, frame_ratio: float = CLAIM_FRAME_RATIO, caption_lines: float = 4.2
) -> dict:
    """A preset layout for a claims view: a seeded force layout of the claims and their
    relations, snapped to a grid of caption-sized cells shaped to the frame.

    Why not fcose: it fit the whole drawing into the frame, and a stray component or a long
    chain zoomed it out until captions fell under 10 screen pixels, where the canvas stops
    drawing them (one view of the demo map after an upload: 8 px). A grid's extent is fixed
    by the claim count, so captions stay readable at the default zoom; the force layout
    keeps related claims in neighbouring cells; and one view is drawn the same way every
    time, so a reader's mental picture survives a rerun."""
    nodes = [n["data"] for n in elements["nodes"]]
    if not nodes:
        return {"name": "preset", "positions": {}, "fit": True, "padding": 20}
    font = max(int(d.get("_font", 14)) for d in nodes)
    size = max(int(d.get("_size", 28)) for d in nodes)
    cell_w, cell_h = 9.6 * font, size + caption_lines * font
    cols = best_columns(len(nodes), cell_w, cell_h, frame_ratio)
    rows = -(-len(nodes) // cols)
    graph: nx.Graph = nx.Graph()
    graph.add_nodes_from(d["id"] for d in nodes)
    graph.add_edges_from((e["data"]["source"], e["data"]["target"]) for e in elements["edges"])
    spring = {n: (float(p[0]), float(p[1])) for n, p in nx.spring_layout(graph, seed=7).items()}
    targets = fit_to_grid(spring, cols, rows)
    free = {(c, r) for c in range(cols) for r in range(rows)}
    positions = {}
    for node in sorted(graph.nodes, key=lambda n: (-graph.degree(n), n)):
        tx, ty = targets[node]
        cell = min(free, key=lambda cr: ((cr[0] - tx) ** 2 + (cr[1] - ty) ** 2, cr))
        free.remove(cell)
        positions[node] = {"x": round(cell[0] * cell_w, 1), "y": round(cell[1] * cell_h, 1)}
    return {"name": "preset", "positions": positions, "fit": True, "padding": 20}


def topic_layout(elements: dict) -> dict:
    """The topic overview on the same readable grid as a claims view (`claim_layout`):
    fcose fit 30 topics of a 4,000-document library into the frame at 8 px captions."""
    return claim_layout(elements, TOPIC_FRAME_RATIO, caption_lines=5.5)


def best_columns(n: int, cell_w: float, cell_h: float, frame_ratio: float) -> int:
    """The column count at which a grid of `n` cells fits a frame of this shape largest."""

    def scale(cols: int) -> float:
        rows = -(-n // cols)
        return min(frame_ratio / (cols * cell_w), 1.0 / (rows * cell_h))

    return max(range(1, n + 1), key=lambda cols: (scale(cols), -cols))


def fit_to_grid(
    positions: dict[str, tuple[float, float]], cols: int, rows: int
) -> dict[str, tuple[float, float]]:
    """Force-layout coordinates stretched over the grid's columns and rows."""
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]

    def stretch(value: float, low: float, high: float, cells: int) -> float:
        return (value - low) / (high - low) * (cells - 1) if high > low else (cells - 1) / 2

    return {
        node: (
            stretch(x, min(xs), max(xs), cols),
            stretch(y, min(ys), max(ys), rows),
        )
        for node, (x, y) in positions.items()
    }


#: More links than this per topic and the overview keeps only the strongest.
LINKS_PER_TOPIC = 2


#: Share of attacks at which a link between two topics is drawn as disagreement.
ATTACK_SHARE = 0.25


def prevailing(types: dict[str, int]) -> str:
    """The relation a topic link is coloured by: attacks when at least `ATTACK_SHARE` of its
    relations are attacks (disagreement is what a reader looks for), else the most frequent."""
    total = sum(types.values()) or 1
    if types.get("attacks", 0) / total >= ATTACK_SHARE:
        return "attacks"
    return max(sorted(types), key=lambda t: types[t])


def topic_edges(topic_map: TopicMap) -> list[tuple[str, str, str, int]]:
    """One edge per pair of topics, whichever way the relations point, as (a, b, the
    prevailing relation type between them, how many asserted relations in all). When there
    are many, each topic keeps its strongest `LINKS_PER_TOPIC` links, so the overview
    stays readable; the rest are still counted in the topic table."""
    by_pair: dict[tuple[str, str], dict[str, int]] = {}
    for link in topic_map.links:
        pair = tuple(sorted((link.source, link.target)))
        types = by_pair.setdefault((pair[0], pair[1]), {})
        types[link.type] = types.get(link.type, 0) + link.count
    pairs = [
        (a, b, prevailing(types), sum(types.values())) for (a, b), types in sorted(by_pair.items())
    ]
    if len(pairs) <= LINKS_PER_TOPIC * max(len(topic_map.topics), 1):
        return pairs
    strongest = sorted(pairs, key=lambda p: (-p[3], p[0], p[1]))
    kept, degree = [], dict.fromkeys((t.id for t in topic_map.topics), 0)
    for a, b, kind, total in strongest:
        if degree.get(a, 0) < LINKS_PER_TOPIC or degree.get(b, 0) < LINKS_PER_TOPIC:
            kept.append((a, b, kind, total))
            degree[a] = degree.get(a, 0) + 1
            degree[b] = degree.get(b, 0) + 1
    return kept


def topic_elements(topic_map: TopicMap) -> dict:
    """The topic overview: one node per topic (sized by claims, ringed when it holds cruxes),
    one edge per linked pair of topics, as wide as the relations it stands for and coloured
    by the most frequent of them (see `topic_edges`)."""
    largest = max((t.size for t in topic_map.topics), default=1)
    nodes = [
        {
            "data": {
                "id": t.id,
                "label": "crux topic" if t.cruxes else "topic",
                "claims": t.size,
                "cruxes": t.cruxes,
                "_caption": f"{caption(t.label, TOPIC_CAPTION_CHARS)}\n{t.size} claims"
                + (f" · {t.cruxes} cruxes" if t.cruxes else ""),
                "_size": topic_size(t.size, largest),
                "_hover": topic_hover(t),
                "_font": TOPIC_FONT,
            }
        }
        for t in topic_map.topics
    ]
    edges = [
        {
            "data": {
                "id": f"tl{index}",
                "source": a,
                "target": b,
                "label": kind,
                "relations": total,
                "_width": round(1.5 + 1.5 * min(total, 16) ** 0.5, 1),
            }
        }
        for index, (a, b, kind, total) in enumerate(topic_edges(topic_map))
    ]
    return {"nodes": nodes, "edges": edges}
