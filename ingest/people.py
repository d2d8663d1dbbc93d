"""People in author strings: whom a byline names, how others name them, when two are one.

Parsers, the offline analyst and the citation resolver all read names, and they must agree:
a PDF byline split one way and a reply's "Raman argues" matched another way would make the
same person two people. Every rule about author strings lives here, so ingest (the PDF
parser needs it) and the assistant above it use the same one.

An author string is what a document stores and shows: "Priya Raman and Marcus Feld",
"A. Smith, B. Jones & C. Wu", "Kokotajlo, Daniel; Shah, Rohin" already turned into names.
"""

from __future__ import annotations

import re
import unicodedata

#: A work by this many people or more is named by its first author ("Amodei et al.").
ET_AL_FROM = 3
#: Name particles that belong to a family name in a reference list ("van Oswald").
PARTICLES = frozenset({"van", "von", "de", "der", "den", "di", "da", "le", "la", "du", "del"})

_SEPARATOR = re.compile(r"\s*(?:[,;&]|\band\b)\s*")
# How a reference list separates its authors: a final ", and" is one separator.
_ENTRY_SEPARATOR = re.compile(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*")


def split_authors(authors: str) -> list[str]:
    """'A. Smith, B. Jones and C. Wu' -> three names, spaces tidied; metadata, bylines and
    stored author strings use all of , ; & and 'and' between people."""
    return [" ".join(name.split()) for name in _SEPARATOR.split(authors or "") if name.strip()]


def surnames(authors: str) -> list[str]:
    """The family names in an author string ("Priya Raman, Marcus Feld" -> Raman, Feld).

    A family name is the last capitalised word of a name, initials skipped ("Raman P." ->
    Raman); a name ending in an abbreviation ("Smith Jr.") gives none rather than a wrong one.
    """
    found = []
    for name in split_authors(authors):
        parts = [p for p in name.split() if p[:1].isupper() and len(p.strip(".")) >= 2]
        if parts and not parts[-1].endswith("."):
            found.append(parts[-1])
    return found


def cited_as(authors: str) -> str:
    """The people a reply names when it answers a work by `authors`.

    One or two authors are named each; a work by three or more is cited by its first
    author ("Amodei et al."), and a co-author named elsewhere is usually being cited for
    other work, so naming them is not a reply to this one.
    """
    names = split_authors(authors)
    return authors if len(names) < ET_AL_FROM else names[0]


def lead_voice(people: list[str]) -> str:
    """How a reader names a work's people: "A", "A and B", or "A et al." for three or more."""
    if len(people) >= ET_AL_FROM:
        return f"{people[0]} et al."
    return " and ".join(people)


def names_person(text: str, authors: str) -> bool:
    """Whether `text` names one of the people in `authors` (by family name, or full name
    when the family name is also an ordinary word that the text uses in lower case)."""
    for name in split_authors(authors):
        family = surnames(name)
        if not family:
            continue
        surname = family[0]
        if not re.search(rf"\b{re.escape(surname)}\b", text):
            continue
        if re.search(rf"\b{re.escape(surname.lower())}\b", text) and name not in text:
            continue  # "Long", "Young", "Bird": the word, not the person.
        return True
    return False


def same_people(a: str, b: str) -> bool:
    """Two author strings name the same people, ignoring case, order and spacing."""
    return {n.lower() for n in split_authors(a)} == {n.lower() for n in split_authors(b)}


def surname_key(name: str) -> str:
    """A family name for comparison: its last word, without case or accents, so "von
    Oswald", "Oswald" and "OSWALD" compare equal."""
    words = name.split()
    flat = unicodedata.normalize("NFKD", words[-1] if words else "")
    flat = "".join(c for c in flat if not unicodedata.combining(c))
    return re.sub(r"[^\w]", "", flat.casefold())


def reference_surnames(authors: str) -> list[str]:
    """Family names in a reference entry's author list ("Dario Amodei, Chris Olah, and Dan
    Mané" -> ['Amodei', 'Olah', 'Mané']); 'et al.' is dropped, initials are skipped, a
    particle stays with its name ("van Oswald"), a one-word author (OpenAI) is kept.

    Unlike `surnames` (bylines of full names), reference lists put initials anywhere
    ("Amodei, D., Olah, C.") and mix family-first with given-first names.
    """
    authors = re.sub(r"\bet al\.?", "", authors)
    names: list[str] = []
    for part in _ENTRY_SEPARATOR.split(authors):
        words = [w for w in part.replace(".", ". ").split() if w.strip(".")]
        words = [w for w in words if not re.fullmatch(r"[A-Z]\.?", w)]  # initials
        if not words:
            continue
        family = words[-1]
        if len(words) >= 2 and words[-2].lower() in PARTICLES:
            family = f"{words[-2]} {family}"
        names.append(family.strip(",."))
    return [n for n in names if n]


# -- one person, however they are named ------------------------------------------------------


def person_key(name: str) -> str:
    """A name for comparison: case, accents, dots and spacing aside ("Sören  Mindermann" ==
    "soren mindermann"). Equal keys are the same string, not yet the same person."""
    flat = unicodedata.normalize("NFKD", name)
    flat = "".join(c for c in flat if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s-]", " ", flat.casefold()).split())


def people_keys(authors: str) -> set[str]:
    """The person keys of an author string as stored ("A, B and C")."""
    return {person_key(n) for n in split_authors(authors) if person_key(n)}


def share_a_person(a: str, b: str) -> bool:
    """Two author strings with a person in common: "Evan Hubinger" and "Evan Hubinger,
    Chris van Merwijk" are not two voices agreeing, nor one voice against itself."""
    return bool(people_keys(a) & people_keys(b))


def is_handle(name: str) -> bool:
    """A forum username ("evhub", "abramdemski"): one token, no spaces."""
    return bool(name) and " " not in name.strip()


def variants_of_one_name(a: str, b: str) -> bool:
    """Whether two full names can be one person's: same family name, and given names that
    agree as far as both go ("Steve"/"Steven", "S."/"Steven", "Paul F."/"Paul")."""
    wa, wb = person_key(a).split(), person_key(b).split()
    if len(wa) < 2 or len(wb) < 2 or wa[-1] != wb[-1]:
        return False
    ga, gb = wa[0], wb[0]
    return ga.startswith(gb) or gb.startswith(ga)


def handle_of(handle: str, name: str) -> bool:
    """A handle that spells part of the name ("evhub": Evan HUBinger, "TurnTrout": Alex
    TURNer): the least a handle opposite a full name must show before they are paired."""
    if not is_handle(handle) or is_handle(name):
        return False
    flat = person_key(handle).replace("-", "").replace("_", "")
    return any(len(word) >= 3 and word[:3] in flat for word in person_key(name).split())


class PersonIndex:
    """Names that evidence says are one person, and the name to show for each person.

    Evidence is of two kinds only: one forum account's username and display name, and one
    work's author lists from two sources (position by position, when they agree in length
    and each pair is a handle or a variant of the same name). Similar names alone are not
    evidence: two "J. Smith"s in unrelated papers stay two people.
    """

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}
        self._members: dict[str, set[str]] = {}
        self._seen: dict[str, dict[str, int]] = {}

    def add_name(self, name: str) -> None:
        key = person_key(name)
        if not key:
            return
        if key not in self._parent:
            self._parent[key] = key
            self._members[key] = {key}
        shown = self._seen.setdefault(key, {})
        clean = " ".join(name.split())
        shown[clean] = shown.get(clean, 0) + 1

    def same_account(self, username: str, display: str) -> None:
        self.add_name(username)
        self.add_name(display)
        self._union(person_key(username), person_key(display))

    def same_work(self, names_a: list[str], names_b: list[str]) -> list[tuple[str, str]]:
        """Pair two sources' author lists of one work; returns the pairs it joined."""
        joined: list[tuple[str, str]] = []
        if len(names_a) != len(names_b):
            return joined
        for a, b in zip(names_a, names_b, strict=True):
            if person_key(a) == person_key(b):
                continue
            if handle_of(a, b) or handle_of(b, a) or variants_of_one_name(a, b):
                self.add_name(a)
                self.add_name(b)
                self._union(person_key(a), person_key(b))
                joined.append((a, b))
        return joined

    def canonical(self, name: str) -> str:
        """The name shown for this person: their most used full name (a display name over
        a handle; the longer on a tie, "Steven" over "Steve")."""
        key = person_key(name)
        if key not in self._parent:
            return " ".join(name.split())
        members = self._members[self._find(key)]
        shown: dict[str, int] = {}
        for member in members:
            for text, count in self._seen.get(member, {}).items():
                shown[text] = shown.get(text, 0) + count
        if not shown:
            return " ".join(name.split())
        return max(shown, key=lambda t: (not is_handle(t), shown[t], len(t), t))

    def canonical_authors(self, authors: list[str]) -> list[str]:
        """An author list with each person named once, by their canonical name."""
        return list(dict.fromkeys(self.canonical(a) for a in authors if a.strip()))

    def _find(self, key: str) -> str:
        while self._parent[key] != key:
            self._parent[key] = self._parent[self._parent[key]]
            key = self._parent[key]
        return key

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            keep, gone = min(ra, rb), max(ra, rb)
            self._parent[gone] = keep
            self._members[keep] |= self._members.pop(gone)
