"""A debate in the library: the sides of a crux or a topic, who answered whom, and what the
authors say would change their minds.

Sides come only from asserted relations (attacks, supports, depends_on, same_as) backed by
textual evidence, walked as `assistant.cruxes.sides` walks them, so this view never shows a
disagreement the map has not established; when there is none it says so. "What would change
a mind" is read from the debaters' own texts: sentences in which an author states the
condition under which they would think otherwise, or names the crux themselves.
"""

from __future__ import annotations

import re
from datetime import datetime

import networkx as nx

from assistant.cruxes import sides
from assistant.mapgraph import same_voice, voice
from assistant.offline.segment import split_sentences
from assistant.service.views import (
    Debate,
    DebateClaim,
    DebateSide,
    EvidenceView,
    Exchange,
    MapData,
    MindChanger,
)
from assistant.topics import Topic
from assistant.workspace import Workspace

NO_DEBATE = (
    "No established disagreement here: no claim is attacked, on textual evidence, by "
    "another author. Similar claims alone are never counted as a debate."
)
#: How a claim bears on the one it points at, in a reader's words.
BEARING = {
    "attacks": "attacks",
    "supports": "supports",
    "depends_on": "rests on",
    "same_as": "restates",
    "responds_to": "responds to",
}
#: Sentences in which an author says what would change their mind, or names the crux.
MIND_CHANGE = re.compile(
    r"\b(?:"
    r"(?:would|could|might|will)\s+(?:\w+\s+){0,2}change\s+(?:my|our)\s+minds?"
    r"|(?:would|could)\s+(?:\w+\s+){0,2}(?:convince|persuade)\s+(?:me|us)"
    r"|(?:I|we)\s+(?:would|will|'d)\s+(?:\w+\s+){0,2}(?:update|reconsider|concede|be\s+persuaded|"
    r"be\s+convinced|change\s+(?:my|our)\s+view|give\s+up)"
    r"|what\s+would\s+(?:it\s+take|settle|resolve|decide)"
    r"|(?:my|our|the\s+real|the\s+main|the|a)\s+(?:key\s+)?crux\b"
    r"|(?:evidence|result|finding|observation)s?\s+that\s+would\s+(?:\w+\s+){0,2}"
    r"(?:falsify|refute|undermine|settle|change)"
    r"|would\s+(?:\w+\s+){0,1}falsify"
    r"|(?:if|unless)\b[^.?!]{0,160}\b(?:I|we)\s+(?:would|'d)\s+(?:\w+\s+){0,2}"
    r"(?:be\s+wrong|update|change|concede|accept|abandon|drop)"
    r")",
    re.IGNORECASE,
)
MAX_MIND_CHANGERS = 12


class _Quotes:
    """Document texts, read once per debate, for quoting evidence and scanning sentences."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.texts: dict[str, str | None] = {}

    def text(self, doc_id: str) -> str | None:
        if doc_id not in self.texts:
            doc = self.workspace.library.document(doc_id) if doc_id else None
            self.texts[doc_id] = doc.text if doc else None
        return self.texts[doc_id]

    def evidence(self, attrs: dict) -> EvidenceView | None:
        kind, doc_id = attrs.get("evidence_kind") or "", attrs.get("evidence_doc") or ""
        if not kind:
            return None
        start, end = int(attrs.get("evidence_start", 0)), int(attrs.get("evidence_end", 0))
        text = self.text(doc_id) if doc_id else None
        quote = text[start:end] if text is not None and 0 <= start < end <= len(text) else ""
        return EvidenceView(kind=kind, doc_id=doc_id, start=start, end=end, quote=quote)


def _claim(G: nx.MultiDiGraph, cid: str, link: str = "", evidence=None) -> DebateClaim:
    a = G.nodes[cid]
    published = datetime.fromisoformat(a["published"]) if a.get("published") else None
    return DebateClaim(
        id=cid,
        doc_id=a["doc_id"],
        title=a.get("title", ""),
        quote=a["quote"],
        author=a.get("author", ""),
        published=published,
        link=link,
        evidence=evidence,
    )


def _bearing(
    G: nx.MultiDiGraph, cid: str, others: set[str], quotes: _Quotes
) -> tuple[str, EvidenceView | None]:
    """How `cid` bears on the debate: its first asserted edge to a claim in `others`."""
    for _, v, key, attrs in sorted(G.out_edges(cid, keys=True, data=True), key=lambda e: e[1]):
        if v in others and key in BEARING and attrs.get("asserted", True):
            other = " ".join(G.nodes[v]["text"].split())
            short = other if len(other) <= 90 else other[:89].rstrip() + "…"
            return f"{BEARING[key]} “{short}”", quotes.evidence(attrs)
    for u, _, key, attrs in sorted(G.in_edges(cid, keys=True, data=True), key=lambda e: e[0]):
        if u in others and key in ("depends_on", "same_as") and attrs.get("asserted", True):
            other = " ".join(G.nodes[u]["text"].split())
            short = other if len(other) <= 90 else other[:89].rstrip() + "…"
            verb = "is rested on by" if key == "depends_on" else "is restated by"
            return f"{verb} “{short}”", quotes.evidence(attrs)
    return "", None


def _side(
    G: nx.MultiDiGraph, label: str, ids: list[str], everyone: set[str], quotes: _Quotes
) -> DebateSide:
    claims = []
    for cid in ids:
        link, evidence = _bearing(G, cid, everyone - {cid}, quotes)
        claims.append(_claim(G, cid, link, evidence))
    claims.sort(key=lambda c: (c.published is None, c.published or 0, c.id))
    authors: dict[str, str] = {}
    for c in claims:
        name = voice(G.nodes[c.id])
        authors.setdefault(name.casefold(), name)
    return DebateSide(
        label=label, authors=sorted(authors.values(), key=str.casefold), claims=claims
    )


def exchanges(G: nx.MultiDiGraph, ids: set[str], quotes: _Quotes) -> list[Exchange]:
    """Asserted relations between different authors among `ids`, in the order they were
    written (the answering claim's date): who answered whom."""
    out = []
    for u, v, key, attrs in G.subgraph(ids).edges(keys=True, data=True):
        if key not in BEARING or not attrs.get("asserted", True):
            continue
        if same_voice(voice(G.nodes[u]), voice(G.nodes[v])):
            continue
        source, target = _claim(G, u, evidence=quotes.evidence(attrs)), _claim(G, v)
        out.append(Exchange(published=source.published, source=source, target=target, type=key))
    out.sort(key=lambda e: (e.published is None, e.published or 0, e.source.id, e.target.id))
    return out


def mind_changers(G: nx.MultiDiGraph, ids: set[str], quotes: _Quotes) -> list[MindChanger]:
    """Sentences of the debaters' documents that state what would change a mind."""
    docs = sorted({G.nodes[c]["doc_id"] for c in ids})
    claims_by_doc: dict[str, list[tuple[int, int, str]]] = {}
    for cid in G.nodes:
        a = G.nodes[cid]
        if a["doc_id"] in docs:
            claims_by_doc.setdefault(a["doc_id"], []).append((a["start"], a["end"], cid))
    found = []
    for doc_id in docs:
        text = quotes.text(doc_id)
        if not text:
            continue
        author = next((G.nodes[c]["author"] for c in ids if G.nodes[c]["doc_id"] == doc_id), "")
        title = next((G.nodes[c]["title"] for c in ids if G.nodes[c]["doc_id"] == doc_id), "")
        for start, end in split_sentences(text):
            if not MIND_CHANGE.search(text[start:end]):
                continue
            claim = next(
                (c for s, e, c in claims_by_doc.get(doc_id, []) if s < end and e > start), None
            )
            found.append(
                MindChanger(
                    claim_id=claim,
                    doc_id=doc_id,
                    start=start,
                    end=end,
                    quote=text[start:end],
                    author=author,
                    title=title,
                )
            )
    return found[:MAX_MIND_CHANGERS]


def crux_debate(workspace: Workspace, data: MapData, claim_id: str) -> Debate | None:
    """The debate about one claim: for and against, as the crux analysis walks them."""
    G = data.graph
    if claim_id not in G:
        return None
    quotes = _Quotes(workspace)
    subject = _claim(G, claim_id)
    for_ids, against_ids = sides(G, claim_id)
    text = " ".join(G.nodes[claim_id]["text"].split())
    if not against_ids:
        return Debate(subject=text, subject_claim=subject, established=False, note=NO_DEBATE)
    everyone = {claim_id, *for_ids, *against_ids}
    return Debate(
        subject=text,
        subject_claim=subject,
        established=True,
        sides=[
            _side(G, "For", [claim_id, *for_ids], everyone, quotes),
            _side(G, "Against", against_ids, everyone, quotes),
        ],
        exchanges=exchanges(G, everyone, quotes),
        mind_changers=mind_changers(G, everyone, quotes),
    )


def topic_debate(workspace: Workspace, data: MapData, topic: Topic) -> Debate:
    """The disagreements inside a topic: every claim of it that another author attacks, on
    evidence, with what holds it up on one side and what attacks it on the other."""
    G = data.graph
    quotes = _Quotes(workspace)
    members = [c for c in topic.claim_ids if c in G]
    contested = []
    for cid in members:
        mine = voice(G.nodes[cid])
        if any(
            key == "attacks" and not same_voice(voice(G.nodes[u]), mine)
            for u, _, key in G.in_edges(cid, keys=True)
        ):
            contested.append(cid)
    subject = f"Topic: {topic.label}"
    if not contested:
        return Debate(subject=subject, established=False, note=NO_DEBATE)
    scores = data.crux_scores
    contested.sort(key=lambda c: (-scores.get(c, 0.0), c))
    held: list[str] = []
    against: list[str] = []
    for cid in contested:
        for_ids, against_ids = sides(G, cid)
        for c in [cid, *for_ids]:
            if c not in held and c not in against:
                held.append(c)
        for c in against_ids:
            if c not in held and c not in against:
                against.append(c)
    everyone = set(held) | set(against)
    return Debate(
        subject=subject,
        established=True,
        sides=[
            _side(G, "Holding the contested claims", held, everyone, quotes),
            _side(G, "Against them", against, everyone, quotes),
        ],
        exchanges=exchanges(G, everyone, quotes),
        mind_changers=mind_changers(G, everyone, quotes),
    )
