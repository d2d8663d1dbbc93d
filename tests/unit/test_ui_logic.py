"""ui/logic.py: quotes in context, citation cards, inspector groups, crux tables, export."""

from __future__ import annotations

from assistant.ask.models import Citation
from assistant.models import Claim, Crux
from assistant.service import ClaimView, RelationView
from ui.logic import (
    author_crux_table,
    citation_cards,
    context_markdown,
    crux_cards,
    cruxes_of,
    export_filename,
    format_date,
    quote_context,
    relation_groups,
)

TEXT = (
    "Intro paragraph.\n\nFirst sentence here. The quoted claim is this. Last one."
    "\n\nNext paragraph."
)


def test_quote_context_is_its_paragraph():
    start = TEXT.index("The quoted")
    end = TEXT.index("this.") + 5
    ctx = quote_context(TEXT, start, end)
    assert ctx.before == "First sentence here. "
    assert ctx.quote == "The quoted claim is this."
    assert ctx.after == " Last one."
    assert not ctx.clipped_before and not ctx.clipped_after


def test_quote_context_clips_long_paragraphs_at_words():
    text = ("word " * 400) + "QUOTE" + (" word" * 400)
    start = text.index("QUOTE")
    ctx = quote_context(text, start, start + 5, limit=50)
    assert ctx.clipped_before and ctx.clipped_after
    assert len(ctx.before) <= 50 and len(ctx.after) <= 50
    assert ctx.before.startswith("word") and ctx.after.endswith("word")


def test_context_markdown_bolds_the_escaped_quote():
    ctx = quote_context("Before [x](y). <b>Quote</b> after.", 15, 27)
    out = context_markdown(ctx)
    assert "**\\<b\\>Quote\\<\\/b\\>**" in out
    assert "\\[x\\]\\(y\\)" in out


def test_citation_cards_verify_against_the_stored_text():
    class FakeDoc:
        text = TEXT

    class FakeLibrary:
        def document(self, doc_id):
            return FakeDoc() if doc_id == "d1" else None

    start = TEXT.index("The quoted")
    good = Citation(
        n=1,
        doc_id="d1",
        start=start,
        end=start + 25,
        quote=TEXT[start : start + 25],
        url="javascript:alert(1)",
        published="2024-02-03",
    )
    bad = Citation(n=2, doc_id="d1", start=0, end=5, quote="forged")
    missing = Citation(n=3, doc_id="nope", start=0, end=5, quote="Intro")
    cards = citation_cards(FakeLibrary(), [good, bad, missing])
    assert [c.verified for c in cards] == [True, False, False]
    assert cards[0].context is not None and cards[0].url is None
    assert cards[0].date == "2024-02-03" and cards[0].author == "unattributed"


def test_format_date():
    assert format_date(None) == "undated"
    assert format_date("2024-02-03T10:00:00+00:00") == "2024-02-03"


def _claim(cid: str, author: str) -> Claim:
    return Claim(
        id=cid,
        doc_id="d",
        start=0,
        end=1,
        quote="q",
        text=f"text {cid}",
        kind="empirical",
        author=author,
    )


def test_relation_groups_in_reading_order():
    view = ClaimView(
        id="c1",
        doc_id="d",
        start=0,
        end=1,
        quote="q",
        text="t",
        kind="empirical",
        relations=[
            RelationView(type="attacks", other="c2", direction="in"),
            RelationView(type="supports", other="c3", direction="in"),
            RelationView(type="depends_on", other="c4", direction="out"),
        ],
    )
    headings = [g.heading for g in relation_groups(view)]
    assert headings == ["Supported by", "Attacked by", "Depends on"]


def test_crux_membership_and_author_table():
    claims = {c.id: c for c in [_claim("a", "Ada"), _claim("b", "Ben"), _claim("c", "Cy")]}
    crux = Crux(claim_id="a", text="text a", score=0.8, for_=["c"], against=["b"], why="w")
    assert cruxes_of("a", [crux]) == [(crux, "is the crux")]
    assert cruxes_of("b", [crux]) == [(crux, "against")]
    assert cruxes_of("c", [crux]) == [(crux, "for")]
    cards = crux_cards([crux], claims)
    assert [s.author for s in cards[0].for_] == ["Cy"]
    columns, rows = author_crux_table(cards)
    assert columns == ["#1"]
    assert rows == [
        {"author": "Ada", "#1": "for"},
        {"author": "Ben", "#1": "against"},
        {"author": "Cy", "#1": "for"},
    ]


def test_author_on_both_sides_is_marked_both():
    claims = {c.id: c for c in [_claim("a", "Ada"), _claim("b", "Ada"), _claim("c", "Ben")]}
    crux = Crux(claim_id="c", text="t", score=0.5, for_=["a"], against=["b"], why="w")
    _, rows = author_crux_table(crux_cards([crux], claims))
    assert {"author": "Ada", "#1": "both"} in rows


def test_export_filenames():
    assert export_filename("graphml", ".graphml", "map") == "cruxmap-map.graphml"
    assert export_filename("relations-csv", ".csv", "view") == "cruxmap-view-relations.csv"
    assert export_filename("aif", ".json", "map") == "cruxmap-map-aif.json"
