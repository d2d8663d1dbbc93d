"""`cruxmap ingest` of reference libraries and Alignment Research Dataset files, as a user
runs it: bad entries are one line each, the rest lands, a killed import resumes."""

from __future__ import annotations

import json
import os
import signal
import time

import pytest

from tests.cli import invoke_cli, run_cli, spawn_cli
from tests.fixtures.make_pdfs import paper_pdf

pytestmark = pytest.mark.integration

BIB = """@article{good,
  title = {Eliciting Latent Knowledge},
  author = {Christiano, Paul and Cotra, Ajeya and Xu, Mark},
  year = {2021},
  url = {https://docs.example.org/elk},
  abstract = {How can we train a reporter to tell us what a model knows?},
  file = {ELK:papers/elk.pdf:application/pdf}
}

@article{bad,
  title = {Never closed,
  author = {A. Person}

@misc{also_good,
  title = {Thoughts on the impact of RLHF research},
  author = {Paul Christiano},
  year = {2023},
  url = {https://www.alignmentforum.org/posts/vwu4kegAEZTBtpT6p/thoughts-on-the-impact-of-rlhf-research}
}
"""


def as_json(result) -> dict:
    return json.loads(result.stdout)


def test_bibtex_with_a_syntax_error_lands_the_rest_and_reads_the_attached_pdf(home, tmp_path):
    (tmp_path / "papers").mkdir()
    body = "A reporter trained on human labels may learn to predict what a human would say."
    (tmp_path / "papers" / "elk.pdf").write_bytes(paper_pdf("ELK draft", [body]))
    bib = tmp_path / "library.bib"
    bib.write_text(BIB, encoding="utf-8")
    result = invoke_cli("ingest", str(bib), "--json", home=home)
    assert result.returncode == 1  # some input failed, the rest kept
    report = as_json(result)
    assert report["added"] == 2
    assert len(report["failed"]) == 1
    failure = report["failed"][0]
    assert failure["source"] == str(bib) and failure["error"].startswith("line 10: BibTeX syntax")
    assert "Traceback" not in result.stderr
    docs = {d["title"]: d for d in as_json(invoke_cli("docs", "list", "--json", home=home))}
    elk = docs["Eliciting Latent Knowledge"]
    assert elk["authors"] == ["Paul Christiano", "Ajeya Cotra", "Mark Xu"]
    assert elk["published"].startswith("2021") and elk["kind"] == "pdf"
    shown = as_json(invoke_cli("docs", "show", elk["id"], "--json", home=home))
    assert body in shown["text"]
    again = as_json(invoke_cli("ingest", str(bib), "--json", home=home))
    assert (again["added"], again["unchanged"]) == (0, 2)


def ard_line(n: int, source: str = "alignmentforum", text: str | None = None) -> str:
    return json.dumps(
        {
            "id": f"id{n:05d}",
            "source": source,
            "title": f"Post {n} on corrigibility",
            "text": f"Post {n} argues that corrigibility is not a natural concept. Case {n}."
            if text is None
            else text,
            "url": f"https://www.alignmentforum.org/posts/Post{n:05d}abcdefg/post-{n}"
            if source == "alignmentforum"
            else "n/a",
            "date_published": "2022-03-04T05:06:07Z",
            "authors": [f"Author {n % 7}"],
            "summary": [],
        }
    )


def test_ard_file_with_source_filter_and_bad_lines(home, tmp_path):
    lines = [ard_line(n) for n in range(5)] + [ard_line(9, source="arxiv")]
    lines.insert(2, ard_line(7, text=""))
    lines.append(ard_line(8)[:40])  # cut mid-line, as a killed download leaves it
    path = tmp_path / "ard.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke_cli("ingest", str(path), "--source", "alignmentforum", "--json", home=home)
    report = as_json(result)
    assert result.returncode == 1 and report["added"] == 5
    errors = sorted(f["error"] for f in report["failed"])
    assert errors[0] == "line 3: entry id00007 has no text"
    assert errors[1].startswith("line 8: not a JSON object (truncated line?)")
    docs = as_json(invoke_cli("docs", "list", "--json", home=home))
    assert len(docs) == 5 and all(d["kind"] == "forum" for d in docs)
    assert docs[0]["published"].startswith("2022-03-04")


def test_killed_ard_import_resumes_from_its_checkpoint(home, tmp_path):
    total = 1600
    path = tmp_path / "ard.jsonl"
    path.write_text("\n".join(ard_line(n) for n in range(total)) + "\n", encoding="utf-8")
    proc = spawn_cli("ingest", str(path), "--json", home=home)
    imports = home / "imports"
    deadline = time.time() + 300
    while time.time() < deadline and not (imports.exists() and any(imports.glob("ard-*.json"))):
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    checkpoints = list(imports.glob("ard-*.json"))
    assert checkpoints, "the import finished before it could be killed"
    resumed_at = json.loads(checkpoints[0].read_text())["line"]
    assert 0 < resumed_at < total
    rerun = run_cli("ingest", str(path), "--json", home=home)
    report = as_json(rerun)
    assert report["failed"] == []
    assert report["added"] + report["unchanged"] == total - resumed_at
    assert not list(imports.glob("ard-*.json")), "a finished import leaves no checkpoint"
    docs = as_json(invoke_cli("docs", "list", "--json", home=home))
    assert len(docs) == total and len({d["title"] for d in docs}) == total
