"""Page logic as plain functions: what each page shows, arranged from the service's views.

Streamlit's AppTest cannot reach everything a page draws (components, fragments), so the
decisions live here and unit tests call them directly. Nothing here analyses the literature:
it arranges what the backend already decided (answers, cruxes, relations) for display.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from assistant.ask.models import Answer, Citation
from assistant.models import Claim, Crux, Relation
from assistant.service import (
    CANDIDATE_LABEL,
    ClaimView,
    DocumentView,
    EvidenceView,
    MapService,
    RelationView,
    nearby_vocabulary,
    readable,
)
from ui.safe import md, safe_url

CONTEXT_CHARS = 600
#: Around an evidence span the inspector shows less than around a quote: enough to judge it.
EVIDENCE_CONTEXT_CHARS = 240

RELATION_LABELS: dict[str, tuple[str, str]] = {
    # type: (heading when the other claim points at this one, heading when this one points out)
    "supports": ("Supported by", "Supports"),
    "attacks": ("Attacked by", "Attacks"),
    "depends_on": ("Depended on by", "Depends on"),
    "responds_to": ("Responded to by", "Responds to"),
    "same_as": ("Restated by", "Restates"),
}
#: What each kind of evidence is, in a reader's words.
EVIDENCE_KINDS: dict[str, str] = {
    "discourse": "a connective or the order of the argument in one text",
    "citation": "a citation, link or named author",
    "quotation": "a quotation of the other text",
    "reply": "a reply to the other text",
    "lexical": "opposite wording inside a reply",
    "llm": "a span an LLM quoted from the text",
    "similarity": "similar wording only",
}
CANDIDATE_HEADING = "Possibly related, unverified"
CANDIDATE_NOTE = (
    "Similar claims with no citation, quotation or reply between their texts. "
    "Not counted anywhere: not as agreement, not as disagreement."
)


# -- quotes in context ----------------------------------------------------------------------


@dataclass(frozen=True)
class QuoteContext:
    """A quote with the rest of its paragraph, cut at `CONTEXT_CHARS` on either side."""

    before: str
    quote: str
    after: str
    clipped_before: bool = False
    clipped_after: bool = False
    #: The words used around the quote in its document: they decide how a word a PDF broke
    #: across lines is shown (`readable`).
    vocabulary: frozenset[str] | None = None


def quote_context(text: str, start: int, end: int, limit: int = CONTEXT_CHARS) -> QuoteContext:
    """The paragraph holding text[start:end]: a reader judges a quote by what surrounds it."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    para_start = text.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end < 0 else para_end
    clipped_before = start - para_start > limit
    clipped_after = para_end - end > limit
    if clipped_before:
        cut = text.find(" ", start - limit, start)
        para_start = cut + 1 if cut >= 0 else start - limit
    if clipped_after:
        cut = text.rfind(" ", end, end + limit)
        para_end = cut if cut > end else end + limit
    return QuoteContext(
        before=text[para_start:start],
        quote=text[start:end],
        after=text[end:para_end],
        clipped_before=clipped_before,
        clipped_after=clipped_after,
        vocabulary=nearby_vocabulary(text, start, end),
    )


def context_markdown(ctx: QuoteContext) -> str:
    """Escaped markdown of the paragraph with the quote in bold (the only markup is ours)."""
    before = readable(ctx.before, ctx.vocabulary)
    quote = readable(ctx.quote, ctx.vocabulary)
    after = readable(ctx.after, ctx.vocabulary)
    parts = []
    if ctx.clipped_before:
        parts.append("… ")
    if before:
        parts.append(md(before) + " ")
    parts.append(f"**{md(quote)}**" if quote else "")
    if after:
        joiner = "" if after[:1] in ",.;:!?)”’" else " "
        parts.append(joiner + md(after))
    if ctx.clipped_after:
        parts.append(" …")
    return "".join(parts)


def count_of(n: int, one: str, many: str) -> str:
    """ "1 candidate link", "3 candidate links": a count with the right noun."""
    return f"{n} {one if n == 1 else many}"


def format_date(value: datetime | date | str | None) -> str:
    if not value:
        return "undated"
    if isinstance(value, str):
        return value[:10]
    return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()


# -- Ask ------------------------------------------------------------------------------------


@dataclass
class CitationCard:
    """One numbered citation as the Ask page shows it."""

    n: int
    title: str
    author: str
    date: str
    url: str | None
    stance: str
    claim_id: str | None
    doc_id: str
    quote: str
    context: QuoteContext | None
    verified: bool
    start: int = 0
    end: int = 0


def citation_cards(service: MapService, citations: list[Citation]) -> list[CitationCard]:
    """Citations with their paragraphs, re-checked against the stored text as they are shown."""
    texts: dict[str, str | None] = {}
    cards = []
    for cit in citations:
        if cit.doc_id not in texts:
            doc = service.document(cit.doc_id)
            texts[cit.doc_id] = doc.text if doc else None
        text = texts[cit.doc_id]
        verified = text is not None and text[cit.start : cit.end] == cit.quote
        context = quote_context(text, cit.start, cit.end) if text is not None and verified else None
        cards.append(
            CitationCard(
                n=cit.n,
                title=cit.title or cit.doc_id,
                author=cit.author or "unattributed",
                date=format_date(cit.published),
                url=safe_url(cit.url),
                stance=cit.stance,
                claim_id=cit.claim_id,
                doc_id=cit.doc_id,
                quote=cit.readable,
                context=context,
                verified=verified,
                start=cit.start,
                end=cit.end,
            )
        )
    return cards


def positions_table(answer: Answer) -> list[dict]:
    """The sides of an answer: who holds each position and which citations carry it."""
    return [
        {
            "position": index,
            "label": pos.label,
            "authors": ", ".join(pos.authors) or "unattributed",
            "citations": " ".join(f"[{n}]" for n in pos.citations),
        }
        for index, pos in enumerate(answer.positions, 1)
    ]


# -- Claim inspector --------------------------------------------------------------------------


@dataclass
class RelationGroup:
    heading: str
    type: str
    direction: str
    items: list = field(default_factory=list)

    @property
    def asserted(self) -> bool:
        return self.type != "related"


def relation_groups(view: ClaimView) -> list[RelationGroup]:
    """The claim's relations grouped as the inspector lists them: supports first, and so on,
    with every unverified candidate, either direction, in one last group."""
    groups: dict[tuple[str, str], RelationGroup] = {}
    for rel_type, (incoming, outgoing) in RELATION_LABELS.items():
        groups[(rel_type, "in")] = RelationGroup(incoming, rel_type, "in")
        groups[(rel_type, "out")] = RelationGroup(outgoing, rel_type, "out")
    candidates = RelationGroup(CANDIDATE_HEADING, "related", "both")
    for rel in view.relations:
        if not rel.asserted:
            candidates.items.append(rel)
            continue
        key = (rel.type, rel.direction)
        if key not in groups:
            groups[key] = RelationGroup(f"{rel.type} ({rel.direction})", rel.type, rel.direction)
        groups[key].items.append(rel)
    return [g for g in [*groups.values(), candidates] if g.items]


def evidence_caption(rel: RelationView, title: str = "") -> str:
    """Escaped markdown naming a relation's evidence: its kind, where, and what it means."""
    ev = rel.evidence
    if ev is None:
        return "evidence: none recorded, so it is not counted"
    where = f" in {md(title or ev.doc_id)}" if ev.doc_id else ""
    if ev.doc_id and ev.end > ev.start:
        where += f", characters {ev.start}–{ev.end}"
    meaning = EVIDENCE_KINDS.get(ev.kind, ev.kind)
    status = "" if rel.asserted else f" · {md(CANDIDATE_LABEL)}"
    return f"evidence: {md(ev.kind)} ({md(meaning)}){where}{status}"


def evidence_markdown(text: str | None, ev: EvidenceView | None) -> str | None:
    """The evidence span in bold inside its paragraph, escaped; None when it cannot be shown
    as the stored text (no span, document gone, or the span no longer matches)."""
    if ev is None or text is None or ev.end <= ev.start or text[ev.start : ev.end] != ev.quote:
        return None
    return context_markdown(quote_context(text, ev.start, ev.end, EVIDENCE_CONTEXT_CHARS))


def cruxes_of(claim_id: str, cruxes: list[Crux]) -> list[tuple[Crux, str]]:
    """The cruxes this claim belongs to, and on which footing: the crux itself, for or against."""
    found = []
    for crux in cruxes:
        if crux.claim_id == claim_id:
            found.append((crux, "is the crux"))
        elif claim_id in crux.for_:
            found.append((crux, "for"))
        elif claim_id in crux.against:
            found.append((crux, "against"))
    return found


def claim_choice_label(claim: Claim | ClaimView, limit: int = 90) -> str:
    """A select-box option for a claim (options render as plain text, never markdown)."""
    text = " ".join(claim.text.split())
    text = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    who = claim.author or "unattributed"
    return f"{text} ({who}, {claim.id})"


# -- Cruxes -----------------------------------------------------------------------------------


@dataclass
class CruxSide:
    claim_id: str
    text: str
    author: str


@dataclass
class CruxCard:
    rank: int
    crux: Crux
    author: str
    for_: list[CruxSide]
    against: list[CruxSide]


def crux_cards(cruxes: list[Crux], claims: dict[str, Claim]) -> list[CruxCard]:
    """Each crux with the claims on both sides resolved to their text and author."""

    def side(ids: list[str]) -> list[CruxSide]:
        return [
            CruxSide(cid, claims[cid].text, claims[cid].author or "unattributed")
            for cid in ids
            if cid in claims
        ]

    cards = []
    for rank, crux in enumerate(cruxes, 1):
        own = claims.get(crux.claim_id)
        cards.append(
            CruxCard(
                rank=rank,
                crux=crux,
                author=(own.author if own else "") or "unattributed",
                for_=side(crux.for_),
                against=side(crux.against),
            )
        )
    return cards


def author_crux_table(cards: list[CruxCard]) -> tuple[list[str], list[dict]]:
    """Who stands where: one row per author, one column per crux ("for", "against", "both")."""
    columns = [f"#{card.rank}" for card in cards]
    stands: dict[str, dict[str, str]] = {}

    def mark(author: str, column: str, side: str) -> None:
        row = stands.setdefault(author, {})
        current = row.get(column)
        row[column] = side if current in (None, side) else "both"

    for card, column in zip(cards, columns, strict=True):
        mark(card.author, column, "for")
        for item in card.for_:
            mark(item.author, column, "for")
        for item in card.against:
            mark(item.author, column, "against")
    rows = [
        {"author": author, **{c: stands[author].get(c, "") for c in columns}}
        for author in sorted(stands, key=str.casefold)
    ]
    return columns, rows


# -- Library ----------------------------------------------------------------------------------


def document_rows(
    documents: list[DocumentView],
    claims: dict[str, Claim] | None = None,
    relations: Sequence[Relation] = (),
) -> list[dict]:
    """The Library page's document table (plain cells: tables never render markup), with
    each document's claims, the asserted relations touching them and the candidates."""
    stats = document_stats(claims or {}, relations)
    return [
        {
            "id": doc.id,
            "title": " ".join(doc.title.split()),
            "authors": ", ".join(doc.authors),
            "published": format_date(doc.published),
            "kind": doc.kind,
            **stats.get(doc.id, {"claims": 0, "relations": 0, "candidates": 0}),
            "chars": doc.chars,
            "source": doc.origin,
        }
        for doc in documents
    ]


def document_stats(claims: dict[str, Claim], relations: Sequence[Relation]) -> dict[str, dict]:
    """Per document: its claims, asserted relations and unverified candidates touching them
    (a relation between two documents counts for both)."""
    stats: dict[str, dict] = {}
    for claim in claims.values():
        row = stats.setdefault(claim.doc_id, {"claims": 0, "relations": 0, "candidates": 0})
        row["claims"] += 1
    for rel in relations:
        docs = {claims[c].doc_id for c in (rel.source, rel.target) if c in claims}
        for doc_id in docs:
            stats[doc_id]["relations" if rel.asserted else "candidates"] += 1
    return stats


def map_totals(relations: Sequence[Relation]) -> tuple[int, int]:
    """(asserted relations, unverified candidates) in a list of relations."""
    asserted = sum(1 for r in relations if r.asserted)
    return asserted, len(relations) - asserted


# -- Export -----------------------------------------------------------------------------------

EXPORT_MIME: dict[str, str] = {
    ".graphml": "application/xml",
    ".gexf": "application/xml",
    ".json": "application/json",
    ".cyjs": "application/json",
    ".csv": "text/csv",
    ".bib": "application/x-bibtex",
}


def export_filename(fmt: str, extension: str, scope: str) -> str:
    suffix = "-relations" if fmt == "relations-csv" else ("-aif" if fmt == "aif" else "")
    suffix = "-csl" if fmt == "csljson" else suffix
    return f"cruxmap-{scope}{suffix}{extension}"


def export_view(
    service: MapService, fmt: str, claim_ids: set[str] | None = None, candidates: bool = False
) -> str | bytes:
    """The whole map through `MapService.export`, or only the given claims and their links.

    The subset keeps relations whose two ends are both kept, and the documents those claims
    come from, so a filtered GraphML or BibTeX describes exactly what the Map page showed.
    Unverified candidates are exported (marked) only when `candidates` is true.
    """
    return service.export(fmt, claim_ids, candidates=candidates)
