"""Typed input, state and output of the analysis graph, and the runtime context.

State holds only ids and counts: documents and claims live in SQLite, so a checkpoint stays
small and a resumed run reads the truth from the library rather than from a stale copy.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Annotated

from pydantic import ConfigDict
from pydantic.json_schema import SkipJsonSchema
from typing_extensions import TypedDict

from assistant.analysis.tuning import NEIGHBOURS
from assistant.models import ClaimDraft, RelationDraft
from assistant.workspace import Workspace, studio_workspace


@dataclass
class AnalysisContext:
    """The workspace a run reads and writes (its library, map store, analyst and indexes),
    and how many nearest claims each claim is compared with.

    Callers always pass their workspace; the default is LangGraph Studio's, which runs the
    exported graph without one (see `studio_workspace`).
    """

    # A workspace is an open object, not data: Studio's context form shows only the rest.
    __pydantic_config__ = ConfigDict(arbitrary_types_allowed=True)
    workspace: SkipJsonSchema[Workspace] = field(default_factory=studio_workspace)
    neighbours: int = NEIGHBOURS


class AnalysisInput(TypedDict, total=False):
    doc_ids: list[str]


class AnalysisState(TypedDict, total=False):
    doc_ids: list[str]
    skipped: int
    extracted: Annotated[list[str], operator.add]
    failed: Annotated[list[dict], operator.add]
    linked: Annotated[list[str], operator.add]
    notes: Annotated[list[str], operator.add]
    analysed: int
    documents: int
    claims: int
    relations: int
    candidates: int


class AnalysisOutput(TypedDict):
    """What this run did (analysed, skipped, failed) apart from the map totals."""

    analysed: int
    skipped: int
    failed: list[dict]
    documents: int
    claims: int
    relations: int
    candidates: int
    notes: list[str]


class BatchState(TypedDict, total=False):
    """A run of documents that one task of a fan-out takes through its subgraph in turn."""

    doc_ids: list[str]


class DocumentState(TypedDict, total=False):
    """One document's trip through extraction (a subgraph run per document)."""

    doc_id: str
    sentences: int
    drafts: list[ClaimDraft]
    internal: list[RelationDraft]
    notes: Annotated[list[str], operator.add]
    extracted: list[str]
    failed: list[dict]


class LinkState(TypedDict, total=False):
    """One document's claims looking for partners in the rest of the map."""

    doc_id: str
    pairs: list[dict]
    citations: list[dict]
    cited: list[dict]
    typed: list[dict]
    notes: Annotated[list[str], operator.add]
    linked: list[str]
