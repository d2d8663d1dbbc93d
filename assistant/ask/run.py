"""Asking from the CLI or the UI."""

from __future__ import annotations

from assistant.ask.graph import graph
from assistant.ask.models import Answer
from assistant.ask.state import AskContext
from assistant.workspace import Workspace


def ask(workspace: Workspace, question: str) -> Answer:
    """The verified answer to `question` from `workspace`'s library, composed by its LLM."""
    result = graph.invoke({"question": question}, context=AskContext(workspace=workspace))
    return result["answer"]
