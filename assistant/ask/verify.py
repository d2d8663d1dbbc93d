"""The verifier: no citation that does not resolve, no sentence without one, nothing silent.

Checks, in order: each citation's quote equals the stored document text at its offsets; each
sentence cites at least one existing citation; a generated sentence shares enough content
words with what it cites (a mis-cited sentence is dropped); a quoted phrase inside a sentence
appears in a cited quote; a generated sentence describes no disagreement the map did not
establish. Every removal is reported in `dropped`.
"""

from __future__ import annotations

import re

from assistant.ask.models import Citation
from ingest.library import Library
from ingest.tokens import tokenize

_CITE = re.compile(r"\[(\d+)\]")
#: A quote the composer set in curly quotes (it shows inner double quotes straight, so the
#: bounds are exact); straight double quotes are what a model may use instead.
_CURLY = re.compile(r"“([^”]*)”")
_STRAIGHT = re.compile(r"\"([^\"]{12,})\"")
MIN_QUOTED = 12
MIN_OVERLAP = 0.25
#: Words that describe sources as disagreeing: a generated sentence may use them only when
#: the map established a disagreement among the cited evidence.
_DISAGREEMENT = re.compile(
    r"\b(?:disagree\w*|rebut\w*|refut\w*|at odds|push(?:es|ed)? back|directly attacks|"
    r"opposing (?:position|view|side|camp)s?|contradicts? (?:each other|one another|\w+'s?)|"
    r"attacks? (?:the |each other|one another|\w+'s? )(?:claim|view|argument|position)?s?|"
    r"dispute[sd]? (?:the|this|that|\w+'s?) )",
    re.I,
)


def document_texts(library: Library, citations: list[Citation]) -> dict[str, str | None]:
    """The stored text of each cited document (None when it is gone), read once per document."""
    texts: dict[str, str | None] = {}
    for citation in citations:
        if citation.doc_id not in texts:
            doc = library.document(citation.doc_id)
            texts[citation.doc_id] = doc.text if doc else None
    return texts


def verify_citations(
    library: Library, citations: list[Citation]
) -> tuple[list[Citation], list[str]]:
    kept, dropped = [], []
    texts = document_texts(library, citations)
    for citation in citations:
        text = texts[citation.doc_id]
        if text is None or text[citation.start : citation.end] != citation.quote:
            dropped.append(f"citation [{citation.n}] does not match its document and was removed")
            continue
        kept.append(citation)
    return kept, dropped


def cited_numbers(sentence: str) -> list[int]:
    """The citation marks of a sentence, not a "[12]" that is part of a quoted text."""
    return [int(n) for n in _CITE.findall(_CURLY.sub(" ", sentence))]


def quoted_fragments(sentence: str) -> list[str]:
    """The spans a sentence presents as quotation: curly-quoted first, then straight."""
    curly = _CURLY.findall(sentence)
    straight = _STRAIGHT.findall(_CURLY.sub(" ", sentence))
    return [q for q in curly + straight if len(q) >= MIN_QUOTED]


def verify_sentences(
    sentences: list[str], citations: dict[int, Citation], generated: bool, disputed: bool = True
) -> tuple[list[str], list[str]]:
    """Keep the sentences their citations back; `disputed` is whether the map established a
    disagreement among the evidence (a generated sentence may not invent one)."""
    kept, dropped = [], []
    for sentence in sentences:
        numbers = cited_numbers(sentence)
        if not numbers:
            dropped.append(f"uncited sentence removed: {sentence[:120]!r}")
            continue
        unknown = [n for n in numbers if n not in citations]
        if unknown:
            dropped.append(
                f"sentence cited missing evidence {unknown}, removed: {sentence[:120]!r}"
            )
            continue
        sources = " ".join(citations[n].quote for n in numbers)
        if generated and not disputed and _DISAGREEMENT.search(_CITE.sub(" ", sentence)):
            dropped.append(
                f"sentence describes a disagreement the map does not establish, removed: "
                f"{sentence[:120]!r}"
            )
            continue
        if generated and not _supported(sentence, sources):
            dropped.append(f"sentence not supported by what it cites, removed: {sentence[:120]!r}")
            continue
        shown = " ".join(citations[n].readable for n in numbers)  # what compose quoted
        if not _quotes_hold(sentence, sources) and not _quotes_hold(sentence, shown):
            dropped.append(
                f"sentence quotes text its citations do not contain, removed: {sentence[:120]!r}"
            )
            continue
        kept.append(sentence)
    return kept, dropped


def _supported(sentence: str, sources: str) -> bool:
    words = set(tokenize(_CITE.sub(" ", sentence)))
    if not words:
        return False
    source_words = set(tokenize(sources))
    stems = {w[:5] for w in source_words}
    shared = sum(1 for w in words if w in source_words or w[:5] in stems)
    return shared / len(words) >= MIN_OVERLAP


def _quotes_hold(sentence: str, sources: str) -> bool:
    flat_sources = _flat(sources)
    for quoted in quoted_fragments(sentence):
        fragment = _flat(quoted.replace("…", ""))
        if fragment and fragment not in flat_sources:
            return False
    return True


def _flat(text: str) -> str:
    return " ".join(text.replace("“", '"').replace("”", '"').split()).strip()
