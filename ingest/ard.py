"""The Alignment Research Dataset import: tens of thousands of JSONL entries, streamed.

The file is read line by line, never whole, and documents are embedded in the stager's
batches, so memory stays bounded by one batch. A checkpoint in the workspace records how far
the committed entries reach; a run killed half-way resumes there (what it staged but did not
embed is pending, and the library's repair finishes it). A line that is not an entry is one
failure line, and the rest lands.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from pydantic import BaseModel

from ingest.config import Settings
from ingest.models import ParsedDocument, Reporter, SourceEvent
from ingest.parsers.ard import parse_ard_line
from ingest.staging import Ingestor

#: How often (in lines) progress is shown and the checkpoint written.
CHECKPOINT_EVERY = 500


class Checkpoint(BaseModel):
    """How far a file's committed entries reach; valid only for the same file, unchanged."""

    path: str
    size: int
    mtime_ns: int
    offset: int = 0
    line: int = 0


def ingest_ard_file(
    ingestor: Ingestor,
    path: Path,
    settings: Settings,
    emit: Reporter,
    only_sources: set[str] | None = None,
) -> None:
    """Stream one ARD file into the library through `ingestor` (which reports the counts)."""
    label = str(path)
    stat = path.stat()
    checkpoint_file = _checkpoint_path(settings, path)
    checkpoint = _load(checkpoint_file, path, stat.st_size, stat.st_mtime_ns)
    offset, number, skipped = checkpoint.offset, checkpoint.line, 0
    if offset:
        emit(SourceEvent(source=label, status="reading", detail=f"resuming at line {number + 1}"))
    with path.open("rb") as handle:
        handle.seek(offset)
        for line in handle:
            offset += len(line)
            number += 1
            if line.strip():
                parsed = parse_ard_line(line, label, number)
                if isinstance(parsed, ParsedDocument):
                    if _wanted(parsed, only_sources):
                        ingestor.add([parsed])
                    else:
                        skipped += 1
                else:
                    message = f"{parsed.where}: {parsed.error}"
                    ingestor.fail(label, message)
                    emit(SourceEvent(source=label, status="failed", detail=message))
            if number % CHECKPOINT_EVERY == 0:
                _save(
                    checkpoint_file,
                    checkpoint.model_copy(update={"offset": offset, "line": number}),
                )
                share = f" ({100 * offset // max(stat.st_size, 1)}%)"
                emit(SourceEvent(source=label, status="reading", detail=f"{number} lines{share}"))
    ingestor.flush()
    checkpoint_file.unlink(missing_ok=True)
    if skipped:
        emit(
            SourceEvent(
                source=label, status="reading", detail=f"{skipped} of other sources skipped"
            )
        )


def is_ard_file(source: str) -> bool:
    """A local JSON-lines file shaped like the dataset (decided from its first line only),
    which is streamed rather than read whole."""
    from ingest.parsers.ard import looks_like_ard

    path = Path(source).expanduser()
    if not path.is_file():
        return False
    with path.open("rb") as handle:
        head = handle.read(65536)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
        return False  # a JSON list is read whole (see ingest.parsers.ard.parse_ard_bytes)
    return path.suffix.lower() in (".jsonl", ".ndjson") or looks_like_ard(head)


def _wanted(doc: ParsedDocument, only_sources: set[str] | None) -> bool:
    return not only_sources or doc.meta.get("ard_source", "") in only_sources


def _checkpoint_path(settings: Settings, path: Path) -> Path:
    digest = hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:16]
    return settings.home / "imports" / f"ard-{digest}.json"


def _load(file: Path, path: Path, size: int, mtime_ns: int) -> Checkpoint:
    fresh = Checkpoint(path=str(path.resolve()), size=size, mtime_ns=mtime_ns)
    try:
        saved = Checkpoint.model_validate_json(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return fresh
    if (saved.path, saved.size, saved.mtime_ns) != (fresh.path, size, mtime_ns):
        return fresh  # another file, or this one changed: start again (unchanged entries are cheap)
    return saved


def _save(file: Path, checkpoint: Checkpoint) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    partial = file.with_suffix(".part")
    partial.write_text(json.dumps(checkpoint.model_dump()), encoding="utf-8")
    os.replace(partial, file)
