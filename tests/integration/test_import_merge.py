"""One work, one document; one person, one author: a paper and a post reached through a
Zotero export, the Alignment Research Dataset, a PDF and a cross-post merge, and the
handle and display name of one account become one author."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.cli import invoke_cli
from tests.fixtures.make_pdfs import small_caps_pdf

pytestmark = pytest.mark.integration

POST_ID = "qYzqDtoQaZ3eDDyxa"
POST_TEXT = " ".join(
    f"Section {i}: a deceptively aligned model would behave well in training because it "
    f"expects that doing so serves its goal {i} after deployment."
    for i in range(30)
)
PAPER_TEXT = (
    "Existing techniques for training language models can be misaligned with the truth. " * 10
)


def zotero_export() -> bytes:
    out = io.StringIO()
    columns = [
        "Key",
        "Item Type",
        "Publication Year",
        "Author",
        "Title",
        "Url",
        "Abstract Note",
        "Date",
    ]
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerow(
        {
            "Key": "K1",
            "Item Type": "journalArticle",
            "Publication Year": "2022",
            "Author": "Burns, Collin; Ye, Haotian",
            "Title": "Discovering Latent Knowledge in Language Models Without Supervision",
            "Url": "http://arxiv.org/abs/2212.03827",
            "Abstract Note": "We find latent knowledge inside a model's activations.",
            "Date": "2022-12-07",
        }
    )
    writer.writerow(
        {
            "Key": "K2",
            "Item Type": "blogPost",
            "Publication Year": "2021",
            "Author": "Hubinger, Evan",
            "Title": "Deceptive alignment in practice",
            "Url": f"https://www.alignmentforum.org/posts/{POST_ID}/deceptive-alignment-in-practice",
            "Abstract Note": "Why deceptive alignment matters.",
            "Date": "2021-06-01",
        }
    )
    return out.getvalue().encode("utf-8")


def ard_file() -> str:
    entries = [
        {
            "id": "ard-post",
            "source": "lesswrong",
            "title": "Deceptive alignment in practice",
            "text": POST_TEXT,
            "url": f"https://www.lesswrong.com/posts/{POST_ID}/deceptive-alignment-in-practice",
            "date_published": "2021-06-01T10:00:00Z",
            "authors": ["evhub"],
            "summary": [],
        },
        {
            "id": "ard-ea",
            "source": "eaforum",
            "title": "Deceptive alignment in practice",
            "text": POST_TEXT,
            "url": "https://forum.effectivealtruism.org/posts/ZZZZZZZZZZZZZZZZZ/deceptive-alignment-in-practice",
            "date_published": "2021-06-02T10:00:00Z",
            "authors": ["Evan Hubinger"],
            "summary": [],
        },
        {
            "id": "ard-paper",
            "source": "arxiv",
            "title": "Discovering Latent Knowledge in Language Models Without Supervision",
            "text": "We find latent knowledge inside a model's activations, without supervision.",
            "url": "https://arxiv.org/abs/2212.03827",
            "date_published": "2022-12-07T18:59:55Z",
            "authors": ["Collin Burns", "Haotian Ye", "Dan Klein", "Jacob Steinhardt"],
            "summary": [],
        },
    ]
    return "\n".join(json.dumps(e) for e in entries) + "\n"


def test_every_route_to_a_work_lands_on_one_document(home, tmp_path):
    zotero = tmp_path / "export.csv"
    zotero.write_bytes(zotero_export())
    ard = tmp_path / "ard.jsonl"
    ard.write_text(ard_file(), encoding="utf-8")
    pdf = tmp_path / "burns.pdf"
    pdf.write_bytes(
        small_caps_pdf(
            ["Discovering Latent Knowledge in Language", "Models Without Supervision"],
            ["Collin Burns* Haotian Ye* Dan Klein Jacob Steinhardt", "UC Berkeley"],
            PAPER_TEXT,
            arxiv_stamp="arXiv:2212.03827v2 [cs.CL] 2 Mar 2024",
        )
    )
    for source in (zotero, ard, pdf):
        result = invoke_cli("ingest", str(source), "--offline", "--json", home=home)
        assert result.returncode == 0, result.stdout + result.stderr

    docs = json.loads(invoke_cli("docs", "list", "--json", home=home).stdout)
    assert len(docs) == 2, [d["title"] for d in docs]
    shown = {
        d["title"]: json.loads(invoke_cli("docs", "show", d["id"], "--json", home=home).stdout)
        for d in docs
    }
    paper = shown["Discovering Latent Knowledge in Language Models Without Supervision"]
    assert paper["authors"] == ["Collin Burns", "Haotian Ye", "Dan Klein", "Jacob Steinhardt"]
    assert paper["published"].startswith("2022-12-07")
    assert "misaligned with the truth" in paper["text"]  # the PDF's full text won
    assert set(json.loads(paper["meta"]["sources"])) == {str(zotero), "ard:arxiv", str(pdf)}
    assert "https://arxiv.org/abs/2212.03827" in json.loads(paper["meta"]["urls"])

    post = shown["Deceptive alignment in practice"]
    assert post["authors"] == ["Evan Hubinger"]  # "evhub" is his handle
    urls = json.loads(post["meta"]["urls"])
    assert any("lesswrong.com" in u for u in urls) and any("alignmentforum.org" in u for u in urls)
    assert any("effectivealtruism.org" in u for u in urls)
    assert post["text"] == POST_TEXT

    again = json.loads(invoke_cli("ingest", str(ard), "--offline", "--json", home=home).stdout)
    assert (again["added"], again["updated"]) == (0, 0), "re-ingesting a merged source changed it"


@pytest.mark.parametrize(("kind", "name"), [("zotero", "export.txt"), ("ard", "dump.dat")])
def test_a_library_kind_named_on_the_command_line_reads_a_misnamed_file(home, tmp_path, kind, name):
    """`--kind zotero` (or bibtex, csljson, ard) reads a file whose name hides what it is."""
    source = tmp_path / name
    source.write_bytes(zotero_export() if kind == "zotero" else ard_file().encode("utf-8"))
    result = invoke_cli("ingest", str(source), "--kind", kind, "--offline", "--json", home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    docs = json.loads(invoke_cli("docs", "list", "--json", home=home).stdout)
    assert {d["title"] for d in docs} == {
        "Deceptive alignment in practice",
        "Discovering Latent Knowledge in Language Models Without Supervision",
    }
