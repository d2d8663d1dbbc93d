"""Read-side of the argument map, shared by the CLI and the UI so they never disagree.

Pages and commands render what these functions return, read from one open `Workspace`.

Every relation a reader sees carries its evidence: the kind of text that makes it a fact and
that span of a stored document, quoted (`quote == document.text[start:end]`, checkable like a
claim's quote). A relation that is not asserted (an unverified candidate) is shown as type
`related` with `asserted=False`, whatever an analyst once proposed, so nothing downstream
reads a candidate as agreement or disagreement.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from assistant.export import CANDIDATE_LABEL
from assistant.models import Claim, Crux, Flag, Relation
from assistant.offline.claims import needs_context
from assistant.offline.segment import split_sentences
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


class EvidenceView(BaseModel):
    """What makes a relation a fact: its kind and the span of text that carries it."""

    kind: str
    doc_id: str
    start: int
    end: int
    quote: str = ""


class RelationView(BaseModel):
    type: str
    other: str
    direction: str
    asserted: bool = True
    evidence: EvidenceView | None = None
    other_text: str = ""
    other_author: str = ""
    rationale: str = ""

    @property
    def label(self) -> str:
        """How a reader should read it: its type, or "possibly related, unverified"."""
        return self.type.replace("_", " ") if self.asserted else CANDIDATE_LABEL


class ContextView(BaseModel):
    """The sentence before a claim that opens with an anaphor ("This suggests ...")."""

    start: int
    end: int
    quote: str


class ClaimView(BaseModel):
    id: str
    doc_id: str
    start: int
    end: int
    quote: str
    text: str
    kind: str
    hedged: bool = False
    author: str = ""
    published: datetime | None = None
    title: str = ""
    url: str | None = None
    context: ContextView | None = None
    relations: list[RelationView] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)


class OppositionView(BaseModel):
    claim_id: str
    quote: str
    text: str
    author: str
    score: float
    why: str


class SteelmanResult(BaseModel):
    claim_id: str
    claim_text: str
    opposition: list[OppositionView]
    paragraph: str = ""
    dropped: list[str] = Field(default_factory=list)


class CitationView(BaseModel):
    """A citing sentence of one document, and the work it points at (in the library or not)."""

    doc_id: str
    sentence_start: int
    sentence_end: int
    kind: str
    stance: str
    label: str
    url: str | None = None
    target_doc: str | None = None
    target_title: str = ""


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
        views = [
            OppositionView(
                claim_id=o.claim_id,
                quote=o.quote,
                text=o.text,
                author=o.author,
                score=o.score,
                why=o.why,
            )
            for o in opposition
        ]
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

    def map_data(self) -> tuple[list[Claim], list[Relation]]:
        return self.store.claims(), self.store.relations()


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
