"""Asking from the CLI or the UI."""

from __future__ import annotations

from assistant.ask.graph import graph
from assistant.ask.models import Answer
from assistant.ask.state import AskContext
from ingest.config import Settings


def ask(settings: Settings, question: str, llm: str | None = None) -> Answer:
    result = graph.invoke(
        {"question": question}, context=AskContext(home=str(settings.home), llm=llm)
    )
    return Answer(**result["answer"])
