"""A scripted chat model: returns prepared replies, chosen by what the prompt contains.

langchain's stock fakes raise on structured output; this one just returns text, which is all
the LLM path needs (it parses and validates JSON itself). Rules are tried in order: the first
whose `when` substring occurs in the prompt answers; a rule with `times` is used that many
times. `default` answers anything else. A `responder` may return a whole `AIMessage` (content
blocks, response metadata), to script the reply shapes real providers send. Every reply
carries usage metadata (about four characters a token), as real providers' replies do.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field


class ScriptedChatModel(BaseChatModel):
    rules: list[dict[str, Any]] = Field(default_factory=list)
    default: str = "{}"
    responder: Callable[[str], str | AIMessage] | None = None
    calls: list[str] = Field(default_factory=list)

    @classmethod
    def from_file(cls, path: str) -> ScriptedChatModel:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(rules=data.get("rules", []), default=data.get("default", "{}"))

    @property
    def _llm_type(self) -> str:
        return "scripted-fake"

    def _reply(self, prompt: str) -> str | AIMessage:
        if self.responder is not None:
            return self.responder(prompt)
        for rule in self.rules:
            if rule.get("when", "") in prompt and rule.get("times", 1) != 0:
                if "times" in rule:
                    rule["times"] -= 1
                reply = rule["reply"]
                return reply if isinstance(reply, str) else json.dumps(reply)
        return self.default

    def _generate(
        self, messages: list[BaseMessage], stop=None, run_manager=None, **kwargs
    ) -> ChatResult:
        prompt = "\n".join(str(m.content) for m in messages)
        self.calls.append(prompt)
        reply = self._reply(prompt)
        message = reply if isinstance(reply, AIMessage) else AIMessage(content=reply)
        if message.usage_metadata is None:
            given, said = len(prompt) // 4, len(message.text) // 4
            message = message.model_copy(
                update={
                    "usage_metadata": {
                        "input_tokens": given,
                        "output_tokens": said,
                        "total_tokens": given + said,
                    }
                }
            )
        return ChatResult(generations=[ChatGeneration(message=message)])
