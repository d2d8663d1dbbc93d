"""Links from citation statements: a sentence that cites a library document with a stance.

A citation says, in words a reader can check, which work a sentence is about; its stance
(`assistant.citations.classify_stance`) says whether it disputes or rests on it. So a
contrasting citation is an `attacks` relation and a supporting one a `supports` relation,
from the citing claim to the cited document's best-matching claim, with the citation marker
as evidence. A citation that only mentions a work, or whose cited document holds no claim
close enough to the citing sentence, is kept as a document-level record ("cites: <title>")
and links no claims.
"""

from __future__ import annotations

import numpy as np

from assistant.citations import find_citations
from assistant.citationstore import CitationRecord
from assistant.models import Claim, Evidence, Relation
from assistant.workspace import Workspace
from ingest.models import Document

#: The cited document's claim must be at least this similar to the citing claim to be the one
#: the citation answers; otherwise the citation links documents only.
CITED_FLOOR = 0.4

_RELATION = {"contrasting": "attacks", "supporting": "supports"}


def citation_links(
    workspace: Workspace, doc: Document, claims: list[Claim], vectors: np.ndarray, nearest_in
) -> tuple[list[CitationRecord], list[Relation]]:
    """The document's citation records, and the relations its stanced citations assert.

    `vectors` are `claims`' vectors (same order); `nearest_in(doc_id, vectors)` gives each
    vector's nearest claims in another document, as (claim id, similarity, meta) lists.
    """
    resolver = workspace.indexes().resolver
    citations = find_citations(doc.id, doc.text, doc.links)
    found = [(c, resolver.locate(c)) for c in citations]
    records = [CitationRecord.from_citation(c, where) for c, where in found]
    relations: list[Relation] = []
    for citation, where in found:
        kind = _RELATION.get(citation.stance)
        if where is None or kind is None:
            continue
        for row, claim in enumerate(claims):
            if claim.end <= citation.sentence_start or claim.start >= citation.sentence_end:
                continue
            target = _cited_claim(workspace, where, vectors[row : row + 1], nearest_in)
            if target is None:
                continue
            relations.append(
                Relation(
                    source=claim.id,
                    target=target,
                    type=kind,
                    rationale=(
                        f"a {citation.stance} citation of '{citation.label}'"
                        + (f" ('{citation.cue}')" if citation.cue else "")
                    ),
                    confidence=0.7,
                    analyst="offline",
                    evidence=Evidence(
                        kind="quotation" if citation.kind == "quotation" else "citation",
                        doc_id=doc.id,
                        start=citation.marker_start,
                        end=citation.marker_end,
                    ),
                )
            )
    return records, relations


def _cited_claim(workspace: Workspace, where, vector: np.ndarray, nearest_in) -> str | None:
    """The claim of the cited document the citation answers: the one holding the quoted
    words, else the nearest to the citing claim if it is near enough."""
    if where.start is not None:
        for other in workspace.store.claims(where.doc_id):
            if other.start <= where.start < other.end:
                return other.id
    hits = nearest_in(where.doc_id, vector)[0]
    if hits and hits[0][1] >= CITED_FLOOR:
        return hits[0][0]
    return None
