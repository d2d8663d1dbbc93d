"""Reading a chat model's reply the same way whatever the provider sent.

Providers answer in different shapes: a string (OpenAI chat completions, Ollama), a list of
content blocks with thinking blocks before the text (Anthropic, reasoning models), a tool
call carrying the arguments (Anthropic's native structured output). langchain's own accessor
(`AIMessage.text`) joins the text blocks and skips reasoning, so the answer is never mixed
with the model's scratchpad. A refusal or a reply cut off at the token limit is named here,
because its text is not an answer and must not be parsed as one.
"""

from __future__ import annotations

import json
from typing import Literal

from langchain_core.messages import AIMessage, BaseMessage

Stop = Literal["refused", "cut_off"]

#: How each provider says the reply ran out of tokens (finish_reason, stop_reason, done_reason).
_CUT_OFF = {("finish_reason", "length"), ("stop_reason", "max_tokens"), ("done_reason", "length")}


def reply_text(message: BaseMessage) -> str:
    """The answer a reply carries: its tool call's arguments as JSON, else its text blocks."""
    if isinstance(message, AIMessage) and message.tool_calls:
        return json.dumps(message.tool_calls[0]["args"], ensure_ascii=False)
    return message.text


def stop_problem(message: BaseMessage) -> tuple[Stop, str] | None:
    """("refused", why) or ("cut_off", why) when the reply is not a whole answer, else None."""
    meta = message.response_metadata or {}
    refusal = message.additional_kwargs.get("refusal")
    if not refusal and isinstance(message.content, list):
        refusal = next(
            (
                str(block.get("refusal", ""))
                for block in message.content
                if isinstance(block, dict) and block.get("type") == "refusal"
            ),
            None,
        )
    if (
        refusal
        or meta.get("stop_reason") == "refusal"
        or meta.get("finish_reason") == ("content_filter")
    ):
        said = " ".join(str(refusal or message.text or "").split())[:120]
        return "refused", f"the model refused ({said or 'no reason given'})"
    for key, value in _CUT_OFF:
        if meta.get(key) == value:
            return "cut_off", f"the reply was cut off at the token limit ({key} {value})"
    return None


def stop_in_error(exc: BaseException) -> tuple[Stop, str] | None:
    """The same verdicts when the client raised them instead of returning the reply (the
    OpenAI SDK does so for a cut-off or filtered reply to a json_schema request; langchain
    raises `ModelRefusalError` on some structured-output paths)."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    if "LengthFinishReasonError" in names:
        return "cut_off", "the reply was cut off at the token limit (finish_reason length)"
    if names & {"ContentFilterFinishReasonError", "ModelRefusalError"}:
        said = " ".join(str(exc).split())[:120]
        return "refused", f"the model refused ({said or 'no reason given'})"
    return None


def error_tokens(exc: BaseException) -> tuple[int, int]:
    """Tokens a cut-off reply spent, when the raised error carries its completion."""
    usage = getattr(getattr(exc, "completion", None), "usage", None)
    given = getattr(usage, "prompt_tokens", 0) or 0
    said = getattr(usage, "completion_tokens", 0) or 0
    return int(given), int(said)


def tokens(message: BaseMessage) -> tuple[int, int]:
    """(input, output) tokens the provider reported for this reply; (0, 0) if it said none."""
    usage = getattr(message, "usage_metadata", None) or {}
    return int(usage.get("input_tokens", 0) or 0), int(usage.get("output_tokens", 0) or 0)
