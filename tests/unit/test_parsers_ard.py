"""Alignment Research Dataset lines: the dataset's shape, identities that merge, bad lines."""

from __future__ import annotations

import json

from ingest.models import ParsedDocument
from ingest.parsers.ard import looks_like_ard, parse_ard_lines
from ingest.parsers.bibliography import EntryError
from ingest.parsers.detect import detect_kind


def line(**fields) -> bytes:
    entry = {
        "id": "abc123",
        "source": "alignmentforum",
        "title": "A post",
        "text": "Some text about deceptive alignment.",
        "url": "n/a",
        "date_published": "n/a",
        "authors": [],
        "summary": [],
    }
    entry.update(fields)
    return json.dumps(entry).encode()


FORUM = line(
    id="e1",
    title="Risks from learned optimization: Introduction",
    url="https://www.alignmentforum.org/posts/FkgsxrGf3QxhfLWHG/risks-from-learned-optimization-introduction",
    date_published="2019-05-31T23:44:53Z",
    authors=["evhub", "Chris van Merwijk"],
    summary=["An introduction to mesa-optimization."],
    karma=120,
    tags=["Mesa-Optimization", "Inner Alignment"],
)
PAPER = line(
    id="e2",
    source="arxiv",
    title="Concrete Problems in AI Safety",
    url="https://arxiv.org/abs/1606.06565",
    date_published="2016-06-21T00:00:00Z",
    authors=["Dario Amodei", "Chris Olah"],
    doi="10.48550/arXiv.1606.06565",
)
OTHER = line(id="e3", source="blogs", title="A blog post", url="n/a")


def parse(*lines: bytes) -> list[ParsedDocument | EntryError]:
    return list(parse_ard_lines(lines, "/data/ard.jsonl"))


def test_forum_entry_lands_on_the_forum_post_identity():
    (doc,) = parse(FORUM)
    assert isinstance(doc, ParsedDocument)
    assert doc.identity == "forum:post:FkgsxrGf3QxhfLWHG" and doc.kind == "forum"
    assert doc.meta["slug"] == "risks-from-learned-optimization-introduction"
    assert doc.published.isoformat().startswith("2019-05-31T23:44:53")
    assert doc.authors == ["evhub", "Chris van Merwijk"]
    assert doc.meta["summary"] == "An introduction to mesa-optimization."
    assert doc.meta["karma"] == "120" and doc.meta["tags"] == "Mesa-Optimization, Inner Alignment"
    assert doc.meta["ard_source"] == "alignmentforum" and doc.source == "ard:alignmentforum"


def test_arxiv_entry_lands_on_the_arxiv_identity():
    (doc,) = parse(PAPER)
    assert doc.identity == "arxiv:1606.06565" and doc.kind == "arxiv"
    assert doc.meta["doi"] == "10.48550/arxiv.1606.06565"


def test_missing_url_and_date_are_none_not_the_text_na():
    (doc,) = parse(OTHER)
    assert doc.url is None and doc.published is None and doc.identity == "ard:e3"


def test_truncated_line_and_entry_without_text_are_one_line_each():
    truncated = FORUM[: len(FORUM) // 2]
    results = parse(PAPER, truncated, line(id="empty", text="   "), b"", OTHER)
    errors = [r for r in results if isinstance(r, EntryError)]
    assert [e.where for e in errors] == ["line 2", "line 3"]
    assert errors[0].error.startswith("not a JSON object (truncated line?)")
    assert errors[1].error == "entry empty has no text"
    assert sum(isinstance(r, ParsedDocument) for r in results) == 2


def test_detected_by_its_first_line():
    data = b"\n".join([FORUM, PAPER])
    assert looks_like_ard(data) and detect_kind(data, "ard.jsonl") == "ard"
    assert not looks_like_ard(b'{"name": "x"}\n')


def test_a_json_list_of_entries_reads_too():
    from ingest.parsers.ard import parse_ard_bytes

    data = b"[\n  " + b",\n  ".join([FORUM, line(id="e9", text="")]) + b"\n]"
    assert looks_like_ard(data) and detect_kind(data, "export.json") == "ard"
    results = list(parse_ard_bytes(data, "export.json"))
    assert isinstance(results[0], ParsedDocument)
    assert results[1] == EntryError(where="entry 2", error="entry e9 has no text")
