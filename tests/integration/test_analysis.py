"""`cruxmap analyze`: grounded, incremental, resumable; checked through the CLI, in this
process except where a real process is the point (a SIGKILL mid-analysis and the resume)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.cli import invoke_cli, run_cli, spawn_cli

pytestmark = pytest.mark.integration

# Raman's last sentence is worded so the claim filter keeps it: it drops "Obviously,
# interpretability is the only way to verify alignment." (P 0.71 under its threshold of 0.75,
# the recall it gives up), and stays under 80 words so the near-copies below are not merged
# as cross-posts of one work.
POSTS = {
    "raman.md": (
        "Priya Raman",
        "2025-01-10",
        "Generalisation is the crux",
        """
In this post I explain why I remain worried. Behavioural training will not generalise far out of
distribution. Because the training signal only constrains behaviour where it is measured, a capable
model can learn to look aligned only where it is watched. Therefore evaluations alone cannot show
that a model is aligned. Obviously, only interpretability can verify that models are aligned.
What would change my mind? Thanks to Tom for comments.
""",
    ),
    "okafor.md": (
        "Tom Okafor",
        "2025-02-11",
        "Training generalises better than feared",
        """
This post replies to Priya Raman. I argue that behavioural training does generalise far out of
distribution in practice. Fine-tuned values have transferred to new tasks in every model we studied.
However, evaluations alone cannot show that a model is aligned. Interpretability is not the only
way to verify alignment, because control protocols can catch misbehaviour.
""",
    ),
    "voss.md": (
        "Lena Voss",
        "2025-03-12",
        "Control buys time",
        """
Control protocols can catch misbehaviour in current models. But control buys time, not alignment.
It is likely that behavioural training will not generalise to takeover-capable systems.
""",
    ),
}


def write_notes(folder: Path, posts: dict = POSTS) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (author, date, title, body) in posts.items():
        (folder / name).write_text(
            f"---\ntitle: {title}\nauthor: {author}\ndate: {date}\nurl: https://example.org/{name}\n---\n{body}",
            encoding="utf-8",
        )


def as_json(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def notes(tmp_path) -> Path:
    folder = tmp_path / "notes"
    write_notes(folder)
    return folder


def test_analyze_grounds_claims_links_documents_and_is_incremental(home, notes):
    as_json(invoke_cli("ingest", str(notes), "--json", home=home))
    summary = as_json(invoke_cli("analyze", "--json", home=home))
    assert summary["documents"] == 3 and summary["claims"] > 0 and summary["relations"] > 0
    claims = as_json(invoke_cli("claims", "list", "--json", home=home))
    docs = {
        d["id"]: as_json(invoke_cli("docs", "show", d["id"], "--json", home=home))
        for d in as_json(invoke_cli("docs", "list", "--json", home=home))
    }
    for claim in claims:
        assert docs[claim["doc_id"]]["text"][claim["start"] : claim["end"]] == claim["quote"]
        assert claim["author"] and claim["published"]
    quotes = " ".join(c["quote"] for c in claims)
    assert "What would change my mind?" not in quotes
    assert "Thanks to Tom" not in quotes
    relation_types = {r["type"] for c in claims for r in c["relations"]}
    assert len(relation_types) >= 2
    by_id = {c["id"]: c for c in claims}
    cross = [
        (c, r)
        for c in claims
        for r in c["relations"]
        if r["other"] in by_id and by_id[r["other"]]["doc_id"] != c["doc_id"]
    ]
    assert cross, "no relation links two documents"
    shown = as_json(invoke_cli("claims", "show", claims[0]["id"], "--json", home=home))
    assert set(shown) >= {
        "id",
        "doc_id",
        "start",
        "end",
        "quote",
        "text",
        "kind",
        "author",
        "published",
        "relations",
        "flags",
    }
    again = as_json(invoke_cli("analyze", "--json", home=home))
    totals = ("documents", "claims", "relations", "candidates")
    assert {k: again[k] for k in totals} == {k: summary[k] for k in totals}
    assert (summary["analysed"], summary["skipped"]) == (3, 0)
    assert (again["analysed"], again["skipped"], again["failed"]) == (0, 3, [])
    with sqlite3.connect(home / "library.sqlite") as conn:
        stamps = dict(conn.execute("SELECT doc_id, analyzed_at FROM analyzed"))
    voss = notes / "voss.md"
    voss.write_text(voss.read_text() + "\nIt follows that we need alignment, not only control.\n")
    as_json(invoke_cli("ingest", str(notes), "--json", home=home))
    time.sleep(1.1)
    as_json(invoke_cli("analyze", "--json", home=home))
    with sqlite3.connect(home / "library.sqlite") as conn:
        after = dict(conn.execute("SELECT doc_id, analyzed_at FROM analyzed"))
    changed = [d for d in after if after[d] != stamps.get(d)]
    assert len(changed) == 1 and docs[changed[0]]["title"] == "Control buys time"


def test_flags_cruxes_and_steelman_from_the_cli(home, notes):
    as_json(invoke_cli("ingest", str(notes), "--json", home=home))
    as_json(invoke_cli("analyze", "--json", home=home))
    claims = as_json(invoke_cli("claims", "list", "--json", home=home))
    flags = [f for c in claims for f in c["flags"]]
    assert any(f["kind"] == "assumed_not_argued" and "obviously" in f["why"].lower() for f in flags)
    cruxes = as_json(invoke_cli("cruxes", "--json", home=home))
    for crux in cruxes:
        assert crux["against"] and crux["why"]
        assert not set(crux["for"]) & set(crux["against"])
    target = next(c for c in claims if "will not generalise far" in c["quote"])
    steel = as_json(invoke_cli("steelman", target["id"], "--json", home=home))
    assert steel["claim_id"] == target["id"]
    for opp in steel["opposition"]:
        assert opp["author"] != target["author"]


def test_a_pair_of_two_new_documents_is_typed_once(settings, notes, monkeypatch):
    """Both documents of a pair are new in the run and each looks for partners; only the
    one holding the later claim types the pair (the other would pay for it twice, and with
    an LLM analyst that is a second paid call)."""
    from assistant.analysis.run import run_analysis
    from assistant.analysts import OfflineAdapter
    from assistant.workspace import Workspace
    from ingest.library import Library
    from ingest.pipeline import ingest_sources

    typed: list[tuple[str, str]] = []
    original = OfflineAdapter.type_relations

    def recording(self, pairs):
        typed.extend((a.quote, b.quote) for a, b, _ in pairs)
        return original(self, pairs)

    monkeypatch.setattr(OfflineAdapter, "type_relations", recording)
    with Workspace(Library(settings)) as workspace:
        ingest_sources(workspace.library, [str(notes)])
        summary = run_analysis(workspace)
        leftover = workspace.store.linking_among({c.doc_id for c in workspace.store.claims()})
    assert summary["analysed"] == 3 and typed
    assert len({frozenset(pair) for pair in typed}) == len(typed), "a pair was typed twice"
    assert leftover == set(), "the run's list of linking documents outlives the run"


@pytest.mark.parametrize("phase", ["claims", "linked"])
def test_killed_analysis_resumes_to_the_same_map(home, tmp_path, phase):
    many = {
        f"p{i:02d}.md": (
            f"Author {i % 5}",
            f"2025-0{1 + i % 9}-0{1 + i % 9}",
            f"Post {i}",
            POSTS[list(POSTS)[i % 3]][3] + f"\nPost {i} adds that scaling may change this.\n",
        )
        for i in range(24)
    }
    folder = tmp_path / "many"
    write_notes(folder, many)
    # Every command on the killed home is a real process: embedded Chroma keeps one system
    # per path for a process's life, so this process must not hold one on it meanwhile.
    as_json(run_cli("ingest", str(folder), "--json", home=home))
    proc = spawn_cli("analyze", "--json", home=home)
    db = home / "library.sqlite"
    deadline = time.time() + 180
    while time.time() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(db) as conn:
                done = conn.execute(
                    "SELECT COUNT(*) FROM analyzed WHERE phase=?", (phase,)
                ).fetchone()[0]
                if done >= 3:
                    break
        except sqlite3.Error:
            pass
        time.sleep(0.05)
    killed = proc.poll() is None
    if killed:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    resumed = as_json(run_cli("analyze", "--json", home=home))
    fresh_home = tmp_path / "fresh"
    as_json(invoke_cli("ingest", str(folder), "--json", home=fresh_home))
    fresh = as_json(invoke_cli("analyze", "--json", home=fresh_home))
    assert resumed["documents"] == fresh["documents"] == 24, (resumed, fresh)
    totals = ("claims", "relations", "candidates")
    assert {k: resumed[k] for k in totals} == {k: fresh[k] for k in totals}
    assert killed, "analysis finished before it could be interrupted"


def test_an_internal_failure_is_one_clear_line(home, monkeypatch):
    """A crash inside the graph must not dump a traceback on the user: one line that says
    what stopped and that a rerun resumes, exit code 1."""
    from typer.testing import CliRunner

    import assistant.analysis.run as run_module
    from assistant.cli import app

    def crash(*_args, **_kwargs):
        raise RuntimeError("too many SQL variables [code 1]\nsecond line of detail")

    monkeypatch.setattr(run_module, "run_analysis", crash)
    monkeypatch.delenv("CRUXMAP_DEBUG", raising=False)
    result = CliRunner().invoke(app, ["analyze"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "too many SQL variables [code 1]" in lines[0]
    assert "resumes" in lines[0] and "Traceback" not in result.output


REPLY_POSTS = {
    "raman.md": (
        "Priya Raman",
        "2025-01-10",
        "Training signals and their failures",
        """
Reward hacking and sycophancy are visible failures of the training signal, not evidence of a hidden
goal. Deceptive alignment requires the model to learn a hidden goal and a situational model at once.
Behavioural training has so far instilled values that transfer across languages and formats.
""",
    ),
    "feld.md": (
        "Marcus Feld",
        "2025-02-11",
        "Visible failures are the easy ones",
        """
Raman treats reward hacking and sycophancy as visible failures of the training signal, but the
failures we cannot see need not be of the same kind. Situational awareness comes with general
capability, so a hidden goal is no extra burden for the model.
""",
    ),
}


def test_a_reply_that_names_the_author_links_one_claim_on_the_name(home, tmp_path):
    folder = tmp_path / "notes"
    write_notes(folder, REPLY_POSTS)
    feld = folder / "feld.md"
    feld.write_text(
        feld.read_text().replace("---\n", "---\nin_reply_to: https://example.org/raman.md\n", 1)
    )
    as_json(invoke_cli("ingest", str(folder), "--json", home=home))
    as_json(invoke_cli("analyze", "--json", home=home))
    claims = as_json(invoke_cli("claims", "list", "--json", home=home))
    by_id = {c["id"]: c for c in claims}
    docs = {
        d["id"]: as_json(invoke_cli("docs", "show", d["id"], "--json", home=home))
        for d in as_json(invoke_cli("docs", "list", "--json", home=home))
    }
    cross = [
        (c, r)
        for c in claims
        for r in c["relations"]
        if r["direction"] == "out" and by_id[r["other"]]["doc_id"] != c["doc_id"]
    ]
    asserted = [(c, r) for c, r in cross if r["asserted"]]
    # The sentence that names Raman answers one of her claims, on the name as evidence.
    named = [(c, r) for c, r in asserted if c["quote"].startswith("Raman treats")]
    assert len(named) == 1, asserted
    claim, rel = named[0]
    assert rel["type"] == "attacks"
    assert "visible failures" in by_id[rel["other"]]["quote"]
    span = docs[claim["doc_id"]]["text"][rel["evidence"]["start"] : rel["evidence"]["end"]]
    assert span == "Raman"
    # Feld's other claim neither names her nor states a stance: at most a candidate.
    assert not [c for c, r in asserted if c["quote"].startswith("Situational awareness")]
