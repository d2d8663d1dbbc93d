"""PDF parsing on real PDFs generated here and, when present, the shared arXiv samples."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest

from ingest.models import IngestError
from ingest.parsers.pdf import parse_pdf
from tests.fixtures.make_pdfs import encrypt, encrypt_owner_only, paper_pdf

BODY_1 = "Reward hacking is common in reinforcement learning. " * 8
BODY_2 = "Scalable oversight asks how humans can supervise strong models."
BODY_3 = "We conclude that debate helps on some tasks."


def three_page_paper(**kwargs) -> bytes:
    return paper_pdf("Debate as Scalable Oversight", [BODY_1, BODY_2, BODY_3], **kwargs)


def test_multi_page_text_and_page_starts_point_at_each_page():
    doc = parse_pdf(three_page_paper(), "/papers/debate.pdf")
    assert doc.kind == "pdf"
    assert len(doc.page_starts) == 3
    assert doc.page_starts[0] == 0
    assert doc.text[doc.page_starts[1] :].startswith("Scalable oversight asks")
    assert doc.text[doc.page_starts[2] :].startswith("We conclude that debate")
    assert doc.text[doc.page_starts[1] - 2 : doc.page_starts[1]] == "\n\n"
    assert doc.meta["pages"] == "3"
    assert doc.identity == "file:/papers/debate.pdf"
    assert doc.url is None


def test_title_from_first_page_when_metadata_is_empty():
    doc = parse_pdf(three_page_paper(metadata_title=""), "debate.pdf")
    assert doc.title == "Debate as Scalable Oversight"


def test_title_wrapping_over_two_lines_is_joined():
    title = "Scalable Oversight Is Harder Than It Looks: Evidence From Twelve Debate Games"
    doc = parse_pdf(paper_pdf(title, [BODY_1]), "x.pdf")
    assert doc.title == title


def test_arxiv_stamp_is_not_the_title_but_gives_identity():
    data = three_page_paper(
        arxiv_stamp="arXiv:2401.01234v3 [cs.AI] 3 May 2025",
        header_line="Published as a conference paper at ICLR 2024",
    )
    doc = parse_pdf(data, "/tmp/2401.01234v3.pdf")
    assert doc.title == "Debate as Scalable Oversight"
    assert doc.identity == "arxiv:2401.01234"
    assert doc.meta["arxiv_id"] == "2401.01234"
    assert doc.meta["version"] == "v3"


def test_title_from_lines_when_fonts_give_no_signal():
    data = paper_pdf(
        "Risks from Learned Optimization in Advanced Systems",
        ["We analyse mesa-optimisation. " * 10],
        header_line="WORKING DRAFT",
        title_size=11,
    )
    assert parse_pdf(data, "x.pdf").title == "Risks from Learned Optimization in Advanced Systems"


def test_good_metadata_title_and_authors_win():
    authors = "Ada Lovelace; Alan Turing and Grace Hopper"
    data = three_page_paper(metadata_title="Debate, Revisited", author=authors)
    doc = parse_pdf(data, "x.pdf")
    assert doc.title == "Debate, Revisited"
    assert doc.authors == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert isinstance(doc.published, datetime) and doc.published.tzinfo is not None


@pytest.mark.parametrize("junk", ["untitled", "paper.pdf", "Microsoft Word - draft3.docx", "abc"])
def test_junk_metadata_title_is_ignored(junk):
    doc = parse_pdf(three_page_paper(metadata_title=junk), "x.pdf")
    assert doc.title == "Debate as Scalable Oversight"


def test_url_source_is_kept_as_url():
    doc = parse_pdf(three_page_paper(), "https://example.org/papers/debate.pdf")
    assert doc.url == "https://example.org/papers/debate.pdf"
    assert doc.identity == "file:https://example.org/papers/debate.pdf"


def test_non_pdf_bytes_are_refused():
    with pytest.raises(IngestError, match="^not a PDF file$"):
        parse_pdf(b"<html><body>Please log in</body></html>", "paper.pdf")


def test_truncated_pdf_is_one_line_error():
    data = three_page_paper()
    with pytest.raises(IngestError) as info:
        parse_pdf(data[: len(data) // 3], "cut.pdf")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(("corrupt PDF", "no extractable text"))


def test_encrypted_pdf_with_user_password_is_refused():
    with pytest.raises(IngestError, match="^encrypted PDF: ") as info:
        parse_pdf(encrypt(three_page_paper(), "secret"), "locked.pdf")
    assert "\n" not in str(info.value)


def test_encrypted_pdf_with_empty_user_password_opens():
    doc = parse_pdf(encrypt_owner_only(three_page_paper()), "owner-locked.pdf")
    assert "Scalable oversight asks" in doc.text


def test_page_and_size_limits_are_stated():
    data = three_page_paper()
    with pytest.raises(IngestError, match=r"3 pages \(limit 2\)"):
        parse_pdf(data, "x.pdf", max_pages=2)
    with pytest.raises(IngestError, match=r"limit 100\)"):
        parse_pdf(data, "x.pdf", max_bytes=100)


def test_pypdf_does_not_log_warnings():
    assert logging.getLogger("pypdf").getEffectiveLevel() >= logging.ERROR


SAMPLES = [
    (
        "alignment-problem-from-deep-learning-perspective.pdf",
        "The Alignment Problem from a Deep Learning Perspective",
        "2209.00626",
    ),
    ("concrete-problems-in-ai-safety.pdf", "Concrete Problems in AI Safety", "1606.06565"),
]


@pytest.mark.parametrize(("name", "title", "arxiv_id"), SAMPLES)
def test_shared_arxiv_papers(shared_dir, name, title, arxiv_id):
    path = shared_dir / "samples" / name
    doc = parse_pdf(path.read_bytes(), str(path))
    assert doc.title == title
    assert doc.identity == f"arxiv:{arxiv_id}"
    assert len(doc.page_starts) == int(doc.meta["pages"]) > 20
    assert "artificial" in doc.text  # ligatures unfolded so searches match
    assert "Abstract" in doc.text[: doc.page_starts[1]]
