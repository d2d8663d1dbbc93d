"""RSS and Atom feeds (Alignment Forum, LessWrong, blogs, arXiv announce feeds) via feedparser.

feedparser copes with the broken feeds found in the wild (bad encodings, truncation, missing
fields); this module turns what it salvages into clean documents, and refuses input that is
not a feed at all with a reason the user can act on.

An item keeps its hyperlinks (as spans of its clean text) and, for a comment, the post it
replies to. Podcast re-readings (the Nonlinear Library) open with a spoken preamble that
names the post and thanks listeners at the end; that furniture is dropped like LessWrong's
"Published on" line, so it is never read as the author's words.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from time import struct_time
from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

import feedparser
from pydantic import BaseModel

from ingest.models import IngestError, Link, ParsedDocument
from ingest.parsers.arxiv import announce_arxiv_id, strip_arxiv_announce
from ingest.parsers.html import carry_links, html_to_text_with_links
from ingest.text import html_to_text, looks_like_html, normalise_text, strip_feed_preamble

# Reader/podcast furniture at the start of an item, removed in this order while it matches.
# Each pattern is specific enough that an author's own first sentence cannot match it.
READER_PREAMBLES = (
    re.compile(r"\A\s*Link to original article\s*\n"),
    re.compile(
        r"\A\s*Welcome to The Nonlinear Library, where we use Text-to-Speech software to "
        r"convert [^.\n]{0,200}? into audio\.[ \t]*\n*",
        re.IGNORECASE,
    ),
    re.compile(
        r"\A\s*This is: [^\n]{1,400}?, published by [^\n]{1,200}? on "
        r"[A-Z][a-z]+ \d{1,2}, \d{4} on (?:the )?[^.\n]{1,80}\.[ \t]*\n*",
        re.IGNORECASE,
    ),
)
READER_CLOSINGS = (
    re.compile(
        r"\s*Thanks for listening\. To help us out with The Nonlinear Library[^\n]{0,200}\Z",
        re.IGNORECASE,
    ),
)


class FeedInfo(BaseModel):
    title: str = ""
    link: str | None = None


def parse_feed(data: bytes, source: str) -> tuple[FeedInfo, list[ParsedDocument]]:
    """The feed's own title and link, and one document per distinct item.

    A feed that parses with errors but still yields items keeps those items: a truncated
    download should cost the user the missing items, not the whole sync.
    """
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        raise IngestError(f"not an RSS/Atom feed: {_not_a_feed_reason(data, parsed)}")
    channel = parsed.get("feed", {})
    info = FeedInfo(title=_clean_title(channel.get("title", "")), link=_strip(channel.get("link")))
    docs: dict[str, ParsedDocument] = {}
    for entry in parsed.entries:
        doc = entry_to_document(entry, source)
        if doc is not None and doc.identity not in docs:
            docs[doc.identity] = doc
    if not docs and parsed.get("bozo"):
        raise IngestError(f"broken feed with no readable items: {_not_a_feed_reason(data, parsed)}")
    return info, list(docs.values())


def entry_to_document(entry: Any, source: str) -> ParsedDocument | None:
    """One feed item as a document; None for an item with neither text nor title."""
    url = _strip(entry.get("link"))
    text, links = _entry_text(entry, url)
    title = _clean_title(entry.get("title", "")) or _first_words(text)
    if not text and not title:
        return None
    meta: dict[str, str] = {}
    identity = _strip(entry.get("id")) or url or f"{source}#{title}"
    arxiv_id = announce_arxiv_id(text)
    if arxiv_id:
        stripped = normalise_text(strip_arxiv_announce(text))
        links = carry_links(links, text, stripped)
        text = stripped
        identity = f"arxiv:{arxiv_id}"
        meta["arxiv_id"] = arxiv_id
    terms = ((t.get("term") or "").strip() for t in entry.get("tags", []))
    tags = ", ".join(term for term in terms if term)
    if tags:
        meta["tags"] = tags
    return ParsedDocument(
        kind="feed",
        identity=identity,
        title=title,
        text=text or title,
        url=url,
        authors=_authors(entry),
        published=_to_utc(entry.get("published_parsed") or entry.get("updated_parsed")),
        source=source,
        source_feed=source,
        meta=meta,
        links=links if text else [],
        reply_to=_reply_to(entry, url),
    )


def _entry_text(entry: Any, url: str | None) -> tuple[str, list[Link]]:
    """Plain text of the fullest body the item offers (content is often longer than summary),
    with its links as spans of that text."""
    bodies = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content", [])]
    summary = entry.get("summary_detail") or {}
    bodies.append((entry.get("summary") or "", summary.get("type") or "text/html"))
    value, content_type = max(bodies, key=lambda body: len(body[0]))
    if not value.strip():
        return "", []
    links: list[Link]
    if content_type == "text/plain" and not looks_like_html(value):
        raw, links = normalise_text(value), []
    else:
        raw, links = html_to_text_with_links(value, base_url=url)
    text = normalise_text(strip_reader_preamble(strip_feed_preamble(raw)))
    return text, carry_links(links, raw, text)


def strip_reader_preamble(text: str) -> str:
    """Drop a podcast reader's spoken lead-in ("Welcome to The Nonlinear Library ...",
    "This is: <title>, published by <author> on <date> on <site>.") and sign-off."""
    changed = True
    while changed:
        changed = False
        for pattern in READER_PREAMBLES:
            stripped = pattern.sub("", text, count=1)
            if stripped != text:
                text, changed = stripped, True
    for pattern in READER_CLOSINGS:
        text = pattern.sub("", text, count=1)
    return text.strip()


def _reply_to(entry: Any, url: str | None) -> str | None:
    """The URL a comment answers: Atom threading's in-reply-to, else the post of a forum
    comment link ("/posts/<id>/<slug>?commentId=..." is a comment on that post)."""
    thread = entry.get("thr_in-reply-to") or {}
    href = _strip(thread.get("href") if isinstance(thread, dict) else None)
    if href and href.startswith(("http://", "https://")):
        return href
    if url:
        parts = urlsplit(url)
        if "commentId" in parse_qs(parts.query) and "/posts/" in parts.path:
            return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return None


def _authors(entry: Any) -> list[str]:
    """Names from Atom <author>s, RSS <author> or <dc:creator>, deduplicated in order."""
    names = [(a.get("name") or "").strip() for a in entry.get("authors", [])]
    if not any(names):
        detail = entry.get("author_detail") or {}
        names = [(detail.get("name") or entry.get("author") or "").strip()]
    seen: dict[str, None] = {}
    for name in names:
        name = " ".join(name.split())
        if name:
            seen.setdefault(name, None)
    return list(seen)


def _to_utc(value: struct_time | None) -> datetime | None:
    """feedparser already normalises dates to UTC struct_times; make them aware datetimes."""
    if not value:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def _clean_title(title: str) -> str:
    """Titles arrive padded (CDATA indentation) and sometimes as HTML."""
    if looks_like_html(title):
        title = html_to_text(title)
    return " ".join(title.split())


def _first_words(text: str, limit: int = 80) -> str:
    first_line = text.strip().split("\n", 1)[0]
    return first_line if len(first_line) <= limit else first_line[:limit].rsplit(" ", 1)[0] + "…"


def _strip(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _not_a_feed_reason(data: bytes, parsed: Any) -> str:
    head = data[:2048].lstrip().lower()
    if not head:
        return "the response is empty"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "got an HTML page (is this the site's address rather than its feed?)"
    error = parsed.get("bozo_exception")
    if error is not None:
        return str(error).splitlines()[0] if str(error) else type(error).__name__
    return "no <rss>, <feed> or <rdf:RDF> element found"
