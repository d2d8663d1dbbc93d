"""Kind detection (content first, name second) and dispatch."""

from __future__ import annotations

import pytest

from ingest.models import IngestError
from ingest.parsers.detect import detect_kind, parse_bytes
from tests.fixtures.make_pdfs import paper_pdf

RSS = (
    b'<?xml version="1.0"?>\n<!-- generated -->'
    b'<rss version="2.0"><channel><title>x</title></channel></rss>'
)
ATOM = b'\xef\xbb\xbf<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>'
RDF = b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'
OPML = b'<?xml version="1.0"?><opml version="2.0"><body/></opml>'
NOTE = b"---\ntitle: x\n---\nbody\n"
HTML = b"<!DOCTYPE html><html><body><p>x</p></body></html>"


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (RSS, "feed.php", "feed"),
        (ATOM, "download", "feed"),
        (RDF, "index.rdf", "feed"),
        (OPML, "subs.xml", "opml"),
        (NOTE, "note.txt", "notes"),
        (HTML, "page.txt", "html"),
        (b"just words", "notes.md", "notes"),
        (b"just words", "page.htm", "html"),
        (b"just words", "https://x.example/a.rss?x=1", "feed"),
        (b"just words", "README", "text"),
        (b"<p>one</p><p>two</p>", "clip", "html"),
        (b"words", "paper.pdf", "pdf"),
        (b"words", "https://x.example/paper.PDF?download=1", "pdf"),
    ],
)
def test_detect_kind(data, name, kind):
    assert detect_kind(data, name) == kind


def test_pdf_magic_wins_over_name():
    assert detect_kind(paper_pdf("A Title For Testing", ["body"]), "paper.txt") == "pdf"


def test_text_named_pdf_is_refused_even_in_auto_mode():
    with pytest.raises(IngestError, match="^not a PDF file$"):
        parse_bytes(b"This is not a PDF, just text.", "paper.pdf")


def test_opml_is_for_the_caller():
    with pytest.raises(ValueError, match="OPML"):
        parse_bytes(OPML, "subs.opml")


def test_dispatch_each_kind():
    assert parse_bytes(NOTE, "n.md")[0].kind == "notes"
    assert parse_bytes(HTML, "p.html")[0].kind == "html"
    assert parse_bytes(b"Hello\n\nworld", "t.txt")[0].kind == "text"
    pdf = paper_pdf("Dispatch Test Paper", ["body text", "page two"])
    assert parse_bytes(pdf, "p.pdf")[0].title == "Dispatch Test Paper"
    with pytest.raises(IngestError, match="limit 1"):
        parse_bytes(pdf, "p.pdf", max_pdf_pages=1)


def test_explicit_kind_overrides_detection():
    docs = parse_bytes(b"<p>one</p><p>two</p>", "clip.html", kind="text")
    assert docs[0].kind == "text"


def test_unknown_kind_is_a_usage_error():
    with pytest.raises(ValueError, match="unknown input kind"):
        parse_bytes(b"x", "x", kind="docx")


def test_arxiv_api_response_is_parsed_as_arxiv(shared_dir):
    data = (shared_dir / "samples" / "arxiv-api-response.xml").read_bytes()
    docs = parse_bytes(data, "arxiv-api-response.xml")
    assert [d.kind for d in docs] == ["arxiv", "arxiv"]


def test_every_shared_input_parses(shared_dir):
    paths = sorted((shared_dir / "seeds").iterdir()) + sorted((shared_dir / "samples").iterdir())
    for path in (p for p in paths if p.is_file()):
        docs = parse_bytes(path.read_bytes(), str(path))
        assert docs, path.name
        for doc in docs:
            assert doc.title.strip() and doc.text.strip(), path.name
