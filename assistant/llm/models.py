"""Choosing a chat model from a spec string, the same way for real providers and fakes.

`provider:model` goes to langchain's `init_chat_model` (openai, anthropic, ollama, ...);
`CRUXMAP_LLM_BASE_URL` points the provider at another server (any OpenAI-compatible one for
`openai:`). The SDKs' own retries are switched off (cruxmap retries every provider the same
way, see assistant/llm/retry.py) and every request has a timeout. The `fake:FILE` provider
loads a scripted model from a JSON file, so tests and demos exercise the exact code path a
real model takes.
"""

from __future__ import annotations

import os
from typing import Any

from langchain_core.language_models import BaseChatModel

from assistant.llm.settings import LLMSettings

#: The environment variable each provider's SDK reads its key from.
_KEY_ENV = {"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY"}


def provider_kwargs(provider: str, settings: LLMSettings) -> dict[str, Any]:
    """What `init_chat_model` is given for `provider`: temperature 0, a timeout, no SDK
    retries, the base URL, and a placeholder key for a local server that needs none."""
    kwargs: dict[str, Any] = {"temperature": 0}
    base_url = settings.base_url
    if provider == "ollama":
        kwargs["client_kwargs"] = {"timeout": settings.timeout}
    else:
        kwargs["timeout"] = settings.timeout
        kwargs["max_retries"] = 0
    if provider == "anthropic":
        kwargs["max_tokens"] = settings.max_tokens
    if base_url:
        kwargs["base_url"] = base_url
        if provider == "openai":
            # OpenAI-compatible servers speak chat completions, not the Responses API.
            kwargs["use_responses_api"] = False
        key_env = _KEY_ENV.get(provider)
        if key_env and not os.environ.get(key_env):
            kwargs["api_key"] = "not-needed"
    return kwargs


def identity(spec: str, settings: LLMSettings | None = None) -> str:
    """The model as the call cache knows it: the spec and the server it is asked on."""
    base_url = (settings or LLMSettings()).base_url
    return f"{spec}@{base_url}" if base_url else spec


def chat_model(spec: str, settings: LLMSettings | None = None) -> BaseChatModel:
    settings = settings or LLMSettings()
    provider, _, name = spec.partition(":")
    if not name:
        raise ValueError(f"--llm wants provider:model (e.g. openai:gpt-4.1-mini), got {spec!r}")
    if provider == "fake":
        from assistant.llm.fake import ScriptedChatModel

        return ScriptedChatModel.from_file(name)
    from langchain.chat_models import init_chat_model

    try:
        return init_chat_model(f"{provider}:{name}", **provider_kwargs(provider, settings))
    except ImportError as exc:
        raise ValueError(
            f"the {provider} provider is not installed: pip install 'cruxmap[llm]' ({exc})"
        ) from exc
    except Exception as exc:  # a missing key, an unknown provider: the spec cannot be used
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ValueError(f"cannot use --llm {spec}: {first}") from exc
