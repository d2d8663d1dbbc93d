"""When a declared reply may back a relation between two particular claims.

A reply (a comment's parent, a note's `in_reply_to`, "a reply to ..." in a title) says
which *document* answers which. It does not say which claim of the reply answers which claim
of the parent: on the real newsletter corpus, where each opinion is a declared reply to its
summary, the offline analyst's typing of such pairs was right for 3 of 17 asserted attacks
and 3 of 17 supports, and 15 of 30 `responds_to` pairs were unrelated (round 5 of
benchmarks/real_gold, two blind readers). A lone "but" or a shared topic picked an arbitrary
claim of the parent.

So a reply backs a claim-level relation only when the replying claim states its stance in
the first person ("I disagree with Wendell that ...", "Against Raman, I argue that ...",
"I agree that ...") and shares at least
two content words with the claim it is paired with; the type must be the stance it states.
Everything else stays a candidate ("possibly related, unverified"), and the documents'
reply is still shown as such.
"""

from __future__ import annotations

import re

from assistant.models import RelationType
from ingest.tokens import content_terms

_DISAGREES = re.compile(
    r"\b(?:i|we) (?:\w+ )?(?:disagree|doubt)\b"
    r"|\b(?:against|contra|contrary to) [A-Z][\w-]*(?: [A-Z][\w-]*)?(?:['’]s \w+ that [^,;]*)?,? "
    r"(?:i|we) (?:\w+ )?(?:argue|contend|hold|maintain|claim)\b"
    r"|\b(?:i|we)(?:'m|’m| am| are) (?:not convinced|unconvinced|skeptical|sceptical)\b",
    re.I,
)
_AGREES = re.compile(r"\b(?:i|we) (?:\w+ ){0,2}agree\b", re.I)
#: "I don't agree", "we cannot agree": a stated disagreement in agreement's words.
_REFUSES = re.compile(
    r"\b(?:i|we) (?:(?:do|did|would|could|can)(?:n't|n’t| not)|cannot|never)(?: \w+)? agree\b",
    re.I,
)
#: "there's no place where I disagree", "not that I disagree", "I'm not sure I agree": the
#: stance word is there, negated or hedged, a few words before it.
_NEGATED_BEFORE = re.compile(
    r"\b(?:no|not|nothing|never|hardly|nowhere|unsure|n't|n’t)\b(?:\W+\w+){0,4}\W*$", re.I
)
#: "While I agree that X, ...": agreement conceded in a subordinate clause, to dispute more.
_CONCEDING_BEFORE = re.compile(r"\b(?:while|whilst|although|though|granted|admittedly)\W*$", re.I)
#: "I agree that X; however, ..." concedes X to dispute something else: no stance on X.
_CONCESSION = re.compile(r"\b(?:but|however|although|though|yet)\b", re.I)
MIN_SHARED_TERMS = 2


def stated_stance(text: str) -> RelationType | None:
    """The stance a claim states in the first person, if it states one and only one.

    On held-out newsletter opinions the words alone misread "there's no place where I
    disagree with Joseph's estimates" as an attack and "I'm not sure that I personally agree"
    as a support: a stance word that is negated or hedged just before it, or an agreement
    conceded in a "while"-clause, states no stance.
    """
    disagrees = any(
        not _NEGATED_BEFORE.search(text[: m.start()]) for m in _DISAGREES.finditer(text)
    ) or bool(_REFUSES.search(text))
    agrees = False
    for m in _AGREES.finditer(text):
        before = text[: m.start()]
        if _REFUSES.match(text, m.start()) or _NEGATED_BEFORE.search(before):
            continue
        if _CONCEDING_BEFORE.search(before) or _CONCESSION.search(text[m.end() :]):
            continue
        agrees = True
    if disagrees and not agrees:
        return "attacks"
    if agrees and not disagrees:
        return "supports"
    return None


_WITH_NAME = re.compile(
    r"\b(?:(?:dis)?agree with|against|contra|contrary to) ([A-Z][\w-]+(?: [A-Z][\w-]+)?)"
)


def reply_backs(kind: RelationType, earlier: str, later: str, earlier_author: str = "") -> bool:
    """Whether a declared reply of `later`'s document to `earlier`'s backs `kind` between
    these two claims.

    "I agree with Abram that ..." in a reply to MacAskill takes Abram's side, which is no
    stance on MacAskill's claim (on real text it was read as supporting it): a stance
    addressed to a named person counts only when that person wrote the earlier claim.
    """
    shared = content_terms(earlier) & content_terms(later)
    if stated_stance(later) != kind or len(shared) < MIN_SHARED_TERMS:
        return False
    named = _WITH_NAME.search(later)
    if named:
        people = set(re.findall(r"\w+", earlier_author.casefold()))
        if not set(re.findall(r"\w+", named.group(1).casefold())) & people:
            return False
    return True
