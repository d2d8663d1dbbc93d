"""ui/safe.py: source text shown through markdown must come out as the same characters."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from ui.safe import WORD_JOINER, md, md_inline, plain, safe_url

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "![pwn](https://evil.example/x.png)",
    "[click me](javascript:alert(1))",
    "<https://evil.example>",
    "see https://evil.example/path and www.evil.example",
    "mail me: someone@evil.example",
    "**bold** _it_ `code` ~~gone~~",
    "# Heading\n\n> quote\n\n- item\n1. item",
    "$x^2$ and $$y$$",
    ":red[coloured] :material/home: :smile:",
    "a | table | row\n--- | --- | ---",
    "<a href='https://evil.example'>x</a>",
    "text with \\ backslash and \\*escaped\\*",
]


def render(markdown: str) -> str:
    """CommonMark with GFM tables and strikethrough (Streamlit's renderer is remark + GFM;
    its autolinks and extras are checked in the browser by the e2e suite)."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_to_no_markup(text):
    html = render(md(text))
    for tag in (
        "<script",
        "<img",
        "<a ",
        "<a>",
        "<strong",
        "<em",
        "<code",
        "<h1",
        "<blockquote",
        "<ul",
        "<ol",
        "<table",
        "<del",
    ):
        assert tag not in html, (text, html)


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_keeps_every_character(text):
    import html as htmllib
    import re

    rendered = render(md(text))
    visible = htmllib.unescape(re.sub(r"<[^>]+>", "", rendered)).replace(WORD_JOINER, "")
    assert " ".join(visible.split()) == " ".join(text.split())


def test_streamlit_extras_are_escaped():
    assert md("$x$") == "\\$x\\$"
    assert md(":red[x]") == "\\:" + WORD_JOINER + "red\\[x\\]"


@pytest.mark.parametrize(
    "text, pattern",
    [
        ("see https://evil.example/x", r"https?://"),
        ("see WWW.evil.example", r"(?i)www\."),
        ("mail a@evil.example", r"@[-\w]"),
        ("an :smile: emoji", r":[\w-]+:"),
    ],
)
def test_post_parse_patterns_are_broken(text, pattern):
    """Bare URLs, e-mails and emoji codes are found in parsed text, after escapes are gone:
    the word joiner keeps those patterns from matching."""
    import re

    unescaped = re.sub(r"\\(.)", r"\1", md(text))
    assert not re.search(pattern, unescaped)
    assert unescaped.replace(WORD_JOINER, "") == text


def test_md_inline_flattens_and_shortens():
    assert md_inline("a\n\n b", limit=None) == "a b"
    assert md_inline("abcdefghij", limit=5) == "abcd…"
    assert md(None) == "" and md_inline(None) == ""


def test_plain_is_unescaped_but_flat():
    assert plain("<b>x</b>\n y", limit=None) == "<b>x</b> y"


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        ("JAVASCRIPT:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("file:///etc/passwd", None),
        ("https://", None),
        ("https://ex ample.org", None),
        ('https://example.org/"onmouseover=alert(1)', None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url_allows_only_http(url, expected):
    assert safe_url(url) == expected
