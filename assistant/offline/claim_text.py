"""The claim text a reader sees: PDF line breaks joined, line-end hyphens undone, and
whether a claim leans on the sentence before it.

The stored quote stays the verbatim span of the document; only the displayed `text` is
normalised, with the document's own vocabulary deciding whether "improv- ing" was one word.
"""

from __future__ import annotations

import re

from assistant.offline import nonclaims
from assistant.offline.claim_patterns import WORD


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_FOOTNOTE_MARK = re.compile(r"\s*(?:\[\d{1,3}\]|\^\d{1,3}|\[\^?\w{1,3}\])")
_OPENERS = _rx(
    r"^(?:(?:and|or|also|plus|moreover|furthermore|additionally|in addition|first(?:ly)?"
    r"|second(?:ly)?|third(?:ly)?|finally|lastly|however|but|yet|so|thus|therefore|hence"
    r"|consequently|accordingly|still|nevertheless|nonetheless|instead|indeed|in fact"
    r"|in sum|in short|in conclusion|overall|as a result|on the other hand|in contrast"
    r"|by contrast|on the contrary|that said|after all|anyway|well|now|then|again)\b,?\s+"
    r"|^(?:i|we)\s+(?:(?:really|strongly|still|now|also|do|would|'d|genuinely|firmly)\s+)*"
    r"(?:think|believe|argue|claim|contend|suspect|would argue|maintain|hold|submit|expect)"
    r"\s+(?:that\s+)?|^(?:in my (?:view|opinion)|imo|imho|it seems to me(?: that)?|to me)\b,?\s*"
    r"|^(?:note|notice|remember) that\s+|^(?:it is|it's) (?:clear|obvious|true) that\s+)"
)


def normalise(quote: str, vocabulary: frozenset[str] | None = None) -> str:
    """The claim as a reader wants it: PDF line breaks joined, words split by a line-end
    hyphen put back together, without its discourse wrapping (openers, opinion frames,
    footnote marks). `vocabulary` is the document's own words (`document_vocabulary`); it
    decides whether "reward-\nhacking" keeps its hyphen. The quote itself is untouched."""
    joined = join_lines(quote, vocabulary)
    text = " ".join(_FOOTNOTE_MARK.sub("", joined).split())
    for _ in range(3):
        stripped = _OPENERS.sub("", text, count=1)
        if stripped == text or len(WORD.findall(stripped)) < 2:
            break
        text = stripped
    return text[:1].upper() + text[1:] if text else quote.strip()


_PAGE_NUMBER_LINE = re.compile(r"[ \t]*\n[ \t]*\d{1,4}[ \t]*\n[ \t]*\n[ \t]*")
# "improv-\ning" and "improv- ing", but not a suspended hyphen ("pre- and post-training").
_BROKEN_WORD = re.compile(
    r"\b([A-Za-z]+)-(?:[ \t]*\n[ \t]*|[ \t])(?!(?:and|or|to|nor|as|vs)\b)([a-z][a-z]*)"
)
_VOCABULARY_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def join_lines(text: str, vocabulary: frozenset[str] | None = None) -> str:
    """Undo PDF layout inside a sentence: page numbers, hyphenation at line ends, breaks."""
    words = vocabulary if vocabulary is not None else document_vocabulary(text)
    text = _PAGE_NUMBER_LINE.sub(" ", text)
    text = _BROKEN_WORD.sub(lambda m: _rejoin(m.group(1), m.group(2), words), text)
    return re.sub(r"[ \t]*\n[ \t]*", " ", text)


def readable(text: str, vocabulary: frozenset[str] | None = None) -> str:
    """A verbatim span as a reader wants to see it: on one line, with PDF page numbers, line
    breaks and line-end hyphens undone ("al-\nlows" reads "allows"), every word otherwise as
    written. Only for display: checks compare the stored span itself."""
    return " ".join(join_lines(text, vocabulary).split())


def nearby_vocabulary(text: str, start: int, end: int, reach: int = 20_000) -> frozenset[str]:
    """The words used around text[start:end], which decide whether a word broken across a
    line is one word or a compound (`_rejoin`); a window keeps it cheap on a long paper."""
    return document_vocabulary(text[max(0, start - reach) : end + reach])


def _rejoin(first: str, second: str, vocabulary: frozenset[str]) -> str:
    """One word or a compound? The document decides: a form it uses elsewhere wins; else a
    known compound prefix ("self-", "non-"), an acronym ("AI-") or two real words keep the
    hyphen."""
    joined, hyphenated = (first + second).lower(), f"{first}-{second}".lower()
    if joined in vocabulary:
        return first + second
    if hyphenated in vocabulary or first.lower() in nonclaims.COMPOUND_PREFIXES:
        return f"{first}-{second}"
    if len(first) >= 2 and first.isupper():  # an acronym: "AI-\ngenerated", "RL-\nbased"
        return f"{first}-{second}"
    if len(first) > 2 and len(second) > 2 and {first.lower(), second.lower()} <= vocabulary:
        return f"{first}-{second}"
    return first + second


def document_vocabulary(text: str) -> frozenset[str]:
    """The lower-cased words of a text, hyphenated compounds and their parts included, with
    the halves of words broken across a line left out (they are not words)."""
    unbroken = re.sub(r"[A-Za-z]+-[ \t]*\n[ \t]*[A-Za-z]+", " ", text)
    words: set[str] = set()
    for token in _VOCABULARY_WORD.findall(unbroken):
        token = token.lower()
        words.add(token)
        if "-" in token:
            words.update(token.split("-"))
    return frozenset(words)


def needs_context(quote: str) -> bool:
    """True when the claim leans on the sentence before it ("This suggests ...", "These
    results ...", "It follows ...", "Such models ...", "They ..."): the reader needs that
    sentence beside it to know what "this" or "they" is."""
    flat = " ".join(quote.split())
    flat = nonclaims.CONTEXT_CONNECTIVE.sub("", flat, count=1)
    if nonclaims.CONTEXT_FREE.match(flat):
        return False
    return bool(nonclaims.CONTEXT_OPENERS.match(flat))
