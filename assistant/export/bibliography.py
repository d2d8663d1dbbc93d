"""Bibliographies of the sources (not the claims): BibTeX for LaTeX and CSL-JSON for Zotero
and pandoc. arXiv papers are articles with their eprint id; posts and notes are not."""

from __future__ import annotations

import json
import re
from datetime import datetime

from assistant.export.common import one_line, slug

_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([a-z\-]+/\d{7}|\d{4}\.\d{4,5})", re.IGNORECASE)


def arxiv_id(document: dict) -> str | None:
    """The arXiv id (without version) from the document's meta, else from its URL."""
    meta = document.get("meta") or {}
    for key in ("arxiv_id", "arxiv"):
        if meta.get(key):
            return re.sub(r"v\d+$", "", str(meta[key]).strip())
    match = _ARXIV_URL.search(document.get("url") or "")
    return match.group(1) if match else None


def _year(document: dict) -> str:
    published = document.get("published")
    if isinstance(published, datetime):
        return str(published.year)
    match = re.match(r"(\d{4})", str(published or ""))
    return match.group(1) if match else ""


_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


def _bib_value(text: str) -> str:
    """A braced BibTeX value: LaTeX specials escaped so braces always balance."""
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in one_line(text))


def _bib_url(url: str) -> str:
    """URLs stay verbatim (url fields are not LaTeX) except characters that would break the
    braced value, which are percent-encoded."""
    return "".join({"{": "%7B", "}": "%7D", "\\": "%5C"}.get(ch, ch) for ch in "".join(url.split()))


def _bib_key(document: dict, used: set[str]) -> str:
    authors = document.get("authors") or []
    surname = authors[0].split()[-1] if authors and authors[0].split() else ""
    surname = slug(surname, 5).replace("-", "") or "anon"
    base = f"{surname}{_year(document)}{slug(document.get('title') or '', 1).replace('-', '')}"
    key, n = base, 0
    while key in used:
        n += 1
        key = f"{base}{chr(ord('a') + n - 1)}" if n <= 26 else f"{base}{n}"
    used.add(key)
    return key


def export_bibtex(documents: list[dict]) -> str:
    """One entry per document: @article for arXiv papers, @misc for posts and notes."""
    used: set[str] = set()
    entries = []
    for doc in documents:
        arxiv = arxiv_id(doc)
        fields = [("title", "{" + _bib_value(doc.get("title") or doc["id"]) + "}")]
        if doc.get("authors"):
            fields.append(("author", _bib_value(" and ".join(doc["authors"]))))
        if _year(doc):
            fields.append(("year", _year(doc)))
        if doc.get("url"):
            fields.append(("url", _bib_url(doc["url"])))
        if arxiv:
            label = _bib_value(f"arXiv:{arxiv}")
            fields += [
                ("eprint", _bib_value(arxiv)),
                ("archiveprefix", "arXiv"),
                ("journal", label),
                ("note", label),
            ]
        else:
            fields.append(("note", _bib_value(f"cruxmap document {doc['id']}")))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@{'article' if arxiv else 'misc'}{{{_bib_key(doc, used)},\n{body}\n}}\n")
    return "\n".join(entries)


def export_csljson(documents: list[dict]) -> str:
    """CSL-JSON, the citation format Zotero and pandoc read."""
    items = []
    for doc in documents:
        item: dict = {
            "id": doc["id"],
            "type": "article" if arxiv_id(doc) else "post-weblog",
            "title": doc.get("title") or doc["id"],
        }
        authors = []
        for name in doc.get("authors") or []:
            parts = name.strip().rsplit(" ", 1)
            authors.append(
                {"family": parts[-1], "given": parts[0]}
                if len(parts) == 2
                else {"literal": name.strip()}
            )
        if authors:
            item["author"] = authors
        if doc.get("url"):
            item["URL"] = doc["url"]
        published = doc.get("published")
        if published:
            stamp = published.isoformat() if isinstance(published, datetime) else str(published)
            match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", stamp)
            if match:
                item["issued"] = {"date-parts": [[int(p) for p in match.groups() if p]]}
        arxiv = arxiv_id(doc)
        if arxiv:
            item["number"] = f"arXiv:{arxiv}"
            item["publisher"] = "arXiv"
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2)
