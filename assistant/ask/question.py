"""Understanding a question without a model: its intent, its camps and its mirror.

The mirror question is the one the other camp would ask; putting it beside every answer is
the mechanical counter to motivated reasoning (seed 000, 6.1: "countering the pull to argue
for whatever feels good").
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from ingest.search import tokenize

Intent = Literal["agreement", "dispute", "yes_no", "open"]

CAMP_SWAPS = [
    ("optimists", "pessimists"), ("optimist", "pessimist"), ("optimistic", "pessimistic"),
    ("proponents", "critics"), ("supporters", "sceptics"), ("doomers", "optimists"),
]
POLARITY_SWAPS = [
    ("safe", "dangerous"), ("safety", "danger"), ("will", "will not"), ("can", "cannot"),
    ("succeed", "fail"), ("works", "fails"), ("sufficient", "insufficient"),
    ("likely", "unlikely"), ("agree", "disagree"), ("for", "against"), ("possible", "impossible"),
]
_AGREE = re.compile(r"\b(agree|agreement|consensus|common ground|uncontroversial|everyone accepts)\b", re.I)
_DISPUTE = re.compile(
    r"\b(optimists?|pessimists?|critics?|sceptics?|skeptics?|proponents?|disagree|debate|"
    r"respond|responded|addressed|objections?|counter)\b", re.I)
_YES_NO = re.compile(r"^\s*(is|are|will|would|can|could|does|do|should|has|have)\b", re.I)


class QuestionPlan(BaseModel):
    question: str
    intent: Intent
    terms: list[str]
    mirror_question: str
    subquestions: list[str]


def mirror(question: str) -> str:
    """Ask it of the other camp when camps are named; else flip the question's polarity."""
    for swaps in (CAMP_SWAPS, POLARITY_SWAPS):
        swapped = _swap(question, swaps)
        if swapped != question:
            return swapped
    return f"What is the strongest case against the usual answer to: {question.strip()}"


def _swap(question: str, swaps: list[tuple[str, str]]) -> str:
    pairs = {b: a for a, b in swaps} | {a: b for a, b in swaps}
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, pairs), key=len, reverse=True)) + r")\b", re.I)
    return pattern.sub(lambda m: _keep_case(m.group(0), pairs[m.group(0).lower()]), question)


def _keep_case(original: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement


def plan_question(question: str) -> QuestionPlan:
    if _AGREE.search(question):
        intent: Intent = "agreement"
    elif _DISPUTE.search(question):
        intent = "dispute"
    elif _YES_NO.search(question):
        intent = "yes_no"
    else:
        intent = "open"
    terms = tokenize(question)
    subquestions = [question]
    if intent in ("dispute", "yes_no"):
        subquestions.append(mirror(question))
    return QuestionPlan(
        question=question.strip(), intent=intent, terms=terms,
        mirror_question=mirror(question), subquestions=subquestions,
    )
