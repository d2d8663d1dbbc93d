"""The map as a graph: attributes, the dependency direction, neighbourhoods and filters."""

from __future__ import annotations

from datetime import UTC, date, datetime

import networkx as nx
import pytest

from assistant.mapgraph import build_graph, dependency_view, filter_graph, neighbourhood
from assistant.models import Claim, Evidence, Relation

# Test relations stand for relations the analyst found in the text.
EVIDENCE = Evidence(kind="discourse")


def claim(cid: str, author: str, doc: str, text: str, published: datetime | None = None) -> Claim:
    return Claim(
        id=cid,
        doc_id=doc,
        start=0,
        end=len(text),
        quote=text,
        text=text,
        kind="conceptual",
        author=author,
        published=published,
        title=f"Title {doc}",
        url=f"https://example.org/{doc}",
        markers=["clearly"],
    )


def rel(source: str, target: str, type_: str, confidence: float = 0.5) -> Relation:
    return Relation(
        evidence=EVIDENCE,
        source=source,
        target=target,
        type=type_,
        rationale=f"{source} {type_} {target}",
        confidence=confidence,
        analyst="offline",
    )


@pytest.fixture
def claims() -> list[Claim]:
    return [
        claim("a", "Ann", "d1", "Deception is convergent.", datetime(2023, 1, 5, tzinfo=UTC)),
        claim("b", "Bob", "d2", "Training generalises well.", datetime(2024, 3, 1, tzinfo=UTC)),
        claim("c", "Cy", "d3", "Evaluations catch deception.", datetime(2024, 6, 1)),
        claim("d", "ann", "d1", "Undated remark about deception."),
    ]


@pytest.fixture
def relations() -> list[Relation]:
    return [
        rel("a", "b", "attacks", 0.9),
        rel("c", "b", "supports", 0.7),
        rel("b", "d", "depends_on", 0.6),
        rel("a", "b", "supports", 0.2),  # a second type between one pair survives
        rel("c", "b", "supports", 0.3),  # a weaker duplicate is ignored
        rel("a", "zzz", "supports"),  # dangling: dropped
        rel("a", "a", "supports"),  # self loop: dropped
    ]


def test_build_graph_carries_claim_and_relation_attributes(claims, relations):
    G = build_graph(claims, relations)
    assert isinstance(G, nx.MultiDiGraph)
    assert set(G) == {"a", "b", "c", "d"}
    node = G.nodes["a"]
    assert node["author"] == "Ann" and node["doc_id"] == "d1" and node["kind"] == "conceptual"
    assert node["text"] == node["quote"] == "Deception is convergent."
    assert (node["start"], node["end"]) == (0, 24)
    assert node["published"] == "2023-01-05T00:00:00+00:00"
    assert node["title"] == "Title d1" and node["url"] == "https://example.org/d1"
    assert G.nodes["d"]["published"] == ""
    assert G.number_of_edges() == 4
    edge = G.get_edge_data("c", "b", key="supports")
    assert edge == {
        "type": "supports",
        "rationale": "c supports b",
        "confidence": 0.7,
        "analyst": "offline",
        "asserted": True,
        "evidence_kind": "discourse",
        "evidence_doc": "",
        "evidence_start": 0,
        "evidence_end": 0,
    }
    assert set(G["a"]["b"]) == {"attacks", "supports"}


def test_dependency_view_points_from_premise_to_conclusion(claims, relations):
    D = dependency_view(build_graph(claims, relations))
    # c supports b: c holds b up. b depends_on d: d holds b up. attacks are not dependencies.
    assert set(D.edges) == {("c", "b"), ("d", "b"), ("a", "b")}
    assert D["d"]["b"]["via"] == ["depends_on"]
    assert nx.descendants(D, "d") == {"b"}
    assert nx.ancestors(D, "b") == {"a", "c", "d"}


def test_neighbourhood_ignores_direction_and_respects_radius(claims, relations):
    G = build_graph(claims, relations)
    assert set(neighbourhood(G, "d", radius=1)) == {"d", "b"}
    near = neighbourhood(G, "d", radius=2)
    assert set(near) == {"a", "b", "c", "d"}
    assert near.number_of_edges() == G.number_of_edges()
    near.remove_node("a")  # a copy: the map is untouched
    assert "a" in G
    with pytest.raises(KeyError):
        neighbourhood(G, "missing")


def test_filter_graph_by_author_doc_type_date_and_text(claims, relations):
    G = build_graph(claims, relations)
    assert set(filter_graph(G, authors=["ANN"])) == {"a", "d"}
    assert set(filter_graph(G, doc_ids=["d2", "d3"])) == {"b", "c"}
    only_attacks = filter_graph(G, types=["attacks"])
    assert set(only_attacks) == set(G)
    assert [k for *_, k in only_attacks.edges(keys=True)] == ["attacks"]
    assert set(filter_graph(G, since="2024-01-01")) == {"b", "c"}  # naive dates count as UTC
    assert set(filter_graph(G, until=date(2024, 3, 1))) == {"a", "b"}  # a date means the day
    assert set(filter_graph(G, since=datetime(2024, 1, 1), until="2024-05-01")) == {"b"}
    assert set(filter_graph(G, text="DECEPTION")) == {"a", "c", "d"}
    combined = filter_graph(G, authors=["Ann", "Bob"], text="deception", types=["supports"])
    assert set(combined) == {"a", "d"}
    assert combined.number_of_edges() == 0


def test_empty_map_builds_an_empty_graph():
    G = build_graph([], [rel("x", "y", "supports")])
    assert G.number_of_nodes() == 0
    assert dependency_view(G).number_of_edges() == 0
