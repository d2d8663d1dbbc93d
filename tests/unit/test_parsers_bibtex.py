"""BibTeX libraries: the fields a researcher filed, names as people, one line per bad entry."""

from __future__ import annotations

from ingest.parsers.bibliography import entry_document
from ingest.parsers.bibtex import parse_bibtex
from ingest.parsers.detect import detect_kind

LIBRARY = rb"""% exported by a reference manager
@article{hubinger2019risks,
  title = {Risks from {L}earned Optimization in Advanced Machine Learning Systems},
  author = {Hubinger, Evan and van Merwijk, Chris and Vladimir Mikulik and others},
  year = {2019},
  month = jun,
  doi = {10.48550/arXiv.1906.01820},
  keywords = {mesa-optimization, inner alignment},
  abstract = {We analyze the type of learned optimization that occurs when a learned
    model is itself an optimizer.},
  file = {Full Text PDF:files/12/hubinger.pdf:application/pdf}
}

@inproceedings{broken2020,
  title = {An entry whose brace never closes,
  author = {Nobody, A.}

@misc{christiano2018,
  title = {Takeoff speeds},
  author = {Paul Christiano},
  date = {2018-02-24},
  url = {https://sideways-view.com/2018/02/24/takeoff-speeds/},
  howpublished = {Blog post}
}

@book{notitle,
  author = {Some One},
  year = 2001
}
"""


def test_entries_carry_title_people_date_doi_url_abstract_and_tags():
    entries, _ = parse_bibtex(LIBRARY)
    first = entries[0]
    assert first.title == "Risks from Learned Optimization in Advanced Machine Learning Systems"
    assert first.authors == ["Evan Hubinger", "Chris van Merwijk", "Vladimir Mikulik"]
    assert (first.date.year, first.date.month) == (2019, 6)
    assert first.doi == "10.48550/arxiv.1906.01820"
    assert first.tags == ["mesa-optimization", "inner alignment"]
    assert first.abstract.startswith("We analyze the type of learned optimization")
    assert "\n" not in first.abstract
    second = entries[1]
    assert second.title == "Takeoff speeds" and second.authors == ["Paul Christiano"]
    assert second.date.isoformat().startswith("2018-02-24")
    assert second.url == "https://sideways-view.com/2018/02/24/takeoff-speeds/"


def test_syntax_error_is_one_line_and_the_rest_lands():
    entries, errors = parse_bibtex(LIBRARY)
    assert [e.key for e in entries] == ["hubinger2019risks", "christiano2018"]
    assert len(errors) == 2
    syntax = errors[0]
    assert syntax.where == "line 14" and "BibTeX syntax error" in syntax.error
    assert "broken2020" in syntax.error
    assert all("\n" not in e.error for e in errors)
    assert "notitle has no title" in errors[1].error


def test_an_arxiv_doi_gives_the_arxiv_identity_so_the_paper_merges():
    entries, _ = parse_bibtex(LIBRARY)
    doc = entry_document(entries[0], "/lib/my.bib", "bibtex")
    assert doc.identity == "arxiv:1906.01820"
    assert (
        doc.text.startswith("Risks from Learned Optimization")
        and "learned optimization" in doc.text
    )
    assert doc.meta["tags"] == "mesa-optimization; inner alignment"
    assert doc.meta["citation_key"] == "hubinger2019risks"
    other = entry_document(entries[1], "/lib/my.bib", "bibtex")
    assert other.identity == "https://sideways-view.com/2018/02/24/takeoff-speeds/"


def test_detected_by_extension_and_by_content():
    assert detect_kind(LIBRARY, "library.bib") == "bibtex"
    assert detect_kind(LIBRARY, "export.txt") == "bibtex"


def test_arxiv_bibtex_eprint_and_scholar_venue_name_the_paper():
    bib = b"""@misc{burns2022,
  title = {Discovering Latent Knowledge in Language Models Without Supervision},
  author = {Collin Burns and Haotian Ye},
  year = {2022},
  eprint = {2212.03827},
  archivePrefix = {arXiv},
  primaryClass = {cs.CL}
}
@article{ngo2022,
  title = {The alignment problem from a deep learning perspective},
  author = {Ngo, Richard and Chan, Lawrence},
  journal = {arXiv preprint arXiv:2209.00626},
  year = {2022}
}"""
    entries, errors = parse_bibtex(bib)
    assert errors == []
    docs = [entry_document(e, "s.bib", "bibtex") for e in entries]
    assert [d.identity for d in docs] == ["arxiv:2212.03827", "arxiv:2209.00626"]
    assert docs[0].url == "https://arxiv.org/abs/2212.03827"
