"""CSL-JSON exports: item fields as a library entry, one line per unreadable item."""

from __future__ import annotations

import json

import pytest

from ingest.models import IngestError
from ingest.parsers.bibliography import entry_document
from ingest.parsers.csljson import parse_csl_json
from ingest.parsers.detect import detect_kind

ITEMS = [
    {
        "id": "http://zotero.org/users/1/items/ABCD1234",
        "type": "article-journal",
        "title": "Concrete Problems in AI Safety",
        "author": [
            {"family": "Amodei", "given": "Dario"},
            {"family": "Olah", "given": "Chris"},
            {"family": "Oswald", "given": "Johannes", "non-dropping-particle": "von"},
            {"literal": "OpenAI Safety Team"},
        ],
        "issued": {"date-parts": [[2016, 6, 21]]},
        "URL": "http://arxiv.org/abs/1606.06565",
        "abstract": "Rapid progress in machine learning has brought attention to accidents.",
        "keyword": "accidents, reward hacking",
        "container-title": "arXiv",
    },
    {"id": "no-title", "type": "webpage", "URL": "https://example.org/x"},
    {
        "id": "k2",
        "type": "post-weblog",
        "title": "What failure looks like",
        "author": [{"family": "Christiano", "given": "Paul"}],
        "issued": {"raw": "March 17, 2019"},
        "DOI": "https://doi.org/10.5555/WFLL.2019",
    },
    "not an object",
]


def test_items_become_entries_with_people_dates_and_tags():
    entries, errors = parse_csl_json(json.dumps(ITEMS).encode())
    first, second = entries
    assert first.authors == [
        "Dario Amodei",
        "Chris Olah",
        "Johannes von Oswald",
        "OpenAI Safety Team",
    ]
    assert first.date.date().isoformat() == "2016-06-21"
    assert first.tags == ["accidents", "reward hacking"] and first.venue == "arXiv"
    assert second.date.date().isoformat() == "2019-03-17"
    assert second.doi == "10.5555/wfll.2019"
    assert [e.where for e in errors] == ["item 2", "item 4"]
    assert "no-title has no title" in errors[0].error


def test_entry_document_uses_the_arxiv_url_identity_and_the_doi_link():
    entries, _ = parse_csl_json(json.dumps(ITEMS).encode())
    paper = entry_document(entries[0], "lib.json", "csl-json")
    assert paper.identity == "arxiv:1606.06565" and paper.meta["source_format"] == "csl-json"
    post = entry_document(entries[1], "lib.json", "csl-json")
    assert (
        post.identity == "doi:10.5555/wfll.2019" and post.url == "https://doi.org/10.5555/wfll.2019"
    )


def test_not_json_is_one_clear_error():
    with pytest.raises(IngestError, match="^not valid CSL-JSON"):
        parse_csl_json(b'[{"type": "book", "title": "cut')


def test_detected_by_content():
    assert detect_kind(json.dumps(ITEMS).encode(), "export.json") == "csljson"
    assert detect_kind(b'{"name": "package"}', "package.json") != "csljson"
