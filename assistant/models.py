"""The argument map's records: claims grounded in document spans, and typed relations.

A claim is only ever stored with `quote == document.text[start:end]`; `grounding.py` enforces
it. Drafts are what analysts propose; they become claims only after the grounding check.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

ClaimKind = Literal["empirical", "normative", "prediction", "conceptual", "methodological"]
RelationType = Literal["supports", "attacks", "depends_on", "responds_to", "same_as", "related"]
#: Types a relation can be asserted as. `related` is the one type that is not: it marks an
#: unverified candidate (similar claims of different documents) that nothing may count.
ASSERTED_TYPES: tuple[RelationType, ...] = (
    "supports",
    "attacks",
    "depends_on",
    "responds_to",
    "same_as",
)
RELATION_TYPES: tuple[RelationType, ...] = (*ASSERTED_TYPES, "related")

#: What carries a relation: the text of a document says so (a connective inside one text, a
#: citation, link or named author with a reporting verb, a quotation, a reply to a parent
#: comment), a lexical clash inside such a reply, an LLM that quoted its evidence, or, for
#: unverified candidates only, embedding similarity.
EvidenceKind = Literal[
    "discourse", "citation", "quotation", "reply", "lexical", "llm", "similarity"
]


class ClaimDraft(BaseModel):
    """A claim an analyst proposes: offsets into the document text plus its reading of it."""

    start: int
    end: int
    quote: str
    text: str
    kind: ClaimKind = "conceptual"
    hedged: bool = False
    confidence: float = 0.5
    markers: list[str] = Field(default_factory=list)


class Claim(BaseModel):
    id: str
    doc_id: str
    start: int
    end: int
    quote: str
    text: str
    kind: ClaimKind
    hedged: bool = False
    confidence: float = 0.5
    markers: list[str] = Field(default_factory=list)
    author: str = ""
    published: datetime | None = None
    title: str = ""
    url: str | None = None


class Evidence(BaseModel):
    """The span of a stored document that makes a relation a fact, and what kind of span.

    `doc_id`/`start`/`end` point into the document text (usually the later claim's
    document), so a reader can check the evidence exactly as they check a quote.
    """

    kind: EvidenceKind
    doc_id: str = ""
    start: int = 0
    end: int = 0


class RelationDraft(BaseModel):
    """A typed link proposed between two claims, by index or id, with the reason for it.

    `evidence` is the span that carries it (offsets into the text the analyst was given);
    an analyst that cannot point at one proposes nothing, or at most a `related` candidate.
    """

    source: str
    target: str
    type: RelationType
    rationale: str
    confidence: float = 0.5
    evidence: Evidence | None = None


class Relation(BaseModel):
    source: str
    target: str
    type: RelationType
    rationale: str
    confidence: float = 0.5
    analyst: str = "offline"
    evidence: Evidence | None = None

    @property
    def asserted(self) -> bool:
        """Whether the map may count this relation: a real type backed by textual evidence.

        Similarity never asserts; a relation stored without evidence (only possible in a map
        made before evidence was recorded) is not trusted either.
        """
        return (
            self.type != "related"
            and self.evidence is not None
            and self.evidence.kind != "similarity"
        )


class Flag(BaseModel):
    claim_id: str
    kind: Literal["unsupported_load_bearing", "assumed_not_argued", "unhedged_universal"]
    why: str


class Crux(BaseModel):
    claim_id: str
    text: str
    score: float
    for_: list[str] = Field(default_factory=list, alias="for")
    against: list[str] = Field(default_factory=list)
    why: str

    model_config = {"populate_by_name": True}
