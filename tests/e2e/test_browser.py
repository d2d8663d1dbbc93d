"""The web UI in a real browser: Debian's headless Chromium against `streamlit run`.

What a new user does on the demo workspace: ask a question and read verified citations;
open the map, click a claim, land in the inspector; add a feed file with a progress bar;
download an export and read it back. Plus a hostile feed item: its <script> and onerror
payloads must be shown as text, with no dialog and no injected element in any frame.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.e2e

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo"
LONG = 180_000
HOSTILE_WORD = "Zyxwvutsrq"
HOSTILE_FEED = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Hostile test feed</title>
<link>https://hostile.example/</link>
<description>A feed made by the e2e suite.</description>
<item>
<title>&lt;img src=x onerror=alert(3)&gt;{HOSTILE_WORD} post</title>
<link>javascript:alert(4)</link>
<guid isPermaLink="false">tag:hostile.example,2025:xss</guid>
<dc:creator><![CDATA[<script>alert(5)</script>Mallory]]></dc:creator>
<pubDate>Mon, 01 Dec 2025 10:00:00 +0000</pubDate>
<content:encoded><![CDATA[<p><script>alert(1)</script>Interpretability tools must fail,
because {HOSTILE_WORD} models hide their goals &lt;script&gt;alert(2)&lt;/script&gt; from
every probe. <img src=x onerror="alert(6)"></p>
<p>Therefore we argue that &lt;img src=x onerror=alert(7)&gt; oversight cannot rely on
{HOSTILE_WORD} probes, and ![pwn](https://evil.example/p.png) shows [why](https://evil.example).</p>]]></content:encoded>
</item>
</channel>
</rss>
"""


FIND_INJECTED = """() => {
    const bad = [];
    const evil = /^javascript:|evil\\.example/;
    for (const s of document.querySelectorAll('script')) {
        if ((s.textContent || '').includes('alert(')) bad.push('script');
    }
    for (const el of document.querySelectorAll('*')) {
        for (const a of el.attributes) {
            if (a.name.startsWith('on') && (a.value || '').includes('alert(')) {
                bad.push(el.tagName + '@' + a.name);
            }
        }
        const href = el.getAttribute('href') || '';
        const src = el.getAttribute('src') || '';
        if (el.tagName === 'IMG' && (src === 'x' || evil.test(src))) bad.push('img:' + src);
        if (el.tagName === 'A' && evil.test(href)) bad.push('a:' + href);
    }
    return bad;
}"""
CY_READY = """() => {
    const el = document.getElementById('cy');
    return el && el._cyreg && el._cyreg.cy && el._cyreg.cy.nodes().length > 0;
}"""


def shot(page, screenshots: Path, name: str) -> None:
    page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)


def wait_idle(page, timeout: float = 120) -> None:
    """Wait until Streamlit has finished the current script run."""
    deadline = time.time() + timeout
    time.sleep(0.5)
    while time.time() < deadline:
        if page.locator('[data-testid="stStatusWidget"]').count() == 0:
            return
        time.sleep(0.3)
    raise AssertionError("the Streamlit script did not finish in time")


def demo_question() -> str:
    data = json.loads((DEMO / "questions.json").read_text(encoding="utf-8"))
    return next(q["question"] for q in data["questions"] if q.get("answerable"))


def assert_no_injection(page) -> None:
    """No alert fired and no payload became an element, in the page or any component frame."""
    assert page.dialogs == [], page.dialogs
    for frame in page.frames:
        if frame.is_detached():
            continue
        try:
            injected = frame.evaluate(FIND_INJECTED)
        except PlaywrightError as exc:
            # A rerun replaced this component frame while we looked: it shows nothing now,
            # and its replacement is in page.frames for the next check.
            if "detached" in str(exc):
                continue
            raise
        assert injected == [], (frame.url, injected)


def test_ask_a_demo_question_and_see_verified_citations(page, server, screenshots):
    page.goto(server.url)
    page.get_by_role("heading", name="Ask the literature").wait_for()
    page.get_by_label("Question").fill(demo_question())
    page.get_by_role("button", name="Ask", exact=True).click()
    page.get_by_text(re.compile(r"^Citations \(\d+")).wait_for(timeout=LONG)
    wait_idle(page)
    first = page.locator('[data-testid="stExpander"] summary').filter(
        has_text=re.compile(r"\[1\] ")
    )
    first.first.click()
    page.get_by_text("verified: the bold quote is exactly the stored text").first.wait_for()
    bold = page.locator('[data-testid="stExpander"] strong').first
    assert len(bold.inner_text()) > 10
    shot(page, screenshots, "ask")
    assert_no_injection(page)


def cytoscape_frame(page):
    """The graph component's frame, once drawn.

    A rerun may replace the component's iframe while we look at it (the old frame detaches,
    or the new element has no frame yet), so look again until a drawn graph is found.
    """
    iframe = page.locator('iframe[title*="cytoscape"]').first
    deadline = time.time() + LONG / 1000
    while True:
        iframe.wait_for(timeout=LONG)
        try:
            frame = iframe.element_handle().content_frame()
            if frame is not None:
                frame.wait_for_function(CY_READY, timeout=LONG)
                return iframe, frame
        except PlaywrightError as error:
            if "detached" not in str(error) and "not attached" not in str(error):
                raise
        if time.time() > deadline:
            raise AssertionError("the map's graph component never finished drawing")
        time.sleep(0.5)


def node_position(frame) -> dict:
    """The largest node's on-screen position, once the layout has settled.

    The largest node is the one a reader clicks first (a crux), and the easiest to hit: a
    small node can sit under the arrowheads of the edges that point at it.
    """
    script = """() => {
        const cy = document.getElementById('cy')._cyreg.cy;
        const size = (n) => n.renderedWidth() * 1000 + n.degree();
        const node = cy.nodes().sort((a, b) => size(b) - size(a))[0];
        const p = node.renderedPosition();
        return {id: node.id(), x: p.x, y: p.y};
    }"""
    previous = None
    for _ in range(30):
        current = frame.evaluate(script)
        if (
            previous
            and abs(current["x"] - previous["x"]) < 0.5
            and abs(current["y"] - previous["y"]) < 0.5
        ):
            return current
        previous = current
        time.sleep(0.4)
    return previous


def test_open_the_map_click_a_node_and_see_the_inspector(page, server, screenshots):
    # The Map opens on topics; the claims view is one query parameter away.
    page.goto(f"{server.url}/map?view=claims")
    page.get_by_role("heading", name="Argument map").wait_for(timeout=LONG)
    page.get_by_text(re.compile(r"^Showing \d+ of \d+ matching claims")).wait_for()
    iframe, frame = cytoscape_frame(page)
    iframe.scroll_into_view_if_needed()
    node = node_position(frame)
    shot(page, screenshots, "map")
    inspector = page.get_by_role("heading", name="Claim inspector")
    clicked = []
    for attempt in range(3):
        # A click that lands while the canvas is still redrawing is lost: a user would click
        # again, and so does the test, at the node's current position.
        clicked.append(node["id"])
        box = iframe.bounding_box()
        page.mouse.click(box["x"] + node["x"], box["y"] + node["y"])
        try:
            # A click opens the claim's side panel first; from there, the inspector.
            opener = page.get_by_role("button", name="Open in the inspector")
            opener.wait_for(timeout=30_000 if attempt < 2 else LONG)
            opener.click()
            inspector.wait_for(timeout=30_000 if attempt < 2 else LONG)
            break
        except PlaywrightTimeout:
            node = node_position(frame)
    shown = page.get_by_text(re.compile(r"claim c[0-9a-f]{6,}")).first
    shown.wait_for(timeout=LONG)
    shown_id = re.search(r"claim (c[0-9a-f]{6,})", shown.inner_text()).group(1)
    assert shown_id in clicked, (shown_id, clicked)
    assert page.url.rstrip("/").endswith("/inspector")
    wait_idle(page)
    page.get_by_role("tab", name="Relations").wait_for()
    shot(page, screenshots, "inspector")
    assert_no_injection(page)


def test_cruxes_page_shows_sides_and_the_author_table(page, server, screenshots):
    page.goto(f"{server.url}/cruxes")
    page.get_by_role("heading", name="Cruxes").wait_for(timeout=LONG)
    page.get_by_text("Who stands where").wait_for()
    page.get_by_text("For", exact=False).first.wait_for()
    wait_idle(page)
    shot(page, screenshots, "cruxes")
    assert_no_injection(page)


def test_add_a_feed_file_from_the_library_page_with_a_progress_bar(
    page, server, screenshots, tmp_path
):
    feed = tmp_path / "hostile-feed.xml"
    feed.write_text(HOSTILE_FEED, encoding="utf-8")
    page.goto(f"{server.url}/library")
    page.get_by_role("heading", name="Library").wait_for(timeout=LONG)
    page.get_by_role("tab", name="Upload files").click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(feed))
    page.get_by_text("hostile-feed.xml").wait_for()
    page.get_by_role("button", name="Ingest uploaded files").click()
    page.locator('[data-testid="stProgress"]').first.wait_for(timeout=LONG)
    page.get_by_text(re.compile(r"Ingest files: added 1")).wait_for(timeout=LONG)
    wait_idle(page)
    assert page.locator('[data-testid="stProgress"]').count() >= 1
    shot(page, screenshots, "library")
    assert_no_injection(page)
    hostile_item_is_shown_as_text(page, server, screenshots)


def pick_first_claim(page, attempts: int = 3) -> None:
    """Choose the first claim the inspector's search offers and wait for it to be drawn.

    Under load a click can land while Streamlit is still re-rendering the list after the
    search, and the choice is lost with the old widget; choosing again is what a user does.
    """
    for attempt in range(attempts):
        page.locator('[data-testid="stSelectbox"]').first.click()
        page.get_by_role("option").first.click()
        wait_idle(page)
        try:
            page.get_by_text("The quote in its paragraph").wait_for(timeout=LONG / attempts)
            return
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise


def hostile_item_is_shown_as_text(page, server, screenshots) -> None:
    """Find a claim from the hostile item, open it in the inspector and on the map."""
    page.goto(f"{server.url}/inspector")
    page.get_by_role("heading", name="Claim inspector").wait_for(timeout=LONG)
    page.get_by_label("Find a claim").fill(HOSTILE_WORD)
    page.get_by_label("Find a claim").press("Enter")
    wait_idle(page)
    pick_first_claim(page)
    wait_idle(page)
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert HOSTILE_WORD in body
    assert "<script>alert(2)</script>" in body or "<img src=x onerror=alert(7)>" in body, body[
        :2000
    ]
    shot(page, screenshots, "hostile")
    assert_no_injection(page)
    page.goto(f"{server.url}/map")
    page.get_by_label("Search a claim").fill(HOSTILE_WORD)
    page.get_by_label("Search a claim").press("Enter")
    page.get_by_role("button", name="Focus the map on it").click()
    page.get_by_text(re.compile("^Neighbourhood of claim")).wait_for(timeout=LONG)
    cytoscape_frame(page)
    time.sleep(1.5)
    assert_no_injection(page)


def test_download_an_export(page, server, screenshots, tmp_path):
    import networkx as nx

    page.goto(f"{server.url}/export")
    page.get_by_role("heading", name="Export").wait_for(timeout=LONG)
    button = page.locator('[data-testid="stDownloadButton"] button')
    button.wait_for(timeout=LONG)
    wait_idle(page)
    shot(page, screenshots, "export")
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "cruxmap-map.graphml"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    graph = nx.read_graphml(target)
    assert graph.number_of_nodes() > 0 and graph.number_of_edges() > 0
    assert_no_injection(page)
