"""ui/logic.py: quotes in context, citation cards, inspector groups, crux tables, export."""

from __future__ import annotations

from assistant.ask.models import Citation
from assistant.models import Claim, Crux, Evidence, Relation
from assistant.service import ClaimView, EvidenceView, RelationView
from ui.logic import (
    author_crux_table,
    citation_cards,
    context_markdown,
    crux_cards,
    cruxes_of,
    document_stats,
    evidence_caption,
    evidence_markdown,
    export_filename,
    format_date,
    map_totals,
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


def test_candidates_in_either_direction_form_one_last_group():
    view = ClaimView(
        id="c1",
        doc_id="d",
        start=0,
        end=1,
        quote="q",
        text="t",
        kind="empirical",
        relations=[
            RelationView(type="related", other="c5", direction="out", asserted=False),
            RelationView(type="attacks", other="c2", direction="in"),
            RelationView(type="related", other="c6", direction="in", asserted=False),
        ],
    )
    groups = relation_groups(view)
    assert [(g.heading, g.asserted) for g in groups] == [
        ("Attacked by", True),
        ("Possibly related, unverified", False),
    ]
    assert [r.other for r in groups[1].items] == ["c5", "c6"]


def test_evidence_is_named_and_highlighted_as_escaped_text():
    start = TEXT.index("The quoted")
    ev = EvidenceView(kind="citation", doc_id="d1", start=start, end=start + 10, quote="The quoted")
    rel = RelationView(type="attacks", other="c2", direction="in", evidence=ev)
    caption = evidence_caption(rel, "A [title](http://x)")
    assert caption.startswith("evidence: citation (a citation\\, link or named author)")
    assert "\\[title\\]\\(http" in caption and "characters 39–49" in caption
    shown = evidence_markdown(TEXT, ev)
    assert "**The quoted**" in shown and "First sentence here\\." in shown
    moved = ev.model_copy(update={"quote": "Not there"})
    assert evidence_markdown(TEXT, moved) is None  # never shows a span that does not match
    assert evidence_markdown(None, ev) is None
    candidate = RelationView(
        type="related",
        other="c3",
        direction="out",
        asserted=False,
        evidence=ev.model_copy(update={"kind": "similarity"}),
    )
    assert "possibly related\\, unverified" in evidence_caption(candidate)
    bare = RelationView(type="supports", other="c4", direction="in")
    assert evidence_caption(bare) == "evidence: none recorded, so it is not counted"


def test_document_stats_count_claims_relations_and_candidates_per_document():
    claims = {
        "a": _claim("a", "Ada"),
        "b": _claim("b", "Ben").model_copy(update={"doc_id": "e"}),
        "c": _claim("c", "Cy"),
    }
    relations = [
        Relation(
            source="b",
            target="a",
            type="attacks",
            rationale="r",
            evidence=Evidence(kind="citation"),
        ),
        Relation(
            source="c",
            target="a",
            type="supports",
            rationale="r",
            evidence=Evidence(kind="discourse"),
        ),
        Relation(
            source="b",
            target="c",
            type="related",
            rationale="r",
            evidence=Evidence(kind="similarity"),
        ),
        Relation(source="b", target="c", type="supports", rationale="no evidence"),
    ]
    stats = document_stats(claims, relations)
    assert stats == {
        "d": {"claims": 2, "relations": 2, "candidates": 2},
        "e": {"claims": 1, "relations": 1, "candidates": 2},
    }
    assert map_totals(relations) == (2, 2)


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


def test_a_pdf_paragraph_is_shown_with_its_line_breaks_and_hyphens_undone():
    text = "Intro.\n\nWe use reward-hacking tests. Training al-\nlows reward-\nhacking to\ngrow. Done.\n\nEnd."
    start = text.index("Training")
    end = text.index("grow.") + 5
    out = context_markdown(quote_context(text, start, end))
    assert "**Training allows reward\\-hacking to grow\\.**" in out
    assert quote_context(text, start, end).quote == text[start:end]  # the span itself is kept
