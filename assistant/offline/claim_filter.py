"""A second opinion on the rule-based claim detector, learned from careful readers' verdicts.

Why: the cue rules (claims.py, nonclaims.py) rule out the shapes that are never claims, but
on real text about one stored "claim" in six was still not one: fiction and scenario
narration, definitions stated as fact, personal reactions ("This seems pretty cool, though I
don't understand it"), housekeeping, reader guidance. Each new rule fixed the round it was
written on and little else. Those sentences differ from claims in what they are about more
than in their words, which is what a sentence embedding captures, so a logistic regression on
the embedder's vectors, trained on the blind-judged real sentences of benchmarks/real_gold
(benchmarks/train_claim_filter.py), vetoes rule-accepted sentences it thinks are not claims.

It only removes: a sentence the rules rejected is never added (precision before recall), and
the weights are numbers in claim_filter.json, no text. It needs the embedder the library
already loads; without one the analyst runs on the rules alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np
from pydantic import BaseModel, Field

from assistant.models import ClaimDraft

WEIGHTS = Path(__file__).with_name("claim_filter.json")


class Encoder(Protocol):
    """What the filter needs of an embedder: its model's name and unit vectors for texts."""

    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


class ClaimFilter(BaseModel):
    """Logistic-regression weights over sentence vectors of one embedding model."""

    model: str
    coef: list[float]
    intercept: float
    threshold: float = Field(ge=0.0, le=1.0)
    #: How it was trained and what it scored on rounds it did not see (for the reader).
    trained: dict[str, int | str] = Field(default_factory=dict)
    heldout: dict[str, dict[str, float | int]] = Field(default_factory=dict)

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """P(claim) for each row; rows of another width than the weights are a usage error."""
        if vectors.size == 0:
            return np.zeros(0)
        weights = np.asarray(self.coef, dtype=np.float64)
        if vectors.shape[1] != weights.shape[0]:
            raise ValueError(
                f"claim filter expects {weights.shape[0]}-d vectors of {self.model}, "
                f"got {vectors.shape[1]}-d"
            )
        return 1.0 / (1.0 + np.exp(-(vectors.astype(np.float64) @ weights + self.intercept)))

    def applies_to(self, encoder: Encoder) -> bool:
        """Weights learned on one model's vectors mean nothing on another's."""
        return encoder.name.removeprefix("sentence-transformers/") == self.model

    def screen(
        self, drafts: list[ClaimDraft], encoder: Encoder
    ) -> tuple[list[ClaimDraft], list[ClaimDraft]]:
        """(kept, dropped): the drafts whose quote reads as a claim, and the rest. With an
        embedder of another model nothing is dropped."""
        if not drafts or not self.applies_to(encoder):
            return list(drafts), []
        vectors = encoder.encode([sentence_text(d.quote) for d in drafts])
        keep = self.probabilities(vectors) >= self.threshold
        kept = [d for d, k in zip(drafts, keep) if k]
        dropped = [d for d, k in zip(drafts, keep) if not k]
        return kept, dropped


def sentence_text(quote: str) -> str:
    """What the filter reads: the quote with its line breaks and runs of spaces flattened,
    the same normalisation the training script applies."""
    return " ".join(quote.split())


def load_claim_filter(path: Path = WEIGHTS) -> ClaimFilter | None:
    """The shipped weights, or None when the file is absent (then the rules decide alone)."""
    if not path.is_file():
        return None
    return ClaimFilter.model_validate_json(path.read_text(encoding="utf-8"))
