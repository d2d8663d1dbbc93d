"""Plain text files: copied web pages, exported posts, transcripts.

The hard parts are the encoding (files arrive as UTF-8, UTF-16 from Windows tools, or
cp1252) and the title: text copied from a web page starts with site chrome such as
"Skip to main content", which is nobody's title.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

from dateutil import parser as dateparser

from ingest.models import IngestError, ParsedDocument
from ingest.parsers.arxiv import announce_arxiv_id, strip_arxiv_announce
from ingest.people import split_authors
from ingest.text import normalise_text

BINARY_ERROR = "unreadable encoding or binary file"
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
BOILERPLATE_RE = re.compile(
    r"^(skip to (main )?content|skip navigation|toggle navigation|main menu|menu|home|search"
    r"|sign in|sign up|log in|login|subscribe|share|cookies?( settings)?|accept( all)?( cookies)?"
    r"|back|print|academic|navigation|close)$",
    re.IGNORECASE,
)
TITLE_LIMIT = 200


def parse_plain_text(data: bytes, source: str) -> ParsedDocument:
    """A text file as one document; an arXiv announce stamp makes it the arXiv paper."""
    text = normalise_text(decode_text(data))
    if not text:
        raise IngestError("empty file: no text to ingest")
    meta: dict[str, str] = {}
    identity = f"file:{source}"
    arxiv_id = announce_arxiv_id(text)
    if arxiv_id:
        text = normalise_text(strip_arxiv_announce(text))
        meta["arxiv_id"] = arxiv_id
        identity = f"arxiv:{arxiv_id}"
    authors, published = find_byline(text)
    return ParsedDocument(
        kind="text",
        identity=identity,
        title=guess_title(text) or _name_of(source),
        text=text,
        url=source_url(source, meta),
        authors=authors,
        published=published,
        source=source,
        meta=meta,
    )


def source_url(source: str, meta: dict[str, str]) -> str | None:
    """Where a reader finds a parsed file: its source when that is a web address, else the
    arXiv abstract page of the paper it turned out to be, else nowhere."""
    if source.startswith(("http://", "https://")):
        return source
    if meta.get("arxiv_id"):
        return f"https://arxiv.org/abs/{meta['arxiv_id']}"
    return None


BYLINE_RE = re.compile(
    r"^\s*(?:by|author:|written by)\s+(?P<names>[^,|·—]+?)(?:\s*[,|·—]\s*(?P<date>.+?))?\s*$",
    re.IGNORECASE,
)


def find_byline(text: str) -> tuple[list[str], datetime | None]:
    """A "by Name, 6 October 2025" line near the top, as saved posts usually carry."""
    for line in [ln for ln in text.splitlines()[:8] if ln.strip()][:4]:
        match = BYLINE_RE.match(line)
        if not match or len(match.group("names").split()) > 8:
            continue
        return split_authors(match.group("names")), _parse_date(match.group("date"))
    return [], None


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = dateparser.parse(value, fuzzy=False)
    except (ValueError, OverflowError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def decode_text(data: bytes) -> str:
    """Decode bytes of unknown encoding, refusing binary files instead of storing mojibake."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _checked(_try_decode(data, encoding))
    if b"\x00" in data[:4096]:
        return _checked(_decode_bomless_utf16(data))
    text = _try_decode(data, "utf-8")
    if text is None:
        text = _charset_normalizer_guess(data)
    if text is None or _has_binary_controls(text):
        text = _try_decode(data, "cp1252")
    return _checked(text)


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NULs in every other byte; anything else with NULs is binary."""
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return _try_decode(data, "utf-16-le")
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return _try_decode(data, "utf-16-be")
    return None


def _charset_normalizer_guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: cp1252 is the fallback.
        return None
    best = from_bytes(data).best()
    return str(best) if best is not None else None


def _has_binary_controls(text: str) -> bool:
    """NULs, or more than 1% control characters other than tab/newline/CR/form feed."""
    if "\x00" in text:
        return True
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\x0c")
    return controls > max(1, len(text) // 100)


def _checked(text: str | None) -> str:
    if text is None or _has_binary_controls(text):
        raise IngestError(BINARY_ERROR)
    return text


def guess_title(text: str) -> str:
    """The first line a reader would call the title, skipping copied site chrome.

    Once a boilerplate line ("Skip to main content") shows the text starts with page chrome,
    short lines of up to three words after it ("Academic") are chrome too.
    """
    in_chrome = False
    for line in text.splitlines()[:40]:
        line = " ".join(line.split())
        if not line:
            continue
        if BOILERPLATE_RE.match(line):
            in_chrome = True
            continue
        if in_chrome and len(line.split()) <= 3:
            continue
        return _trim(line)
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return _trim(" ".join(first.split()))


def _trim(line: str) -> str:
    """A long first line is a paragraph, not a title: its first sentence reads better."""
    if len(line) <= 120:
        return line
    sentence_end = re.search(r"[.!?](\s|$)", line[20:TITLE_LIMIT])
    if sentence_end:
        return line[: 20 + sentence_end.start() + 1]
    if len(line) <= TITLE_LIMIT:
        return line
    return line[:TITLE_LIMIT].rsplit(" ", 1)[0] + "…"


def _name_of(source: str) -> str:
    return re.split(r"[/\\]", source.rstrip("/\\"))[-1] or source
