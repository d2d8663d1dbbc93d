"""The map as topics, and the measures a reader ranks claims by (crux score, load).

`topic_map` groups the whole map into topics (assistant/topics.py) and counts the asserted
relations between them, so the Map page can open on a few named groups instead of sixty
anonymous discs. `topic_view` is one topic's claims as a bounded drawable view, and
`starting_points` is what the Claim inspector opens on: the top cruxes and the claims the
most reasoning runs through.
"""

from __future__ import annotations

import json
from collections import Counter

import networkx as nx
from pydantic import ValidationError

from assistant.mapgraph import dependency_view
from assistant.service.views import (
    CANDIDATE_TYPE,
    HARD_MAX_NODES,
    ClaimSummary,
    MapData,
    MapFilters,
    MapView,
    StartingPoints,
    TopicLink,
    TopicMap,
)
from assistant.topics import Topic, find_topics
from assistant.workspace import Workspace

#: Claims each list of the inspector's starting points shows.
STARTING_POINTS = 8
#: The topics of the map's current version, kept beside it (see `stored_topic_map`).
TOPICS_FILE = "topics.json"
#: Bumped when what a TopicMap holds or how topics are found changes: a stored one is redone.
TOPICS_FORMAT = 1


def stored_topic_map(workspace: Workspace, data: MapData | None = None) -> TopicMap:
    """The map's topics, from the workspace's topics file when it is of the map's current
    version, else computed (from `data`, or the map read now) and written there.

    Why on disk: grouping a field-sized map takes seconds (its claim vectors out of Chroma,
    scikit-learn's import, the clustering), and every restart of the web UI paid them on its
    first Map page; `analyze` computes them once as it finishes, so no reader waits."""
    from assistant.service.map import MapService

    service = MapService(workspace)
    version = list(service.version())
    path = workspace.settings.home / TOPICS_FILE
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if stored.get("format") == TOPICS_FORMAT and stored.get("version") == version:
            return TopicMap.model_validate(stored["topics"])
    except (OSError, ValueError, KeyError, TypeError, ValidationError):
        pass
    found = topic_map(workspace, data if data is not None else service.map_data())
    payload = {"format": TOPICS_FORMAT, "version": version, "topics": found.model_dump(mode="json")}
    try:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(payload), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass
    return found


def topic_map(workspace: Workspace, data: MapData) -> TopicMap:
    """Topics of the whole map with the asserted links between them (candidates never count)."""
    claims = list(data.claims.values())
    if not claims:
        return TopicMap(topics=[], claims=0)
    vectors = workspace.store.vectors.get_vectors([c.id for c in claims])
    titles = {c.doc_id: c.title for c in claims}
    topics = find_topics(claims, vectors, data.crux_scores, titles)
    return TopicMap(topics=topics, links=topic_links(topics, data), claims=len(claims))


def topic_links(topics: list[Topic], data: MapData) -> list[TopicLink]:
    """Asserted relations between claims of different topics, counted per type."""
    home = {cid: t.id for t in topics for cid in t.claim_ids}
    counts: Counter[tuple[str, str, str]] = Counter()
    for rel in data.relations:
        if not rel.asserted:
            continue
        a, b = home.get(rel.source), home.get(rel.target)
        if a and b and a != b:
            counts[(a, b, rel.type)] += 1
    return [
        TopicLink(source=a, target=b, type=t, count=n) for (a, b, t), n in sorted(counts.items())
    ]


def claim_loads(G: nx.MultiDiGraph) -> dict[str, int]:
    """For every claim, how many claims rest on it or hold it up, directly or not.

    Reachability sets are computed once over the condensation of the dependency view, as
    bitsets, so this stays linear-ish at thousands of claims (a search per claim did not).
    """
    D = dependency_view(G)
    if D.number_of_edges() == 0:
        return dict.fromkeys(G.nodes, 0)
    C = nx.condensation(D)
    members = C.graph["mapping"]  # node -> component
    order = list(nx.topological_sort(C))
    size = {c: len(C.nodes[c]["members"]) for c in C}
    down: dict[int, int] = {}
    for comp in reversed(order):
        bits = 1 << comp
        for succ in C.successors(comp):
            bits |= down[succ]
        down[comp] = bits
    up: dict[int, int] = {}
    for comp in order:
        bits = 1 << comp
        for pred in C.predecessors(comp):
            bits |= up[pred]
        up[comp] = bits

    def count(bits: int) -> int:
        total = 0
        while bits:
            low = bits & -bits
            total += size[low.bit_length() - 1]
            bits ^= low
        return total

    # Both sets hold the component itself; its other members (a cycle) count once.
    per_component = {c: count(down[c]) + count(up[c]) - size[c] - 1 for c in C}
    return {n: per_component[members[n]] for n in G.nodes}


def summary(data: MapData, claim_id: str, loads: dict[str, int], why: str = "") -> ClaimSummary:
    claim = data.claims[claim_id]
    return ClaimSummary(
        id=claim.id,
        doc_id=claim.doc_id,
        text=claim.text,
        start=claim.start,
        end=claim.end,
        author=claim.author,
        published=claim.published,
        crux_score=data.crux_scores.get(claim.id, 0.0),
        load=loads.get(claim.id, 0),
        why=why,
    )


def starting_points(
    data: MapData, loads: dict[str, int], limit: int = STARTING_POINTS
) -> StartingPoints:
    """The top cruxes and the most load-bearing claims: where a reader of the map starts."""
    cruxes = [
        summary(data, c.claim_id, loads, c.why)
        for c in data.cruxes[:limit]
        if c.claim_id in data.claims
    ]
    ranked = sorted(
        (cid for cid, n in loads.items() if n > 0 and cid in data.claims),
        key=lambda cid: (-loads[cid], cid),
    )
    bearing = [
        summary(data, cid, loads, f"{loads[cid]} claims rest on it or hold it up")
        for cid in ranked[:limit]
    ]
    return StartingPoints(cruxes=cruxes, load_bearing=bearing)


def search_claims(
    data: MapData, query: str, loads: dict[str, int], limit: int = 50
) -> list[ClaimSummary]:
    """Claims containing every word of `query` (any order), cruxes then load-bearing first."""
    needles = query.casefold().split()
    found = [
        c.id
        for c in data.claims.values()
        if all(n in c.text.casefold() or n in (c.author or "").casefold() for n in needles)
    ]
    scores = data.crux_scores
    found.sort(key=lambda cid: (-scores.get(cid, 0.0), -loads.get(cid, 0), cid))
    return [summary(data, cid, loads) for cid in found[:limit]]


def topic_view(
    G: nx.MultiDiGraph,
    topic: Topic,
    filters: MapFilters,
    crux_scores: dict[str, float],
    loads: dict[str, int],
) -> MapView:
    """One topic's claims to draw: the relation-type filter applies, the view is capped, and
    claims are ranked by crux score then load so the cap keeps what matters."""
    types = set(filters.relation_types())
    keep_nodes = [c for c in topic.claim_ids if c in G]
    ranked = sorted(keep_nodes, key=lambda n: (-crux_scores.get(n, 0.0), -loads.get(n, 0), n))
    cap = max(1, min(filters.max_nodes, HARD_MAX_NODES))
    kept = ranked[:cap]
    H = G.subgraph(kept)
    shown: nx.MultiDiGraph = nx.MultiDiGraph()
    shown.add_nodes_from(H.nodes(data=True))
    hidden = 0
    for u, v, key, attrs in H.edges(keys=True, data=True):
        if key in types:
            shown.add_edge(u, v, key=key, **attrs)
        elif key == CANDIDATE_TYPE:
            hidden += 1
    return MapView(
        graph=shown,
        total=G.number_of_nodes(),
        matched=len(keep_nodes),
        hidden_candidates=hidden,
    )
