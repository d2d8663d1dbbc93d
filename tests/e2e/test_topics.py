"""The Map as a reader meets it in a real browser: topics first, then a topic's claims, then
one claim in full beside the map and its neighbourhood, then the inspector. Labels must be
readable at the default zoom, the legend must match what is drawn, and unverified
candidates stay hidden until asked for."""

from __future__ import annotations

import re
import time

import pytest

from tests.e2e.test_browser import LONG, assert_no_injection, cytoscape_frame, shot, wait_idle

pytestmark = pytest.mark.e2e

#: Smallest caption, in screen pixels at the default zoom, that we call readable.
READABLE_PX = 9.5

DRAWN = """() => {
    const cy = document.getElementById('cy')._cyreg.cy;
    return {
        nodes: cy.nodes().map(n => ({
            id: n.id(),
            label: n.data('label'),
            caption: n.data('_caption') || '',
            font: parseFloat(n.renderedStyle('font-size')),
            width: n.renderedWidth(),
        })),
        edges: cy.edges().map(e => ({type: e.data('label'), colour: e.style('line-color')})),
    };
}"""
BIGGEST = """() => {
    const cy = document.getElementById('cy')._cyreg.cy;
    const n = cy.nodes().sort((a, b) => b.renderedWidth() - a.renderedWidth())[0];
    const p = n.renderedPosition();
    return {id: n.id(), x: p.x, y: p.y};
}"""


def settled(frame) -> dict:
    """The largest node once the layout has stopped moving."""
    previous = None
    for _ in range(30):
        current = frame.evaluate(BIGGEST)
        if previous and abs(current["x"] - previous["x"]) < 0.5 and current["id"] == previous["id"]:
            return current
        previous = current
        time.sleep(0.3)
    return previous


def click_largest(page, until, attempts: int = 3) -> str:
    """Click the largest node until `until` shows (a click during a redraw can be lost)."""
    for attempt in range(attempts):
        iframe, frame = cytoscape_frame(page)
        iframe.scroll_into_view_if_needed()
        node = settled(frame)
        box = iframe.bounding_box()
        page.mouse.click(box["x"] + node["x"], box["y"] + node["y"])
        try:
            until.wait_for(timeout=LONG / attempts)
            return node["id"]
        except Exception:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def assert_readable(drawn: dict) -> None:
    small = [n for n in drawn["nodes"] if n["font"] < READABLE_PX]
    assert not small, [(n["caption"][:30], n["font"]) for n in small]


def test_topics_then_a_topic_then_a_claim_then_its_neighbourhood(page, server, screenshots):
    page.goto(f"{server.url}/map")
    page.get_by_role("heading", name="Argument map").wait_for(timeout=LONG)
    page.get_by_text(re.compile(r"^Topics \(\d+; select a row")).wait_for(timeout=LONG)
    wait_idle(page)
    caption = page.get_by_text(re.compile(r"claims in \d+ topics")).inner_text()
    n_claims, n_topics = map(int, re.findall(r"\d+", caption)[:2])
    _, frame = cytoscape_frame(page)
    drawn = frame.evaluate(DRAWN)
    assert len(drawn["nodes"]) == n_topics >= 2
    assert (
        sum(int(re.search(r"(\d+) claims", n["caption"]).group(1)) for n in drawn["nodes"])
        == n_claims
    )
    assert all(" · " in n["caption"].split("\n")[0] for n in drawn["nodes"])  # named by terms
    assert_readable(drawn)
    # Bigger topics are drawn bigger: size says how many claims.
    by_size = sorted(
        drawn["nodes"], key=lambda n: int(re.search(r"(\d+) claims", n["caption"]).group(1))
    )
    assert by_size[-1]["width"] > by_size[0]["width"]
    shot(page, screenshots, "map-topics")

    topic_heading = page.get_by_role("heading", name=re.compile(r"^Topic: "))
    click_largest(page, topic_heading)
    wait_idle(page)
    page.get_by_text(re.compile(r"^Showing \d+ of the topic's \d+ claims")).wait_for(timeout=LONG)
    legend = page.get_by_text(re.compile(r"^Edge colour = relation")).first.inner_text()
    assert "Node size = how many claims rest on it" in legend and "ring = a crux" in legend
    _, frame = cytoscape_frame(page)
    drawn = frame.evaluate(DRAWN)
    assert_readable(drawn)
    types = {e["type"] for e in drawn["edges"]}
    assert "related" not in types  # unverified candidates hidden by default
    for word in types:
        assert word.replace("_", " ") in legend
    shot(page, screenshots, "map-topic")

    panel_button = page.get_by_role("button", name="Open in the inspector")
    clicked = click_largest(page, panel_button)
    wait_idle(page)
    panel = page.locator('[data-testid="stColumn"]').filter(has=panel_button).last
    assert re.search(r"“.{20,}”", panel.inner_text(), re.S)  # the full quote, not a caption
    shot(page, screenshots, "map-claim-panel")

    page.get_by_role("button", name="Show its neighbourhood").click()
    page.get_by_text(re.compile(f"^Neighbourhood of claim {clicked}")).wait_for(timeout=LONG)
    wait_idle(page)
    _, frame = cytoscape_frame(page)
    drawn = frame.evaluate(DRAWN)
    assert clicked in {n["id"] for n in drawn["nodes"]}
    assert_readable(drawn)
    shot(page, screenshots, "map-neighbourhood")
    page.get_by_role("button", name="Open in the inspector").click()
    page.get_by_role("heading", name="Claim inspector").wait_for(timeout=LONG)
    page.get_by_text(f"claim {clicked}").first.wait_for(timeout=LONG)
    assert_no_injection(page)


def test_candidates_are_drawn_dashed_only_when_asked_for(page, server):
    page.goto(f"{server.url}/map?view=claims")
    page.get_by_text(re.compile(r"^Showing \d+ of \d+ matching claims")).wait_for(timeout=LONG)
    wait_idle(page)
    _, frame = cytoscape_frame(page)
    assert "related" not in {e["type"] for e in frame.evaluate(DRAWN)["edges"]}
    page.get_by_text("Show unverified candidates", exact=True).click()
    page.get_by_text(re.compile(r"dashed grey = possibly related, unverified")).wait_for(
        timeout=LONG
    )
    wait_idle(page)
    deadline = time.time() + LONG / 1000
    while time.time() < deadline:
        _, frame = cytoscape_frame(page)
        styles = frame.evaluate(
            """() => document.getElementById('cy')._cyreg.cy.edges('[label = "related"]')
                 .map(e => e.style('line-style'))"""
        )
        if styles:
            break
        time.sleep(0.5)
    assert styles and set(styles) == {"dashed"}
    assert_no_injection(page)


CARD = """() => {
    const el = document.getElementById('cruxmap-hover');
    if (!el || el.style.display === 'none') return null;
    return {text: el.textContent, elements: el.children.length};
}"""
NODE_TEXTS = """(id) => {
    const n = document.getElementById('cy')._cyreg.cy.getElementById(id);
    return {caption: n.data('_caption') || '', hover: n.data('_hover') || ''};
}"""


def hover_largest(page) -> tuple[dict, dict]:
    """Rest the pointer on the largest node; its texts and the card it brings up."""
    iframe, frame = cytoscape_frame(page)
    iframe.scroll_into_view_if_needed()
    node = settled(frame)
    box = iframe.bounding_box()
    page.mouse.move(box["x"] + 2, box["y"] + 2)  # enter the frame off the node first
    page.mouse.move(box["x"] + node["x"], box["y"] + node["y"], steps=4)
    frame.wait_for_function(CARD, timeout=LONG)
    return frame.evaluate(NODE_TEXTS, node["id"]), frame.evaluate(CARD)


def test_the_pointer_on_a_topic_or_a_claim_shows_its_full_text(page, server, screenshots):
    page.goto(f"{server.url}/map")
    page.get_by_text(re.compile(r"^Topics \(\d+; select a row")).wait_for(timeout=LONG)
    wait_idle(page)
    texts, card = hover_largest(page)
    assert card["text"] == texts["hover"] and card["elements"] == 0  # text, never markup
    assert re.search(r"\n\d+ claims", card["text"]) and "\n• " in card["text"]  # its documents
    shot(page, screenshots, "map-topic-hover")

    click_largest(page, page.get_by_role("heading", name=re.compile(r"^Topic: ")))
    page.get_by_text(re.compile(r"^Showing \d+ of the topic's \d+ claims")).wait_for(timeout=LONG)
    wait_idle(page)
    texts, card = hover_largest(page)
    assert card["text"] == texts["hover"] and card["elements"] == 0
    quote, source = card["text"].rsplit("\n— ", 1)
    # The caption on the canvas is cut short; the card holds the whole claim and its source.
    assert texts["caption"].endswith("…") or len(texts["caption"]) < 40
    assert quote.startswith("“") and quote.endswith("”") and len(quote) > len(texts["caption"])
    assert source.strip()
    shot(page, screenshots, "map-claim-hover")

    iframe, frame = cytoscape_frame(page)
    box = iframe.bounding_box()
    page.mouse.move(box["x"] + 3, box["y"] + 3)
    frame.wait_for_function(f"() => ({CARD})() === null", timeout=LONG)
