"""`cruxmap ingest|sync|feeds|docs|search` run as a user runs them, in this process; a real
process where it is the point (a SIGKILL mid-ingest and the rerun, the installed script)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.cli import CliResult, invoke_cli, run_cli, spawn_cli
from tests.loopback import LoopbackServer, Reply

pytestmark = pytest.mark.integration

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Test feed</title>
<link>https://example.org</link>
{items}
</channel></rss>"""
ITEM = """<item><title><![CDATA[ {title} ]]></title><link>https://example.org/posts/{n}</link>
<guid isPermaLink="false">post-{n}</guid><dc:creator><![CDATA[{author}]]></dc:creator>
<pubDate>Fri, 07 Mar 2025 18:40:22 GMT</pubDate>
<description><![CDATA[<p>Published on March 7, 2025 6:40 PM GMT<br/><br/></p><p>{body}</p><script>alert('x')</script>]]></description></item>"""


def feed(*posts: tuple[int, str, str, str]) -> str:
    return RSS.format(
        items="".join(ITEM.format(n=n, title=t, author=a, body=b) for n, t, a, b in posts)
    )


POSTS = [
    (
        1,
        "Training generalises",
        "Tom Okafor",
        # "I think": the claim filter (threshold 0.75) drops the bare form (P 0.63), as it
        # drops about a third of real claims to keep non-claims under a tenth.
        "I think behavioural training generalises further than pessimists expect, because "
        "values transfer across tasks.",
    ),
    (
        2,
        "It does not",
        "Priya Raman",
        # Close enough to the first post (cosine about 0.72) that the candidate floor of 0.6
        # holds whichever embedding backend built the vectors; "a model can look aligned only
        # where watched" sat at 0.5999 on one ONNX int8 export and 0.61 on another.
        "Behavioural training will not generalise far out of distribution, because values "
        "learned on training tasks need not transfer.",
    ),
]


def as_json(result: CliResult):
    assert result.stdout.strip(), result.stderr
    return json.loads(result.stdout)


def test_mixed_batch_keeps_good_inputs_and_reports_each_bad_one(home, tmp_path):
    good_feed = tmp_path / "feed.xml"
    good_feed.write_text(feed(*POSTS), encoding="utf-8")
    note = tmp_path / "note.md"
    note.write_text(
        "---\ntitle: A note on control\nauthor: Lena Voss\ndate: 2025-02-02\nurl: https://example.org/note\n---\n\nControl buys time. It does not buy alignment.\n",
        encoding="utf-8",
    )
    fake_pdf = tmp_path / "paper.pdf"
    fake_pdf.write_text("this is not a pdf at all", encoding="utf-8")
    broken_feed = tmp_path / "broken.xml"
    broken_feed.write_text("<rss><channel><item><title>unterminated", encoding="utf-8")
    binary = tmp_path / "junk.txt"
    binary.write_bytes(bytes(range(256)) * 20)
    result = invoke_cli(
        "ingest",
        str(good_feed),
        str(note),
        str(fake_pdf),
        str(broken_feed),
        str(binary),
        str(tmp_path / "missing.txt"),
        "--json",
        home=home,
    )
    assert result.returncode == 1, result.stderr
    report = as_json(result)
    assert report["added"] == 3
    failed = {Path(f["source"]).name: f["error"] for f in report["failed"]}
    assert set(failed) == {"paper.pdf", "broken.xml", "junk.txt", "missing.txt"}
    assert all("\n" not in e and e for e in failed.values())
    assert "Traceback" not in result.stderr
    docs = as_json(invoke_cli("docs", "list", "--json", home=home))
    titles = {d["title"] for d in docs}
    assert titles == {"Training generalises", "It does not", "A note on control"}
    post = next(d for d in docs if d["title"] == "It does not")
    assert post["authors"] == ["Priya Raman"] and post["published"].startswith("2025-03-07")
    assert post["url"] == "https://example.org/posts/2"
    shown = as_json(invoke_cli("docs", "show", post["id"], "--json", home=home))
    assert (
        "Published on" not in shown["text"]
        and "alert" not in shown["text"]
        and "<p>" not in shown["text"]
    )
    again = as_json(invoke_cli("ingest", str(good_feed), str(note), "--json", home=home))
    assert again == {"added": 0, "updated": 0, "unchanged": 3, "failed": []}
    hits = as_json(
        invoke_cli(
            "search",
            "does training generalise out of distribution",
            "--k",
            "2",
            "--json",
            home=home,
        )
    )
    assert hits and {h["title"] for h in hits} <= titles
    text = next(d for d in docs if d["id"] == hits[0]["doc_id"])
    assert text["title"] == hits[0]["title"]


def test_usage_errors_exit_2(home):
    assert invoke_cli("ingest", home=home).returncode == 2
    assert invoke_cli("ingest", "x", "--kind", "nonsense", home=home).returncode == 2
    assert invoke_cli("export", "--format", "pptx", home=home).returncode == 2


def test_the_installed_console_script_runs(home):
    """Every other call here runs in-process: this one proves the entry point a user runs."""
    result = run_cli("--help", home=home)
    assert result.returncode == 0, result.stderr
    assert "Usage: cruxmap" in result.stdout and "ingest" in result.stdout


def test_feeds_sync_conditional_get_moves_gone_and_backoff(home, tmp_path):
    with LoopbackServer() as server:
        moved_to = server.route("/new.xml", Reply(body=feed(POSTS[0]).encode(), etag='"a"'))
        moved = server.route("/old.xml", Reply(301, headers={"Location": "/new.xml"}))
        gone = server.route("/gone.xml", Reply(410))
        busy = server.route("/busy.xml", Reply(503, headers={"Retry-After": "3600"}))
        for url in (moved, gone, busy):
            assert (
                invoke_cli(
                    "--home",
                    str(home),
                    "feeds",
                    "add",
                    url,
                    home=home,
                    env={"CRUXMAP_ALLOW_PRIVATE": "1"},
                ).returncode
                == 0
            )
        refused = invoke_cli("feeds", "add", moved, home=home)
        assert refused.returncode == 1 and "private" in refused.stderr
        first = invoke_cli("sync", "--json", "--allow-private", home=home)
        assert first.returncode == 1
        report = as_json(first)
        assert report["added"] == 1
        assert {f["source"] for f in report["failed"]} == {gone, busy}
        feeds = {f["url"]: f for f in as_json(invoke_cli("feeds", "list", "--json", home=home))}
        assert moved_to in feeds and moved not in feeds
        assert feeds[gone]["disabled"] and feeds[busy]["retry_after"]
        busy_hits = server.hits("/busy.xml")
        second = as_json(invoke_cli("sync", "--json", "--allow-private", home=home))
        assert second == {"added": 0, "updated": 0, "unchanged": 0, "failed": []}
        assert server.hits("/busy.xml") == busy_hits and server.hits("/gone.xml") == 1
        assert server.requests[-1][1].get("if-none-match") == '"a"'
        exported = invoke_cli("feeds", "export", home=home).stdout
        assert "<opml" in exported and moved_to in exported


def test_opml_import_subscribes_and_ingest_of_opml_fetches(home, tmp_path):
    with LoopbackServer() as server:
        url = server.route("/f.xml", Reply(body=feed(*POSTS).encode()))
        opml = tmp_path / "subs.opml"
        opml.write_text(
            f'<?xml version="1.0"?><opml version="2.0"><head><title>s</title></head><body>'
            f'<outline text="Test" type="rss" xmlUrl="{url}"/></body></opml>',
            encoding="utf-8",
        )
        result = invoke_cli("ingest", str(opml), "--json", "--allow-private", home=home)
        assert as_json(result)["added"] == 2
        feeds = as_json(invoke_cli("feeds", "list", "--json", home=home))
        assert [f["url"] for f in feeds] == [url]


def test_kill_during_ingest_then_rerun_is_consistent_and_exact(home, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = " ".join(
        f"Claim {i}: interpretability may not scale to frontier models in time." for i in range(400)
    )
    for i in range(40):
        (corpus / f"post-{i:02d}.txt").write_text(
            f"Post {i}\n\n{body} Unique {i}.\n", encoding="utf-8"
        )
    proc = spawn_cli("ingest", str(corpus), "--json", home=home)
    db = home / "library.sqlite"
    deadline = time.time() + 120
    while time.time() < deadline:
        if db.exists():
            try:
                with sqlite3.connect(db) as conn:
                    staged = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
                if staged >= 5:
                    break
            except sqlite3.Error:
                pass
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        ready_before = conn.execute(
            "SELECT COUNT(*) FROM documents WHERE state='ready'"
        ).fetchone()[0]
    assert ready_before < 40, "the kill came too late to test anything"
    rerun = as_json(run_cli("ingest", str(corpus), "--json", home=home))
    assert rerun["failed"] == []
    assert rerun["added"] + rerun["unchanged"] == 40
    assert rerun["unchanged"] == ready_before
    docs = as_json(invoke_cli("docs", "list", "--json", home=home))
    assert len(docs) == 40 and len({d["title"] for d in docs}) == 40
    from ingest.config import Settings
    from ingest.library import Library

    library = Library(Settings(home=home))
    assert library.counts()["pending"] == 0
    assert library.vectors.ids_where() == {c.id for c in library.all_chunks()}
    library.close()


REPLY = (
    3,
    "A reply to Okafor",
    "Lena Voss",
    "Tom Okafor argues that behavioural training generalises further than pessimists expect. "
    "That is wrong: behavioural training does not generalise out of distribution, because "
    "values learned on training tasks need not transfer. This suggests that evaluations on "
    "the training distribution cannot show alignment.",
)


def test_analyze_claims_cruxes_and_export_say_what_the_evidence_establishes(home, tmp_path):
    """Two authors who never mention each other: similar claims, no established
    disagreement. Then a reply that names one of them: an asserted link with its evidence."""
    first = tmp_path / "first.xml"
    first.write_text(feed(*POSTS), encoding="utf-8")
    as_json(invoke_cli("ingest", str(first), "--json", home=home))
    run = as_json(invoke_cli("analyze", "--json", home=home))
    assert list(run) == [
        "analysed",
        "skipped",
        "failed",
        "documents",
        "claims",
        "relations",
        "candidates",
    ]
    assert (run["analysed"], run["skipped"], run["failed"], run["documents"]) == (2, 0, [], 2)
    assert run["candidates"] >= 1  # the two posts are about one question
    listed = invoke_cli("cruxes", home=home)
    assert listed.returncode == 0
    assert listed.stdout.startswith("No established disagreement in this library")
    quiet = invoke_cli("cruxes", "--json", home=home)
    assert json.loads(quiet.stdout) == [] and "No established disagreement" in quiet.stderr
    plain = invoke_cli("export", "--format", "graphml", home=home)
    assert "possibly related, unverified" not in plain.stdout  # candidates are opt-in
    marked = invoke_cli("export", "--format", "dot", "--candidates", home=home)
    assert marked.stdout.count("style=dashed, color=gray") == run["candidates"]

    everything = tmp_path / "all.xml"
    everything.write_text(feed(*POSTS, REPLY), encoding="utf-8")
    as_json(invoke_cli("ingest", str(everything), "--json", home=home))
    again = as_json(invoke_cli("analyze", "--json", home=home))
    assert (again["analysed"], again["skipped"], again["documents"]) == (1, 2, 3)
    nothing_new = invoke_cli("analyze", home=home)
    assert nothing_new.returncode == 0, nothing_new.stderr
    assert "this run: analysed 0, skipped 3 (already up to date), failed 0" in nothing_new.stderr
    assert f"{again['relations']} relations backed by textual evidence" in nothing_new.stderr

    claims = as_json(invoke_cli("claims", "list", "--json", home=home))
    texts = {
        d["id"]: as_json(invoke_cli("docs", "show", d["id"], "--json", home=home))["text"]
        for d in as_json(invoke_cli("docs", "list", "--json", home=home))
    }
    relations = [r for c in claims for r in c["relations"]]
    for rel in relations:
        assert set(rel) >= {"type", "other", "direction", "evidence", "asserted"}
        assert rel["asserted"] == (rel["type"] != "related")
        ev = rel["evidence"]
        assert set(ev) == {"kind", "doc_id", "start", "end", "quote"}
        assert ev["quote"] == texts[ev["doc_id"]][ev["start"] : ev["end"]]
        assert rel["asserted"] or ev["kind"] == "similarity"
    assert sum(not r["asserted"] for r in relations) == 2 * again["candidates"]  # both ends
    by_author = {c["author"] for c in claims for r in c["relations"] if r["asserted"]}
    assert "Lena Voss" in by_author
    follows = next(c for c in claims if c["quote"].startswith("This suggests"))
    context = follows["context"]
    text = texts[follows["doc_id"]]
    assert context["quote"] == text[context["start"] : context["end"]]
    assert context["quote"].startswith("That is wrong:") and context["end"] < follows["start"]

    shown = invoke_cli("claims", "show", follows["id"], home=home).stdout
    assert "context (the sentence before it" in shown and "That is wrong:" in shown
    linked = next(c for c in claims if any(r["asserted"] for r in c["relations"]))
    shown = invoke_cli("claims", "show", linked["id"], home=home).stdout
    assert "evidence: " in shown
    candidate = next(c for c in claims if any(not r["asserted"] for r in c["relations"]))
    shown = invoke_cli("claims", "show", candidate["id"], home=home).stdout
    assert "possibly related, unverified" in shown and "(not counted)" in shown
