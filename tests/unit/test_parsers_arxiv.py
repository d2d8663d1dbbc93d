"""arXiv API responses and announce text: everything must land on the version-less id."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ingest.models import IngestError
from ingest.parsers.arxiv import (
    announce_arxiv_id,
    parse_arxiv_atom,
    split_arxiv_id,
    stamp_arxiv_id,
    strip_arxiv_announce,
)

RESPONSE = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">ArXiv Query: search_query=all:alignment</title>
  <id>http://arxiv.org/api/query-id</id>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">42</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/abs/2401.01234v2</id>
    <updated>2024-02-01T10:00:00Z</updated>
    <published>2024-01-03T17:59:37Z</published>
    <title>Debate Helps Weak Judges
  Supervise Strong Models</title>
    <summary>  We study debate as a scalable oversight method. Judges
are weaker than debaters.
  In a second paragraph we report
results.
</summary>
    <author><name>Ada Lovelace</name></author>
    <author><name>Alan Turing</name></author>
    <arxiv:doi xmlns:arxiv="http://arxiv.org/schemas/atom">10.1000/xyz123</arxiv:doi>
    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">12 pages,
  3 figures</arxiv:comment>
    <link href="http://arxiv.org/abs/2401.01234v2" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/2401.01234v2" rel="related"
          type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.AI"/>
    <category term="cs.AI"/>
    <category term="cs.LG"/>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/hep-th/9901001v1</id>
    <published>1999-01-01T00:00:00Z</published>
    <title>An Old-Style Identifier</title>
    <summary>Old.</summary>
  </entry>
</feed>"""


def test_api_entry_fields():
    total, docs = parse_arxiv_atom(RESPONSE)
    assert total == 42
    doc = docs[0]
    assert doc.kind == "arxiv"
    assert doc.identity == "arxiv:2401.01234"
    assert doc.url == "http://arxiv.org/abs/2401.01234"
    assert doc.title == "Debate Helps Weak Judges Supervise Strong Models"
    assert doc.text == (
        "Debate Helps Weak Judges Supervise Strong Models\n\n"
        "We study debate as a scalable oversight method. Judges are weaker than debaters.\n\n"
        "In a second paragraph we report results."
    )
    assert doc.authors == ["Ada Lovelace", "Alan Turing"]
    assert doc.published == datetime(2024, 1, 3, 17, 59, 37, tzinfo=UTC)
    assert doc.meta == {
        "arxiv_id": "2401.01234",
        "version": "v2",
        "categories": "cs.AI, cs.LG",
        "primary_category": "cs.AI",
        "doi": "10.1000/xyz123",
        "comment": "12 pages, 3 figures",
        "pdf_url": "http://arxiv.org/pdf/2401.01234v2",
        "updated": "2024-02-01T10:00:00+00:00",
    }


def test_old_style_ids():
    _, docs = parse_arxiv_atom(RESPONSE)
    assert docs[1].identity == "arxiv:hep-th/9901001"


def test_api_error_entry_is_reported():
    error = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
    <entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id><title>Error</title>
    <summary>incorrect id format for 1234</summary></entry></feed>"""
    with pytest.raises(IngestError, match="^arXiv API error: incorrect id format for 1234$"):
        parse_arxiv_atom(error)


@pytest.mark.parametrize("bad", [b"<html><body>busy</body></html>", b"<feed", b""])
def test_malformed_responses_are_one_line_errors(bad):
    with pytest.raises(IngestError) as info:
        parse_arxiv_atom(bad)
    assert "\n" not in str(info.value)


def test_announce_prefix_is_stripped_everywhere():
    text = (
        "Title\n\narXiv:2602.22508v1 Announce Type: new Abstract: Models fail.\n"
        "arXiv:2602.22508v1 Announce Type: cross Abstract: Models fail."
    )
    assert announce_arxiv_id(text) == "2602.22508"
    assert strip_arxiv_announce(text) == "Title\n\nModels fail.\nModels fail."
    assert announce_arxiv_id("no stamp here") is None


def test_pdf_stamp_survives_vertical_extraction():
    assert stamp_arxiv_id("arXiv:2209.00626v8  [cs.AI]  4 May 2025") == ("2209.00626", "v8")
    vertical = "\n".join("arXiv:2209.00626v8 [cs.AI] 4 May 2025")
    assert stamp_arxiv_id(vertical) == ("2209.00626", "v8")
    assert stamp_arxiv_id("see arXiv:2209.00626 for details") is None


def test_split_arxiv_id():
    assert split_arxiv_id("https://arxiv.org/abs/2510.14968v1") == ("2510.14968", "v1")
    assert split_arxiv_id("arXiv:2510.14968") == ("2510.14968", "")


def test_shared_api_sample(shared_dir):
    total, docs = parse_arxiv_atom((shared_dir / "samples" / "arxiv-api-response.xml").read_bytes())
    assert total == 5619
    assert [d.identity for d in docs] == ["arxiv:2510.14968", "arxiv:2510.14827"]
    first = docs[0]
    assert first.title.startswith("RDD: Retrieval-Based Demonstration Decomposer for Planner")
    assert "\n" not in first.title and "  " not in first.title
    assert first.meta["primary_category"] == "cs.RO"
    assert first.meta["version"] == "v1"
    assert first.meta["pdf_url"].endswith("/pdf/2510.14968v1")
    assert first.url.endswith("/abs/2510.14968")
    assert len(docs[1].authors) == 6
