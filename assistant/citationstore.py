"""Citation statements in the workspace's SQLite, beside the library and the map.

A document's citations are recomputed whenever it is analysed, so they are replaced as a
whole in one transaction: a reader never sees half of an old set and half of a new one.
The target is kept both as a library document (when the resolver found one) and as a
title and URL, so an unresolved citation still shows as "cites: <title>".
"""

from __future__ import annotations

import sqlite3

from assistant.citations import Citation, Resolution, Stance
from assistant.citations.parse import CitingSpan
from ingest.library import Library

SCHEMA = """
CREATE TABLE IF NOT EXISTS citations (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    marker_start INTEGER NOT NULL,
    marker_end INTEGER NOT NULL,
    kind TEXT NOT NULL,
    stance TEXT NOT NULL,
    cue TEXT NOT NULL DEFAULT '',
    target_doc TEXT REFERENCES documents(id) ON DELETE SET NULL,
    target_title TEXT,
    target_url TEXT,
    target_start INTEGER,
    target_end INTEGER
);
CREATE INDEX IF NOT EXISTS citations_doc ON citations(doc_id);
CREATE INDEX IF NOT EXISTS citations_target ON citations(target_doc);
"""

_COLUMNS = (
    "doc_id",
    "sentence_start",
    "sentence_end",
    "marker_start",
    "marker_end",
    "kind",
    "stance",
    "cue",
    "target_doc",
    "target_title",
    "target_url",
    "target_start",
    "target_end",
)


class CitationRecord(CitingSpan):
    """One stored citation: the citing spans, how it reads, and what it points at.

    `target_start`/`target_end` locate a quotation's words in the target document.
    """

    stance: Stance
    target_doc: str | None = None
    target_title: str | None = None
    target_url: str | None = None
    target_start: int | None = None
    target_end: int | None = None

    @classmethod
    def from_citation(cls, citation: Citation, found: Resolution | None = None) -> CitationRecord:
        return cls(
            doc_id=citation.doc_id,
            sentence_start=citation.sentence_start,
            sentence_end=citation.sentence_end,
            marker_start=citation.marker_start,
            marker_end=citation.marker_end,
            kind=citation.kind,
            stance=citation.stance,
            cue=citation.cue,
            target_doc=found.doc_id if found else None,
            target_title=citation.label or None,
            target_url=target_url(citation),
            target_start=found.start if found else None,
            target_end=found.end if found else None,
        )


def target_url(citation: Citation) -> str | None:
    """The address a reader can follow: the link, the entry's URL, its arXiv or DOI page."""
    if citation.href:
        return citation.href
    if citation.url:
        return citation.url
    if citation.arxiv_id:
        return f"https://arxiv.org/abs/{citation.arxiv_id}"
    if citation.doi:
        return f"https://doi.org/{citation.doi}"
    return None


class CitationStore:
    """Citations of one workspace; shares the library's SQLite connection."""

    def __init__(self, library: Library) -> None:
        self.db: sqlite3.Connection = library.db
        self.db.executescript(SCHEMA)

    def save_citations(self, doc_id: str, records: list[CitationRecord]) -> None:
        """Replace a document's citations in one transaction."""
        if any(r.doc_id != doc_id for r in records):
            raise ValueError(f"every citation saved for {doc_id} must belong to it")
        placeholders = ", ".join("?" for _ in _COLUMNS)
        with self.db:
            self.db.execute("DELETE FROM citations WHERE doc_id=?", (doc_id,))
            self.db.executemany(
                f"INSERT INTO citations ({', '.join(_COLUMNS)}) VALUES ({placeholders})",
                [tuple(getattr(r, c) for c in _COLUMNS) for r in records],
            )

    def citations_of(self, doc_id: str) -> list[CitationRecord]:
        """What a document cites, in text order."""
        return self._select("doc_id=?", doc_id)

    def cited_by(self, doc_id: str) -> list[CitationRecord]:
        """The citing sentences, in any document, that point at this one."""
        return self._select("target_doc=?", doc_id)

    def _select(self, where: str, value: str) -> list[CitationRecord]:
        rows = self.db.execute(
            f"""SELECT {", ".join(_COLUMNS)} FROM citations WHERE {where}
                ORDER BY doc_id, marker_start, marker_end, kind""",
            (value,),
        )
        return [CitationRecord(**dict(zip(_COLUMNS, row))) for row in rows]
