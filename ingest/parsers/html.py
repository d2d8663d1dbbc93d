"""Saved web pages: the article's words and the metadata publishers put in <meta> tags.

Pages carry navigation, cookie banners and footers around the article; keeping them would
make menus look like claims. The article (or main) element is preferred when present, and
page chrome is dropped before the text is extracted.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ingest.models import IngestError, ParsedDocument
from ingest.parsers.pdf import split_authors
from ingest.parsers.plaintext import decode_text
from ingest.text import html_to_text

CHROME_SELECTOR = (
    "nav, header, footer, aside, script, style, noscript, iframe, form, [hidden], "
    '[aria-hidden="true"], [role="navigation"], [role="banner"], [role="contentinfo"]'
)
DATE_META = (
    'meta[property="article:published_time"]',
    'meta[name="citation_publication_date"]',
    'meta[name="citation_date"]',
    'meta[name="dc.date"]',
    'meta[name="DC.date"]',
    'meta[name="date"]',
    'meta[itemprop="datePublished"]',
)


def parse_html_page(data: bytes, source: str) -> ParsedDocument:
    """One saved page as one document, with title, authors, date and canonical URL."""
    tree = LexborHTMLParser(decode_text(data))
    url = _canonical_url(tree) or (source if source.startswith(("http://", "https://")) else None)
    title = _title(tree)
    text = html_to_text(_main_html(tree))
    if not text:
        raise IngestError("no readable text in HTML page")
    return ParsedDocument(
        kind="html",
        identity=url or f"file:{source}",
        title=title or text.split("\n", 1)[0][:200],
        text=text,
        url=url,
        authors=_authors(tree),
        published=_published(tree),
        source=source,
    )


def _meta(tree: LexborHTMLParser, selector: str) -> str:
    node = tree.css_first(selector)
    return " ".join((node.attributes.get("content") or "").split()) if node else ""


def _title(tree: LexborHTMLParser) -> str:
    """og:title is what the publisher calls the article; <title> often adds ' | Site name'."""
    for candidate in (
        _meta(tree, 'meta[property="og:title"]'),
        _meta(tree, 'meta[name="citation_title"]'),
        _node_text(tree.css_first("title")),
        _node_text(tree.css_first("h1")),
    ):
        if candidate:
            return candidate
    return ""


def _authors(tree: LexborHTMLParser) -> list[str]:
    cited = [
        " ".join((n.attributes.get("content") or "").split())
        for n in tree.css('meta[name="citation_author"]')
    ]
    if any(cited):
        return list(dict.fromkeys(name for name in cited if name))
    return split_authors(_meta(tree, 'meta[name="author"]'))


def _published(tree: LexborHTMLParser) -> datetime | None:
    values = [_meta(tree, selector) for selector in DATE_META]
    time_node = tree.css_first("article time[datetime], time[datetime]")
    if time_node is not None:
        values.append(time_node.attributes.get("datetime") or "")
    for value in values:
        parsed = parse_loose_date(value)
        if parsed is not None:
            return parsed
    return None


def parse_loose_date(value: str) -> datetime | None:
    """ISO dates and the '2023/04/07' form Google Scholar's citation_* tags use, as UTC."""
    value = value.strip()
    if not value:
        return None
    if re.fullmatch(r"\d{4}/\d{1,2}(/\d{1,2})?", value):
        parts = [int(p) for p in value.split("/")] + [1]
        value = f"{parts[0]:04d}-{parts[1]:02d}-{parts[2]:02d}"
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _canonical_url(tree: LexborHTMLParser) -> str | None:
    link = tree.css_first('link[rel="canonical"]')
    href = (link.attributes.get("href") or "").strip() if link else ""
    href = href or _meta(tree, 'meta[property="og:url"]')
    return href if href.startswith(("http://", "https://")) else None


def _main_html(tree: LexborHTMLParser) -> str:
    """HTML of the article (the longest, if several), else main, else body, minus chrome."""
    articles = tree.css("article")
    node: LexborNode | None = max(articles, key=lambda n: len(n.text() or "")) if articles else None
    node = node or tree.css_first("main, [role=main]") or tree.body
    if node is None:
        return ""
    chrome = node.css(CHROME_SELECTOR)
    chrome_ids = {c.mem_id for c in chrome}
    # Remove only outermost matches: a nav inside a removed header is already gone.
    for element in [c for c in chrome if not _inside(c, chrome_ids)]:
        element.decompose()
    return node.html or ""


def _inside(node: LexborNode, ids: set[int]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in ids:
            return True
        parent = parent.parent
    return False


def _node_text(node: LexborNode | None) -> str:
    return " ".join((node.text() or "").split()) if node is not None else ""
