"""A second opinion on the rule-based claim detector, learned from careful readers' verdicts.

Why: the cue rules (claims.py, nonclaims.py) rule out the shapes that are never claims, but
on real text about one stored "claim" in six was still not one: fiction and scenario
narration, definitions stated as fact, personal reactions ("This seems pretty cool, though I
don't understand it"), housekeeping, reader guidance. Each new rule fixed the round it was
written on and little else. Those sentences differ from claims in what they are about more
than in their words, which is what a sentence embedding captures, so a logistic regression on
the embedder's vectors, trained on the blind-judged real sentences of benchmarks/real_gold
(benchmarks/train_claim_filter.py), vetoes rule-accepted sentences it thinks are not claims.
Beside the vector it reads the rules' own cues for the sentence (which commitment, structure
and penalty features fired, the rule score, the length): on the two blind rounds sampled from
the shipped map, the rounds that test the filter where it is weakest, the vector alone kept
0.142 non-claims at recall 0.76 and with the cues 0.107 at 0.75 (leave-one-round-out).

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
from assistant.offline.claims import score_sentence

WEIGHTS = Path(__file__).with_name("claim_filter.json")
#: The rule score and the word count are brought to about the scale of a cue's 0/1.
SCORE_SCALE = 5.0
WORDS_SCALE = 40.0


class Encoder(Protocol):
    """What the filter needs of an embedder: its model's name and unit vectors for texts."""

    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


class ClaimFilter(BaseModel):
    """Logistic-regression weights over sentence vectors of one embedding model."""

    model: str
    coef: list[float]
    intercept: float
    #: Rule features read beside the vector (names from `score_sentence`), their weights,
    #: and the weights of the scaled rule score and word count. Empty: the vector alone
    #: (weights written before the cues were added).
    cues: list[str] = Field(default_factory=list)
    cue_coef: list[float] = Field(default_factory=list)
    score_coef: float = 0.0
    words_coef: float = 0.0
    threshold: float = Field(ge=0.0, le=1.0)
    #: How it was trained and what it scored on rounds it did not see (for the reader).
    trained: dict[str, int | str] = Field(default_factory=dict)
    heldout: dict[str, dict[str, float | int]] = Field(default_factory=dict)

    def probabilities(self, vectors: np.ndarray, texts: list[str] | None = None) -> np.ndarray:
        """P(claim) for each row (`texts[i]` is the sentence of row i, needed when the weights
        read cues); rows of another width than the weights are a usage error."""
        if vectors.size == 0:
            return np.zeros(0)
        weights = np.asarray(self.coef, dtype=np.float64)
        if vectors.shape[1] != weights.shape[0]:
            raise ValueError(
                f"claim filter expects {weights.shape[0]}-d vectors of {self.model}, "
                f"got {vectors.shape[1]}-d"
            )
        logit = vectors.astype(np.float64) @ weights + self.intercept
        if self.cues:
            if texts is None or len(texts) != len(vectors):
                raise ValueError("claim filter reads rule cues: pass one text per vector")
            extra = np.asarray([*self.cue_coef, self.score_coef, self.words_coef])
            logit = logit + cue_features(texts, self.cues) @ extra
        return 1.0 / (1.0 + np.exp(-logit))

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
        texts = [sentence_text(d.quote) for d in drafts]
        keep = self.probabilities(encoder.encode(texts), texts) >= self.threshold
        kept = [d for d, k in zip(drafts, keep) if k]
        dropped = [d for d, k in zip(drafts, keep) if not k]
        return kept, dropped


def sentence_text(quote: str) -> str:
    """What the filter reads: the quote with its line breaks and runs of spaces flattened,
    the same normalisation the training script applies."""
    return " ".join(quote.split())


def cue_features(texts: list[str], cues: list[str]) -> np.ndarray:
    """One row per text: 1/0 for each rule feature in `cues` that fires on it, then its rule
    score and word count, scaled. The training script builds its rows with this too."""
    rows = []
    for text in texts:
        scored = score_sentence(text)
        fired = set(scored.features)
        rows.append(
            [1.0 if cue in fired else 0.0 for cue in cues]
            + [scored.score / SCORE_SCALE, len(text.split()) / WORDS_SCALE]
        )
    return np.asarray(rows, dtype=np.float64).reshape(len(texts), len(cues) + 2)


def load_claim_filter(path: Path = WEIGHTS) -> ClaimFilter | None:
    """The shipped weights, or None when the file is absent (then the rules decide alone)."""
    if not path.is_file():
        return None
    return ClaimFilter.model_validate_json(path.read_text(encoding="utf-8"))
