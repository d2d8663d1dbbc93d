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

import pysbd

# A line that starts a new unit: bullets, numbered items, Markdown headings, block quotes.
_ITEM_START = re.compile(r"[ \t]*(?:[-*+•·▪◦‣–—>]|#{1,6}|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])\s")
# The marker itself, stripped from the front of a span so the quote is just the sentence.
_LEAD_MARKER = re.compile(r"(?:[-*+•·▪◦‣–—>]|#{1,6}|\(?\d{1,3}(?:\.\d{1,3})*[.)]|\(?[a-z][.)])\s+")
_TERMINAL = re.compile(r"""[.!?:;…]["'”’)\]*_]*(?:\[\d{1,3}\]|\^\d{1,3})?\s*$""")
_FOOTNOTE_HEAD = re.compile(r"(?:\[\d{1,3}\]|\^\d{1,3}|\^)(?=\s|$)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
# A wrapped line this long without final punctuation is a continuation, not a heading.
_WRAP_WIDTH = 50


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
    spans: list[tuple[int, int]] = []
    for p_start, p_end in _paragraphs(text):
        for u_start, u_end in _units(text, p_start, p_end):
            spans.extend(_sentences_in_unit(text, u_start, u_end))
    return spans


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Blank-line separated blocks; a sentence never crosses one."""
    spans, cursor = [], 0
    for match in _BLANK_LINE.finditer(text):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a paragraph at line breaks that end a unit; keep soft (wrapping) breaks inside."""
    units, unit_start, line_start = [], start, start
    while True:
        newline = text.find("\n", line_start, end)
        if newline == -1:
            units.append((unit_start, end))
            return units
        line = text[line_start:newline]
        following = text[newline + 1 : _line_end(text, newline + 1, end)]
        if _hard_break(line, following):
            units.append((unit_start, newline))
            unit_start = newline + 1
        line_start = newline + 1


def _line_end(text: str, start: int, end: int) -> int:
    found = text.find("\n", start, end)
    return end if found == -1 else found


def _hard_break(line: str, following: str) -> bool:
    """A line break ends a unit unless the line is simply wrapped mid-sentence."""
    stripped = line.strip()
    if not stripped or not following.strip() or _ITEM_START.match(following):
        return True
    if _TERMINAL.search(stripped):
        return True
    if _ITEM_START.match(line) and len(stripped) < _WRAP_WIDTH:
        return True
    next_word = following.strip()
    continues = next_word[0].islower() or next_word[0] in "([“\"'"
    return not continues and len(stripped) < _WRAP_WIDTH


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
    spans = _merge_footnote_heads(unit, spans)
    out = []
    for index, (s, e) in enumerate(spans):
        s, e = _trim(unit, s, e, first=index == 0)
        if e > s:
            out.append((start + s, start + e))
    return out


def _merge_footnote_heads(unit: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A footnote mark after a full stop ("... sense).[1] Next") belongs to the sentence before."""
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        head = _FOOTNOTE_HEAD.match(unit, s)
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
