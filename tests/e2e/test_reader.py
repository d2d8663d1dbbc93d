"""Reading the library in a real browser: the Claim inspector's starting points, a document
with its claims in place, a citation followed to its paragraph, a claim's marker opening
the inspector. Every page is checked for injected markup (source text is text only)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_browser import LONG, assert_no_injection, shot, wait_idle

pytestmark = pytest.mark.e2e

#: A demo post that quotes another demo document (a citation the reader can follow).
QUOTING_POST = "Good behaviour in training is weak evidence"
QUOTED_DOC = "Does Refusal Training Survive"
FOLLOWED = "The passage you followed"


def test_the_inspector_opens_on_cruxes_and_load_bearing_claims(page, server, screenshots):
    page.goto(f"{server.url}/inspector")
    page.get_by_role("heading", name="Claim inspector").wait_for(timeout=LONG)
    page.get_by_text("Top cruxes", exact=True).wait_for(timeout=LONG)
    page.get_by_text("Most load-bearing claims").wait_for()
    wait_idle(page)
    assert page.get_by_text(re.compile(r"crux score \d\.\d\d")).count() >= 3
    assert page.get_by_text(re.compile(r"\d+ claims rest on it or hold it up")).count() >= 3
    shot(page, screenshots, "inspector-start")
    every = page.get_by_text(re.compile(r"^Claims \(\d+ of \d+ shown")).inner_text()
    in_map = int(re.findall(r"\d+", every)[1])
    # Searching narrows the list, by words or by an author's name.
    page.get_by_label("Find a claim").fill("Feld")
    page.get_by_label("Find a claim").press("Enter")
    wait_idle(page)
    # The starting points give way to the matches.
    expect(page.get_by_text("Top cruxes", exact=True)).to_have_count(0, timeout=LONG)
    label = page.get_by_text(re.compile(r"^Claims \(\d+ of \d+ shown")).inner_text()
    shown, total = map(int, re.findall(r"\d+", label)[:2])
    assert 0 < shown <= total < in_map
    page.get_by_label("Find a claim").fill("")
    page.get_by_label("Find a claim").press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Inspect").first.click()
    page.get_by_text("The quote in its paragraph").wait_for(timeout=LONG)
    wait_idle(page)
    bold = page.locator('[data-testid="stMain"] strong')
    quote = bold.filter(has_not_text="The quote in its paragraph").first.inner_text()
    assert len(quote) > 20
    page.get_by_role("link", name="Read it in the document").click()
    page.get_by_role("heading", name="Document reader").wait_for(timeout=LONG)
    page.get_by_text(FOLLOWED).wait_for(timeout=LONG)
    wait_idle(page)
    passage = followed_passage(page)
    assert " ".join(passage.inner_text().split()) == " ".join(quote.split())
    assert "/reader" in page.url and "doc=" in page.url
    shot(page, screenshots, "reader-from-inspector")
    assert_no_injection(page)


def followed_passage(page):
    """The bold span in the reader's "The passage you followed" box."""
    box = page.locator('[data-testid="stVerticalBlock"]').filter(has_text=FOLLOWED).last
    return box.locator("strong").filter(has_not_text=FOLLOWED).first


def open_document(page, server, title: str) -> None:
    page.goto(f"{server.url}/reader")
    page.get_by_role("heading", name="Document reader").wait_for(timeout=LONG)
    page.get_by_label("Find a document").fill(title)
    page.get_by_label("Find a document").press("Enter")
    wait_idle(page)
    page.get_by_role("link", name=re.compile(re.escape(title))).first.click()
    page.get_by_text("Claims by kind").wait_for(timeout=LONG)
    wait_idle(page)


def test_a_document_with_its_claims_in_place_and_a_citation_followed(page, server, screenshots):
    open_document(page, server, QUOTING_POST)
    main = page.locator('[data-testid="stMain"]')
    # Claims are marked in the text: numbered markers, one per claim, in reading order.
    markers = page.get_by_role("link", name=re.compile(r"^⁽\d+⁾$"))
    count = markers.count()
    assert count >= 5
    assert markers.first.get_attribute("href").startswith("inspector?claim=c")
    table_rows = page.locator('[data-testid="stDataFrame"]').first
    table_rows.wait_for()
    body = main.inner_text()
    assert re.search(rf"{count} claims", body), body[:500]
    for part in ("Cites", "Cited by", "Discussion thread", "It answers"):
        assert part in body
    page.get_by_text(re.compile(r"^Metadata and addresses \(\d+\)")).click()
    page.get_by_role("link", name=re.compile(r"forum\.example\.org.posts.feld")).first.wait_for()
    shot(page, screenshots, "reader")
    assert_no_injection(page)
    # A marker opens its claim in the inspector (a new tab: the reader stays open).
    with page.context.expect_page() as opened:
        markers.first.click()
    inspector = opened.value
    inspector.get_by_text("The quote in its paragraph").wait_for(timeout=LONG)
    inspector.close()
    # The quotation this post makes opens the quoted document at the quoted passage.
    page.get_by_role("link", name=re.compile(re.escape(QUOTED_DOC))).first.click()
    page.get_by_role("heading", name=re.compile(re.escape(QUOTED_DOC))).wait_for(timeout=LONG)
    page.get_by_text(FOLLOWED).wait_for(timeout=LONG)
    wait_idle(page)
    passage = followed_passage(page)
    assert len(passage.inner_text()) > 10
    shot(page, screenshots, "reader-citation-followed")
    assert_no_injection(page)


def test_an_answer_citation_opens_its_passage_in_the_reader(page, server, screenshots):
    from tests.e2e.test_browser import demo_question

    page.goto(server.url)
    page.get_by_label("Question").fill(demo_question())
    page.get_by_role("button", name="Ask", exact=True).click()
    page.get_by_text(re.compile(r"^Citations \(\d+")).wait_for(timeout=LONG)
    wait_idle(page)
    # Everything is read inside citation [1]'s own card: its checked quote and its link.
    card = page.locator('[data-testid="stExpander"]').filter(
        has=page.locator("summary", has_text=re.compile(r"\[1\] "))
    )
    card.locator("summary").click()
    card.get_by_text(re.compile("verified: the bold quote")).wait_for(timeout=LONG)
    quote = card.locator("strong").first.inner_text()
    # A click that lands while the answer re-renders can be lost (a full run under load lost
    # one): click again until the reader opens, as click_largest does on the Map.
    reader = page.get_by_role("heading", name="Document reader")
    for attempt in range(3):
        if "/reader" not in page.url:
            card.get_by_role("link", name="Read it in the document").click(timeout=LONG)
        try:
            reader.wait_for(timeout=LONG / 3)
            break
        except Exception:
            if attempt == 2:
                raise
    assert "/reader" in page.url and "span=" in page.url, page.url
    page.get_by_text(FOLLOWED).wait_for(timeout=LONG)
    wait_idle(page)
    passage = followed_passage(page)
    assert " ".join(passage.inner_text().split()) == " ".join(quote.split())
    assert_no_injection(page)
