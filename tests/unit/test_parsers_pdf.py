"""PDF parsing on real PDFs generated here and, when present, the shared arXiv samples."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest

from ingest.models import IngestError
from ingest.parsers.pdf import parse_pdf
from tests.fixtures.make_pdfs import (
    encrypt,
    encrypt_owner_only,
    front_matter_pdf,
    paper_pdf,
    small_caps_pdf,
)

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


def test_pdf_creation_time_is_kept_apart_never_the_publication_date():
    doc = parse_pdf(three_page_paper(metadata_title="Debate, Revisited"), "x.pdf")
    assert doc.published is None  # nothing on the page says when the work appeared
    created = datetime.fromisoformat(doc.meta["pdf_created"])
    assert created.tzinfo is not None


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
        ("Richard Ngo", 2022),
    ),
    (
        "concrete-problems-in-ai-safety.pdf",
        "Concrete Problems in AI Safety",
        "1606.06565",
        ("Dario Amodei", 2016),
    ),
]


@pytest.mark.parametrize(("name", "title", "arxiv_id", "first"), SAMPLES)
def test_shared_arxiv_papers(shared_dir, name, title, arxiv_id, first):
    path = shared_dir / "samples" / name
    doc = parse_pdf(path.read_bytes(), str(path))
    assert doc.title == title
    assert (doc.authors[0], doc.published.year) == first
    assert doc.identity == f"arxiv:{arxiv_id}"
    assert len(doc.page_starts) == int(doc.meta["pages"]) > 20
    assert "artificial" in doc.text  # ligatures unfolded so searches match
    assert "Abstract" in doc.text[: doc.page_starts[1]]


ABSTRACT = "Existing techniques for training language models can be misaligned with the truth. " * 6
BURNS_BYLINE = [
    "Collin Burns* Haotian Ye* Dan Klein Jacob Steinhardt",
    "UC Berkeley Peking University UC Berkeley UC Berkeley",
]
BURNS_TITLE = ["Discovering Latent Knowledge in Language", "Models Without Supervision"]


@pytest.mark.parametrize("gap", [0.0, 1.5])
def test_small_caps_title_is_one_title_in_its_own_case(gap):
    """ICLR's small capitals come out of pypdf as "D" + "ISCOVERING" (or "D ISCOVERING")."""
    doc = parse_pdf(small_caps_pdf(BURNS_TITLE, BURNS_BYLINE, ABSTRACT, initial_gap=gap), "x.pdf")
    assert doc.title == "Discovering Latent Knowledge in Language Models Without Supervision"


def test_small_caps_keep_acronyms_and_the_colon():
    title = ["Sleeper Agents: Training Deceptive LLMs that", "Persist Through Safety Training"]
    doc = parse_pdf(
        small_caps_pdf(title, ["Evan Hubinger, Carson Denison", "Anthropic"], ABSTRACT), "x.pdf"
    )
    assert (
        doc.title == "Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training"
    )
    assert doc.authors == ["Evan Hubinger", "Carson Denison"]


def test_author_list_holds_people_not_title_words_or_affiliations():
    doc = parse_pdf(small_caps_pdf(BURNS_TITLE, BURNS_BYLINE, ABSTRACT), "x.pdf")
    assert doc.authors == ["Collin Burns", "Haotian Ye", "Dan Klein", "Jacob Steinhardt"]


def test_stamped_paper_is_dated_by_its_arxiv_id_not_the_stamp_or_the_file():
    data = small_caps_pdf(
        BURNS_TITLE, BURNS_BYLINE, ABSTRACT, arxiv_stamp="arXiv:2212.03827v2 [cs.CL] 2 Mar 2024"
    )
    doc = parse_pdf(data, "x.pdf")
    assert doc.identity == "arxiv:2212.03827"
    assert (doc.published.year, doc.published.month) == (2022, 12)  # v1, not v2's 2024
    assert doc.meta["pdf_created"][:4] == str(datetime.now().year)


def test_venue_year_dates_a_paper_without_an_arxiv_id():
    doc = parse_pdf(small_caps_pdf(BURNS_TITLE, BURNS_BYLINE, ABSTRACT), "x.pdf")
    assert doc.published is not None and doc.published.year == 2023


def test_multi_line_title_particles_and_a_first_page_doi():
    data = front_matter_pdf(
        ["Risks from Learned Optimization in", "Advanced Machine Learning Systems"],
        [
            "Evan Hubinger, Chris van Merwijk, Vladimir Mikulik",
            "Machine Intelligence Research Institute",
        ],
        ABSTRACT,
        footer="doi:10.1234/abcd.5678.",
    )
    doc = parse_pdf(data, "x.pdf")
    assert doc.title == "Risks from Learned Optimization in Advanced Machine Learning Systems"
    assert doc.authors == ["Evan Hubinger", "Chris van Merwijk", "Vladimir Mikulik"]
    assert doc.meta["doi"] == "10.1234/abcd.5678"


def test_title_in_capitals_is_recased():
    data = front_matter_pdf(
        ["CONCRETE PROBLEMS IN AI SAFETY"], ["Ada Quill", "Example Lab"], ABSTRACT
    )
    assert parse_pdf(data, "x.pdf").title == "Concrete Problems in AI Safety"


def test_arxiv_id_in_a_footer_is_noted_but_is_not_an_identity():
    data = front_matter_pdf(
        ["A Small Paper"], ["Ada Quill"], ABSTRACT, footer="Preprint arXiv:2401.01234"
    )
    doc = parse_pdf(data, "x.pdf")
    assert doc.meta["arxiv_id_mentioned"] == "2401.01234"
    assert doc.identity == "file:x.pdf"


def test_a_date_printed_under_the_byline_dates_a_report():
    data = front_matter_pdf(
        ["A Report on Model Evaluations"], ["Ada Quill", "March 3, 2023"], ABSTRACT
    )
    doc = parse_pdf(data, "x.pdf")
    assert doc.published.date().isoformat() == "2023-03-03"
    assert doc.authors == ["Ada Quill"]


def test_names_set_apart_by_wide_spaces_are_separate_people():
    from ingest.parsers.frontpage import byline_authors

    page = "A Title Here\nAda Quill    Ben Okoro Smith   Carla Ruiz\nSome Lab\nAbstract\nText."
    assert byline_authors(page, "A Title Here") == ["Ada Quill", "Ben Okoro Smith", "Carla Ruiz"]
