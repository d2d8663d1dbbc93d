"""CSL-JSON (Zotero's "CSL JSON" export, citeproc's input): a list of item objects."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from ingest.models import IngestError
from ingest.parsers.bibliography import EntryError, LibraryEntry, clean_doi, parse_date


def looks_like_csl(data: bytes) -> bool:
    """A JSON list whose first item has CSL's "type" and "title" (or "id")."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"["):
        return False
    return b'"type"' in head and (b'"title"' in head or b'"id"' in head)


def parse_csl_json(data: bytes) -> tuple[list[LibraryEntry], list[EntryError]]:
    try:
        items = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IngestError(f"not valid CSL-JSON: {exc}") from exc
    if isinstance(items, dict) and isinstance(items.get("items"), list):
        items = items["items"]
    if not isinstance(items, list):
        raise IngestError("not CSL-JSON: expected a list of items")
    entries, errors = [], []
    for number, item in enumerate(items, start=1):
        where = f"item {number}"
        if not isinstance(item, dict):
            errors.append(EntryError(where=where, error="not an object"))
            continue
        title = " ".join(str(item.get("title") or "").split())
        if not title:
            errors.append(
                EntryError(where=where, error=f"item {item.get('id', number)} has no title")
            )
            continue
        entries.append(
            LibraryEntry(
                key=str(item.get("id") or item.get("citation-key") or number),
                item_type=str(item.get("type") or ""),
                title=title,
                authors=[n for n in (_name(a) for a in item.get("author") or []) if n],
                date=_issued(item.get("issued")),
                doi=clean_doi(str(item.get("DOI") or "")),
                url=str(item.get("URL") or "").strip(),
                abstract=" ".join(str(item.get("abstract") or "").split()),
                venue=str(item.get("container-title") or "").strip(),
                tags=[t.strip() for t in str(item.get("keyword") or "").split(",") if t.strip()],
            )
        )
    return entries, errors


def _name(author: object) -> str:
    if not isinstance(author, dict):
        return ""
    if author.get("literal"):
        return " ".join(str(author["literal"]).split())
    parts = [author.get("given"), author.get("non-dropping-particle"), author.get("family")]
    return " ".join(" ".join(str(p) for p in parts if p).split())


def _issued(issued: object) -> datetime | None:
    if not isinstance(issued, dict):
        return None
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        try:
            numbers = [int(p) for p in parts[0][:3]]
        except (TypeError, ValueError):
            return None
        year, month, day = (numbers + [1, 1])[:3]
        try:
            return datetime(year, month or 1, day or 1, tzinfo=UTC)
        except ValueError:
            return None
    return parse_date(str(issued.get("raw") or issued.get("literal") or ""))
