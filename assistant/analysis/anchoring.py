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
    r"|\b(?:against|contra|contrary to) [A-Z][\w-]*(?: [A-Z][\w-]*)?,? (?:i|we) (?:\w+ )?"
    r"(?:argue|contend|hold|maintain|claim)\b"
    r"|\b(?:i|we)(?:'m|’m| am| are) (?:not convinced|unconvinced|skeptical|sceptical)\b",
    re.I,
)
_AGREES = re.compile(r"\b(?:i|we) (?:\w+ ){0,2}agree\b", re.I)
#: "I agree that X; however, ..." concedes X to dispute something else: no stance on X.
_CONCESSION = re.compile(r"\b(?:but|however|although|though|yet)\b", re.I)
MIN_SHARED_TERMS = 2


def stated_stance(text: str) -> RelationType | None:
    """The stance a claim states in the first person, if it states one and only one."""
    agreement = _AGREES.search(text)
    agrees = agreement is not None and not _CONCESSION.search(text[agreement.end() :])
    disagrees = bool(_DISAGREES.search(text))
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
