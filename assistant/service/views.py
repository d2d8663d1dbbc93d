"""The view models the service hands to the CLI and the UI: plain pydantic records, no methods
that reach back into a store, so a page renders them and a command prints them as JSON.

Every relation a reader sees carries its evidence: the kind of text that makes it a fact and
that span of a stored document, quoted (`quote == document.text[start:end]`, checkable like a
claim's quote). A relation that is not asserted (an unverified candidate) is shown as type
`related` with `asserted=False`, whatever an analyst once proposed, so nothing downstream
reads a candidate as agreement or disagreement.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field

from assistant.export import CANDIDATE_LABEL
from assistant.models import ASSERTED_TYPES, Claim, Crux, Flag, Relation
from assistant.topics import Topic
from ingest.models import IngestReport, SourceEvent

#: The edge key and shown type of an unverified candidate (see the module docstring).
CANDIDATE_TYPE = "related"
#: How many claims the Map draws unless the reader asks for more, and the most it ever draws.
#: Thirty keeps every caption readable at the default zoom of a 640-pixel-high drawing.
DEFAULT_MAX_NODES = 30
HARD_MAX_NODES = 400


# -- claims and what links them -----------------------------------------------------------------


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


# -- documents ----------------------------------------------------------------------------------


class DocumentView(BaseModel):
    """A stored document as a listing shows it: what it is and where it came from, not its
    text (a library of long PDFs would otherwise be read whole to draw a table)."""

    id: str
    title: str
    authors: list[str] = Field(default_factory=list)
    published: datetime | None = None
    kind: str
    chars: int
    url: str | None = None
    #: Where it came from: the feed it arrived through, else its URL, else its path.
    origin: str = ""


class DocumentText(BaseModel):
    """A stored document's title and text, for showing a quote or an evidence span in its
    paragraph and checking it against the stored text at its offsets."""

    id: str
    title: str
    text: str


# -- the map as a graph -------------------------------------------------------------------------


class MapData(BaseModel):
    """The whole map of one map version, read once (treat it as read-only).

    It carries the networkx graph itself because the Map page draws it: the drawing component
    takes its nodes and edges with their attributes, and the filter widgets read the authors
    and dates off its nodes.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    claims: dict[str, Claim]
    relations: list[Relation]
    graph: nx.MultiDiGraph
    cruxes: list[Crux]

    @property
    def crux_scores(self) -> dict[str, float]:
        return {c.claim_id: c.score for c in self.cruxes}


class MapFilters(BaseModel):
    """What the reader asked to see of the map. Empty lists mean "no restriction"."""

    authors: list[str] = Field(default_factory=list)
    doc_ids: list[str] = Field(default_factory=list)
    types: list[str] = Field(default_factory=list)
    since: date | None = None
    until: date | None = None
    topic: str = ""
    focus: str | None = None
    radius: int = 1
    max_nodes: int = DEFAULT_MAX_NODES
    candidates: bool = False

    def relation_types(self) -> list[str]:
        """The edge types to draw: the chosen asserted types, plus candidates if asked for."""
        chosen = [t for t in (self.types or ASSERTED_TYPES) if t != CANDIDATE_TYPE]
        return [*chosen, CANDIDATE_TYPE] if self.candidates else chosen


class MapView(BaseModel):
    """The bounded part of the map to draw, and how much of the map it leaves out."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    graph: nx.MultiDiGraph
    total: int
    matched: int
    focus: str | None = None
    hidden_candidates: int = 0

    @property
    def shown(self) -> int:
        return self.graph.number_of_nodes()

    @property
    def hidden(self) -> int:
        return self.matched - self.shown


# -- library jobs -------------------------------------------------------------------------------


class JobResult(BaseModel):
    """What a library job started from the UI did: the ingest report, the latest event per
    source (the result table), the map totals after the analysis, or one error message."""

    report: IngestReport = Field(default_factory=IngestReport)
    rows: list[SourceEvent] = Field(default_factory=list)
    analysis: dict[str, Any] = Field(default_factory=dict)
    error: str | None = None

    @property
    def summary(self) -> str:
        r = self.report
        text = (
            f"added {r.added}, updated {r.updated}, unchanged {r.unchanged}, failed {len(r.failed)}"
        )
        if self.analysis:
            text += (
                f"; map: {self.analysis.get('claims', 0)} claims, "
                f"{self.analysis.get('relations', 0)} relations"
            )
            stopped = self.analysis.get("stopped")
            if stopped:
                text += f"; analysis stopped early ({stopped.get('message', '')}), the next run resumes it"
            usage = self.analysis.get("usage")
            if usage is not None:
                line = usage.line() if hasattr(usage, "line") else str(usage)
                text += f"; {line}"
        return text


# -- starting points, topics, documents and debates (the reading views) -------------------------


class ClaimSummary(BaseModel):
    """A claim in a list a reader picks from: enough to recognise it and know why it is listed."""

    id: str
    doc_id: str
    text: str
    start: int = 0
    end: int = 0
    author: str = ""
    published: datetime | None = None
    crux_score: float = 0.0
    #: Claims resting on it plus claims holding it up, directly or not (the dependency view).
    load: int = 0
    why: str = ""


class StartingPoints(BaseModel):
    """What the Claim inspector opens on before a claim is chosen."""

    cruxes: list[ClaimSummary] = Field(default_factory=list)
    load_bearing: list[ClaimSummary] = Field(default_factory=list)


class TopicLink(BaseModel):
    """Asserted relations of one type from claims of one topic to claims of another."""

    source: str
    target: str
    type: str
    count: int


class TopicMap(BaseModel):
    """The library as topics (see assistant/topics.py) and the asserted links between them."""

    topics: list[Topic]
    links: list[TopicLink] = Field(default_factory=list)
    claims: int = 0

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def topic_of(self, claim_id: str) -> Topic | None:
        return next((t for t in self.topics if claim_id in t.claim_ids), None)


class DocumentRef(BaseModel):
    """Another document, as a line that links to the reader."""

    doc_id: str
    title: str
    authors: list[str] = Field(default_factory=list)
    published: datetime | None = None
    how: str = ""


class TextSegment(BaseModel):
    """A run of a document's text: plain, or one claim's quote (claims never overlap here)."""

    start: int
    end: int
    claim_id: str | None = None
    kind: str | None = None


class ReaderCitation(BaseModel):
    """A citing sentence of the document and what it points at, in the library or not."""

    sentence_start: int
    sentence_end: int
    kind: str
    stance: str
    label: str
    url: str | None = None
    target: DocumentRef | None = None
    #: Where a quotation's words stand in the target document, when they were found.
    target_start: int | None = None
    target_end: int | None = None


class DocumentPage(BaseModel):
    """Everything the document reader shows: the clean text with its claims in place, what
    it cites and who cites it, its discussion thread, and every address it is known by."""

    id: str
    title: str
    authors: list[str] = Field(default_factory=list)
    published: datetime | None = None
    kind: str
    text: str
    urls: list[str] = Field(default_factory=list)
    meta: dict[str, str] = Field(default_factory=dict)
    origin: str = ""
    paragraphs: list[list[TextSegment]] = Field(default_factory=list)
    claims: list[ClaimSummary] = Field(default_factory=list)
    cites: list[ReaderCitation] = Field(default_factory=list)
    cited_by: list[DocumentRef] = Field(default_factory=list)
    replies_to: list[DocumentRef] = Field(default_factory=list)
    replies: list[DocumentRef] = Field(default_factory=list)


class DebateClaim(BaseModel):
    """One claim on a side of a debate, with what places it there."""

    id: str
    doc_id: str
    title: str = ""
    quote: str
    author: str = ""
    published: datetime | None = None
    #: How it bears on the subject ("attacks the crux", "supports a claim against it").
    link: str = ""
    evidence: EvidenceView | None = None


class DebateSide(BaseModel):
    label: str
    authors: list[str] = Field(default_factory=list)
    claims: list[DebateClaim] = Field(default_factory=list)


class Exchange(BaseModel):
    """One move in the debate: a claim answering another, with its evidence, dated."""

    published: datetime | None = None
    source: DebateClaim
    target: DebateClaim
    type: str


class MindChanger(BaseModel):
    """A sentence in which an author says what would change their mind, or names a crux."""

    claim_id: str | None = None
    doc_id: str
    start: int
    end: int
    quote: str
    author: str = ""
    title: str = ""


class Debate(BaseModel):
    """The sides of a crux or a topic, who answered whom, and what would change a mind.

    `established` is False when the library holds no disagreement on textual evidence
    here; the view then says so instead of inventing sides.
    """

    subject: str
    subject_claim: DebateClaim | None = None
    established: bool
    note: str = ""
    sides: list[DebateSide] = Field(default_factory=list)
    exchanges: list[Exchange] = Field(default_factory=list)
    mind_changers: list[MindChanger] = Field(default_factory=list)
