"""The reading views of the service: a document's text with its claims in place, claim
load, the inspector's starting points, topic links, and debates (sides only from asserted
disagreement; said plainly when there is none)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.mapgraph import build_graph
from assistant.models import Claim, Evidence, Relation
from assistant.service import (
    NO_DEBATE,
    MapService,
    TopicLink,
    TopicMap,
    claim_loads,
    crux_debate,
    document_page,
    search_claims,
    starting_points,
    topic_debate,
    topic_map,
)
from assistant.service.debate import MIND_CHANGE
from assistant.service.reader import known_urls, paragraphs
from assistant.topics import Topic
from assistant.workspace import Workspace
from ingest.models import Document
from tests.unit.test_ui_pages import CITED_WORDS, HOSTILE_CLAIM, build_workspace

EVIDENCE = Evidence(kind="discourse")


def claim(cid: str, text: str, start: int, author: str = "A", doc: str = "d1") -> Claim:
    return Claim(
        id=cid,
        doc_id=doc,
        start=start,
        end=start + len(text),
        quote=text,
        text=text,
        kind="empirical",
        author=author,
    )


# -- text with claims in place ------------------------------------------------------------------


def test_claims_are_placed_at_their_offsets_paragraph_by_paragraph():
    text = "Intro words. First claim here. Between.\n\nSecond claim. Tail words."
    first = claim("c1", "First claim here.", text.index("First"))
    second = claim("c2", "Second claim.", text.index("Second"))
    paras = paragraphs(text, [second, first])
    assert len(paras) == 2
    flat = [(text[r.start : r.end], r.claim_id) for r in paras[0]]
    assert flat == [("Intro words. ", None), ("First claim here.", "c1"), (" Between.", None)]
    assert [(text[r.start : r.end], r.claim_id) for r in paras[1]] == [
        ("Second claim.", "c2"),
        (" Tail words.", None),
    ]
    # Every character of every paragraph is shown exactly once, in order.
    assert "".join(text[r.start : r.end] for r in paras[0]) == text.split("\n\n")[0]


def test_a_stale_quote_or_an_overlapping_claim_is_not_highlighted():
    text = "One two three four five six."
    good = claim("c1", "One two three", 0)
    overlapping = claim("c2", "three four", text.index("three"))
    stale = claim("c3", "five seven", text.index("five"))
    runs = paragraphs(text, [good, overlapping, stale])[0]
    assert [r.claim_id for r in runs if r.claim_id] == ["c1"]


def test_a_claim_across_a_paragraph_break_is_marked_in_both():
    text = "Start of a claim\n\nthat goes on. After."
    across = claim("c1", "Start of a claim\n\nthat goes on.", 0)
    paras = paragraphs(text, [across])
    assert [r.claim_id for r in paras[0]] == ["c1"]
    assert [r.claim_id for r in paras[1]] == ["c1", None]


def test_every_known_address_is_listed_once():
    doc = Document(
        id="d",
        kind="feed",
        identity="https://www.lesswrong.com/posts/abc/slug",
        title="t",
        text="x",
        url="https://www.alignmentforum.org/posts/abc/slug",
        source="https://www.alignmentforum.org/feed.xml",
        source_feed="https://www.alignmentforum.org/feed.xml",
        meta={"pdf": "see https://arxiv.org/pdf/2401.00001.", "tags": "RLHF"},
        content_hash="h",
    )
    assert known_urls(doc) == [
        "https://www.alignmentforum.org/posts/abc/slug",
        "https://www.lesswrong.com/posts/abc/slug",
        "https://www.alignmentforum.org/feed.xml",
        "https://arxiv.org/pdf/2401.00001",
    ]


# -- load and starting points -------------------------------------------------------------------


def test_load_counts_what_rests_on_a_claim_and_what_holds_it_up():
    claims = [claim(c, f"claim {c}", 0, author=c) for c in "abcde"]
    rels = [
        Relation(source="a", target="b", type="supports", rationale="", evidence=EVIDENCE),
        Relation(source="b", target="c", type="supports", rationale="", evidence=EVIDENCE),
        Relation(source="d", target="c", type="depends_on", rationale="", evidence=EVIDENCE),
        # A candidate never counts.
        Relation(
            source="e",
            target="c",
            type="related",
            rationale="",
            evidence=Evidence(kind="similarity"),
        ),
    ]
    loads = claim_loads(build_graph(claims, rels))
    # c rests on b, which rests on a; d rests on c.
    assert loads == {"a": 3, "b": 3, "c": 3, "d": 3, "e": 0}


def test_load_in_a_cycle_counts_each_claim_once():
    claims = [claim(c, f"claim {c}", 0) for c in "xyz"]
    rels = [
        Relation(source="x", target="y", type="supports", rationale="", evidence=EVIDENCE),
        Relation(source="y", target="x", type="supports", rationale="", evidence=EVIDENCE),
        Relation(source="y", target="z", type="supports", rationale="", evidence=EVIDENCE),
    ]
    assert claim_loads(build_graph(claims, rels)) == {"x": 2, "y": 2, "z": 2}


@pytest.fixture(scope="module")
def ui_workspace(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    home = tmp_path_factory.mktemp("reading-workspace")
    return home, build_workspace(home)


@pytest.fixture
def opened(ui_workspace):
    home, ids = ui_workspace
    ws = Workspace.open(home)
    yield ws, MapService(ws).map_data(), ids
    ws.close()


def test_starting_points_are_the_top_cruxes_and_the_most_load_bearing(opened):
    ws, data, ids = opened
    points = starting_points(data, claim_loads(data.graph))
    assert points.cruxes and points.cruxes[0].id == data.cruxes[0].claim_id
    assert points.cruxes[0].crux_score > 0
    loads = [c.load for c in points.load_bearing]
    assert loads == sorted(loads, reverse=True) and loads[0] > 0
    assert ids["ada1"] in {c.id for c in points.load_bearing}


def test_search_matches_every_word_and_authors(opened):
    _, data, ids = opened
    loads = claim_loads(data.graph)
    found = {c.id for c in search_claims(data, "Ben Turing", loads)}
    assert ids["ben1"] in found and ids["ada1"] not in found
    assert search_claims(data, "zzzz-nowhere", loads) == []


# -- the document reader's page -----------------------------------------------------------------


def test_document_page_shows_claims_in_place_and_who_cites_it(opened):
    ws, data, ids = opened
    ada = data.claims[ids["ada1"]]
    page = document_page(ws, ada.doc_id)
    assert page is not None
    assert [c.id for c in page.claims][:2] == [ids["ada1"], ids["ada2"]]
    marked = [r for p in page.paragraphs for r in p if r.claim_id]
    assert {r.claim_id for r in marked} == {c.id for c in page.claims}
    for run in marked:
        assert page.text[run.start : run.end] in data.claims[run.claim_id].quote
    assert page.urls == [ada.url]
    # A unique prefix of the id opens the same page.
    assert document_page(ws, ada.doc_id[:12]).id == ada.doc_id
    assert document_page(ws, "nope") is None


def test_hostile_text_reaches_the_page_as_data_and_the_markdown_escapes_it(opened):
    from ui.reading import text_markdown

    ws, data, ids = opened
    page = document_page(ws, data.claims[ids["evil1"]].doc_id)
    assert HOSTILE_CLAIM in page.text
    markdown = text_markdown(page)
    assert "<script>" not in markdown and "<b>" not in markdown
    assert "\\<script\\>" in markdown


# -- debates ------------------------------------------------------------------------------------


def test_a_crux_debate_has_both_sides_with_their_evidence(opened):
    ws, data, ids = opened
    debate = crux_debate(ws, data, ids["ada1"])
    assert debate is not None and debate.established
    for_side, against = debate.sides
    assert ids["ada1"] in {c.id for c in for_side.claims}
    assert {ids["ben1"], ids["evil2"]} <= {c.id for c in against.claims}
    assert "Ada Lovelace" in for_side.authors and "Ben Turing" in against.authors
    ben1 = next(c for c in against.claims if c.id == ids["ben1"])
    assert ben1.link.startswith("attacks")
    assert ben1.evidence is not None and ben1.evidence.quote == CITED_WORDS
    # Who answered whom: only asserted relations between different authors, dated.
    pairs = {(e.source.id, e.target.id, e.type) for e in debate.exchanges}
    assert (ids["ben1"], ids["ada1"], "attacks") in pairs
    assert all(e.source.author != e.target.author for e in debate.exchanges)
    dates = [e.published for e in debate.exchanges if e.published]
    assert dates == sorted(dates)


def test_no_established_disagreement_is_said_plainly(tmp_path):
    build_workspace(tmp_path, attacks=False)
    with Workspace.open(tmp_path) as ws:
        data = MapService(ws).map_data()
        some = next(iter(data.claims))
        debate = crux_debate(ws, data, some)
        assert debate is not None and not debate.established and debate.note == NO_DEBATE
        assert debate.sides == []
        topics = topic_map(ws, data)
        for topic in topics.topics:
            assert not topic_debate(ws, data, topic).established


def test_a_topic_debate_collects_the_contested_claims_of_the_topic(opened):
    ws, data, ids = opened
    everything = Topic(id="t1", terms=["all"], documents=[], claim_ids=list(data.claims))
    debate = topic_debate(ws, data, everything)
    assert debate.established
    held = {c.id for c in debate.sides[0].claims}
    against = {c.id for c in debate.sides[1].claims}
    assert ids["ada1"] in held and ids["ben1"] in against
    assert not held & against


def test_topic_links_count_only_asserted_relations_between_topics(opened):
    ws, data, ids = opened
    tm = topic_map(ws, data)
    assert isinstance(tm, TopicMap) and sum(t.size for t in tm.topics) == len(data.claims)
    asserted_between = sum(
        1
        for r in data.relations
        if r.asserted and tm.topic_of(r.source).id != tm.topic_of(r.target).id
    )
    assert sum(link.count for link in tm.links) == asserted_between
    assert all(isinstance(link, TopicLink) and link.type != "related" for link in tm.links)


@pytest.mark.parametrize(
    "sentence",
    [
        "What would change my mind is a model that schemes in a sandbox.",
        "If refusals failed to transfer across languages, I would update towards Feld.",
        "The crux is whether situational awareness comes for free.",
        "Evidence that would falsify this view: a clean counterexample.",
    ],
)
def test_sentences_that_say_what_would_change_a_mind(sentence):
    assert MIND_CHANGE.search(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["Models change their behaviour in deployment.", "This argument is convincing."],
)
def test_ordinary_sentences_are_not_mind_changers(sentence):
    assert not MIND_CHANGE.search(sentence)


def test_topics_are_kept_on_disk_per_map_version_and_redone_when_it_changes(tmp_path, monkeypatch):
    """A restarted web UI opens the Map on the topics `analyze` left, without computing
    them again; once the map changes they are computed afresh, never served stale."""
    from assistant.service import topics as topics_module

    home = tmp_path / "home"
    build_workspace(home)
    with Workspace.open(home) as ws:
        first = topics_module.stored_topic_map(ws)
    assert (home / topics_module.TOPICS_FILE).exists() and first.topics

    def no_compute(*args, **kwargs):
        raise AssertionError("topics computed again for an unchanged map")

    monkeypatch.setattr(topics_module, "topic_map", no_compute)
    with Workspace.open(home) as ws:
        assert topics_module.stored_topic_map(ws) == first
        with ws.library.writing():
            ws.library.remove(ws.library.documents()[0].id)
        with pytest.raises(AssertionError, match="computed again"):
            topics_module.stored_topic_map(ws)
