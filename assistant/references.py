"""A paper's reference list: where it is, and what each entry cites.

The list is what turns "[12]" or "Amodei et al. (2016)" into a title a reader (and the
resolver) can match against the library. It is also where a claim extractor must not look:
names and titles there are citations, not the author's claims. This module is the one place
that knows where a reference list starts and ends; callers that only want the argued text
use `argued_text`, which blanks the list out but keeps every offset (and the notes or
appendices after it) valid, and readers that only count names use `text_before_references`.

Also here: `EntryIndex`, which maps an "Author (2024)" marker to the one entry it names, and
the identity keys (`url_key`, `title_key`) that make every spelling of a cited work (arXiv
abs/pdf/versions, a forum post under any host or slug, a podcast re-reading's title) match
the library document that holds it.

Pure functions over text, no storage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, Field

from ingest.people import reference_surnames, surname_key

HEADING_RE = re.compile(
    r"^[ \t]*(?:\d+\.?[ \t]*)?(?:references|bibliography|works cited|literature cited|"
    r"reference list|cited works)[ \t]*:?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# What follows a reference list in papers: endnotes, appendices ("A Self-knowledge ...").
AFTER_LIST_RE = re.compile(
    r"^[ \t]*(?:notes|endnotes|footnotes|appendix\b[^\n]{0,80}|appendices|"
    r"supplementary[^\n]{0,80}|[A-H](?:\.\d+)?[ \t]+[A-Z][A-Za-z][^.\n]{2,80})[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
YEAR_RE = re.compile(r"(?<![\d.:/])(?:19|20)\d{2}(?![\d])[a-z]?")
ARXIV_RE = re.compile(
    r"(?:arxiv[:\s]*|arxiv\.org/(?:abs|pdf)/)(\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE
)
DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s,;\"”]+)")
URL_RE = re.compile(r"https?://[^\s\"”<>]+")
NUMBERED_ENTRY_RE = re.compile(r"^[ \t]*\[(\d{1,4})\][ \t]+", re.MULTILINE)
PAGE_NUMBER_LINE_RE = re.compile(r"^\s*\d{1,4}\s*$")
URL_LINE_RE = re.compile(r"^\s*(?:URL\s+)?https?://\S+\s*$")
# A line that cannot start an entry: it continues the one before even after a final period.
CONTINUATION_RE = re.compile(
    r"^\s*(?:[a-z(\[]|arXiv:|URL\b|doi:|DOI\b|Accessed\b|ISBN\b|In:|pp\.|\d)"
)
QUOTED_TITLE_RE = re.compile(r"[“\"]([^”\"]{8,400}?)[.,]?[”\"]")
# A period that ends the author list: not after an initial ("A.") and not inside "et al".
AUTHORS_END_RE = re.compile(r"(?<![\s.][A-Z])(?<!\bet al)\.\s+|\bet al\.\s*")
# A title ends at a period (not an initial's) or at a ?/! that a capital or the end follows.
TITLE_END_RE = re.compile(r"(?<![\s.][A-Z])\.(?=\s|$)|[?!](?=\s+[A-Z]|\s*$)")
# Dates and site names that author-year styles append to a title.
TITLE_TAIL_RE = re.compile(
    r"(?:,\s*(?:(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+)?(?:19|20)\d{2}[a-z]?|\s+[-–]\s+(?:AI Alignment Forum|LessWrong|"
    r"Effective Altruism Forum|EA Forum))+$"
)
#: Lines needed in the first stretch after a heading before it counts as a reference list.
MIN_YEARS_AFTER_HEADING = 3
LOOKAHEAD_CHARS = 1500

# -- identities of cited works: one key for every spelling of the same page or title --
FORUM_HOSTS = frozenset(
    {
        "lesswrong.com",
        "alignmentforum.org",
        "forum.effectivealtruism.org",
        "greaterwrong.com",
        "ea.greaterwrong.com",
        "alignmentforum.greaterwrong.com",
    }
)
FORUM_POST_RE = re.compile(r"^/(?:posts|s/[^/]+/p|events)/([A-Za-z0-9]{8,24})(?:/|$)")
ARXIV_HOSTS = frozenset({"arxiv.org", "export.arxiv.org"})
ARXIV_PATH_RE = re.compile(
    r"^/(?:abs|pdf|html)/([a-z\-]+/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?/?$"
)
# Queries that are the identity of a page rather than tracking or view state.
IDENTITY_QUERY_KEYS = ("p", "id", "story_fbid", "v")
READER_TITLE_RE = re.compile(r"^(?:AF|LW|EA)\s*-\s*(?P<title>.+?)(?:\s+by\s+[^,]{2,80})?$")
MIN_TITLE_WORDS = 3


class Reference(BaseModel):
    """One entry of a reference list, with the span of the entry in the document's text."""

    start: int
    end: int
    label: str | None = None  # "12" in a numbered list
    authors: list[str] = Field(default_factory=list)  # surnames, in order
    year: str | None = None  # "2022" or "2022a"
    title: str = ""
    arxiv_id: str | None = None
    doi: str | None = None
    url: str | None = None

    @property
    def first_author(self) -> str | None:
        return self.authors[0] if self.authors else None


@dataclass(frozen=True)
class ReferenceSection:
    start: int  # the heading
    body: int  # the first entry
    end: int


def reference_section(text: str) -> ReferenceSection | None:
    """The closing reference list: the last 'References' heading followed by entries.

    A heading counts only if years follow it densely, so a table of contents line or a
    section called 'References to prior work' in the body is not mistaken for the list.
    The list ends at the notes or appendix heading that follows, or at the end of the text.
    """
    found: ReferenceSection | None = None
    for heading in HEADING_RE.finditer(text):
        ahead = text[heading.end() : heading.end() + LOOKAHEAD_CHARS]
        if len(YEAR_RE.findall(ahead)) < MIN_YEARS_AFTER_HEADING:
            continue
        after = AFTER_LIST_RE.search(text, heading.end())
        end = after.start() if after else len(text)
        found = ReferenceSection(heading.start(), heading.end(), end)
    return found


def argued_text(text: str) -> str:
    """The text with its reference list blanked out (same length, line breaks kept).

    Offsets stay valid and notes or appendices after the list are still read, which cutting
    the text at the heading would lose.
    """
    section = reference_section(text)
    if section is None:
        return text
    blank = re.sub(r"[^\n]", " ", text[section.start : section.end])
    return text[: section.start] + blank + text[section.end :]


def text_before_references(text: str) -> str:
    """The text up to its last reference-list heading, if that stands after the first third.

    For readers that count names (who names whom): there a list of one or two entries must
    be cut too, which `reference_section` does not recognise (it needs entries with years
    after the heading, to tell a list from a table-of-contents line). The position rule
    keeps an early heading from cutting the body. Offsets are kept up to the cut.
    """
    headings = list(HEADING_RE.finditer(text))
    if headings and headings[-1].start() > len(text) // 3:
        return text[: headings[-1].start()]
    return text


def parse_references(text: str) -> list[Reference]:
    """Every entry of the document's reference list, parsed; [] without one."""
    section = reference_section(text)
    if section is None:
        return []
    spans = _entry_spans(text, section.body, section.end)
    entries = [_parse_entry(text, start, end, label) for start, end, label in spans]
    return [e for e in entries if e.title or e.arxiv_id or e.doi]


def _entry_spans(text: str, start: int, end: int) -> list[tuple[int, int, str | None]]:
    numbered = list(NUMBERED_ENTRY_RE.finditer(text, start, end))
    if len(numbered) >= 3:
        bounds = [m.start() for m in numbered] + [end]
        return [
            (m.end(), _rstrip(text, m.end(), bounds[i + 1]), m.group(1))
            for i, m in enumerate(numbered)
        ]
    return [(s, e, None) for s, e in _author_year_entries(text, start, end)]


def _author_year_entries(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Unnumbered entries: wrapped lines join until a line ends an entry (a final period,
    or a blank line) once the entry has its year. Page-number lines are skipped."""
    spans: list[tuple[int, int]] = []
    entry_start: int | None = None
    entry_end = start
    has_year = False
    position = start
    for line in text[start:end].split("\n"):
        line_start, line_end = position, position + len(line)
        position = line_end + 1
        stripped = line.strip()
        if not stripped or PAGE_NUMBER_LINE_RE.match(stripped):
            if entry_start is not None and has_year and not stripped:
                spans.append((entry_start, entry_end))
                entry_start = None
            continue
        if entry_start is None and spans and CONTINUATION_RE.match(line):
            spans[-1] = (spans[-1][0], line_start + len(line.rstrip()))
            continue
        if entry_start is None:
            entry_start, has_year = line_start + len(line) - len(line.lstrip()), False
        entry_end = line_start + len(line.rstrip())
        has_year = has_year or bool(YEAR_RE.search(ARXIV_RE.sub(" ", line)))
        if has_year and (stripped.endswith(".") or URL_LINE_RE.match(line)):
            spans.append((entry_start, entry_end))
            entry_start = None
    if entry_start is not None:
        spans.append((entry_start, entry_end))
    return spans


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def join_lines(raw: str) -> str:
    """An entry as one line: PDF hyphenation at line ends undone, other breaks spaced."""
    raw = re.sub(r"(\w)-\n\s*(?=[a-z])", r"\1", raw)
    return " ".join(raw.split())


def _parse_entry(text: str, start: int, end: int, label: str | None) -> Reference:
    flat = join_lines(text[start:end])
    arxiv = ARXIV_RE.search(flat)
    doi = DOI_RE.search(flat)
    url = URL_RE.search(flat)
    authors_part, title = _split_authors_title(flat)
    years = YEAR_RE.findall(ARXIV_RE.sub(" ", DOI_RE.sub(" ", URL_RE.sub(" ", flat))))
    return Reference(
        start=start,
        end=end,
        label=label,
        authors=reference_surnames(authors_part),
        year=years[-1] if years else None,
        title=title,
        arxiv_id=arxiv.group(1) if arxiv else None,
        doi=doi.group(1).rstrip(".").lower() if doi else None,
        url=url.group(0).rstrip(".") if url else None,
    )


def _split_authors_title(flat: str) -> tuple[str, str]:
    """(authors, title): a quoted title when there is one, else the sentence after the
    author list (whose end is a period not closing an initial)."""
    quoted = QUOTED_TITLE_RE.search(flat)
    if quoted:
        return flat[: quoted.start()].rstrip(" ."), quoted.group(1).strip()
    cut = AUTHORS_END_RE.search(flat)
    if not cut:
        return "", ""
    authors, rest = (
        flat[: cut.start()] + (" et al" if "et al" in cut.group(0) else ""),
        flat[cut.end() :],
    )
    title_end = TITLE_END_RE.search(rest)
    title = rest[: title_end.start() + 1 if title_end else len(rest)].strip().rstrip(".")
    title = TITLE_TAIL_RE.sub("", title)
    return authors, title


def normalise_title(title: str) -> str:
    """Case, punctuation and spacing do not make two titles different."""
    title = title.casefold().replace("’", "'")
    return " ".join(re.sub(r"[^\w\s]", " ", title).split())


# -- in-text markers ----------------------------------------------------------------------


def expand_numbers(body: str) -> list[str]:
    """'3, 7' -> ['3', '7']; '3-5' -> ['3', '4', '5'] (ranges capped to stay sane)."""
    labels: list[str] = []
    for part in re.split(r"\s*,\s*", body):
        bounds = re.split(r"\s*[-–]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            low, high = int(bounds[0]), int(bounds[1])
            if low <= high <= low + 50:
                labels.extend(str(n) for n in range(low, high + 1))
        elif part.isdigit():
            labels.append(part)
    return labels


def marker_surnames(names: str) -> tuple[list[str], bool]:
    """Surnames a marker gives ("Amodei et al." -> (['Amodei'], True))."""
    et_al = bool(re.search(r"\bet\s+al\b", names))
    names = re.sub(r"\s+et\s+al\.?", "", names)
    return [" ".join(p.split()) for p in re.split(r"\s+(?:and|&)\s+", names) if p.strip()], et_al


class EntryIndex:
    """Reference entries by (first surname, year), for 'Author (2024)' style markers.

    A marker maps to an entry only when it picks one work: "Bai et al. (2022)" against
    entries 2022a and 2022b maps to neither.
    """

    def __init__(self, references: list[Reference]) -> None:
        self.entries: dict[tuple[str, str], list[Reference]] = {}
        self.by_surname: dict[str, list[Reference]] = {}
        for entry in references:
            if entry.first_author:
                key = surname_key(entry.first_author)
                self.by_surname.setdefault(key, []).append(entry)
                if entry.year:
                    self.entries.setdefault((key, entry.year), []).append(entry)

    def find(self, names: str, year: str | None) -> Reference | None:
        surnames, et_al = marker_surnames(names)
        if not surnames:
            return None
        first = surname_key(surnames[0])
        pool = self.entries.get((first, year), []) if year else self.by_surname.get(first, [])
        if year and not pool and not year[-1].isalpha():
            pool = [e for e in self.by_surname.get(first, []) if (e.year or "")[:4] == year]
        if len(surnames) > 1:
            second = surname_key(surnames[1])
            pool = [e for e in pool if len(e.authors) > 1 and surname_key(e.authors[1]) == second]
        elif et_al:
            pool = [e for e in pool if len(e.authors) != 1 or e.authors[0] != surnames[0]] or pool
        elif pool:
            pool = [e for e in pool if len(e.authors) == 1] or pool
        return pool[0] if len({e.title.casefold() for e in pool}) == 1 else None


# -- keys for matching cited works to library documents -------------------------------------


def url_key(href: str) -> str | None:
    """One key for every spelling of the same page: scheme, www., trailing slash, tracking
    queries and fragments do not matter; arXiv abs/pdf/version forms are one paper; a
    LessWrong / Alignment Forum post is its post id whatever the host or slug, and a comment
    on it (`?commentId=`) is that post id and the comment's."""
    from urllib.parse import parse_qsl, urlsplit

    if re.match(r"(?:urn|doi):\S+$", href.strip(), re.I):
        return href.strip().casefold()  # a name, not a page: one spelling up to case
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").casefold()
    for prefix in ("www.", "m."):
        host = host.removeprefix(prefix)
    if not host:
        return None
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if host in ARXIV_HOSTS:
        match = ARXIV_PATH_RE.match(path)
        if match:
            return f"arxiv:{match.group(1)}"
    if host in FORUM_HOSTS:
        match = FORUM_POST_RE.match(path)
        if match:
            # A comment is its own work (the forum ingester stores it as a document): a link
            # to the post must not resolve to a long comment under it, nor the reverse.
            comment = dict(parse_qsl(parts.query)).get("commentId")
            if comment:
                return f"forum:{match.group(1)}:comment:{comment}"
            return f"forum:{match.group(1)}"
    if host in ("doi.org", "dx.doi.org"):
        return f"doi:{path.strip('/').casefold()}"
    query = "&".join(
        f"{k}={v}" for k, v in sorted(parse_qsl(parts.query)) if k in IDENTITY_QUERY_KEYS
    )
    path = path.rstrip("/") or "/"
    return f"{host}{path}" + (f"?{query}" if query else "")


def title_key(title: str) -> str | None:
    """A title for matching, without a podcast reader's "AF - ... by Author" wrapping;
    None for titles too short to identify a work ("Introduction", "Notes")."""
    reader = READER_TITLE_RE.match(title.strip())
    key = normalise_title(reader.group("title") if reader else title)
    return key if len(key.split()) >= MIN_TITLE_WORDS else None
