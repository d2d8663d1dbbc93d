"""The client of a ForumMagnum GraphQL API: one request at a time, spaced, in whichever of
the two query forms (`ingest.forum_queries`) the server accepts."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from ingest.fetch import Fetcher
from ingest.forum_queries import (
    FORMS,
    POST_FIELDS,
    Form,
    Terms,
    comments_query,
    posts_query,
    results_of,
)
from ingest.models import IngestError, Reporter, SourceEvent

#: GraphQL servers answer a query they reject with 400 (Apollo) or 200, the reason in JSON.
GRAPHQL_ERROR_STATUSES = frozenset({400, 422})


class GraphQLError(IngestError):
    """The server understood the request and rejected the query (a renamed field, say)."""


class ForumClient:
    """Asks one forum's API, one request at a time, in whichever query form it accepts."""

    def __init__(self, fetcher: Fetcher, endpoint: str, delay: float, emit: Reporter) -> None:
        self.fetcher = fetcher
        self.endpoint = endpoint
        self.delay = delay
        self.emit = emit
        self.forms: list[Form] = list(FORMS)
        self._ready_at = 0.0

    def posts(
        self, terms: Terms, limit: int, fields: str = POST_FIELDS
    ) -> tuple[list[dict], int | None]:
        return self._list("posts", lambda form: posts_query(form, terms, limit, fields))

    def comments(self, post_id: str, limit: int) -> list[dict]:
        return self._list("comments", lambda form: comments_query(form, post_id, limit))[0]

    def _list(self, field: str, build: Callable[[Form], str]) -> tuple[list[dict], int | None]:
        """Ask in the first form the server accepts; a rejected form is not tried again."""
        while True:
            form = self.forms[0]
            try:
                return results_of(self._ask(build(form)), field)
            except (GraphQLError, ValueError) as exc:
                if len(self.forms) == 1:
                    raise GraphQLError(
                        f"{self.endpoint} rejected the {field} query: {exc}"
                    ) from exc
                self.forms.pop(0)
                self.emit(
                    SourceEvent(
                        source=self.endpoint,
                        status="reading",
                        detail=f"the {form} form was rejected ({exc}); using the {self.forms[0]} form",
                    )
                )

    def _ask(self, query: str) -> object:
        """One request, `delay` seconds after the previous one finished: counted from the
        end, a slow answer never makes the next request come sooner."""
        wait = self._ready_at - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            result = self.fetcher.post_json(
                self.endpoint, {"query": query, "variables": {}}, answers=GRAPHQL_ERROR_STATUSES
            )
        finally:
            self._ready_at = time.monotonic() + self.delay
        try:
            body = json.loads(result.content)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise IngestError(
                f"{self.endpoint} did not answer with JSON (HTTP {result.status})"
            ) from None
        errors = body.get("errors") if isinstance(body, dict) else None
        if errors:
            first = errors[0].get("message", "") if isinstance(errors[0], dict) else errors[0]
            raise GraphQLError(" ".join(str(first).split())[:200])
        if result.status >= 400:
            raise IngestError(f"HTTP {result.status} from {self.endpoint}")
        return body.get("data") if isinstance(body, dict) else None
