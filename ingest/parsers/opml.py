"""OPML: the feed-list format every feed reader imports and exports.

Reading it lets a user bring their subscriptions in one file; writing it lets them leave with
them. Outlines nest (folders), so feeds are collected from every depth.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from xml.etree import ElementTree

from pydantic import BaseModel

from ingest.models import IngestError
from ingest.parsers import parse_xml


class OpmlFeed(BaseModel):
    url: str
    title: str = ""


def parse_opml(data: bytes) -> list[OpmlFeed]:
    """Every feed URL in an OPML file (any nesting depth), first occurrence kept."""
    root = parse_xml(data, "OPML file")
    if _local(root.tag).lower() != "opml":
        raise IngestError(f"not an OPML file: root element is <{_local(root.tag)}>")
    body = next((c for c in root if _local(c.tag).lower() == "body"), None)
    if body is None:
        raise IngestError("malformed OPML: no <body> element")
    feeds: dict[str, OpmlFeed] = {}
    for outline in body.iter():
        if _local(outline.tag).lower() != "outline":
            continue
        url = _attribute(outline, "xmlurl").strip()
        if not url or url in feeds:
            continue
        title = (_attribute(outline, "title") or _attribute(outline, "text")).strip()
        feeds[url] = OpmlFeed(url=url, title=" ".join(title.split()))
    return list(feeds.values())


def write_opml(feeds: list[OpmlFeed], title: str) -> str:
    """An OPML 2.0 document listing the feeds as flat rss outlines.

    Flat `type="rss"` outlines with both `text` and `title` are the lowest common
    denominator that every reader imports.
    """
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = title
    ElementTree.SubElement(head, "dateCreated").text = format_datetime(
        datetime.now(UTC), usegmt=True
    )
    body = ElementTree.SubElement(root, "body")
    for feed in feeds:
        label = feed.title or feed.url
        ElementTree.SubElement(
            body, "outline", type="rss", text=label, title=label, xmlUrl=feed.url
        )
    ElementTree.indent(root)
    xml = ElementTree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{xml}\n'


def _attribute(element: ElementTree.Element, name: str) -> str:
    """Attribute lookup ignoring case: exporters write xmlUrl, xmlurl and XMLURL."""
    for key, value in element.attrib.items():
        if key.lower() == name:
            return value
    return ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
