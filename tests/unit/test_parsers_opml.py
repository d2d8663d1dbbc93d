"""OPML import and export: what feed readers produce and accept."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from ingest.models import IngestError
from ingest.parsers.opml import OpmlFeed, parse_opml, write_opml

NESTED = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="Alignment">
      <outline type="rss" text="AF" title="Alignment Forum" xmlUrl="https://www.alignmentforum.org/feed.xml"/>
      <outline type="rss" text="LessWrong" xmlurl="https://www.lesswrong.com/feed.xml"/>
    </outline>
    <outline type="rss" text="Duplicate" xmlUrl="https://www.alignmentforum.org/feed.xml"/>
    <outline type="link" text="Not a feed" url="https://example.org"/>
  </body>
</opml>"""


def test_nested_outlines_deduplicated_with_titles():
    feeds = parse_opml(NESTED)
    assert feeds == [
        OpmlFeed(url="https://www.alignmentforum.org/feed.xml", title="Alignment Forum"),
        OpmlFeed(url="https://www.lesswrong.com/feed.xml", title="LessWrong"),
    ]


def test_round_trip_through_write_opml():
    feeds = [
        OpmlFeed(url="https://a.example/feed?x=1&y=2", title='Quotes "and" <angles> & more'),
        OpmlFeed(url="https://b.example/rss", title=""),
    ]
    xml = write_opml(feeds, "cruxmap subscriptions")
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ElementTree.fromstring(xml.encode())
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.find("head/title").text == "cruxmap subscriptions"
    assert root.find("head/dateCreated").text.endswith("GMT")
    outlines = root.findall("body/outline")
    assert all(o.get("type") == "rss" and o.get("text") for o in outlines)
    assert parse_opml(xml.encode()) == [
        feeds[0],
        OpmlFeed(url="https://b.example/rss", title="https://b.example/rss"),
    ]


def test_entity_expansion_attack_is_refused():
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<opml version="2.0"><head><title>&lol2;</title></head><body/></opml>"""
    with pytest.raises(IngestError, match="DOCTYPE"):
        parse_opml(bomb)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<opml><body><outline", "malformed XML"),
        (b"<rss version='2.0'><channel/></rss>", "not an OPML file: root element is <rss>"),
        (b"<opml version='2.0'><head/></opml>", "no <body>"),
    ],
)
def test_malformed_opml_is_one_line_error(data, message):
    with pytest.raises(IngestError, match=message) as info:
        parse_opml(data)
    assert "\n" not in str(info.value)
