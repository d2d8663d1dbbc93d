"""Markdown notes with front matter, including clipped posts holding raw HTML."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ingest.models import IngestError
from ingest.parsers.notes import parse_note

NOTE = b"""---
title: "Notes on deceptive alignment"
author: Ada Lovelace and Alan Turing
date: 2024-05-01
tags: [inner-alignment, deception]
---

# Notes on deceptive alignment

## Main claim

A model that **models its training process** could *play along* until
deployment. See [the original post](https://example.org/post) and `code`.

- first point
- [ ] open question

---

> A quoted objection.
"""

CLIPPED = b"""---
title: "Clipped post"
source: "ai-alignment RSS"
url: "https://www.alignmentforum.org/posts/xyz/clipped-post"
date: 2026-02-12T19:38:50.000Z
---

# Clipped post

> Published on February 12, 2026 7:38 PM GMT<br/><br/><h2>1. Summary</h2>
> <p>LLMs lack <i>metacognitive skills</i>.</p><p>They produce slop.</p><br/><br/>
> <a href="https://www.alignmentforum.org/posts/xyz#comments">Discuss</a>

## Related

- first link
"""


def test_front_matter_fields():
    doc = parse_note(NOTE, "/notes/deception.md")
    assert doc.kind == "notes"
    assert doc.title == "Notes on deceptive alignment"
    assert doc.authors == ["Ada Lovelace", "Alan Turing"]
    assert doc.published == datetime(2024, 5, 1, tzinfo=UTC)
    assert doc.meta["tags"] == "inner-alignment, deception"
    assert doc.identity == "file:/notes/deception.md"
    assert doc.url is None


def test_markdown_becomes_readable_text():
    text = parse_note(NOTE, "n.md").text
    assert text == (
        "Main claim\n\n"
        "A model that models its training process could play along until deployment. "
        "See the original post and code.\n\n"
        "- first point\n- open question\n\n"
        "A quoted objection."
    )


def test_clipped_html_in_blockquote_is_converted():
    doc = parse_note(CLIPPED, "clip.md")
    assert doc.identity == "https://www.alignmentforum.org/posts/xyz/clipped-post"
    assert doc.url == doc.identity
    assert doc.published == datetime(2026, 2, 12, 19, 38, 50, tzinfo=UTC)
    assert doc.meta["note_source"] == "ai-alignment RSS"
    assert doc.text == (
        "1. Summary\n\nLLMs lack metacognitive skills.\n\nThey produce slop.\n\n"
        "Related\n\n- first link"
    )


def test_note_without_front_matter_takes_title_from_heading():
    doc = parse_note(b"# A heading title\n\nBody paragraph.\n", "plain.md")
    assert doc.title == "A heading title"
    assert "Body paragraph." in doc.text


def test_bad_yaml_is_one_line_error():
    with pytest.raises(IngestError, match=r"^bad YAML front matter: .*\(line 2\)$") as info:
        parse_note(b"---\ntitle: a: b\n---\nbody\n", "bad.md")
    assert "\n" not in str(info.value)


def test_front_matter_that_is_not_a_mapping_still_keeps_the_body():
    doc = parse_note(b"---\n- just\n- a list\n---\nThe body survives.\n", "list.md")
    assert doc.text == "The body survives."
    assert doc.title == "The body survives."


def test_shared_clipped_seed(shared_dir):
    path = next((shared_dir / "seeds").glob("000_*.txt"))
    doc = parse_note(path.read_bytes(), str(path))
    assert doc.title.startswith("Human-like metacognitive skills will reduce LLM slop")
    assert doc.url.startswith("https://www.alignmentforum.org/posts/")
    assert doc.published == datetime(2026, 2, 12, 19, 38, 50, tzinfo=UTC)
    assert doc.text.startswith("1. Summary and overview\n\nLLMs seem to lack metacognitive skills")
    assert "Published on" not in doc.text
    assert "<" not in doc.text.replace("<->", "")
    assert "\n> " not in doc.text


REPLY_NOTE = b"""---
title: Reply to the optimism post
url: https://notes.example/reply
in_reply_to: https://www.lesswrong.com/posts/Ab1/the-case-for-optimism
---

As [the optimism post](https://www.lesswrong.com/posts/Ab1/the-case-for-optimism "title")
argues, **training** generalises; I doubt it (see <https://arxiv.org/abs/2401.05566>).
An ![image](fig.png) is not a link, and [a local one](/elsewhere) resolves.

> <p>Clipped: <a href="https://blog.example/p">a clipped post</a> says otherwise.</p>
"""


def test_note_links_and_in_reply_to():
    doc = parse_note(REPLY_NOTE, "reply.md")
    assert doc.reply_to == "https://www.lesswrong.com/posts/Ab1/the-case-for-optimism"
    assert [(doc.text[k.start : k.end], k.href) for k in doc.links] == [
        ("the optimism post", "https://www.lesswrong.com/posts/Ab1/the-case-for-optimism"),
        ("https://arxiv.org/abs/2401.05566", "https://arxiv.org/abs/2401.05566"),
        ("a local one", "https://notes.example/elsewhere"),
        ("a clipped post", "https://blog.example/p"),
    ]
    assert "image" in doc.text and "(" not in doc.text.split("(see")[0]


def test_note_text_does_not_change_when_links_are_tracked():
    from ingest.parsers.notes import note_body_to_text

    body = "A [link](https://a.org) and *emphasis* and __bold [inside](https://b.org)__."
    assert note_body_to_text(body) == "A link and emphasis and bold inside."
    hrefs: list[str] = []
    note_body_to_text(body, hrefs=hrefs)
    assert hrefs == ["https://a.org", "https://b.org"]


def test_a_note_named_by_a_urn_is_what_another_notes_in_reply_to_points_at():
    """A notes folder without web addresses still says who answers whom: a note may name
    itself `urn:...` and another answer it; the name is not a link (`url` stays empty)."""
    from assistant.offline.dialogue import DialogueIndex, DialogueRow

    summary = parse_note(
        b"---\ntitle: A summary\nauthor: Wendy Marsh\nurl: urn:reading-notes:7\n---\n\n"
        b"Wendy argues that oversight must come first.\n",
        "summary.md",
    )
    opinion = parse_note(
        b"---\ntitle: My opinion\nauthor: Rohan\nurl: urn:reading-notes:7:opinion\n"
        b"in_reply_to: urn:reading-notes:7\n---\n\nI disagree with Wendy that oversight "
        b"must come first.\n",
        "opinion.md",
    )
    assert summary.url is None and summary.meta["uri"] == "urn:reading-notes:7"
    assert opinion.reply_to == "urn:reading-notes:7"
    assert summary.identity == "file:summary.md"  # as before: an existing library keeps it
    index = DialogueIndex.build(
        [
            DialogueRow("s", summary.authors, summary.title, summary.text, "urn:reading-notes:7"),
            DialogueRow("o", opinion.authors, opinion.title, opinion.text, None, opinion.reply_to),
        ]
    )
    assert "s" in index.partners("o")
    javascript = parse_note(b"---\ntitle: x\nin_reply_to: javascript:alert(1)\n---\n\nx\n", "x.md")
    assert javascript.reply_to is None
