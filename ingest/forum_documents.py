"""Forum posts and comments, as the API sends them, turned into documents.

A comment is its own document with its own author, date, URL and text, and names its parent
(the post, or the comment it answers) twice: `parent_identity` within the thread, and
`reply_to` = the parent's URL, which is what the map's reply evidence reads
(`assistant.offline.dialogue`). A deleted comment has no text and is not stored; its
replies still name it as their parent, so no reply is pinned on a comment it did not answer.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ingest.models import IngestError, ParsedDocument


def parse_date(value: str) -> datetime:
    """An ISO date or date-time; a date without a zone is UTC."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise IngestError(f"not a date: {value!r} (use YYYY-MM-DD)") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def post_document(post: dict, site: str) -> ParsedDocument:
    """A post with its people, tags and links; its text is the body reduced to plain text."""
    from ingest.parsers.html import html_to_text_with_links

    post_id = str(post["_id"])
    url = post.get("pageUrl") or f"{site}/posts/{post_id}/{post.get('slug') or ''}".rstrip("/")
    title = " ".join(str(post.get("title") or "").split()) or "(untitled post)"
    text, links = html_to_text_with_links(post.get("htmlBody") or "", base_url=url)
    people = people_of(post)
    meta = {
        "forum": "post",
        "forum_id": post_id,
        "site": site,
        "af": "true" if post.get("af") else "false",
    }
    if post.get("slug"):
        meta["slug"] = str(post["slug"])
    tags = [str(t["name"]) for t in post.get("tags") or [] if t and t.get("name")]
    if tags:
        meta["tags"] = ", ".join(tags)
    usernames = [p["username"] for p in people if p.get("username")]
    if usernames:
        meta["usernames"] = ", ".join(usernames)
    return ParsedDocument(
        kind="forum",
        identity=post_identity(post_id),
        title=title,
        text=text or title,
        url=url,
        authors=list(dict.fromkeys(_display(p) for p in people if _display(p))),
        published=date_or_none(post.get("postedAt")),
        source=site,
        meta=meta,
        links=links if text else [],
    )


def comment_documents(comments: list[dict], post: ParsedDocument) -> list[ParsedDocument]:
    """A post's comments, parents before replies; deleted ones leave only their place."""
    from ingest.parsers.html import html_to_text_with_links

    post_id = post.meta["forum_id"]
    urls = {str(c["_id"]): _comment_url(c, post) for c in comments if c.get("_id")}
    docs = []
    for comment in sorted(
        comments, key=lambda c: (str(c.get("postedAt") or ""), str(c.get("_id")))
    ):
        comment_id = str(comment.get("_id") or "")
        if not comment_id or _deleted(comment):
            continue
        text, links = html_to_text_with_links(
            comment.get("htmlBody") or "", base_url=urls[comment_id]
        )
        if not text.strip():
            continue
        parent_id = comment.get("parentCommentId")
        parent_url: str | None
        if parent_id:
            parent_url = urls.get(str(parent_id)) or _comment_url({"_id": parent_id}, post)
            parent_identity = comment_identity(str(parent_id))
        else:
            parent_url, parent_identity = post.url, post.identity
        user = comment.get("user") or {}
        author = _display(user)
        meta = {"forum": "comment", "forum_id": comment_id, "post_id": post_id, "site": post.source}
        if parent_id:
            meta["parent_comment_id"] = str(parent_id)
        if user.get("username"):
            meta["usernames"] = str(user["username"])
        docs.append(
            ParsedDocument(
                kind="forum",
                identity=comment_identity(comment_id),
                title=f"Comment by {author or 'an unnamed user'} on {post.title}",
                text=text,
                url=urls[comment_id],
                authors=[author] if author else [],
                published=date_or_none(comment.get("postedAt")),
                source=post.source,
                meta=meta,
                links=links,
                reply_to=parent_url,
                parent_identity=parent_identity,
            )
        )
    return docs


def post_identity(post_id: str) -> str:
    return f"forum:post:{post_id}"


def comment_identity(comment_id: str) -> str:
    return f"forum:comment:{comment_id}"


def _comment_url(comment: dict, post: ParsedDocument) -> str:
    return str(comment.get("pageUrl") or f"{post.url}?commentId={comment['_id']}")


def _deleted(comment: dict) -> bool:
    return bool(comment.get("deleted")) or not (comment.get("htmlBody") or "").strip()


def people_of(post: dict) -> list[dict]:
    people = [post.get("user")] + list(post.get("coauthors") or [])
    return [p for p in people if isinstance(p, dict)]


def _display(person: dict) -> str:
    return " ".join(str(person.get("displayName") or person.get("username") or "").split())


def names_of(person: dict) -> set[str]:
    return {str(person.get(k) or "").casefold() for k in ("displayName", "username")} - {""}


def date_or_none(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return parse_date(value)
    except IngestError:
        return None


def api_date(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
