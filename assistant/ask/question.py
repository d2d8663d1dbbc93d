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
    ("optimists", "pessimists"),
    ("optimist", "pessimist"),
    ("optimistic", "pessimistic"),
    ("proponents", "critics"),
    ("supporters", "sceptics"),
    ("doomers", "optimists"),
]
POLARITY_SWAPS = [
    ("safe", "dangerous"),
    ("safety", "danger"),
    ("will", "will not"),
    ("can", "cannot"),
    ("succeed", "fail"),
    ("works", "fails"),
    ("sufficient", "insufficient"),
    ("likely", "unlikely"),
    ("agree", "disagree"),
    ("for", "against"),
    ("possible", "impossible"),
]
_AGREE = re.compile(
    r"\b(agree|agreement|consensus|common ground|uncontroversial|everyone accepts)\b", re.I
)
_DISPUTE = re.compile(
    r"\b(optimists?|pessimists?|critics?|sceptics?|skeptics?|proponents?|disagree|debate|"
    r"respond|responded|addressed|objections?|counter)\b",
    re.I,
)
_YES_NO = re.compile(r"^\s*(is|are|will|would|can|could|does|do|should|has|have)\b", re.I)


GLOSSARY = {
    "AGI": "advanced AI systems with general capabilities",
    "ASI": "superintelligent AI systems",
    "TAI": "transformative AI",
    "LLM": "large language model",
    "LLMs": "large language models",
    "RLHF": "reinforcement learning from human feedback",
    "RL": "reinforcement learning",
    "CoT": "chain of thought",
    "ELK": "eliciting latent knowledge",
    "IDA": "iterated distillation and amplification",
}
_SPECIFIC = re.compile(
    r"\b(?:[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*|[A-Za-z]+(?:-[A-Za-z]+)+|\d{3,4})\b"
)


class QuestionPlan(BaseModel):
    question: str
    intent: Intent
    terms: list[str]
    specific_terms: list[str]
    mirror_question: str
    subquestions: list[str]


def expand_acronyms(question: str) -> str:
    """Spell out the field's acronyms so a corpus that writes them out still matches."""
    return re.sub(
        r"\b(" + "|".join(map(re.escape, GLOSSARY)) + r")\b",
        lambda m: GLOSSARY[m.group(1)],
        question,
    )


def specific_terms(question: str) -> list[str]:
    """Names, acronyms, hyphenated compounds and years: words a relevant text would contain.

    Acronyms the glossary spells out are not counted: the expansion stands in for them.
    """
    found = [m.group(0) for m in _SPECIFIC.finditer(question) if m.group(0) not in GLOSSARY]
    return [t.lower() for t in found if t.lower() not in {"ai"}]


def mirror(question: str) -> str:
    """Ask it of the other camp when camps are named; else flip the question's polarity."""
    for swaps in (CAMP_SWAPS, POLARITY_SWAPS):
        swapped = _swap(question, swaps)
        if swapped != question:
            return swapped
    return f"What is the strongest case against the usual answer to: {question.strip()}"


def _swap(question: str, swaps: list[tuple[str, str]]) -> str:
    pairs = {b: a for a, b in swaps} | {a: b for a, b in swaps}
    pattern = re.compile(
        r"\b(" + "|".join(sorted(map(re.escape, pairs), key=len, reverse=True)) + r")\b", re.I
    )
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
    expanded = expand_acronyms(question)
    if expanded != question:
        subquestions.append(expanded)
    if intent in ("dispute", "yes_no"):
        subquestions.append(mirror(expanded))
    return QuestionPlan(
        question=question.strip(),
        intent=intent,
        terms=terms,
        specific_terms=specific_terms(question),
        mirror_question=mirror(question),
        subquestions=subquestions,
    )
