"""How two arrivals of one work combine into the one document a reader sees.

The text is the fullest one (a PDF's over an abstract), unless the arrival is an update of
the source the text came from; title, people and date come from the most trusted source
(arXiv's record, then a researcher's library, a forum's API, a feed, a PDF's own reading).
Every URL, source and identity is kept in meta, so the document lists all the ways it was
reached and re-ingesting any of them lands here again and changes nothing.
"""

from __future__ import annotations

import json

from ingest.models import DocumentBase, ParsedDocument
from ingest.people import PersonIndex

#: A text replaces the stored one only when it is this much longer (not a re-wording).
FULLER = 1.2


def origin(doc: DocumentBase) -> str:
    """One arrival: its source and its identity (a dataset has many entries per source)."""
    return f"{doc.source}#{doc.identity}"


def metadata_rank(doc: DocumentBase) -> int:
    """How far a source's title, people and date are trusted."""
    if doc.kind == "arxiv" or doc.meta.get("metadata") == "arxiv":
        return 5
    if doc.meta.get("source_format"):
        return 4
    if doc.kind == "forum" and not doc.meta.get("ard_id"):
        return 3
    if doc.kind in ("feed", "forum"):
        return 2
    if doc.kind == "pdf":
        return 1
    return 0


def merge_documents(
    stored: DocumentBase, arriving: ParsedDocument, people: PersonIndex
) -> ParsedDocument:
    """`arriving` folded into `stored` (whose identity it takes)."""
    meta_from = stored.meta.get("meta_from") or origin(stored)
    text_from = stored.meta.get("text_from") or origin(stored)
    rank = int(stored.meta.get("meta_rank") or metadata_rank(stored))
    here = origin(arriving)
    take_meta = here == meta_from or metadata_rank(arriving) > rank
    take_text = here == text_from or len(arriving.text) > FULLER * len(stored.text)

    meta = {**stored.meta, **arriving.meta} if take_meta else {**arriving.meta, **stored.meta}
    aliases = _pairs(stored.meta.get("author_aliases"))
    if stored.authors and arriving.authors:
        aliases += [list(p) for p in people.same_work(stored.authors, arriving.authors)]
    authors = arriving.authors if take_meta and arriving.authors else stored.authors
    meta.update(
        {
            "urls": _union(stored.meta.get("urls"), [stored.url, arriving.url]),
            "sources": _union(stored.meta.get("sources"), [stored.source, arriving.source]),
            "identities": _union(
                stored.meta.get("identities"), [arriving.identity], exclude=stored.identity
            ),
            "merged": _union(stored.meta.get("merged"), [origin(stored), here]),
            "meta_from": here if take_meta else meta_from,
            "meta_rank": str(metadata_rank(arriving) if take_meta else rank),
            "text_from": here if take_text else text_from,
        }
    )
    if aliases:
        meta["author_aliases"] = json.dumps(_unique_pairs(aliases), ensure_ascii=False)
    body = arriving if take_text else stored
    return ParsedDocument(
        kind=body.kind,
        identity=stored.identity,
        title=(arriving.title if take_meta else stored.title) or stored.title,
        text=body.text,
        url=stored.url or arriving.url,
        authors=people.canonical_authors(authors or arriving.authors),
        published=(arriving.published if take_meta else stored.published)
        or stored.published
        or arriving.published,
        source=stored.source,
        source_feed=stored.source_feed or arriving.source_feed,
        meta={k: v for k, v in meta.items() if v},
        page_starts=body.page_starts,
        links=body.links,
        reply_to=stored.reply_to or arriving.reply_to,
        parent_identity=stored.parent_identity or arriving.parent_identity,
    )


def _union(existing: str | None, more: list[str | None], exclude: str = "") -> str:
    values = _list(existing) + [v for v in more if v]
    unique = [v for v in dict.fromkeys(values) if v != exclude]
    return json.dumps(unique, ensure_ascii=False) if unique else ""


def _list(value: str | None) -> list[str]:
    try:
        loaded = json.loads(value) if value else []
    except ValueError:
        return []
    return [str(v) for v in loaded] if isinstance(loaded, list) else []


def _pairs(value: str | None) -> list[list[str]]:
    try:
        loaded = json.loads(value) if value else []
    except ValueError:
        return []
    if not isinstance(loaded, list):
        return []
    return [[str(p[0]), str(p[1])] for p in loaded if isinstance(p, list) and len(p) == 2]


def _unique_pairs(pairs: list[list[str]]) -> list[list[str]]:
    return [list(p) for p in dict.fromkeys(tuple(p) for p in pairs)]
