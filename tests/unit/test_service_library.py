"""The library jobs the UI starts (assistant/service/library.py): uploads land under the
workspace, URLs pass the CLI's guard, the lock holds."""

from __future__ import annotations

import pytest

from assistant.service import library as jobs
from assistant.workspace import Workspace
from ingest.library import LibraryBusy
from ingest.models import FailedInput, IngestError, IngestReport, SourceEvent


def test_safe_filename_strips_paths_and_odd_characters():
    assert jobs.safe_filename("../../etc/passwd") == "passwd"
    assert jobs.safe_filename("C:\\Users\\x\\my notes.md") == "my_notes.md"
    assert jobs.safe_filename("<script>.xml") == "script_.xml"
    assert jobs.safe_filename("...") == "upload"


def test_uploads_get_stable_paths_under_the_workspace(library):
    home = library.settings.home
    first = jobs.save_uploads(Workspace(library), [("notes.md", b"one")])
    again = jobs.save_uploads(Workspace(library), [("notes.md", b"two")])
    assert first == again
    assert first[0].startswith(str(home / jobs.UPLOAD_DIR))
    assert (home / jobs.UPLOAD_DIR / "notes.md").read_bytes() == b"two"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://localhost/feed",
        "file:///etc/passwd",
        "http://10.0.0.1/x",
        "javascript:alert(1)",
    ],
)
def test_feed_urls_pass_the_cli_guard(url):
    with pytest.raises(IngestError):
        jobs.check_feed_url(url, allow_private=False)


def test_private_url_allowed_when_asked():
    assert jobs.check_feed_url(" http://127.0.0.1:8000/feed.xml ", allow_private=True) == (
        "http://127.0.0.1:8000/feed.xml"
    )


def test_a_forum_query_typed_in_the_page_is_kept_and_guarded_by_its_api_address():
    """A forum subscription as `feeds list` shows it can be added from the page too; its
    API's address passes the same private-address guard as a feed URL."""
    key = "forum:http://127.0.0.1:8000?af=1&tag=Interpretability"
    checked = jobs.check_feed_url(f"  {key} ", allow_private=True)
    assert checked.startswith("forum:http://127.0.0.1:8000") and "af=1" in checked
    with pytest.raises(IngestError, match="private|loopback"):
        jobs.check_feed_url(key, allow_private=False)
    with pytest.raises(IngestError):
        jobs.check_feed_url("forum:https://www.lesswrong.com?colour=red", allow_private=False)


def test_event_table_keeps_latest_status_and_adds_failures():
    table = jobs.EventTable()
    table(SourceEvent(source="a", status="reading"))
    table(SourceEvent(source="a", status="ok", detail="1 added"))
    report = IngestReport(added=1)
    report.failed.append(FailedInput(source="b", error="broken"))
    assert [row.model_dump() for row in table.table(report)] == [
        {"source": "a", "status": "ok", "detail": "1 added"},
        {"source": "b", "status": "failed", "detail": "broken"},
    ]


def test_run_job_reports_a_busy_workspace(library):
    with library.writing():
        other = type(library)(library.settings)
        try:
            result = jobs.run_job(
                Workspace(other), lambda ws, emit, progress: IngestReport(), analyse=False
            )
        finally:
            other.close()
    assert result.error and "another cruxmap process" in result.error


def test_run_job_turns_ingest_errors_into_a_message(library):
    def failing(ws, emit, progress):
        raise IngestError("feed is gone")

    result = jobs.run_job(Workspace(library), failing, analyse=False)
    assert result.error == "feed is gone"


def test_busy_is_the_library_error():
    assert issubclass(LibraryBusy, Exception)


def test_a_job_summary_says_what_the_model_cost_and_why_the_analysis_stopped():
    """A user who starts an LLM analysis from the page learns what it used and that a run
    stopped by its call limit will resume, not just the map's totals."""
    from assistant.llm.usage import Usage
    from assistant.service.views import JobResult

    result = JobResult(
        report=IngestReport(added=2),
        analysis={
            "claims": 5,
            "relations": 1,
            "stopped": {"reason": "budget", "message": "reached the limit of 40 calls"},
            "usage": Usage(calls=40, cached=3, retries=1, input_tokens=900, output_tokens=80),
        },
    )
    summary = result.summary
    assert "5 claims" in summary and "reached the limit of 40 calls" in summary
    assert "resumes" in summary and "40 calls (1 retries), 3 answered from the cache" in summary
    offline = JobResult(analysis={"claims": 5, "relations": 1, "stopped": None, "usage": None})
    assert "LLM" not in offline.summary and "stopped" not in offline.summary
