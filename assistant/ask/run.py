"""Asking from the CLI or the UI."""

from __future__ import annotations

from assistant.ask.graph import graph
from assistant.ask.models import Answer
from assistant.ask.state import AskContext
from assistant.workspace import Workspace
from ingest.config import Settings


def ask(workspace: Workspace | Settings, question: str, llm: str | None = None) -> Answer:
    """The verified answer to `question` from `workspace`'s library, composed by its `llm`.

    Settings (with `llm`) is the old signature, kept only until ui/views/ask.py passes the
    session's workspace: it opens a workspace for this one question and closes it.
    """
    if isinstance(workspace, Settings):
        with Workspace.open(workspace.home, workspace.allow_private, llm) as opened:
            return ask(opened, question)
    result = graph.invoke({"question": question}, context=AskContext(workspace=workspace))
    return result["answer"]
