"""A paper's first page read as a reader reads it: the title, the people, the identifiers.

PDF metadata is rarely useful (LaTeX leaves /Title empty, /CreationDate is when the PDF was
built, not when the work appeared), so the first page is the evidence. Three traps shape the
code: conference styles set titles in small capitals, which pypdf returns as separate runs
("D" large, "ISCOVERING" small); titles wrap over several lines; and the lines between the
title and the abstract hold affiliations, e-mails and, when the title is misread, the rest
of the title, none of which are people.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from ingest.parsers.arxiv import ARXIV_ID, stamp_arxiv_id

HEADER_LINE_RE = re.compile(
    r"^(published as|accepted (at|to|as)|under review|preprint|proceedings of|to appear|"
    r"workshop|draft|technical report|arxiv preprint|copyright|©)",
    re.IGNORECASE,
)
TITLE_CONNECTORS = ("of", "and", "for", "the", "in", "a", "an", "to", "with", "on", "from", "via")
#: Words a title keeps in lower case when it is re-cased from capitals (not first or last).
SMALL_WORDS = frozenset(
    {"a", "an", "the", "and", "or", "nor", "but", "of", "in", "on", "at", "to", "for", "by"}
    | {"from", "via", "with", "as", "vs", "into", "over", "per", "than"}
)
AFFILIATION = re.compile(
    r"universit|institut|college|school|department|dept\b|laborator|\blab\b|research|centre|"
    r"center|google|deepmind|openai|anthropic|microsoft|meta\b|brain\b|inc\b|ltd\b|corp|"
    r"berkeley|stanford|oxford|cambridge|\bmit\b|@|\(|\)|\d{3,}|abstract|arxiv|conference|"
    r"proceedings|preprint|foundation|society|academy|\bai\b|equal contribution|correspond",
    re.IGNORECASE,
)
PARTICLE = r"(?:van|von|de|der|den|di|da|le|la|du|del|dos|ten|ter|bin|al)"
NAME = re.compile(rf"^[A-Z][\w'´`¨.-]*(?:\s+(?:{PARTICLE}\s+)*[A-Z][\w'´`¨.-]*){{1,3}}$")
FOOTNOTE_MARKS = "∗*†‡§¶♠♣♥♦⋆★"
_NAME_SPLIT = re.compile(rf"\s*(?:,|;|\band\b|&|\s{{2,}}|[{FOOTNOTE_MARKS}]+\d*|\d+(?=\s|$))\s*")
END_OF_FRONT = re.compile(r"^(abstract|a\s?bstract|\d?\.?\s*introduction)\b", re.IGNORECASE)
DOI_RE = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
MENTIONED_ARXIV_RE = re.compile(rf"arXiv:\s?({ARXIV_ID})(v\d+)?", re.IGNORECASE)
VENUE_YEAR_RE = re.compile(
    r"(?:published as|accepted (?:at|to|as)|proceedings of|to appear|conference|workshop|"
    r"neurips|nips|icml|iclr|aaai|ijcai|acl|emnlp|naacl|cvpr|journal|©|copyright)"
    r"[^\n]{0,80}?\b((?:19|20)\d{2})\b",
    re.IGNORECASE,
)


@dataclass
class Run:
    """Consecutive text drawn in one font size on the first page."""

    size: float
    text: str


@dataclass
class FrontTitle:
    """The title and where it sits on the first page (line indexes, end exclusive)."""

    text: str
    first_line: int = -1
    end_line: int = -1


def page_lines(first_page: str) -> list[str]:
    return [" ".join(line.split()) for line in first_page.splitlines()]


def find_title(runs: list[Run], first_page: str) -> FrontTitle:
    """The largest-font run, grown to its neighbours set above body size, then matched to
    the page lines so the words keep the spacing a reader sees; else the first real line."""
    lines = page_lines(first_page)
    title_runs = _title_runs(runs)
    if title_runs:
        found = _match_lines(title_runs, lines)
        if found:
            return found
        text = " ".join("".join(run.text for run in title_runs).split())
        if text:
            return FrontTitle(_recase(text, _letter_sizes(title_runs)))
    return _title_from_lines(lines)


def _title_runs(runs: list[Run]) -> list[Run]:
    candidates = [
        run for run in runs if not stamp_arxiv_id(run.text) and re.search(r"[A-Za-z]", run.text)
    ]
    if not candidates:
        return []
    largest = max(run.size for run in candidates)
    body_size = _most_common_size([run for run in candidates if run.size < largest])
    big = [run for run in candidates if run.size >= body_size * 1.15]
    if not big:
        return []
    # The largest run that carries words (a lone small-caps initial carries one letter).
    top = max(
        (run for run in big if len(re.findall(r"[A-Za-z]", run.text)) >= 2), key=lambda r: r.size
    )
    index = candidates.index(top)
    start = end = index
    while start > 0 and _same_block(candidates[start - 1], top, body_size):
        start -= 1
    while end + 1 < len(candidates) and _same_block(candidates[end + 1], top, body_size):
        end += 1
    # A run set far larger than the title block (a journal banner) is not part of it.
    chosen = candidates[start : end + 1]
    if sum(len(run.text) for run in chosen) > 300:
        return [top] if len(top.text) <= 300 else []
    return chosen


def _same_block(run: Run, top: Run, body_size: float) -> bool:
    """A neighbour of the title's largest run belongs to the title: set in nearly its size,
    or a small-capitals piece (all capitals, above body size). Mixed-case text in a
    smaller size is the byline."""
    if run.size >= top.size * 0.9:
        return True
    letters = [c for c in run.text if c.isalpha()]
    return run.size >= body_size * 1.15 and bool(letters) and all(c.isupper() for c in letters)


def _most_common_size(runs: list[Run]) -> float:
    """The body text size: the size carrying the most characters (inf when there is none)."""
    weight: dict[float, int] = {}
    for run in runs:
        weight[run.size] = weight.get(run.size, 0) + len(run.text)
    return max(weight, key=lambda size: weight[size]) if weight else math.inf


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _letter_sizes(runs: list[Run]) -> list[float]:
    return [run.size for run in runs for c in run.text if c.isalnum()]


def _match_lines(title_runs: list[Run], lines: list[str]) -> FrontTitle | None:
    """The consecutive page lines that spell the title runs' letters, in order."""
    wanted = _letters("".join(run.text for run in title_runs))
    if len(wanted) < 4:
        return None
    for first, line in enumerate(lines):
        got = _letters(line)
        if not got or not wanted.startswith(got):
            continue
        end = first + 1
        while got != wanted and end < len(lines):
            grown = got + _letters(lines[end])
            if not wanted.startswith(grown):
                break
            got, end = grown, end + 1
        if got == wanted:
            text = " ".join(lines[first:end])
            return FrontTitle(_recase(text, _letter_sizes(title_runs)), first, end)
    return None


def _recase(text: str, sizes: list[float]) -> str:
    """Undo small capitals: a small letter set as a capital is lower case, and a space
    between a large initial and its small-capital rest is not a word break."""
    letters = [c for c in text if c.isalnum()]
    small_caps = len(sizes) == len(letters) and _has_small_caps(letters, sizes)
    if small_caps:
        large = max(sizes)
        out: list[str] = []
        position = 0
        for char in text:
            if char.isalnum():
                is_small = sizes[position] < large - 0.6
                if (
                    is_small
                    and out
                    and out[-1] == " "
                    and position > 0
                    and sizes[position - 1] >= large - 0.6
                    and len(out) >= 2
                    and out[-2].isalpha()
                    and (len(out) < 3 or not out[-3].isalnum())
                ):
                    out.pop()  # "D ISCOVERING" -> "DISCOVERING"
                out.append(char.lower() if is_small else char)
                position += 1
            else:
                out.append(char)
        text = "".join(out)
    text = " ".join(text.split()).rstrip(FOOTNOTE_MARKS + " ")
    if _mostly_capitals(text):
        text = title_case(text)
    return text


def _has_small_caps(letters: list[str], sizes: list[float]) -> bool:
    """Two letter sizes within one title, the smaller all capitals: small capitals."""
    distinct = sorted({round(size) for size in sizes})
    if len(distinct) < 2:
        return False
    large = max(sizes)
    small = [c for c, s in zip(letters, sizes, strict=True) if s < large - 0.6 and c.isalpha()]
    return bool(small) and all(c.isupper() for c in small)


def _mostly_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) / len(letters) > 0.9


def title_case(text: str) -> str:
    """'DISCOVERING LATENT KNOWLEDGE IN LANGUAGE MODELS' -> 'Discovering Latent Knowledge in
    Language Models': small words lower case except first, last and after a colon; other
    two-letter words are taken for acronyms (AI, RL)."""
    words = text.lower().split()
    out: list[str] = []
    for index, word in enumerate(words):
        after_colon = index > 0 and out[-1].endswith((":", "?", "!", "—"))
        core = word.strip("\"'“”‘’([{")
        if 0 < index < len(words) - 1 and core in SMALL_WORDS and not after_colon:
            out.append(word)
        elif len(core) == 2 and core.isalpha() and core not in SMALL_WORDS and core != "is":
            out.append(word.upper())  # AI, RL, ML: capitals in any title
        else:
            out.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(out)


def _title_from_lines(lines: list[str]) -> FrontTitle:
    kept = [(i, line) for i, line in enumerate(lines) if line]
    for position, (index, line) in enumerate(kept):
        if not _is_title_line(line):
            continue
        if position + 1 < len(kept):
            next_index, following = kept[position + 1]
            if _continues_title(line, following):
                text = f"{line} {following}"
                return FrontTitle(
                    title_case(text) if _mostly_capitals(text) else text, index, next_index + 1
                )
        return FrontTitle(title_case(line) if _mostly_capitals(line) else line, index, index + 1)
    return FrontTitle("")


def _is_title_line(line: str) -> bool:
    letters = re.findall(r"[A-Za-z]", line)
    if len(line) < 4 or len(letters) < 4 or stamp_arxiv_id(line):
        return False
    if re.fullmatch(r"(page\s*)?\d+(\s*(of|/)\s*\d+)?", line, re.IGNORECASE):
        return False
    if line.isupper() and len(line.split()) <= 4:
        return False
    return not HEADER_LINE_RE.match(line) and "@" not in line


def _continues_title(line: str, following: str) -> bool:
    """A title wrapped onto a second line: the first breaks mid-phrase or the next is lowercase."""
    if len(following) > 120 or following.endswith(".") or "@" in following:
        return False
    last_word = line.rsplit(" ", 1)[-1].lower()
    return line.endswith((":", "-", ",")) or last_word in TITLE_CONNECTORS or following[0].islower()


# -- people --------------------------------------------------------------------------------


def _accent(match: re.Match) -> str:
    """LaTeX accents come out of pypdf as a spacing mark before the letter: "Man´e"."""
    mark = {"´": "\u0301", "`": "\u0300", "¨": "\u0308"}[match.group(0)[0]]
    return match.group(1) + mark


def byline_authors(first_page: str, title: str, after_line: int = -1) -> list[str]:
    """Names printed between the title and the abstract, as papers set them.

    Affiliations, e-mails, footnote marks and anything that repeats the title's words are
    skipped, and nothing is returned unless an "Abstract" (or "Introduction") heading bounds
    the block: a guess that could put a title fragment in an author list is worse than none.
    """
    lines = page_lines(first_page)[:80]
    end = next((i for i, line in enumerate(lines) if END_OF_FRONT.match(line)), None)
    start = after_line if after_line >= 0 else _title_end(lines, title)
    if end is None or end <= start:
        return []
    title_words = {w for w in _letters_words(title)}
    # Split on the raw lines: a run of spaces between two names is a separator there.
    raw = [line.strip() for line in first_page.splitlines()][:80]
    names: list[str] = []
    for line in raw[start:end]:
        if AFFILIATION.search(line) and not re.search(f"[{FOOTNOTE_MARKS}]", line):
            continue
        for part in _NAME_SPLIT.split(line):
            part = " ".join(part.split())
            part = unicodedata.normalize("NFC", re.sub(r"[´`¨](\w)", _accent, part))
            for name in _pairs(part):
                if is_person_name(name, title_words) and name not in names:
                    names.append(name)
    return names[:30]


def _title_end(lines: list[str], title: str) -> int:
    """The line after the title's last line, found by its letters (0 when not found)."""
    wanted = _letters(title)
    if not wanted:
        return 0
    for first, line in enumerate(lines):
        got = _letters(line)
        if not got or not wanted.startswith(got):
            continue
        end = first + 1
        while got != wanted and end < len(lines) and wanted.startswith(got + _letters(lines[end])):
            got, end = got + _letters(lines[end]), end + 1
        if got == wanted or len(got) >= 0.6 * len(wanted):
            return end
    return 0


def _letters_words(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", text.casefold()) if len(w) > 3]


def _pairs(part: str) -> list[str]:
    """'Dan Klein Jacob Steinhardt' (names set apart only by space) -> two names."""
    words = part.split()
    if len(words) in (4, 6) and all(len(w.strip(".")) > 1 for w in words):
        return [" ".join(words[i : i + 2]) for i in range(0, len(words), 2)]
    return [part]


def is_person_name(name: str, title_words: set[str] | None = None) -> bool:
    """A person's name as bylines print it: 2-4 capitalised words, not in capitals, not an
    affiliation, not words of the title."""
    if not name or not NAME.match(name) or AFFILIATION.search(name):
        return False
    letters = [c for c in name if c.isalpha()]
    if sum(c.isupper() for c in letters) > len(letters) / 2:
        return False  # "MODELS WITHOUT SUPERVISION": capitals are title or heading text.
    words = _letters_words(name)
    if title_words and words and all(w in title_words for w in words):
        return False
    return True


def people_only(names: list[str]) -> list[str]:
    """Metadata author entries that are people ("Ada Lovelace"), not "Admin" or a title."""
    return [n for n in names if is_person_name(n) or _family_first(n)]


def _family_first(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][\w'-]+,\s*[A-Z][\w'.\s-]*", name))


# -- identifiers and dates -------------------------------------------------------------------


def first_page_doi(first_page: str) -> str:
    match = DOI_RE.search(first_page)
    return match.group(1).rstrip(".,;)]") if match else ""


def mentioned_arxiv_id(first_page: str) -> tuple[str, str] | None:
    """An 'arXiv:ID' printed on the first page (a footer or header, not the margin stamp)."""
    found = {m.group(1): m.group(2) or "" for m in MENTIONED_ARXIV_RE.finditer(first_page)}
    if len(found) != 1:
        return None  # none, or several: the page cites other work, not itself.
    arxiv_id, version = next(iter(found.items()))
    return arxiv_id, version


def arxiv_id_date(arxiv_id: str) -> datetime | None:
    """The month an arXiv id was issued (its v1): 2209.00626 -> 2022-09, hep-th/9901001 ->
    1999-01. The stamp's date is the latest version's, so the id is the better evidence."""
    match = re.search(r"(\d{2})(\d{2})(?:\.\d{4,5}|\d{3})$", arxiv_id)
    if not match:
        return None
    yy, mm = int(match.group(1)), int(match.group(2))
    if not 1 <= mm <= 12:
        return None
    year = 1900 + yy if yy >= 91 else 2000 + yy
    return datetime(year, mm, 1, tzinfo=UTC)


PRINTED_DATE_RE = re.compile(
    r"^(?:(\d{1,2})\s+)?(January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+(?:(\d{1,2}),?\s+)?((?:19|20)\d{2})$",
    re.IGNORECASE,
)


def printed_date(first_page: str) -> datetime | None:
    """A date set on a line of its own near the top ("December 2022", "March 3, 2023"),
    as reports and preprints print it under the byline."""
    for line in page_lines(first_page)[:25]:
        match = PRINTED_DATE_RE.match(line)
        if not match:
            continue
        month = datetime.strptime(match.group(2)[:3].title(), "%b").month
        day = int(match.group(1) or match.group(3) or 1)
        try:
            return datetime(int(match.group(4)), month, day, tzinfo=UTC)
        except ValueError:
            return None
    return None


def venue_year(first_page: str) -> datetime | None:
    """The year of a venue line ("Published as a conference paper at ICLR 2024")."""
    head = "\n".join(page_lines(first_page)[:12] + page_lines(first_page)[-6:])
    match = VENUE_YEAR_RE.search(head)
    if not match:
        return None
    year = int(match.group(1))
    return datetime(year, 1, 1, tzinfo=UTC) if 1950 <= year <= datetime.now(UTC).year else None
