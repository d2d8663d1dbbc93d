"""Typed relations between claims, from discourse structure and from lexical evidence.

Within a document, authors mark how sentences relate: "therefore" draws a conclusion,
"however" opposes, "this assumes" names a dependency. We read those markers at sentence
starts, where they reliably act on the sentence before.

Across documents, embedding similarity proposes candidate pairs, but similar is not related:
two claims about the same topic can agree, disagree or talk past each other. A candidate
becomes a relation only with evidence beyond topical overlap: opposite polarity on shared
content, antonyms, explicit disagreement, naming the other author, or near-paraphrase.
"""

from __future__ import annotations

import bisect
import re

from assistant.models import ClaimDraft, RelationDraft, RelationType
from assistant.offline import cues
from assistant.offline.segment import split_sentences

# A connective acts on the previous claim only if at most this many sentences lie between.
MAX_SENTENCE_GAP = 2

# -- within one document ---------------------------------------------------------------------


def intra_document_relations(text: str, claims: list[ClaimDraft]) -> list[RelationDraft]:
    """Relations signalled by sentence-initial connectives, between neighbouring claims.

    Source and target are indices into `claims` as strings ("0", "1", ...).
    """
    sentence_of = _sentence_index(text, claims)
    relations: list[RelationDraft] = []
    for i in range(1, len(claims)):
        if sentence_of[i] - sentence_of[i - 1] > MAX_SENTENCE_GAP:
            continue
        relation = _relation_from_opening(claims[i].quote, i, i - 1)
        if relation is not None:
            relations.append(relation)
    return relations


def _sentence_index(text: str, claims: list[ClaimDraft]) -> list[int]:
    """The sentence each claim starts in, so distance is counted in sentences, not claims."""
    starts = [start for start, _ in split_sentences(text)]
    return [max(0, bisect.bisect_right(starts, claim.start) - 1) for claim in claims]


def _relation_from_opening(quote: str, i: int, prev: int) -> RelationDraft | None:
    """Read the connective opening claim `i` as a link to claim `prev`."""
    found = cues.leading_connective(quote)
    if found is None:
        return None
    role, cue = found
    if role == "concludes":
        return RelationDraft(
            source=str(prev), target=str(i), type="supports", confidence=0.65,
            rationale=f"connective '{cue}' marks claim {i} as a conclusion from claim {prev}",
        )
    if role == "supports":
        if cue in ("because", "since", "given that") and "," in quote:
            return None  # "Because X, Y": reason and conclusion share one sentence.
        return RelationDraft(
            source=str(i), target=str(prev), type="supports", confidence=0.6,
            rationale=f"connective '{cue}' introduces claim {i} as a reason or example "
            f"for claim {prev}",
        )
    if role == "attacks":
        explicit = cue not in ("however", "but", "yet", "still", "that said", "even so")
        return RelationDraft(
            source=str(i), target=str(prev), type="attacks", confidence=0.7 if explicit else 0.5,
            rationale=f"contrast marker '{cue}' opens claim {i}, which opposes or qualifies "
            f"claim {prev}",
        )
    return RelationDraft(
        source=str(prev), target=str(i), type="depends_on", confidence=0.6,
        rationale=f"'{cue}' opening claim {i} states what claim {prev} depends on",
    )


# -- across documents ------------------------------------------------------------------------

_STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each even
    few for from further had has have having he her here hers him his how i if in into is it
    its itself just me more most my no nor not of off on once only or other our ours out over
    own same she should so some such than that the their theirs them then there these they
    this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours one ones may might must shall thing things way
    ways lot lots much many really quite rather think thinks believe believes argue argues
    claim claims say says said well still yet however therefore thus hence already often
    never always cannot can't won't don't doesn't isn't aren't wasn't weren't n't""".split()
)
_TOKEN = re.compile(r"[a-z][a-z'’-]*")
_NEGATION_IDIOMS = re.compile(r"\b(?:not only|not just|no doubt|without doubt|nothing but)\b", re.I)
_ANTONYMS: tuple[tuple[str, str], ...] = (
    ("saf", "dangerou"), ("saf", "unsaf"), ("sufficient", "insufficient"),
    ("likely", "unlikely"), ("possibl", "impossibl"), ("necessary", "unnecessary"),
    ("increas", "decreas"), ("increas", "reduc"), ("improv", "worsen"), ("improv", "degrad"),
    ("easy", "hard"), ("easy", "difficult"), ("helpful", "harmful"), ("beneficial", "harmful"),
    ("true", "fals"), ("succeed", "fail"), ("success", "failur"), ("robust", "fragil"),
    ("robust", "brittl"), ("align", "misalign"), ("good", "bad"), ("optimistic", "pessimistic"),
    ("strong", "weak"), ("accelerat", "slow"), ("overestimat", "underestimat"),
    ("high", "low"), ("positiv", "negativ"), ("more", "less"), ("more", "fewer"),
    ("agree", "disagree"), ("valid", "invalid"), ("effectiv", "ineffectiv"),
    ("reliabl", "unreliabl"), ("generaliz", "overfit"), ("stabl", "unstabl"),
    ("correct", "incorrect"), ("honest", "deceptiv"), ("honest", "dishonest"),
    ("will", "won't"), ("can", "cannot"), ("can", "can't"), ("tractabl", "intractabl"),
)
_DISAGREEMENT = re.compile(
    r"\b(?:i disagree|(?:this|that|it) is (?:wrong|false|mistaken)|is mistaken|is misguided"
    r"|does not hold|doesn't hold|contrary to|on the contrary|fails to|is unfounded"
    r"|overstate[sd]?|overestimate[sd]?|not convinced|unconvincing|a mistake to|i doubt)\b",
    re.I,
)
_AGREEMENT = re.compile(
    r"\b(?:i agree|agree with|consistent with|in line with|confirms?|confirmed|echo(?:es|ing)?"
    r"|as \w+ (?:argues|notes|points out|shows)|similarly|likewise|builds on|supports?)\b",
    re.I,
)
_REPLY = re.compile(
    r"\b(?:in response to|responding to|in reply to|replies|reply to|argues that|argued that"
    r"|claims that|claimed that|contends that|'s (?:post|argument|claim|essay|paper)"
    r"|’s (?:post|argument|claim|essay|paper)|critique of)\b",
    re.I,
)


def stem(word: str) -> str:
    """A crude stem that merges inflections and British/American spellings."""
    word = word.lower().replace("’", "'").strip("'-")
    word = re.sub(r"'s$", "", word)
    word = re.sub(r"(?<=[bvlnmi])our", "or", word)
    word = re.sub(r"is(e|ed|es|ing|ation|ations)$", r"iz\1", word)
    for suffix in ("ations", "ation", "ings", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def content_terms(text: str) -> set[str]:
    """Stems of the words that carry content, without function words or negation."""
    words = _TOKEN.findall(text.lower().replace("’", "'"))
    return {stem(w) for w in words if w not in _STOPWORDS and len(w) > 2}


def polarity(text: str) -> int:
    """+1 or -1: the parity of negations, ignoring idioms such as "not only"."""
    cleaned = _NEGATION_IDIOMS.sub(" ", text)
    return -1 if len(cues.NEGATION_RE.findall(cleaned)) % 2 else 1


def antonym_clash(a: str, b: str) -> tuple[str, str] | None:
    """A pair of opposite words, one only in `a` and the other only in `b`."""
    ta, tb = _all_stems(a), _all_stems(b)
    for left, right in _ANTONYMS:
        for x, y in ((left, right), (right, left)):
            if x in ta and y in tb and y not in ta and x not in tb:
                return x, y
    return None


def _all_stems(text: str) -> set[str]:
    return {stem(w) for w in _TOKEN.findall(text.lower().replace("’", "'"))} | {
        w for w in _TOKEN.findall(text.lower().replace("’", "'"))
    }


def type_candidate(
    a: str,
    b: str,
    similarity: float,
    same_author: bool,
    *,
    a_author: str = "",
    a_title: str = "",
) -> tuple[RelationType, str, float] | None:
    """Type the candidate link "b relates to a" for an embedding-similar pair, or refuse.

    `a` is the earlier claim, `b` the later one. Returns (type, rationale, confidence), or
    None when the only evidence is topical overlap.
    """
    shared = content_terms(a) & content_terms(b)
    smaller = max(1, min(len(content_terms(a)), len(content_terms(b))))
    overlap = len(shared) / smaller
    terms = ", ".join(sorted(shared)[:5])
    attack = _attack_evidence(a, b, shared, overlap)
    if attack:
        confidence = round(min(0.85, 0.45 + 0.3 * overlap + 0.1 * similarity), 2)
        if same_author:
            confidence = round(confidence - 0.15, 2)
        return "attacks", f"{attack} (shared terms: {terms})", confidence
    addressed = "" if same_author else _addresses(b, a_author, a_title)
    if shared and (addressed or (_REPLY.search(b) and len(shared) >= 2)):
        why = addressed or f"reply language '{_REPLY.search(b).group(0)}'"
        why = f"the later claim responds to the earlier: {why}; shared: {terms}"
        return "responds_to", why, 0.6
    if similarity > 0.9 and overlap >= 0.5:
        return "same_as", f"near-paraphrase (similarity {similarity:.2f}, same polarity, " \
            f"shared terms: {terms})", round(min(0.9, similarity - 0.05), 2)
    agreement = _AGREEMENT.search(b)
    if agreement and len(shared) >= 2 and similarity >= 0.5:
        return "supports", f"agreement marker '{agreement.group(0)}' with shared terms: " \
            f"{terms}", 0.6
    if similarity >= 0.7 and overlap >= 0.4 and len(shared) >= 3:
        return "supports", f"same assertion, same polarity (similarity {similarity:.2f}, " \
            f"shared terms: {terms})", round(min(0.8, 0.3 + 0.5 * overlap), 2)
    return None


def _attack_evidence(a: str, b: str, shared: set[str], overlap: float) -> str:
    """Why b contradicts a, or "" when nothing beyond topic links them."""
    if len(shared) >= 2 and overlap >= 0.3 and polarity(a) != polarity(b):
        return "one claim negates the other on the same content"
    clash = antonym_clash(a, b)
    if clash and len(shared) >= 1 and overlap >= 0.25:
        return f"opposite terms '{clash[0]}' / '{clash[1]}' on shared content"
    disagreement = _DISAGREEMENT.search(b)
    if disagreement and len(shared) >= 2:
        return f"explicit disagreement '{disagreement.group(0)}'"
    return ""


def _addresses(b: str, a_author: str, a_title: str) -> str:
    """Whether b names a's author (surname) or a's title: a sign it replies to it."""
    for name in re.split(r",|&|\band\b", a_author):
        parts = [p for p in name.split() if len(p) >= 3 and p[0].isupper()]
        if parts and re.search(rf"\b{re.escape(parts[-1])}\b", b):
            return f"it names the author {parts[-1]}"
    title_terms = content_terms(a_title)
    if len(title_terms) >= 2 and len(title_terms & content_terms(b)) / len(title_terms) >= 0.6:
        return f"it names the title '{a_title}'"
    return ""
