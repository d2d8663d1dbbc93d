"""What a run spent on a model: requests, cache hits, tokens; and the limit it may not pass.

Tokens come from the replies' own usage metadata (langchain's `usage_metadata`), so the
figures are the provider's, not a guess. A `Meter` is shared by every thread of one run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from pydantic import BaseModel


class Usage(BaseModel):
    """`calls`: requests sent (retries of one request included); `cached`: answers taken
    from the call cache instead; `retries`: requests sent again after a 429, 5xx or timeout;
    `input_tokens` / `output_tokens`: as the provider reported them."""

    calls: int = 0
    cached: int = 0
    retries: int = 0
    input_tokens: int = 0
    output_tokens: int = 0

    def line(self) -> str:
        return (
            f"LLM: {self.calls} calls ({self.retries} retries), {self.cached} answered from the "
            f"cache, {self.input_tokens} input and {self.output_tokens} output tokens"
        )


class BudgetExhausted(Exception):
    """The run reached its call limit; what was stored is kept and the next run resumes."""


class Meter:
    """Thread-safe counters for one run, and its optional call limit.

    A request is reserved before it is sent, so concurrent threads cannot together pass the
    limit. `on_change` (a progress bar, say) is called after every request or cache hit.
    """

    def __init__(
        self, max_calls: int | None = None, on_change: Callable[[Usage], None] | None = None
    ) -> None:
        self.max_calls = max_calls
        self.on_change = on_change
        self._usage = Usage()
        self._lock = threading.Lock()

    def reserve(self, retry: bool = False) -> None:
        """Count one request about to be sent, or raise BudgetExhausted at the limit."""
        with self._lock:
            if self.max_calls is not None and self._usage.calls >= self.max_calls:
                raise BudgetExhausted(
                    f"stopped at the limit of {self.max_calls} LLM calls (--max-calls)"
                )
            self._usage.calls += 1
            self._usage.retries += int(retry)

    def record(self, input_tokens: int, output_tokens: int) -> None:
        with self._lock:
            self._usage.input_tokens += input_tokens
            self._usage.output_tokens += output_tokens
        self._changed()

    def hit(self) -> None:
        with self._lock:
            self._usage.cached += 1
        self._changed()

    def usage(self) -> Usage:
        with self._lock:
            return self._usage.model_copy()

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self.usage())
