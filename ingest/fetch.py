"""Polite, bounded, guarded HTTP for feeds, arXiv, PDFs and forum APIs.

Every network read goes through a `Fetcher` so that the same rules hold everywhere: a timeout, a
size cap, a User-Agent, conditional GET, and a refusal to reach loopback, private or
link-local addresses (a URL typed into the UI must not become a probe of the user's network)
unless the user allows it. Redirects are followed by hand so each hop is checked too. A POST
(a GraphQL query) gets the same rules; it follows only redirects that keep the method.
"""

from __future__ import annotations

import email.utils
import functools
import ipaddress
import json
import socket
import ssl
import time
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx
from pydantic import BaseModel, ConfigDict

from ingest.config import Settings
from ingest.models import IngestError

MAX_REDIRECTS = 5
RETRY_STATUSES = {429, 500, 502, 503, 504}
#: Redirects a POST may follow with its body: 307/308 keep the method by definition, and an
#: API endpoint that moved (lesswrong.com -> www.lesswrong.com) answers 301 or 308.
POST_REDIRECTS = (301, 307, 308)


class FetchResult(BaseModel):
    url: str
    final_url: str
    status: int
    content: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""
    permanent_url: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class RetryLater(IngestError):
    """A 429 or 5xx that persisted: the caller records when to try again."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Gone(IngestError):
    """HTTP 410: the publisher says the resource is gone for good."""


def check_url_allowed(url: str, allow_private: bool) -> None:
    """Refuse schemes other than http(s) and hosts that resolve to non-public addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise IngestError(f"unsupported URL scheme {parts.scheme!r}: {url}")
    host = parts.hostname
    if not host:
        raise IngestError(f"URL has no host: {url}")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or 0, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise IngestError(f"cannot resolve host {host}: {exc.strerror}") from exc
    for info in infos:
        # an IPv4/IPv6 sockaddr starts with the address string (typeshed also allows AF_PACKET's int)
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise IngestError(
                f"refusing {url}: {host} is a private, loopback or link-local address "
                "(pass --allow-private to allow it)"
            )


def retry_after_seconds(value: str | None, default: float) -> float:
    """Retry-After is either seconds or an HTTP date."""
    if not value:
        return default
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class Fetcher(BaseModel):
    """The network rules, built once from Settings and handed to every job that reads URLs.

    The timeout, size cap, User-Agent, private-address guard and retry policy travel together
    so a call site names only what differs per request (conditional-GET validators, a longer
    timeout for a PDF) and cannot forget a rule.
    """

    model_config = ConfigDict(frozen=True)

    timeout: float
    max_bytes: int
    user_agent: str
    allow_private: bool = False
    retries: int = 2
    max_wait: float = 10.0

    @classmethod
    def from_settings(cls, settings: Settings) -> Fetcher:
        return cls(
            timeout=settings.http_timeout,
            max_bytes=settings.max_download_bytes,
            user_agent=settings.user_agent,
            allow_private=settings.allow_private,
        )

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        timeout: float | None = None,
    ) -> FetchResult:
        """GET a URL with the project's rules; raise IngestError with one clear line on failure.

        A 429 or 5xx is retried after its Retry-After while the wait is short; a long one is
        raised as RetryLater so a feed can record when to come back instead of blocking.
        """
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._with_retries(_Request(url=url, headers=headers), timeout)

    def post_json(
        self,
        url: str,
        payload: object,
        *,
        timeout: float | None = None,
        answers: frozenset[int] = frozenset(),
    ) -> FetchResult:
        """POST a JSON body (a GraphQL query) with the same rules as `get`.

        The same guard, size cap, User-Agent and Retry-After policy hold; a redirect is
        followed with the body only when it keeps the method (see POST_REDIRECTS). Statuses
        in `answers` come back with their body instead of raising: a GraphQL server answers
        a query it rejects with 400 and the reason in JSON, which the caller must read.
        """
        headers = {
            "User-Agent": self.user_agent,
            "Accept-Encoding": "gzip, deflate",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return self._with_retries(
            _Request(url=url, headers=headers, method="POST", body=body, answers=answers),
            timeout,
        )

    def _with_retries(self, request: _Request, timeout: float | None) -> FetchResult:
        seconds = self.timeout if timeout is None else timeout
        attempt = 0
        while True:
            try:
                return _fetch_following(request, seconds, self.max_bytes, self.allow_private)
            except RetryLater as exc:
                attempt += 1
                if attempt > self.retries or exc.retry_after > self.max_wait:
                    raise
                time.sleep(exc.retry_after)


class _Request(BaseModel):
    """What one logical request sends; redirects re-send it to each new location."""

    url: str
    headers: dict[str, str]
    method: str = "GET"
    body: bytes | None = None
    answers: frozenset[int] = frozenset()


def is_url(source: str) -> bool:
    """A source the Fetcher reads; anything else is a local path."""
    return source.startswith(("http://", "https://"))


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """The certificate store, read once per process: httpx reads it again for every new
    client, which took 25-80 ms per request here (most of a forum page's cost)."""
    return httpx.create_ssl_context(trust_env=False)


def _fetch_following(
    request: _Request, timeout: float, max_bytes: int, allow_private: bool
) -> FetchResult:
    url = request.url
    current = url
    permanent: str | None = None
    only_permanent = True
    with httpx.Client(
        timeout=timeout, follow_redirects=False, trust_env=False, verify=_tls_context()
    ) as client:
        for _ in range(MAX_REDIRECTS + 1):
            check_url_allowed(current, allow_private)
            response = _send(client, request, current, max_bytes)
            if response.status in (301, 302, 303, 307, 308):
                if request.method != "GET" and response.status not in POST_REDIRECTS:
                    raise IngestError(
                        f"HTTP {response.status} would turn a {request.method} into a GET: {url}"
                    )
                target = urljoin(current, response.content_type)
                only_permanent = only_permanent and response.status in (301, 308)
                if only_permanent:
                    permanent = target
                current = target
                continue
            response.url = url
            response.permanent_url = permanent
            return response
    raise IngestError(f"too many redirects: {url}")


def _send(client: httpx.Client, request: _Request, url: str, max_bytes: int) -> FetchResult:
    """One request; for redirects the Location travels back in `content_type`."""
    try:
        with client.stream(
            request.method, url, headers=request.headers, content=request.body
        ) as response:
            status = response.status_code
            if status in (301, 302, 303, 307, 308):
                location = response.headers.get("location")
                if not location:
                    raise IngestError(f"HTTP {status} without a Location: {url}")
                return FetchResult(url=url, final_url=url, status=status, content_type=location)
            if status not in request.answers:
                _raise_for_status(response, url)
            if status == 304:
                return FetchResult(url=url, final_url=url, status=304)
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise IngestError(f"too large: {url} is {int(declared)} bytes (limit {max_bytes})")
            body = bytearray()
            for piece in response.iter_bytes():
                body.extend(piece)
                if len(body) > max_bytes:
                    raise IngestError(f"too large: {url} exceeds {max_bytes} bytes")
            return FetchResult(
                url=url,
                final_url=url,
                status=status,
                content=bytes(body),
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                content_type=response.headers.get("content-type", ""),
            )
    except httpx.TimeoutException as exc:
        raise IngestError(f"timed out fetching {url}") from exc
    except httpx.HTTPError as exc:
        raise IngestError(f"network error fetching {url}: {type(exc).__name__}: {exc}") from exc


def _raise_for_status(response: httpx.Response, url: str) -> None:
    status = response.status_code
    if status < 400:
        return
    reason = response.reason_phrase or ""
    if status in RETRY_STATUSES:
        wait = retry_after_seconds(response.headers.get("retry-after"), default=5.0)
        raise RetryLater(f"HTTP {status} {reason} from {url} (retry after {wait:.0f}s)", wait)
    if status == 410:
        raise Gone(f"HTTP 410 Gone: {url}")
    raise IngestError(f"HTTP {status} {reason}: {url}")
