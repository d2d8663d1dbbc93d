"""The Alignment Research Dataset (StampyAI's JSONL): one JSON object per line.

Every entry has `id`, `source`, `title`, `text`, `url` and `date_published` (either may be
'n/a'), `authors` (a list, maybe empty) and `summary` (a list); other keys vary by source.
An entry lands on the identity the same work has from its own source (an arXiv id, a forum
post id) so the dataset and a direct import merge instead of doubling.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from ingest.models import ParsedDocument, SourceKind
from ingest.parsers.arxiv import ARXIV_ID
from ingest.parsers.bibliography import EntryError, clean_doi

FORUM_SOURCES = {"alignmentforum", "lesswrong", "eaforum"}
FORUM_POST_RE = re.compile(
    r"https?://(?:www\.)?(?:alignmentforum\.org|lesswrong\.com|forum\.effectivealtruism\.org)"
    r"/posts/([A-Za-z0-9]{10,24})(?:/([\w-]+))?"
)
ARXIV_URL_RE = re.compile(rf"arxiv\.org/(?:abs|pdf)/({ARXIV_ID})")
MISSING = {"", "n/a", "na", "none", "null"}
#: Per-source keys worth keeping (as text) in a document's meta.
KEPT_KEYS = ("doi", "karma", "votes", "words", "comment_count", "tags", "primary_category")


def looks_like_ard(data: bytes) -> bool:
    """JSON lines (or a JSON list) whose first object has the dataset's `source`, `text`
    and `id`, and none of CSL-JSON's `type`."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    listed = head.startswith(b"[")
    if listed:
        head = head[1:].lstrip()  # a list may be pretty-printed: its first object spans lines
    if not head.startswith(b"{"):
        return False
    first = head if listed else head.split(b"\n", 1)[0]
    return all(key in first for key in (b'"source"', b'"text"', b'"id"'))


def parse_ard_bytes(data: bytes, source: str) -> Iterator[ParsedDocument | EntryError]:
    """A whole file in memory: JSON lines, or one JSON list of entries (a converted export)."""
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped.startswith(b"["):
        yield from parse_ard_lines(data.splitlines(), source)
        return
    try:
        entries = json.loads(stripped)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        yield EntryError(where="file", error=f"not a JSON list: {getattr(exc, 'msg', exc)}")
        return
    for number, entry in enumerate(entries if isinstance(entries, list) else [], start=1):
        parsed = parse_ard_line(json.dumps(entry), source, number)
        if isinstance(parsed, EntryError):
            parsed = parsed.model_copy(update={"where": f"entry {number}"})
        yield parsed


def parse_ard_lines(
    lines: Iterable[bytes | str], source: str, start_line: int = 1
) -> Iterator[ParsedDocument | EntryError]:
    """Each line as a document, or as the one-line reason it is not one."""
    for number, line in enumerate(lines, start=start_line):
        if line.strip():
            yield parse_ard_line(line, source, number)


def parse_ard_line(line: bytes | str, source: str, number: int) -> ParsedDocument | EntryError:
    where = f"line {number}"
    try:
        entry = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "msg", str(exc))
        return EntryError(where=where, error=f"not a JSON object (truncated line?): {reason}")
    if not isinstance(entry, dict):
        return EntryError(where=where, error="not a JSON object")
    text = str(entry.get("text") or "").strip()
    entry_id = str(entry.get("id") or "").strip()
    if not text:
        return EntryError(where=where, error=f"entry {entry_id or '?'} has no text")
    dataset_source = str(entry.get("source") or "").strip()
    title = " ".join(str(entry.get("title") or "").split()) or text.split("\n", 1)[0][:120]
    url = _value(entry.get("url"))
    identity, kind, meta = _identity(entry_id, dataset_source, url, source)
    meta.update(
        {
            "ard_id": entry_id,
            "ard_source": dataset_source,
            "summary": " ".join(str(s) for s in entry.get("summary") or [] if s),
        }
    )
    for key in KEPT_KEYS:
        value = entry.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if value not in (None, "") and str(value).lower() not in MISSING:
            meta[key] = str(value)
    if "doi" in meta:
        meta["doi"] = clean_doi(meta["doi"]) or meta.pop("doi")
    authors = entry.get("authors") or []
    return ParsedDocument(
        kind=kind,
        identity=identity,
        title=title,
        text=text,
        url=url or None,
        authors=[" ".join(str(a).split()) for a in authors if str(a).strip()],
        published=_date(entry.get("date_published")),
        source=f"ard:{dataset_source}" if dataset_source else "ard",
        meta={k: v for k, v in meta.items() if v},
    )


def _identity(
    entry_id: str, dataset_source: str, url: str, file_source: str
) -> tuple[str, SourceKind, dict[str, str]]:
    post = FORUM_POST_RE.search(url)
    if post:
        meta = {"forum": "post", "forum_id": post.group(1), "slug": post.group(2) or ""}
        return f"forum:post:{post.group(1)}", "forum", meta
    arxiv = ARXIV_URL_RE.search(url)
    if arxiv or dataset_source == "arxiv":
        arxiv_id = arxiv.group(1) if arxiv else ""
        if arxiv_id:
            return f"arxiv:{arxiv_id}", "arxiv", {"arxiv_id": arxiv_id}
    kind: SourceKind = "forum" if dataset_source in FORUM_SOURCES else "text"
    return f"ard:{entry_id}" if entry_id else f"{file_source}#{url}", kind, {}


def _value(raw: object) -> str:
    value = str(raw or "").strip()
    return "" if value.lower() in MISSING else value


def _date(raw: object) -> datetime | None:
    value = _value(raw)
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        from ingest.parsers.bibliography import parse_date

        return parse_date(value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
