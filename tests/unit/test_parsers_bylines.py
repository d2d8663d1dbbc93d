"""Authors and links recovered from where papers and saved posts print them."""

from __future__ import annotations

from ingest.parsers.pdf import byline_authors
from ingest.parsers.plaintext import find_byline, parse_plain_text

FIRST_PAGE = """arXiv:2209.00626v8  [cs.AI]  4 May 2025
Published as a conference paper at ICLR 2024
Risks from Learned Optimization
Ada Quill∗
Example University
Ben Okoro, Carla Ruiz and Dan Man´e
Some Research Lab
ada@example.org
Abstract
We study mesa-optimization."""


def test_paper_front_matter_names_without_affiliations_or_emails():
    names = byline_authors(FIRST_PAGE, "Risks from Learned Optimization")
    assert names == ["Ada Quill", "Ben Okoro", "Carla Ruiz", "Dan Mané"]


def test_no_abstract_heading_means_no_guess():
    assert byline_authors("A Title\nSome Person\nBody text follows.", "A Title") == []


def test_text_byline_gives_authors_and_date():
    names, date = find_byline(
        "Control buys time\nby Jane Roe and John Doe, 10 February 2025\n\nBody."
    )
    assert names == ["Jane Roe", "John Doe"] and date.year == 2025 and date.month == 2


def test_saved_arxiv_page_gets_its_abs_url():
    text = b"Skip to main content\nA Paper Title\n\narXiv:2602.22508v1 Announce Type: new Abstract: We show things."
    doc = parse_plain_text(text, "/tmp/page.txt")
    assert doc.url == "https://arxiv.org/abs/2602.22508" and doc.identity == "arxiv:2602.22508"
