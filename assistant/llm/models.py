"""Choosing a chat model from a spec string, the same way for real providers and fakes.

`provider:model` goes to langchain's `init_chat_model` (openai, anthropic, ollama, ...);
`CRUXMAP_LLM_BASE_URL` points the openai provider at any OpenAI-compatible server. The
`fake:FILE` provider loads a scripted model from a JSON file, so tests and demos exercise the
exact code path a real model takes.
"""

from __future__ import annotations

import os

from langchain_core.language_models import BaseChatModel


def chat_model(spec: str) -> BaseChatModel:
    provider, _, name = spec.partition(":")
    if not name:
        raise ValueError(f"--llm wants provider:model (e.g. openai:gpt-4.1-mini), got {spec!r}")
    if provider == "fake":
        from assistant.llm.fake import ScriptedChatModel

        return ScriptedChatModel.from_file(name)
    from langchain.chat_models import init_chat_model

    kwargs: dict = {"temperature": 0}
    base_url = os.environ.get("CRUXMAP_LLM_BASE_URL")
    if base_url:
        kwargs["base_url"] = base_url
    try:
        return init_chat_model(f"{provider}:{name}", **kwargs)
    except ImportError as exc:
        raise ValueError(
            f"the {provider} provider is not installed: pip install 'cruxmap[llm]' ({exc})"
        ) from exc
