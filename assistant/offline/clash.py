"""Where two claims say opposite things: negation scope and antonyms.

Similar claims are not opposed claims. Two claims clash only when one negates what the
other asserts (a negation's scope is its clause, a few content words long), or when they
use opposite words ("safe" / "dangerous") on the same content. `assistant.offline.candidates`
weighs these clashes against how much content the claims share.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.offline import cues, lexicon
from ingest.tokens import is_content_word, stem, words

_NEGATION_IDIOMS = re.compile(r"\b(?:not only|not just|no doubt|without doubt|nothing but)\b", re.I)


def negation_cue(text: str) -> str:
    """The first negating word of `text`, lower-cased ("" when nothing negates)."""
    found = _SCOPED_NEGATION.search(_NEGATION_IDIOMS.sub(" ", text))
    return found.group(0).lower() if found else ""


def polarity(text: str) -> int:
    """+1 or -1: the parity of negations, ignoring idioms such as "not only"."""
    cleaned = _NEGATION_IDIOMS.sub(" ", text)
    return -1 if len(cues.NEGATION_RE.findall(cleaned)) % 2 else 1


_CLAUSE = re.compile(
    r"[,;:()]|\s[–—-]\s|\b(?:but|whereas|while|although|though|and|because"
    r"|since|which|who|so)\b",
    re.I,
)
_SCOPED_NEGATION = re.compile(
    cues.NEGATION_RE.pattern + r"|\bnowhere\b|\bhardly\b|\bbarely\b|\bfar from\b"
    r"|\b(?:does|do|did) little\b|\bno longer\b|\black(?:s|ed)?\b|\bunable\b"
    r"|\bunlikely to\b|\bfails? to\b|\bfailed to\b",
    re.I,
)


# How many content words after a negation it governs ("cannot certify safety" negates
# certify and safety, not everything to the end of a long clause).
NEGATION_SCOPE = 3


@lru_cache(maxsize=8192)
def negated_terms(text: str) -> frozenset[str]:
    """Content stems that fall in the scope of a negation: from the negation to the end of
    its clause ("models do not generalise, and ..." negates "generaliz" only). Remembered
    for recent texts, as `content_terms` is."""
    cleaned = _NEGATION_IDIOMS.sub(" ", text)
    negated: set[str] = set()
    cuts = [0, *(m.start() for m in _CLAUSE.finditer(cleaned)), len(cleaned)]
    for left, right in zip(cuts, cuts[1:]):
        clause = cleaned[left:right]
        found = _SCOPED_NEGATION.search(clause)
        if found:
            governed = [w for w in words(clause[found.end() :]) if is_content_word(w)]
            negated |= {stem(w) for w in governed[:NEGATION_SCOPE]}
    return frozenset(negated)


def negation_clash(a: str, b: str, shared: frozenset[str]) -> set[str]:
    """Shared terms asserted by one claim and negated by the other."""
    in_a, in_b = negated_terms(a), negated_terms(b)
    return {t for t in shared if (t in in_a) != (t in in_b)}


def antonym_clash(a: str, b: str) -> tuple[str, str] | None:
    """A pair of opposite words, one only in `a` and the other only in `b`.

    Entries of five letters or more are stems ("dangerou" matches "dangerous"); shorter
    ones ("can", "low", "safe") must match a whole word, so "can" never fires on "candid".
    """
    ta, tb = _antonym_entries(a), _antonym_entries(b)
    for left, right in lexicon.ANTONYMS:
        for x, y in ((left, right), (right, left)):
            if x in ta and y in tb and y not in ta and x not in tb:
                return x, y
    return None


_ENTRIES = frozenset(entry for pair in lexicon.ANTONYMS for entry in pair)


@lru_cache(maxsize=8192)
def _antonym_entries(text: str) -> frozenset[str]:
    """The antonym-lexicon entries `text` has, found once per text (a claim is compared
    with each of its candidate partners)."""
    stems = {stem(w) for w in words(text)} | set(words(text))
    return frozenset(e for e in _ENTRIES if _has(stems, e))


def _has(stems: set[str], entry: str) -> bool:
    if len(entry) < 5:
        return entry in stems
    return any(word.startswith(entry) for word in stems)


_GOVERNING_PAIRS = {
    pair for left, right in lexicon.GOVERNING_OPPOSITES for pair in ((left, right), (right, left))
}


def governs_apart(a: str, b: str, clash: tuple[str, str]) -> bool:
    """Whether `clash` is a pair of opposites that only oppose when they govern the same
    word ("can solve" / "cannot solve"), and here they govern different ones."""
    return clash in _GOVERNING_PAIRS and not _same_governed(a, b, clash)


def _governed(text: str, word: str) -> set[str]:
    """Stems of the next two content words after each `word` in `text`."""
    tokens = words(text)
    found: set[str] = set()
    for i, token in enumerate(tokens):
        if token == word:
            following = [t for t in tokens[i + 1 : i + 5] if is_content_word(t)]
            found |= {stem(t) for t in following[:2]}
    return found


def _same_governed(a: str, b: str, clash: tuple[str, str]) -> bool:
    return bool(_governed(a, clash[0]) & _governed(b, clash[1]))
