"""The network guard and HTTP behaviour every fetch shares, against a loopback server."""

from __future__ import annotations

import pytest

from ingest.config import Settings
from ingest.fetch import Fetcher, Gone, RetryLater, check_url_allowed, retry_after_seconds
from ingest.models import IngestError
from tests.loopback import Reply

UA = "cruxmap-test"
FETCHER = Fetcher(timeout=2.0, max_bytes=10_000, user_agent=UA, allow_private=True)


def get(url: str, allow_private: bool = True, **kw):
    fetcher = FETCHER.model_copy(update={"allow_private": allow_private})
    return fetcher.get(url, **kw)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://localhost:8000/x",
        "http://10.0.0.5/a",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/",
        "http://172.16.0.1/",
    ],
)
def test_private_and_loopback_addresses_are_refused_by_default(url):
    with pytest.raises(IngestError, match="private, loopback or link-local"):
        check_url_allowed(url, allow_private=False)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)"]
)
def test_non_http_schemes_are_refused(url):
    with pytest.raises(IngestError, match="unsupported URL scheme"):
        check_url_allowed(url, allow_private=True)


def test_loopback_fetch_works_only_when_allowed(server):
    url = server.route("/feed.xml", Reply(body=b"<rss/>"))
    with pytest.raises(IngestError, match="--allow-private"):
        get(url, allow_private=False)
    assert server.hits("/feed.xml") == 0
    result = get(url)
    assert result.content == b"<rss/>"
    assert server.requests[-1][1]["user-agent"] == UA


def test_redirects_are_followed_and_each_hop_is_checked(server):
    target = server.route("/new.xml", Reply(body=b"moved here"))
    start = server.route("/old.xml", Reply(301, headers={"Location": "/new.xml"}))
    result = get(start)
    assert result.content == b"moved here"
    assert result.permanent_url == target
    hop = server.route("/temp", Reply(302, headers={"Location": "/new.xml"}))
    assert get(hop).permanent_url is None
    sneaky = server.route("/sneaky", Reply(302, headers={"Location": "http://10.1.2.3/x"}))
    with pytest.raises(IngestError):
        get(sneaky, allow_private=False)


def test_conditional_get_returns_not_modified(server):
    url = server.route(
        "/f",
        Reply(
            body=b"data", etag='"v1"', headers={"Last-Modified": "Tue, 01 Apr 2025 00:00:00 GMT"}
        ),
    )
    first = get(url)
    assert first.etag == '"v1"' and first.last_modified
    second = get(url, etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified and second.content == b""
    assert server.requests[-1][1]["if-none-match"] == '"v1"'


def test_size_cap_and_timeout_and_http_errors_are_one_line(server):
    big = server.route("/big", Reply(body=b"x" * 20_000))
    with pytest.raises(IngestError, match="too large"):
        get(big)
    slow = server.route("/slow", Reply(body=b"late", delay=2.0))
    with pytest.raises(IngestError, match="timed out"):
        get(slow, timeout=0.5)
    with pytest.raises(IngestError, match="HTTP 404"):
        get(server.url("/missing"))
    gone = server.route("/gone", Reply(410))
    with pytest.raises(Gone):
        get(gone)


def test_retry_after_is_honoured_then_gives_up(server):
    url = server.route("/busy", Reply(429, headers={"Retry-After": "0"}), Reply(body=b"ok"))
    assert get(url).content == b"ok"
    assert server.hits("/busy") == 2
    always = server.route("/down", Reply(503, headers={"Retry-After": "120"}))
    with pytest.raises(RetryLater) as info:
        get(always)
    assert info.value.retry_after == 120
    assert server.hits("/down") == 1


def test_retry_after_parses_seconds_and_dates():
    assert retry_after_seconds("7", 1) == 7
    assert retry_after_seconds(None, 5) == 5
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", 5) == 0


def test_a_fetcher_carries_the_settings_network_rules():
    settings = Settings(
        http_timeout=7.0, max_download_bytes=123, user_agent="ua/1", allow_private=True
    )
    fetcher = Fetcher.from_settings(settings)
    assert (fetcher.timeout, fetcher.max_bytes, fetcher.user_agent) == (7.0, 123, "ua/1")
    assert fetcher.allow_private
    assert not Fetcher.from_settings(Settings(allow_private=False)).allow_private


def test_a_longer_timeout_is_per_request(server):
    slow = server.route("/slow", Reply(body=b"late", delay=1.0))
    fetcher = FETCHER.model_copy(update={"timeout": 0.3})
    with pytest.raises(IngestError, match="timed out"):
        fetcher.get(slow)
    assert fetcher.get(slow, timeout=3.0).content == b"late"
