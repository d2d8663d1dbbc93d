"""`cruxmap forum` and forum subscriptions against a loopback ForumMagnum site, as a user
runs them: backfill with threads, filters, the older query form, 403/429, resume, sync."""

from __future__ import annotations

import json

import pytest

from tests.cli import CliResult, invoke_cli
from tests.forum_server import BOB, ForumServer, Raw, comment, post, sample_forum

pytestmark = pytest.mark.integration

FAST = {"CRUXMAP_FORUM_DELAY": "0", "CRUXMAP_FORUM_PAGE_SIZE": "2"}


def as_json(result: CliResult):
    assert result.stdout.strip(), result.stderr
    return json.loads(result.stdout)


def forum(site: str, *args: str, home) -> CliResult:
    return invoke_cli("forum", site, *args, "--json", "--allow-private", home=home, env=FAST)


def stored(home) -> dict[str, dict]:
    """Every stored document by identity, with what a thread needs."""
    from ingest.config import Settings
    from ingest.library import Library

    library = Library(Settings(home=home))
    try:
        return {
            d.identity: {
                "id": d.id,
                "title": d.title,
                "authors": d.authors,
                "published": d.published.isoformat() if d.published else None,
                "url": d.url,
                "text": d.text,
                "reply_to": d.reply_to,
                "parent": d.parent_identity,
                "hash": d.content_hash,
            }
            for d in library.documents()
        }
    finally:
        library.close()


def test_backfill_stores_every_post_and_comment_once_with_its_parent(home):
    posts, comments = sample_forum()
    with ForumServer(posts, comments) as site:
        first = as_json(forum(site.site, "--comments", home=home))
        assert first == {"added": 10, "updated": 0, "unchanged": 0, "failed": []}
        # Paged oldest first by the last postedAt seen, two posts a page.
        afters = [q.args["selector"]["old"].get("after") for q in site.queries("posts")]
        assert afters == [None, "2021-02-10T09:30:00.000Z", "2021-04-01T12:00:00.000Z"]
        assert {s.user_agent for s in site.seen} == {
            "cruxmap/0.1 (literature-mapping assistant; +https://example.invalid/cruxmap)"
        }
        # Comments are asked for only on posts that have them.
        assert [
            q.args["selector"]["postCommentsOld"]["postId"] for q in site.queries("comments")
        ] == [
            "P1oversight",
            "P4debate",
        ]
        docs = stored(home)
        comment_ids = sorted(k for k in docs if k.startswith("forum:comment:"))
        assert comment_ids == [
            "forum:comment:c1bob",
            "forum:comment:c2alice",
            "forum:comment:c3carol",
            "forum:comment:c5dev",
            "forum:comment:c6bob",
        ]
        p1 = docs["forum:post:P1oversight"]
        c1, c2, c3 = (docs[f"forum:comment:{c}"] for c in ("c1bob", "c2alice", "c3carol"))
        assert (c1["parent"], c1["reply_to"]) == ("forum:post:P1oversight", p1["url"])
        assert (c2["parent"], c2["reply_to"]) == ("forum:comment:c1bob", c1["url"])
        assert (c3["parent"], c3["reply_to"]) == ("forum:comment:c2alice", c2["url"])
        assert c3["authors"] == ["Carol Nguyen"]
        assert c3["published"] == "2021-01-08T08:00:00+00:00"
        assert (
            c3["url"]
            == "https://forum.test/posts/P1oversight/oversight-will-not-scale?commentId=c3carol"
        )
        assert c3["text"].startswith("That is too strong")
        assert docs["forum:comment:c5dev"]["parent"] == "forum:comment:c4gone"
        assert p1["authors"] == ["Alice Moreau"] and "alert" not in p1["text"]

        again = as_json(forum(site.site, "--comments", home=home))
        assert again == {"added": 0, "updated": 0, "unchanged": 10, "failed": []}
        assert stored(home) == docs


def test_filters_go_to_the_server_where_it_can_apply_them(home):
    posts, comments = sample_forum()
    with ForumServer(posts, comments) as site:
        result = forum(
            site.site,
            "--af",
            "--min-karma",
            "10",
            "--tag",
            "Scalable Oversight",
            "--since",
            "2021-01-01",
            "--until",
            "2021-12-31",
            home=home,
        )
        assert as_json(result)["added"] == 2
        terms = site.queries("posts")[0].args["selector"]["old"]
        assert terms["af"] is True and terms["karmaThreshold"] == 10
        assert terms["before"] == "2022-01-01T00:00:00.000Z", "the --until day is included"
        assert terms["after"] == "2020-12-31T23:59:59.999Z"
        docs = stored(home)
        assert sorted(docs) == ["forum:post:P1oversight", "forum:post:P4debate"]
        assert docs["forum:post:P4debate"]["text"].startswith("Debate experiments show")
        # The tag is matched here: pages are listed without bodies, and asked again in
        # full only when they hold a post the tag keeps (P1 and P4 on page 1, not P5 alone).
        asked = [
            ("htmlBody" in q.raw, q.args["selector"]["old"].get("after"))
            for q in site.queries("posts")
        ]
        assert asked == [
            (False, "2020-12-31T23:59:59.999Z"),
            (True, "2020-12-31T23:59:59.999Z"),
            (False, "2021-04-01T12:00:00.000Z"),
        ]
    with ForumServer(posts, comments) as site:
        other = home.parent / "other"
        result = forum(site.site, "--author", "amoreau", "--max", "1", home=other)
        assert as_json(result)["added"] == 1
        assert sorted(stored(other)) == ["forum:post:P1oversight"]
        pages = {json.dumps(q.args, sort_keys=True) for q in site.queries("posts")}
        assert len(pages) == 1, "--max stops paging (one page, listed, then asked in full)"
        # ... and the cursor stays on the last post it read, not the end of the page.
        import sqlite3

        with sqlite3.connect(other / "library.sqlite") as db:
            (cursor,) = db.execute("SELECT cursor FROM forum_progress").fetchone()
        assert cursor == "2021-01-05T10:00:00.000Z"


def test_a_server_without_the_selector_form_is_asked_in_the_older_form(home):
    posts, comments = sample_forum()
    with ForumServer(posts, comments, selector_form=False) as site:
        result = as_json(forum(site.site, "--comments", home=home))
        assert result["added"] == 10 and result["failed"] == []
        forms = [q.form for q in site.seen]
        assert forms[0] == "selector" and set(forms[1:]) == {"terms"}, forms
        assert len(site.queries("posts")) == 1 + 3


def test_403_and_429_are_one_line_and_the_next_run_resumes(home):
    posts, comments = sample_forum()
    with ForumServer(posts, comments) as site:
        # A short Retry-After is waited out.
        site.queue[:] = [Raw(429, b"slow down", {"Retry-After": "1"})]
        assert as_json(forum(site.site, "--max", "1", home=home))["added"] == 1
        assert [s.name for s in site.seen] == ["", "posts"]
        # A long one stops the run with one line; what the first page brought stays.
        site.queue[:] = [None, Raw(429, b"slow down", {"Retry-After": "120"})]
        result = forum(site.site, home=home)
        assert result.returncode == 1
        report = as_json(result)
        assert (report["added"], report["unchanged"]) == (1, 1)
        (failure,) = report["failed"]
        assert "rate limited" in failure["error"] and "resume" in failure["error"]
        assert "Traceback" not in result.stderr
        assert sorted(stored(home)) == ["forum:post:P1oversight", "forum:post:P2interp"]
        # A 403 names the cause.
        site.queue[:] = [Raw(403, b"Forbidden")]
        result = forum(site.site, home=home)
        assert result.returncode == 1
        assert "HTTP 403" in as_json(result)["failed"][0]["error"]
        # The next run resumes after the last page it stored, and finishes.
        before = len(site.queries("posts"))
        done = as_json(forum(site.site, home=home))
        assert (done["failed"], done["added"], done["unchanged"]) == ([], 3, 0)
        resumed = site.queries("posts")[before]
        assert resumed.args["selector"]["old"]["after"] == "2021-02-10T09:30:00.000Z"
        assert len(stored(home)) == 5


def test_a_timeout_is_one_line(home):
    posts, comments = sample_forum()
    with ForumServer(posts, comments, delay=1.5) as site:
        result = invoke_cli(
            "forum",
            site.site,
            "--allow-private",
            home=home,
            env={**FAST, "CRUXMAP_HTTP_TIMEOUT": "0.3"},
        )
        assert result.returncode == 1
        assert "timed out" in result.stderr and "resume" in result.stderr
        assert "Traceback" not in result.stderr


def test_a_forum_subscription_syncs_new_posts_and_new_comments_once(home):
    posts, comments = sample_forum()
    env = {**FAST, "CRUXMAP_ALLOW_PRIVATE": "1"}
    with ForumServer(posts, comments) as site:
        added = invoke_cli(
            "feeds", "add", site.site, "--forum", "--af", "--comments", home=home, env=env
        )
        assert added.returncode == 0, added.stderr
        key = f"forum:{site.site}?af=1&comments=1"
        assert f"subscribed: {key}" in added.stderr
        listed = as_json(invoke_cli("feeds", "list", "--json", home=home))
        assert [f["url"] for f in listed] == [key]
        stray = invoke_cli("feeds", "add", site.site, "--af", home=home, env=env)
        assert stray.returncode == 2 and "need --forum" in stray.stderr
        assert key not in invoke_cli("feeds", "export", home=home).stdout

        first = as_json(invoke_cli("sync", "--json", home=home, env=env))
        assert first == {"added": 9, "updated": 0, "unchanged": 0, "failed": []}  # P2 is not AF
        # Later: a new post, and a new reply deep in an old thread.
        posts.append(
            post("P6new", "Oversight, once more", "2021-05-02T08:00:00.000Z", BOB, "<p>More.</p>")
        )
        comments.append(
            comment(
                "c7bob",
                posts[4],
                "2021-05-03T08:00:00.000Z",
                BOB,
                "<p>Deception needs a model of the evaluator, which current models lack.</p>",
            )
        )
        posts[4]["commentCount"] = 1
        second = as_json(invoke_cli("sync", "--json", home=home, env=env))
        assert second["added"] == 2 and second["failed"] == []
        # Only the last few days are read again, not the whole archive.
        assert site.queries("posts")[-2].args["selector"]["old"]["after"] < "2021-05-01"
        assert site.queries("posts")[-2].args["selector"]["old"]["after"] > "2021-04-01"
        third = as_json(invoke_cli("sync", "--json", home=home, env=env))
        assert third["added"] == third["updated"] == 0
        assert len(stored(home)) == 11
        status = as_json(invoke_cli("feeds", "list", "--json", home=home))[0]
        assert status["last_status"] == "ok"


def test_comment_replies_become_reply_evidence_in_the_map(home):
    posts, comments = sample_forum()
    with ForumServer(posts, comments) as site:
        as_json(forum(site.site, "--comments", home=home))
    docs = stored(home)
    run = as_json(invoke_cli("analyze", "--json", home=home))
    assert run["failed"] == []
    claims = as_json(invoke_cli("claims", "list", "--json", home=home))
    doc_of = {c["id"]: c["doc_id"] for c in claims}
    identity = {v["id"]: k for k, v in docs.items()}
    replies = {
        (identity[c["doc_id"]], identity[doc_of[r["other"]]])
        for c in claims
        for r in c["relations"]
        if r["asserted"] and r["direction"] == "out" and r["evidence"]["kind"] == "reply"
    }
    # Bob's comment answers Alice's post; Alice's reply answers Bob's comment, not the post
    # (comment URLs differ only by their commentId, which must not be normalised away).
    assert ("forum:comment:c1bob", "forum:post:P1oversight") in replies, replies
    assert ("forum:comment:c2alice", "forum:comment:c1bob") in replies, replies
    for later, earlier in replies:
        assert docs[later]["parent"] == earlier or docs[later]["reply_to"] == docs[earlier]["url"]
    # Carol answers Alice without stating her stance ("That is too strong: ..."): the thread
    # says which comment she answers, not which claim, so the pair stays a candidate.
    candidates = {
        (identity[c["doc_id"]], identity[doc_of[r["other"]]])
        for c in claims
        for r in c["relations"]
        if not r["asserted"] and r["direction"] == "out"
    }
    assert ("forum:comment:c3carol", "forum:comment:c2alice") not in replies
    assert ("forum:comment:c3carol", "forum:comment:c2alice") in candidates, candidates


def test_a_killed_backfill_resumes_after_its_last_page(home, monkeypatch):
    import os
    import signal
    import sqlite3
    import time

    from tests.cli import run_cli, spawn_cli

    posts = [
        post(
            f"P{n:02d}",
            f"Post number {n}",
            f"2022-01-{n:02d}T10:00:00.000Z",
            BOB,
            f"<p>Claim {n}: oversight of model {n} needs evaluators who understand it.</p>",
        )
        for n in range(1, 29)
    ]
    monkeypatch.setenv("CRUXMAP_FORUM_DELAY", "0.25")
    monkeypatch.setenv("CRUXMAP_FORUM_PAGE_SIZE", "2")
    with ForumServer(posts, []) as site:
        proc = spawn_cli("forum", site.site, "--allow-private", "--json", home=home)
        db_path = home / "library.sqlite"
        deadline = time.time() + 120
        cursor = None
        while time.time() < deadline and cursor is None:
            try:
                with sqlite3.connect(db_path) as db:
                    row = db.execute("SELECT cursor, posts FROM forum_progress").fetchone()
                if row and row[1] >= 6:
                    os.killpg(proc.pid, signal.SIGKILL)
                    cursor = row[0]
            except sqlite3.Error:
                pass
            time.sleep(0.05)
        proc.wait()
        assert cursor is not None, "the backfill never got going"
        with sqlite3.connect(db_path) as db:
            cursor, walked = db.execute("SELECT cursor, posts FROM forum_progress").fetchone()
        assert walked < len(posts), "the kill came too late to test anything"
        before = len(site.queries("posts"))
        rerun = run_cli("forum", site.site, "--allow-private", "--json", home=home)
        assert rerun.returncode == 0, rerun.stderr
        assert site.queries("posts")[before].args["selector"]["old"]["after"] == cursor
    docs = stored(home)
    assert sorted(docs) == [f"forum:post:P{n:02d}" for n in range(1, 29)]
    from ingest.config import Settings
    from ingest.library import Library

    library = Library(Settings(home=home))
    try:
        assert library.counts()["pending"] == 0
        assert library.vectors.ids_where() == {c.id for c in library.all_chunks()}
    finally:
        library.close()


def test_a_post_read_through_a_sister_site_stays_one_unchanged_document(home):
    """LessWrong and the Alignment Forum serve one database: the same _id from the other
    site is the same document, and does not flip between the two sites' URLs."""
    posts, comments = sample_forum()
    with ForumServer(posts, comments) as lesswrong:
        assert as_json(forum(lesswrong.site, "--comments", home=home))["added"] == 10
    first = stored(home)

    def elsewhere(item: dict) -> dict:
        return {**item, "pageUrl": item["pageUrl"].replace("forum.test", "af.test")}

    with ForumServer([elsewhere(p) for p in posts], [elsewhere(c) for c in comments]) as af:
        again = as_json(forum(af.site, "--comments", home=home))
    assert again == {"added": 0, "updated": 0, "unchanged": 10, "failed": []}
    assert stored(home) == first


def test_requests_are_spaced_by_the_politeness_delay(home):
    """About one request a second on a real site; here 0.3 s. A lower bound only: a loaded
    machine can make the gaps longer, never shorter."""
    posts, comments = sample_forum()
    with ForumServer(posts, comments) as site:
        result = invoke_cli(
            "forum",
            site.site,
            "--comments",
            "--allow-private",
            home=home,
            env={"CRUXMAP_FORUM_DELAY": "0.3", "CRUXMAP_FORUM_PAGE_SIZE": "2"},
        )
        assert result.returncode == 0, result.stderr
        times = [s.at for s in site.seen]
    assert len(times) == 5
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.3


def test_a_rate_limited_forum_subscription_backs_off_like_a_feed(home):
    posts, comments = sample_forum()
    env = {**FAST, "CRUXMAP_ALLOW_PRIVATE": "1"}
    with ForumServer(posts, comments) as site:
        key = f"forum:{site.site}?af=1"
        assert invoke_cli("feeds", "add", key, home=home, env=env).returncode == 0
        site.queue[:] = [Raw(429, b"slow down", {"Retry-After": "600"})]
        result = invoke_cli("sync", "--json", home=home, env=env)
        assert result.returncode == 1
        assert "rate limited" in as_json(result)["failed"][0]["error"]
        (sub,) = as_json(invoke_cli("feeds", "list", "--json", home=home))
        assert sub["last_status"] == "retry" and sub["retry_after"]
        asked = len(site.seen)
        again = as_json(invoke_cli("sync", "--json", home=home, env=env))
        assert again["failed"] == [] and len(site.seen) == asked, "it waits as told"


def test_the_cursor_sent_back_is_the_server_s_own_posted_at(home):
    """A server that writes dates without milliseconds (and compares them as text) gets
    its own strings back as `after`, so no post at a page boundary is skipped or repeated."""
    posts = [
        post(f"Q{n}", f"Short post {n}", f"2022-03-0{n}T10:00:00Z", BOB, f"<p>Body {n}.</p>")
        for n in range(1, 6)
    ]
    with ForumServer(posts, []) as site:
        assert as_json(forum(site.site, home=home))["added"] == 5
        afters = [q.args["selector"]["old"].get("after") for q in site.queries("posts")]
    assert afters == [None, "2022-03-02T10:00:00Z", "2022-03-04T10:00:00Z"]
