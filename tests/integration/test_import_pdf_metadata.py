"""A stamped PDF takes its title, authors, abstract and v1 date from a loopback arXiv API,
once (cached), and keeps the PDF's own reading when arXiv cannot be reached."""

from __future__ import annotations

import json

import pytest

from tests.cli import invoke_cli
from tests.fixtures.make_pdfs import small_caps_pdf
from tests.loopback import LoopbackServer, Reply

pytestmark = pytest.mark.integration

ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">ArXiv Query: id_list=2212.03827</title>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">1</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/abs/2212.03827v2</id>
    <updated>2024-03-02T18:14:12Z</updated>
    <published>2022-12-07T18:59:55Z</published>
    <title>Discovering Latent Knowledge in Language Models Without
  Supervision</title>
    <summary>  Existing techniques for training language models can be misaligned with
the truth. We propose to find latent knowledge directly.</summary>
    <author><name>Collin Burns</name></author>
    <author><name>Haotian Ye</name></author>
    <author><name>Dan Klein</name></author>
    <author><name>Jacob Steinhardt</name></author>
    <link href="http://arxiv.org/abs/2212.03827v2" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/2212.03827v2" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.CL"/>
    <category term="cs.CL"/><category term="cs.LG"/>
  </entry>
</feed>"""

BODY = "Existing techniques for training language models can be misaligned with the truth. " * 8


def stamped_paper() -> bytes:
    """The PDF's own reading is deliberately poorer: no second author line, garbled title."""
    return small_caps_pdf(
        ["Discovering Latent Knowledge"],
        ["Collin Burns* Haotian Ye*", "UC Berkeley Peking University"],
        BODY,
        arxiv_stamp="arXiv:2212.03827v2 [cs.CL] 2 Mar 2024",
    )


def test_stamped_pdf_takes_arxiv_metadata_once_and_keeps_the_pdf_text(home, tmp_path):
    path = tmp_path / "burns.pdf"
    path.write_bytes(stamped_paper())
    with LoopbackServer() as server:
        api = server.route("/api/query", Reply(body=ATOM.encode()))
        env = {"CRUXMAP_ARXIV_API": api, "CRUXMAP_ARXIV_DELAY": "0"}
        first = invoke_cli("ingest", str(path), "--json", "--allow-private", home=home, env=env)
        assert first.returncode == 0, first.stderr
        assert json.loads(first.stdout)["added"] == 1
        assert server.hits("/api/query") == 1
        query = server.requests[0][0]
        assert "id_list=2212.03827" in query
        assert server.requests[0][1]["user-agent"].startswith("cruxmap/")

        docs = json.loads(invoke_cli("docs", "list", "--json", home=home).stdout)
        assert len(docs) == 1
        doc = json.loads(invoke_cli("docs", "show", docs[0]["id"], "--json", home=home).stdout)
        assert doc["title"] == "Discovering Latent Knowledge in Language Models Without Supervision"
        assert doc["authors"] == ["Collin Burns", "Haotian Ye", "Dan Klein", "Jacob Steinhardt"]
        assert doc["published"].startswith("2022-12-07")  # v1, not v2 nor the PDF build
        assert doc["meta"]["abstract"].startswith("Existing techniques")
        assert doc["meta"]["version"] == "v2" and doc["meta"]["pdf_created"]
        assert "misaligned with the truth" in doc["text"] and doc["meta"]["pages"] == "1"

        again = invoke_cli("ingest", str(path), "--json", "--allow-private", home=home, env=env)
        assert json.loads(again.stdout)["unchanged"] == 1
        assert server.hits("/api/query") == 1, "the cached record was fetched again"


def test_offline_the_pdf_reading_stands_and_nothing_fails(home, tmp_path):
    path = tmp_path / "burns.pdf"
    path.write_bytes(stamped_paper())
    env = {"CRUXMAP_ARXIV_API": "http://127.0.0.1:9/api/query", "CRUXMAP_ARXIV_DELAY": "0"}
    result = invoke_cli("ingest", str(path), "--json", "--allow-private", home=home, env=env)
    assert result.returncode == 0, result.stderr
    docs = json.loads(invoke_cli("docs", "list", "--json", home=home).stdout)
    assert docs[0]["title"] == "Discovering Latent Knowledge"
    assert docs[0]["authors"] == ["Collin Burns", "Haotian Ye"]
    assert docs[0]["published"].startswith("2022-12")


def test_offline_flag_makes_no_request(home, tmp_path):
    path = tmp_path / "burns.pdf"
    path.write_bytes(stamped_paper())
    with LoopbackServer() as server:
        api = server.route("/api/query", Reply(body=ATOM.encode()))
        env = {"CRUXMAP_ARXIV_API": api}
        result = invoke_cli(
            "ingest", str(path), "--offline", "--json", "--allow-private", home=home, env=env
        )
        assert result.returncode == 0 and server.hits("/api/query") == 0


def test_an_id_merely_printed_on_the_page_is_used_only_when_arxiv_agrees_on_the_title(
    settings, tmp_path
):
    from ingest.arxiv import identify_paper
    from ingest.fetch import Fetcher
    from ingest.parsers.pdf import parse_pdf
    from tests.fixtures.make_pdfs import front_matter_pdf

    own = front_matter_pdf(
        ["Discovering Latent Knowledge in Language Models", "Without Supervision"],
        ["Collin Burns"],
        BODY,
        footer="Preprint. arXiv:2212.03827",
    )
    citing = front_matter_pdf(
        ["A Reply to Burns et al."], ["Jane Roe"], BODY, footer="Responds to arXiv:2212.03827"
    )
    with LoopbackServer() as server:
        api = server.route("/api/query", Reply(body=ATOM.encode()))
        live = settings.model_copy(update={"arxiv_api": api, "home": tmp_path / "ws"})
        fetcher = Fetcher.from_settings(live)
        paper, note = identify_paper(parse_pdf(own, "own.pdf"), live, fetcher)
        assert note == "metadata from arXiv:2212.03827"
        assert paper.identity == "arxiv:2212.03827" and paper.authors[-1] == "Jacob Steinhardt"
        reply, note = identify_paper(parse_pdf(citing, "reply.pdf"), live, fetcher)
        assert "is another paper" in note
        assert reply.identity == "file:reply.pdf" and reply.title == "A Reply to Burns et al."
        assert server.hits("/api/query") == 1  # the second lookup came from the cache
