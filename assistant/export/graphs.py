"""Graph formats for network tools: GraphML and GEXF (XML, scalar attributes only), networkx
node-link JSON and Cytoscape.js JSON (text kept exactly)."""

from __future__ import annotations

import io
import json
from datetime import datetime

import networkx as nx

from assistant.export.common import RELATION_COLOURS, MapExport, short, xml_safe


def export_graphml(export: MapExport) -> str:
    buf = io.BytesIO()
    nx.write_graphml(_scalar_graph(export), buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def export_gexf(export: MapExport) -> str:
    buf = io.BytesIO()
    nx.write_gexf(_scalar_graph(export, gexf=True), buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def export_json(export: MapExport) -> str:
    """networkx node-link JSON (edges under "edges"), with the documents as a graph attribute."""
    G = export.graph()
    G.graph["documents"] = _documents_json(export.documents)
    data = nx.node_link_data(G, edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def export_cytoscape(export: MapExport) -> str:
    """Cytoscape.js elements JSON; `name` is a short label, the full text stays in `text`.

    `colour` and `line_style` are ready for a style mapper (`line-style: data(line_style)`):
    candidates come out dashed and grey."""
    G = export.graph()
    for _node, data in G.nodes(data=True):
        data["name"] = short(data["text"])
    for _u, _v, _key, data in G.edges(keys=True, data=True):
        data["colour"] = RELATION_COLOURS[data["type"]]
        data["line_style"] = "solid" if data["asserted"] else "dashed"
    return json.dumps(nx.cytoscape_data(G), ensure_ascii=False, indent=2, default=str)


def _scalar(value: object) -> str | int | float | bool:
    """GraphML/GEXF hold scalars only: None -> "", lists -> "; "-joined, the rest as is."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, (bool, int, float)):
        return value
    return xml_safe(str(value))


def _scalar_graph(export: MapExport, gexf: bool = False) -> nx.MultiDiGraph:
    """The map with scalar attributes and unique edge ids (e0, e1, ...) for XML formats.

    GEXF reserves node `start`/`end` (time spells), edge `type`, `weight`, `label`: offsets
    become `char_start`/`char_end`, the relation type `relation` (the edge label is the
    relation's label), the weight is the relation's confidence, which is what Gephi should
    draw, and a candidate is drawn dashed and grey (viz colour and shape).
    """
    G = export.graph()
    H: nx.MultiDiGraph = nx.MultiDiGraph()
    for node, data in G.nodes(data=True):
        attrs = {k: _scalar(v) for k, v in data.items()}
        if gexf:
            attrs["char_start"] = attrs.pop("start")
            attrs["char_end"] = attrs.pop("end")
            attrs["label"] = xml_safe(short(data["text"]))
        H.add_node(node, **attrs)
    for i, (u, v, data) in enumerate(G.edges(data=True)):
        # GEXF's viz attribute is the one nested value (colour and shape).
        edge: dict[str, object] = {k: _scalar(val) for k, val in data.items()}
        if gexf:
            edge["relation"] = edge.pop("type")
            edge["weight"] = float(data["confidence"])
            edge["viz"] = _gexf_viz(data["type"], data["asserted"])
        H.add_edge(u, v, key=f"e{i}", **edge)
    return H


def _gexf_viz(rel_type: str, asserted: bool) -> dict:
    colour = RELATION_COLOURS[rel_type].lstrip("#")
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "shape": "solid" if asserted else "dashed"}


def _documents_json(documents: list[dict]) -> list[dict]:
    keep = ("id", "title", "url", "authors", "published", "kind")
    return [{k: _jsonable(d.get(k)) for k in keep} for d in documents]


def _jsonable(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value
