"""Citation statements: the sentences where a document points at another work, and how.

A citation is the strongest cross-document evidence there is: the author says, in words a
reader can check, which work they are talking about. Four kinds are found:

- link: a hyperlink kept at ingest (`Link`), its anchor text as the marker;
- reference: "[12]", "[3, 7]", "[3-5]", "Amodei et al. (2016)", "(Hubinger et al., 2024;
  Ngo, 2022)" and the bracketed "[Amodei et al., 2016, Pan et al., 2022]" form, mapped to
  the entry of the document's reference list when it has one;
- named: a person with a reporting verb ("Wentworth argues that", "as Christiano has
  noted", "Hubinger et al. find");
- quotation: a quoted span of at least eight words (the resolver looks for it verbatim in
  other documents).

Each citing sentence gets a stance toward the cited work, read from the sentence alone:
`contrasting` (it disputes the work), `supporting` (it agrees or rests on it as
evidence), else `mentioning`. Precision first: describing or using a work ("we use the
method of [12]", "unlike [4], we train on ...") is mentioning, and only cue phrases that
attach to the citation itself decide a stance; `cue` keeps the words that decided it.

`find_citations` is pure (text in, citations out); `CitationResolver`, built once per
analysis run from the library's documents, maps each citation to the document it points at
(or to nothing: the UI then shows "cites: <label>"). assistant.citationstore stores them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, Field

from assistant.references import (
    EntryIndex,
    Reference,
    expand_numbers,
    marker_surnames,
    parse_references,
    reference_section,
    surname_key,
    title_key,
    url_key,
)
from ingest.models import Link

CitationKind = Literal["link", "reference", "named", "quotation"]
Stance = Literal["supporting", "contrasting", "mentioning"]

#: Placeholder the stance patterns see instead of the citation's own marker.
CITE = "⟨CITE⟩"
MIN_QUOTE_WORDS = 8


class Citation(BaseModel):
    """One citing sentence and what it points at (offsets into the citing document)."""

    doc_id: str
    sentence_start: int
    sentence_end: int
    marker_start: int
    marker_end: int
    kind: CitationKind
    stance: Stance = "mentioning"
    cue: str = ""
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
        names = self.person or _names_label(self.authors)
        return f"{names} ({self.year})" if names and self.year else names or ""


def _names_label(authors: list[str]) -> str:
    if len(authors) > 2:
        return f"{authors[0]} et al."
    return " and ".join(authors)


# -- word lists (data) ---------------------------------------------------------------------

REPORTING_VERBS = tuple(
    """
    argue argues argued claim claims claimed contend contends contended maintain maintains
    maintained suggest suggests suggested note notes noted observe observes observed find
    finds found show shows showed shown demonstrate demonstrates demonstrated propose proposes
    proposed write writes wrote warn warns warned predict predicts predicted believe believes
    believed think thinks thought worry worries worried conclude concludes concluded report
    reports reported emphasise emphasises emphasised emphasize emphasizes emphasized assert
    asserts asserted hypothesise hypothesises hypothesize hypothesizes hypothesized speculate
    speculates speculated
    """.split()
) + ("point out", "points out", "pointed out")
# Capitalised words that stand before a reporting verb without being a person.
NOT_A_PERSON = frozenset(
    """
    a an the this that these those it its they them their there here we our us you your he she
    his her i one some many most several few others other all both each either neither such
    which who what when where while if although though however but and or so because since
    as also then thus hence yet still later earlier recent recently prior previous past
    future current modern early further figure fig table section appendix chapter equation
    eq theorem lemma proposition corollary definition example experiment experiments
    evidence research work works paper papers study studies analysis result results data
    history experience intuition theory practice literature authors author researchers
    people critics proponents skeptics sceptics optimists pessimists commenters readers
    reviewers observers experts scientists engineers economists philosophers everyone
    nobody someone anyone nothing something everything model models training search
    google openai anthropic deepmind microsoft meta nature science section update updated
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec authorship
    spring summer autumn fall winter early late mid version edition
    neurips nips icml iclr aaai ijcai acl emnlp naacl cvpr iccv eccv corl uai aistats arxiv
    """.split()
)
# Verbs that put forward a view (not a finding): "X argues that ..., but ..." disputes it.
ASSERTIVE_VERBS = tuple(
    """
    argue argues argued claim claims claimed contend contends contended maintain maintains
    maintained suggest suggests suggested believe believes believed think thinks propose
    proposes proposed assert asserts asserted predict predicts predicted
    """.split()
)
VERB_ALT = "|".join(sorted((re.escape(v) for v in REPORTING_VERBS), key=len, reverse=True))
ASSERT_ALT = "|".join(sorted((re.escape(v) for v in ASSERTIVE_VERBS), key=len, reverse=True))
AGREEING_VERBS = (
    "showed|shown|shows|demonstrated|demonstrates|found|finds|noted|notes|argued|argues|"
    "pointed out|points out|observed|observes|established|establishes|explained|explains|"
    "predicted|predicts|described|describes|discussed|discusses|suggested|suggests"
)
# How the citing author's own rebuttal opens after "X argues that ..., but": "but also",
# or "but some estimates suggest" in a summary, is still the cited author talking.
REBUTTAL_OPENERS = (
    "i|we|in fact|actually|in practice|this (?:is|ignores|overlooks|misses|seems|fails|"
    "assumes|does not|doesn't)|that (?:is|ignores|overlooks|misses|seems|fails|assumes|does "
    "not|doesn't)|the evidence|there is (?:no|little)|it (?:is not|isn't|does not|doesn't)"
)
CLAIM_NOUNS = (
    "claim|claims|argument|arguments|view|views|suggestion|assertion|conclusion|conclusions|"
    "position|thesis|contention|assumption|assumptions|prediction|predictions|proposal|"
    "picture|framing|intuition|model|account|story|hypothesis|optimism|pessimism"
)
FAULT_VERBS = (
    "overlook|overlooks|overlooked|ignore|ignores|ignored|neglect|neglects|neglected|"
    "underestimate|underestimates|underestimated|overestimate|overestimates|overestimated|"
    "conflate|conflates|conflated|misread|misreads|misunderstand|misunderstands|"
    "misunderstood|misses|missed|fails to (?:account|consider|recogni[sz]e|notice|address|"
    "engage|distinguish|appreciate)|failed to (?:account|consider|recogni[sz]e|notice|address)"
)
# A few words, never across a clause boundary (a comma only inside a list of citations).
_NEAR = r"(?:[^.;:?!,]|,(?=\s*⟨)){0,40}?"
# What a dispute is about when it names the work's content: "contrary to the findings of X".
_ITS_CONTENT = (
    rf"(?:(?:what|the (?:{CLAIM_NOUNS}|findings?|results?|suggestions?|conclusions?) "
    r"(?:of|by|in))\s+)?"
)

#: (stance, pattern). Each pattern must touch the citation itself (⟨CITE⟩), so a cue about
#: some third party in the same sentence does not decide the stance toward this work.
STANCE_PATTERNS: tuple[tuple[Stance, re.Pattern[str]], ...] = tuple(
    (stance, re.compile(pattern, re.IGNORECASE))
    for stance, pattern in (
        # "contrary to X" disputes X; "in contrast to" and "unlike" only mark a difference
        # ("unlike [4], we train on ...") unless they name what X claims.
        ("contrasting", rf"\b(?:contrary to|counter to|pace)\s+{_ITS_CONTENT}{CITE}"),
        ("contrasting", rf"\b(?:unlike|in contrast to) {CITE}(?:'s|’s)?\s+(?:{CLAIM_NOUNS})\b"),
        (
            "contrasting",
            rf"\b(?:unlike|in contrast to) (?:the )?(?:{CLAIM_NOUNS}) (?:of|by|in) {CITE}",
        ),
        (
            "contrasting",
            rf"\b(?:we|i)\s+(?:\w+\s+)?(?:disagree|part ways|take issue) with{_NEAR}{CITE}",
        ),
        (
            "contrasting",
            rf"\b(?:we|i)\s+(?:\w+\s+)?(?:dispute|reject|doubt|challenge){_NEAR}{CITE}",
        ),
        (
            "contrasting",
            rf"{CITE}(?:'s|’s)?(?:\s+(?:\w+\s+){{0,2}}?)?\s*(?:is|are|was|were|seems?|seem to be)\s+"
            r"(?:\w+\s+){0,2}?(?:wrong|mistaken|incorrect|misguided|flawed|unconvincing|"
            r"overstated|overconfident|too optimistic|too pessimistic)\b",
        ),
        ("contrasting", rf"{CITE}(?:'s|’s)?(?:\s+\w+){{0,2}}?\s+(?:\w+ly\s+)?(?:{FAULT_VERBS})\b"),
        (
            "contrasting",
            rf"\b(?:inconsistent with|at odds with|contradicts?|contradicted by|refutes?|"
            rf"refuted|rebuts?|undermines?|(?:is|are) not consistent with){_NEAR}{CITE}",
        ),
        (
            "contrasting",
            rf"{CITE}\s+(?:\w+\s+){{0,2}}?(?:{ASSERT_ALT})\b[^.;?!]{{8,}}?"
            rf"(?:[,;]\s*but|[,;]\s*however,?)\s+(?:{REBUTTAL_OPENERS})\b",
        ),
        (
            "contrasting",
            rf"\b(?:against the (?:{CLAIM_NOUNS}) (?:of|in|by)|objections? to|criticism of|"
            rf"critique of|cuts against){_NEAR}{CITE}",
        ),
        ("supporting", rf"\bas {CITE}\s+(?:\w+\s+)?(?:has |have |had )?(?:{AGREEING_VERBS})\b"),
        (
            "supporting",
            rf"\bas (?:shown|demonstrated|found|noted|argued|established|observed|"
            rf"pointed out|predicted|explained) (?:by|in){_NEAR}{CITE}",
        ),
        (
            "supporting",
            rf"\b(?<!not )(?<!in)(?:consistent with|in line with|in agreement with|"
            rf"in keeping with|agrees? with|echoe?s?|corroborat\w+|confirm\w*|"
            rf"supported by|vindicat\w+|bears? out){_NEAR}{CITE}",
        ),
        (
            "supporting",
            rf"{CITE}(?:'s|’s)?(?:\s+\w+){{0,2}}?\s+(?:rightly|correctly|convincingly)\b",
        ),
        ("supporting", rf"{CITE}(?:'s|’s)?\s+(?:\w+\s+)?(?:is|are|was|were) (?:right|correct)\b"),
        ("supporting", rf"{CITE}\s+(?:\w+\s+)?(?:confirms?|corroborates?|supports?)\b"),
    )
)
# A cue that is not a stance in context: negated agreement, or the author's own change of
# plan ("we agree with X on A but not on B" is decided by the contrasting pattern instead).
NEGATED_SUPPORT_RE = re.compile(r"\b(?:not|n't|never|no longer)\s+(?:\w+\s+)?$", re.IGNORECASE)


def classify_stance(
    sentence: str, marker: tuple[int, int], others: Iterable[tuple[int, int]] = ()
) -> tuple[Stance, str]:
    """Stance of `sentence` toward the citation at `marker` (offsets within the sentence).

    Other citations in the sentence become neutral tokens, so "contrary to [3], [5] shows"
    is contrasting toward [3] only. Returns the stance and the cue text that decided it.
    """
    view = _with_placeholders(sentence, marker, others)
    found: list[tuple[int, Stance, str]] = []
    for stance, pattern in STANCE_PATTERNS:
        for match in pattern.finditer(view):
            if stance == "supporting" and NEGATED_SUPPORT_RE.search(view[: match.start()]):
                continue
            found.append((match.start(), stance, match.group(0)))
    if not found:
        return "mentioning", ""
    contrasting = [f for f in found if f[1] == "contrasting"]
    _, stance, cue = min(contrasting or found)
    return stance, " ".join(cue.replace(CITE, "…").replace("⟨OTHER⟩", "…").split())


def _with_placeholders(
    sentence: str, marker: tuple[int, int], others: Iterable[tuple[int, int]]
) -> str:
    spans = sorted({(max(s, 0), min(e, len(sentence))) for s, e in others if (s, e) != marker})
    pieces: list[str] = []
    last = 0
    for start, end in sorted([*spans, marker]):
        if start < last:
            continue
        pieces.append(sentence[last:start])
        pieces.append(CITE if (start, end) == marker else "⟨OTHER⟩")
        last = end
    pieces.append(sentence[last:])
    return " ".join("".join(pieces).split())


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
    import bisect

    starts = [s for s, _ in sentences]
    spans_in: dict[tuple[int, int], list[tuple[int, int]]] = {}
    placed: list[tuple[Citation, tuple[int, int], tuple[int, int]]] = []
    for citation, stance_span in found:
        sentence = _sentence_of(
            text, sentences, starts, citation.marker_start, citation.marker_end, bisect
        )
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


def _sentence_of(text, sentences, starts, start, end, bisect) -> tuple[int, int]:
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


# -- resolution to library documents -------------------------------------------------------

QUOTE_SHINGLE = 5  # words per shingle
QUOTE_WINDOW = 4  # shingles per window: any shared run of 8 words is found
# Base of the polynomial shingle hash (int64 arithmetic wraps, which is fine for hashing).
SHINGLE_BASE = 1_000_003
WORD_RE = re.compile(r"\w+")


class Resolution(BaseModel):
    """Where a citation points in the library: the document, how it was found, and for a
    quotation the span of the quoted words in that document."""

    doc_id: str
    via: Literal["url", "arxiv", "doi", "title", "person", "quotation"]
    start: int | None = None
    end: int | None = None


class CitationResolver:
    """Maps citations to library documents; built once per analysis run in O(library).

    Every lookup is a dictionary probe (a quotation: a few probes of a winnowed shingle
    index, then one verbatim check per candidate). When a key names several documents
    (cross-posts, a podcast re-reading) the fullest text wins, so a re-reading's preamble
    never stands in for the post. Ambiguity on weak keys (a surname, a surname and year)
    resolves to nothing: precision first.
    """

    def __init__(self, docs: list) -> None:
        self.docs = {d.id: d for d in docs}
        self.by_url: dict[str, list[str]] = {}
        self.by_title: dict[str, list[str]] = {}
        self.by_first_author: dict[str, list[str]] = {}
        self.by_author: dict[str, list[str]] = {}
        self._quotes = None  # (sorted fingerprints, document index of each), built lazily
        self._tokens: dict[str, tuple[list[str], list[tuple[int, int]]]] = {}

    @classmethod
    def from_documents(cls, docs, alternate_urls=None) -> CitationResolver:
        """`docs`: objects with id, url, title, authors, published, text (and optionally
        identity and meta, as `ingest.models.Document` has); `alternate_urls`: doc id ->
        other URLs known for it (cross-posts)."""
        docs = list(docs)
        resolver = cls(docs)
        for doc in docs:
            resolver._add(doc, (alternate_urls or {}).get(doc.id, ()))
        return resolver

    def _add(self, doc, alternates) -> None:
        keys = {url_key(u) for u in [doc.url or "", *alternates] if u}
        identity = getattr(doc, "identity", "") or ""
        meta = getattr(doc, "meta", {}) or {}
        if identity.startswith(("http://", "https://")):
            keys.add(url_key(identity))
        for arxiv_id in (
            meta.get("arxiv_id"),
            identity.removeprefix("arxiv:") if identity.startswith("arxiv:") else None,
        ):
            if arxiv_id:
                keys.add(f"arxiv:{arxiv_id}")
        if meta.get("doi"):
            keys.add(f"doi:{meta['doi'].casefold()}")
        for key in keys - {None}:
            self.by_url.setdefault(key, []).append(doc.id)
        title = title_key(doc.title or "")
        if title:
            self.by_title.setdefault(title, []).append(doc.id)
        names = [surname_key(a) for a in doc.authors if a.strip()]
        for position, name in enumerate(dict.fromkeys(names)):
            self.by_author.setdefault(name, []).append(doc.id)
            if position == 0:
                self.by_first_author.setdefault(name, []).append(doc.id)

    # -- lookups ------------------------------------------------------------------------

    def resolve(self, citation: Citation) -> str | None:
        """The library document a citation points at, or None."""
        found = self.locate(citation)
        return found.doc_id if found else None

    def resolve_url(self, href: str, exclude: str | None = None) -> str | None:
        """The library document at a URL in any of its spellings (for `Document.reply_to`:
        the post a comment or note answers), other than `exclude`."""
        found = self._by_key(url_key(href), "url", exclude or "")
        return found.doc_id if found else None

    def locate(self, citation: Citation) -> Resolution | None:
        exclude = citation.doc_id
        if citation.kind == "link" and citation.href:
            return self._by_key(url_key(citation.href), "url", exclude)
        if citation.kind == "quotation":
            return self._quotation(citation, exclude)
        for key, via in (
            (f"arxiv:{citation.arxiv_id}" if citation.arxiv_id else None, "arxiv"),
            (f"doi:{citation.doi}" if citation.doi else None, "doi"),
            (url_key(citation.url) if citation.url else None, "url"),
        ):
            found = self._by_key(key, via, exclude)
            if found:
                return found
        if citation.title:
            return self._by_title(citation, exclude)
        return self._by_person(citation, exclude)

    def _by_key(self, key: str | None, via, exclude: str) -> Resolution | None:
        ids = [d for d in self.by_url.get(key or "", []) if d != exclude]
        return Resolution(doc_id=self._fullest(ids), via=via) if ids else None

    def _by_title(self, citation: Citation, exclude: str) -> Resolution | None:
        """Same normalised title, and (when both name people) a shared family name."""
        key = title_key(citation.title or "")
        ids = [d for d in self.by_title.get(key or "", []) if d != exclude]
        cited = {surname_key(a) for a in citation.authors}
        if cited:
            ids = [
                d
                for d in ids
                if not self.docs[d].authors
                or cited & {surname_key(a) for a in self.docs[d].authors}
            ]
        return Resolution(doc_id=self._fullest(ids), via="title") if ids else None

    def _by_person(self, citation: Citation, exclude: str) -> Resolution | None:
        """A surname and year that name exactly one work in the library.

        A name without a year ("Wentworth argues") never resolves on its own: on real
        text the person's one library document was often not the work being discussed.
        `candidates` lists that person's documents for a caller that checks the content.
        """
        if not citation.year:
            return None
        ids = self.candidates(citation)
        works = {title_key(self.docs[d].title or "") or d for d in ids}
        return Resolution(doc_id=self._fullest(ids), via="person") if len(works) == 1 else None

    def candidates(self, citation: Citation) -> list[str]:
        """Library documents by the cited person (first author for a reference; any author
        for a named mention), narrowed by the second author and the year when given."""
        if not citation.authors:
            return []
        first = surname_key(citation.authors[0])
        pool = self.by_first_author if citation.kind == "reference" else self.by_author
        ids = [d for d in pool.get(first, []) if d != citation.doc_id]
        if len(citation.authors) > 1 and citation.kind == "reference":
            second = surname_key(citation.authors[1])
            ids = [d for d in ids if second in {surname_key(a) for a in self.docs[d].authors}]
        if citation.year:
            ids = [d for d in ids if citation.year[:4] in self._years(self.docs[d])]
        return sorted(set(ids))

    @staticmethod
    def _years(doc) -> set[str]:
        years = {str(doc.published.year)} if getattr(doc, "published", None) else set()
        meta = getattr(doc, "meta", {}) or {}
        arxiv_id = meta.get("arxiv_id") or ""
        if re.match(r"\d{4}\.", arxiv_id):
            years.add(f"20{arxiv_id[:2]}")
        return years

    def _fullest(self, ids: list[str]) -> str:
        return max(sorted(set(ids)), key=lambda d: len(self.docs[d].text or ""))

    # -- quotations -----------------------------------------------------------------------

    def _quotation(self, citation: Citation, exclude: str) -> Resolution | None:
        """The earliest other document holding the quoted words verbatim (the original,
        not a later work quoting it too), with the span where they appear."""
        if citation.quote_start is None or citation.quote_end is None:
            return None
        citing = self.docs.get(citation.doc_id)
        if citing is None:
            return None
        quoted = _longest_fragment(citing.text[citation.quote_start : citation.quote_end])
        if len(quoted) < MIN_QUOTE_WORDS:
            return None
        candidates = self._quote_candidates(_fingerprints(quoted))
        hits = []
        for doc_id in sorted(candidates - {exclude}):
            span = self._find_words(doc_id, quoted)
            if span:
                hits.append((doc_id, span))
        if not hits:
            return None
        doc_id, (start, end) = min(hits, key=lambda h: (self._published(h[0]), h[0]))
        return Resolution(doc_id=doc_id, via="quotation", start=start, end=end)

    def _published(self, doc_id: str) -> str:
        published = getattr(self.docs[doc_id], "published", None)
        return published.isoformat() if published else "9999"

    def _quote_candidates(self, fingerprints) -> set[str]:
        """Documents sharing a fingerprint with the quote: two binary searches each."""
        import numpy as np

        keys, owners = self._quote_index()
        ids = list(self.docs)
        found: set[str] = set()
        for fingerprint in fingerprints:
            lo = np.searchsorted(keys, fingerprint, side="left")
            hi = np.searchsorted(keys, fingerprint, side="right")
            found.update(ids[i] for i in owners[lo:hi])
        return found

    def _quote_index(self):
        """Winnowed word-shingle fingerprints of every document as two sorted arrays
        (fingerprint, document index), built on first use: compact (a few bytes per word)
        and searched by bisection."""
        import numpy as np

        if self._quotes is None:
            keys, owners = [], []
            for number, doc in enumerate(self.docs.values()):
                prints = _fingerprints(_casefold_words(doc.text or ""))
                keys.append(prints)
                owners.append(np.full(len(prints), number, dtype=np.int32))
            all_keys = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
            all_owners = np.concatenate(owners) if owners else np.zeros(0, dtype=np.int32)
            order = np.argsort(all_keys, kind="stable")
            self._quotes = (all_keys[order], all_owners[order])
        return self._quotes

    def _words(self, doc_id: str) -> tuple[list[str], list[tuple[int, int]]]:
        if doc_id not in self._tokens:
            spans = [
                (m.start(), m.end()) for m in re.finditer(r"\w+", self.docs[doc_id].text or "")
            ]
            text = self.docs[doc_id].text or ""
            self._tokens[doc_id] = ([text[s:e].casefold() for s, e in spans], spans)
        return self._tokens[doc_id]

    def _find_words(self, doc_id: str, quoted: list[str]) -> tuple[int, int] | None:
        words, spans = self._words(doc_id)
        n = len(quoted)
        first = quoted[0]
        for i, word in enumerate(words[: len(words) - n + 1]):
            if word == first and words[i : i + n] == quoted:
                return spans[i][0], spans[i + n - 1][1]
        return None


def _longest_fragment(quote: str) -> list[str]:
    """The quote's longest run of words without an ellipsis or editorial [brackets]."""
    pieces = re.split(r"\.\.\.|…|\[[^\]]*\]", quote)
    runs = [[w.casefold() for w in re.findall(r"\w+", piece)] for piece in pieces]
    return max(runs, key=len) if runs else []


def _casefold_words(text: str) -> list[str]:
    return WORD_RE.findall(text.casefold())


def _fingerprints(words: list[str]):
    """Winnowing (Schleimer et al.): the distinct minimum shingle hashes of every window,
    so any shared run of QUOTE_SHINGLE + QUOTE_WINDOW - 1 words shares a fingerprint.
    Vectorised: a document costs one Python hash per word."""
    import numpy as np
    from numpy.lib.stride_tricks import sliding_window_view

    if len(words) < QUOTE_SHINGLE:
        return np.zeros(0, dtype=np.int64)
    codes = np.fromiter((hash(w) for w in words), dtype=np.int64, count=len(words))
    count = len(words) - QUOTE_SHINGLE + 1
    shingles = np.zeros(count, dtype=np.int64)
    with np.errstate(over="ignore"):
        for offset in range(QUOTE_SHINGLE):
            shingles = shingles * np.int64(SHINGLE_BASE) + codes[offset : offset + count]
    if len(shingles) <= QUOTE_WINDOW:
        return np.unique(shingles.min(keepdims=True))
    return np.unique(sliding_window_view(shingles, QUOTE_WINDOW).min(axis=1))
