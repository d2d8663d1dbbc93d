"""What the claim extractor is shown: the argued body, not the closing reference list."""

from assistant.analysis.nodes import argued_text

BODY = "Training generalises. " * 40


def test_reference_list_at_the_end_is_cut_and_offsets_stay_valid():
    text = BODY + "\n\nReferences\n\n[1] P. Raman. Behavioural training generalises. 2024.\n"
    kept = argued_text(text)
    assert text.startswith(kept) and "[1] P. Raman" not in kept


def test_an_early_references_heading_does_not_cut_the_body():
    text = "Contents\nReferences\n\n" + BODY
    assert argued_text(text) == text


def test_numbered_bibliography_heading():
    text = BODY + "\n7. Bibliography\n[1] A. Author. A paper.\n"
    assert "A. Author" not in argued_text(text)
