"""Typed input, state and output of the ask graph, and its runtime context."""

from __future__ import annotations

from dataclasses import dataclass

from typing_extensions import TypedDict


@dataclass
class AskContext:
    home: str | None = None
    llm: str | None = None


class AskInput(TypedDict):
    question: str


class AskState(TypedDict, total=False):
    question: str
    plan: dict
    retrieval: dict
    evidence: list[dict]
    relations: list[dict]
    sides: dict[str, int]
    abstain: bool
    #: off_topic | brushing | unverified (see compose.ABSTENTIONS)
    abstain_reason: str
    answer: dict


class AskOutput(TypedDict):
    answer: dict
