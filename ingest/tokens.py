"""Words as search and the offline analyst count them: tokens, stopwords, stems.

Two readings of a text need words, and they need different ones. Search (`tokenize`) keeps
numbers and hyphenated compounds ("gpt-4", "2209.00626" as "2209", "00626") because exact
terms are what BM25 is for. The analyst (`content_terms`) compares what two claims are
about, so it keeps letters only and merges inflections and spellings with `stem`.

`stem` is written here rather than taken from PyStemmer (Snowball): Snowball keeps British
and American spellings apart ("generalise", "generalize"), which the analyst must merge, and
the antonym list is written in this stemmer's stems ("dangerou", "fals"), so swapping it would
silently change which claims clash. bm25s's English stopwords are a subset of ours (33 of 76).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.stopwords import DISCOURSE_WORDS, FUNCTION_WORDS

#: Words the analyst never counts as content.
CONTENT_STOPWORDS = FUNCTION_WORDS | DISCOURSE_WORDS

_SEARCH_TOKEN = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
_WORD = re.compile(r"[a-z][a-z'’-]*")


def tokenize(text: str) -> list[str]:
    """Search terms: lower-cased words and numbers, without function words."""
    return [t for t in _SEARCH_TOKEN.findall(text.lower()) if t not in FUNCTION_WORDS]


def words(text: str) -> list[str]:
    """Lower-cased words of letters (apostrophes straightened), in order, stopwords kept."""
    return _WORD.findall(text.lower().replace("’", "'"))


def is_content_word(word: str) -> bool:
    """A word from `words` that says what a claim is about."""
    return word not in CONTENT_STOPWORDS and len(word) > 2


_POSSESSIVE = re.compile(r"'s$")
_OUR = re.compile(r"(?<=[bvlnmi])our")
_ISE = re.compile(r"is(e|ed|es|ing|ation|ations)$")


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude stem that merges inflections and British/American spellings.

    Remembered: a library's vocabulary is small and typing candidate links stems the same
    words for every pair a claim is in."""
    word = word.lower().replace("’", "'").strip("'-")
    word = _POSSESSIVE.sub("", word)
    word = _OUR.sub("or", word)
    word = _ISE.sub(r"iz\1", word)
    for suffix in ("ations", "ation", "ings", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


@lru_cache(maxsize=8192)
def content_terms(text: str) -> frozenset[str]:
    """Stems of the words that carry content, without function words or negation.

    Remembered for recent texts: a claim is compared with each of its candidate partners."""
    return frozenset(stem(w) for w in words(text) if is_content_word(w))
