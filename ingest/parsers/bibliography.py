"""Reference-library entries (BibTeX, CSL-JSON, Zotero CSV) as one shape, and as documents.

A researcher's library is curated metadata: its title, people and date beat anything a PDF
prints, so an entry keeps them even when its attached PDF supplies the text. Each format's
parser yields `LibraryEntry`s and one error line per entry it could not read; the rest lands.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from dateutil import parser as dateparser
from pydantic import BaseModel, Field

from ingest.models import ParsedDocument, SourceKind
from ingest.parsers.arxiv import ARXIV_ID

ARXIV_IN_TEXT_RE = re.compile(
    rf"(?:arxiv\.org/(?:abs|pdf)/|arXiv[:.]\s?|10\.48550/arXiv\.)({ARXIV_ID})", re.IGNORECASE
)
DOI_RE = re.compile(r"(10\.\d{4,9}/\S+)")


class LibraryEntry(BaseModel):
    """One item of a reference library, whatever format it came in."""

    key: str
    item_type: str = ""
    title: str
    authors: list[str] = Field(default_factory=list)
    date: datetime | None = None
    doi: str = ""
    url: str = ""
    abstract: str = ""
    venue: str = ""
    tags: list[str] = Field(default_factory=list)
    attachments: list[str] = Field(default_factory=list)


class EntryError(BaseModel):
    """An entry that could not be read: where it is, and why, in one line."""

    where: str
    error: str


def parse_date(value: str) -> datetime | None:
    """'2020-03-30', '2021', 'March 2019', '2019-06': the date a library records, or None."""
    value = (value or "").strip()
    if not value:
        return None
    if re.fullmatch(r"\d{4}", value):
        return datetime(int(value), 1, 1, tzinfo=UTC)
    try:
        parsed = dateparser.parse(value, default=datetime(1900, 1, 1))
    except (ValueError, OverflowError):
        match = re.search(r"\b(1[89]\d{2}|20\d{2})\b", value)
        return datetime(int(match.group(1)), 1, 1, tzinfo=UTC) if match else None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def family_first(name: str) -> str:
    """'Kokotajlo, Daniel' -> 'Daniel Kokotajlo'; a name without a comma is kept."""
    if "," not in name:
        return " ".join(name.split())
    family, given = (part.strip() for part in name.split(",", 1))
    return " ".join(f"{given} {family}".split())


def clean_doi(value: str) -> str:
    match = DOI_RE.search(value or "")
    return match.group(1).rstrip(".,;)").lower() if match else ""


def entry_arxiv_id(entry: LibraryEntry) -> str:
    """The arXiv id an entry names in its URL, DOI (arXiv's own are 10.48550/arXiv.ID) or
    venue (Google Scholar's "arXiv preprint arXiv:2212.03827")."""
    for value in (entry.url, entry.doi, entry.venue):
        match = ARXIV_IN_TEXT_RE.search(value or "")
        if match:
            return match.group(1)
    return ""


def entry_identity(entry: LibraryEntry, source: str) -> str:
    """The same key a paper has from arXiv or a PDF when the entry names it, so they merge."""
    arxiv_id = entry_arxiv_id(entry)
    if arxiv_id:
        return f"arxiv:{arxiv_id}"
    if entry.doi:
        return f"doi:{entry.doi}"
    if entry.url:
        return web_url(entry.url)
    return f"{source}#{entry.key}"


def entry_document(
    entry: LibraryEntry, source: str, source_format: str, full_text: ParsedDocument | None = None
) -> ParsedDocument:
    """The entry as a document: its attached PDF's text when there is one, else its title
    and abstract, and always the library's own metadata."""
    meta = {
        "source_format": source_format,
        "citation_key": entry.key,
        "item_type": entry.item_type,
        "doi": entry.doi,
        "venue": entry.venue,
        "tags": "; ".join(entry.tags),
        "abstract": entry.abstract,
        "arxiv_id": entry_arxiv_id(entry),
    }
    kind: SourceKind = "text"
    page_starts: list[int] = []
    if full_text is not None:
        meta.update({"full_text": full_text.kind, "attachment": full_text.source})
        meta["pages"] = full_text.meta.get("pages", "")
        text, page_starts, kind = full_text.text, full_text.page_starts, full_text.kind
    else:
        text = f"{entry.title}\n\n{entry.abstract}" if entry.abstract else entry.title
    return ParsedDocument(
        kind=kind,
        identity=entry_identity(entry, source),
        title=entry.title,
        text=text,
        url=web_url(entry.url) or (f"https://doi.org/{entry.doi}" if entry.doi else None),
        authors=entry.authors,
        published=entry.date,
        source=source,
        meta={k: v for k, v in meta.items() if v},
        page_starts=page_starts,
    )


def web_url(value: str) -> str:
    """A URL as a link: 'deepmind.com/blog/x' (no scheme, as some exports hold) gets https."""
    value = (value or "").strip()
    if value and not re.match(r"^[a-z][a-z0-9+.-]*://", value, re.IGNORECASE):
        if re.match(r"^[\w-]+(\.[\w-]+)+(/|$)", value):
            return f"https://{value}"
    return value


ATTACHMENT_SUFFIXES = (".pdf", ".html", ".htm")


def resolve_attachment(value: str, base: Path) -> Path | None:
    """The first attachment that exists on disk (a PDF, else a saved web page), relative
    paths taken from the export's folder; PDFs win over snapshots of the same item."""
    found = _attachment_paths(value, base)
    pdfs = [p for p in found if p.suffix.lower() == ".pdf"]
    chosen = pdfs or found
    return chosen[0] if chosen else None


def _attachment_paths(value: str, base: Path) -> list[Path]:
    paths: list[Path] = []
    for part in re.split(r";\s*", value or ""):
        part = part.strip()
        if not part:
            continue
        # BibTeX "file" fields look like "Description:path/to/file.pdf:application/pdf".
        candidates = [part, *part.split(":")]
        for candidate in candidates:
            if not candidate.lower().endswith(ATTACHMENT_SUFFIXES):
                continue
            path = Path(candidate).expanduser()
            path = path if path.is_absolute() else base / path
            if path.is_file() and path not in paths:
                paths.append(path)
    return paths
