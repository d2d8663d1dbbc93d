"""Plain text files: encodings, binary junk, titles behind copied site chrome, arXiv stamps."""

from __future__ import annotations

import os

import pytest

from ingest.models import IngestError
from ingest.parsers.plaintext import decode_text, parse_plain_text

TEXT = "Inner alignment, explained\n\nMesa-optimisers may pursue goals — not ours.\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        TEXT.encode("utf-8-sig"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.encode("utf-16-le"),  # no BOM: NULs in every other byte
        TEXT.encode("cp1252"),
    ],
)
def test_encodings_decode_to_the_same_text(data):
    doc = parse_plain_text(data, "/notes/inner.txt")
    assert doc.text == TEXT.strip()
    assert doc.title == "Inner alignment, explained"
    assert doc.kind == "text"
    assert doc.identity == "file:/notes/inner.txt"


@pytest.mark.parametrize(
    "junk",
    [
        bytes(range(256)) * 4,
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00" + bytes(200),
        os.urandom(2048),
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(100),
    ],
)
def test_binary_junk_is_refused(junk):
    with pytest.raises(IngestError, match="^unreadable encoding or binary file$"):
        parse_plain_text(junk, "junk.bin")


def test_empty_file_is_refused():
    with pytest.raises(IngestError, match="empty"):
        parse_plain_text(b"  \n\n ", "empty.txt")


def test_title_skips_copied_site_chrome():
    data = b"Skip to main content\nAcademic\n\nMirrors of Minds: A Study\n\nBody.\n"
    assert parse_plain_text(data, "x.txt").title == "Mirrors of Minds: A Study"


def test_short_real_title_is_kept():
    assert parse_plain_text(b"Corrigibility\n\nA post.\n", "x.txt").title == "Corrigibility"


def test_long_first_line_gives_its_first_sentence_as_title():
    line = "This opening sentence is the gist of the post. " + "More words follow here. " * 20
    title = parse_plain_text(line.encode(), "x.txt").title
    assert title == "This opening sentence is the gist of the post."


def test_arxiv_announce_stamp_gives_identity_and_is_stripped():
    data = b"Mirrors of Minds\n\narXiv:2602.22508v1 Announce Type: new Abstract: Models fail.\n"
    doc = parse_plain_text(data, "x.txt")
    assert doc.identity == "arxiv:2602.22508"
    assert doc.meta["arxiv_id"] == "2602.22508"
    assert doc.text == "Mirrors of Minds\n\nModels fail."


def test_decode_text_keeps_unicode():
    assert decode_text("naïve — “quotes”".encode()) == "naïve — “quotes”"


def test_shared_saved_arxiv_page(shared_dir):
    path = next((shared_dir / "seeds").glob("004_*.txt"))
    doc = parse_plain_text(path.read_bytes(), str(path))
    assert doc.title.startswith("Mirroring the Mind: Distilling Human-Like Metacognitive")
    assert doc.identity == "arxiv:2602.22508"
    assert "Announce Type" not in doc.text


def test_shared_plain_seeds(shared_dir):
    for path in sorted((shared_dir / "seeds").glob("00[13]_*.txt")):
        doc = parse_plain_text(path.read_bytes(), str(path))
        assert 10 < len(doc.title) <= 201
        assert doc.text.count("\n\n\n") == 0
