"""The offline analyst end to end, on the project's seed texts when they are present."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from assistant.models import ClaimDraft, RelationDraft
from assistant.offline.analyst import OfflineAnalyst
from assistant.offline.segment import split_sentences

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|br|blockquote|section|article|tr|table|pre|hr)\b[^>]*>", re.I
)


def _strip_html(raw: str) -> str:
    """Crude tag stripping, for this test only: block tags become paragraph breaks."""
    return html.unescape(re.sub(r"<[^>]+>", "", _BLOCK_TAG.sub("\n\n", raw)))


def _seed(prefix: str) -> str:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed {prefix} not present")
    raw = found[0].read_text(encoding="utf-8")
    return _strip_html(raw) if "<p>" in raw else raw


def test_seed_000_claims_are_selective_and_grounded():
    text = _seed("000")
    sentences = split_sentences(text)
    claims = OfflineAnalyst().extract_claims(text)
    ratio = len(claims) / len(sentences)
    # A dense argumentative post: many sentences argue, but headings, bullets, questions,
    # signposting and footnote references must not be claims.
    assert 0.3 < ratio < 0.7, ratio
    for claim in claims:
        assert text[claim.start : claim.end] == claim.quote
    quotes = {c.quote for c in claims}
    assert "I'll elaborate on all of that in turn." not in quotes
    assert not any(q.endswith("?") for q in quotes)


@pytest.mark.parametrize("prefix", ["001", "003", "004"])
def test_other_seeds_give_exact_quotes_and_valid_relations(prefix):
    text = _seed(prefix)
    analyst = OfflineAnalyst()
    claims = analyst.extract_claims(text)
    assert claims
    for claim in claims:
        assert text[claim.start : claim.end] == claim.quote
    relations = analyst.relate_within(text, claims)
    for rel in relations:
        assert 0 <= int(rel.source) < len(claims) and 0 <= int(rel.target) < len(claims)
        assert rel.source != rel.target and rel.rationale


def test_the_analyst_is_deterministic_and_named():
    text = (
        "Models will learn to game any fixed benchmark. Therefore, benchmarks must be "
        "refreshed often. However, refreshing them is expensive."
    )
    first, second = OfflineAnalyst(), OfflineAnalyst()
    assert first.name == "offline"
    claims = first.extract_claims(text)
    assert claims == second.extract_claims(text)
    assert all(isinstance(c, ClaimDraft) for c in claims)
    relations = first.relate_within(text, claims)
    assert relations == second.relate_within(text, claims)
    assert {r.type for r in relations} == {"supports", "attacks"}
    assert all(isinstance(r, RelationDraft) for r in relations)
