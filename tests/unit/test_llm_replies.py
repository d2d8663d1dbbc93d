"""Every reply shape a provider sends is read as its answer, or named as not being one.

Scripted fakes return the shapes themselves: content-block lists with thinking before the
text (Anthropic, reasoning models), a tool call (Anthropic's native structured output), a
refusal (OpenAI's `refusal` field, Anthropic's stop_reason), and replies stopped at the token
limit (each provider's own words for it).
"""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import AIMessage

from assistant.analysts import LLMAnalyst, LLMClaims
from assistant.llm.fake import ScriptedChatModel
from assistant.llm.structured import CutOff, LLMCaller, LLMFailure, Refused

QUOTE = "Behavioural training will not generalise far out of distribution."
ANSWER = {"claims": [{"quote": QUOTE, "text": QUOTE, "kind": "prediction", "hedged": False}]}
#: A scratchpad holding JSON of the right shape but the wrong content: a dump of the blocks
#: (the old behaviour) would parse the first object it met.
DECOY = json.dumps(
    {"claims": [{"quote": "decoy", "text": "decoy", "kind": "empirical", "hedged": True}]}
)


def caller(*replies: AIMessage | str) -> tuple[LLMCaller, ScriptedChatModel]:
    queue = list(replies)
    model = ScriptedChatModel(responder=lambda prompt: queue.pop(0) if len(queue) > 1 else queue[0])
    return LLMCaller(model), model


@pytest.mark.parametrize(
    "content",
    [
        [
            {"type": "thinking", "thinking": f"Maybe {DECOY}", "signature": "c2ln"},
            {"type": "text", "text": json.dumps(ANSWER)},
        ],
        [
            {"type": "reasoning", "reasoning": DECOY},
            {"type": "text", "text": "Here it is:\n```json\n" + json.dumps(ANSWER) + "\n```"},
        ],
        [
            {"type": "text", "text": json.dumps(ANSWER)[:20]},
            {"type": "text", "text": json.dumps(ANSWER)[20:]},
        ],
    ],
    ids=["thinking-then-text", "reasoning-then-fenced-text", "text-in-two-blocks"],
)
def test_content_blocks_are_read_as_their_text_and_reasoning_is_ignored(content):
    ask, model = caller(AIMessage(content=content))
    reply = ask.ask("system", "user", LLMClaims)
    assert [c.quote for c in reply.claims] == [QUOTE]
    assert len(model.calls) == 1, "read right the first time, no retry"


def test_a_tool_call_is_read_as_its_arguments():
    call = {"name": "LLMClaims", "args": ANSWER, "id": "toolu_1", "type": "tool_call"}
    ask, _ = caller(AIMessage(content=[{"type": "thinking", "thinking": DECOY}], tool_calls=[call]))
    assert ask.ask("system", "user", LLMClaims).claims[0].quote == QUOTE


@pytest.mark.parametrize(
    "reply",
    [
        AIMessage(content="", additional_kwargs={"refusal": "I can't help with that."}),
        AIMessage(content=[{"type": "refusal", "refusal": "I can't help with that."}]),
        AIMessage(content="I can't help with that.", response_metadata={"stop_reason": "refusal"}),
    ],
    ids=["openai-refusal-field", "refusal-block", "anthropic-stop-reason"],
)
def test_a_refusal_is_named_not_parsed_and_not_retried(reply):
    ask, model = caller(reply)
    with pytest.raises(Refused, match="refused \\(I can't help with that.\\)"):
        ask.ask("system", "user", LLMClaims)
    assert len(model.calls) == 1


@pytest.mark.parametrize(
    "meta",
    [{"finish_reason": "length"}, {"stop_reason": "max_tokens"}, {"done_reason": "length"}],
    ids=["openai", "anthropic", "ollama"],
)
def test_a_reply_cut_off_at_the_token_limit_is_named(meta):
    ask, model = caller(AIMessage(content=json.dumps(ANSWER)[:40], response_metadata=meta))
    with pytest.raises(CutOff, match="cut off at the token limit"):
        ask.ask("system", "user", LLMClaims)
    assert len(model.calls) == 1, "the same request would be cut off the same way"


def test_invalid_json_is_retried_with_the_error_then_given_up():
    ask, model = caller('{"claims": [{"quote": 1}]}', json.dumps(ANSWER))
    assert ask.ask("system", "user", LLMClaims).claims[0].quote == QUOTE
    assert "That reply was invalid" in model.calls[1]
    broken, _ = caller("not json")
    with pytest.raises(LLMFailure, match="no valid reply after 2 attempts"):
        broken.ask("system", "user", LLMClaims, retries=1)


def test_a_refused_window_falls_back_offline_and_a_cut_off_one_is_halved():
    text = (
        "Behavioural training will not generalise far out of distribution. "
        "Therefore evaluations alone cannot show that a model is aligned."
    )
    seen: list[str] = []

    def responder(prompt: str) -> AIMessage:
        window = prompt.split("<document>\n", 1)[1].split("\n</document>", 1)[0]
        seen.append(window)
        if window == text:
            return AIMessage(content='{"claims": [', response_metadata={"finish_reason": "length"})
        if window.startswith("Therefore"):
            return AIMessage(content="", additional_kwargs={"refusal": "no"})
        one = {"quote": window, "text": window, "kind": "prediction", "hedged": False}
        return AIMessage(content=json.dumps({"claims": [one]}))

    analyst = LLMAnalyst(ScriptedChatModel(responder=responder), "fake:test")
    extracted = analyst.extract_claims(text)
    assert seen[0] == text and len(seen) == 3, "the whole window, then each half"
    assert [text[d.start : d.end] for d in extracted.drafts] == [d.quote for d in extracted.drafts]
    assert {d.quote for d in extracted.drafts} >= {
        "Behavioural training will not generalise far out of distribution."
    }
    assert any("asked again in two halves" in n for n in extracted.notes)
    assert any("refused" in n and "fell back to the offline analyst" in n for n in extracted.notes)
