"""How the LLM path talks to a model: timeouts, retries, requests in flight, batch size, budget.

Read from CRUXMAP_LLM_* environment variables, apart from the workspace settings (which the
LLM path does not own), so a user tunes them the same way as the rest of cruxmap.
"""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class LLMSettings(BaseSettings):
    """`timeout`: seconds one request may take before it is abandoned (and retried);
    `retries`: how many times a rate-limited, failed or timed-out request is sent again;
    `max_wait`: the longest back-off (or Retry-After) honoured between two attempts;
    `concurrency`: requests in flight at once; `batch`: candidate pairs typed per request;
    `max_calls`: stop a run after this many requests (None: no limit); `max_tokens`: the
    reply budget asked of providers that need one (Anthropic)."""

    model_config = SettingsConfigDict(env_prefix="CRUXMAP_LLM_", extra="ignore")

    base_url: str | None = None
    timeout: float = 120.0
    retries: int = 4
    max_wait: float = 60.0
    concurrency: int = 4
    batch: int = 10
    max_calls: int | None = None
    max_tokens: int = 4096
