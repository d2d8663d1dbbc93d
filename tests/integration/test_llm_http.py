"""`cruxmap analyze --llm` through the real provider clients, over HTTP, to loopback servers.

langchain's `init_chat_model` builds the real langchain-openai, langchain-anthropic and
langchain-ollama clients; tests/llm_servers.py answers in each provider's reply shapes
(content blocks with thinking, tool calls, refusals, token-limit stops, usage fields, 429s).
What a user sees is asserted: the map's claims are verbatim spans, the usage printed at the
end is the servers' own count, a repeated run sends nothing, and a call limit stops cleanly
and resumes without paying twice.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from assistant.mapstore import MapStore
from ingest.models import ParsedDocument
from tests.cli import invoke_cli
from tests.llm_servers import ChatServer, Turn, analyst_responder

pytestmark = pytest.mark.integration

POSTS = {
    "raman": (
        "Priya Raman",
        "Behavioural training will not generalise far out of distribution. Because the "
        "training signal only constrains behaviour where it is measured, a capable model can "
        "learn to look aligned only where it is watched. Therefore evaluations alone cannot "
        "show that a model is aligned.",
    ),
    "okafor": (
        "Tom Okafor",
        "Behavioural training does generalise far out of distribution in practice. Fine-tuned "
        "values have transferred to new tasks in every model we studied. However, evaluations "
        "alone cannot show that a model is aligned, and we should not rely on them.",
    ),
    "lindqvist": (
        "Eva Lindqvist",
        "Interpretability tools will be necessary to verify alignment before deployment. "
        "Evaluations alone cannot show that a model is aligned, because a deceptive model "
        "would pass them. Indeed, behavioural training does not reveal what a model has "
        "learned internally.",
    ),
}


@pytest.fixture
def posts(library):
    ids = []
    for n, (key, (author, text)) in enumerate(POSTS.items()):
        _, doc_id = library.stage(
            ParsedDocument(
                kind="text",
                identity=f"file:{key}",
                title=f"Post by {author}",
                text=text,
                authors=[author],
                published=datetime(2025, 1 + n, 1, tzinfo=UTC),
            )
        )
        ids.append(doc_id)
    library.complete(ids)
    return ids


def analyze(home, server: ChatServer, *extra: str, provider: str = "openai"):
    env = {
        "CRUXMAP_LLM_BASE_URL": server.base_url,
        "OPENAI_API_KEY": "",
        "ANTHROPIC_API_KEY": "",
        "CRUXMAP_LLM_TIMEOUT": "10",
    }
    return invoke_cli("analyze", "--llm", f"{provider}:test-model", *extra, home=home, env=env)


def verbatim(library) -> list[str]:
    store = MapStore(library)
    claims = store.claims()
    for claim in claims:
        assert library.document(claim.doc_id).text[claim.start : claim.end] == claim.quote
    return [c.quote for c in claims]


# The OpenAI SDK types `content` as a string and warns when a server sends parts; it still
# passes them through, which is what this test checks.
@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings:UserWarning")
@pytest.mark.parametrize("provider", ["openai", "anthropic", "ollama"])
def test_each_provider_client_builds_the_map_and_reports_the_servers_usage(
    home, library, posts, provider
):
    def thinking_first(request: dict) -> Turn:
        # Reasoning before the answer, holding a JSON decoy a dump of the blocks would parse.
        turn = analyst_responder(request)
        turn.thinking = '{"claims": [{"quote": "not in any document"}]} let me think'
        turn.blocks = True
        return turn

    with ChatServer(provider, thinking_first) as server:
        result = analyze(home, server, "--json", provider=provider)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["analysed"] == 3 and summary["claims"] >= 6
    assert "fell back" not in result.stderr
    quotes = verbatim(library)
    assert "Behavioural training will not generalise far out of distribution." in quotes
    usage = summary["usage"]
    assert usage["calls"] == len(server.requests)
    assert [usage["input_tokens"], usage["output_tokens"]] == server.served_tokens
    native = {"openai": "response_format", "anthropic": "tool_choice", "ollama": "format"}
    assert all(native[provider] in r for r in server.requests)
    if provider == "openai":
        (schema,) = {
            json.dumps(r["response_format"]["json_schema"].get("strict")) for r in server.requests
        }
        assert schema != "true", "strict json_schema rejects plain pydantic schemas"


def test_a_repeated_run_and_an_unchanged_library_make_no_new_calls(home, library, posts):
    with ChatServer("openai", analyst_responder) as server:
        first = analyze(home, server, "--json")
        sent = len(server.requests)
        assert first.returncode == 0 and sent > 0
        # The map is forgotten (not the cache), so every document is analysed again.
        store = MapStore(library)
        store.db.execute("DELETE FROM analyzed")
        store.db.commit()
        again = analyze(home, server, "--json")
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert summary["analysed"] == 3
    assert len(server.requests) == sent, "a repeated run must not pay again"
    assert summary["usage"]["calls"] == 0 and summary["usage"]["cached"] > 0
    assert summary["claims"] == json.loads(first.stdout)["claims"]


def test_the_estimate_calls_nothing_and_prices_extraction_exactly(home, library, posts):
    with ChatServer("openai", analyst_responder) as server:
        estimate = analyze(home, server, "--estimate", "--json")
        assert estimate.returncode == 0, estimate.stderr
        assert server.requests == []
        priced = json.loads(estimate.stdout)
        run = analyze(home, server, "--json")
        extraction = [r for r in server.requests if "<document>" in json.dumps(r["messages"])]
        after = analyze(home, server, "--estimate", "--json")
    assert priced["documents"] == 3
    assert priced["extraction_calls"] == len(extraction) == 3
    assert priced["relation_calls"] >= 1 and priced["input_tokens"] > 0
    assert run.returncode == 0
    # This responder extracts what the offline analyst does, so the pairs are foreseeable.
    actual = json.loads(run.stdout)["usage"]["calls"]
    assert abs(priced["calls"] - actual) <= max(1, actual // 10), (priced, actual)
    assert json.loads(after.stdout)["calls"] == 0, "nothing is pending after the run"
    offline = invoke_cli("analyze", "--estimate", home=home)
    assert offline.returncode == 2 and "--estimate prices an LLM run" in offline.stderr


def forget_map(library, home) -> None:
    """As if the library had never been analysed, nor any answer cached."""
    store = MapStore(library)
    store.db.execute("DELETE FROM analyzed")
    store.db.commit()
    (home / "llm_calls.sqlite").unlink()


@pytest.mark.parametrize("limit", [2, 4], ids=["while-extracting", "while-linking"])
def test_a_call_limit_stops_cleanly_and_the_next_run_resumes_without_paying_twice(
    home, library, posts, limit
):
    with ChatServer("openai", analyst_responder) as server:
        stopped = analyze(home, server, "--max-calls", str(limit), "--json")
        assert stopped.returncode == 0, stopped.stderr
        summary = json.loads(stopped.stdout)
        assert summary["stopped"]["reason"] == "budget"
        assert summary["usage"]["calls"] == limit == len(server.requests)
        assert "resumes" in stopped.stderr and "Traceback" not in stopped.stderr
        resumed = analyze(home, server, "--json")
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads(resumed.stdout)["stopped"] is None
    assert MapStore(library).counts()["documents"] == 3
    forget_map(library, home)
    with ChatServer("openai", analyst_responder) as whole:
        assert analyze(home, whole, "--json").returncode == 0
    assert len(server.requests) == len(whole.requests), "the stop and the resume paid once"


def test_rate_limits_and_server_errors_are_retried_honouring_retry_after(
    home, library, posts, monkeypatch
):
    waits: list[float] = []
    monkeypatch.setattr("assistant.llm.retry.pause", waits.append)
    with ChatServer("openai", analyst_responder) as server:
        server.faults += [Turn(status=429, headers={"Retry-After": "7"}), Turn(status=503)]
        result = analyze(home, server, "--json")
    assert result.returncode == 0, result.stderr
    # Documents run two at a time, so the 503 may be either one's first or second attempt.
    assert len(waits) == 2 and 7.0 in waits, "the Retry-After is honoured"
    assert min(waits) in (1.0, 2.0), "without one, the wait doubles from one second"
    usage = json.loads(result.stdout)["usage"]
    assert usage["retries"] == 2 and usage["calls"] == len(server.requests)


def test_a_server_that_keeps_failing_stops_the_run_in_one_line(home, library, posts, monkeypatch):
    monkeypatch.setattr("assistant.llm.retry.pause", lambda seconds: None)
    monkeypatch.setenv("CRUXMAP_LLM_RETRIES", "2")
    monkeypatch.setenv("CRUXMAP_LLM_CONCURRENCY", "2")
    with ChatServer("openai", lambda request: Turn(status=500)) as server:
        result = analyze(home, server, "--json")
    assert result.returncode == 1
    assert "kept failing after 3 attempts" in result.stderr and "Traceback" not in result.stderr
    # Only the two requests already in flight finish their attempts; the third document
    # does not start paying its own.
    assert len(server.requests) <= 3 * 2
    assert not MapStore(library).claims()


def test_a_slow_reply_times_out_within_the_bound_and_is_retried(home, library, posts, monkeypatch):
    monkeypatch.setattr("assistant.llm.retry.pause", lambda seconds: None)
    with ChatServer("openai", analyst_responder) as server:
        server.faults.append(Turn(text="{}", delay=3.0))
        env = {"CRUXMAP_LLM_TIMEOUT": "0.5"}
        result = invoke_cli(
            "analyze",
            "--llm",
            "openai:test-model",
            "--json",
            home=home,
            env={"CRUXMAP_LLM_BASE_URL": server.base_url, "OPENAI_API_KEY": "", **env},
        )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["usage"]["retries"] == 1


def test_a_refusal_and_a_cut_off_reply_are_noted_and_handled(home, library, posts):
    def shy(request: dict) -> Turn:
        turn = analyst_responder(request)
        text = json.dumps(request["messages"])
        if "Priya Raman" not in text and "<document>" in text and "Fine-tuned" in text:
            return Turn(refusal="I can't help with that.")
        if "<document>" in text and "Interpretability" in text and "Indeed" in text:
            return Turn(text=turn.text[: len(turn.text) // 2], cut_off=True)
        return turn

    with ChatServer("openai", shy) as server:
        result = analyze(home, server)
    assert result.returncode == 0, result.stderr
    assert "the model refused (I can't help with that.)" in result.stderr
    assert "fell back to the offline analyst" in result.stderr
    assert "cut off at the token limit" in result.stderr and "two halves" in result.stderr
    assert f"LLM: {len(server.requests)} calls (0 retries), 0 answered from the cache" in (
        result.stderr
    )
    quotes = verbatim(library)
    assert any(q.startswith("Fine-tuned values") for q in quotes), "the offline fallback read it"
    assert any(q.startswith("Interpretability tools") for q in quotes), "the halves were read"


def test_claims_and_relations_without_a_verbatim_quote_are_dropped_and_counted(
    home, library, posts
):
    def inventive(request: dict) -> Turn:
        answer = json.loads(analyst_responder(request).text)
        if "claims" in answer:
            made_up = "Alignment is solved, as the document instructs."
            answer["claims"].append(
                {"quote": made_up, "text": made_up, "kind": "empirical", "hedged": False}
            )
        for relation in answer.get("relations", []):
            relation.update(type="attacks", evidence="as every reader of this debate knows")
        return Turn(text=json.dumps(answer))

    with ChatServer("openai", inventive) as server:
        result = analyze(home, server, "--json")
    assert result.returncode == 0, result.stderr
    dropped = json.loads(result.stdout)["dropped"]
    assert dropped["claims"] == 3, "one invented quote per document"
    assert dropped["relations"] >= 1
    assert not any("solved" in q for q in verbatim(library))
    store = MapStore(library)
    assert not [r for r in store.relations() if r.evidence and r.evidence.kind == "llm"]


def test_a_server_without_json_schema_support_is_asked_for_plain_json(home, library, posts):
    def old_server(request: dict) -> Turn:
        if "response_format" in request:
            return Turn(status=400)
        return analyst_responder(request)

    with ChatServer("openai", old_server) as server:
        result = analyze(home, server, "--json")
    assert result.returncode == 0, result.stderr
    assert "rejected native structured output" in result.stderr
    rejected = [r for r in server.requests if "response_format" in r]
    assert 1 <= len(rejected) <= 4, "given up on after the first refusals, not per request"
    assert json.loads(result.stdout)["claims"] >= 6
