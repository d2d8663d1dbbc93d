"""Recent questions of one workspace, kept in a small JSON file beside the library.

The Ask page offers them again so a reader can re-run a question after ingesting more sources.
A question is stored once (the latest ask moves it to the top) and the list is capped, so the
file stays tiny. Writes go to a temporary file first and replace the old one, so a crash never
leaves a half-written history; an unreadable file is treated as empty rather than an error.
"""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

HISTORY_FILE = "history.json"
MAX_QUESTIONS = 20


class AskedQuestion(BaseModel):
    question: str
    asked_at: datetime


class History(BaseModel):
    questions: list[AskedQuestion] = Field(default_factory=list)


def history_path(home: Path) -> Path:
    return Path(home) / HISTORY_FILE


def load_history(home: Path) -> History:
    """The workspace's history; empty when there is none yet or the file is unreadable."""
    path = history_path(home)
    try:
        return History.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError, ValueError):
        return History()


def recent_questions(home: Path, limit: int = MAX_QUESTIONS) -> list[str]:
    return [q.question for q in load_history(home).questions[:limit]]


def remember_question(home: Path, question: str, cap: int = MAX_QUESTIONS) -> History:
    """Put `question` at the top (once), keep at most `cap` entries, and save atomically."""
    text = " ".join(question.split())
    history = load_history(home)
    if not text:
        return history
    kept = [q for q in history.questions if q.question != text]
    entry = AskedQuestion(question=text, asked_at=datetime.now(UTC))
    history = History(questions=[entry, *kept][: max(cap, 1)])
    _write_atomically(history_path(home), history.model_dump_json(indent=2))
    return history


def clear_history(home: Path) -> None:
    history_path(home).unlink(missing_ok=True)


def _write_atomically(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".history-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(content)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
