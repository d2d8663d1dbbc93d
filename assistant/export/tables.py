"""Spreadsheet tables: one CSV of claims, one of relations (join them on the claim id).

Cells are made spreadsheet-safe, the one lossy step: see `_cell`."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import datetime

from assistant.export.common import relation_label, span_quote
from assistant.models import Claim, Relation

CLAIM_COLUMNS = (
    "id",
    "doc_id",
    "title",
    "author",
    "published",
    "kind",
    "hedged",
    "confidence",
    "start",
    "end",
    "markers",
    "text",
    "quote",
    "url",
)
RELATION_COLUMNS = (
    "source",
    "target",
    "type",
    "asserted",
    "label",
    "evidence_kind",
    "evidence_doc",
    "evidence_start",
    "evidence_end",
    "evidence_quote",
    "rationale",
    "confidence",
    "analyst",
)


def _cell(value: object) -> str:
    """A spreadsheet-safe cell: text starting with = + - @ (or a tab/CR) gets a leading
    apostrophe so Excel or LibreOffice do not run it as a formula (CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        value = "; ".join(value)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _table(columns: tuple[str, ...], rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _cell(row.get(c)) for c in columns})
    return buf.getvalue()


def export_claims_csv(claims: list[Claim]) -> str:
    """One row per claim (the `csv` format)."""
    return _table(CLAIM_COLUMNS, [c.model_dump() for c in claims])


def export_relations_csv(relations: list[Relation], texts: Mapping[str, str] | None = None) -> str:
    """One row per relation (the `relations-csv` format); join to the claims CSV on id.

    A relation that is not asserted is written as type `related`, `asserted` false."""
    return _table(RELATION_COLUMNS, [_relation_row(r, texts or {}) for r in relations])


def _relation_row(rel: Relation, texts: Mapping[str, str]) -> dict:
    ev = rel.evidence
    rel_type = rel.type if rel.asserted else "related"
    return {
        **rel.model_dump(exclude={"evidence"}),
        "type": rel_type,
        "asserted": rel.asserted,
        "label": relation_label(rel_type, rel.asserted),
        "evidence_kind": ev.kind if ev else "",
        "evidence_doc": ev.doc_id if ev else "",
        "evidence_start": ev.start if ev else "",
        "evidence_end": ev.end if ev else "",
        "evidence_quote": span_quote(texts, ev.doc_id, ev.start, ev.end) if ev else "",
    }
