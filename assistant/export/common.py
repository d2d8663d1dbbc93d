"""What every export writer shares: the map as handed to a writer, how a relation is labelled
and coloured, its evidence note, and the text helpers each grammar's escaping starts from.

Nothing here knows a format; the format modules import from here and never from each other.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from assistant.mapgraph import build_graph
from assistant.models import Claim, Relation

RELATION_COLOURS: dict[str, str] = {
    "supports": "#1b9e77",
    "attacks": "#d95f02",
    "depends_on": "#386cb0",
    "responds_to": "#a6761d",
    "same_as": "#7570b3",
    "related": "#9e9e9e",
}
#: How every format labels an unverified candidate.
CANDIDATE_LABEL = "possibly related, unverified"


@dataclass
class MapExport:
    """What a writer gets: the map's records plus document texts to quote evidence from."""

    claims: list[Claim]
    relations: list[Relation]
    documents: list[dict]
    texts: Mapping[str, str] = field(default_factory=dict)

    def graph(self) -> nx.MultiDiGraph:
        """The map with each edge's `label` and `evidence_quote` (see `assistant.export`)."""
        G = build_graph(self.claims, self.relations)
        for _u, _v, data in G.edges(data=True):
            data["label"] = relation_label(data["type"], data["asserted"])
            data["evidence_quote"] = span_quote(
                self.texts, data["evidence_doc"], data["evidence_start"], data["evidence_end"]
            )
        return G


def relation_label(rel_type: str, asserted: bool) -> str:
    """A relation's label: its type, or "possibly related, unverified" for a candidate."""
    return rel_type if asserted else CANDIDATE_LABEL


def span_quote(texts: Mapping[str, str], doc_id: str, start: int, end: int) -> str:
    """texts[doc_id][start:end], or "" when the document or a real span is missing."""
    text = texts.get(doc_id)
    if text is None or not 0 <= start < end <= len(text):
        return ""
    return text[start:end]


def evidence_note(data: dict) -> str:
    """One line saying what carries an edge: "evidence: citation, d1 10-52: “...”"."""
    if not data["evidence_kind"]:
        return "no evidence recorded"
    note = f"evidence: {data['evidence_kind']}"
    if data["evidence_doc"]:
        note += f", {data['evidence_doc']} {data['evidence_start']}-{data['evidence_end']}"
    if data["evidence_quote"]:
        note += f": “{short(data['evidence_quote'], 200)}”"
    return note


def by_document(claims: list[Claim], documents: list[dict]) -> list[tuple[str, list[Claim]]]:
    """Claims grouped by document, in document order; unknown documents come last."""
    order = {d["id"]: i for i, d in enumerate(documents)}
    titles = {d["id"]: d.get("title") or d["id"] for d in documents}
    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.doc_id, []).append(claim)
    ordered = sorted(groups, key=lambda doc: (order.get(doc, len(order)), doc))
    return [(titles.get(doc) or groups[doc][0].title or doc, groups[doc]) for doc in ordered]


# -- text helpers -----------------------------------------------------------------------------

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """XML 1.0 cannot hold most C0 control characters, even escaped: drop them."""
    return _XML_ILLEGAL.sub("", text)


def one_line(text: str) -> str:
    return " ".join(text.split())


def short(text: str, limit: int = 80) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def slug(text: str, words: int = 4) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(parts[:words])
