"""Records that cross the boundaries between parsers, the library, the CLI and the UI.

Parsers produce `ParsedDocument`s and know nothing about storage; the library turns them into
`Document`s with stable ids and content hashes. Keeping the two apart lets a parser be tested
on bytes alone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

SourceKind = Literal["feed", "pdf", "notes", "text", "html", "arxiv", "forum"]


class InputKind(StrEnum):
    """What an input to `cruxmap ingest --kind` is; `auto` decides by its content."""

    auto = "auto"
    feed = "feed"
    opml = "opml"
    pdf = "pdf"
    notes = "notes"
    text = "text"
    html = "html"
    bibtex = "bibtex"
    csljson = "csljson"
    zotero = "zotero"
    ard = "ard"


class Link(BaseModel):
    """A hyperlink kept from the source: its anchor text is `text[start:end]` of the CLEAN
    stored text, so nothing has to render HTML to show it and anyone can check the offsets.

    Links are the strongest cross-document evidence a post carries ("as [this post] shows"),
    which is why ingest keeps them instead of flattening them into words.
    """

    start: int
    end: int
    href: str


class DocumentBase(BaseModel):
    """What a document says about itself, the same before and after the library stores it.

    `identity` is what makes two versions of the same thing the same document: a feed item's
    guid or link, an arXiv id without its version, a file's resolved path. Re-ingesting the
    same identity with different text updates the document instead of duplicating it.
    """

    kind: SourceKind
    identity: str
    title: str
    text: str
    url: str | None = None
    authors: list[str] = Field(default_factory=list)
    published: datetime | None = None
    source: str = ""
    source_feed: str | None = None
    meta: dict[str, str] = Field(default_factory=dict)
    page_starts: list[int] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    reply_to: str | None = None
    #: The identity of the document this one answers within its own thread (a forum
    #: comment's post or parent comment), kept even when that parent is not stored (a
    #: deleted comment); `reply_to` is the parent's URL, which is what links across sources.
    parent_identity: str | None = None


class ParsedDocument(DocumentBase):
    """One document as a parser read it, before the library gives it an id."""


class Document(DocumentBase):
    """A stored document: SQLite is its source of truth, Chroma holds its chunk vectors."""

    id: str
    content_hash: str
    added_at: datetime | None = None

    @property
    def chars(self) -> int:
        return len(self.text)

    def page_of(self, offset: int) -> int:
        """1-based page holding a char offset; 1 for documents without pages."""
        page = 1
        for number, start in enumerate(self.page_starts, start=1):
            if start <= offset:
                page = number
        return page


class Chunk(BaseModel):
    """A span of a document that is embedded and searched; `text == doc.text[start:end]`."""

    id: str
    doc_id: str
    start: int
    end: int
    text: str


class FailedInput(BaseModel):
    source: str
    error: str


class IngestReport(BaseModel):
    """The CLI contract's ingest result: what changed, and one line per input that failed."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[FailedInput] = Field(default_factory=list)


class SourceEvent(BaseModel):
    """What the CLI and UI show per source: progress bars and the result table."""

    source: str
    status: str
    detail: str = ""


Reporter = Callable[[SourceEvent], None]


class SearchHit(BaseModel):
    doc_id: str
    start: int
    end: int
    text: str
    score: float
    title: str
    url: str | None = None


class IngestError(Exception):
    """An expected failure of one input: the message is the one line the user sees."""
