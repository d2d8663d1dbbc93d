"""Windows of text for claim extraction end on sentence boundaries and overlap.

The old windows cut every 6,000 characters, so a sentence across a cut was lost (its quote
was in neither window) or located in the wrong place.
"""

from __future__ import annotations

import json

from assistant.analysts import WINDOW_CHARS, LLMAnalyst, windows
from assistant.llm.fake import ScriptedChatModel
from assistant.offline.segment import split_sentences

FILLER = "Reward models are trained on human comparisons of model outputs."
STRADDLER = (
    "Deceptive alignment would let a capable model pass every behavioural evaluation while "
    "pursuing a different objective once deployed."
)


def straddling_text() -> tuple[str, int]:
    """A text in which STRADDLER runs across character 6,000, and where it starts."""
    parts, length = [], 0
    while length + len(FILLER) + 1 < WINDOW_CHARS - 40:
        parts.append(FILLER)
        length += len(FILLER) + 1
    head = " ".join(parts) + " "
    text = head + STRADDLER + " " + " ".join([FILLER] * 40)
    assert len(head) < WINDOW_CHARS < len(head) + len(STRADDLER)
    return text, len(head)


def test_windows_hold_whole_sentences_cover_the_text_and_overlap():
    text, _ = straddling_text()
    spans = windows(text)
    sentences = split_sentences(text)
    assert len(spans) >= 2
    for start, end in spans:
        assert end - start <= WINDOW_CHARS
        assert any(s == start for s, _ in sentences) and any(e == end for _, e in sentences)
    for sentence in sentences:
        assert any(start <= sentence[0] and sentence[1] <= end for start, end in spans)
    for (_, first_end), (second_start, _) in zip(spans, spans[1:]):
        assert second_start < first_end, "consecutive windows overlap"


def test_a_sentence_longer_than_a_window_is_cut_at_spaces():
    text = " ".join(["word"] * 3000) + "."
    spans = windows(text, size=1000)
    assert all(end - start <= 1000 for start, end in spans)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)


def test_a_claim_straddling_the_old_boundary_is_found_at_its_place():
    text, at = straddling_text()

    def responder(prompt: str) -> str:
        window = prompt.split("<document>\n", 1)[1].split("\n</document>", 1)[0]
        quotes = [STRADDLER] if STRADDLER in window else []
        claims = [{"quote": q, "text": q, "kind": "prediction", "hedged": True} for q in quotes]
        return json.dumps({"claims": claims})

    extracted = LLMAnalyst(ScriptedChatModel(responder=responder), "fake:test").extract_claims(text)
    (claim,) = extracted.drafts
    assert (claim.start, claim.end) == (at, at + len(STRADDLER))
    assert text[claim.start : claim.end] == STRADDLER


def test_a_claim_seen_in_two_overlapping_windows_is_kept_once():
    text = " ".join(f"Finding {i} shows that reward models track comparisons." for i in range(300))
    first, second = windows(text)[:2]
    shared = [(s, e) for s, e in split_sentences(text) if second[0] <= s and e <= first[1]]
    start, end = shared[0]
    quote = text[start:end]

    def responder(prompt: str) -> str:
        one = {"quote": quote, "text": quote, "kind": "empirical", "hedged": False}
        return json.dumps({"claims": [one] if quote in prompt else []})

    model = ScriptedChatModel(responder=responder)
    extracted = LLMAnalyst(model, "fake:test").extract_claims(text)
    assert sum(quote in call for call in model.calls) == 2, "both windows hold it"
    assert [(d.start, d.end) for d in extracted.drafts] == [(start, end)]
