"""Markdown notes with YAML front matter (Obsidian, Zettelkasten exports, clipping tools).

Clipping tools often paste a post's raw HTML into a "> " blockquote under a "# Title"
heading; the reader wants the post's words, so quoted HTML is unquoted and converted, and
markdown syntax is reduced to the text it marks up.

Links (markdown `[text](url)`, `<url>` autolinks and anchors in pasted HTML) are kept as
spans of the clean text, and front matter's `in_reply_to:` says which post a note answers.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import frontmatter
import yaml

from ingest.models import IngestError, Link, ParsedDocument
from ingest.parsers.html import link_marker, links_from_marked, marked_html_text, outgoing_href
from ingest.parsers.plaintext import decode_text, guess_title
from ingest.text import html_to_text, looks_like_html, normalise_text, strip_feed_preamble

URL_KEYS = ("url", "link", "source_url", "canonical_url")
REPLY_KEYS = ("in_reply_to", "in-reply-to", "reply_to", "replying_to")
DATE_KEYS = ("date", "published", "created", "date_published")
INLINE_MARKDOWN = (
    (re.compile(r"<!--.*?-->", re.DOTALL), ""),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"`([^`\n]+)`"), r"\1"),
)
# Links to keep, matched before INLINE_MARKDOWN reduces them to their text: `[text](url)`
# (not an image's `![alt](src)`) and `<https://...>` autolinks.
MD_LINK_RE = re.compile(r"(?<!!)\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
AUTOLINK_RE = re.compile(r"<(https?://[^>\s]+)>")
BLOCK_START_RE = re.compile(r"^(#{1,6}\s|[-*+]\s|\d+[.)]\s|\||```|~~~)")


def parse_note(data: bytes, source: str) -> ParsedDocument:
    """A note as one document; its front matter supplies title, url, date, tags and authors."""
    try:
        post = frontmatter.loads(decode_text(data))
    except yaml.YAMLError as exc:
        raise IngestError(f"bad YAML front matter: {_yaml_problem(exc)}") from exc
    meta_in: dict[str, Any] = post.metadata  # python-frontmatter drops non-mapping YAML.
    title = _scalar(meta_in.get("title"))
    body = _drop_title_heading(post.content, title)
    url = next((_scalar(meta_in.get(k)) for k in URL_KEYS if _is_url(meta_in.get(k))), "")
    # A note without a web address may still name itself (urn:..., doi:...), so that another
    # note's in_reply_to can point at it; that name is kept apart from `url`, which is a link.
    uri = (
        ""
        if url
        else next((_scalar(meta_in.get(k)) for k in URL_KEYS if _is_identifier(meta_in.get(k))), "")
    )
    text = note_body_to_text(body)
    links = _links(body, url or None, text)
    title = title or guess_title(text) or source
    if not text:
        text, links = title, []
    meta = {
        "tags": ", ".join(_as_list(meta_in.get("tags"))),
        "note_source": _scalar(meta_in.get("source")),
        "uri": uri,
    }
    return ParsedDocument(
        kind="notes",
        identity=url or f"file:{source}",
        title=title,
        text=text,
        url=url or None,
        authors=_as_list(meta_in.get("authors") or meta_in.get("author"), split=True),
        published=next(
            (d for d in (_to_datetime(meta_in.get(k)) for k in DATE_KEYS) if d is not None), None
        ),
        source=source,
        meta={k: v for k, v in meta.items() if v},
        links=links,
        reply_to=next(
            (_scalar(meta_in.get(k)) for k in REPLY_KEYS if _is_identifier(meta_in.get(k))), None
        ),
    )


def _links(body: str, base_url: str | None, text: str) -> list[Link]:
    """The note's links as spans of `text` (the body converted without link markers)."""
    hrefs: list[str] = []
    marked = note_body_to_text(body, base_url=base_url, hrefs=hrefs)
    return links_from_marked(marked, hrefs, text)


def note_body_to_text(
    body: str, base_url: str | None = None, hrefs: list[str] | None = None
) -> str:
    """Readable text of a note body: quoted HTML converted, markdown syntax dropped.

    Blocks are handled one at a time because clipped notes mix an HTML post with markdown
    sections the clipping tool appended. With `hrefs` given, links are wrapped in markers
    (see ingest.parsers.html) and their targets appended to it, so they can be located.
    """
    body = _unquote(body.replace("\r\n", "\n"))
    blocks = re.split(r"\n[ \t]*\n", body)
    out: list[str] = []
    in_code = False
    for block in blocks:
        if not in_code and looks_like_html(block):
            html = (
                html_to_text(block) if hrefs is None else marked_html_text(block, base_url, hrefs)
            )
            out.append(strip_feed_preamble(html))
            continue
        converted, in_code = markdown_block_to_text(block, in_code, base_url, hrefs)
        out.append(converted)
    return normalise_text("\n\n".join(part for part in out if part.strip()))


def _mark_links(line: str, base_url: str | None, hrefs: list[str]) -> str:
    """Wrap each markdown link's text in numbered markers, recording its target."""

    def mark(text: str, raw_href: str) -> str:
        href = outgoing_href(raw_href, base_url)
        if href is None:
            return text
        number = len(hrefs)
        hrefs.append(href)
        return link_marker(number, closing=False) + text + link_marker(number, closing=True)

    line = MD_LINK_RE.sub(lambda m: mark(m.group(1), m.group(2)), line)
    return AUTOLINK_RE.sub(lambda m: mark(m.group(1), m.group(1)), line)


def markdown_block_to_text(
    block: str,
    in_code: bool = False,
    base_url: str | None = None,
    hrefs: list[str] | None = None,
) -> tuple[str, bool]:
    """One markdown block as plain lines; soft-wrapped paragraph lines are joined.

    Returns whether a code fence is still open, since fences can span blank lines.
    """
    lines: list[str] = []
    for raw in block.split("\n"):
        stripped = raw.strip()
        if stripped.startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code:
            lines.append(raw.rstrip())
            continue
        if re.fullmatch(r"([-*_])(\s*\1){2,}|[-*+]", stripped):
            continue  # horizontal rules and empty list items carry no words
        line = re.sub(r"^#{1,6}\s+", "", stripped).rstrip("#").rstrip()
        line = re.sub(r"^([-*+]\s+)\[[ xX]\]\s+", r"\1", line)
        line = re.sub(r"^[*+]\s+", "- ", line)
        if hrefs is not None:
            line = _mark_links(line, base_url, hrefs)
        for pattern, replacement in INLINE_MARKDOWN:
            line = pattern.sub(replacement, line)
        if lines and line and not BLOCK_START_RE.match(stripped) and _is_soft_wrap(lines[-1]):
            lines[-1] = f"{lines[-1]} {line}"
        elif line:
            lines.append(line)
    return "\n".join(lines), in_code


def _is_soft_wrap(previous: str) -> bool:
    """Markdown joins wrapped lines of a paragraph; a list item or heading line stays whole."""
    return not BLOCK_START_RE.match(previous) and not previous.endswith("  ")


def _unquote(body: str) -> str:
    return re.sub(r"^[ \t]{0,3}>[ \t]?", "", body, flags=re.MULTILINE)


def _drop_title_heading(body: str, title: str) -> str:
    """Clippers repeat the title as '# Title'; keeping it would duplicate the title in the text."""
    match = re.match(r"\A\s*#\s+(.+?)\s*#*\s*(\n|\Z)", body)
    if match and title and _same_words(match.group(1), title):
        return body[match.end() :]
    return body


def _same_words(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _scalar(value: Any) -> str:
    if value is None or isinstance(value, (list, dict)):
        return ""
    return " ".join(str(value).split())


def _as_list(value: Any, split: bool = False) -> list[str]:
    """Tags and authors come as YAML lists or as one comma-separated string."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name", "")
        splittable = split or not isinstance(value, list)
        parts = re.split(r"\s*[,;]\s*|\s+and\s+", str(item)) if splittable else [str(item)]
        names.extend(p.strip() for p in parts if p and p.strip())
    return list(dict.fromkeys(names))


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and value.strip().startswith(("http://", "https://"))


def _is_identifier(value: Any) -> bool:
    """A web address, or a URN / DOI name that identifies a note without being a link."""
    return isinstance(value, str) and bool(
        re.match(r"(?:https?://|urn:[a-z0-9][a-z0-9-]*:|doi:)\S+$", value.strip(), re.I)
    )


def _to_datetime(value: Any) -> datetime | None:
    """YAML gives datetimes, dates or strings; all become aware UTC datetimes."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, str) and value.strip():
        try:
            return _to_datetime(datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
        except ValueError:
            return None
    return None


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """'what is wrong (line N)', counting lines from the top of the file."""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    # Marks are 0-based over the text after the opening '---', which starts with its newline.
    return f"{problem} (line {mark.line + 1})" if mark is not None else problem
