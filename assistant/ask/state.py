"""Typed input, state and output of the ask graph, and its runtime context.

The state holds the pydantic models the nodes make (the plan, the retrieval, the evidence,
the answer), so a node reads fields, not dictionary keys, and nothing is re-parsed on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ConfigDict
from pydantic.json_schema import SkipJsonSchema
from typing_extensions import TypedDict

from assistant.ask.models import Answer
from assistant.ask.question import QuestionPlan
from assistant.ask.retrieve import Evidence, Retrieval
from assistant.models import Relation
from assistant.workspace import Workspace, studio_workspace


@dataclass
class AskContext:
    """The workspace a question is asked of: its map, its retriever and its `llm` (None:
    the extractive, offline answer).

    Callers always pass their workspace; the default is LangGraph Studio's, which runs the
    exported graph without one (see `studio_workspace`).
    """

    # A workspace is an open object, not data: Studio's context form shows only the rest.
    __pydantic_config__ = ConfigDict(arbitrary_types_allowed=True)
    workspace: SkipJsonSchema[Workspace] = field(default_factory=studio_workspace)


class AskInput(TypedDict):
    question: str


class AskState(TypedDict, total=False):
    question: str
    plan: QuestionPlan
    retrieval: Retrieval
    evidence: list[Evidence]
    relations: list[Relation]
    sides: dict[str, int]
    #: Why the library does not address the question: off_topic | brushing (see
    #: compose.ABSTENTIONS); "" when it does. The one edge after gather_evidence reads it.
    abstain_reason: str
    answer: Answer


class AskOutput(TypedDict):
    answer: Answer
