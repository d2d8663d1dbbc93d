"""Finding citation statements: the sentences where a document points at another work.

See the package docstring for the four kinds (link, reference, named, quotation). Markers
are found in the text, mapped to the document's reference list when it has one, and placed
in their sentences, whose stance toward each is read by `assistant.citations.stance`.
"""

from __future__ import annotations

import bisect
import re
from typing import Literal

from pydantic import BaseModel, Field

from assistant.citations.stance import Stance, classify_stance
from assistant.citations.words import NOT_A_PERSON, REPORTING_VERBS
from assistant.references import (
    EntryIndex,
    Reference,
    expand_numbers,
    marker_surnames,
    parse_references,
    reference_section,
)
from ingest.models import Link
from ingest.people import lead_voice

CitationKind = Literal["link", "reference", "named", "quotation"]

MIN_QUOTE_WORDS = 8


class CitingSpan(BaseModel):
    """Where a citation stands in the citing document and how its sentence reads: what a
    parsed citation and a stored one share."""

    doc_id: str
    sentence_start: int
    sentence_end: int
    marker_start: int
    marker_end: int
    kind: CitationKind
    stance: Stance = "mentioning"
    cue: str = ""


class Citation(CitingSpan):
    """One citing sentence and what it points at (offsets into the citing document)."""

    href: str | None = None  # link
    title: str | None = None  # reference entry
    authors: list[str] = Field(default_factory=list)  # surnames (reference) or [person]
    year: str | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    url: str | None = None  # a URL given in the reference entry
    person: str | None = None  # named
    quote_start: int | None = None  # quotation: the quoted words, without the marks
    quote_end: int | None = None

    @property
    def label(self) -> str:
        """What the UI shows for an unresolved citation: 'cites: <this>'."""
        if self.title:
            return self.title
        if self.href:
            return self.href
        names = self.person or lead_voice(self.authors)
        return f"{names} ({self.year})" if names and self.year else names or ""


VERB_ALT = "|".join(sorted((re.escape(v) for v in REPORTING_VERBS), key=len, reverse=True))


# -- in-text reference markers -------------------------------------------------------------

NUMERIC_GROUP_RE = re.compile(r"\[(\d{1,4}(?:\s*[-–,]\s*\d{1,4})*)\]")
SURNAME = (
    r"(?:(?:van|von|de|der|den|di|da|le|du|del)[ \t]+)?"
    r"[A-Z](?:[a-z]|['’][A-Z])[\w'’\-]*"  # "Ngo", "McCarthy", "O'Neil"; not "I'd"
)
NAMES = (
    rf"{SURNAME}(?:[ \t]+{SURNAME})?"
    rf"(?:\s+(?:and|&)\s+{SURNAME}(?:[ \t]+{SURNAME})?|\s+et\s+al\.?)?"
)
YEAR = r"(?:19|20)\d{2}[a-z]?"
# One "Name(s), YEAR" item inside a parenthesised or bracketed group.
GROUP_ITEM_RE = re.compile(rf"(?P<names>{NAMES}),?\s+(?P<year>{YEAR}(?:\s*,\s*{YEAR}(?![\w.]))*)")
GROUP_RE = re.compile(r"[\(\[]([^()\[\]]{4,600}?)[\)\]]")
NARRATIVE_RE = re.compile(
    rf"(?<![\w.])(?P<names>{NAMES})\s*[\(\[](?P<year>{YEAR}(?:\s*[,;]\s*{YEAR})*)[\)\]]"
)
NAMED_RE = re.compile(
    rf"(?:(?P<as>\b[Aa]s|[Aa]ccording to)\s+)?(?<![\w.])(?P<names>{NAMES})"
    rf"(?:\s+(?:has|have|had|also|rightly|correctly|famously|persuasively|once|recently|"
    rf"convincingly)){{0,2}}\s+(?P<verb>{VERB_ALT})\b"
)
ACCORDING_RE = re.compile(rf"\b[Aa]ccording to\s+(?P<names>{NAMES})(?=[,.;\s])")
# Curly or straight double quotes within one paragraph (a wrapped line is fine).
QUOTE_RE = re.compile(r"“([^”]{20,2000}?)”|\"((?:[^\"\n]|\n(?![ \t]*\n)){20,2000}?)\"")


def find_citations(
    doc_id: str,
    text: str,
    links: list[Link] | None = None,
    sentences: list[tuple[int, int]] | None = None,
) -> list[Citation]:
    """Every citation statement of one document, in text order.

    `links` are the document's ingest-time hyperlinks; `sentences` are its sentence spans
    if the caller has already segmented it (segmentation is most of the cost). Citations
    inside the reference list itself are not statements and are skipped; a reference
    marker that maps to no entry is kept with the names and year it gives, so the resolver
    can still try them.
    """
    if sentences is None:
        from assistant.offline.segment import split_sentences

        sentences = split_sentences(text)
    section = reference_section(text)
    skip = (section.start, section.end) if section else (len(text), len(text))
    references = parse_references(text)
    found: list[tuple[Citation, tuple[int, int]]] = []  # (citation, span stance reads)
    found += [(c, (c.marker_start, c.marker_end)) for c in _link_citations(doc_id, links or [])]
    found += _reference_citations(doc_id, text, references)
    taken = [span for _, span in found]
    found += [
        (c, (c.marker_start, c.marker_end))
        for c in _named_citations(doc_id, text, references, taken)
    ]
    found += [(c, (c.marker_start, c.marker_end)) for c in _quotations(doc_id, text)]
    kept = [(c, g) for c, g in found if not skip[0] <= c.marker_start < skip[1]]
    return _place_in_sentences(text, kept, sentences)


def _link_citations(doc_id: str, links: list[Link]) -> list[Citation]:
    return [
        Citation(
            doc_id=doc_id,
            sentence_start=k.start,
            sentence_end=k.end,
            marker_start=k.start,
            marker_end=k.end,
            kind="link",
            href=k.href,
        )
        for k in links
    ]


def _reference_citations(
    doc_id: str, text: str, references: list[Reference]
) -> list[tuple[Citation, tuple[int, int]]]:
    out: list[tuple[Citation, tuple[int, int]]] = []
    by_label = {r.label: r for r in references if r.label}
    if by_label:
        for group in NUMERIC_GROUP_RE.finditer(text):
            for label in expand_numbers(group.group(1)):
                entry = by_label.get(label)
                if entry is not None:
                    out.append(
                        (_from_entry(doc_id, entry, group.start(), group.end()), group.span())
                    )
    index = EntryIndex(references)
    claimed: list[tuple[int, int]] = []
    for match in NARRATIVE_RE.finditer(text):
        trimmed = _trim_names(match.group("names"), match.start("names"))
        if trimmed is None:
            continue
        names, start = trimmed
        for year in re.findall(YEAR, match.group("year")):
            out.append(
                (
                    _marker_citation(index, doc_id, names, year, start, match.end()),
                    (start, match.end()),
                )
            )
        claimed.append(match.span())
    for group in GROUP_RE.finditer(text):
        if any(s <= group.start() < e for s, e in claimed):
            continue
        for item in GROUP_ITEM_RE.finditer(group.group(1)):
            trimmed = _trim_names(item.group("names"), group.start(1) + item.start())
            if trimmed is None:
                continue
            names, start = trimmed
            end = group.start(1) + item.end()
            for year in re.findall(YEAR, item.group("year")):
                out.append((_marker_citation(index, doc_id, names, year, start, end), group.span()))
    return out


def _trim_names(names: str, start: int) -> tuple[str, int] | None:
    """The names without leading words that are not names ("As Ngo" -> "Ngo"), and where
    they now start; None when nothing name-like is left."""
    for word in re.finditer(r"\S+", names):
        if word.group(0).casefold().strip(".,") not in NOT_A_PERSON:
            rest = names[word.start() :]
            if re.fullmatch(r"(?:and|&|et|al\.?)(?:\s.*)?", rest, re.DOTALL):
                return None
            return rest, start + word.start()
    return None


def _first_word(names: str) -> str:
    return names.split()[0] if names.split() else ""


def _marker_citation(
    index: EntryIndex, doc_id: str, names: str, year: str, start: int, end: int
) -> Citation:
    """The citation an 'Author (2024)' marker makes: its entry's, else the names and year."""
    entry = index.find(names, year)
    if entry is not None:
        return _from_entry(doc_id, entry, start, end)
    surnames, _ = marker_surnames(names)
    return Citation(
        doc_id=doc_id,
        sentence_start=start,
        sentence_end=end,
        marker_start=start,
        marker_end=end,
        kind="reference",
        authors=[s.split()[-1] for s in surnames],
        year=year,
    )


def _from_entry(
    doc_id: str, entry: Reference, start: int, end: int, kind: CitationKind = "reference"
) -> Citation:
    return Citation(
        doc_id=doc_id,
        sentence_start=start,
        sentence_end=end,
        marker_start=start,
        marker_end=end,
        kind=kind,
        title=entry.title or None,
        authors=entry.authors,
        year=entry.year,
        arxiv_id=entry.arxiv_id,
        doi=entry.doi,
        url=entry.url,
    )


# -- named people and quotations -----------------------------------------------------------


def _named_citations(
    doc_id: str, text: str, references: list[Reference], taken: list[tuple[int, int]]
) -> list[Citation]:
    """People cited by name with a reporting verb, when the name is plausibly a person.

    A capitalised word is a person only if it is not on the NOT_A_PERSON list and the text
    never uses it in lower case ("Training shows" is a word, "Wentworth argues" a name).
    """
    index = EntryIndex(references)
    lowered = set(re.findall(r"\b[a-z][\w'’-]*\b", text))
    out: list[Citation] = []
    matches = []
    for match in [*NAMED_RE.finditer(text), *ACCORDING_RE.finditer(text)]:
        trimmed = _trim_names(match.group("names"), match.start("names"))
        if trimmed is not None:
            matches.append((trimmed[1], match.end("names"), trimmed[0]))
    for start, end, names in sorted(set(matches)):
        if any(s < end and start < e for s, e in taken) or not _is_person(names, lowered):
            continue
        if _part_of_longer_name(text, start):
            continue
        entry = index.find(names, None) if references else None
        if entry is not None:
            out.append(_from_entry(doc_id, entry, start, end, kind="named"))
            out[-1].person = names
            continue
        surnames, _ = marker_surnames(names)
        out.append(
            Citation(
                doc_id=doc_id,
                sentence_start=start,
                sentence_end=end,
                marker_start=start,
                marker_end=end,
                kind="named",
                person=names,
                authors=[s.split()[-1] for s in surnames],
            )
        )
        taken.append((start, end))
    return out


def _part_of_longer_name(text: str, start: int) -> bool:
    """'Claude 3.5 Sonnet showed', 'Open Philanthropy Project argues': the word before is a
    number or another capitalised word, so the match is the tail of a product or
    organisation name rather than a person."""
    before = re.search(r"(\S+)[ \t]+$", text[max(0, start - 40) : start])
    if before is None:
        return False
    word = before.group(1)
    if any(ch.isdigit() for ch in word):
        return True
    return word[:1].isupper() and word.casefold().strip(".,;:") not in NOT_A_PERSON


def _is_person(names: str, lowered: set[str]) -> bool:
    if re.search(r"\bet\s+al\b", names):
        return _first_word(names).casefold() not in NOT_A_PERSON
    for word in re.sub(r"\s+(?:and|&)\s+", " ", names).split():
        if word.casefold() in NOT_A_PERSON or word.casefold() in lowered:
            return False
        if word.isupper() or any(ch.isdigit() for ch in word):
            return False
    return True


def _quotations(doc_id: str, text: str) -> list[Citation]:
    out: list[Citation] = []
    for match in QUOTE_RE.finditer(text):
        group = 1 if match.group(1) is not None else 2
        inner = match.group(group)
        if len(re.findall(r"\w+", inner)) < MIN_QUOTE_WORDS:
            continue
        out.append(
            Citation(
                doc_id=doc_id,
                sentence_start=match.start(),
                sentence_end=match.end(),
                marker_start=match.start(),
                marker_end=match.end(),
                kind="quotation",
                quote_start=match.start(group),
                quote_end=match.end(group),
            )
        )
    return out


# -- sentences and stance ------------------------------------------------------------------


def _place_in_sentences(
    text: str, found: list[tuple[Citation, tuple[int, int]]], sentences: list[tuple[int, int]]
) -> list[Citation]:
    """Give each citation its sentence and the stance that sentence takes toward it."""
    starts = [s for s, _ in sentences]
    spans_in: dict[tuple[int, int], list[tuple[int, int]]] = {}
    placed: list[tuple[Citation, tuple[int, int], tuple[int, int]]] = []
    for citation, stance_span in found:
        sentence = _sentence_of(text, sentences, starts, citation.marker_start, citation.marker_end)
        spans_in.setdefault(sentence, []).append(stance_span)
        placed.append((citation, stance_span, sentence))
    out: list[Citation] = []
    seen: set[tuple] = set()
    for citation, stance_span, (s, e) in placed:
        key = (
            citation.kind,
            citation.marker_start,
            citation.marker_end,
            citation.title,
            citation.year,
            citation.href,
        )
        if key in seen:
            continue
        seen.add(key)
        marker = (stance_span[0] - s, stance_span[1] - s)
        others = [(a - s, b - s) for a, b in spans_in[(s, e)]]
        stance, cue = classify_stance(text[s:e], marker, others)
        if citation.kind == "quotation":
            stance, cue = "mentioning", ""  # whose words they are is for the resolver
        out.append(
            citation.model_copy(
                update={"sentence_start": s, "sentence_end": e, "stance": stance, "cue": cue}
            )
        )
    return sorted(out, key=lambda c: (c.marker_start, c.marker_end, c.kind))


def _sentence_of(
    text: str, sentences: list[tuple[int, int]], starts: list[int], start: int, end: int
) -> tuple[int, int]:
    """The sentence span holding a marker; a marker across sentences gets their union, and
    one outside every sentence (a heading, a list line) gets its line."""
    i = bisect.bisect_right(starts, start) - 1
    if i >= 0 and sentences[i][0] <= start and end <= sentences[i][1]:
        return sentences[i]
    if i >= 0 and sentences[i][0] <= start < sentences[i][1]:
        j = i
        while j + 1 < len(sentences) and sentences[j][1] < end:
            j += 1
        return sentences[i][0], max(sentences[j][1], end)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    while line_start < start and text[line_start].isspace():
        line_start += 1
    return line_start, max(line_end, end)
