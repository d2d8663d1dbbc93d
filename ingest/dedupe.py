"""One work, one document: the same paper or post reached through several sources merges.

A paper arrives from the arXiv API, its PDF, the Alignment Research Dataset and a Zotero
export; a post from RSS, GraphQL, a cross-post on another forum and the dataset. Each
arrival is matched to a stored work by, in order of trust: its own identity; a shared
arXiv id, DOI, forum post id or URL; its normalised title with a compatible first author;
and, for the rest, near-duplicate text (datasketch MinHash, LSH at Jaccard 0.8) under a
title or first author that agrees. Two works
naming different arXiv ids or DOIs are never merged, whatever their text, and comments
merge only by id (a comment quoting its post is not the post).

The index lives beside the library in `works.sqlite`, derived from the library and rebuilt
from it when missing, so an older workspace gains it on first use and losing it loses
nothing. How two arrivals combine is `ingest.merge`'s.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
from datasketch import MinHash, MinHashLSH  # type: ignore[import-untyped]

from ingest.models import DocumentBase
from ingest.parsers.arxiv import ARXIV_ID
from ingest.people import handle_of, person_key, surname_key
from ingest.wal import use_wal

NUM_PERM = 64
#: datasketch's 32-bit scheme, named so stored signatures load as what they are.
SCHEME = "affine32"
THRESHOLD = 0.8
#: Texts shorter than this many words are too short for a near-duplicate match to mean much.
MIN_WORDS = 80
#: Word shingles hashed per text: a cross-post's first few thousand words decide.
MAX_SHINGLES = 3000
FORUM_POST_RE = re.compile(r"/posts/([A-Za-z0-9]{10,24})(?:/|$|\?)")
ARXIV_DOI_RE = re.compile(rf"^10\.48550/arxiv\.({ARXIV_ID})$", re.IGNORECASE)

SCHEMA = """
CREATE TABLE IF NOT EXISTS works (
    doc_id TEXT PRIMARY KEY,
    facts TEXT NOT NULL,
    signature BLOB
);
CREATE TABLE IF NOT EXISTS work_keys (
    key TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    PRIMARY KEY (key, doc_id)
);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass
class WorkFacts:
    """What matching needs to know of a stored work, without its text."""

    identity: str
    keys: list[str] = field(default_factory=list)
    title: str = ""
    authors: list[str] = field(default_factory=list)
    arxiv: str = ""
    doi: str = ""
    comment: bool = False
    #: "host id" of a forum post or comment: two different ids on one site are two works.
    forum: str = ""


def norm_title(title: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", title.casefold()).split())


def norm_url(url: str) -> str:
    """Scheme, www., a trailing slash and the fragment aside; the query kept (it can be the
    work: ?commentId=...)."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


def facts_of(doc: DocumentBase) -> WorkFacts:
    meta = doc.meta
    arxiv = meta.get("arxiv_id", "")
    if doc.identity.startswith("arxiv:"):
        arxiv = doc.identity.removeprefix("arxiv:")
    doi = meta.get("doi", "").lower()
    match = ARXIV_DOI_RE.match(doi)
    if match:
        arxiv, doi = arxiv or match.group(1), ""
    comment = meta.get("forum") == "comment" or doc.identity.startswith("forum:comment:")
    keys = [f"id:{doc.identity}"]
    keys += [f"id:{i}" for i in _json_list(meta.get("identities"))]
    if arxiv:
        keys.append(f"arxiv:{arxiv}")
    if doi:
        keys.append(f"doi:{doi}")
    urls = [u for u in [doc.url or "", *_json_list(meta.get("urls"))] if u]
    for url in urls:
        keys.append(f"url:{norm_url(url)}")
        post = FORUM_POST_RE.search(urlsplit(url).path + "/")
        if post and not comment and "commentId" not in url:
            keys.append(f"post:{post.group(1)}")
    if meta.get("forum") == "post" and meta.get("forum_id"):
        keys.append(f"post:{meta['forum_id']}")
    title = norm_title(doc.title)
    forum = forum_key(doc, urls, comment)
    if not comment and len(title) >= 12 and len(title.split()) >= 2:
        keys.append(f"title:{title}")
    return WorkFacts(
        identity=doc.identity,
        keys=list(dict.fromkeys(keys)),
        title=title,
        authors=list(doc.authors),
        arxiv=arxiv,
        doi=doi,
        comment=comment,
        forum=forum,
    )


def forum_key(doc: DocumentBase, urls: list[str], comment: bool) -> str:
    """The forum item a document is, as "host id" (its site's host, www. aside), from the
    forum API's meta or else from a post or comment URL; "" for anything else."""
    meta = doc.meta
    site = meta.get("site") or (urls[0] if urls else "")
    host = urlsplit(site).netloc.lower().removeprefix("www.")
    if meta.get("forum_id") and host:
        return f"{host} {meta['forum_id']}"
    for url in urls:
        parts = urlsplit(url)
        comment_id = re.search(r"(?:^|&)commentId=([A-Za-z0-9]+)", parts.query)
        post = FORUM_POST_RE.search(parts.path + "/")
        item = comment_id.group(1) if comment_id else (post.group(1) if post else "")
        if item and (comment_id or not comment):
            return f"{parts.netloc.lower().removeprefix('www.')} {item}"
    return ""


def signature(text: str) -> MinHash | None:
    """MinHash of the text's word 4-grams (None for a text too short to compare)."""
    words = re.findall(r"\w+", text.casefold())
    if len(words) < MIN_WORDS:
        return None
    grams = (" ".join(words[i : i + 4]).encode("utf-8") for i in range(len(words) - 3))
    shingles = list(dict.fromkeys(grams))[:MAX_SHINGLES]
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch(shingles)
    return minhash


def first_authors_agree(a: list[str], b: list[str]) -> bool:
    """The first authors are one person: the same name or family name, or a handle that
    spells the other's name. A work without authors cannot be matched on its title."""
    if not a or not b:
        return False
    x, y = a[0], b[0]
    if person_key(x) == person_key(y):
        return True
    if " " in x.strip() and " " in y.strip():
        return surname_key(x) == surname_key(y)
    return handle_of(x, y) or handle_of(y, x)


def _same_heading(a: WorkFacts, b: WorkFacts) -> bool:
    """Near-duplicate text is one work only if the headings agree too: one title's words
    inside the other's ("[Podcast] Post A by X" holds "Post A"), or the same first author.
    Templated texts ("Post 1", "Post 2" with one word changed) stay apart."""
    words_a, words_b = set(a.title.split()), set(b.title.split())
    if words_a and words_b and (words_a <= words_b or words_b <= words_a):
        return True
    return first_authors_agree(a.authors, b.authors)


def conflicting(a: WorkFacts, b: WorkFacts) -> bool:
    """Two different arXiv ids or DOIs are two works, however alike their text; so are two
    different posts or comments of one forum (a repost, a sequence's near-identical
    chapters), where a cross-post to another site may have its own id and still be one."""
    if a.arxiv and b.arxiv and a.arxiv != b.arxiv:
        return True
    if a.doi and b.doi and a.doi != b.doi:
        return True
    if a.forum and b.forum:
        (host_a, id_a), (host_b, id_b) = a.forum.split(" ", 1), b.forum.split(" ", 1)
        return host_a == host_b and id_a != id_b
    return False


class WorkIndex:
    """Keys and text signatures of every stored work, for finding a new arrival's match."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, timeout=30)
        use_wal(self.db)
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.facts: dict[str, WorkFacts] = {}
        self.by_key: dict[str, set[str]] = {}
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self.signatures: dict[str, MinHash] = {}
        for doc_id, facts_json, blob in self.db.execute(
            "SELECT doc_id, facts, signature FROM works"
        ):
            facts = WorkFacts(**json.loads(facts_json))
            minhash = None
            if blob:
                minhash = MinHash(
                    num_perm=NUM_PERM,
                    hashvalues=np.frombuffer(blob, dtype=np.uint32),
                    scheme=SCHEME,
                )
            self._remember(doc_id, facts, minhash)

    @property
    def built(self) -> bool:
        row = self.db.execute("SELECT value FROM state WHERE key='built'").fetchone()
        return row is not None

    def mark_built(self) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('built', '1')")

    def close(self) -> None:
        self.db.close()

    def match(self, doc: DocumentBase, text_signature: MinHash | None) -> list[str]:
        """Stored works this arrival is, best evidence first (its own identity first)."""
        facts = facts_of(doc)
        found: list[str] = []
        own = self.by_key.get(f"id:{doc.identity}", set())
        found += sorted(own)
        for key in facts.keys:
            kind = key.split(":", 1)[0]
            if kind == "title":
                continue
            found += sorted(self.by_key.get(key, set()))
        if not facts.comment:
            title_key = f"title:{facts.title}"
            for doc_id in sorted(self.by_key.get(title_key, set())):
                if first_authors_agree(facts.authors, self.facts[doc_id].authors):
                    found.append(doc_id)
            if text_signature is not None:
                for doc_id in sorted(self.lsh.query(text_signature)):
                    other = self.signatures.get(doc_id)
                    if (
                        other is not None
                        and text_signature.jaccard(other) >= THRESHOLD
                        and _same_heading(facts, self.facts[doc_id])
                    ):
                        found.append(doc_id)
        ordered = list(dict.fromkeys(found))
        return [
            d
            for d in ordered
            if d in self.facts
            and not conflicting(facts, self.facts[d])
            and (
                not self.facts[d].comment
                or f"id:{doc.identity}" in self.facts[d].keys
                or facts.comment
            )
        ]

    def record(self, doc_id: str, doc: DocumentBase, text_signature: MinHash | None) -> None:
        """Index a stored work under every key it has (after a merge, all its sources')."""
        facts = facts_of(doc)
        self.forget(doc_id)
        blob = text_signature.hashvalues.astype(np.uint32).tobytes() if text_signature else None
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO works (doc_id, facts, signature) VALUES (?, ?, ?)",
                (doc_id, json.dumps(facts.__dict__), blob),
            )
            self.db.executemany(
                "INSERT OR IGNORE INTO work_keys (key, doc_id) VALUES (?, ?)",
                [(key, doc_id) for key in facts.keys],
            )
        self._remember(doc_id, facts, text_signature)

    def forget(self, doc_id: str) -> None:
        old = self.facts.pop(doc_id, None)
        if old is not None:
            for key in old.keys:
                self.by_key.get(key, set()).discard(doc_id)
        if self.signatures.pop(doc_id, None) is not None and doc_id in self.lsh:
            self.lsh.remove(doc_id)
        with self.db:
            self.db.execute("DELETE FROM works WHERE doc_id=?", (doc_id,))
            self.db.execute("DELETE FROM work_keys WHERE doc_id=?", (doc_id,))

    def _remember(self, doc_id: str, facts: WorkFacts, minhash: MinHash | None) -> None:
        self.facts[doc_id] = facts
        for key in facts.keys:
            self.by_key.setdefault(key, set()).add(doc_id)
        if minhash is not None and not facts.comment:
            self.signatures[doc_id] = minhash
            if doc_id not in self.lsh:
                self.lsh.insert(doc_id, minhash)


def _json_list(value: str | None) -> list[str]:
    if not value:
        return []
    try:
        loaded = json.loads(value)
    except ValueError:
        return []
    return [str(v) for v in loaded] if isinstance(loaded, list) else []
