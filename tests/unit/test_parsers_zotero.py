"""Zotero CSV exports: the standard columns, "Last, First; Last, First" authors, attachments."""

from __future__ import annotations

import csv
import io

import pytest

from ingest.parsers.detect import detect_kind
from ingest.parsers.reflibrary import parse_reference_library
from ingest.parsers.zotero_csv import parse_zotero_csv
from tests.fixtures.make_pdfs import paper_pdf

COLUMNS = [
    "Key", "Item Type", "Publication Year", "Author", "Title", "Publication Title", "DOI",
    "Url", "Abstract Note", "Date", "Manual Tags", "File Attachments", "Extra",
]  # fmt: skip


def export(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in COLUMNS})
    return ("\ufeff" + out.getvalue()).encode("utf-8")


ROWS = [
    {
        "Key": "AAAA1111",
        "Item Type": "blogPost",
        "Publication Year": "2021",
        "Author": "Byrnes, Steven; Shah, Rohin",
        "Title": "Inner alignment in the brain",
        "Publication Title": "AI Alignment Forum",
        "Url": "https://www.alignmentforum.org/posts/AbCdEfGhIjKlMnOpQ/inner-alignment-in-the-brain",
        "Abstract Note": "A post about how the brain does,\nor does not, solve inner alignment.",
        "Date": "2021-04-22",
        "Manual Tags": "neuroscience; inner alignment",
    },
    {"Key": "BBBB2222", "Item Type": "journalArticle", "Title": ""},
    {
        "Key": "CCCC3333",
        "Item Type": "journalArticle",
        "Publication Year": "2016",
        "Author": "Amodei, Dario",
        "Title": "Concrete problems",
        "DOI": "10.1000/CP.2016",
        "File Attachments": "files/missing.pdf; files/cp.pdf",
    },
]


def test_rows_become_entries_with_people_first_names_first():
    entries, errors = parse_zotero_csv(export(ROWS))
    first = entries[0]
    assert first.authors == ["Steven Byrnes", "Rohin Shah"]
    assert first.date.date().isoformat() == "2021-04-22"
    assert first.tags == ["neuroscience", "inner alignment"]
    assert first.abstract == "A post about how the brain does, or does not, solve inner alignment."
    assert entries[1].date.year == 2016 and entries[1].doi == "10.1000/cp.2016"
    assert [(e.where, e.error) for e in errors] == [("row 3", "item BBBB2222 has no title")]


def test_an_attached_pdf_that_exists_is_the_full_text(tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "cp.pdf").write_bytes(
        paper_pdf("Concrete Problems", ["Accidents in machine learning systems are a risk."])
    )
    source = str(tmp_path / "export.csv")
    docs, errors = parse_reference_library(export(ROWS), source, "zotero")
    post, paper = docs
    assert post.kind == "text" and post.text.startswith("Inner alignment in the brain\n\nA post")
    assert paper.kind == "pdf" and "Accidents in machine learning" in paper.text
    assert paper.title == "Concrete problems"  # the library's metadata, not the PDF's
    assert paper.authors == ["Dario Amodei"] and paper.meta["attachment"].endswith("cp.pdf")
    assert paper.identity == "doi:10.1000/cp.2016"
    assert len(errors) == 1


def test_an_unreadable_attachment_keeps_the_entry(tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "cp.pdf").write_bytes(b"%PDF-1.4 this is not really a PDF")
    docs, errors = parse_reference_library(export(ROWS), str(tmp_path / "e.csv"), "zotero")
    assert len(docs) == 2 and docs[1].kind == "text"
    assert any("CCCC3333" in e.where and "(entry kept)" in e.error for e in errors)


def test_detected_by_header():
    assert detect_kind(export(ROWS), "My Library.csv") == "zotero"
    assert detect_kind(b"a,b,c\n1,2,3\n", "numbers.csv") == "text"


def test_shared_real_export(shared_dir):
    path = shared_dir / "samples" / "real" / "zotero-alignment-bibliography-sample.csv"
    if not path.exists():
        pytest.skip("no real Zotero export")
    docs, errors = parse_reference_library(path.read_bytes(), str(path), "zotero")
    assert len(docs) == 400 and errors == []
    assert all(d.authors and d.title for d in docs[:50])
    assert len({d.identity for d in docs}) == len(docs)
    assert sum(d.published is not None for d in docs) >= 390
