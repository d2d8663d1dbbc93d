"""arXiv API responses (Atom) and arXiv announce text, keyed on the version-less id.

A paper reaches the library three ways (the API, the arXiv RSS announce feed, its PDF); all
three must land on the identity "arxiv:<id>" so they merge instead of tripling.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from xml.etree.ElementTree import Element

from ingest.models import IngestError, ParsedDocument
from ingest.parsers import parse_xml

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"

# New-style ids (2007+) like 2510.14968, and old-style ones like hep-th/9901001 or math.GT/0309136.
ARXIV_ID = r"(?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Za-z]{2})?/\d{7})"
ID_IN_URL_RE = re.compile(rf"/abs/({ARXIV_ID})(v\d+)?/?$")
ANNOUNCE_RE = re.compile(
    rf"^[ \t]*arXiv:({ARXIV_ID})(v\d+)?\s+Announce Type:\s*[\w-]+\s+Abstract:[ \t]*",
    re.MULTILINE,
)
# The stamp arXiv prints down a PDF's first page, matched with all whitespace removed because
# vertical text often comes out of PDF extraction one character per line.
STAMP_RE = re.compile(rf"arXiv:({ARXIV_ID})(v\d+)\[[A-Za-z.-]+\]\d{{1,2}}[A-Z][a-z]{{2}}\d{{4}}")


def parse_arxiv_atom(data: bytes) -> tuple[int, list[ParsedDocument]]:
    """(totalResults, papers) from one page of an arXiv API query.

    The total lets the caller page through results without asking for more than exist.
    """
    root = parse_xml(data, "arXiv API response")
    if root.tag != f"{ATOM}feed":
        raise IngestError(f"not an arXiv API response: root element is <{_local(root.tag)}>")
    docs = []
    for entry in root.findall(f"{ATOM}entry"):
        _raise_if_api_error(entry)
        doc = _entry_to_document(entry)
        if doc is not None:
            docs.append(doc)
    total_text = (root.findtext(f"{OPENSEARCH}totalResults") or "").strip()
    total = int(total_text) if total_text.isdigit() else len(docs)
    return total, docs


def _raise_if_api_error(entry: Element) -> None:
    """arXiv reports a bad query as a 200 response holding one entry titled 'Error'."""
    entry_id = entry.findtext(f"{ATOM}id") or ""
    if "/api/errors" in entry_id:
        reason = collapse_whitespace(entry.findtext(f"{ATOM}summary") or "unknown error")
        raise IngestError(f"arXiv API error: {reason}")


def _entry_to_document(entry: Element) -> ParsedDocument | None:
    raw_id = (entry.findtext(f"{ATOM}id") or "").strip()
    match = ID_IN_URL_RE.search(raw_id)
    if not match:
        return None
    arxiv_id, version = match.group(1), match.group(2) or ""
    title = collapse_whitespace(entry.findtext(f"{ATOM}title") or "") or arxiv_id
    abstract = abstract_paragraphs(entry.findtext(f"{ATOM}summary") or "")
    links = _links(entry)
    abs_url = links.get("alternate") or raw_id
    meta = {
        "arxiv_id": arxiv_id,
        "version": version,
        "categories": ", ".join(
            c.get("term", "") for c in entry.findall(f"{ATOM}category") if c.get("term")
        ),
        "primary_category": _attr(entry.find(f"{ARXIV}primary_category"), "term"),
        "doi": collapse_whitespace(entry.findtext(f"{ARXIV}doi") or ""),
        "journal_ref": collapse_whitespace(entry.findtext(f"{ARXIV}journal_ref") or ""),
        "comment": collapse_whitespace(entry.findtext(f"{ARXIV}comment") or ""),
        "pdf_url": links.get("pdf", ""),
        "updated": _iso(entry.findtext(f"{ATOM}updated")),
    }
    return ParsedDocument(
        kind="arxiv",
        identity=f"arxiv:{arxiv_id}",
        title=title,
        text=f"{title}\n\n{abstract}" if abstract else title,
        url=ID_IN_URL_RE.sub(lambda m: f"/abs/{m.group(1)}", abs_url.strip()),
        authors=[
            collapse_whitespace(a.findtext(f"{ATOM}name") or "")
            for a in entry.findall(f"{ATOM}author")
            if (a.findtext(f"{ATOM}name") or "").strip()
        ],
        published=_parse_date(entry.findtext(f"{ATOM}published")),
        source="arxiv",
        meta={k: v for k, v in meta.items() if v},
    )


def _links(entry: Element) -> dict[str, str]:
    """The abstract page ('alternate') and the PDF ('pdf') links of an entry."""
    found: dict[str, str] = {}
    for link in entry.findall(f"{ATOM}link"):
        href = (link.get("href") or "").strip()
        if not href:
            continue
        if link.get("title") == "pdf" or link.get("type") == "application/pdf":
            found.setdefault("pdf", href)
        elif link.get("rel", "alternate") == "alternate":
            found.setdefault("alternate", href)
    return found


def abstract_paragraphs(summary: str) -> str:
    """Unwrap arXiv's hard-wrapped abstract; an indented line starts a new paragraph."""
    paragraphs = re.split(r"\n\s*\n|\n(?=[ \t]+\S)", summary.strip())
    return "\n\n".join(p for p in (collapse_whitespace(p) for p in paragraphs) if p)


def collapse_whitespace(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def split_arxiv_id(raw: str) -> tuple[str, str]:
    """('2510.14968', 'v1') from 'arXiv:2510.14968v1', an abs URL or a bare id."""
    match = re.search(rf"({ARXIV_ID})(v\d+)?", raw)
    if not match:
        raise ValueError(f"no arXiv id in {raw!r}")
    return match.group(1), match.group(2) or ""


def announce_arxiv_id(text: str) -> str | None:
    """The version-less id of an arXiv announce text ("arXiv:XXXX.XXXXXvN Announce Type: ...")."""
    match = ANNOUNCE_RE.search(text)
    return match.group(1) if match else None


def stamp_arxiv_id(text: str) -> tuple[str, str] | None:
    """(id, version) from the stamp down a PDF's first page.

    The stamp reads like "arXiv:2209.00626v8 [cs.AI] 4 May 2025"; a bare citation of an
    arXiv id in the references is not a stamp.
    """
    match = STAMP_RE.search(re.sub(r"\s+", "", text))
    return (match.group(1), match.group(2)) if match else None


def strip_arxiv_announce(text: str) -> str:
    """Remove "arXiv:XXXX.XXXXXvN Announce Type: new Abstract:" prefixes, keeping the abstract.

    The prefix is announce-feed furniture; left in, it would be the first 'sentence' of the
    abstract and break sentence segmentation.
    """
    return ANNOUNCE_RE.sub("", text)


def _parse_date(value: str | None) -> datetime | None:
    if not value or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _iso(value: str | None) -> str:
    parsed = _parse_date(value)
    return parsed.isoformat() if parsed else ""


def _attr(element: Element | None, name: str) -> str:
    return (element.get(name) or "").strip() if element is not None else ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
