"""One computation on a daemon thread, joined where its result is needed.

Why not a ThreadPoolExecutor: its threads are joined at interpreter exit, so Ctrl-C during
an import would wait for a whole batch to finish encoding. A daemon thread dies with the
process; what it was computing is only vectors, which the library's `repair` recomputes for
the documents still pending.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """`fn()` running now on its own thread; `result()` waits and returns or re-raises."""

    def __init__(self, fn: Callable[[], T], name: str = "cruxmap-background") -> None:
        self._fn = fn
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._fn()
        except BaseException as exc:  # handed to the thread that asks for the result
            self._error = exc

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]
