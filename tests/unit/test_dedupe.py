"""Which arrivals are one work (ids, URLs, title and first author, near-duplicate text),
which are not (different arXiv ids, comments), and how two arrivals combine."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from ingest.dedupe import WorkIndex, signature
from ingest.merge import merge_documents
from ingest.models import ParsedDocument
from ingest.people import PersonIndex

BODY = " ".join(
    f"Paragraph {i} argues that gradient descent selects for goal-directed cognition "
    f"when the training signal rewards long-horizon planning number {i}."
    for i in range(40)
)


def doc(identity: str, **fields) -> ParsedDocument:
    base = {"kind": "text", "identity": identity, "title": "A title", "text": BODY}
    base.update(fields)
    return ParsedDocument(**base)


def index_with(tmp_path, *docs: ParsedDocument) -> WorkIndex:
    index = WorkIndex(tmp_path / "works.sqlite")
    for n, d in enumerate(docs):
        index.record(f"d{n}", d, signature(d.text))
    return index


def test_shared_ids_match(tmp_path):
    arxiv = doc("arxiv:2209.00626", kind="arxiv", text="short abstract")
    zotero = doc("doi:10.48550/arxiv.2209.00626", meta={"doi": "10.48550/arXiv.2209.00626"})
    post = doc(
        "forum:post:AbCdEfGhIjKlMnOpQ",
        kind="forum",
        meta={"forum": "post", "forum_id": "AbCdEfGhIjKlMnOpQ"},
    )
    index = index_with(tmp_path, arxiv, post)
    assert index.match(zotero, None) == ["d0"]
    rss = doc(
        "https://www.lesswrong.com/posts/AbCdEfGhIjKlMnOpQ/a-post",
        kind="feed",
        url="https://www.lesswrong.com/posts/AbCdEfGhIjKlMnOpQ/a-post",
        text="different text entirely",
    )
    assert index.match(rss, None) == ["d1"]


def test_title_matches_only_with_a_compatible_first_author(tmp_path):
    stored = doc("a", title="Risks from Learned Optimization", authors=["Evan Hubinger"], text="x")
    index = index_with(tmp_path, stored)
    same = doc("b", title="Risks from learned optimization.", authors=["evhub"], text="y")
    other = doc("c", title="Risks from Learned Optimization", authors=["Jane Roe"], text="z")
    nobody = doc("d", title="Risks from Learned Optimization", text="w")
    assert index.match(same, None) == ["d0"]
    assert index.match(other, None) == [] and index.match(nobody, None) == []


def test_near_duplicate_text_matches_and_different_arxiv_ids_never_do(tmp_path):
    stored = doc("ard:1", title="Post A")
    index = index_with(tmp_path, stored)
    reading = doc(
        "nonlinear:1",
        title="[Podcast] Post A by someone",
        text="This is a reading of a post. " + BODY,
    )
    assert index.match(reading, signature(reading.text)) == ["d0"]
    unrelated = doc(
        "x",
        title="Other",
        text=BODY.replace("gradient descent", "evolution").replace("planning", "foraging"),
    )
    assert index.match(unrelated, signature(unrelated.text)) == []
    papers = WorkIndex(tmp_path / "papers.sqlite")
    papers.record("p", doc("arxiv:2401.00001", kind="arxiv"), signature(BODY))
    version_of_other_work = doc("arxiv:2401.00002", kind="arxiv")
    assert papers.match(version_of_other_work, signature(BODY)) == []


def test_comments_merge_only_by_their_own_id(tmp_path):
    post = doc(
        "forum:post:P1aaaaaaaaaa", kind="forum", meta={"forum": "post", "forum_id": "P1aaaaaaaaaa"}
    )
    index = index_with(tmp_path, post)
    quoting = doc(
        "forum:comment:C1", kind="forum", title="Comment on A title", meta={"forum": "comment"}
    )
    assert index.match(quoting, signature(quoting.text)) == []


def test_index_survives_reopening(tmp_path):
    index = index_with(tmp_path, doc("arxiv:1606.06565", kind="arxiv"))
    index.close()
    again = WorkIndex(tmp_path / "works.sqlite")
    assert again.match(
        doc("x", url="https://arxiv.org/abs/1606.06565", meta={"arxiv_id": "1606.06565"}), None
    ) == ["d0"]


def test_merge_keeps_the_fullest_text_the_best_metadata_and_every_url():
    people = PersonIndex()
    api = doc(
        "arxiv:2209.00626",
        kind="arxiv",
        title="The Alignment Problem from a Deep Learning Perspective",
        text="Abstract only.",
        url="https://arxiv.org/abs/2209.00626",
        authors=["Richard Ngo", "Lawrence Chan", "Sören Mindermann"],
        published=datetime(2022, 8, 30, tzinfo=UTC),
        source="arxiv",
    )
    pdf = doc(
        "file:/papers/ngo.pdf",
        kind="pdf",
        title="The Alignment Problem From A Deep Learning Perspective",
        text=BODY,
        authors=["Richard Ngo"],
        published=datetime(2022, 9, 1, tzinfo=UTC),
        source="/papers/ngo.pdf",
        page_starts=[0, 100],
    )
    merged = merge_documents(api, pdf, people)
    assert merged.identity == "arxiv:2209.00626"
    assert merged.text == BODY and merged.page_starts == [0, 100] and merged.kind == "pdf"
    assert merged.title == api.title and merged.authors == api.authors
    assert merged.published == api.published
    assert json.loads(merged.meta["sources"]) == ["arxiv", "/papers/ngo.pdf"]
    assert json.loads(merged.meta["identities"]) == ["file:/papers/ngo.pdf"]
    again = merge_documents(merged, pdf, people)
    assert again == merged, "re-ingesting a merged source changes nothing"


def test_merging_two_sources_of_one_work_pairs_their_people():
    people = PersonIndex()
    lw = doc(
        "forum:post:X",
        kind="forum",
        authors=["Evan Hubinger"],
        url="https://www.lesswrong.com/posts/X/p",
    )
    ard = doc(
        "ard:9",
        kind="text",
        authors=["evhub"],
        url="https://www.alignmentforum.org/posts/X/p",
        meta={"ard_id": "9"},
    )
    merged = merge_documents(lw, ard, people)
    assert merged.authors == ["Evan Hubinger"]
    assert people.canonical("evhub") == "Evan Hubinger"
    assert json.loads(merged.meta["urls"]) == [
        "https://www.lesswrong.com/posts/X/p",
        "https://www.alignmentforum.org/posts/X/p",
    ]


def test_two_posts_of_one_forum_never_merge_however_alike(tmp_path):
    """A repost or a near-identical chapter on the same site is its own work; the same text
    cross-posted to another site, or reached by its RSS URL, is still one."""

    def chapter(identity: str, **fields) -> ParsedDocument:
        return doc(identity, title="Chapter one", authors=["Jane Roe"], **fields)

    def forum_post(post_id: str) -> ParsedDocument:
        meta = {"forum": "post", "forum_id": post_id, "site": "https://www.lesswrong.com"}
        return chapter(f"forum:post:{post_id}", kind="forum", meta=meta)

    def feed_item(url: str) -> ParsedDocument:
        return chapter(url, kind="feed", url=url)

    index = index_with(tmp_path, forum_post("AAAAAAAAAAAAAAAAA"))
    repost = forum_post("BBBBBBBBBBBBBBBBB")
    assert index.match(repost, signature(repost.text)) == []
    rss = feed_item("https://lesswrong.com/posts/AAAAAAAAAAAAAAAAA/chapter-one")
    assert index.match(rss, signature(rss.text)) == ["d0"]
    cross_post = feed_item(
        "https://forum.effectivealtruism.org/posts/CCCCCCCCCCCCCCCCC/chapter-one"
    )
    assert index.match(cross_post, signature(cross_post.text)) == ["d0"]
