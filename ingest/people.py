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
