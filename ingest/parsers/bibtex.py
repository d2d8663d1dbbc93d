"""BibTeX (.bib) libraries via bibtexparser 2: a syntax error loses one entry, not the file."""

from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser import middlewares

from ingest.parsers.arxiv import ARXIV_ID
from ingest.parsers.bibliography import (
    EntryError,
    LibraryEntry,
    clean_doi,
    parse_date,
)

# bibtexparser logs each failed block as a multi-line warning; the failure line is ours.
logging.getLogger("bibtexparser").setLevel(logging.ERROR)

MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


def parse_bibtex(data: bytes) -> tuple[list[LibraryEntry], list[EntryError]]:
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.LatexDecodingMiddleware(),
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
        ],
    )
    errors = [
        EntryError(where=f"line {(block.start_line or 0) + 1}", error=_failure(block))
        for block in library.failed_blocks
    ]
    entries = []
    for entry in library.entries:
        fields = {k.lower(): v for k, v in entry.fields_dict.items()}
        title = " ".join(str(_value(fields, "title")).split())
        if not title:
            errors.append(
                EntryError(
                    where=f"line {(entry.start_line or 0) + 1}",
                    error=f"entry {entry.key} has no title",
                )
            )
            continue
        entries.append(
            LibraryEntry(
                key=entry.key,
                item_type=entry.entry_type,
                title=title,
                authors=_names(fields.get("author")),
                date=_date(fields),
                doi=clean_doi(str(_value(fields, "doi"))),
                url=str(_value(fields, "url")).strip() or _eprint_url(fields),
                abstract=" ".join(str(_value(fields, "abstract")).split()),
                venue=str(_value(fields, "journal") or _value(fields, "booktitle")).strip(),
                tags=[t.strip() for t in str(_value(fields, "keywords")).split(",") if t.strip()],
                attachments=[str(_value(fields, "file"))] if _value(fields, "file") else [],
            )
        )
    return entries, errors


def _eprint_url(fields: dict) -> str:
    """arXiv's own BibTeX names the paper as eprint = {ID}, archivePrefix = {arXiv}."""
    eprint = str(_value(fields, "eprint")).strip()
    prefix = str(_value(fields, "archiveprefix") or _value(fields, "eprinttype")).lower()
    if eprint and prefix in ("arxiv", ""):
        match = re.fullmatch(rf"(?:arXiv:)?({ARXIV_ID})(v\d+)?", eprint, re.IGNORECASE)
        if match:
            return f"https://arxiv.org/abs/{match.group(1)}"
    return ""


def _value(fields: dict, name: str) -> object:
    field = fields.get(name)
    return field.value if field is not None else ""


def _names(field) -> list[str]:
    if field is None:
        return []
    names = []
    for parts in field.value if isinstance(field.value, list) else []:
        if isinstance(parts, str):
            names.append(" ".join(parts.split()))
            continue
        words = [*parts.first, *parts.von, *parts.last, *parts.jr]
        name = " ".join(" ".join(words).split())
        if name and name.lower() != "others":
            names.append(name)
    return names


def _date(fields: dict):
    raw = str(_value(fields, "date")).strip()
    if raw:
        return parse_date(raw)
    year = str(_value(fields, "year")).strip()
    if not year:
        return None
    month = str(_value(fields, "month")).strip().lower()[:3]
    number = MONTHS.get(month) or (int(month) if month.isdigit() and 1 <= int(month) <= 12 else 0)
    return parse_date(f"{year}-{number:02d}" if number else year)


def _failure(block) -> str:
    error = getattr(block, "error", None)
    first = str(error).strip().splitlines() if error else []
    raw = block.raw.strip().splitlines()[0][:60] if block.raw.strip() else ""
    reason = first[-1] if first else "unreadable entry"
    return f"BibTeX syntax error in {raw!r}: {reason}"
