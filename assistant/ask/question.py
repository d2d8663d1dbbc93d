"""Understanding a question without a model: its intent, its camps and its mirror.

The mirror question is the one the other camp would ask; putting it beside every answer is
the mechanical counter to motivated reasoning (seed 000, 6.1: "countering the pull to argue
for whatever feels good").
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from assistant.ask.mirror import mirror_question
from ingest.tokens import tokenize

Intent = Literal["agreement", "dispute", "yes_no", "open"]

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
    #: The question as asked and with its acronyms spelled out, without its mirror: what
    #: the library must discuss for the question to count as addressed.
    subject_queries: list[str] = []


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
    mirrored = mirror_question(expanded) if intent in ("dispute", "yes_no") else ""
    if mirrored:
        subquestions.append(mirrored)
    return QuestionPlan(
        question=question.strip(),
        intent=intent,
        terms=terms,
        specific_terms=specific_terms(question),
        mirror_question=mirror_question(question),
        subquestions=subquestions,
        subject_queries=subquestions[:2] if expanded != question else subquestions[:1],
    )
