"""Sentence segmentation with exact character offsets.

Every claim quote must equal `text[start:end]`, so segmentation returns spans, never copies.
Text arrives in many shapes (hard-wrapped plain text, HTML stripped to lines, Markdown with
bullets), so we first cut it into units that a sentence can never cross (paragraphs, list
items, headings) and only then let pysbd find sentence boundaries inside each unit. pysbd
does the hard part (abbreviations like "e.g.", "et al.", "Fig. 3", decimals); we re-align its
output to the source ourselves because its own offsets drift on repeated sentences.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import pysbd

# A line that starts a new unit: bullets, numbered items, Markdown headings, block quotes.
_ITEM_START = re.compile(r"[ \t]*(?:[-*+•·▪◦‣–—>]|#{1,6}|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])\s")
# The marker itself, stripped from the front of a span so the quote is just the sentence.
_LEAD_MARKER = re.compile(r"(?:[-*+•·▪◦‣–—>]|#{1,6}|\(?\d{1,3}(?:\.\d{1,3})*[.)]|\(?[a-z][.)])\s+")
_TERMINAL = re.compile(r"""[.!?:;…]["'”’)\]*_]*(?:\[\d{1,3}\]|\^\d{1,3})?\s*$""")
_FOOTNOTE_HEAD = re.compile(r"(?:\[\d{1,3}\]|\^\d{1,3}|\^)(?=\s|$)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
# A page break in extracted PDF text: a bare page number line, then the page join.
_PAGE_BREAK = re.compile(r"\n[ \t]*\d{1,4}[ \t]*\n[ \t]*\n\s*")
# A wrapped line this long without final punctuation is a continuation, not a heading.
_WRAP_WIDTH = 50
# Colons and semicolons end a line of a list lead-in, but a lower-case next line continues it.
_SOFT_END = re.compile(r"[:;,]$")
# "3.2 Deceptive Alignment" or a line in Title Case: a heading even when it is long.
_NUMBERED_HEADING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.\d?|[IVX]{1,4}\.)\s+[A-Z]")
_TITLE_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_MINOR_WORDS = frozenset(
    "a an the of and or for to in on at by with from via vs as into over under its our".split()
)
# pysbd ends sentences at abbreviations that never end one ("Pan et al. [2022] show",
# "eg. a probe"): a piece ending so is joined to the next.
_OPEN_ABBREVIATION = re.compile(
    r"(?:\be\.g|\bi\.e|\beg|\bie|\bcf|\bvs|\bFigs?|\bEqs?|\bSecs?|\bRefs?|\bapprox|\bresp"
    r"|\bpp?)\.$"
)
# "et al." can end a sentence; it does not when a year, a bracket or a verb follows.
_ET_AL = re.compile(r"\bet al\.$")
_ET_AL_CONTINUES = re.compile(r"[\[(\d]|[a-z]")


_LOCAL = threading.local()


def _segmenter() -> pysbd.Segmenter:
    """One segmenter per thread: pysbd keeps the text being split on the instance, so a
    segmenter shared by the analysis graph's concurrent documents silently loses sentences."""
    segmenter = getattr(_LOCAL, "segmenter", None)
    if segmenter is None:
        segmenter = _LOCAL.segmenter = pysbd.Segmenter(language="en", clean=False)
    return segmenter


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans `(start, end)` with `text[start:end]` stripped of surrounding space."""
    return list(_split(text))


@lru_cache(maxsize=16)
def _split(text: str) -> tuple[tuple[int, int], ...]:
    """Remembered for the last few texts: one analysis splits a document in four places
    (counting, extracting, relating within, finding citations), 14% of its time when each
    split it again."""
    spans: list[tuple[int, int]] = []
    for p_start, p_end in _paragraphs(text):
        for u_start, u_end in _units(text, p_start, p_end):
            spans.extend(_sentences_in_unit(text, u_start, u_end))
    return tuple(spans)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Blank-line separated blocks; a sentence never crosses one, except a PDF page break."""
    spans, cursor = [], 0
    for match in _BLANK_LINE.finditer(text):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, len(text)))
    return _join_page_breaks(text, [(s, e) for s, e in spans if text[s:e].strip()])


def _join_page_breaks(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A sentence cut by a page break ("might prefer the robot not\n5\n\nbring a bucket")
    continues on the next page: the block before ends in a page number, with no full stop
    before it, and the block after starts in lower case."""
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and _continues_over_page(text, joined[-1][1], start):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _continues_over_page(text: str, prev_end: int, start: int) -> bool:
    if not text[start : start + 1].islower():
        return False
    tail = text[max(0, prev_end - 200) : start]
    page = re.search(r"(\S)\s*\n[ \t]*\d{1,4}[ \t]*\n[ \t]*\n\s*$", tail)
    return page is not None and page.group(1) not in ".!?"


def _units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a paragraph at line breaks that end a unit and at bullets inside a line."""
    return [piece for u in _line_units(text, start, end) for piece in _inline_items(text, *u)]


# A bullet in the middle of a line: an abstract or a feed summary flattened a list into one
# line ("... several features: * Norms are ... * Risks are salient"). Each item is its own
# unit, so the lead-in ends at its colon and no item is glued to it or to the next item.
_INLINE_BULLET = re.compile(r"(?<=[^\d\s])[ \t]+(?=[*•][ \t]+[A-Z“\"(‘'])")


def _inline_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [start] + [m.end() for m in _INLINE_BULLET.finditer(text, start, end)] + [end]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]


def _line_units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a paragraph at line breaks that end a unit; keep soft (wrapping) breaks inside."""
    units, unit_start, line_start = [], start, start
    while True:
        newline = text.find("\n", line_start, end)
        if newline == -1:
            units.append((unit_start, end))
            return units
        line = text[line_start:newline]
        following = _following_line(text, newline + 1, end)
        if (_page_number(line.strip()) or not line.strip()) and following[:1].islower():
            line_start = newline + 1
            continue
        if _hard_break(line, following):
            units.append((unit_start, newline))
            unit_start = newline + 1
        line_start = newline + 1


def _following_line(text: str, start: int, end: int) -> str:
    """The next line, looking past a page number when the sentence goes on after it."""
    following = text[start : _line_end(text, start, end)]
    if not following.strip() and text[start:end].strip():
        following = text[start:end].lstrip()
        following = following[: _line_end(following, 0, len(following))]
    if _page_number(following.strip()):
        after = text[start + len(following) : end].lstrip()
        if after[:1].islower():
            return after[: _line_end(after, 0, len(after))]
    return following


def _line_end(text: str, start: int, end: int) -> int:
    found = text.find("\n", start, end)
    return end if found == -1 else found


def _hard_break(line: str, following: str) -> bool:
    """A line break ends a unit unless the line is simply wrapped mid-sentence."""
    stripped = line.strip()
    if not stripped or not following.strip() or _ITEM_START.match(following):
        return True
    if _is_heading_line(stripped):
        return True
    if _SOFT_END.search(stripped) and following.strip()[0].islower():
        return False
    if _open_end(stripped, following.strip()):
        return False
    if _TERMINAL.search(stripped):
        return True
    if _ITEM_START.match(line) and len(stripped) < _WRAP_WIDTH:
        return True
    next_word = following.strip()
    continues = next_word[0].islower() or next_word[0] in "([“\"'"
    return not continues and len(stripped) < _WRAP_WIDTH


def _is_heading_line(line: str) -> bool:
    """A numbered section heading, or a line whose every content word is capitalised."""
    if _TERMINAL.search(line) or _page_number(line):
        return False
    if _NUMBERED_HEADING.match(line) and len(line) < 120:
        return True
    words = [w for w in _TITLE_WORD.findall(line) if w.lower() not in _MINOR_WORDS]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _page_number(line: str) -> bool:
    return line.isdigit()


def _sentences_in_unit(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Run pysbd on one unit (soft newlines as spaces, same length) and align its output."""
    unit = text[start:end].replace("\n", " ").replace("\r", " ")
    if not unit.strip():
        return []
    pieces = _segmenter().segment(unit)
    spans, cursor = [], 0
    for piece in pieces:
        core = piece.strip()
        if not core:
            continue
        found = unit.find(core, cursor)
        if found == -1:
            found = cursor + len(unit[cursor:]) - len(unit[cursor:].lstrip())
            span_end = min(len(unit), found + len(core))
        else:
            span_end = found + len(core)
        spans.append((found, span_end))
        cursor = span_end
    spans = _merge_footnote_heads(unit, _merge_abbreviations(unit, spans))
    out = []
    for index, (s, e) in enumerate(spans):
        s, e = _trim(unit, s, e, first=index == 0)
        if e > s:
            out.append((start + s, start + e))
    return out


def _merge_abbreviations(unit: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a piece that pysbd ended at "et al." / "e.g." to the piece after it."""
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and _open_end(unit[merged[-1][0] : merged[-1][1]].rstrip(), unit[s:e].lstrip()):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def _open_end(piece: str, following: str) -> bool:
    if _OPEN_ABBREVIATION.search(piece):
        return True
    return bool(_ET_AL.search(piece)) and bool(_ET_AL_CONTINUES.match(following))


def _merge_footnote_heads(unit: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A footnote mark after a full stop ("... sense).[1] Next") belongs to the sentence before,
    unless a lower-case verb follows it: "[135] enumerates ..." cites [135] as its subject."""
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        head = _FOOTNOTE_HEAD.match(unit, s)
        if head and re.match(r"\s+[a-z]", unit[head.end() : e]):
            head = None
        if head and merged:
            prev_s, _ = merged[-1]
            merged[-1] = (prev_s, head.end())
            rest = head.end() + len(unit[head.end() : e]) - len(unit[head.end() : e].lstrip())
            if rest < e:
                merged.append((rest, e))
            continue
        merged.append((s, e))
    return merged


def _trim(unit: str, start: int, end: int, first: bool) -> tuple[int, int]:
    """Strip whitespace from a span's edges, and the list/heading marker opening a unit."""
    while start < end and unit[start].isspace():
        start += 1
    while end > start and unit[end - 1].isspace():
        end -= 1
    marker = _LEAD_MARKER.match(unit, start, end) if first else None
    if marker and marker.end() < end:
        start = marker.end()
    return start, end
