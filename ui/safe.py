"""Showing text from sources (feeds, PDFs, notes, web pages) as text, never as markup.

Streamlit renders markdown in st.markdown, st.caption, expander, button and widget labels: a
feed item could otherwise place images, links, coloured directives or LaTeX in the page. HTML
is already inert there (we never pass unsafe_allow_html), but markdown is not, so every piece
of source text that reaches a markdown-rendering call goes through `md()` first. Links shown
for a source go through `safe_url()`, so only http(s) URLs ever become clickable.
"""

from __future__ import annotations

import re
import string
from urllib.parse import urlsplit

# CommonMark lets any ASCII punctuation be backslash-escaped, and an escaped character is
# always literal: escaping all of it defeats links, images, emphasis, <autolinks>, HTML, and
# Streamlit's $ math and :colour[...] directives in one rule.
_PUNCTUATION = frozenset(string.punctuation)
# Escapes do not stop everything: Streamlit's renderer turns bare URLs ("https://…", "www.…",
# e-mail addresses) and ":emoji:" shortcodes into links and emoji *after* parsing, by finding
# patterns in the plain text. An invisible WORD JOINER after ":" and "@" and inside "www."
# breaks those patterns without changing what the reader sees.
WORD_JOINER = "\u2060"
_BREAK_AFTER = frozenset(":@")
_WWW = re.compile(r"(?i)(www)(?=\.)")


def md(text: str | None) -> str:
    """Escape `text` so that Streamlit markdown shows exactly these characters (plus
    invisible word joiners that keep bare URLs, e-mails and :codes: from becoming markup)."""
    if not text:
        return ""
    out = []
    for char in _WWW.sub(r"\1" + WORD_JOINER, text):
        if char in _BREAK_AFTER:
            out.append("\\" + char + WORD_JOINER)
        elif char in _PUNCTUATION:
            out.append("\\" + char)
        elif char in "\r\t":
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def md_inline(text: str | None, limit: int | None = None) -> str:
    """`md()` of the text on one line (whitespace collapsed), optionally shortened with …."""
    flat = " ".join((text or "").split())
    if limit is not None and len(flat) > limit:
        flat = flat[: max(limit - 1, 0)].rstrip() + "…"
    return md(flat)


def plain(text: str | None, limit: int | None = None) -> str:
    """One-line plain text for places that never render markup (tables, select options)."""
    flat = " ".join((text or "").split())
    if limit is not None and len(flat) > limit:
        flat = flat[: max(limit - 1, 0)].rstrip() + "…"
    return flat


def safe_url(url: str | None) -> str | None:
    """The URL if it is an http(s) URL with a host, else None (no javascript:, data:, file:)."""
    if not url:
        return None
    candidate = url.strip()
    if any(ch in candidate for ch in " \n\r\t<>\"'`\\"):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return candidate


def link_markdown(label: str, url: str | None) -> str:
    """An escaped label as a markdown link to `url` when it is a safe http(s) URL, else the
    escaped label alone. Parentheses in the URL are percent-encoded so the link cannot end
    early and let the rest of the URL become markup."""
    target = safe_url(url)
    if target is None:
        return md(label)
    target = target.replace("(", "%28").replace(")", "%29").replace("[", "%5B").replace("]", "%5D")
    return f"[{md(label)}]({target})"
