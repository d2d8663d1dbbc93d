"""Split a document into overlapping chunks on paragraph and sentence boundaries.

Offsets are kept exact (`chunk.text == doc.text[start:end]`) so every search hit can be shown
in place and quoted verbatim.
"""

from __future__ import annotations

import re

_BREAK = re.compile(r"\n\s*\n|(?<=[.!?])\s+")


def chunk_spans(text: str, size: int = 1200, overlap: int = 200) -> list[tuple[int, int]]:
    """Greedy packing of boundary-delimited pieces into spans of about `size` chars."""
    if not text.strip():
        return []
    cuts = [0] + [m.end() for m in _BREAK.finditer(text)] + [len(text)]
    cuts = sorted(set(cuts))
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = start
        for cut in cuts:
            if cut <= start:
                continue
            if cut - start > size and end > start:
                break
            end = cut
            if cut - start >= size:
                break
        if end - start > size:
            end = _hard_cut(text, start, start + size)
        spans.append(_trim(text, start, end))
        if end >= len(text):
            break
        next_start = max(start + 1, end - overlap)
        start = min((c for c in cuts if c >= next_start and c < end), default=end)
    return [s for s in spans if s[1] > s[0]]


def _hard_cut(text: str, start: int, limit: int) -> int:
    """A piece with no boundary inside the size limit is cut at its last space, or at the limit."""
    space = text.rfind(" ", start + 1, limit)
    return space if space > start else limit


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
