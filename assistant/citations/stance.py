"""The stance a citing sentence takes toward the work it cites, read from the sentence alone.

`contrasting` (it disputes the work), `supporting` (it agrees or rests on it as evidence),
else `mentioning`. Precision first: describing or using a work ("we use the method of [12]",
"unlike [4], we train on ...") is mentioning, and only cue phrases that attach to the
citation itself decide a stance.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from assistant.citations.words import ASSERTIVE_VERBS

Stance = Literal["supporting", "contrasting", "mentioning"]

#: Placeholder the stance patterns see instead of the citation's own marker.
CITE = "⟨CITE⟩"
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
_STANCE_SOURCES: tuple[tuple[Stance, str], ...] = (
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
STANCE_PATTERNS: tuple[tuple[Stance, re.Pattern[str]], ...] = tuple(
    (stance, re.compile(pattern, re.IGNORECASE)) for stance, pattern in _STANCE_SOURCES
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
