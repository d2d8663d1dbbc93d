"""`cruxmap arxiv` against a loopback stand-in for the arXiv API: paging, versions, PDFs."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.cli import invoke_cli
from tests.loopback import LoopbackServer, Reply

pytestmark = pytest.mark.integration

ENTRY = """<entry>
<id>http://arxiv.org/abs/{aid}{version}</id>
<updated>2025-0{month}-02T00:00:00Z</updated><published>2025-0{month}-01T00:00:00Z</published>
<title>{title}</title>
<summary>  {summary}
  spread over lines.</summary>
<author><name>Ada Lovelace</name></author><author><name>Alan Turing</name></author>
<arxiv:doi xmlns:arxiv="http://arxiv.org/schemas/atom">10.1000/xyz{n}</arxiv:doi>
<link href="http://arxiv.org/abs/{aid}{version}" rel="alternate" type="text/html"/>
<link title="pdf" href="{pdf}" rel="related" type="application/pdf"/>
<arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.AI"/>
<category term="cs.AI"/><category term="cs.LG"/>
</entry>"""


def page(total: int, entries: list[str]) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"><title>q</title>'
        f"<opensearch:totalResults>{total}</opensearch:totalResults>" + "".join(entries) + "</feed>"
    ).encode()


def entry(n: int, version: str, pdf: str) -> str:
    return ENTRY.format(
        aid=f"2501.0000{n}",
        version=version,
        month=n,
        title=f"Paper {n} on deceptive alignment",
        summary=f"We study whether deceptive alignment arises, case {n}.",
        n=n,
        pdf=pdf,
    )


def make_pdf(title: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=16)
    pdf.multi_cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(
        0,
        6,
        "Full text. Deceptive alignment is a failure mode in which a model behaves well "
        "during training because it predicts that doing so serves a different goal.",
    )
    return bytes(pdf.output())


class ArxivStandIn:
    """Serves pages by the `start` parameter, like the real API, and records the queries."""

    def __init__(self, server: LoopbackServer) -> None:
        self.server = server
        self.pdf = server.route(
            "/pdf/2501.00001v2", Reply(body=make_pdf("Paper 1 on deceptive alignment"))
        )

    def pages(self, version: str) -> dict[int, bytes]:
        entries = [
            entry(
                n,
                version if n == 1 else "v1",
                self.server.url(f"/pdf/2501.0000{n}{version if n == 1 else 'v1'}"),
            )
            for n in range(1, 4)
        ]
        return {0: page(3, entries[:2]), 2: page(3, entries[2:])}


def serve(server: LoopbackServer, pages: dict[int, bytes]) -> str:
    original = server._next

    def by_start(path: str):
        if path.startswith("/api/query"):
            start = int(parse_qs(urlsplit(path).query).get("start", ["0"])[0])
            return Reply(body=pages.get(start, page(3, [])))
        return original(path)

    server._next = by_start
    return server.url("/api/query")


def test_paging_versions_and_pdf_full_text(home):
    with LoopbackServer() as server:
        stand_in = ArxivStandIn(server)
        api = serve(server, stand_in.pages("v1"))
        env = {"CRUXMAP_ARXIV_API": api, "CRUXMAP_ARXIV_DELAY": "0"}
        first = invoke_cli(
            "arxiv",
            "deceptive alignment",
            "--max",
            "3",
            "--json",
            "--allow-private",
            home=home,
            env=env,
        )
        assert first.returncode == 0, first.stderr
        assert json.loads(first.stdout)["added"] == 3
        queries = [
            parse_qs(urlsplit(p).query) for p, _ in server.requests if p.startswith("/api/query")
        ]
        assert [q["start"][0] for q in queries] == ["0", "2"]
        assert "all:deceptive AND all:alignment" in queries[0]["search_query"][0]
        docs = json.loads(invoke_cli("docs", "list", "--json", home=home).stdout)
        paper = next(d for d in docs if d["title"] == "Paper 1 on deceptive alignment")
        assert paper["authors"] == ["Ada Lovelace", "Alan Turing"]
        assert paper["url"].endswith("2501.00001") and paper["published"].startswith("2025-01-01")
        shown = json.loads(invoke_cli("docs", "show", paper["id"], "--json", home=home).stdout)
        assert shown["meta"]["doi"] == "10.1000/xyz1" and "cs.LG" in shown["meta"]["categories"]

        serve(server, stand_in.pages("v2"))
        second = invoke_cli(
            "arxiv",
            "deceptive alignment",
            "--max",
            "3",
            "--pdf",
            "--json",
            "--allow-private",
            home=home,
            env=env,
        )
        report = json.loads(second.stdout)
        assert (report["added"], report["updated"], report["unchanged"]) == (0, 1, 2)
        failed = {f["source"] for f in report["failed"]}
        assert failed == {server.url("/pdf/2501.00002v1"), server.url("/pdf/2501.00003v1")}
        assert second.returncode == 1
        docs = json.loads(invoke_cli("docs", "list", "--json", home=home).stdout)
        assert len(docs) == 3
        shown = json.loads(invoke_cli("docs", "show", paper["id"], "--json", home=home).stdout)
        assert "Full text. Deceptive alignment is a failure mode" in shown["text"]
        assert (
            shown["title"] == "Paper 1 on deceptive alignment" and shown["meta"]["version"] == "v2"
        )
        pdf_hits = server.hits("/pdf/2501.00001v2")
        third = json.loads(
            invoke_cli(
                "arxiv",
                "deceptive alignment",
                "--max",
                "3",
                "--pdf",
                "--json",
                "--allow-private",
                home=home,
                env=env,
            ).stdout
        )
        assert server.hits("/pdf/2501.00001v2") == pdf_hits, (
            "an unchanged version's PDF was fetched again"
        )
        assert third["unchanged"] >= 1


def test_arxiv_refuses_private_addresses_without_the_flag(home):
    result = invoke_cli(
        "arxiv", "x", "--json", home=home, env={"CRUXMAP_ARXIV_API": "http://127.0.0.1:9/api/query"}
    )
    assert result.returncode == 1
    assert "private" in json.loads(result.stdout)["failed"][0]["error"]
