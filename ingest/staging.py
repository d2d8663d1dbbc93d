"""Staging parsed documents into a library, shared by every job that brings documents in.

`ingest`, `sync` and `arxiv` all stage documents one source at a time and embed them in large
batches, because encoding dominates the cost and the model is far faster per chunk on big
batches than on one document at a time. Keeping the stager here, below both the pipeline and
the subscriptions, lets each of them use it without importing the other.
"""

from __future__ import annotations

from ingest.library import Library, Progress
from ingest.models import FailedInput, IngestReport, ParsedDocument

COMPLETE_EVERY = 300


class Ingestor:
    """Stages parsed documents into a library and completes them in batches."""

    def __init__(self, library: Library, progress: Progress | None = None) -> None:
        self.library = library
        self.report = IngestReport()
        self.progress = progress
        self._staged: list[str] = []
        self._seen: set[str] = set()

    def add(self, docs: list[ParsedDocument]) -> None:
        for parsed in docs:
            outcome, doc_id = self.library.stage(parsed)
            if doc_id in self._seen:
                continue
            self._seen.add(doc_id)
            setattr(self.report, outcome, getattr(self.report, outcome) + 1)
            if outcome != "unchanged":
                self._staged.append(doc_id)
        if len(self._staged) >= COMPLETE_EVERY:
            self.flush()

    def fail(self, source: str, error: str) -> None:
        self.report.failed.append(FailedInput(source=source, error=error))

    def flush(self) -> None:
        if self._staged:
            self.library.complete(self._staged, self.progress)
            self._staged = []


def describe_delta(before: IngestReport, after: IngestReport) -> str:
    """The per-source line of the result table: what this one source changed."""
    parts = [
        f"{after.added - before.added} added",
        f"{after.updated - before.updated} updated",
        f"{after.unchanged - before.unchanged} unchanged",
    ]
    return ", ".join(parts)
