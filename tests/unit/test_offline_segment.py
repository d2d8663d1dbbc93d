"""Sentence spans: exact offsets, paragraph and list boundaries, abbreviations."""

from __future__ import annotations

import pytest

from assistant.offline.segment import split_sentences

TEXTS = [
    "Models lie (e.g. about tests), i.e. they game them. See Fig. 3 and Smith et al. (2024). "
    "The gain was 3.5 points. That is small.",
    "Naïve “oversight” won’t scale — or will it? Café owners disagree.[2] Next claim here.",
    "A hard-wrapped paragraph that runs on for a while and then\ncontinues on the next line "
    "because it was wrapped.\n\nA second paragraph.",
    "Heading without a stop\nBody text starts here. It goes on.\n- first bullet\n* second bullet\n"
    "• third bullet is a sentence.\n1. numbered item\n2) another item",
    "  Leading and trailing space.   \n\n\n   Second paragraph after blank lines.  ",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_spans_are_exact_stripped_and_ordered(text):
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        piece = text[start:end]
        assert piece and piece == piece.strip()
        assert start >= previous_end
        previous_end = end


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_abbreviations_and_decimals_do_not_split():
    assert _sentences(TEXTS[0]) == [
        "Models lie (e.g. about tests), i.e. they game them.",
        "See Fig. 3 and Smith et al. (2024).",
        "The gain was 3.5 points.",
        "That is small.",
    ]


def test_footnote_marker_stays_with_its_sentence():
    assert _sentences(TEXTS[1])[1] == "Café owners disagree.[2]"


def test_wrapped_lines_join_but_paragraph_breaks_split():
    first, second = _sentences(TEXTS[2])
    assert first.startswith("A hard-wrapped") and first.endswith("because it was wrapped.")
    assert second == "A second paragraph."


def test_no_span_crosses_a_blank_line():
    text = "First paragraph has no final stop\n\nsecond paragraph starts lower case."
    assert all("\n\n" not in text[s:e] for s, e in split_sentences(text))
    assert len(split_sentences(text)) == 2


def test_headings_and_list_items_are_their_own_units_without_markers():
    assert _sentences(TEXTS[3]) == [
        "Heading without a stop",
        "Body text starts here.",
        "It goes on.",
        "first bullet",
        "second bullet",
        "third bullet is a sentence.",
        "numbered item",
        "another item",
    ]


def test_concurrent_documents_are_split_exactly_as_one_at_a_time():
    """The analysis graph splits documents in parallel threads; none may lose a sentence."""
    from concurrent.futures import ThreadPoolExecutor

    texts = [
        " ".join(f"Document {d} makes point {i}, e.g. about oversight at scale." for i in range(40))
        for d in range(12)
    ]
    serial = [split_sentences(t) for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(3):
            assert list(pool.map(split_sentences, texts)) == serial


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "As Novak et al.\n[2022] show, critics drift. Next point.",
            ["As Novak et al.\n[2022] show, critics drift.", "Next point."],
        ),
        (
            "Use it with eg. a linear probe. Done here.",
            ["Use it with eg. a linear probe.", "Done here."],
        ),
        (
            "Earlier work agrees [12]. [12] argues that probes fail. Done.",
            ["Earlier work agrees [12].", "[12] argues that probes fail.", "Done."],
        ),
        (
            "This makes audits hard:\nmodels could hide their goals. Yes.",
            ["This makes audits hard:\nmodels could hide their goals.", "Yes."],
        ),
        (
            "The robot might not\n7\n\nbring a bucket into the lab. Next.",
            ["The robot might not\n7\n\nbring a bucket into the lab.", "Next."],
        ),
        (
            "The paragraph ends here.\n7\n\nNew page, new paragraph.",
            ["The paragraph ends here.", "7", "New page, new paragraph."],
        ),
        (
            "4.2 Deceptive Alignment: Goals That Survive Training Would Be Reinforced Later\n"
            "In the last section we argued this.",
            [
                "4.2 Deceptive Alignment: Goals That Survive Training Would Be Reinforced Later",
                "In the last section we argued this.",
            ],
        ),
    ],
)
def test_pdf_layout_cases(text, expected):
    assert _sentences(text) == expected


def test_bullets_inside_one_line_start_new_sentences_but_arithmetic_does_not():
    text = "Two reasons: * Risks are salient * The state may step in. The cost is 2 * N per step."
    pieces = [text[a:b] for a, b in split_sentences(text)]
    assert pieces == [
        "Two reasons:",
        "Risks are salient",
        "The state may step in.",
        "The cost is 2 * N per step.",
    ]
