"""Forum queries, posts and comments as documents, and the guarded POST they travel by."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from ingest.fetch import Fetcher
from ingest.forum import ForumQuery, site_url
from ingest.forum_documents import comment_documents, post_document
from ingest.forum_queries import comments_query, literal, posts_query
from ingest.models import IngestError
from tests.forum_server import ForumServer, Raw, parse_list_query, sample_forum

FETCHER = Fetcher(timeout=2.0, max_bytes=10_000, user_agent="cruxmap-test", allow_private=True)


def test_both_query_forms_carry_the_same_terms():
    terms = {"af": True, "after": "2021-01-05T10:00:00.000Z", "karmaThreshold": 10, "x": None}
    field, form, args = parse_list_query(posts_query("selector", terms, 50))
    assert (field, form) == ("posts", "selector")
    assert args == {
        "selector": {
            "old": {"af": True, "after": "2021-01-05T10:00:00.000Z", "karmaThreshold": 10}
        },
        "limit": 50,
        "enableTotal": True,
    }
    field, form, args = parse_list_query(posts_query("terms", terms, 50))
    assert (field, form) == ("posts", "terms")
    assert args["input"]["terms"] == {
        "view": "old",
        "af": True,
        "after": "2021-01-05T10:00:00.000Z",
        "karmaThreshold": 10,
        "limit": 50,
    }
    assert parse_list_query(comments_query("selector", "P1", 7))[2] == {
        "selector": {"postCommentsOld": {"postId": "P1"}},
        "limit": 7,
    }
    assert parse_list_query(comments_query("terms", "P1", 7))[2]["input"]["terms"] == {
        "view": "postCommentsOld",
        "postId": "P1",
        "limit": 7,
    }


def test_user_text_cannot_break_out_of_a_literal():
    hostile = 'x"}) { __schema { types { name } } } #'
    assert json.loads(literal(hostile)) == hostile
    args = parse_list_query(posts_query("selector", {"after": hostile}, 5))[2]
    assert args["selector"]["old"]["after"] == hostile
    with pytest.raises(ValueError):
        literal({"bad key": 1})


def test_a_query_round_trips_through_its_subscription_string():
    query = ForumQuery.for_site(
        "lesswrong",
        af=True,
        tag="AI Control",
        author="Alice Moreau",
        since=datetime(2021, 1, 1, tzinfo=UTC),
        min_karma=10,
        max=20,
        comments=True,
    )
    assert query.key.startswith("forum:https://www.lesswrong.com?")
    assert ForumQuery.from_key(query.key) == query
    assert ForumQuery.for_site("https://www.lesswrong.com/graphql").key == (
        "forum:https://www.lesswrong.com"
    )
    with pytest.raises(IngestError, match="unknown forum query option"):
        ForumQuery.from_key("forum:https://www.lesswrong.com?colour=red")
    for bad in ("max=ten", "max=0", "since=yesterday"):
        with pytest.raises(IngestError, match="not a"):
            ForumQuery.from_key(f"forum:https://www.lesswrong.com?{bad}")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("alignmentforum", "https://www.alignmentforum.org"),
        ("EAForum", "https://forum.effectivealtruism.org"),
        ("www.lesswrong.com/", "https://www.lesswrong.com"),
        ("http://127.0.0.1:8000/graphql", "http://127.0.0.1:8000"),
    ],
)
def test_sites_by_name_or_url(given, expected):
    assert site_url(given) == expected


def test_tag_author_and_dates_filter_what_the_server_does_not():
    posts, _ = sample_forum()
    p1, p2, p3, p4, p5 = posts
    tagged = ForumQuery.for_site("lesswrong", tag="scalable oversight")
    assert [p["_id"] for p in posts if tagged.wants(p)] == ["P1oversight", "P4debate"]
    by_alice = ForumQuery.for_site("lesswrong", author="AMOREAU")
    assert [p["_id"] for p in posts if by_alice.wants(p)] == ["P1oversight", "P4debate"]
    window = ForumQuery.for_site(
        "lesswrong",
        since=datetime(2021, 2, 1, tzinfo=UTC),
        until=datetime(2021, 4, 1, 12, tzinfo=UTC),
    )
    assert [p["_id"] for p in posts if window.wants(p)] == ["P2interp", "P3meetup"]


def test_a_post_keeps_its_people_tags_links_and_no_markup():
    posts, _ = sample_forum()
    doc = post_document(posts[3], "https://forum.test")
    assert doc.identity == "forum:post:P4debate" and doc.kind == "forum"
    assert doc.authors == ["Carol Nguyen", "Alice Moreau"]
    assert doc.meta["usernames"] == "cnguyen, amoreau"
    assert doc.meta["tags"] == "Scalable Oversight"
    assert doc.published == datetime(2021, 4, 1, 12, tzinfo=UTC)
    first = post_document(posts[0], "https://forum.test")
    assert "alert" not in first.text and "<p>" not in first.text
    (link,) = first.links
    assert first.text[link.start : link.end] == "the debate experiments"
    assert link.href.endswith("/posts/P4debate/debate-experiments-revisited")


def test_comments_name_their_parent_and_a_deleted_one_leaves_only_its_place():
    posts, comments = sample_forum()
    parent = post_document(posts[0], "https://forum.test")
    docs = {d.meta["forum_id"]: d for d in comment_documents(comments[:5], parent)}
    assert sorted(docs) == ["c1bob", "c2alice", "c3carol", "c5dev"]
    c1, c2, c5 = docs["c1bob"], docs["c2alice"], docs["c5dev"]
    assert (c1.parent_identity, c1.reply_to) == (parent.identity, parent.url)
    assert (c2.parent_identity, c2.reply_to) == ("forum:comment:c1bob", c1.url)
    assert c2.url == f"{parent.url}?commentId=c2alice"
    assert c2.authors == ["Alice Moreau"] and c2.text.startswith("I disagree that breaking")
    assert c2.published == datetime(2021, 1, 7, 8, tzinfo=UTC)
    # The reply to a deleted comment still answers that comment, not the post.
    assert c5.parent_identity == "forum:comment:c4gone"
    assert c5.reply_to.endswith("?commentId=c4gone")


def test_post_json_sends_the_rules_and_reads_a_graphql_error_body():
    posts, comments = sample_forum()
    with ForumServer(posts, comments, selector_form=False) as forum:
        url = f"{forum.site}/graphql"
        query = {"query": posts_query("selector", {}, 2)}
        with pytest.raises(IngestError, match="HTTP 400"):
            FETCHER.post_json(url, query)
        answered = FETCHER.post_json(url, query, answers=frozenset({400}))
        assert answered.status == 400 and b'Unknown argument \\"selector\\"' in answered.content
        ok = FETCHER.post_json(url, {"query": posts_query("terms", {}, 2)})
        assert [p["_id"] for p in json.loads(ok.content)["data"]["posts"]["results"]] == [
            "P1oversight",
            "P2interp",
        ]
        assert {s.user_agent for s in forum.seen} == {"cruxmap-test"}


def test_post_json_is_guarded_and_never_turns_into_a_get():
    posts, comments = sample_forum()
    with ForumServer(posts, comments) as forum:
        url = f"{forum.site}/graphql"
        with pytest.raises(IngestError, match="--allow-private"):
            FETCHER.model_copy(update={"allow_private": False}).post_json(url, {"query": "{ x }"})
        assert forum.seen == []
        forum.queue.append(Raw(303, headers={"Location": "/graphql"}))
        with pytest.raises(IngestError, match="would turn a POST into a GET"):
            FETCHER.post_json(url, {"query": posts_query("selector", {}, 1)})
        forum.queue.append(Raw(308, headers={"Location": "/graphql"}))
        moved = FETCHER.post_json(url, {"query": posts_query("selector", {}, 1)})
        assert json.loads(moved.content)["data"]["posts"]["totalCount"] == 5
        assert len(forum.seen) == 3 and forum.seen[-1].form == "selector"


def test_the_fixture_forum_refuses_a_request_without_a_user_agent():
    import http.client

    posts, comments = sample_forum()
    with ForumServer(posts, comments) as forum:
        conn = http.client.HTTPConnection("127.0.0.1", int(forum.site.rsplit(":", 1)[1]))
        body = json.dumps({"query": posts_query("selector", {}, 1)})
        conn.request("POST", "/graphql", body, {"Content-Type": "application/json"})
        assert conn.getresponse().status == 403
        conn.close()


def test_a_comment_flagged_deleted_is_not_stored_even_with_a_body():
    posts, comments = sample_forum()
    parent = post_document(posts[0], "https://forum.test")
    flagged = {**comments[0], "deleted": True}
    assert comment_documents([flagged], parent) == []


def test_the_fixture_forum_rejects_fields_its_api_does_not_have():
    from tests.forum_server import unknown_fields

    assert unknown_fields(posts_query("selector", {}, 1), "posts") == []
    assert unknown_fields(comments_query("selector", "P1", 1), "comments") == []
    asked = comments_query("selector", "P1", 1).replace("pageUrl", "pageUrl deleted")
    assert unknown_fields(asked, "comments") == ["deleted"]


def test_a_reply_to_a_comment_answers_that_comment_not_its_post():
    """Comment URLs differ from their post's only by `commentId`: the reply index must not
    normalise it away, or every comment would look like the post (and each other)."""
    from assistant.offline.dialogue import DialogueIndex, DialogueRow

    posts, comments = sample_forum()
    parent = post_document(posts[0], "https://forum.test")
    docs = [parent, *comment_documents(comments[:3], parent)]
    index = DialogueIndex.build(
        [DialogueRow(d.identity, d.authors, d.title, d.text, d.url, d.reply_to) for d in docs]
    )
    post_id, c1, c2, c3 = (d.identity for d in docs)
    assert index.reply(c1, post_id) is not None
    assert index.reply(c2, c1) is not None and index.reply(c3, c2) is not None
    assert index.reply(c2, post_id) is None and index.reply(c3, post_id) is None
    assert index.reply(post_id, c1) is None
