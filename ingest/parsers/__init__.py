"""Parsers: pure functions from bytes (and a source name) to `ParsedDocument`s.

No network and no storage here, so every parser can be tested on bytes alone. Bad input
raises `IngestError` with the one line the user will see.

`parse_xml` lives here because the OPML and arXiv parsers both read untrusted XML and must
refuse the same attacks in the same way.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, ParseError

from ingest.models import IngestError

try:  # defusedxml also blocks external entities and DTD tricks expat would accept.
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring as _fromstring
except ImportError:  # pragma: no cover - depends on the environment
    # The stdlib's second parameter is a parser where defusedxml's are forbid_* flags; both are
    # only ever called with the data alone, so the differing signatures do not matter here.
    from xml.etree.ElementTree import fromstring as _fromstring  # type: ignore[assignment]

    class DefusedXmlException(ValueError):  # type: ignore[no-redef]
        """Stand-in so the except clause below works without defusedxml."""


# Everything before the root element: an XML declaration, comments, maybe a DOCTYPE.
PROLOG_RE = re.compile(rb"\A(?:\s|<\?.*?\?>|<!--.*?-->|<!(?!--)[^>]*>?)*", re.DOTALL)


def parse_xml(data: bytes, what: str) -> Element:
    """Parse untrusted XML, refusing any DOCTYPE so entity-expansion bombs cannot run.

    Feeds, OPML and API responses never need a DTD; one in the input is a sign of trouble.
    """
    if re.search(rb"<!DOCTYPE|<!ENTITY", _prolog(data), re.IGNORECASE):
        raise IngestError(f"refusing {what}: it declares a DOCTYPE (possible entity attack)")
    try:
        return _fromstring(data)
    except DefusedXmlException as exc:
        raise IngestError(f"refusing {what}: {type(exc).__name__}") from exc
    except ParseError as exc:
        raise IngestError(f"malformed XML in {what}: {exc}") from exc


def _prolog(data: bytes) -> bytes:
    match = PROLOG_RE.match(data.lstrip(b"\xef\xbb\xbf"))
    return match.group(0) if match else b""
