"""Asking a chat model for JSON that validates against a pydantic schema, with retries.

We parse and validate ourselves instead of relying on provider-specific structured output:
it behaves the same on OpenAI, Anthropic, Ollama and OpenAI-compatible servers, and the
validation error can be fed back to the model on a retry.
"""

from __future__ import annotations

import json
import re
from typing import TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, ValidationError

T = TypeVar("T", bound=BaseModel)
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


class LLMFailure(Exception):
    """The model did not produce valid output after all retries."""


def extract_json(text: str) -> str:
    """The JSON object in a reply, tolerating code fences and chatter around it."""
    fenced = _FENCE.search(text)
    if fenced:
        text = fenced.group(1)
    start = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=-1)
    if start < 0:
        raise ValueError("no JSON object in the reply")
    end = max(text.rfind("}"), text.rfind("]"))
    return text[start : end + 1]


def ask_json(model: BaseChatModel, system: str, user: str, schema: type[T], retries: int = 2) -> T:
    shape = json.dumps(schema.model_json_schema(), ensure_ascii=False)
    messages = [
        SystemMessage(
            content=f"{system}\n\nReply with one JSON object matching this JSON schema, and nothing else:\n{shape}"
        ),
        HumanMessage(content=user),
    ]
    problem = ""
    for _ in range(retries + 1):
        reply = model.invoke(messages)
        content = reply.content if isinstance(reply.content, str) else json.dumps(reply.content)
        try:
            return schema.model_validate_json(extract_json(content))
        except (ValueError, ValidationError) as exc:
            problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            messages += [
                AIMessage(content=content),
                HumanMessage(
                    content=f"That reply was invalid: {problem}. Reply again with only valid JSON for the schema."
                ),
            ]
    raise LLMFailure(f"no valid reply after {retries + 1} attempts: {problem}")
