"""What `ask` returns (the CLI contract's shape, plus the positions and exchanges behind it)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.models import Evidence


class Citation(BaseModel):
    n: int
    doc_id: str
    claim_id: str | None = None
    start: int
    end: int
    quote: str
    #: The quote as shown to a reader (PDF line breaks and line-end hyphens undone); `quote`
    #: stays the verbatim span every check compares. Empty in answers saved before it.
    shown: str = ""
    title: str = ""
    url: str | None = None
    author: str = ""
    published: str | None = None
    stance: str = "context"

    @property
    def readable(self) -> str:
        return self.shown or self.quote


class Position(BaseModel):
    label: str
    authors: list[str]
    citations: list[int]


class Exchange(BaseModel):
    """Two claims of different people that answer one another, and the text that shows it."""

    claim: int
    response: int
    type: str
    evidence: Evidence | None = None


class Agreement(BaseModel):
    """A claim backed across authors; dissent, where the map has any, is named, not hidden."""

    claim: int
    backers: list[str]
    dissent: list[int] = Field(default_factory=list)


class Balance(BaseModel):
    sides: dict[str, int] = Field(default_factory=dict)
    authors: dict[str, int] = Field(default_factory=dict)
    lopsided: bool = False
    statement: str = ""


class Answer(BaseModel):
    question: str
    answer: str
    abstained: bool
    mirror_question: str
    #: Why it abstained: off_topic, brushing (the words occur, the subject is not discussed)
    #: or unverified (no quote survived verification); empty when it answered.
    abstain_reason: str = ""
    citations: list[Citation] = Field(default_factory=list)
    positions: list[Position] = Field(default_factory=list)
    exchanges: list[Exchange] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    balance: Balance = Field(default_factory=Balance)
    #: Whether the map holds an asserted attack between different people among the evidence;
    #: only then does the answer speak of positions, attacks or an evidence balance.
    disputed: bool = False
    nearest: list[Citation] = Field(default_factory=list)
    dropped: list[str] = Field(default_factory=list)
    sentences: list[str] = Field(default_factory=list)
    generated: bool = False
