"""Relations between the claims of one document, read from its discourse structure.

Within a document, authors mark how sentences relate: "therefore" draws a conclusion,
"however" opposes, "this assumes" names a dependency. We read those markers at sentence
starts, where they reliably act on the sentence before, and fall back on paragraph
structure (a paragraph's thesis and its reasons) where nothing is marked.
"""

from __future__ import annotations

import bisect
import re

from assistant.models import ClaimDraft, RelationDraft, RelationType
from assistant.offline import cues
from assistant.offline.segment import split_sentences

# A connective acts on the previous claim only if at most this many sentences lie between.
MAX_SENTENCE_GAP = 2
# Unmarked claims attach to their paragraph's thesis only within this many sentences of it.
MAX_THESIS_DISTANCE = 6
# A conclusion collects at most this many unattached reasons that precede it.
MAX_PREMISES = 3

# Argumentative prose is organised in paragraphs: a paragraph states a point (its thesis,
# usually first, sometimes last after "therefore") and the rest of it gives reasons,
# examples, objections and replies. So every claim gets at most one outgoing link (plus a
# conclusion collecting its premises), chosen by the connective that opens it:
#   "because / for example / indeed"   -> supports the previous claim
#   "therefore / so / this shows"      -> the previous claim (and unattached ones) support it
#   "however / but / yet"              -> attacks the previous claim
#   "admittedly / critics say"         -> a concession: attacks the paragraph's thesis
#   "moreover / also / another"        -> a further reason: same target and type as the last
#   "this assumes / this requires"     -> the previous claim depends on it
#   "if so / in that case"             -> it depends on the previous claim
#   "in other words"                   -> restates the previous claim
#   no connective                      -> supports the paragraph's thesis
# and a paragraph's thesis supports (or, if it concedes or opposes, attacks) the document's
# main claim. Claims separated by several non-argumentative sentences are not linked by
# position alone.

_ANAPHORA = re.compile(
    r"^(?:this|that|these|those|such|it)\b(?:\s+[a-z-]+){0,3}?\s+"
    r"(?:is|are|was|were|does|do|did|can|cannot|can't|will|would|could|should|may|might|must"
    r"|has|have|holds?|fails?|shows?|means?|suggests?|implies|makes?|matters?|seems?|works?)\b",
    re.I,
)
_NEGATIVE_VERDICT = re.compile(
    r"\b(?:wrong|false|mistaken|misguided|flawed|fails?|failed|doesn't hold|does not hold"
    r"|unconvincing|overstate[sd]?|overlooks?|ignores?|misses|misdescribes?|backwards"
    r"|not (?:true|so|the case|enough|sufficient|convincing|obvious|clear)|weak|irrelevant"
    r"|proves? too much|doing all the work|cuts both ways|a long way from|does not follow"
    r"|doesn't follow|begs the question|problem|trouble|unfounded|unjustified)\b",
    re.I,
)


# The sentence that states what a whole text argues for: "I argue that", "in my view".
_THESIS = re.compile(
    r"\b(?:i|we) (?:will |shall |want to |would )?(?:argue|contend|maintain|submit|claim|hold)"
    r"(?: in this \w+)? that\b|\bmy (?:main |central )?(?:claim|thesis|position|view|argument"
    r"|conclusion) is that\b|\bin my (?:view|opinion)\b|\bi (?:strongly |firmly )?believe that\b"
    r"|\bin conclusion\b|\bto conclude\b|\bi am convinced that\b",
    re.I,
)


def intra_document_relations(text: str, claims: list[ClaimDraft]) -> list[RelationDraft]:
    """Relations signalled by connectives and paragraph structure, between nearby claims.

    Source and target are indices into `claims` as strings ("0", "1", ...).
    """
    if not claims:
        return []
    sentence_of = _sentence_index(text, claims)
    groups = _groups(text, claims, sentence_of)
    builder = _Links(claims)
    heads: list[int] = []
    for group in groups:
        head = _relate_group(builder, claims, group, sentence_of)
        if head is not None:
            heads.append(head)
    _relate_heads(builder, claims, heads)
    return builder.relations


class _Links:
    """Collects relations, at most one per unordered pair, remembering each claim's link."""

    def __init__(self, claims: list[ClaimDraft]) -> None:
        self.claims = claims
        self.relations: list[RelationDraft] = []
        self.pairs: set[frozenset[int]] = set()
        self.outgoing: dict[int, tuple[int, RelationType]] = {}

    def add(
        self, source: int, target: int, kind: RelationType, confidence: float, rationale: str
    ) -> bool:
        pair = frozenset((source, target))
        if source == target or pair in self.pairs:
            return False
        self.pairs.add(pair)
        self.outgoing.setdefault(source, (target, kind))
        self.relations.append(
            RelationDraft(
                source=str(source),
                target=str(target),
                type=kind,
                confidence=round(confidence, 2),
                rationale=rationale,
            )
        )
        return True

    def linked(self, index: int) -> bool:
        return any(index in pair for pair in self.pairs)


def _sentence_index(text: str, claims: list[ClaimDraft]) -> list[int]:
    """The sentence each claim starts in, so distance is counted in sentences, not claims."""
    starts = [start for start, _ in split_sentences(text)]
    return [max(0, bisect.bisect_right(starts, claim.start) - 1) for claim in claims]


def paragraph_starts(text: str) -> list[int]:
    """Offsets where paragraphs (and headings, list items) begin.

    Blank lines separate paragraphs; in hard-wrapped text without blank lines (PDF
    extractions), a heading line, a list item, or a short line ending a sentence ends one.
    """
    starts = [0]
    lines = text.split("\n")
    widths = sorted(len(line) for line in lines if len(line.strip()) > 20)
    typical = widths[len(widths) * 3 // 4] if len(widths) >= 4 else 0
    offset = 0
    previous = ""
    for line in lines:
        stripped = line.strip()
        if offset and stripped:
            prev = previous.strip()
            if (
                not prev
                or _ITEM.match(line)
                or _is_heading_line(prev)
                or _is_heading_line(stripped)
                or (typical and _ENDS_SENTENCE.search(prev) and len(previous) < 0.8 * typical)
            ):
                starts.append(offset)
        previous = line
        offset += len(line) + 1
    return sorted(set(starts))


_ITEM = re.compile(r"[ \t]*(?:[-*+•·▪◦‣–—>]|#{1,6}|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)])\s")
_ENDS_SENTENCE = re.compile(r"""[.!?:;…]["'”’)\]]*$""")


def _is_heading_line(line: str) -> bool:
    return (
        bool(line)
        and len(line) < 70
        and not _ENDS_SENTENCE.search(line)
        and not line.endswith(",")
        and (line[0].isupper() or line[0].isdigit() or line.startswith("#"))
    )


def _groups(text: str, claims: list[ClaimDraft], sentence_of: list[int]) -> list[list[int]]:
    """Claims by paragraph, split further where several non-claim sentences intervene."""
    starts = paragraph_starts(text)
    groups: list[list[int]] = []
    last_para = -1
    for i, claim in enumerate(claims):
        para = bisect.bisect_right(starts, claim.start) - 1
        far = i > 0 and sentence_of[i] - sentence_of[i - 1] > MAX_SENTENCE_GAP
        if para != last_para or far or not groups:
            groups.append([i])
        else:
            groups[-1].append(i)
        last_para = para
    return groups


def _role(quote: str) -> tuple[str, str]:
    found = cues.leading_connective(quote)
    if found is not None:
        return found
    if _ANAPHORA.match(quote.lstrip(" \"'“‘(")):
        return "anaphora", quote.split()[0].lower()
    return "", ""


def _relate_group(
    links: _Links, claims: list[ClaimDraft], group: list[int], sentence_of: list[int]
) -> int | None:
    """Link the claims of one paragraph; return the paragraph's thesis (its head)."""
    roles = {i: _role(claims[i].quote) for i in group}
    head: int | None = group[0]
    concluding = [i for i in group[1:] if roles[i][0] == "concludes"]
    if concluding and roles[group[0]][0] not in ("", "concludes"):
        head = concluding[-1]
    elif concluding and len(group) > 2 and concluding[-1] == group[-1]:
        head = concluding[-1]  # a paragraph that builds up to "So, ...": that is its point.
    if (
        roles[group[0]][0]
        in ("supports", "attacks", "adds", "conditional", "depends_on", "restates", "anaphora")
        and len(group) == 1
    ):
        head = None  # a one-claim paragraph that only continues the previous one
    for position, i in enumerate(group):
        role, cue = roles[i]
        prev = group[position - 1] if position else _previous_nearby(i, sentence_of)
        _relate_claim(links, claims, i, prev, head, role, cue, group[:position])
    if head is not None and roles[head][0] == "concludes":
        reasons = [j for j in group if j < head and not _points_away(links, j, head)]
        for j in reasons[-MAX_PREMISES:]:
            links.add(
                j,
                head,
                "supports",
                0.5,
                f"claim {j} is a reason given in the paragraph whose conclusion, "
                f"marked '{roles[head][1]}', is claim {head}",
            )
    for i in group:
        if i == head or links.outgoing.get(i) or head is None:
            continue
        if (
            roles[i][0] in ("", "anaphora")
            and abs(sentence_of[i] - sentence_of[head]) <= MAX_THESIS_DISTANCE
        ):
            kind: RelationType = "supports"
            prev = group[group.index(i) - 1]
            if i > head:
                links.add(
                    i,
                    prev,
                    kind,
                    0.4,
                    f"claim {i} follows claim {prev} in the same paragraph without a "
                    f"connective; it is read as a reason for it",
                )
    return None if head is None else head


def _points_away(links: _Links, j: int, head: int) -> bool:
    out = links.outgoing.get(j)
    return out is not None and out[0] != head


def _previous_nearby(i: int, sentence_of: list[int]) -> int | None:
    if i == 0 or sentence_of[i] - sentence_of[i - 1] > MAX_SENTENCE_GAP:
        return None
    return i - 1


def _relate_claim(
    links: _Links,
    claims: list[ClaimDraft],
    i: int,
    prev: int | None,
    head: int | None,
    role: str,
    cue: str,
    before: list[int],
) -> None:
    """The link that the opening of claim `i` signals."""
    quote = claims[i].quote
    if role == "concedes":  # the only role that may answer the thesis with no claim before
        target = head if head is not None and head != i else prev
        if target is None:
            return
        if ", but" in quote or "; but" in quote:
            return  # "Granted X, but Y": the concession is answered inside the sentence.
        links.add(
            i,
            target,
            "attacks",
            0.5,
            f"'{cue}' opens claim {i} as a concession or objection to claim {target}",
        )
        return
    if role == "" or prev is None:
        return
    if role == "concludes":
        links.add(
            prev,
            i,
            "supports",
            0.65,
            f"connective '{cue}' marks claim {i} as a conclusion from claim {prev}",
        )
    elif role == "supports":
        if cue in ("because", "since", "given that") and "," in quote:
            return  # "Because X, Y": reason and conclusion share one sentence.
        links.add(
            i,
            prev,
            "supports",
            0.6,
            f"connective '{cue}' introduces claim {i} as a reason or example for claim {prev}",
        )
    elif role == "attacks":
        explicit = cue not in (
            "however",
            "but",
            "yet",
            "still",
            "that said",
            "even so",
            "instead",
            "rather",
            "whereas",
            "actually",
        )
        links.add(
            i,
            prev,
            "attacks",
            0.7 if explicit else 0.55,
            f"contrast marker '{cue}' opens claim {i}, which opposes or qualifies claim {prev}",
        )
    elif role == "adds":
        out = links.outgoing.get(prev)
        if out is not None and out[0] != i:
            target, kind = out
            links.add(
                i,
                target,
                kind,
                0.5,
                f"'{cue}' adds claim {i} as a further point alongside claim {prev}, "
                f"so it bears on claim {target} the same way ({kind})",
            )
        elif head is not None and head != i:
            links.add(
                i,
                head,
                "supports",
                0.5,
                f"'{cue}' adds claim {i} as a further reason for claim {head}",
            )
    elif role == "depends_on":
        links.add(
            prev,
            i,
            "depends_on",
            0.6,
            f"'{cue}' opening claim {i} states what claim {prev} depends on",
        )
    elif role == "conditional":
        links.add(
            i, prev, "depends_on", 0.6, f"'{cue}' makes claim {i} conditional on claim {prev}"
        )
    elif role == "restates":
        links.add(
            i, prev, "same_as", 0.55, f"'{cue}' marks claim {i} as a restatement of claim {prev}"
        )
    elif role == "anaphora":
        verdict = _NEGATIVE_VERDICT.search(quote)
        if verdict:
            links.add(
                i,
                prev,
                "attacks",
                0.5,
                f"claim {i} refers back ('{cue}') to claim {prev} with a negative "
                f"verdict '{verdict.group(0)}'",
            )
        elif prev in before or prev == i - 1:
            links.add(
                i,
                prev,
                "supports",
                0.45,
                f"claim {i} refers back ('{cue}') to claim {prev} and develops it",
            )


def _relate_heads(links: _Links, claims: list[ClaimDraft], heads: list[int]) -> None:
    """Each paragraph's thesis bears on the document's main claim (the first thesis)."""
    theses = [h for h in heads if _THESIS.search(claims[h].quote)]
    if len(heads) < 2 or not theses:
        return
    main = theses[0]
    for head in heads:
        if head == main or links.outgoing.get(head):
            continue
        role, cue = _role(claims[head].quote)
        if role in ("concedes", "attacks"):
            kind: RelationType = "attacks"
            why = (
                f"the paragraph's point (claim {head}) opens with '{cue}' against the "
                f"document's main claim {main}"
            )
        elif role in ("", "concludes", "adds", "supports"):
            kind = "supports"
            why = (
                f"claim {head} is the point of a later paragraph, read as a reason for "
                f"the document's main claim {main}"
            )
        else:
            continue
        links.add(head, main, kind, 0.35, why)
