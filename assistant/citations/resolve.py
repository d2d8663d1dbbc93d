"""Resolving citations to library documents: which stored work a citation points at.

Precision first: every key (a URL in any spelling, an arXiv id, a DOI, a title with a shared
author, a surname with a year, a quotation found verbatim) names one work or resolves to
nothing, and the UI then shows "cites: <label>" instead of a wrong link.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel

from assistant.citations.parse import MIN_QUOTE_WORDS, Citation
from assistant.references import title_key, url_key
from ingest.people import surname_key

QUOTE_SHINGLE = 5  # words per shingle
QUOTE_WINDOW = 4  # shingles per window: any shared run of 8 words is found
# Base of the polynomial shingle hash (int64 arithmetic wraps, which is fine for hashing).
SHINGLE_BASE = 1_000_003
WORD_RE = re.compile(r"\w+")


class Resolution(BaseModel):
    """Where a citation points in the library: the document, how it was found, and for a
    quotation the span of the quoted words in that document."""

    doc_id: str
    via: Literal["url", "arxiv", "doi", "title", "person", "quotation"]
    start: int | None = None
    end: int | None = None


class CitationResolver:
    """Maps citations to library documents; built once per analysis run in O(library).

    Every lookup is a dictionary probe (a quotation: a few probes of a winnowed shingle
    index, then one verbatim check per candidate). When a key names several documents
    (cross-posts, a podcast re-reading) the fullest text wins, so a re-reading's preamble
    never stands in for the post. Ambiguity on weak keys (a surname, a surname and year)
    resolves to nothing: precision first.
    """

    def __init__(self, docs: list) -> None:
        self.docs = {d.id: d for d in docs}
        self.by_url: dict[str, list[str]] = {}
        self.by_title: dict[str, list[str]] = {}
        self.by_first_author: dict[str, list[str]] = {}
        self.by_author: dict[str, list[str]] = {}
        # (sorted fingerprints, document index of each), built lazily
        self._quotes: tuple[Any, Any] | None = None
        self._tokens: dict[str, tuple[list[str], list[tuple[int, int]]]] = {}

    @classmethod
    def from_documents(cls, docs, alternate_urls=None) -> CitationResolver:
        """`docs`: objects with id, url, title, authors, published, text (and optionally
        identity and meta, as `ingest.models.Document` has); `alternate_urls`: doc id ->
        other URLs known for it (cross-posts)."""
        docs = list(docs)
        resolver = cls(docs)
        for doc in docs:
            resolver._add(doc, (alternate_urls or {}).get(doc.id, ()))
        return resolver

    def _add(self, doc, alternates) -> None:
        identity = getattr(doc, "identity", "") or ""
        meta = getattr(doc, "meta", {}) or {}
        names = [doc.url or "", meta.get("uri") or "", *alternates]
        keys = {url_key(u) for u in names if u}
        if identity.startswith(("http://", "https://")):
            keys.add(url_key(identity))
        for arxiv_id in (
            meta.get("arxiv_id"),
            identity.removeprefix("arxiv:") if identity.startswith("arxiv:") else None,
        ):
            if arxiv_id:
                keys.add(f"arxiv:{arxiv_id}")
        if meta.get("doi"):
            keys.add(f"doi:{meta['doi'].casefold()}")
        for key in (k for k in keys if k is not None):
            self.by_url.setdefault(key, []).append(doc.id)
        title = title_key(doc.title or "")
        if title:
            self.by_title.setdefault(title, []).append(doc.id)
        names = [surname_key(a) for a in doc.authors if a.strip()]
        for position, name in enumerate(dict.fromkeys(names)):
            self.by_author.setdefault(name, []).append(doc.id)
            if position == 0:
                self.by_first_author.setdefault(name, []).append(doc.id)

    # -- lookups ------------------------------------------------------------------------

    def resolve(self, citation: Citation) -> str | None:
        """The library document a citation points at, or None."""
        found = self.locate(citation)
        return found.doc_id if found else None

    def resolve_url(self, href: str, exclude: str | None = None) -> str | None:
        """The library document at a URL in any of its spellings (for `Document.reply_to`:
        the post a comment or note answers), other than `exclude`."""
        found = self._by_key(url_key(href), "url", exclude or "")
        return found.doc_id if found else None

    def locate(self, citation: Citation) -> Resolution | None:
        exclude = citation.doc_id
        if citation.kind == "link" and citation.href:
            return self._by_key(url_key(citation.href), "url", exclude)
        if citation.kind == "quotation":
            return self._quotation(citation, exclude)
        for key, via in (
            (f"arxiv:{citation.arxiv_id}" if citation.arxiv_id else None, "arxiv"),
            (f"doi:{citation.doi}" if citation.doi else None, "doi"),
            (url_key(citation.url) if citation.url else None, "url"),
        ):
            found = self._by_key(key, via, exclude)
            if found:
                return found
        if citation.title:
            return self._by_title(citation, exclude)
        return self._by_person(citation, exclude)

    def _by_key(self, key: str | None, via, exclude: str) -> Resolution | None:
        ids = [d for d in self.by_url.get(key or "", []) if d != exclude]
        if not ids and key and ":comment:" in key:
            # A link to a comment the library does not hold points into its post.
            ids = [d for d in self.by_url.get(key.split(":comment:")[0], []) if d != exclude]
        return Resolution(doc_id=self._fullest(ids), via=via) if ids else None

    def _by_title(self, citation: Citation, exclude: str) -> Resolution | None:
        """Same normalised title, and (when both name people) a shared family name."""
        key = title_key(citation.title or "")
        ids = [d for d in self.by_title.get(key or "", []) if d != exclude]
        cited = {surname_key(a) for a in citation.authors}
        if cited:
            ids = [
                d
                for d in ids
                if not self.docs[d].authors
                or cited & {surname_key(a) for a in self.docs[d].authors}
            ]
        return Resolution(doc_id=self._fullest(ids), via="title") if ids else None

    def _by_person(self, citation: Citation, exclude: str) -> Resolution | None:
        """A surname and year that name exactly one work in the library.

        A name without a year ("Wentworth argues") never resolves on its own: on real
        text the person's one library document was often not the work being discussed.
        `candidates` lists that person's documents for a caller that checks the content.
        """
        if not citation.year:
            return None
        ids = self.candidates(citation)
        works = {title_key(self.docs[d].title or "") or d for d in ids}
        return Resolution(doc_id=self._fullest(ids), via="person") if len(works) == 1 else None

    def candidates(self, citation: Citation) -> list[str]:
        """Library documents by the cited person (first author for a reference; any author
        for a named mention), narrowed by the second author and the year when given."""
        if not citation.authors:
            return []
        first = surname_key(citation.authors[0])
        pool = self.by_first_author if citation.kind == "reference" else self.by_author
        ids = [d for d in pool.get(first, []) if d != citation.doc_id]
        if len(citation.authors) > 1 and citation.kind == "reference":
            second = surname_key(citation.authors[1])
            ids = [d for d in ids if second in {surname_key(a) for a in self.docs[d].authors}]
        if citation.year:
            ids = [d for d in ids if citation.year[:4] in self._years(self.docs[d])]
        return sorted(set(ids))

    @staticmethod
    def _years(doc) -> set[str]:
        years = {str(doc.published.year)} if getattr(doc, "published", None) else set()
        meta = getattr(doc, "meta", {}) or {}
        arxiv_id = meta.get("arxiv_id") or ""
        if re.match(r"\d{4}\.", arxiv_id):
            years.add(f"20{arxiv_id[:2]}")
        return years

    def _fullest(self, ids: list[str]) -> str:
        return max(sorted(set(ids)), key=lambda d: len(self.docs[d].text or ""))

    # -- quotations -----------------------------------------------------------------------

    def _quotation(self, citation: Citation, exclude: str) -> Resolution | None:
        """The earliest other document holding the quoted words verbatim (the original,
        not a later work quoting it too), with the span where they appear."""
        if citation.quote_start is None or citation.quote_end is None:
            return None
        citing = self.docs.get(citation.doc_id)
        if citing is None:
            return None
        quoted = _longest_fragment(citing.text[citation.quote_start : citation.quote_end])
        if len(quoted) < MIN_QUOTE_WORDS:
            return None
        candidates = self._quote_candidates(_fingerprints(quoted))
        hits = []
        for doc_id in sorted(candidates - {exclude}):
            span = self._find_words(doc_id, quoted)
            if span:
                hits.append((doc_id, span))
        if not hits:
            return None
        doc_id, (start, end) = min(hits, key=lambda h: (self._published(h[0]), h[0]))
        return Resolution(doc_id=doc_id, via="quotation", start=start, end=end)

    def _published(self, doc_id: str) -> str:
        published = getattr(self.docs[doc_id], "published", None)
        return published.isoformat() if published else "9999"

    def _quote_candidates(self, fingerprints) -> set[str]:
        """Documents sharing a fingerprint with the quote: two binary searches each."""
        import numpy as np

        keys, owners = self._quote_index()
        ids = list(self.docs)
        found: set[str] = set()
        for fingerprint in fingerprints:
            lo = np.searchsorted(keys, fingerprint, side="left")
            hi = np.searchsorted(keys, fingerprint, side="right")
            found.update(ids[i] for i in owners[lo:hi])
        return found

    def _quote_index(self):
        """Winnowed word-shingle fingerprints of every document as two sorted arrays
        (fingerprint, document index), built on first use: compact (a few bytes per word)
        and searched by bisection."""
        import numpy as np

        if self._quotes is None:
            keys, owners = [], []
            for number, doc in enumerate(self.docs.values()):
                prints = _fingerprints(_casefold_words(doc.text or ""))
                keys.append(prints)
                owners.append(np.full(len(prints), number, dtype=np.int32))
            all_keys = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
            all_owners = np.concatenate(owners) if owners else np.zeros(0, dtype=np.int32)
            order = np.argsort(all_keys, kind="stable")
            self._quotes = (all_keys[order], all_owners[order])
        return self._quotes

    def _words(self, doc_id: str) -> tuple[list[str], list[tuple[int, int]]]:
        if doc_id not in self._tokens:
            spans = [
                (m.start(), m.end()) for m in re.finditer(r"\w+", self.docs[doc_id].text or "")
            ]
            text = self.docs[doc_id].text or ""
            self._tokens[doc_id] = ([text[s:e].casefold() for s, e in spans], spans)
        return self._tokens[doc_id]

    def _find_words(self, doc_id: str, quoted: list[str]) -> tuple[int, int] | None:
        words, spans = self._words(doc_id)
        n = len(quoted)
        first = quoted[0]
        for i, word in enumerate(words[: len(words) - n + 1]):
            if word == first and words[i : i + n] == quoted:
                return spans[i][0], spans[i + n - 1][1]
        return None


def _longest_fragment(quote: str) -> list[str]:
    """The quote's longest run of words without an ellipsis or editorial [brackets]."""
    pieces = re.split(r"\.\.\.|…|\[[^\]]*\]", quote)
    runs = [[w.casefold() for w in re.findall(r"\w+", piece)] for piece in pieces]
    return max(runs, key=len) if runs else []


def _casefold_words(text: str) -> list[str]:
    return WORD_RE.findall(text.casefold())


def _fingerprints(words: list[str]):
    """Winnowing (Schleimer et al.): the distinct minimum shingle hashes of every window,
    so any shared run of QUOTE_SHINGLE + QUOTE_WINDOW - 1 words shares a fingerprint.
    Vectorised: a document costs one Python hash per word."""
    import numpy as np
    from numpy.lib.stride_tricks import sliding_window_view

    if len(words) < QUOTE_SHINGLE:
        return np.zeros(0, dtype=np.int64)
    codes = np.fromiter((hash(w) for w in words), dtype=np.int64, count=len(words))
    count = len(words) - QUOTE_SHINGLE + 1
    shingles = np.zeros(count, dtype=np.int64)
    with np.errstate(over="ignore"):
        for offset in range(QUOTE_SHINGLE):
            shingles = shingles * np.int64(SHINGLE_BASE) + codes[offset : offset + count]
    if len(shingles) <= QUOTE_WINDOW:
        return np.unique(shingles.min(keepdims=True))
    return np.unique(sliding_window_view(shingles, QUOTE_WINDOW).min(axis=1))
