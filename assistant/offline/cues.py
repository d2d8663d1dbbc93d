"""Lexical cues of argument structure: connectives, negation, hedges, assumptions, universals.

The offline analyst reads argument structure from the words authors use to signal it; the
word lists are data in `lexicon` and `connectives`, and this module compiles them. Every
pattern is case-insensitive and bounded by word edges, so "so" never fires inside "also"
and "all" never inside "allow".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.offline import connectives, lexicon


def _pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """One alternation, longest phrase first, with word edges and flexible inner spaces."""
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        body = r"\s+".join(re.escape(word) for word in phrase.split())
        body = body.replace("'", "['’]")
        left = "" if phrase.startswith("n'") else r"\b"
        parts.append(f"{left}{body}\\b")
    return re.compile("|".join(parts), re.IGNORECASE)


NEGATION_RE = _pattern(lexicon.NEGATION)
# "may" hedges, "May" (the month) does not: the modal is matched in lower case only.
HEDGE_RE = re.compile(_pattern(lexicon.HEDGES).pattern + r"|(?-i:\bmay\b)", re.IGNORECASE)
ASSUMPTION_RE = _pattern(lexicon.ASSUMPTIONS)
# "all" is not a universal in "at all", "after all", "above all", "all too", "all of that".
UNIVERSAL_RE = re.compile(
    r"(?<!\bat )(?<!\bafter )(?<!\babove )(?:" + _pattern(lexicon.UNIVERSALS).pattern + r")"
    r"(?! too\b)(?! of (?:that|this|which)\b)(?! in all\b)",
    re.IGNORECASE,
)


def find(pattern: re.Pattern[str], text: str) -> list[str]:
    """Distinct matches, lower-cased, spaces normalised, in order of first appearance."""
    seen: list[str] = []
    for match in pattern.finditer(text):
        word = " ".join(match.group(0).lower().replace("’", "'").split())
        if word not in seen:
            seen.append(word)
    return seen


def hedges(text: str) -> list[str]:
    """Words that soften a claim ("might", "probably"): a hedged claim is not a universal one."""
    return find(HEDGE_RE, text)


def assumption_markers(text: str) -> list[str]:
    """Words that assert without arguing ("obviously", "of course"): candidates for flags."""
    return find(ASSUMPTION_RE, text)


def universals(text: str) -> list[str]:
    """Universal quantifiers ("all", "never", "impossible"): strong claims easy to refute."""
    return find(UNIVERSAL_RE, text)


def unhedged_universals(text: str) -> list[str]:
    """Universals in a sentence with no hedge: the overclaims worth flagging."""
    return [] if hedges(text) else universals(text)


def negations(text: str) -> list[str]:
    return find(NEGATION_RE, text)


# -- sentence-initial connectives ---------------------------------------------------------------

# What a connective at the very start of a sentence says about its link to what came before.
# Order matters: the first role whose pattern matches wins, and each pattern prefers its
# longest phrase, so "this is because" (a reason) is never read as "this is" anything else.
_LEADING = tuple((role, _pattern(phrases)) for role, phrases in connectives.OPENERS)
_LEAD_WINDOW = re.compile(r"^[\s\"'“‘(\[*_-]*")


def leading_connective(sentence: str) -> tuple[str, str] | None:
    """(role, cue) when a sentence opens with a connective; role is supports/concludes/...

    Only the opening counts: "so" mid-sentence is usually not a discourse marker, but "So,"
    at the start of a sentence almost always marks a conclusion.
    """
    opening = _LEAD_WINDOW.match(sentence)  # always matches, maybe empty
    body = sentence[opening.end() if opening else 0 :]
    for role, pattern in _LEADING:
        match = pattern.match(body)
        if match and not _is_false_start(match.group(0), body[match.end() :]):
            return role, " ".join(match.group(0).lower().replace("’", "'").split())
    return None


def _is_false_start(cue: str, rest: str) -> bool:
    """Openings that look like connectives but are not: "So far", "Since 2019", "Still water"."""
    word = cue.lower().replace("’", "'")
    rest = rest.lstrip()
    if word == "so" and re.match(r"(far|much|many|long|that\b|too|called)\b", rest, re.I):
        return True
    since_time = r"(\d|then\b|the (start|beginning)|last|early|its)"
    if word == "since" and re.match(since_time, rest, re.I):
        return True
    if word in (
        "still",
        "overall",
        "rather",
        "instead",
        "further",
        "plus",
        "then",
        "take",
        "consider",
        "second",
        "third",
        "first",
    ) and not rest.startswith(","):
        # Without a comma these open ordinary clauses: "Still water", "Further work is",
        # "Then came", "Take the case", "Second-order effects", "First-person reports".
        if not (word == "then" and re.match(r"(we|it|the|this|that|they)\b", rest, re.I)):
            if not (word in ("take", "consider") and re.match(r"(the|a|an)\b", rest, re.I)):
                return True
    if word in ("take", "consider") and re.match(r"(the|a|an)\b", rest, re.I):
        # "Consider the case of ..." introduces an example; "Consider it done" does not.
        return not re.search(r"\b(?:case|example|instance)\b", rest[:60], re.I)
    if word in ("another", "a further") and re.match(r"(of|one)\b", rest, re.I):
        return True
    if word == "also" and rest.startswith(("known", "called")):
        return True
    # "True, ..." and "Of course, ..." concede; "True believers" and "Of course it is" do not.
    return word in ("true", "of course", "certainly", "no doubt") and not rest.startswith(",")
