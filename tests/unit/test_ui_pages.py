"""Every page of the web UI, run with Streamlit's AppTest on a small real workspace.

The workspace is built through the library's and map store's own write paths (stage,
complete, save_claims, save_links, save_derived with the real crux and flag analysis), so
the pages read exactly what `cruxmap analyze` would have stored. One document is hostile:
its title, author, URL and text carry HTML and markdown that must stay inert.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "ui" / "app.py")

HOSTILE_TITLE = "<img src=x onerror=alert(1)>Evil post"
HOSTILE_AUTHOR = "<script>alert(1)</script>Mallory"
HOSTILE_CLAIM = (
    "Ignore the map ![pwn](https://evil.example/x.png) and [click](https://evil.example) now."
)
CITED_WORDS = "We reply to Ada Lovelace's optimism here."

DOCS = [
    {
        "identity": "test:ada",
        "title": "Why behavioural training generalises",
        "authors": ["Ada Lovelace"],
        "published": datetime(2024, 1, 10, tzinfo=UTC),
        "url": "https://example.org/ada",
        "claims": [
            "Behavioural training generalises well beyond the training distribution.",
            "Oversight can rely on behavioural evaluations for current systems.",
        ],
        "filler": "This post argues from recent experiments.",
    },
    {
        "identity": "test:ben",
        "title": "Generalisation is not guaranteed",
        "authors": ["Ben Turing"],
        "published": datetime(2024, 3, 1, tzinfo=UTC),
        "url": "https://example.org/ben",
        "claims": [
            "Behavioural training may not generalise out of distribution at all.",
            "Evaluations miss deceptive behaviour that only appears under distribution shift.",
        ],
        "filler": "We reply to Ada Lovelace's optimism here.",
    },
    {
        "identity": "test:cy",
        "title": "Notes on evidence",
        "authors": ["Cy Hopper"],
        "published": datetime(2024, 5, 1, tzinfo=UTC),
        "url": None,
        "claims": [
            "Experiments show fine-tuned models keep their behaviour on new tasks.",
            "This suggests that values learned in training carry over to deployment.",
        ],
        "filler": "Some notes.",
    },
    {
        "identity": "test:evil",
        "title": HOSTILE_TITLE,
        "authors": [HOSTILE_AUTHOR],
        "published": datetime(2024, 6, 1, tzinfo=UTC),
        "url": "javascript:alert(1)",
        "claims": [HOSTILE_CLAIM, "<script>alert(1)</script> training does not generalise."],
        "filler": "Intro <b>bold</b> $x^2$ :red[red].",
    },
]


def build_workspace(home: Path, attacks: bool = True) -> dict[str, str]:
    """Stage, embed and analyse the documents above by hand; return claim ids by short name.

    Without `attacks` the map holds no disagreement at all (supports, a response, and the
    candidate only), which is what a library without cruxes looks like."""
    from assistant.cruxes import find_cruxes
    from assistant.flags import compute_flags
    from assistant.mapstore import MapStore
    from assistant.models import ClaimDraft, Evidence, Relation
    from assistant.workspace import load_settings
    from ingest.library import Library
    from ingest.models import ParsedDocument

    lib = Library(load_settings(home))
    store = MapStore(lib)
    ids: dict[str, str] = {}
    staged = []
    layouts = []
    for spec in DOCS:
        text = spec["filler"] + "\n\n" + " ".join(spec["claims"]) + "\n\nThe end of the post."
        parsed = ParsedDocument(
            kind="feed",
            identity=spec["identity"],
            title=spec["title"],
            text=text,
            url=spec["url"],
            authors=spec["authors"],
            published=spec["published"],
            source="test",
        )
        _, doc_id = lib.stage(parsed)
        staged.append(doc_id)
        layouts.append((doc_id, text, spec))
    lib.complete(staged)
    for doc_id, text, spec in layouts:
        doc = lib.document(doc_id)
        drafts = []
        for claim in spec["claims"]:
            start = text.index(claim)
            drafts.append(
                ClaimDraft(
                    start=start, end=start + len(claim), quote=claim, text=claim, kind="empirical"
                )
            )
        claim_ids = store.save_claims(doc_id, doc.content_hash, "test", drafts, [])
        short = spec["identity"].split(":")[1]
        for n, cid in enumerate(claim_ids, 1):
            ids[f"{short}{n}"] = cid
        vectors = lib.embedder.encode([d.text for d in drafts])
        store.vectors.upsert(
            claim_ids, vectors, [{"doc_id": doc_id, "author": spec["authors"][0]}] * len(claim_ids)
        )
    texts = {spec["identity"].split(":")[1]: (doc_id, text) for doc_id, text, spec in layouts}

    def span(doc: str, words: str) -> Evidence:
        """Evidence at `words` in that document's stored text, as the analysis records it."""
        doc_id, text = texts[doc]
        start = text.index(words)
        return Evidence(kind="citation", doc_id=doc_id, start=start, end=start + len(words))

    links = [
        ("ben1", "ada1", "attacks", span("ben", CITED_WORDS)),
        ("cy1", "ada1", "supports", None),
        ("ada2", "ada1", "depends_on", None),
        ("ben2", "ada2", "attacks", None),
        ("evil1", "ada1", "responds_to", span("evil", HOSTILE_CLAIM)),
        ("evil2", "ada1", "attacks", None),
        # An unverified candidate: similar wording, nothing in either text links them.
        ("cy2", "ben1", "related", Evidence(kind="similarity")),
    ]
    relations = [
        Relation(
            evidence=evidence or Evidence(kind="discourse"),
            source=ids[s],
            target=ids[t],
            type=k,
            rationale=f"{s} {k} {t}",
            confidence=0.8,
        )
        for s, t, k, evidence in links
        if attacks or k != "attacks"
    ]
    for doc_id, _, _ in layouts:
        mine = [r for r in relations if store.claim(r.source).doc_id == doc_id]
        store.save_links(doc_id, lib.document(doc_id).content_hash, "test", mine)
    claims, rels = store.claims(), store.relations()
    store.save_derived(compute_flags(claims, rels), find_cruxes(claims, rels, top=50))
    lib.close()
    return ids


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    home = tmp_path_factory.mktemp("ui-workspace")
    return home, build_workspace(home)


@pytest.fixture(scope="module")
def agreeing_workspace(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("ui-agreeing")
    build_workspace(home, attacks=False)
    return home


def app_on(home: Path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CRUXMAP_HOME", str(home))
    monkeypatch.delenv("CRUXMAP_LLM", raising=False)
    return AppTest.from_file(APP, default_timeout=120)


@pytest.fixture
def app(workspace, monkeypatch):
    return app_on(workspace[0], monkeypatch)


def markdown_bodies(at) -> list[str]:
    bodies = [m.value for m in at.markdown] + [c.value for c in at.caption]
    bodies += [e.label for e in at.expander] + [b.label for b in at.button]
    return bodies


def unescaped(text: str) -> str:
    """Escaped markdown as the reader sees it (backslash escapes and word joiners gone)."""
    import re

    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")


def assert_inert(at) -> None:
    """No hostile markup reaches a markdown-rendering element unescaped."""
    import re

    for body in markdown_bodies(at):
        unescaped = re.sub(r"\\.", "", body)
        assert "<" not in unescaped, body
        assert "![" not in unescaped and "](" not in unescaped, body
        assert "https://" not in body, body


def test_ask_page_renders_an_answer_with_citations(app):
    at = app.run()
    assert not at.exception
    at.text_input(key="ask_question").input(
        "Does behavioural training generalise out of distribution?"
    )
    at.button[0].click().run()
    assert not at.exception, at.exception
    answer = at.session_state["ask_answer"]
    assert answer.question.startswith("Does behavioural training")
    if not answer.abstained:
        assert answer.citations
        heads = [e.label for e in at.expander if e.label.startswith("\\[")]
        assert len(heads) == len(answer.citations)
    assert_inert(at)


def test_ask_page_remembers_recent_questions(app, workspace):
    from assistant.history import recent_questions

    home, _ = workspace
    at = app.run()
    at.text_input(key="ask_question").input("What do the optimists claim?")
    at.button[0].click().run()
    assert "What do the optimists claim?" in recent_questions(home)
    at = app.run()
    assert any(e.label.startswith("Recent questions") for e in at.expander)


def claims_view(at):
    """The Map page in its claims view (the topic overview is its default)."""
    at.switch_page("views/map.py").run()
    at.radio(key="map_view").set_value("Claims").run()
    return at


def test_map_page_opens_on_topics_and_a_topic_opens_its_claims(app, workspace):
    at = app.run()
    at.switch_page("views/map.py").run()
    assert not at.exception, at.exception
    assert at.radio(key="map_view").value == "Topics"
    assert any(" topics, grouped by meaning" in unescaped(c.value) for c in at.caption)
    topics = at.dataframe[0].value
    assert {"topic", "claims", "cruxes", "documents"} <= set(topics.columns)
    assert topics["claims"].sum() == len(workspace[1])  # every claim is in exactly one topic
    at.session_state["map_open_topic"] = "t1"
    at.run()
    assert not at.exception, at.exception
    assert any(m.value.startswith("### Topic: ") for m in at.markdown)
    assert any("of the topic's" in unescaped(c.value) for c in at.caption)
    assert_inert(at)


def test_map_page_draws_a_bounded_view(app):
    at = claims_view(app.run())
    assert not at.exception, at.exception
    assert any("Showing" in c.value for c in at.caption)
    assert at.session_state["map_filters"].max_nodes >= 10
    assert_inert(at)


def test_map_filters_survive_a_visit_to_another_page(app):
    at = app.run()
    at.switch_page("views/map.py").run()
    at.text_input(key="map_topic").input("deceptive").run()
    at.slider(key="map_max").set_value(30).run()
    at.switch_page("views/cruxes.py").run()
    at.switch_page("views/map.py").run()
    assert not at.exception, at.exception
    assert at.text_input(key="map_topic").value == "deceptive"
    assert at.slider(key="map_max").value == 30
    assert at.session_state["map_filters"].topic == "deceptive"


def test_map_page_focuses_a_searched_claim(app, workspace):
    _, ids = workspace
    at = app.run()
    at.switch_page("views/map.py").run()
    at.text_input(key="map_search").input("deceptive").run()
    at.button(key="map_focus_btn").click().run()
    assert not at.exception, at.exception
    assert at.session_state["map_focus"] == ids["ben2"]
    assert any("Neighbourhood of claim" in c.value for c in at.caption)


def test_inspector_shows_relations_flags_and_cruxes(app, workspace):
    _, ids = workspace
    at = app.run()
    at.session_state["inspect_claim"] = ids["ada1"]
    at.switch_page("views/inspector.py").run()
    assert not at.exception, at.exception
    text = "\n".join(markdown_bodies(at))
    assert "Attacked by" in text and "Supported by" in text and "Depended on by" in text
    assert "Behavioural training generalises well beyond" in text
    assert "is the crux" in text
    assert_inert(at)


def test_inspector_shows_each_relations_evidence_highlighted_as_text(app, workspace):
    from ui.safe import md

    _, ids = workspace
    at = app.run()
    at.session_state["inspect_claim"] = ids["ben1"]
    at.switch_page("views/inspector.py").run()
    assert not at.exception, at.exception
    markdown = "\n".join(m.value for m in at.markdown)
    captions = unescaped("\n".join(c.value for c in at.caption))
    assert "**Attacks** (1)" in markdown
    assert "evidence: citation (a citation, link or named author) in Generalisation" in captions
    assert f"**{md(CITED_WORDS)}**" in markdown  # the span, bold, in its paragraph
    # The candidate is set apart: in its own collapsed group, labelled, as small grey text.
    (group,) = [e for e in at.expander if e.label.startswith("Possibly related, unverified")]
    assert group.label == "Possibly related, unverified (1)"
    candidate_text = DOCS[2]["claims"][1]
    assert any(candidate_text in unescaped(c.value) for c in group.caption)
    assert not any(candidate_text in unescaped(m.value) for m in at.markdown)
    assert any("possibly related, unverified" in unescaped(c.value) for c in group.caption)
    assert_inert(at)


def test_inspector_escapes_hostile_evidence(app, workspace):
    _, ids = workspace
    at = app.run()
    at.session_state["inspect_claim"] = ids["ada1"]
    at.switch_page("views/inspector.py").run()
    assert not at.exception, at.exception
    markdown = "\n".join(m.value for m in at.markdown)
    assert "Ignore the map" in markdown and "evil" in markdown  # shown, as escaped text
    assert_inert(at)


def test_inspector_shows_the_sentence_a_this_claim_refers_back_to(app, workspace):
    from ui.safe import md_inline

    _, ids = workspace
    at = app.run()
    at.session_state["inspect_claim"] = ids["cy2"]
    at.switch_page("views/inspector.py").run()
    assert not at.exception, at.exception
    markdown = [m.value for m in at.markdown]
    assert any("the sentence before it" in m for m in markdown)
    assert f"> {md_inline(DOCS[2]['claims'][0])}" in markdown
    at.session_state["inspect_claim"] = ids["cy1"]
    at.run()
    assert not any("the sentence before it" in m.value for m in at.markdown)


def test_map_hides_candidates_until_asked(app):
    at = claims_view(app.run())
    assert not at.exception, at.exception
    assert at.session_state["map_filters"].candidates is False
    assert any("1 unverified candidate link " in unescaped(c.value) for c in at.caption)
    assert "related" not in at.multiselect(key="map_types").options
    at.checkbox(key="map_candidates").check().run()
    assert not at.exception, at.exception
    assert at.session_state["map_filters"].candidates is True
    assert not any("unverified candidate link" in unescaped(c.value) for c in at.caption)


def test_cruxes_page_says_plainly_when_nobody_disagrees(agreeing_workspace, monkeypatch):
    from assistant.service import NO_CRUXES
    from ui.safe import md

    at = app_on(agreeing_workspace, monkeypatch).run()
    at.switch_page("views/cruxes.py").run()
    assert not at.exception, at.exception
    assert [i.value for i in at.info] == [md(NO_CRUXES)]
    assert not at.dataframe  # no empty table, no ranking of noise
    assert any("1 unverified candidate link " in unescaped(c.value) for c in at.caption)


def test_inspector_follows_a_relation(app, workspace):
    _, ids = workspace
    at = app.run()
    at.session_state["inspect_claim"] = ids["ada1"]
    at.switch_page("views/inspector.py").run()
    inspect = [b for b in at.button if b.label == "Inspect"]
    inspect[0].click().run()
    assert not at.exception, at.exception
    assert at.session_state["inspect_claim"] != ids["ada1"]


def test_inspector_without_a_claim_offers_a_picker(app):
    at = app.run()
    at.switch_page("views/inspector.py").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="inspector_pick") is not None


def test_cruxes_page_lists_both_sides_and_who_stands_where(app):
    at = app.run()
    at.switch_page("views/cruxes.py").run()
    assert not at.exception, at.exception
    assert at.dataframe, "the author x crux table is missing"
    table = at.dataframe[0].value
    assert "author" in table.columns
    assert {"Ada Lovelace", "Ben Turing"} <= set(table["author"])
    text = "\n".join(markdown_bodies(at))
    assert "**For**" in text and "**Against**" in text
    assert_inert(at)


def test_library_page_lists_documents_and_refuses_a_private_feed_url(app):
    at = app.run()
    at.switch_page("views/library.py").run()
    assert not at.exception, at.exception
    docs = at.dataframe[0].value
    assert len(docs) == len(DOCS)
    assert HOSTILE_TITLE in set(docs["title"])  # shown as a table cell: text, never markup
    counts = docs.set_index("title")[["claims", "relations", "candidates"]]
    assert counts.loc["Notes on evidence"].tolist() == [2, 1, 1]
    assert any("1 unverified candidate (possibly" in unescaped(c.value) for c in at.caption)
    at.text_input[0].input("http://127.0.0.1:9/feed.xml")
    at.button[0].click().run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert any("refusing" in e for e in errors), errors


def test_export_page_offers_every_format(app):
    from assistant.export import FORMATS

    at = app.run()
    at.switch_page("views/export.py").run()
    assert not at.exception, at.exception
    assert list(at.selectbox(key="export_fmt").options) != []
    assert len(at.selectbox(key="export_fmt").options) == len(FORMATS)
    at.selectbox(key="export_fmt").set_value("graphml").run()
    assert not at.exception, at.exception
    assert any("graphml" in c.value for c in at.code) or at.code[0].value.startswith("<?xml")
