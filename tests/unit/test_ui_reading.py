"""The reader writes a document's text as escaped markdown with its claims marked in place:
each claim coloured by kind with a numbered link to the inspector, the followed claim in bold,
and nothing from the source ever becoming markup."""

from __future__ import annotations

from assistant.models import Claim
from assistant.service import ClaimSummary, DocumentPage
from assistant.service.reader import paragraphs
from ui.reading import KIND_COLOURS, legend_markdown, parse_span, text_markdown

TEXT = (
    "Intro [link](https://evil.example) <b>x</b>. Claim one holds.\n\nA prediction: it will rain."
)


def page() -> DocumentPage:
    one = TEXT.index("Claim one")
    two = TEXT.index("it will rain.")
    claims = [
        Claim(
            id="c1",
            doc_id="d",
            start=one,
            end=one + 16,
            quote=TEXT[one : one + 16],
            text="Claim one holds.",
            kind="empirical",
        ),
        Claim(
            id="c2",
            doc_id="d",
            start=two,
            end=len(TEXT),
            quote=TEXT[two:],
            text="it will rain.",
            kind="prediction",
        ),
    ]
    return DocumentPage(
        id="d",
        title="t",
        kind="feed",
        text=TEXT,
        paragraphs=paragraphs(TEXT, claims),
        claims=[
            ClaimSummary(id=c.id, doc_id="d", text=c.text, start=c.start, end=c.end) for c in claims
        ],
    )


def test_claims_are_coloured_by_kind_and_numbered_links_to_the_inspector():
    markdown = text_markdown(page())
    assert ":blue-background[Claim one holds\\.]" in markdown
    assert ":violet-background[it will rain\\.]" in markdown
    assert "[⁽1⁾](inspector?claim=c1)" in markdown and "[⁽2⁾](inspector?claim=c2)" in markdown
    assert markdown.count("\n\n") == 1  # two paragraphs, as in the text


def test_source_markup_stays_text():
    markdown = text_markdown(page())
    assert "](https" not in markdown.replace("\\]", "")
    assert "\\[link\\]" in markdown and "\\<b\\>" in markdown


def test_the_followed_claim_is_bold():
    assert "**:blue-background[Claim one holds\\.]**" in text_markdown(page(), focus="c1")
    assert "**" not in text_markdown(page())


def test_legend_names_every_kind_in_its_colour():
    legend = legend_markdown()
    for kind, colour in KIND_COLOURS.items():
        assert f":{colour}-background[{kind}]" in legend


def test_spans_from_the_url_are_checked():
    assert parse_span("3-10", 20) == (3, 10)
    assert parse_span("10-3", 20) is None
    assert parse_span("3-30", 20) is None
    assert parse_span("x-y", 20) is None and parse_span(None, 20) is None
