"""Lexical cues of argument structure: connectives, negation, hedges, assumptions, universals.

The offline analyst reads argument structure from the words authors use to signal it. These
lists are deliberately general English (essays, papers, forum comments), not tuned to one
corpus. Every pattern is case-insensitive and bounded by word edges, so "so" never fires
inside "also" and "all" never inside "allow".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# -- connectives by the relation they signal --------------------------------------------------

SUPPORT = (
    "because",
    "since",
    "given that",
    "as shown by",
    "as evidenced by",
    "for example",
    "for instance",
    "evidence",
    "this is why",
    "that is why",
    "that's why",
    "the reason is",
    "due to",
    "in light of",
    "as a result of",
    "after all",
    "indeed",
    "in fact",
    "this is because",
    "owing to",
    "supported by",
)
CONCLUSION = (
    "therefore",
    "thus",
    "hence",
    "so",
    "it follows that",
    "this implies",
    "which implies",
    "this means",
    "which means",
    "consequently",
    "as a result",
    "accordingly",
    "this suggests",
    "this shows",
    "in conclusion",
    "in sum",
    "to sum up",
    "overall",
    "all in all",
    "for this reason",
    "for these reasons",
    "ergo",
    "that means",
)
CONTRAST = (
    "however",
    "but",
    "yet",
    "although",
    "though",
    "on the contrary",
    "in contrast",
    "by contrast",
    "nevertheless",
    "nonetheless",
    "on the other hand",
    "conversely",
    "whereas",
    "even so",
    "that said",
    "still",
    "instead",
    "i disagree",
    "this is wrong",
    "that is wrong",
    "fails to",
    "fail to",
    "does not hold",
    "doesn't hold",
    "critics",
    "objection",
    "mistaken",
    "misguided",
    "is false",
    "not convinced",
    "unconvincing",
    "contrary to",
)
RESPONSE = (
    "in response to",
    "responding to",
    "in reply to",
    "replies",
    "reply to",
    "pace",
    "argues that",
    "argued that",
    "claims that",
    "claimed that",
    "contends that",
    "suggests that",
    "against",
    "rebuttal",
    "critique of",
    "as argued by",
    "according to",
)
DEPENDENCY = (
    "this depends on",
    "that depends on",
    "it depends on",
    "depends on",
    "this assumes",
    "that assumes",
    "this requires",
    "that requires",
    "this presupposes",
    "only if",
    "only works if",
    "relies on",
    "this rests on",
    "provided that",
    "assuming that",
    "on the assumption that",
    "conditional on",
)

# -- stance and certainty ----------------------------------------------------------------------

NEGATION = (
    "not",
    "no",
    "never",
    "n't",
    "cannot",
    "fails",
    "fail",
    "failed",
    "neither",
    "nor",
    "none",
    "nobody",
    "nothing",
    "without",
)
HEDGES = (
    "might",
    "could",
    "probably",
    "perhaps",
    "likely",
    "unlikely",
    "i suspect",
    "seems",
    "seem",
    "seemed",
    "suggests",
    "suggest",
    "plausibly",
    "arguably",
    "possibly",
    "maybe",
    "i guess",
    "i'd guess",
    "presumably",
    "apparently",
    "somewhat",
    "tends to",
    "tend to",
    "in some cases",
    "to some extent",
    "to some degree",
    "roughly",
    "appears to",
    "i think",
    "i believe",
    "i expect",
    "not sure",
    "uncertain",
)
ASSUMPTIONS = (
    "obviously",
    "of course",
    "clearly",
    "it is clear that",
    "it's clear that",
    "undeniably",
    "everyone knows",
    "needless to say",
    "certainly",
    "surely",
    "evidently",
    "undoubtedly",
    "without doubt",
    "it goes without saying",
    "self-evident",
    "self-evidently",
    "as we all know",
    "naturally",
    "plainly",
)
UNIVERSALS = (
    "every",
    "always",
    "never",
    "none",
    "no one",
    "nobody",
    "nothing",
    "impossible",
    "guaranteed",
    "everyone",
    "everything",
    "all",
    "any",
    "inevitably",
    "inevitable",
    "necessarily",
    "without exception",
)


def _pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """One alternation, longest phrase first, with word edges and flexible inner spaces."""
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        body = r"\s+".join(re.escape(word) for word in phrase.split())
        body = body.replace("'", "['’]")
        left = "" if phrase.startswith("n'") else r"\b"
        parts.append(f"{left}{body}\\b")
    return re.compile("|".join(parts), re.IGNORECASE)


SUPPORT_RE = _pattern(SUPPORT)
CONCLUSION_RE = _pattern(CONCLUSION)
CONTRAST_RE = _pattern(CONTRAST)
RESPONSE_RE = _pattern(RESPONSE)
DEPENDENCY_RE = _pattern(DEPENDENCY)
NEGATION_RE = _pattern(NEGATION)
# "may" hedges, "May" (the month) does not: the modal is matched in lower case only.
HEDGE_RE = re.compile(_pattern(HEDGES).pattern + r"|(?-i:\bmay\b)", re.IGNORECASE)
ASSUMPTION_RE = _pattern(ASSUMPTIONS)
# "all" is not a universal in "at all", "after all", "above all", "all too", "all of that".
UNIVERSAL_RE = re.compile(
    r"(?<!\bat )(?<!\bafter )(?<!\babove )(?:" + _pattern(UNIVERSALS).pattern + r")"
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
_LEADING = (
    (
        "depends_on",
        _pattern(
            (
                "this depends on",
                "that depends on",
                "it depends on",
                "this assumes",
                "that assumes",
                "this presupposes",
                "that presupposes",
                "this requires",
                "that requires",
                "this only works if",
                "this only holds if",
                "this rests on",
                "this relies on",
                "that relies on",
                "that rests on",
                "this holds only if",
                "this is true only if",
                "all of this assumes",
                "all this assumes",
                "this hinges on",
                "that hinges on",
            )
        ),
    ),
    (
        "conditional",
        _pattern(
            (
                "if so",
                "if that is right",
                "if this is right",
                "if that is true",
                "if this is true",
                "if that is correct",
                "if this is correct",
                "if that's right",
                "if that's true",
                "if this holds",
                "if that holds",
                "if true",
                "in that case",
                "in this case",
                "if this is the case",
                "if that is the case",
                "assuming this",
                "assuming that is true",
                "given this",
                "given that premise",
                "on that assumption",
                "granting this",
                "if we accept this",
                "if this happens",
                "if that happens",
                "once that happens",
                "when that happens",
                "then",
            )
        ),
    ),
    (
        "restates",
        _pattern(
            (
                "in other words",
                "put differently",
                "put another way",
                "to put it another way",
                "that is to say",
                "i.e.",
                "simply put",
                "to rephrase",
            )
        ),
    ),
    (
        "supports",
        _pattern(
            (
                "because",
                "since",
                "this is because",
                "that is because",
                "the reason is",
                "the reason being",
                "for example",
                "for instance",
                "e.g.",
                "as evidence",
                "evidence for this",
                "as shown by",
                "after all",
                "indeed",
                "in fact",
                "given that",
                "to illustrate",
                "case in point",
                "one reason is",
                "the reason for this",
                "as an example",
                "by way of example",
                "consider",
                "take",
                "studies show",
                "research shows",
                "evidence shows",
                "the evidence shows",
                "the data show",
                "this is shown by",
                "this is supported by",
                "the main reason",
                "a key reason",
                "partly because",
                "mainly because",
                "not least because",
                "especially since",
            )
        ),
    ),
    (
        "concludes",
        _pattern(
            (
                "therefore",
                "thus",
                "hence",
                "so",
                "it follows that",
                "this implies",
                "which implies",
                "this means",
                "that means",
                "which means",
                "consequently",
                "as a result",
                "accordingly",
                "this suggests",
                "this shows",
                "this is why",
                "that is why",
                "that's why",
                "in conclusion",
                "in sum",
                "to sum up",
                "ergo",
                "to conclude",
                "for this reason",
                "for these reasons",
                "all in all",
                "overall",
                "in short",
                "in summary",
                "all things considered",
                "taken together",
                "this explains why",
                "this demonstrates",
                "which is why",
                "it follows",
                "we can conclude",
                "we may conclude",
                "one can conclude",
                "the upshot is",
                "the lesson is",
                "these results suggest",
                "these results show",
                "this proves",
                "clearly then",
                "so overall",
                "that is the reason",
                "this is the reason",
            )
        ),
    ),
    (
        "concedes",
        _pattern(
            (
                "admittedly",
                "granted",
                "to be sure",
                "it is true that",
                "it's true that",
                "true",
                "of course",
                "certainly",
                "no doubt",
                "it must be admitted",
                "it must be acknowledged",
                "i admit",
                "i concede",
                "i grant",
                "i accept that",
                "some argue",
                "some people argue",
                "some people think",
                "some people believe",
                "some may argue",
                "some might argue",
                "some would argue",
                "some say",
                "some people say",
                "some claim",
                "many people think",
                "many people believe",
                "many argue",
                "many people argue",
                "it is often argued",
                "it is often said",
                "it is sometimes argued",
                "it is commonly argued",
                "it has been argued",
                "it could be argued",
                "it might be argued",
                "it may be argued",
                "one might argue",
                "one could argue",
                "one may argue",
                "one might object",
                "one could object",
                "it may be objected",
                "it might be objected",
                "one objection",
                "an objection",
                "the obvious objection",
                "a common objection",
                "the standard objection",
                "opponents",
                "critics",
                "skeptics",
                "sceptics",
                "proponents argue",
                "supporters argue",
                "advocates argue",
                "on the face of it",
                "at first glance",
                "at first sight",
            )
        ),
    ),
    (
        "attacks",
        _pattern(
            (
                "however",
                "but",
                "yet",
                "on the contrary",
                "in contrast",
                "by contrast",
                "nevertheless",
                "nonetheless",
                "on the other hand",
                "conversely",
                "even so",
                "that said",
                "still",
                "i disagree",
                "this is wrong",
                "that is wrong",
                "this is false",
                "that is false",
                "this does not hold",
                "this doesn't hold",
                "this fails",
                "that fails",
                "not so",
                "actually",
                "contrary to this",
                "against this",
                "this is mistaken",
                "that is mistaken",
                "this ignores",
                "that ignores",
                "this overlooks",
                "that overlooks",
                "this misses",
                "that misses",
                "this argument fails",
                "this view fails",
                "this is not true",
                "that is not true",
                "this is not the case",
                "that is not the case",
                "the problem is",
                "the problem with this",
                "the trouble is",
                "the flaw",
                "the difficulty is",
                "this neglects",
                "this underestimates",
                "this overstates",
                "whereas",
                "but in fact",
                "in reality",
                "in practice, however",
                "instead",
                "rather",
                "the opposite is true",
                "quite the opposite",
                "far from it",
                "not at all",
                "unfortunately",
                "this is unconvincing",
                "i doubt",
                "i am not convinced",
                "i'm not convinced",
                "i do not think",
                "i don't think",
                "i do not believe",
                "i don't believe",
                "i do not agree",
                "i don't agree",
                "this cuts both ways",
            )
        ),
    ),
    (
        "adds",
        _pattern(
            (
                "moreover",
                "furthermore",
                "in addition",
                "additionally",
                "besides",
                "what is more",
                "what's more",
                "also",
                "another",
                "likewise",
                "similarly",
                "equally",
                "secondly",
                "thirdly",
                "second",
                "third",
                "finally",
                "lastly",
                "on top of that",
                "not only that",
                "further",
                "beyond that",
                "beyond this",
                "in the same way",
                "by the same token",
                "a further",
                "another reason",
                "one more",
                "not to mention",
                "to add to this",
                "first",
                "firstly",
                "first of all",
                "to begin with",
                "for one thing",
                "for another thing",
                "for another",
                "plus",
            )
        ),
    ),
)
_LEAD_WINDOW = re.compile(r"^[\s\"'“‘(\[*_-]*")


def leading_connective(sentence: str) -> tuple[str, str] | None:
    """(role, cue) when a sentence opens with a connective; role is supports/concludes/...

    Only the opening counts: "so" mid-sentence is usually not a discourse marker, but "So,"
    at the start of a sentence almost always marks a conclusion.
    """
    body = sentence[_LEAD_WINDOW.match(sentence).end() :]
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
