"""Saved web pages: the article's words and the metadata publishers put in <meta> tags.

Pages carry navigation, cookie banners and footers around the article; keeping them would
make menus look like claims. The article (or main) element is preferred when present, and
page chrome is dropped before the text is extracted.

Hyperlinks are kept as `Link`s whose offsets point into the clean stored text: the text is
produced once as before, a second time with invisible numbered markers around each anchor,
and the marker positions are carried over to the clean text. So the stored text is exactly
what it was without links, and a link whose position cannot be established is dropped
rather than guessed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import UTC, datetime
from urllib.parse import urldefrag, urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ingest.models import IngestError, Link, ParsedDocument
from ingest.parsers.plaintext import decode_text
from ingest.people import split_authors
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
    text, links = html_to_text_with_links(_main_html(tree), base_url=url)
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
        links=links,
    )


# Invisible numbered markers: a private-use code point per anchor, in two planes that text
# never uses, so the i-th link's start and end can be found again after html_to_text.
_OPEN_BASE, _CLOSE_BASE, _MAX_LINKS = 0xF0000, 0x100000, 0xFFFD
_MARKER_RE = re.compile("[\U000f0000-\U0010fffd]")


def html_to_text_with_links(html: str, base_url: str | None = None) -> tuple[str, list[Link]]:
    """`html_to_text(html)` unchanged, plus the page's outgoing links as spans of that text.

    Only links to other pages count (http/https after resolving against `base_url`);
    in-page anchors such as footnote jumps and links without anchor text are not citations.
    """
    text = html_to_text(html)
    if not text or _MARKER_RE.search(text):
        return text, []
    hrefs: list[str] = []
    marked = marked_html_text(html, base_url, hrefs)
    return text, links_from_marked(marked, hrefs, text)


def link_marker(number: int, closing: bool) -> str:
    """The invisible character that opens or closes link `number` in marked text."""
    return chr((_CLOSE_BASE if closing else _OPEN_BASE) + number)


def marked_html_text(html: str, base_url: str | None, hrefs: list[str]) -> str:
    """html_to_text of `html` with markers around each outgoing link's anchor text.

    Link numbers continue from `len(hrefs)` and each link's href is appended to `hrefs`,
    so a caller can mark several pieces (a note's HTML and markdown blocks) in one text.
    """
    tree = LexborHTMLParser(html)
    for anchor in tree.css("a[href]"):
        href = outgoing_href(anchor.attributes.get("href") or "", base_url)
        if href is None or len(hrefs) >= _MAX_LINKS:
            continue
        number = len(hrefs)
        anchor.insert_child(link_marker(number, closing=True))
        anchor.child.insert_before(link_marker(number, closing=False))  # type: ignore[union-attr]
        hrefs.append(href)
    root = tree.root
    return html_to_text(root.html or "") if root is not None else ""


def links_from_marked(marked: str, hrefs: list[str], clean: str) -> list[Link]:
    """The links a marked text delimits, as spans of `clean` (the same text made without
    markers, possibly trimmed further); unplaceable links are dropped."""
    if not hrefs or _MARKER_RE.search(clean):
        return []
    plain, spans = _unmark(marked)
    links = [Link(start=s, end=e, href=hrefs[i]) for i, (s, e) in spans.items()]
    return sorted(carry_links(links, plain, clean), key=lambda k: (k.start, k.end))


def outgoing_href(raw: str, base_url: str | None) -> str | None:
    """The absolute http(s) URL a link points to, or None for in-page jumps and other schemes."""
    raw = raw.strip()
    if not raw or raw.startswith("#"):
        return None
    href = urljoin(base_url, raw) if base_url else raw
    if not href.startswith(("http://", "https://")):
        return None
    if base_url and urldefrag(href)[0] == urldefrag(base_url)[0]:
        return None  # a jump within the same page
    return href


def _unmark(marked: str) -> tuple[str, dict[int, tuple[int, int]]]:
    """The text without markers, and each link number's (start, end) in it."""
    out: list[str] = []
    opens: dict[int, int] = {}
    spans: dict[int, tuple[int, int]] = {}
    length = 0
    last = 0
    for match in _MARKER_RE.finditer(marked):
        out.append(marked[last : match.start()])
        length += match.start() - last
        last = match.end()
        code = ord(match.group(0))
        if code >= _CLOSE_BASE:
            number = code - _CLOSE_BASE
            if number in opens:
                spans[number] = (opens.pop(number), length)
        else:
            opens[code - _OPEN_BASE] = length
    out.append(marked[last:])
    return "".join(out), spans


def carry_links(links: list[Link], before: str, after: str) -> list[Link]:
    """Move link spans from `before` to `after`, a copy that differs by whitespace and by
    dropped leading or trailing material (a preamble, a "Discuss" footer).

    Positions are matched by counting non-space characters, the part of the text that such
    clean-ups keep. Spans are trimmed to their words; a span that falls outside `after`,
    or an `after` that is not such a copy, loses its links: an unplaceable link is dropped.
    """
    if not links:
        return []
    if before == after:
        return [k for k in (_trim(k, after) for k in links) if k is not None]
    shift = before.find(after) if after else -1
    if shift >= 0:
        moved = [
            k.model_copy(update={"start": k.start - shift, "end": k.end - shift}) for k in links
        ]
        return [k for k in (_trim(k, after) for k in moved) if k is not None]
    solid_before = [i for i, c in enumerate(before) if not c.isspace()]
    solid_after = [i for i, c in enumerate(after) if not c.isspace()]
    chars_before = "".join(before[i] for i in solid_before)
    chars_after = "".join(after[i] for i in solid_after)
    offset = chars_before.find(chars_after)
    if offset < 0 or not chars_after:
        return []
    out: list[Link] = []
    for link in links:
        first = bisect_left(solid_before, link.start) - offset
        stop = bisect_left(solid_before, link.end) - offset
        if first < 0 or stop > len(solid_after) or stop <= first:
            continue
        start, end = solid_after[first], solid_after[stop - 1] + 1
        out.append(link.model_copy(update={"start": start, "end": end}))
    return out


def _trim(link: Link, text: str) -> Link | None:
    """The span without surrounding whitespace; None when it is empty or out of the text
    (its anchor was in material that a clean-up dropped)."""
    if link.start < 0 or link.end > len(text):
        return None
    start, end = link.start, link.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return None
    return link.model_copy(update={"start": start, "end": end})


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
