"""Every GraphQL query cruxmap sends to a ForumMagnum site (LessWrong, the Alignment Forum,
the EA Forum), in one place, so that anything the API renames is one edit here.

Two forms of the same list queries exist. Since 2025 the sites' own client asks
`posts(selector: {<view>: {<terms>}}, limit: N, enableTotal: true)`; long-running scrapers
still use the older `posts(input: {terms: {view: ..., limit: N, ...}})`. `ingest.forum`
sends the selector form and falls back to the terms form when a server rejects it.

Arguments are written inline as GraphQL literals rather than as typed variables: a variable
needs the server's input type name (`PostSelector`, `MultiPostInput`, ...), which is exactly
the kind of thing that gets renamed, while a literal is checked against the view's own terms.
"""

from __future__ import annotations

import json
import re
from typing import Literal

Form = Literal["selector", "terms"]
#: The order in which forms are tried: the current one first.
FORMS: tuple[Form, ...] = ("selector", "terms")

#: The view that lists posts oldest first, so paging by `after` = last postedAt is stable.
POSTS_VIEW = "old"
#: The view that lists a post's comments oldest first.
COMMENTS_VIEW = "postCommentsOld"

POST_FIELDS = """_id title slug pageUrl postedAt modifiedAt baseScore voteCount commentCount
wordCount af htmlBody tags { name } user { displayName username }
coauthors { displayName username }"""
#: A page without bodies: enough to decide which posts a tag or author filter keeps, so a
#: walk over a whole archive downloads only the bodies it stores.
LISTING_FIELDS = POST_FIELDS.replace(" htmlBody", "")

# A deleted comment comes back in its thread with an empty body and no user, which is how
# it is recognised; `deleted` is not asked for, as not every server of this API has it (a
# query naming an unknown field fails whole), but it is honoured when a server sends it.
COMMENT_FIELDS = """_id postId parentCommentId postedAt baseScore htmlBody pageUrl
user { displayName username }"""

_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")

Terms = dict[str, str | int | bool | None]


def literal(value: object) -> str:
    """A Python value as a GraphQL input literal: objects with bare keys, JSON strings.

    A JSON string is a valid GraphQL string (same escapes), so text from the user (a date,
    a tag) cannot break out of its quotes; keys are checked to be GraphQL names.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, dict):
        parts = []
        for key, item in value.items():
            if not _NAME.fullmatch(key):
                raise ValueError(f"not a GraphQL name: {key!r}")
            parts.append(f"{key}: {literal(item)}")
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    raise TypeError(f"no GraphQL literal for {type(value).__name__}")


def posts_query(form: Form, terms: Terms, limit: int, fields: str = POST_FIELDS) -> str:
    """One page of posts in `POSTS_VIEW` order, with the total the server counts."""
    terms = {k: v for k, v in terms.items() if v is not None}
    if form == "selector":
        args = f"selector: {literal({POSTS_VIEW: terms})}, limit: {limit}, enableTotal: true"
    else:
        args = f"input: {literal({'terms': {'view': POSTS_VIEW, **terms, 'limit': limit}})}"
    return f"{{ posts({args}) {{ totalCount results {{ {fields} }} }} }}"


def comments_query(form: Form, post_id: str, limit: int) -> str:
    """A post's comments, oldest first, every thread level in one flat list."""
    if form == "selector":
        args = f"selector: {literal({COMMENTS_VIEW: {'postId': post_id}})}, limit: {limit}"
    else:
        terms = {"view": COMMENTS_VIEW, "postId": post_id, "limit": limit}
        args = f"input: {literal({'terms': terms})}"
    return f"{{ comments({args}) {{ results {{ {COMMENT_FIELDS} }} }} }}"


def results_of(data: object, field: str) -> tuple[list[dict], int | None]:
    """`data.<field>.results` and `totalCount` of an answer; ValueError if it has none."""
    if not isinstance(data, dict):
        raise ValueError("the answer has no data")
    listing = data.get(field)
    if not isinstance(listing, dict) or not isinstance(listing.get("results"), list):
        raise ValueError(f"the answer has no {field}.results")
    results = [r for r in listing["results"] if isinstance(r, dict)]
    total = listing.get("totalCount")
    return results, total if isinstance(total, int) else None
