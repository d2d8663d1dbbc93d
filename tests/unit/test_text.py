"""HTML to text and text normalisation: what ends up stored, quoted and searched."""

from __future__ import annotations

from ingest.text import html_to_text, looks_like_html, normalise_text, strip_feed_preamble


def test_blocks_become_paragraphs_and_inline_markup_disappears():
    html = "<h2>Intro</h2><p>One <b>bold</b> and <a href='x'>linked</a> word.</p><div>Two</div>"
    assert html_to_text(html) == "Intro\n\nOne bold and linked word.\n\nTwo"


def test_whitespace_inside_paragraphs_is_normalised_and_entities_decoded():
    html = "<p>  Spread\n   over\tlines&nbsp;and &amp; &lt;tags&gt; &#8212; ok  </p>"
    assert html_to_text(html) == "Spread over lines and & <tags> \u2014 ok"


def test_list_items_are_lines():
    html = "<p>Reasons:</p><ul><li>first</li><li>second</li></ul><ol><li>a</li><li>b</li></ol>"
    assert html_to_text(html) == "Reasons:\n\n- first\n- second\n\n1. a\n2. b"


def test_br_is_a_newline_and_two_make_a_paragraph():
    assert html_to_text("a<br>b<br/><br/>c") == "a\nb\n\nc"


def test_scripts_styles_noscript_iframes_and_comments_are_dropped():
    html = (
        "<p>Keep</p><script>alert(1)</script><style>.x{}</style><noscript>nojs</noscript>"
        "<iframe src='https://evil'></iframe><!-- secret --><p>this</p>"
    )
    text = html_to_text(html)
    assert text == "Keep\n\nthis"


def test_pre_keeps_its_lines_and_indentation():
    html = "<p>Code:</p><pre>def f():\n    return 1</pre>"
    assert html_to_text(html) == "Code:\n\ndef f():\n    return 1"


def test_tables_keep_rows_on_lines():
    html = "<table><tr><th>model</th><th>score</th></tr><tr><td>A</td><td>1</td></tr></table>"
    assert html_to_text(html) == "model | score\nA | 1"


def test_footnote_markers_stay_as_text():
    html = '<p>Claim.<span class="fn"><sup><a href="#fn1">[1]</a></sup></span> Next.</p>'
    assert html_to_text(html) == "Claim.[1] Next."


def test_deeply_nested_html_does_not_hit_recursion_limit():
    html = "<div>" * 5000 + "deep" + "</div>" * 5000
    assert html_to_text(html) == "deep"


def test_empty_and_textless_html():
    assert html_to_text("") == ""
    assert html_to_text("<script>x</script>") == ""


def test_strip_feed_preamble_removes_date_line_and_discuss_link():
    html = (
        "Published on February 12, 2026 7:38 PM GMT<br/><br/><p>Body text.</p>"
        '<br/><br/><a href="https://www.lesswrong.com/posts/x#comments">Discuss</a>'
    )
    assert strip_feed_preamble(html_to_text(html)) == "Body text."


def test_strip_feed_preamble_leaves_ordinary_text_alone():
    text = "We discuss this.\n\nPublished on February 12, 2026 7:38 PM GMT is a date."
    assert strip_feed_preamble(text) == text


def test_normalise_text():
    raw = "Cafe\u0301 line  \r\nnext\x00\x07 line\r\n\n\n\n\nend \t\n"
    assert normalise_text(raw) == "Caf\u00e9 line\nnext line\n\nend"


def test_normalise_unfolds_pdf_ligatures():
    assert normalise_text("arti\ufb01cial e\ufb00ort") == "artificial effort"


def test_looks_like_html():
    assert looks_like_html("<p>Hello</p>")
    assert looks_like_html("<!DOCTYPE html><title>x</title>")
    assert not looks_like_html("if a < b and c > d then")
    assert not looks_like_html("A note with one stray <br> only")
    assert not looks_like_html("Plain text.")
