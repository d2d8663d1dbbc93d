"""Sending a request again when the provider says "later": 429, 5xx, timeouts, dropped links.

The SDKs' own retry loops differ (Ollama's client has none), so cruxmap turns them off and
retries here, the same way for every provider: a Retry-After (or retry-after-ms) header is
honoured up to `max_wait`, otherwise the wait doubles from one second. A request the server
rejects for good (401, 403, 404, 400) is not retried: `LLMUnavailable` stops the run with one
line, rather than thousands of calls falling back one by one.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from typing import TypeVar

from langchain_core.exceptions import ModelError

T = TypeVar("T")
#: Transport failures by class name: the SDKs bundle their own HTTP stacks (httpx, httpx2).
_TRANSPORT = {"TransportError", "TimeoutException", "APIConnectionError", "APITimeoutError"}

_TRANSIENT_STATUS = {408, 409, 425, 429}


class LLMUnavailable(Exception):
    """The model server refused the request for good, or kept failing after every retry."""


def status_of(exc: BaseException) -> int | None:
    """The HTTP status an SDK error carries (openai, anthropic, ollama, httpx), if any."""
    for name in ("status_code", "status"):
        value = getattr(exc, name, None)
        if isinstance(value, int):
            return value
    status = getattr(getattr(exc, "response", None), "status_code", None)
    return status if isinstance(status, int) else None


def retry_after(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (Retry-After as seconds or a date, or ms)."""
    headers = getattr(getattr(exc, "response", None), "headers", None)
    if headers is None:
        return None
    if "retry-after-ms" in headers:
        try:
            return float(headers["retry-after-ms"]) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        when = email.utils.parsedate_to_datetime(value) if value else None
        return max(0.0, when.timestamp() - time.time()) if when else None


def is_transient(exc: BaseException) -> bool:
    """Whether sending the same request again may succeed (langchain's own verdict for the
    providers that give one; else by HTTP status or transport failure)."""
    if isinstance(exc, ModelError) and exc.is_retryable:
        return True
    status = status_of(exc)
    if status is not None:
        return status in _TRANSIENT_STATUS or status >= 500
    if isinstance(exc, TimeoutError | ConnectionError):
        return True
    return bool({cls.__name__ for cls in type(exc).__mro__} & _TRANSPORT)


def describe(exc: BaseException) -> str:
    status = status_of(exc)
    first = (str(exc).strip().splitlines() or [""])[0][:160]
    label = f"HTTP {status}" if status is not None else type(exc).__name__
    return f"{label}: {first}" if first else label


def pause(seconds: float) -> None:
    """Wait between two attempts (a function of its own so tests can record the waits)."""
    time.sleep(seconds)


def with_retries(
    send: Callable[[int], T],
    retries: int,
    max_wait: float,
    sleep: Callable[[float], None] | None = None,
) -> T:
    """`send(attempt)` until it succeeds; transient failures wait (`sleep`, default
    `pause`) and try again.

    Any other failure, or the last transient one, raises `LLMUnavailable` naming it.
    """
    for attempt in range(retries + 1):
        try:
            return send(attempt)
        except Exception as exc:
            if not is_transient(exc):
                if _is_model_error(exc):
                    raise LLMUnavailable(
                        f"the model server refused the request ({describe(exc)})"
                    ) from exc
                raise
            if attempt == retries:
                raise LLMUnavailable(
                    f"the model server kept failing after {retries + 1} attempts ({describe(exc)})"
                ) from exc
            asked = retry_after(exc)
            wait = asked if asked is not None else float(2**attempt)
            (sleep or pause)(min(wait, max_wait))
    raise AssertionError("unreachable")


def _is_model_error(exc: BaseException) -> bool:
    """An HTTP rejection from the provider (as opposed to a bug in cruxmap)."""
    return status_of(exc) is not None
