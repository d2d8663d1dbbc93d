"""A loopback ForumMagnum site: `POST /graphql` answering posts and comments queries in the
shapes LessWrong, the Alignment Forum and the EA Forum serve, from fixtures a test gives.

It behaves the way the real API does where cruxmap depends on it: 403 to a request without
a User-Agent; `posts(selector: {old: {...}}, limit, enableTotal)` and the older
`posts(input: {terms: {view: "old", ...}})`, filtered by `af`, `after`, `before` and
`karmaThreshold`, oldest first; `comments(...)` of a post as one flat list, deleted ones
included with an empty body and no user; a field the API description does not list is an
error; and, when `selector_form` is off (a server from before 2025),
HTTP 400 with a GraphQL error for the selector form. A test may also script the next
replies (answer one query, then a 429 with Retry-After, then a 403).

Arguments are read with a small parser of GraphQL input literals, so a query cruxmap
builds wrongly gets an error here as it would there.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Raw:
    """A reply served as is, before any query is answered (e.g. 429 then the real answer)."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Seen:
    """One request as the server saw it."""

    user_agent: str | None
    at: float = field(default_factory=time.monotonic)
    name: str = ""
    form: str = ""
    raw: str = ""
    args: dict[str, Any] = field(default_factory=dict)


class GraphQLSyntaxError(ValueError):
    pass


class ForumServer:
    def __init__(
        self,
        posts: list[dict],
        comments: list[dict],
        selector_form: bool = True,
        delay: float = 0.0,
    ):
        self.posts = posts
        self.comments = comments
        self.selector_form = selector_form
        self.delay = delay
        #: Replies for the next requests in turn: a Raw is served as is, None answers the query.
        self.queue: list[Raw | None] = []
        self.seen: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                status, payload, headers = server.answer(
                    self.path, self.headers.get("User-Agent"), body
                )
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                try:
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._lock = threading.Lock()

    @property
    def site(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_port}"

    def __enter__(self) -> ForumServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def queries(self, field_name: str) -> list[Seen]:
        return [s for s in self.seen if s.name == field_name]

    # -- answering --------------------------------------------------------------------------

    def answer(self, path: str, agent: str | None, body: bytes) -> tuple[int, bytes, dict]:
        if self.delay:
            time.sleep(self.delay)
        with self._lock:
            seen = Seen(user_agent=agent)
            self.seen.append(seen)
            if path != "/graphql":
                return 404, b'{"error": "not found"}', {}
            if not agent:
                return 403, b"Forbidden", {}
            raw = self.queue.pop(0) if self.queue else None
            if raw is not None:
                return raw.status, raw.body, raw.headers
            try:
                request = json.loads(body)
                seen.raw = request["query"]
                seen.name, seen.form, seen.args = parse_list_query(request["query"])
            except (ValueError, KeyError, TypeError) as exc:
                return 400, _errors(f"Syntax Error: {exc}"), {}
            unknown = unknown_fields(request["query"], seen.name)
            if unknown:
                type_name = "Post" if seen.name == "posts" else "Comment"
                return 400, _errors(f'Cannot query field "{unknown[0]}" on type "{type_name}".'), {}
            if seen.form == "selector" and not self.selector_form:
                return (
                    400,
                    _errors(f'Unknown argument "selector" on field "Query.{seen.name}".'),
                    {},
                )
            if seen.name == "posts":
                return 200, json.dumps({"data": {"posts": self._posts(seen)}}).encode(), {}
            return 200, json.dumps({"data": {"comments": self._comments(seen)}}).encode(), {}

    def _terms(self, seen: Seen, view: str) -> tuple[dict, int]:
        if seen.form == "selector":
            selector = seen.args["selector"]
            if list(selector) != [view]:
                raise ValueError(f"unexpected view {list(selector)}")
            return dict(selector[view]), int(seen.args.get("limit", 10))
        terms = dict(seen.args["input"]["terms"])
        if terms.pop("view", None) != view:
            raise ValueError("unexpected view")
        return terms, int(terms.pop("limit", 10))

    def _posts(self, seen: Seen) -> dict:
        terms, limit = self._terms(seen, "old")
        rows = sorted(self.posts, key=lambda p: p["postedAt"])
        if terms.get("af"):
            rows = [p for p in rows if p.get("af")]
        if terms.get("after"):
            rows = [p for p in rows if p["postedAt"] > terms["after"]]
        if terms.get("before"):
            rows = [p for p in rows if p["postedAt"] < terms["before"]]
        if terms.get("karmaThreshold") is not None:
            rows = [p for p in rows if p["baseScore"] >= terms["karmaThreshold"]]
        return {"totalCount": len(rows), "results": rows[:limit]}

    def _comments(self, seen: Seen) -> dict:
        terms, limit = self._terms(seen, "postCommentsOld")
        rows = [c for c in self.comments if c["postId"] == terms["postId"]]
        return {"results": sorted(rows, key=lambda c: c["postedAt"])[:limit]}


#: The fields the issue's description of the API lists, and nothing else: a server that
#: knows only these rejects a query asking for more, as a strict GraphQL schema does.
FIELDS = {
    "posts": set(
        "_id title slug pageUrl postedAt modifiedAt baseScore voteCount commentCount wordCount "
        "af htmlBody tags name user coauthors displayName username".split()
    ),
    "comments": set(
        "_id postId parentCommentId postedAt baseScore htmlBody pageUrl user displayName "
        "username".split()
    ),
}


def unknown_fields(query: str, name: str) -> list[str]:
    """Fields asked for in `results { ... }` that the type does not have."""
    match = re.search(r"\bresults\s*\{", query)
    if not match:
        return []
    depth, end = 1, match.end()
    while depth and end < len(query):
        depth += {"{": 1, "}": -1}.get(query[end], 0)
        end += 1
    asked = re.findall(r"[_A-Za-z]\w*", query[match.end() : end - 1])
    return [f for f in asked if f not in FIELDS[name]]


def _errors(message: str) -> bytes:
    return json.dumps({"errors": [{"message": message}]}).encode()


# -- reading GraphQL input literals ---------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<punct>[{}\[\]():,])|(?P<name>[_A-Za-z]\w*)|(?P<number>-?\d+(?:\.\d+)?)"
    r'|(?P<string>"(?:[^"\\]|\\.)*"))'
)


def parse_list_query(query: str) -> tuple[str, str, dict[str, Any]]:
    """(`posts` or `comments`, "selector" or "terms", the field's arguments)."""
    match = re.search(r"\b(posts|comments)\s*\(", query)
    if not match:
        raise ValueError("no posts or comments field")
    tokens = _tokens(query[match.end() :])
    args = _arguments(tokens)
    if "selector" in args:
        return match.group(1), "selector", args
    if "input" in args:
        return match.group(1), "terms", args
    raise ValueError("neither selector nor input")


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    depth = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise GraphQLSyntaxError(f"unexpected character at {text[pos : pos + 20]!r}")
        kind = m.lastgroup or ""
        value = m.group(kind)
        pos = m.end()
        if value == ")" and depth == 0:
            return out
        depth += value in "{[" if kind == "punct" else 0
        depth -= value in "}]" if kind == "punct" else 0
        out.append((kind, value))
    raise GraphQLSyntaxError("unclosed arguments")


def _arguments(tokens: list[tuple[str, str]]) -> dict[str, Any]:
    args: dict[str, Any] = {}
    pos = 0
    while pos < len(tokens):
        name, pos = _expect(tokens, pos, "name")
        _, pos = _expect(tokens, pos, "punct", ":")
        args[name], pos = _value(tokens, pos)
        if pos < len(tokens) and tokens[pos] == ("punct", ","):
            pos += 1
    return args


def _expect(tokens, pos: int, kind: str, value: str | None = None) -> tuple[str, int]:
    if pos >= len(tokens) or tokens[pos][0] != kind or (value and tokens[pos][1] != value):
        raise GraphQLSyntaxError(f"expected {value or kind} at token {pos}")
    return tokens[pos][1], pos + 1


def _value(tokens, pos: int) -> tuple[Any, int]:
    kind, value = tokens[pos]
    if kind == "string":
        return json.loads(value), pos + 1
    if kind == "number":
        return (float(value) if "." in value else int(value)), pos + 1
    if kind == "name":
        constants = {"true": True, "false": False, "null": None}
        if value not in constants:
            raise GraphQLSyntaxError(f"enum values are not used here: {value}")
        return constants[value], pos + 1
    if value == "[":
        items, pos = [], pos + 1
        while tokens[pos] != ("punct", "]"):
            item, pos = _value(tokens, pos)
            items.append(item)
            if tokens[pos] == ("punct", ","):
                pos += 1
        return items, pos + 1
    if value == "{":
        obj, pos = {}, pos + 1
        while tokens[pos] != ("punct", "}"):
            key, pos = _expect(tokens, pos, "name")
            _, pos = _expect(tokens, pos, "punct", ":")
            obj[key], pos = _value(tokens, pos)
            if tokens[pos] == ("punct", ","):
                pos += 1
        return obj, pos + 1
    raise GraphQLSyntaxError(f"unexpected {value!r}")


# -- a small forum written for these tests ---------------------------------------------------


def post(
    post_id: str,
    title: str,
    when: str,
    author: tuple[str, str],
    body: str,
    *,
    af: bool = True,
    karma: int = 10,
    tags: tuple[str, ...] = (),
    coauthors: tuple[tuple[str, str], ...] = (),
    comments: int = 0,
    site: str = "https://forum.test",
) -> dict:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return {
        "_id": post_id,
        "title": title,
        "slug": slug,
        "pageUrl": f"{site}/posts/{post_id}/{slug}",
        "postedAt": when,
        "modifiedAt": when,
        "baseScore": karma,
        "voteCount": karma // 2,
        "commentCount": comments,
        "wordCount": len(body.split()),
        "af": af,
        "htmlBody": body,
        "tags": [{"name": t} for t in tags],
        "user": {"displayName": author[0], "username": author[1]},
        "coauthors": [{"displayName": d, "username": u} for d, u in coauthors],
    }


def comment(
    comment_id: str,
    on: dict,
    when: str,
    author: tuple[str, str] | None,
    body: str,
    parent: str | None = None,
    deleted: bool = False,
) -> dict:
    return {
        "_id": comment_id,
        "postId": on["_id"],
        "parentCommentId": parent,
        "postedAt": when,
        "baseScore": 3,
        "htmlBody": "" if deleted else body,
        "pageUrl": f"{on['pageUrl']}?commentId={comment_id}",
        "user": None if author is None else {"displayName": author[0], "username": author[1]},
    }


ALICE = ("Alice Moreau", "amoreau")
BOB = ("Bob Tanaka", "btanaka")
CAROL = ("Carol Nguyen", "cnguyen")
DEV = ("Dev Patel", "dpatel")


def sample_forum() -> tuple[list[dict], list[dict]]:
    """Five posts over five months; the first has a three-deep thread and a deleted comment
    that someone answered."""
    p1 = post(
        "P1oversight",
        "Oversight will not scale",
        "2021-01-05T10:00:00.000Z",
        ALICE,
        "<p>Scalable oversight will fail for superhuman systems, because human evaluators "
        "cannot check outputs that they do not understand.</p>"
        "<p>Debate does not rescue it: a persuasive debater can win with a false answer. "
        'See <a href="https://forum.test/posts/P4debate/debate-experiments-revisited">the '
        "debate experiments</a>.</p><script>alert('x')</script>",
        karma=60,
        tags=("AI Control", "Scalable Oversight"),
        comments=5,
    )
    p2 = post(
        "P2interp",
        "Interpretability is on track",
        "2021-02-10T09:30:00.000Z",
        BOB,
        "<p>Interpretability research is on track to explain the circuits of large models "
        "within a decade, because the tools scale with compute.</p>",
        af=False,
        karma=12,
        tags=("Interpretability",),
    )
    p3 = post(
        "P3meetup",
        "Notes from a reading group",
        "2021-03-01T18:00:00.000Z",
        CAROL,
        "<p>We read three papers on corrigibility and agreed that the problem is hard.</p>",
        karma=3,
        tags=("AI Control",),
    )
    p4 = post(
        "P4debate",
        "Debate experiments, revisited",
        "2021-04-01T12:00:00.000Z",
        CAROL,
        "<p>Debate experiments show that judges pick the honest debater more often than "
        "chance, so debate helps oversight.</p>",
        karma=40,
        tags=("Scalable Oversight",),
        coauthors=(ALICE,),
        comments=1,
    )
    p5 = post(
        "P5deception",
        "Deceptive alignment is likely",
        "2021-05-01T08:00:00.000Z",
        DEV,
        "<p>Deceptive alignment is likely in models trained with outcome-based feedback, "
        "because deception is rewarded wherever evaluators are fooled.</p>",
        karma=80,
        tags=("Deception",),
    )
    c1 = comment(
        "c1bob",
        p1,
        "2021-01-06T08:00:00.000Z",
        BOB,
        "<p>I disagree that scalable oversight will fail. Human evaluators can check "
        "superhuman outputs when debate breaks them into small steps.</p>",
    )
    c2 = comment(
        "c2alice",
        p1,
        "2021-01-07T08:00:00.000Z",
        ALICE,
        "<p>I disagree that breaking superhuman outputs into small steps helps evaluators, "
        "because the steps of a superhuman argument are themselves beyond them.</p>",
        parent="c1bob",
    )
    c3 = comment(
        "c3carol",
        p1,
        "2021-01-08T08:00:00.000Z",
        CAROL,
        "<p>That is too strong: many steps of a superhuman argument are ordinary arithmetic "
        "that any evaluator can check.</p>",
        parent="c2alice",
    )
    c4 = comment("c4gone", p1, "2021-01-09T08:00:00.000Z", None, "", deleted=True)
    c5 = comment(
        "c5dev",
        p1,
        "2021-01-10T08:00:00.000Z",
        DEV,
        "<p>Whatever was said here, the evidence from debate experiments is weak.</p>",
        parent="c4gone",
    )
    c6 = comment(
        "c6bob",
        p4,
        "2021-04-02T08:00:00.000Z",
        BOB,
        "<p>Judges picking the honest debater in easy questions says little about hard "
        "questions.</p>",
    )
    return [p1, p2, p3, p4, p5], [c1, c2, c3, c4, c5, c6]
