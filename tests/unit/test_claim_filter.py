"""The learned claim filter: it screens what the rules accept, and only that.

The sentences below were written for this test; they have the shapes the filter was trained
to tell apart (narration, personal reactions, housekeeping vs argued claims).
"""

from __future__ import annotations

import numpy as np
import pytest

from assistant.offline.analyst import OfflineAnalyst
from assistant.offline.claim_filter import ClaimFilter, load_claim_filter
from assistant.offline.claims import extract_claims
from ingest.embed import DEFAULT_MODEL, get_embedder

ARGUED = [
    "Reward hacking becomes harder to detect as models grow more capable, so oversight has "
    "to scale with capability.",
    "I think interpretability tools will not be reliable enough to certify a model as safe "
    "within the next decade.",
    "Training against a misbehaviour detector will mostly teach the model to evade that "
    "detector, because the gradient rewards evasion as much as honesty.",
]
NOT_CLAIMS = [
    "The old knight rides slowly across the valley as sunlight warms the frozen grass.",
    "This looks really neat, though I honestly have not understood the second half yet.",
    "We may edit or take down these pages later, but will give a week of notice here first.",
]


class Scripted:
    """An encoder with fixed vectors: the filter's arithmetic without a model."""

    def __init__(self, name: str, vectors: np.ndarray) -> None:
        self.name = name
        self.vectors = vectors

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.vectors[: len(texts)]


def two_drafts():
    drafts = extract_claims(" ".join(ARGUED[:2]))
    assert len(drafts) == 2
    return drafts


def test_the_shipped_weights_load_and_name_the_default_embedder():
    weights = load_claim_filter()
    assert weights is not None
    assert weights.model == DEFAULT_MODEL
    assert len(weights.coef) == 384
    assert weights.heldout, "the weights carry the held-out figures they were chosen on"


def test_screen_keeps_drafts_above_the_threshold_and_drops_the_rest():
    weights = ClaimFilter(model="m", coef=[1.0, -1.0], intercept=0.0, threshold=0.5)
    encoder = Scripted("m", np.array([[2.0, 0.0], [0.0, 2.0]]))
    first, second = two_drafts()
    kept, dropped = weights.screen([first, second], encoder)
    assert kept == [first] and dropped == [second]


def test_weights_of_another_model_drop_nothing():
    weights = ClaimFilter(model="m", coef=[1.0, -1.0], intercept=-10.0, threshold=0.5)
    drafts = two_drafts()
    kept, dropped = weights.screen(drafts, Scripted("other-model", np.ones((2, 2))))
    assert kept == drafts and dropped == []


def test_vectors_of_the_wrong_width_are_refused():
    weights = ClaimFilter(model="m", coef=[1.0, -1.0], intercept=0.0, threshold=0.5)
    with pytest.raises(ValueError, match="2-d vectors"):
        weights.probabilities(np.ones((1, 3)))


def test_without_an_encoder_the_rules_decide_alone():
    text = " ".join(ARGUED + NOT_CLAIMS)
    assert OfflineAnalyst().extract_claims(text) == extract_claims(text)


def test_with_the_embedder_narration_reactions_and_housekeeping_are_screened_out():
    analyst = OfflineAnalyst(get_embedder(DEFAULT_MODEL))
    for sentence in ARGUED:
        assert analyst.extract_claims(sentence), sentence
    rule_accepted = [s for s in NOT_CLAIMS if extract_claims(s)]
    kept = [s for s in rule_accepted if analyst.extract_claims(s)]
    assert kept == [], f"the rules accept {len(rule_accepted)}; the filter kept {kept}"


def test_the_filter_never_adds_a_sentence_the_rules_rejected():
    analyst = OfflineAnalyst(get_embedder(DEFAULT_MODEL))
    text = "What would change your mind? See the appendix for details. Figure 3: results."
    assert extract_claims(text) == []
    assert analyst.extract_claims(text) == []
