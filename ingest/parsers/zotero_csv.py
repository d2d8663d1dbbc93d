"""Zotero's CSV export: "Key, Item Type, Publication Year, Author, Title, ..." columns."""

from __future__ import annotations

import csv
import io

from ingest.parsers.bibliography import (
    EntryError,
    LibraryEntry,
    clean_doi,
    family_first,
    parse_date,
)

REQUIRED = ("Key", "Item Type", "Title")


def looks_like_zotero_csv(data: bytes) -> bool:
    first = data[:4096].decode("utf-8-sig", errors="ignore").splitlines()[:1]
    header = next(csv.reader(first), []) if first else []
    return all(column in header for column in REQUIRED)


def parse_zotero_csv(data: bytes) -> tuple[list[LibraryEntry], list[EntryError]]:
    # A field is one abstract, possibly long; the csv module's default cap is 128 KB.
    csv.field_size_limit(10_000_000)
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig", errors="replace")))
    entries, errors = [], []
    for number, row in enumerate(reader, start=2):
        where = f"row {number}"
        title = " ".join((row.get("Title") or "").split())
        if None in row:  # more cells than the header: a broken quote swallowed a line
            errors.append(EntryError(where=where, error="malformed row (more cells than columns)"))
            continue
        if not title:
            errors.append(
                EntryError(where=where, error=f"item {row.get('Key') or '?'} has no title")
            )
            continue
        date = parse_date(row.get("Date") or "") or parse_date(row.get("Publication Year") or "")
        tags = [t.strip() for t in (row.get("Manual Tags") or "").split(";") if t.strip()]
        entries.append(
            LibraryEntry(
                key=row.get("Key") or str(number),
                item_type=row.get("Item Type") or "",
                title=title,
                authors=[
                    family_first(a) for a in (row.get("Author") or "").split(";") if a.strip()
                ],
                date=date,
                doi=clean_doi(row.get("DOI") or ""),
                url=(row.get("Url") or "").strip(),
                abstract=" ".join((row.get("Abstract Note") or "").split()),
                venue=(row.get("Publication Title") or "").strip(),
                tags=tags,
                attachments=[row["File Attachments"]] if row.get("File Attachments") else [],
            )
        )
    return entries, errors
