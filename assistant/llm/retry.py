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

import httpx

T = TypeVar("T")

_TRANSIENT_STATUS = {408, 409, 425, 429}


class LLMUnavailable(Exception):
    """The model server refused the request for good, or kept failing after every retry."""


def status_of(exc: BaseException) -> int | None:
    """The HTTP status an SDK error carries (openai, anthropic, ollama, httpx), if any."""
    for name in ("status_code", "status"):
        value = getattr(exc, name, None)
        if isinstance(value, int):
            return value
    response = getattr(exc, "response", None)
    if isinstance(response, httpx.Response):
        return response.status_code
    return None


def retry_after(exc: BaseException) -> float | None:
    """Seconds the server asked us to wait (Retry-After as seconds or a date, or ms)."""
    response = getattr(exc, "response", None)
    if not isinstance(response, httpx.Response):
        return None
    headers = response.headers
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
    """Whether sending the same request again may succeed."""
    status = status_of(exc)
    if status is not None:
        return status in _TRANSIENT_STATUS or status >= 500
    if isinstance(exc, httpx.TransportError | TimeoutError | ConnectionError):
        return True
    # openai / anthropic wrap transport failures as APIConnectionError / APITimeoutError.
    names = {cls.__name__ for cls in type(exc).__mro__}
    return bool(names & {"APIConnectionError", "APITimeoutError"})


def describe(exc: BaseException) -> str:
    status = status_of(exc)
    first = (str(exc).strip().splitlines() or [""])[0][:160]
    label = f"HTTP {status}" if status is not None else type(exc).__name__
    return f"{label}: {first}" if first else label


def with_retries(
    send: Callable[[int], T],
    retries: int,
    max_wait: float,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """`send(attempt)` until it succeeds; transient failures wait and try again.

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
            sleep(min(wait, max_wait))
    raise AssertionError("unreachable")


def _is_model_error(exc: BaseException) -> bool:
    """An HTTP rejection from the provider (as opposed to a bug in cruxmap)."""
    return status_of(exc) is not None
