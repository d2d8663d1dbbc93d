"""The document reader's view: a document's clean text with its claims in place.

A researcher checks whether the map got a text right by reading the text with the claims
marked where they stand, so the page gets the stored text cut into paragraphs and runs
(plain, or one claim's quote at its exact offsets), plus what the document cites (in the
library or not), which documents cite it, the thread it belongs to, and every address it
is known by. Nothing here renders anything: the page shows every run as escaped text.
"""

from __future__ import annotations

import re

from assistant.citationstore import CitationStore
from assistant.models import Claim
from assistant.service.views import (
    ClaimSummary,
    DocumentPage,
    DocumentRef,
    ReaderCitation,
    TextSegment,
)
from assistant.workspace import Workspace
from ingest.models import Document

_URL = re.compile(r"https?://[^\s<>\"'`]+")
_PARAGRAPH = re.compile(r"\n\s*\n")


def resolve_document(workspace: Workspace, doc_id: str) -> Document | None:
    """The document with this id, or the only one whose id starts with it."""
    doc = workspace.library.document(doc_id)
    if doc is None and doc_id:
        found = workspace.library.find_documents(doc_id)
        doc = found[0] if len(found) == 1 else None
    return doc


def document_page(workspace: Workspace, doc_id: str) -> DocumentPage | None:
    doc = resolve_document(workspace, doc_id)
    if doc is None:
        return None
    claims = workspace.store.claims(doc.id)
    scores = {c.claim_id: c.score for c in workspace.store.cruxes()}
    citations = CitationStore(workspace.library)
    replies_to, replies = thread_of(workspace, doc.id)
    return DocumentPage(
        id=doc.id,
        title=doc.title,
        authors=doc.authors,
        published=doc.published,
        kind=doc.kind,
        text=doc.text,
        urls=known_urls(doc),
        meta=doc.meta,
        origin=doc.source_feed or doc.url or doc.source,
        paragraphs=paragraphs(doc.text, claims),
        claims=[
            ClaimSummary(
                id=c.id,
                doc_id=c.doc_id,
                text=c.text,
                start=c.start,
                end=c.end,
                author=c.author,
                published=c.published,
                crux_score=scores.get(c.id, 0.0),
            )
            for c in sorted(claims, key=lambda c: c.start)
        ],
        cites=reader_citations(workspace, citations, doc.id),
        cited_by=citing_documents(workspace, citations, doc.id),
        replies_to=replies_to,
        replies=replies,
    )


def known_urls(doc: Document) -> list[str]:
    """Every http(s) address the document is known by: its URL, its identity, its source,
    its feed, and any address in its metadata (alternate links, PDF links), each once."""
    found: list[str] = []
    for value in (doc.url, doc.identity, doc.source, doc.source_feed, *doc.meta.values()):
        for url in _URL.findall(value or ""):
            url = url.rstrip(".,;)]")
            if url not in found:
                found.append(url)
    return found


def paragraphs(text: str, claims: list[Claim]) -> list[list[TextSegment]]:
    """The text as paragraphs of runs; a run is plain or the quote of one claim.

    Claims are placed at their offsets only when the stored quote still matches the text;
    where two claims overlap the earlier one keeps the span (the later is still listed).
    A claim that crosses a paragraph break is marked in both paragraphs.
    """
    placed: list[Claim] = []
    last_end = 0
    for claim in sorted(claims, key=lambda c: (c.start, -c.end)):
        if text[claim.start : claim.end] != claim.quote or claim.start < last_end:
            continue
        placed.append(claim)
        last_end = claim.end
    out: list[list[TextSegment]] = []
    cursor = 0
    bounds = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)] + [(len(text), len(text))]
    index = 0
    for gap_start, gap_end in bounds:
        runs: list[TextSegment] = []
        at = cursor
        while index < len(placed) and placed[index].start < gap_start:
            claim = placed[index]
            start = max(claim.start, cursor)
            if start > at:
                runs.append(TextSegment(start=at, end=start))
            end = min(claim.end, gap_start)
            runs.append(TextSegment(start=start, end=end, claim_id=claim.id, kind=claim.kind))
            at = end
            if claim.end > gap_start:
                break  # it goes on in the next paragraph
            index += 1
        if gap_start > at:
            runs.append(TextSegment(start=at, end=gap_start))
        if any(text[r.start : r.end].strip() for r in runs):
            out.append(runs)
        cursor = gap_end
    return out


def _ref(workspace: Workspace, doc_id: str, how: str = "") -> DocumentRef | None:
    doc = workspace.library.document(doc_id)
    if doc is None:
        return None
    return DocumentRef(
        doc_id=doc.id, title=doc.title, authors=doc.authors, published=doc.published, how=how
    )


def reader_citations(
    workspace: Workspace, citations: CitationStore, doc_id: str
) -> list[ReaderCitation]:
    """What the document cites or links, in text order; library targets as references."""
    refs: dict[str, DocumentRef | None] = {}
    out = []
    for r in citations.citations_of(doc_id):
        target = None
        if r.target_doc:
            if r.target_doc not in refs:
                refs[r.target_doc] = _ref(workspace, r.target_doc)
            target = refs[r.target_doc]
        out.append(
            ReaderCitation(
                sentence_start=r.sentence_start,
                sentence_end=r.sentence_end,
                kind=r.kind,
                stance=r.stance,
                label=r.target_title or r.target_url or "",
                url=r.target_url,
                target=target,
                target_start=r.target_start if target else None,
                target_end=r.target_end if target else None,
            )
        )
    out.sort(key=lambda c: (c.sentence_start, c.sentence_end))
    return out


def citing_documents(
    workspace: Workspace, citations: CitationStore, doc_id: str
) -> list[DocumentRef]:
    """Documents with a sentence citing this one, most citing sentences first."""
    counts: dict[str, int] = {}
    for r in citations.cited_by(doc_id):
        if r.doc_id != doc_id:
            counts[r.doc_id] = counts.get(r.doc_id, 0) + 1
    out = []
    for other, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        ref = _ref(workspace, other, f"{n} citing sentence{'s' if n != 1 else ''}")
        if ref:
            out.append(ref)
    return out


def thread_of(workspace: Workspace, doc_id: str) -> tuple[list[DocumentRef], list[DocumentRef]]:
    """The documents this one answers and the ones answering it: a comment's parent post,
    a note's `in_reply_to`, or a reply declared in the title or opening ("a reply to ...")."""
    dialogue = workspace.indexes().dialogue
    answers, answered_by = [], []
    for (later, earlier), engagement in dialogue.replies.items():
        if later == doc_id and (ref := _ref(workspace, earlier, engagement.cue)):
            answers.append(ref)
        elif earlier == doc_id and (ref := _ref(workspace, later, engagement.cue)):
            answered_by.append(ref)

    def by_date(refs: list[DocumentRef]) -> list[DocumentRef]:
        return sorted(refs, key=lambda r: (r.published is None, r.published or 0, r.title))

    return by_date(answers), by_date(answered_by)
