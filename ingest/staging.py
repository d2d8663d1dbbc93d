"""Staging parsed documents into a library, shared by every job that brings documents in.

`ingest`, `sync`, `forum` and `arxiv` all stage documents one source at a time and embed
them in large batches, because encoding dominates the cost and the model is far faster per
chunk on big batches than on one document at a time. Keeping the stager here, below the
pipeline and the subscriptions, lets each of them use it without importing the other.

The stager is also where one work becomes one document and one person one author: each
arrival is matched to the work it already is (`ingest.dedupe`) and folded into it
(`ingest.merge`), and its people are named as the evidence says (`ingest.people`). When a
batch brings new evidence that two names are one person, stored documents naming them are
re-staged under the one name, so analysis, cruxes and answers count that person once.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ingest.dedupe import WorkIndex, signature
from ingest.library import Completion, Library, Progress
from ingest.merge import merge_documents, origin
from ingest.models import DocumentBase, FailedInput, IngestReport, ParsedDocument
from ingest.people import PersonIndex

if TYPE_CHECKING:
    from datasketch import MinHash  # type: ignore[import-untyped]

COMPLETE_EVERY = 300


class Ingestor:
    """Stages parsed documents into a library and completes them in batches."""

    def __init__(
        self, library: Library, progress: Progress | None = None, overlap: bool = False
    ) -> None:
        """`overlap`: embed a full batch on a background thread while the next sources are
        fetched. Only worth it when fetching waits on the network: on local files the ONNX
        encode already keeps both cores busy, and parsing beside it made a 4,200-post import
        1.28x a bare encode instead of 1.17x (bench_ard, one run each; 1.09x against 1.02x
        at 1,500 posts)."""
        self.library = library
        self.overlap = overlap
        self.report = IngestReport()
        self.progress = progress
        self._staged: list[str] = []
        self._seen: set[str] = set()
        self._recent: dict[str, ParsedDocument] = {}
        self._works: WorkIndex | None = None
        self._people: PersonIndex | None = None
        self._new_evidence = False
        self._embedding: tuple[list[str], Completion] | None = None

    def add(self, docs: list[ParsedDocument]) -> None:
        for parsed in docs:
            self._learn_accounts(parsed)
            arriving = signature(parsed.text)
            stored = self._as_one_work(parsed, arriving)
            outcome, doc_id = self.library.stage(stored)
            self._recent[doc_id] = stored
            kept = arriving if stored.text == parsed.text else signature(stored.text)
            self.works.record(doc_id, stored, kept)
            if doc_id in self._seen:
                continue
            self._seen.add(doc_id)
            setattr(self.report, outcome, getattr(self.report, outcome) + 1)
            if outcome != "unchanged":
                self._staged.append(doc_id)
        if len(self._staged) >= COMPLETE_EVERY:
            self._hand_over()

    def fail(self, source: str, error: str) -> None:
        self.report.failed.append(FailedInput(source=source, error=error))

    def flush(self) -> None:
        """Complete everything staged so far; on return every staged document is ready."""
        self._finish_embedding()
        if self._new_evidence:
            self._rename_people()
        self._complete_staged()

    def _hand_over(self) -> None:
        """A full batch is completed; with `overlap` it starts embedding on a background
        thread while the caller goes on fetching and parsing the next sources, and the batch
        before it is finished (written to Chroma, marked ready) first, so at most two batches
        are in memory."""
        self._finish_embedding()
        if self._new_evidence:
            self._rename_people()
        if not self.overlap:
            self._complete_staged()
        elif self._staged:
            staged, self._staged = self._staged, []
            self._embedding = (staged, self.library.start_completion(staged, self.progress))

    def _complete_staged(self) -> None:
        """Embed and store what is staged, here and now; then the library answers for it."""
        if self._staged:
            self.library.complete(self._staged, self.progress)
            self._staged = []
        self._recent = {}

    def _finish_embedding(self) -> None:
        if self._embedding is not None:
            (staged, completion), self._embedding = self._embedding, None
            self._finished(self.library.finish_completion(completion), staged)

    def _finished(self, changed: list[str], staged: list[str]) -> None:
        """Documents re-staged while their batch was embedding go round again; the rest are
        ready, so the library answers for them and they leave the recent set."""
        again = [d for d in changed if d not in self._staged]
        self._staged.extend(again)
        waiting = set(self._staged)
        for doc_id in staged:
            if doc_id not in waiting:
                self._recent.pop(doc_id, None)

    # -- one work, one document --------------------------------------------------------------

    @property
    def works(self) -> WorkIndex:
        """The work index, opened on first use and built from the library if it is new."""
        if self._works is None:
            self._works = WorkIndex(self.library.settings.home / "works.sqlite")
            if not self._works.built:
                # One document at a time: a large library need not fit in memory at once.
                ids = [r[0] for r in self.library.db.execute("SELECT id FROM documents")]
                for doc_id in ids:
                    doc = self.library.document(doc_id)
                    if doc is not None:
                        self._works.record(doc.id, doc, signature(doc.text))
                self._works.mark_built()
        return self._works

    def _as_one_work(
        self, parsed: ParsedDocument, text_signature: MinHash | None
    ) -> ParsedDocument:
        for doc_id in self.works.match(parsed, text_signature):
            stored = self._stored(doc_id)
            if stored is None:
                self.works.forget(doc_id)  # removed from the library since it was indexed
                continue
            if origin(stored) == origin(parsed) and not stored.meta.get("merged"):
                break  # the same arrival again (or its update): nothing to merge
            merged = merge_documents(stored, parsed, self.people)
            if merged.meta.get("author_aliases") != stored.meta.get("author_aliases"):
                self._new_evidence = True
            return merged
        return self._named(parsed)

    def _stored(self, doc_id: str) -> DocumentBase | None:
        return self._recent.get(doc_id) or self.library.document(doc_id)

    # -- one person, one author --------------------------------------------------------------

    @property
    def people(self) -> PersonIndex:
        """Who is who, from the evidence stored documents carry (loaded on first use)."""
        if self._people is None:
            self._people = PersonIndex()
            rows = self.library.db.execute(
                "SELECT authors, meta FROM documents WHERE state='ready'"
            )
            for authors, meta in rows:
                learn_people(self._people, json.loads(authors), json.loads(meta))
        return self._people

    def _learn_accounts(self, parsed: ParsedDocument) -> None:
        if learn_people(self.people, parsed.authors, parsed.meta):
            self._new_evidence = True

    def _named(self, parsed: ParsedDocument) -> ParsedDocument:
        authors = self.people.canonical_authors(parsed.authors)
        if authors == parsed.authors:
            return parsed
        meta = {**parsed.meta, "authors_as_printed": json.dumps(parsed.authors, ensure_ascii=False)}
        return parsed.model_copy(update={"authors": authors, "meta": meta})

    def _rename_people(self) -> None:
        """Re-stage stored documents whose people evidence now names differently."""
        self._new_evidence = False
        rows = self.library.db.execute("SELECT id, authors FROM documents WHERE state='ready'")
        stale = [
            doc_id
            for doc_id, authors in rows.fetchall()
            if self.people.canonical_authors(json.loads(authors)) != json.loads(authors)
        ]
        for doc_id in stale:
            stored = self.library.document(doc_id)
            if stored is None:
                continue
            parsed = ParsedDocument(**stored.model_dump(exclude={"id", "content_hash", "added_at"}))
            outcome, staged_id = self.library.stage(self._named(parsed))
            if outcome != "unchanged" and staged_id not in self._staged:
                self._staged.append(staged_id)


def learn_people(people: PersonIndex, authors: list[str], meta: dict[str, str]) -> bool:
    """Feed a document's evidence into `people`; True when it carried any.

    A forum names each account by username and display name (meta "usernames", in the
    order of the authors); a merged work records the name pairs its sources agreed on.
    """
    found = False
    for name in authors:
        people.add_name(name)
    usernames = [u.strip() for u in meta.get("usernames", "").split(",") if u.strip()]
    if usernames and len(usernames) == len(authors):
        for username, display in zip(usernames, authors, strict=True):
            if username != display:
                people.same_account(username, display)
                found = True
    try:
        pairs = json.loads(meta.get("author_aliases") or "[]")
    except ValueError:
        pairs = []
    for pair in pairs if isinstance(pairs, list) else []:
        if isinstance(pair, list) and len(pair) == 2:
            people.same_work([str(pair[0])], [str(pair[1])])
            found = True
    return found


def describe_delta(before: IngestReport, after: IngestReport) -> str:
    """The per-source line of the result table: what this one source changed."""
    parts = [
        f"{after.added - before.added} added",
        f"{after.updated - before.updated} updated",
        f"{after.unchanged - before.unchanged} unchanged",
    ]
    return ", ".join(parts)
