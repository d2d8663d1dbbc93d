"""Asking a chat model for JSON that validates against a pydantic schema, and paying once.

Where the provider has native structured output (OpenAI's json_schema response format,
Anthropic's forced tool call, Ollama's `format`), it is used with the plain schema (no
`strict`: OpenAI's strict mode rejects fields with defaults or bounds, see DESIGN.md), and the
reply is still parsed and validated here: the validating parser is the one rule every
provider meets, and its error is fed back to the model on a retry. A server that rejects the
native request (an OpenAI-compatible server without json_schema, say) is asked again without
it, for the rest of the run.

A refusal or a reply cut off at the token limit is not retried as is (at temperature 0 it
would come back the same): it raises `Refused` / `CutOff`, and the caller decides what the
user sees (the offline analyst for that piece, or a smaller piece).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, ValidationError

from assistant.llm.cache import CallCache, call_key
from assistant.llm.replies import error_tokens, reply_text, stop_in_error, stop_problem, tokens
from assistant.llm.retry import LLMUnavailable, status_of, with_retries
from assistant.llm.settings import LLMSettings
from assistant.llm.usage import Meter

T = TypeVar("T", bound=BaseModel)
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


class LLMFailure(Exception):
    """The model did not produce valid output after all retries."""


class Refused(LLMFailure):
    """The model declined to answer."""


class CutOff(LLMFailure):
    """The reply stopped at the token limit, so its JSON is incomplete."""


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


def schema_prompt(system: str, schema: type[BaseModel]) -> str:
    """The system text with the reply's JSON schema appended (what every request sends)."""
    shape = json.dumps(schema.model_json_schema(), ensure_ascii=False)
    return (
        f"{system}\n\nReply with one JSON object matching this JSON schema, and nothing else:\n"
        f"{shape}"
    )


def native(model: BaseChatModel, schema: type[BaseModel]) -> Any | None:
    """`model` bound to its provider's native structured output for `schema`, or None."""
    plain = schema.model_json_schema()
    kind = type(model).__name__
    if kind in ("ChatOpenAI", "AzureChatOpenAI"):
        rf = {"type": "json_schema", "json_schema": {"name": schema.__name__, "schema": plain}}
        return model.bind(response_format=rf)
    if kind == "ChatAnthropic":
        tool = {"name": schema.__name__, "description": "The answer.", "input_schema": plain}
        return model.bind_tools([tool], tool_choice=schema.__name__)
    if kind == "ChatOllama":
        return model.bind(format=plain)
    return None


class LLMCaller:
    """One model, asked for validated JSON: cached, metered, retried, bounded in flight.

    `identity` names the model in the cache key (spec and server), so two models never share
    answers. The caller is shared by every thread of a run; `slots` bounds how many requests
    are in flight at once.
    """

    def __init__(
        self,
        model: BaseChatModel,
        identity: str = "",
        settings: LLMSettings | None = None,
        cache: CallCache | None = None,
        meter: Meter | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.model = model
        self.identity = identity
        self.settings = settings or LLMSettings()
        self.cache = cache
        self.meter = meter or Meter()
        self.sleep = sleep
        self.use_native = True
        self.notes: list[str] = []
        #: Set once the server is given up on: the run's other threads stop at once instead
        #: of each paying its own retries.
        self.down: LLMUnavailable | None = None
        self._slots = threading.BoundedSemaphore(max(1, self.settings.concurrency))

    def begin(self, cache: CallCache | None, meter: Meter) -> None:
        """Start a run: its cache and meter, and the server given another chance."""
        self.cache, self.meter, self.down = cache, meter, None

    def key(self, system: str, user: str, schema: type[BaseModel]) -> str:
        """The cache key of this question (what `--estimate` looks up)."""
        return call_key(self.identity, _messages(system, user, schema), schema.model_json_schema())

    def recall(self, key: str, schema: type[T]) -> T | None:
        """The cached answer under `key` (counted as a cache hit), or None."""
        cached = self.cache.get(key) if self.cache is not None else None
        if cached is None:
            return None
        try:
            answer = schema.model_validate_json(cached)
        except ValidationError:
            return None  # written by an older schema: ask again
        self.meter.hit()
        return answer

    def remember(self, key: str, answer: BaseModel) -> None:
        """Cache a validated answer under `key` (a part of a larger reply, say)."""
        if self.cache is not None:
            self.cache.put(key, self.identity, answer.model_dump_json(), 0, 0)

    def ask(self, system: str, user: str, schema: type[T], retries: int = 2) -> T:
        messages = _messages(system, user, schema)
        key = call_key(self.identity, messages, schema.model_json_schema())
        known = self.recall(key, schema)
        if known is not None:
            return known
        problem = ""
        for _ in range(retries + 1):
            reply = self._send(messages, schema)
            stop = stop_problem(reply)
            if stop is not None:
                kind, why = stop
                raise (Refused if kind == "refused" else CutOff)(why)
            text = reply_text(reply)
            try:
                answer = schema.model_validate_json(extract_json(text))
            except (ValueError, ValidationError) as exc:
                problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                messages = messages + [
                    AIMessage(content=text),
                    HumanMessage(
                        content=f"That reply was invalid: {problem}. Reply again with only valid JSON for the schema."
                    ),
                ]
                continue
            if self.cache is not None:
                self.cache.put(key, self.identity, answer.model_dump_json(), *tokens(reply))
            return answer
        raise LLMFailure(f"no valid reply after {retries + 1} attempts: {problem}")

    def _send(self, messages: list[BaseMessage], schema: type[BaseModel]) -> BaseMessage:
        bound = native(self.model, schema) if self.use_native else None
        runnable = bound if bound is not None else self.model

        def send(attempt: int) -> BaseMessage:
            self.meter.reserve(retry=attempt > 0)
            with self._slots:
                try:
                    return runnable.invoke(messages)
                except Exception as exc:
                    stop = stop_in_error(exc)
                    if stop is None:
                        raise
                    self.meter.record(*error_tokens(exc))
                    kind, why = stop
                    raise (Refused if kind == "refused" else CutOff)(why) from exc

        if self.down is not None:
            raise LLMUnavailable(str(self.down))
        try:
            reply = with_retries(send, self.settings.retries, self.settings.max_wait, self.sleep)
        except LLMUnavailable as exc:
            if bound is not None and status_of(exc.__cause__ or exc) in (400, 422):
                self.use_native = False
                self.notes.append(
                    f"the server rejected native structured output ({exc}); asking for plain JSON"
                )
                return self._send(messages, schema)
            self.down = exc
            raise
        self.meter.record(*tokens(reply))
        return reply


def _messages(system: str, user: str, schema: type[BaseModel]) -> list[BaseMessage]:
    return [SystemMessage(content=schema_prompt(system, schema)), HumanMessage(content=user)]


def ask_json(model: BaseChatModel, system: str, user: str, schema: type[T], retries: int = 2) -> T:
    """One question to `model`, uncached (answers and steelmen: one call per request)."""
    return LLMCaller(model).ask(system, user, schema, retries)
