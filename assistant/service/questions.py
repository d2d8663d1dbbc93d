"""Questions asked from the UI: the verified answer, and the workspace's recent questions.

The answer is `assistant.ask.models.Answer` itself: it already is the pydantic record the
CLI prints as JSON, so a page renders the same fields the contract promises.
"""

from __future__ import annotations

from assistant import history
from assistant.ask.compose import speaker
from assistant.ask.models import Answer
from assistant.workspace import Workspace


def ask(workspace: Workspace, question: str) -> Answer:
    """Run the ask graph on `workspace` with its LLM (None: offline) and remember the
    question, so the Ask page offers it again after more sources are ingested."""
    # Imported here: compiling the graph takes a second and a half, which a page or command
    # that never asks should not pay.
    from assistant.ask.run import ask as run_ask

    answer = run_ask(workspace, question)
    history.remember_question(workspace.settings.home, question)
    return answer


def recent_questions(workspace: Workspace) -> list[str]:
    """The workspace's recent questions, latest first."""
    return history.recent_questions(workspace.settings.home)


def clear_questions(workspace: Workspace) -> None:
    history.clear_history(workspace.settings.home)


def exchange_lines(answer: Answer) -> list[str]:
    """Each exchange of the answer as a reader says it: "B [2] attacks A [1] (citation)",
    the people named the way the answer's own sentences name them."""
    by_n = {c.n: c for c in answer.citations}
    lines = []
    for ex in answer.exchanges:
        claim, response = by_n.get(ex.claim), by_n.get(ex.response)
        if claim is None or response is None:
            continue
        verb = ex.type.replace("_", " ")
        why = f" ({ex.evidence.kind})" if ex.evidence else ""
        lines.append(
            f"{speaker(response)} [{ex.response}] {verb} {speaker(claim)} [{ex.claim}]{why}"
        )
    return lines
