"""assistant/history.py: recent questions per workspace, capped, deduplicated, atomic."""

from __future__ import annotations

from assistant.history import (
    MAX_QUESTIONS,
    clear_history,
    history_path,
    load_history,
    recent_questions,
    remember_question,
)


def test_latest_question_first_and_once(tmp_path):
    remember_question(tmp_path, "first?")
    remember_question(tmp_path, "second?")
    remember_question(tmp_path, "  first?\n")
    assert recent_questions(tmp_path) == ["first?", "second?"]


def test_list_is_capped(tmp_path):
    for n in range(MAX_QUESTIONS + 5):
        remember_question(tmp_path, f"q{n}")
    questions = recent_questions(tmp_path)
    assert len(questions) == MAX_QUESTIONS
    assert questions[0] == f"q{MAX_QUESTIONS + 4}"


def test_workspaces_are_separate(tmp_path):
    remember_question(tmp_path / "a", "only in a")
    assert recent_questions(tmp_path / "b") == []


def test_blank_question_is_not_stored(tmp_path):
    remember_question(tmp_path, "   ")
    assert not history_path(tmp_path).exists()


def test_corrupt_file_reads_as_empty_and_is_replaced(tmp_path):
    history_path(tmp_path).write_text("{not json", encoding="utf-8")
    assert load_history(tmp_path).questions == []
    remember_question(tmp_path, "after corruption")
    assert recent_questions(tmp_path) == ["after corruption"]
    assert not list(tmp_path.glob(".history-*"))


def test_clear(tmp_path):
    remember_question(tmp_path, "x")
    clear_history(tmp_path)
    assert recent_questions(tmp_path) == []
