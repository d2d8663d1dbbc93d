"""RSS and Atom feeds (Alignment Forum, LessWrong, blogs, arXiv announce feeds) via feedparser.

feedparser copes with the broken feeds found in the wild (bad encodings, truncation, missing
fields); this module turns what it salvages into clean documents, and refuses input that is
not a feed at all with a reason the user can act on.
"""

from __future__ import annotations

from datetime import UTC, datetime
from time import struct_time
from typing import Any

import feedparser
from pydantic import BaseModel

from ingest.models import IngestError, ParsedDocument
from ingest.parsers.arxiv import announce_arxiv_id, strip_arxiv_announce
from ingest.text import html_to_text, looks_like_html, normalise_text, strip_feed_preamble


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
    text = _entry_text(entry)
    title = _clean_title(entry.get("title", "")) or _first_words(text)
    if not text and not title:
        return None
    meta: dict[str, str] = {}
    identity = _strip(entry.get("id")) or url or f"{source}#{title}"
    arxiv_id = announce_arxiv_id(text)
    if arxiv_id:
        text = normalise_text(strip_arxiv_announce(text))
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
    )


def _entry_text(entry: Any) -> str:
    """Plain text of the fullest body the item offers (content is often longer than summary)."""
    bodies = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content", [])]
    summary = entry.get("summary_detail") or {}
    bodies.append((entry.get("summary") or "", summary.get("type") or "text/html"))
    value, content_type = max(bodies, key=lambda body: len(body[0]))
    if not value.strip():
        return ""
    if content_type == "text/plain" and not looks_like_html(value):
        text = normalise_text(value)
    else:
        text = html_to_text(value)
    return normalise_text(strip_feed_preamble(text))


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
