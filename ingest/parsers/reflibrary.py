"""A reference-library export as documents: each entry, with its attachment's full text
when the file it names exists on disk."""

from __future__ import annotations

from pathlib import Path

from ingest.models import IngestError, ParsedDocument
from ingest.parsers.bibliography import EntryError, LibraryEntry, entry_document, resolve_attachment
from ingest.parsers.bibtex import parse_bibtex
from ingest.parsers.csljson import parse_csl_json
from ingest.parsers.zotero_csv import parse_zotero_csv

LIBRARY_FORMATS = {"bibtex": parse_bibtex, "csljson": parse_csl_json, "zotero": parse_zotero_csv}
FORMAT_NAMES = {"bibtex": "bibtex", "csljson": "csl-json", "zotero": "zotero-csv"}


def parse_reference_library(
    data: bytes,
    source: str,
    kind: str,
    *,
    max_pdf_pages: int = 500,
    max_bytes: int = 50_000_000,
) -> tuple[list[ParsedDocument], list[EntryError]]:
    """Every readable entry as a document, and one error per entry or attachment that failed
    (an unreadable attachment keeps the entry with its abstract)."""
    entries, errors = LIBRARY_FORMATS[kind](data)
    base = Path(source).parent if not source.startswith(("http://", "https://")) else Path(".")
    docs = []
    for entry in entries:
        full_text = None
        attachment = _attachment(entry, base)
        if attachment is not None:
            try:
                full_text = _read_attachment(attachment, max_pdf_pages, max_bytes)
            except IngestError as exc:
                errors.append(
                    EntryError(where=f"{entry.key} ({attachment})", error=f"{exc} (entry kept)")
                )
        docs.append(entry_document(entry, source, FORMAT_NAMES[kind], full_text))
    return docs, errors


def _attachment(entry: LibraryEntry, base: Path) -> Path | None:
    for value in entry.attachments:
        found = resolve_attachment(value, base)
        if found is not None:
            return found
    return None


def _read_attachment(path: Path, max_pdf_pages: int, max_bytes: int) -> ParsedDocument:
    from ingest.parsers.html import parse_html_page
    from ingest.parsers.pdf import parse_pdf

    size = path.stat().st_size
    if size > max_bytes:
        raise IngestError(f"attachment too large: {size} bytes (limit {max_bytes})")
    data = path.read_bytes()
    if path.suffix.lower() == ".pdf":
        return parse_pdf(data, str(path), max_pages=max_pdf_pages, max_bytes=max_bytes)
    return parse_html_page(data, str(path))
