"""A debate in a real browser: a crux's sides side by side with quotes, people, dates and
evidence, who answered whom in date order, and a topic's debate opened from the Map."""

from __future__ import annotations

import re
import time
from datetime import date

import pytest

from tests.e2e.test_browser import LONG, assert_no_injection, shot, wait_idle
from tests.e2e.test_topics import click_largest

pytestmark = pytest.mark.e2e

NO_DEBATE_START = "No established disagreement here"


def test_a_crux_debate_from_the_cruxes_page(page, server, screenshots):
    page.goto(f"{server.url}/cruxes")
    page.get_by_role("heading", name="Cruxes").wait_for(timeout=LONG)
    wait_idle(page)
    page.get_by_role("link", name="Open the debate").first.click()
    page.get_by_role("heading", name="Debate").wait_for(timeout=LONG)
    page.get_by_role("heading", name=re.compile(r"^For \(\d+\)")).wait_for(timeout=LONG)
    wait_idle(page)
    against = page.get_by_role("heading", name=re.compile(r"^Against \(\d+\)")).inner_text()
    assert int(re.search(r"\d+", against).group()) >= 1
    main = page.locator('[data-testid="stMain"]').inner_text()
    # Each claim with its quote, its author and its date; an opposing one with its link.
    assert re.search(r"“[^”]{20,}”", main)
    assert re.search(r"· \d{4}-\d{2}-\d{2} ·", main)
    assert re.search(r"\nattacks “", main), main[:3000]
    assert "evidence: " in main
    page.get_by_role("heading", name="Who answered whom").wait_for()
    table = page.locator('[data-testid="stDataFrame"]').first
    table.wait_for()
    cells = table.locator('[role="gridcell"]')
    dates: list[str] = []
    for _ in range(40):  # the grid fills its cells a moment after the table appears
        texts = cells.all_inner_texts()
        dates = sorted({c for c in texts if re.fullmatch(r"\d{4}-\d{2}-\d{2}", c)})
        if dates:
            break
        time.sleep(0.25)
    assert dates and all(date.fromisoformat(d) for d in dates)
    page.get_by_role("heading", name="What would change a mind").wait_for()
    assert page.get_by_role("link", name="Read in the document").count() >= 2
    shot(page, screenshots, "debate-crux")
    assert_no_injection(page)


def test_a_topic_debate_from_the_map(page, server, screenshots):
    page.goto(f"{server.url}/map")
    page.get_by_text(re.compile(r"^Topics \(\d+; select a row")).wait_for(timeout=LONG)
    wait_idle(page)
    click_largest(page, page.get_by_role("heading", name=re.compile(r"^Topic: ")))
    label = page.get_by_role("heading", name=re.compile(r"^Topic: ")).inner_text()
    wait_idle(page)
    page.get_by_role("link", name="Debate in this topic").click()
    page.get_by_role("heading", name="Debate").wait_for(timeout=LONG)
    terms = label.split(":", 1)[1].strip()
    page.get_by_role("heading", name=re.compile(re.escape(terms))).wait_for(timeout=LONG)
    wait_idle(page)
    sides = page.get_by_role(
        "heading", name=re.compile(r"^(Holding the contested claims|Against them) \(\d+\)")
    )
    plainly = page.get_by_text(re.compile(f"^{NO_DEBATE_START}"))
    assert sides.count() == 2 or plainly.count() == 1
    shot(page, screenshots, "debate-topic")
    assert_no_injection(page)
