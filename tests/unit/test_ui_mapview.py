"""The Map page (the view `assistant.service.select_view` picks, drawn by ui/mapview.py)
never draws more than its cap, and says what it hides."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from assistant.export import CANDIDATE_LABEL
from assistant.mapgraph import build_graph
from assistant.models import Claim, Evidence, Relation
from assistant.service import HARD_MAX_NODES, MapFilters, Topic, TopicMap, select_view
from assistant.topics import TopicDocument
from ui.mapview import (
    TOPIC_FONT,
    claim_elements,
    claim_layout,
    cytoscape_elements,
    node_size,
    topic_elements,
    topic_layout,
    view_key,
)

# Test relations stand for relations the analyst found in the text.
EVIDENCE = Evidence(kind="discourse")


def big_map(n: int = 3000):
    """A few thousand claims in chains with some hubs: the scale the page must survive."""
    claims = [
        Claim(
            id=f"c{i:05d}",
            doc_id=f"d{i % 50}",
            start=0,
            end=1,
            quote=f"<b>q{i}</b>",
            text=f"claim {i} about topic{i % 7}",
            kind="empirical",
            author=f"Author {i % 20}",
            published=datetime(2024, 1 + i % 12, 1, tzinfo=UTC),
        )
        for i in range(n)
    ]
    relations = [
        Relation(
            evidence=EVIDENCE,
            source=f"c{i:05d}",
            target=f"c{(i * 7) % 100:05d}",
            type=("supports", "attacks", "depends_on", "responds_to")[i % 4],
            rationale="r",
        )
        for i in range(100, n)
    ]
    return claims, relations


def test_default_view_is_capped_and_counts_the_hidden():
    claims, relations = big_map()
    G = build_graph(claims, relations)
    view = select_view(G, MapFilters(max_nodes=120), {})
    assert view.shown == 120 and view.matched == 3000 and view.hidden == 2880
    degrees = sorted((G.degree(n) for n in G), reverse=True)
    assert min(G.degree(n) for n in view.graph) >= degrees[119]


def test_cap_cannot_exceed_the_hard_maximum():
    claims, relations = big_map()
    view = select_view(build_graph(claims, relations), MapFilters(max_nodes=10_000), {})
    assert view.shown == HARD_MAX_NODES


def test_cruxes_rank_first():
    claims, relations = big_map(300)
    G = build_graph(claims, relations)
    view = select_view(G, MapFilters(max_nodes=10), {"c00299": 0.9})
    assert "c00299" in view.graph


def test_filters_narrow_before_the_cap():
    claims, relations = big_map()
    G = build_graph(claims, relations)
    view = select_view(G, MapFilters(authors=["Author 3"], topic="topic1", max_nodes=400), {})
    assert view.matched == view.shown
    assert all(G.nodes[n]["author"] == "Author 3" for n in view.graph)
    assert all("topic1" in G.nodes[n]["text"] for n in view.graph)


def test_focus_shows_the_neighbourhood_and_keeps_the_focus():
    claims, relations = big_map()
    G = build_graph(claims, relations)
    view = select_view(G, MapFilters(focus="c00007", radius=1, max_nodes=20), {})
    assert view.focus == "c00007" and "c00007" in view.graph
    assert view.shown == 20 and view.hidden > 0


def test_elements_keep_source_text_out_of_visible_fields():
    claims, relations = big_map(200)
    view = select_view(build_graph(claims, relations), MapFilters(max_nodes=30), {"c00001": 0.5})
    elements = cytoscape_elements(view, {"c00001": 0.5})
    assert len(elements["nodes"]) == view.shown
    assert len(elements["edges"]) == view.graph.number_of_edges()
    for node in elements["nodes"]:
        visible = {k: v for k, v in node["data"].items() if not k.startswith("_")}
        assert set(visible) == {"id", "label", "kind", "crux_score", "relations", "published"}
    edge_ids = [e["data"]["id"] for e in elements["edges"]]
    assert len(set(edge_ids)) == len(edge_ids)
    assert {e["data"]["label"] for e in elements["edges"]} <= {
        "supports",
        "attacks",
        "depends_on",
        "responds_to",
        "same_as",
    }
    for edge in elements["edges"]:
        visible = {k for k in edge["data"] if not k.startswith("_")}
        assert visible == {"id", "source", "target", "label", "status", "evidence", "confidence"}


def with_candidates(claims, relations, every: int = 3):
    """The big map plus unverified candidates: similarity-only links between claims."""
    extra = [
        Relation(
            evidence=Evidence(kind="similarity"),
            source=f"c{i:05d}",
            target=f"c{i + 1:05d}",
            type="related",
            rationale="possibly related, unverified",
        )
        for i in range(0, 99, every)
    ]
    return claims, relations + extra


def test_candidates_are_hidden_by_default_and_counted():
    claims, relations = with_candidates(*big_map(300))
    G = build_graph(claims, relations)
    hidden = select_view(G, MapFilters(max_nodes=400), {})
    assert hidden.shown == 300
    assert not any(k == "related" for *_, k in hidden.graph.edges(keys=True))
    assert hidden.hidden_candidates == 33
    shown = select_view(G, MapFilters(max_nodes=400, candidates=True), {})
    assert sum(1 for *_, k in shown.graph.edges(keys=True) if k == "related") == 33
    assert shown.hidden_candidates == 0
    # A type filter and the candidates switch combine: attacks plus candidates, nothing else.
    both = select_view(G, MapFilters(types=["attacks"], candidates=True, max_nodes=400), {})
    assert {k for *_, k in both.graph.edges(keys=True)} == {"attacks", "related"}


def test_candidates_do_not_rank_a_claim_into_the_view():
    """Ranking counts only what is drawn: a claim linked only by candidates is not "connected"."""
    claims, relations = big_map(300)
    hub = [
        Relation(
            evidence=Evidence(kind="similarity"),
            source="c00250",
            target=f"c{i:05d}",
            type="related",
            rationale="r",
        )
        for i in range(200, 240)
    ]
    G = build_graph(claims, relations + hub)
    assert "c00250" not in select_view(G, MapFilters(max_nodes=10), {}).graph
    assert "c00250" in select_view(G, MapFilters(max_nodes=10, candidates=True), {}).graph


def test_candidate_edges_are_labelled_and_styled_apart():
    claims, relations = with_candidates(*big_map(200))
    G = build_graph(claims, relations)
    view = select_view(G, MapFilters(max_nodes=200, candidates=True), {})
    edges = [e["data"] for e in cytoscape_elements(view, {})["edges"]]
    candidates = [e for e in edges if e["label"] == "related"]
    assert candidates and all(e["status"] == CANDIDATE_LABEL for e in candidates)
    assert all(e["_caption"] == CANDIDATE_LABEL for e in candidates)
    assert all(e["evidence"] == "similarity" for e in candidates)
    asserted = [e for e in edges if e["label"] != "related"]
    assert all(e["status"] == "asserted" and e["_caption"] == "" for e in asserted)
    assert {e["evidence"] for e in asserted} == {"discourse"}


def test_node_size_grows_with_crux_score_and_key_tracks_the_view():
    assert node_size(0) < node_size(0.5) < node_size(1.0) == node_size(7)
    claims, relations = big_map(200)
    G = build_graph(claims, relations)
    a = select_view(G, MapFilters(max_nodes=30), {})
    b = select_view(G, MapFilters(max_nodes=40), {})
    assert view_key(a) != view_key(b)
    assert view_key(a) == view_key(select_view(G, MapFilters(max_nodes=30), {}))


def test_a_claims_view_is_laid_out_on_a_readable_grid_the_same_way_every_time():
    """Each claim gets its own caption-sized cell, so no caption sits on another; the grid's
    shape follows the frame; related claims land near each other; and a rerun draws the
    same picture."""
    claims, _ = big_map(30)
    relations = [  # a tree: claim i answers claim i // 2
        Relation(evidence=EVIDENCE, source=f"c{i:05d}", target=f"c{i // 2:05d}",
                 type="attacks", rationale="r")
        for i in range(1, 30)
    ]  # fmt: skip
    view = select_view(build_graph(claims, relations), MapFilters(max_nodes=30), {})
    elements = claim_elements(view, {}, {}, None)
    assert len(elements["nodes"]) == 30 and elements["edges"]
    layout = claim_layout(elements)
    positions = layout["positions"]
    assert layout["name"] == "preset" and set(positions) == set(view.graph.nodes)
    cells = {(p["x"], p["y"]) for p in positions.values()}
    assert len(cells) == len(positions)  # one claim per cell
    width = max(p["x"] for p in positions.values()) - min(p["x"] for p in positions.values())
    height = max(p["y"] for p in positions.values()) - min(p["y"] for p in positions.values())
    assert 0.5 < (width + 1) / (height + 1) < 2.0  # about the frame's shape, not a long row
    assert claim_layout(claim_elements(view, {}, {}, None)) == layout
    edges = [(e["data"]["source"], e["data"]["target"]) for e in elements["edges"]]

    def mean_length(at: dict) -> float:
        return sum(
            ((at[a]["x"] - at[b]["x"]) ** 2 + (at[a]["y"] - at[b]["y"]) ** 2) ** 0.5
            for a, b in edges
        ) / len(edges)

    shuffled = list(positions.values())
    random.Random(0).shuffle(shuffled)
    # related claims sit near each other: edges far shorter than on the same cells at random
    assert mean_length(positions) < 0.6 * mean_length(dict(zip(positions, shuffled)))


def test_an_empty_claims_view_has_an_empty_layout():
    assert claim_layout({"nodes": [], "edges": []})["positions"] == {}


def test_thirty_topics_get_a_cell_each_and_captions_a_reader_can_read():
    """A field-scale library has 30 topics; fcose fit them into the frame at 8 px captions.
    On the grid each topic has its own cell, and the fitted zoom keeps captions >= 9.5 px."""
    topics = [
        Topic(
            id=f"t{i}",
            terms=[f"word{i}", "risk", "training", "oversight"],
            documents=[TopicDocument(doc_id=f"d{i}", title=f"Post {i}", claims=3)],
            claim_ids=[f"c{i}-{j}" for j in range(20 + 25 * i)],
            cruxes=i % 3,
        )
        for i in range(30)
    ]
    elements = topic_elements(TopicMap(topics=topics, claims=0))
    layout = topic_layout(elements)
    positions = layout["positions"]
    assert set(positions) == {t.id for t in topics}
    assert len({(p["x"], p["y"]) for p in positions.values()}) == 30  # one topic per cell
    xs = [p["x"] for p in positions.values()]
    ys = [p["y"] for p in positions.values()]
    size = max(n["data"]["_size"] for n in elements["nodes"])
    extent_w = max(xs) - min(xs) + 9.6 * TOPIC_FONT  # plus one caption's width
    extent_h = max(ys) - min(ys) + size + 5.5 * TOPIC_FONT  # plus a node and its caption
    frame_w, frame_h = 870, 600  # the topics frame at a common page width
    zoom = min(frame_w / extent_w, frame_h / extent_h)
    assert TOPIC_FONT * zoom >= 9.5
    # The full name and the documents are in the hover card, even when the caption is cut.
    assert all(n["data"]["_hover"].startswith("word") for n in elements["nodes"])
    assert all("• Post" in n["data"]["_hover"] for n in elements["nodes"])
