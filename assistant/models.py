"""The argument map's records: claims grounded in document spans, and typed relations.

A claim is only ever stored with `quote == document.text[start:end]`; `grounding.py` enforces
it. Drafts are what analysts propose; they become claims only after the grounding check.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

ClaimKind = Literal["empirical", "normative", "prediction", "conceptual", "methodological"]
RelationType = Literal["supports", "attacks", "depends_on", "responds_to", "same_as"]
RELATION_TYPES: tuple[RelationType, ...] = (
    "supports",
    "attacks",
    "depends_on",
    "responds_to",
    "same_as",
)


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


class RelationDraft(BaseModel):
    """A typed link proposed between two claims, by index or id, with the reason for it."""

    source: str
    target: str
    type: RelationType
    rationale: str
    confidence: float = 0.5


class Relation(BaseModel):
    source: str
    target: str
    type: RelationType
    rationale: str
    confidence: float = 0.5
    analyst: str = "offline"


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
