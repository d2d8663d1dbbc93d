"""Feeds through the real feedparser, on RSS and Atom written the way real sites write them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ingest.models import IngestError
from ingest.parsers.feeds import parse_feed

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
  <channel>
    <title>
      <![CDATA[AI Alignment Forum]]>
    </title>
    <link>https://www.alignmentforum.org</link>
    <item>
      <title>
        <![CDATA[Goal misgeneralisation is the default]]>
      </title>
      <description><![CDATA[Published on February 12, 2026 7:38 PM GMT<br/><br/>
        <h2>1. Summary</h2><p>Training on a proxy <i>does not</i> pin down the
        goal.<sup><a href="#fn1">[1]</a></sup></p>
        <ul><li>first reason</li><li>second reason</li></ul>
        <p>Second &amp; final paragraph.</p><br/><br/>
        <a href="https://www.alignmentforum.org/posts/abc/goal#comments">Discuss</a>]]></description>
      <link>
        https://www.alignmentforum.org/posts/abc/goal
      </link>
      <guid isPermaLink="false">abc</guid>
      <dc:creator><![CDATA[Jane Doe]]></dc:creator>
      <category>inner alignment</category>
      <category>generalisation</category>
      <pubDate>Thu, 12 Feb 2026 19:38:50 GMT</pubDate>
    </item>
    <item>
      <title>Title only, no body</title>
      <link>https://example.org/title-only</link>
      <pubDate>Fri, 13 Feb 2026 08:00:00 +0100</pubDate>
    </item>
  </channel>
</rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Alignment Blog</title>
  <link href="https://blog.example.org/"/>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2025-01-02T10:00:00Z</updated>
  <entry>
    <title type="html">Why &lt;i&gt;corrigibility&lt;/i&gt; is hard</title>
    <link rel="alternate" href="https://blog.example.org/corrigibility"/>
    <id>tag:blog.example.org,2025:corrigibility</id>
    <published>2025-01-02T12:30:00+02:00</published>
    <updated>2025-01-03T00:00:00Z</updated>
    <author><name>Alice Author</name></author>
    <author><name>Bob Writer</name></author>
    <summary>Short summary.</summary>
    <content type="html">&lt;p&gt;A much longer body about corrigibility.&lt;/p&gt;
      &lt;p&gt;It has two paragraphs.&lt;/p&gt;</content>
  </entry>
</feed>"""


def test_rss_item_fields_a_reader_sees():
    info, docs = parse_feed(RSS, "https://www.alignmentforum.org/feed.xml")
    assert info.title == "AI Alignment Forum"
    assert info.link == "https://www.alignmentforum.org"
    doc = docs[0]
    assert doc.kind == "feed"
    assert doc.identity == "abc"
    assert doc.title == "Goal misgeneralisation is the default"
    assert doc.url == "https://www.alignmentforum.org/posts/abc/goal"
    assert doc.authors == ["Jane Doe"]
    assert doc.published == datetime(2026, 2, 12, 19, 38, 50, tzinfo=UTC)
    assert doc.source_feed == "https://www.alignmentforum.org/feed.xml"
    assert doc.meta["tags"] == "inner alignment, generalisation"


def test_rss_item_text_is_clean_paragraphs_without_feed_furniture():
    _, docs = parse_feed(RSS, "feed")
    text = docs[0].text
    assert text.startswith("1. Summary\n\nTraining on a proxy does not pin down the goal.[1]")
    assert "- first reason\n- second reason" in text
    assert text.endswith("Second & final paragraph.")
    assert "Published on" not in text
    assert "Discuss" not in text
    assert "<" not in text


def test_item_without_body_keeps_its_title_as_text_and_dates_become_utc():
    _, docs = parse_feed(RSS, "feed")
    doc = docs[1]
    assert doc.text == "Title only, no body"
    assert doc.identity == "https://example.org/title-only"
    assert doc.published == datetime(2026, 2, 13, 7, 0, tzinfo=UTC)


def test_atom_uses_longest_body_all_authors_and_plain_title():
    info, docs = parse_feed(ATOM, "atom")
    assert info.title == "Example Alignment Blog"
    doc = docs[0]
    assert doc.title == "Why corrigibility is hard"
    assert doc.identity == "tag:blog.example.org,2025:corrigibility"
    assert doc.authors == ["Alice Author", "Bob Writer"]
    assert doc.text == "A much longer body about corrigibility.\n\nIt has two paragraphs."
    assert doc.published == datetime(2025, 1, 2, 10, 30, tzinfo=UTC)


def test_duplicate_guids_collapse_to_the_first():
    item = (
        "<item><title>{t}</title><guid>same-guid</guid><description>{t} body</description></item>"
    )
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        + item.format(t="First")
        + item.format(t="Second")
        + "</channel></rss>"
    ).encode()
    _, docs = parse_feed(feed, "dupes")
    assert [d.title for d in docs] == ["First"]


def test_scripts_and_event_handlers_never_reach_the_text():
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>
    <item><title>Hostile</title><guid>h1</guid><description><![CDATA[
      <p>Visible claim.</p><script>alert('pwned')</script>
      <img src="x" onerror="alert('img')"><style>p{color:red}</style>
      <iframe src="https://evil.example"></iframe><p onclick="steal()">Second claim.</p>
    ]]></description></item></channel></rss>"""
    _, docs = parse_feed(feed, "hostile")
    text = docs[0].text
    assert text == "Visible claim.\n\nSecond claim."
    for bad in ("alert", "onerror", "script", "color:red", "steal", "evil"):
        assert bad not in text


def test_truncated_feed_keeps_the_complete_items():
    truncated = RSS[: RSS.index(b"<title>Title only")]
    _, docs = parse_feed(truncated, "cut")
    assert docs and docs[0].title == "Goal misgeneralisation is the default"


def test_html_page_is_not_a_feed():
    page = b"<!DOCTYPE html><html><head><title>Blog</title></head><body><p>Hi</p></body></html>"
    with pytest.raises(IngestError, match="^not an RSS/Atom feed: got an HTML page") as info:
        parse_feed(page, "https://blog.example.org/")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("junk", [b"", b"\x00\x01\x02 binary", b'{"json": true}'])
def test_non_feeds_are_refused_with_one_line(junk):
    with pytest.raises(IngestError, match="^not an RSS/Atom feed: ") as info:
        parse_feed(junk, "junk")
    assert "\n" not in str(info.value)


def test_valid_empty_feed_has_no_documents():
    feed = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    info, docs = parse_feed(feed, "quiet")
    assert info.title == "Quiet" and docs == []


def test_arxiv_announce_items_get_arxiv_identity_and_clean_abstract():
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>cs.AI updates</title>
    <item><title>Mirrors of Minds</title><link>https://arxiv.org/abs/2602.22508</link>
    <description>arXiv:2602.22508v1 Announce Type: new
Abstract: Large reasoning models are fragile.</description>
    <guid isPermaLink="false">oai:arXiv.org:2602.22508v1</guid></item></channel></rss>"""
    _, docs = parse_feed(feed, "arxiv-rss")
    assert docs[0].identity == "arxiv:2602.22508"
    assert docs[0].meta["arxiv_id"] == "2602.22508"
    assert docs[0].text == "Large reasoning models are fragile."


def test_shared_alignment_forum_sample(shared_dir):
    data = (shared_dir / "samples" / "alignment-forum-sample.xml").read_bytes()
    info, docs = parse_feed(data, "af")
    assert info.title == "AI Alignment Forum"
    assert len(docs) == 1
    doc = docs[0]
    assert doc.title.startswith("AF - Expanding the domain of discourse")
    assert doc.url.startswith("https://www.alignmentforum.org/posts/")
    assert doc.url == doc.url.strip()
    assert doc.authors == ["Dan H"]
    assert doc.published == datetime(2023, 4, 7, 18, 40, 22, tzinfo=UTC)
    # The item's whole description is the podcast's spoken lead-in: nothing of it is kept.
    assert "Nonlinear Library" not in doc.text
    assert doc.text == doc.title


NONLINEAR_ITEM = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Reader</title>
<item><title>AF - Oversight will not scale by Ada Author</title>
<link>https://www.alignmentforum.org/posts/Qx7/oversight-will-not-scale</link>
<description><![CDATA[<p>Welcome to The Nonlinear Library, where we use Text-to-Speech software to convert the best writing from the Rationalist and EA communities into audio. This is: Oversight will not scale, published by Ada Author on April 7, 2023 on The AI Alignment Forum. Unlike <a href="https://www.alignmentforum.org/posts/Pq2/debate-works">the debate post</a>, I think oversight fails at scale.</p>
<p>Thanks for listening. To help us out with The Nonlinear Library or to learn more, please visit nonlinear.org.</p>]]></description>
</item></channel></rss>"""


def test_reader_preamble_and_sign_off_are_dropped_and_links_follow():
    _, (doc,) = parse_feed(NONLINEAR_ITEM, "reader")
    assert doc.text.startswith("Unlike the debate post, I think")
    assert doc.text.endswith("oversight fails at scale.")
    (link,) = doc.links
    assert doc.text[link.start : link.end] == "the debate post"
    assert link.href == "https://www.alignmentforum.org/posts/Pq2/debate-works"


def test_an_authors_own_this_is_sentence_is_kept():
    from ingest.parsers.feeds import strip_reader_preamble

    text = "This is: a claim I will defend, published by nobody in particular."
    assert strip_reader_preamble(text) == text


COMMENT_FEED = b"""<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0">
<title>Comments</title>
<entry><id>c1</id><title>Re: oversight</title>
<link href="https://www.lesswrong.com/posts/Qx7/oversight?commentId=k9"/>
<content type="html">&lt;p&gt;I disagree with &lt;a href="/posts/Pq2/debate-works"&gt;this&lt;/a&gt;.&lt;/p&gt;</content>
</entry>
<entry><id>c2</id><title>Re: threaded</title><link href="https://blog.example/c2"/>
<thr:in-reply-to ref="p9" href="https://blog.example/posts/9"/>
<content type="html">&lt;p&gt;Fair point.&lt;/p&gt;</content></entry>
</feed>"""


def test_comments_know_what_they_reply_to_and_relative_links_resolve():
    _, docs = parse_feed(COMMENT_FEED, "comments")
    by_id = {d.identity: d for d in docs}
    assert by_id["c1"].reply_to == "https://www.lesswrong.com/posts/Qx7/oversight"
    assert by_id["c2"].reply_to == "https://blog.example/posts/9"
    (link,) = by_id["c1"].links
    assert link.href == "https://www.lesswrong.com/posts/Pq2/debate-works"
    assert by_id["c1"].text[link.start : link.end] == "this"
