"""Read-side of the argument map, shared by the CLI and the UI so they never disagree.

Pages and commands render what `MapService` returns, read from one open `Workspace`: claims
with their relations and evidence (see `assistant.service.views`), cruxes, steelmen,
exports, the documents the map was made from, and the bounded part of the graph the Map page
draws.
"""

from __future__ import annotations

import networkx as nx

from assistant.mapgraph import build_graph, filter_graph, neighbourhood
from assistant.models import Claim, Crux, Flag, Relation
from assistant.offline.claim_text import needs_context
from assistant.offline.segment import split_sentences
from assistant.service.views import (
    CANDIDATE_TYPE,
    HARD_MAX_NODES,
    CitationView,
    ClaimView,
    ContextView,
    DocumentText,
    DocumentView,
    EvidenceView,
    MapData,
    MapFilters,
    MapView,
    OppositionView,
    RelationView,
    SteelmanResult,
)
from assistant.workspace import Workspace
from ingest.library import Library

#: Said when the map holds claims but no crux: no claim is attacked, on textual evidence, by
#: another author. A correct answer, not a failure (precision before recall).
NO_CRUXES = (
    "No established disagreement in this library: no claim is attacked, on textual "
    "evidence, by another author."
)
#: How far back to look for the preceding sentence (one long sentence fits).
CONTEXT_WINDOW = 1500
#: Characters a sentence (as opposed to a heading) ends with.
SENTENCE_ENDS = frozenset('.!?:;…"”’)]')


class MapService:
    """The map of one open workspace, as views; the service never opens or closes it."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.library = workspace.library
        self.store = workspace.store

    def citations(self, doc_id: str, cited_by: bool = False) -> list[CitationView]:
        """What a document cites (or, with `cited_by`, the sentences elsewhere citing it):
        library documents by title, the rest as 'cites: <label>'."""
        from assistant.citationstore import CitationStore

        store = CitationStore(self.library)
        records = store.cited_by(doc_id) if cited_by else store.citations_of(doc_id)
        views = []
        for r in records:
            target = self.library.document(r.target_doc) if r.target_doc else None
            views.append(
                CitationView(
                    doc_id=r.doc_id,
                    sentence_start=r.sentence_start,
                    sentence_end=r.sentence_end,
                    kind=r.kind,
                    stance=r.stance,
                    label=r.target_title or r.target_url or "",
                    url=r.target_url,
                    target_doc=r.target_doc,
                    target_title=target.title if target else "",
                )
            )
        return views

    def resolve_claim(self, claim_id: str) -> str | None:
        matches = self.store.find_claims(claim_id)
        return matches[0] if len(matches) == 1 else None

    def claim_views(self, doc_id: str | None = None) -> list[ClaimView]:
        claims = self.store.claims(doc_id)
        relations = self.store.relations()
        flags = self.store.flags()
        by_id = {c.id: c for c in self.store.claims()} if doc_id else {c.id: c for c in claims}
        touching: dict[str, list[Relation]] = {}
        for rel in relations:
            touching.setdefault(rel.source, []).append(rel)
            touching.setdefault(rel.target, []).append(rel)
        flagged: dict[str, list[Flag]] = {}
        for flag in flags:
            flagged.setdefault(flag.claim_id, []).append(flag)
        texts = _Texts(self.library)
        return [
            _view(c, touching.get(c.id, []), flagged.get(c.id, []), by_id, texts) for c in claims
        ]

    def claim_view(self, claim_id: str) -> ClaimView | None:
        cid = self.resolve_claim(claim_id)
        claim = self.store.claim(cid) if cid else None
        if claim is None:
            return None
        relations = self.store.relations_of(claim.id)
        others = {r.source for r in relations} | {r.target for r in relations}
        found = {o: self.store.claim(o) for o in others}
        by_id = {k: v for k, v in found.items() if v is not None}
        texts = _Texts(self.library)
        return _view(claim, relations, self.store.flags(claim.id), by_id, texts)

    def cruxes(self, top: int = 10) -> list[Crux]:
        return self.store.cruxes()[:top]

    def counts(self) -> dict[str, int]:
        """Map totals: documents analysed, claims, asserted relations, unverified candidates."""
        return self.store.counts()

    def steelman(self, claim_id: str, llm: str | None = None) -> SteelmanResult:
        from assistant.steelman import strongest_opposition

        cid = self.resolve_claim(claim_id) or claim_id
        claims = self.store.claims()
        target = next(c for c in claims if c.id == cid)
        opposition = strongest_opposition(cid, claims, self.store.relations(), limit=5)
        # The view is the opposition without its support count (pydantic drops extra fields).
        views = [OppositionView.model_validate(o.model_dump()) for o in opposition]
        result = SteelmanResult(claim_id=cid, claim_text=target.text, opposition=views)
        if llm and views:
            from assistant.steelman_llm import write_steelman

            result.paragraph, result.dropped = write_steelman(llm, target, views)
        return result

    def export(
        self, fmt: str, claim_ids: set[str] | None = None, candidates: bool = False
    ) -> str | bytes:
        """The whole map, or only `claim_ids` with the relations among them and their sources.

        Unverified candidates are left out unless `candidates` is true; when included, every
        format marks them (see `assistant.export`). Evidence spans are quoted from the stored
        documents, so an exported relation can be checked like a quote.
        """
        from assistant.export import export_map

        claims, relations = self.store.claims(), self.store.relations()
        if claim_ids is not None:
            claims = [c for c in claims if c.id in claim_ids]
            relations = [r for r in relations if r.source in claim_ids and r.target in claim_ids]
        if not candidates:
            relations = [r for r in relations if r.asserted]
        used = {c.doc_id for c in claims}
        documents = [
            {
                "id": d.id,
                "title": d.title,
                "url": d.url,
                "authors": d.authors,
                "published": d.published.isoformat() if d.published else None,
                "meta": d.meta,
                "kind": d.kind,
            }
            for d in self.library.documents()
            if claim_ids is None or d.id in used
        ]
        evidence_docs = {r.evidence.doc_id for r in relations if r.evidence is not None}
        texts = _Texts(self.library)
        sources = {d: t for d in evidence_docs if (t := texts.text(d)) is not None}
        return export_map(fmt, claims, relations, documents, sources)

    def version(self) -> tuple[int, int]:
        """Changes whenever a document or the analysis changes: what a cache of the map
        keys on, so it is never stale and never rebuilt needlessly."""
        return self.store.version()

    def map_data(self) -> MapData:
        claims, relations = self.store.claims(), self.store.relations()
        return MapData(
            claims={c.id: c for c in claims},
            relations=relations,
            graph=build_graph(claims, relations),
            cruxes=self.store.cruxes(),
        )

    def documents(self) -> list[DocumentView]:
        return [
            DocumentView(
                id=d.id,
                title=d.title,
                authors=d.authors,
                published=d.published,
                kind=d.kind,
                chars=d.chars,
                url=d.url,
                origin=d.source_feed or d.url or d.source,
            )
            for d in self.library.documents()
        ]

    def document(self, doc_id: str) -> DocumentText | None:
        doc = self.library.document(doc_id)
        return DocumentText(id=doc.id, title=doc.title, text=doc.text) if doc else None

    def library_counts(self) -> dict[str, int]:
        """Documents and chunks stored (the map's own totals are `counts`)."""
        return self.library.counts()


class _Texts:
    """Document texts read once per call, for quoting evidence spans and context."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._texts: dict[str, str | None] = {}

    def text(self, doc_id: str) -> str | None:
        if doc_id not in self._texts:
            doc = self.library.document(doc_id) if doc_id else None
            self._texts[doc_id] = doc.text if doc else None
        return self._texts[doc_id]

    def quote(self, doc_id: str, start: int, end: int) -> str:
        """text[start:end] of the stored document, or "" when it is gone or the span is empty."""
        text = self.text(doc_id)
        if text is None or not 0 <= start < end <= len(text):
            return ""
        return text[start:end]


def preceding_sentence(text: str, start: int) -> ContextView | None:
    """The sentence that ends before `start`, found by the same segmenter that cut claims.

    A heading ("My view") is not the sentence a "This ..." refers back to: lines without
    closing punctuation are passed over when a real sentence precedes them.
    """
    offset = max(0, start - CONTEXT_WINDOW)
    spans = split_sentences(text[offset:start])
    if not spans:
        return None
    sentences = [(s, e) for s, e in spans if text[offset + e - 1] in SENTENCE_ENDS]
    s, e = (sentences or spans)[-1]
    return ContextView(start=offset + s, end=offset + e, quote=text[offset + s : offset + e])


def _context(claim: Claim, texts: _Texts) -> ContextView | None:
    if not needs_context(claim.quote):
        return None
    text = texts.text(claim.doc_id)
    if text is None or text[claim.start : claim.end] != claim.quote:
        return None
    return preceding_sentence(text, claim.start)


def _evidence_view(rel: Relation, texts: _Texts) -> EvidenceView | None:
    if rel.evidence is None:
        return None
    ev = rel.evidence
    return EvidenceView(
        kind=ev.kind,
        doc_id=ev.doc_id,
        start=ev.start,
        end=ev.end,
        quote=texts.quote(ev.doc_id, ev.start, ev.end),
    )


def _view(
    claim: Claim,
    relations: list[Relation],
    flags: list[Flag],
    by_id: dict[str, Claim],
    texts: _Texts,
) -> ClaimView:
    mine = []
    for rel in relations:
        if rel.source == claim.id:
            other, direction = rel.target, "out"
        elif rel.target == claim.id:
            other, direction = rel.source, "in"
        else:
            continue
        other_claim = by_id.get(other)
        mine.append(
            RelationView(
                type=rel.type if rel.asserted else "related",
                other=other,
                direction=direction,
                asserted=rel.asserted,
                evidence=_evidence_view(rel, texts),
                other_text=other_claim.text if other_claim else "",
                other_author=other_claim.author if other_claim else "",
                rationale=rel.rationale,
            )
        )
    # Asserted relations first: they are what the map establishes.
    mine.sort(key=lambda r: not r.asserted)
    return ClaimView(
        **claim.model_dump(
            include={
                "id",
                "doc_id",
                "start",
                "end",
                "quote",
                "text",
                "kind",
                "hedged",
                "author",
                "published",
                "title",
                "url",
            }
        ),
        context=_context(claim, texts),
        relations=mine,
        flags=[f for f in flags if f.claim_id == claim.id],
    )


# -- the part of the map the Map page draws ---------------------------------------------------


def select_view(G: nx.MultiDiGraph, filters: MapFilters, crux_scores: dict[str, float]) -> MapView:
    """The bounded subgraph to draw for these filters.

    A map of a few thousand claims drawn whole is a hairball nobody can read or click, and it
    stalls the browser. So the view is always bounded: the claims that match the filters,
    ranked by crux score and then by how connected they are, capped at `max_nodes`; or a
    chosen claim's neighbourhood. Unverified candidates are left out unless asked for, and
    the view counts how many among the kept claims it hid.
    """
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
