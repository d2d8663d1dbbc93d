"""Decide what a file or download is, and hand it to the parser for that kind.

Content decides first because names lie (feeds served as .php, PDFs at extension-less
URLs); the name decides second. The one exception: a name ending in .pdf whose bytes are
not a PDF is refused as "not a PDF file", because the user expected a paper and silently
ingesting an error page or login form as text would hide that.
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import urlsplit

from ingest.models import ParsedDocument
from ingest.parsers.arxiv import parse_arxiv_atom
from ingest.parsers.feeds import parse_feed
from ingest.parsers.html import parse_html_page
from ingest.parsers.notes import parse_note
from ingest.parsers.pdf import parse_pdf
from ingest.parsers.plaintext import parse_plain_text
from ingest.text import looks_like_html

DetectedKind = Literal[
    "feed", "opml", "pdf", "notes", "text", "html", "bibtex", "csljson", "zotero", "ard"
]
#: Kinds that are many entries with their own errors, not documents: the pipeline reads them.
LIBRARY_KINDS = ("bibtex", "csljson", "zotero")

EXTENSION_KINDS: dict[str, DetectedKind] = {
    ".pdf": "pdf",
    ".opml": "opml",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".md": "notes",
    ".markdown": "notes",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
}
ROOT_KINDS: dict[str, DetectedKind] = {
    "rss": "feed",
    "feed": "feed",
    "rdf:rdf": "feed",
    "opml": "opml",
}
# The first element after any XML declaration, comments, processing instructions and doctype.
FIRST_ELEMENT_RE = re.compile(
    r"\A(?:\s|<\?.*?\?>|<!--.*?-->|<!doctype[^>]*>)*<([A-Za-z][\w:.-]*)", re.IGNORECASE | re.DOTALL
)
# "@article{key," after any %-comment lines: a BibTeX entry, not a text that starts "@name (".
BIBTEX_START_RE = re.compile(r"\s*(?:%[^\n]*\n\s*)*@\w+\s*\{\s*[^\s,{}]+\s*,")
ARXIV_API_MARKERS = (b"http://arxiv.org/schemas/atom", b"opensearch")


def detect_kind(data: bytes, name: str) -> DetectedKind:
    """The parser kind for these bytes: by content first, by the name's extension second."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    extension = _extension(name)
    if extension == ".pdf":
        return "pdf"  # not PDF bytes: parse_pdf refuses them with "not a PDF file".
    head = _head_text(data)
    by_content = _kind_from_content(head)
    if by_content:
        return by_content
    structured = _structured_kind(data, head, extension)
    if structured:
        return structured
    if extension in EXTENSION_KINDS:
        return EXTENSION_KINDS[extension]
    return "html" if looks_like_html(head) else "text"


def parse_bytes(
    data: bytes, source: str, kind: str = "auto", max_pdf_pages: int = 500
) -> list[ParsedDocument]:
    """Parse one input into documents. OPML is not documents: the caller subscribes to it."""
    chosen = detect_kind(data, source) if kind == "auto" else kind
    if chosen == "opml":
        raise ValueError("OPML lists feeds, not documents: import it as subscriptions instead")
    if chosen == "feed":
        if all(marker in data[:4096] for marker in ARXIV_API_MARKERS):
            return parse_arxiv_atom(data)[1]
        return parse_feed(data, source)[1]
    if chosen == "pdf":
        return [parse_pdf(data, source, max_pages=max_pdf_pages)]
    if chosen == "notes":
        return [parse_note(data, source)]
    if chosen == "html":
        return [parse_html_page(data, source)]
    if chosen == "text":
        return [parse_plain_text(data, source)]
    if chosen in LIBRARY_KINDS:
        from ingest.parsers.reflibrary import parse_reference_library

        return parse_reference_library(data, source, chosen, max_pdf_pages=max_pdf_pages)[0]
    if chosen == "ard":
        from ingest.parsers.ard import parse_ard_bytes

        return [doc for doc in parse_ard_bytes(data, source) if isinstance(doc, ParsedDocument)]
    raise ValueError(f"unknown input kind: {kind!r}")


def _structured_kind(data: bytes, head: str, extension: str) -> DetectedKind | None:
    """Reference libraries and the Alignment Research Dataset, by their shape."""
    from ingest.parsers.ard import looks_like_ard
    from ingest.parsers.csljson import looks_like_csl
    from ingest.parsers.zotero_csv import looks_like_zotero_csv

    if extension in (".bib", ".bibtex") or BIBTEX_START_RE.match(head):
        return "bibtex"
    if looks_like_ard(data):
        return "ard"
    if looks_like_csl(data):
        return "csljson"
    if looks_like_zotero_csv(data):
        return "zotero"
    return None


def _kind_from_content(head: str) -> DetectedKind | None:
    stripped = head.lstrip()
    if re.match(r"---[ \t]*\r?\n", stripped):
        return "notes"
    match = FIRST_ELEMENT_RE.match(stripped)
    if match:
        root = match.group(1).lower()
        if root in ROOT_KINDS:
            return ROOT_KINDS[root]
        if root == "html":
            return "html"
    if re.match(r"<!doctype html", stripped, re.IGNORECASE):
        return "html"
    return None


def _head_text(data: bytes) -> str:
    """The first few KB as text, good enough for sniffing (any encoding, BOM dropped)."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    return head.decode("utf-8", errors="ignore").lstrip("\ufeff")


def _extension(name: str) -> str:
    """Lower-case extension of a path or URL (ignoring any query string)."""
    path = urlsplit(name).path if "://" in name else name
    match = re.search(r"(\.[A-Za-z0-9]{1,9})$", path.rstrip("/"))
    return match.group(1).lower() if match else ""
