"""What one request costs and how often it is sent: retries, the call cache, the call limit.

The fakes here raise the errors the provider SDKs raise (an HTTP status with a Retry-After
header on the response), so the retry rules are checked without a server; the servers are
in tests/integration/test_llm_http.py.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from assistant.analysts import LLMClaims, LLMRelation
from assistant.llm.cache import CallCache
from assistant.llm.fake import ScriptedChatModel
from assistant.llm.retry import LLMUnavailable, retry_after, with_retries
from assistant.llm.settings import LLMSettings
from assistant.llm.structured import LLMCaller, LLMFailure
from assistant.llm.usage import BudgetExhausted, Meter

ANSWER = json.dumps({"type": "none", "rationale": "unrelated", "evidence": ""})


class HTTPError(Exception):
    """Shaped like the SDKs' status errors: a status code and the httpx response."""

    def __init__(self, status: int, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"scripted {status}")
        self.status_code = status
        self.response = httpx.Response(status, headers=headers or {})


def flaky(*errors: Exception):
    """A send function failing with `errors` in turn, then answering "ok"."""
    queue = list(errors)

    def send(attempt: int) -> str:
        if queue:
            raise queue.pop(0)
        return "ok"

    return send


def test_retry_after_in_seconds_in_milliseconds_and_as_a_date():
    assert retry_after(HTTPError(429, {"retry-after": "3"})) == 3.0
    assert retry_after(HTTPError(429, {"retry-after-ms": "1500"})) == 1.5
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= retry_after(HTTPError(503, {"retry-after": later})) <= 30
    assert retry_after(HTTPError(503)) is None


def test_rate_limits_and_server_errors_wait_as_told_or_double():
    waits: list[float] = []
    send = flaky(
        HTTPError(429, {"retry-after": "5"}), HTTPError(502), HTTPError(500), TimeoutError()
    )
    assert with_retries(send, retries=4, max_wait=60, sleep=waits.append) == "ok"
    assert waits == [5.0, 2.0, 4.0, 8.0]


def test_a_long_retry_after_is_capped_and_the_last_failure_gives_up():
    waits: list[float] = []
    send = flaky(HTTPError(429, {"retry-after": "3600"}), HTTPError(429), HTTPError(429))
    with pytest.raises(LLMUnavailable, match="kept failing after 3 attempts \\(HTTP 429"):
        with_retries(send, retries=2, max_wait=60, sleep=waits.append)
    assert waits == [60.0, 2.0]


@pytest.mark.parametrize("status", [400, 401, 403, 404])
def test_a_rejected_request_is_not_retried(status):
    waits: list[float] = []
    with pytest.raises(LLMUnavailable, match=f"refused the request \\(HTTP {status}"):
        with_retries(flaky(HTTPError(status)), retries=3, max_wait=60, sleep=waits.append)
    assert waits == []


def test_a_bug_is_not_dressed_up_as_a_server_error():
    with pytest.raises(KeyError):
        with_retries(flaky(KeyError("x")), retries=3, max_wait=60, sleep=lambda s: None)


def test_a_cached_answer_costs_no_call_and_a_different_question_does(tmp_path):
    cache = CallCache(tmp_path / "calls.sqlite")
    model = ScriptedChatModel(default=ANSWER)
    first = LLMCaller(model, "fake:a", cache=cache)
    first.ask("system", "user", LLMRelation)
    first.ask("system", "user", LLMRelation)
    assert len(model.calls) == 1
    assert first.meter.usage().calls == 1 and first.meter.usage().cached == 1
    reopened = CallCache(tmp_path / "calls.sqlite")
    again = LLMCaller(model, "fake:a", cache=reopened)
    again.ask("system", "user", LLMRelation)
    assert len(model.calls) == 1, "the cache outlives the process that filled it"
    LLMCaller(model, "fake:b", cache=reopened).ask("system", "user", LLMRelation)
    LLMCaller(model, "fake:a", cache=reopened).ask("system", "other user", LLMRelation)
    assert len(model.calls) == 3, "another model or another prompt is another question"


def test_an_answer_that_no_longer_fits_the_schema_is_asked_again(tmp_path):
    cache = CallCache(tmp_path / "calls.sqlite")
    model = ScriptedChatModel(default=json.dumps({"claims": []}))
    caller = LLMCaller(model, "fake:a", cache=cache)
    cache.put(caller.key("system", "user", LLMClaims), "fake:a", '{"old": 1}', 0, 0)
    assert caller.ask("system", "user", LLMClaims).claims == []
    assert len(model.calls) == 1


def test_invalid_replies_are_never_cached(tmp_path):
    cache = CallCache(tmp_path / "calls.sqlite")
    model = ScriptedChatModel(default="not json")
    with pytest.raises(LLMFailure):
        LLMCaller(model, "fake:a", cache=cache).ask("s", "u", LLMRelation, retries=0)
    assert len(cache) == 0


def test_usage_is_the_replies_own_metadata():
    model = ScriptedChatModel(default=ANSWER)
    caller = LLMCaller(model)
    caller.ask("system", "user", LLMRelation)
    usage = caller.meter.usage()
    prompt = model.calls[0]
    assert (usage.input_tokens, usage.output_tokens) == (len(prompt) // 4, len(ANSWER) // 4)


def test_the_call_limit_holds_across_threads():
    model = ScriptedChatModel(default=ANSWER)
    caller = LLMCaller(model, meter=Meter(max_calls=5), settings=LLMSettings(concurrency=3))
    stopped: list[BudgetExhausted] = []

    def ask(n: int) -> None:
        try:
            caller.ask("system", f"user {n}", LLMRelation)
        except BudgetExhausted as exc:
            stopped.append(exc)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(model.calls) == 5 and caller.meter.usage().calls == 5
    assert len(stopped) == 7 and "limit of 5 LLM calls" in str(stopped[0])


def test_requests_in_flight_are_bounded():
    inside, most = [0], [0]
    lock = threading.Lock()
    gate = threading.Event()

    def responder(prompt: str) -> str:
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        gate.wait(0.05)
        with lock:
            inside[0] -= 1
        return ANSWER

    caller = LLMCaller(ScriptedChatModel(responder=responder), settings=LLMSettings(concurrency=2))
    threads = [
        threading.Thread(target=caller.ask, args=("s", f"u{n}", LLMRelation)) for n in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 2


def test_a_spec_that_cannot_be_used_is_one_clear_error(monkeypatch):
    from assistant.llm.models import chat_model

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("CRUXMAP_LLM_BASE_URL", raising=False)
    with pytest.raises(
        ValueError, match="cannot use --llm openai:gpt-4.1-mini: Missing credentials"
    ):
        chat_model("openai:gpt-4.1-mini")
    with pytest.raises(ValueError, match="provider:model"):
        chat_model("gpt-4.1-mini")


def test_a_local_server_needs_no_key_and_gets_no_sdk_retries(monkeypatch):
    from assistant.llm.models import provider_kwargs

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    local = provider_kwargs("openai", LLMSettings(base_url="http://127.0.0.1:8000/v1", timeout=9))
    assert local["api_key"] == "not-needed" and local["use_responses_api"] is False
    assert (local["timeout"], local["max_retries"]) == (9, 0)
    ollama = provider_kwargs("ollama", LLMSettings(timeout=9))
    assert ollama["client_kwargs"] == {"timeout": 9} and "max_retries" not in ollama
