"""Typing a candidate pair: whether a claim in one text bears on a claim in another, and how.

Across documents, embedding similarity proposes candidate pairs, but similar is not related:
two claims about the same topic can agree, disagree or talk past each other. A candidate
becomes a relation only with evidence beyond topical overlap: opposite polarity on shared
content, antonyms, explicit disagreement, naming the other author, or near-paraphrase.
"""

from __future__ import annotations

import re

from assistant.models import RelationType
from assistant.offline import cues, lexicon
from assistant.offline.clash import (
    antonym_clash,
    governs_apart,
    negated_terms,
    negation_clash,
    negation_cue,
)
from ingest.people import cited_as, split_authors
from ingest.tokens import content_terms

# Similarity floors: below these, stance alone (without a cue in the claim) links nothing.
REPLY_FLOOR = 0.55
RESPONSE_FLOOR = 0.55
_CONTRAST_IN_CLAIM = re.compile(
    r"\b(?:wrong|mistaken|misguided|i doubt|doubtful|fails? to|failed to|backwards|too much"
    r"|the trouble|the problem|a long way from|misdescribes?|misreads?|does little|do little"
    r"|overstates?|overestimates?|underestimates?|unconvincing|unfounded|not the same as"
    r"|rather than|instead of|cuts both ways|doing all the work|only if|only as good as"
    r"|no evidence|little evidence|weak evidence|not evidence|not proof|neglects?|ignores?"
    r"|overlooks?|is false|not true|not so|does not follow|doesn't follow|the opposite)\b",
    re.I,
)
# Agreement stated in a claim, by the writer or about a named person.
_AGREE_CLAIM = re.compile(
    r"\b(?:i|we) (?:\w+ )?(?:agree|accept|concede|grant)\b|\bagree with [A-Z]\w+"
    r"|\b[A-Z]\w+ (?:is|was) (?:right|correct)\b|\b[A-Z]\w+ (?:rightly|correctly)\b"
    r"|\bas [A-Z]\w+ (?:has |have )?(?:argued|argues|notes|noted|shows|showed|points out"
    r"|pointed out|observes|observed|suggests|suggested)\b|\b[A-Z]\w+ has identified\b"
    r"|\b(?:a|the|his|her|their) (?:good|fair|valid|important|best) point\b",
)
_PARTIAL = re.compile(r"[,;:]\s*(?:but|however|yet|although|though)\b|\bbut\b", re.I)
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


def type_candidate(
    a: str,
    b: str,
    similarity: float,
    same_author: bool,
    *,
    a_author: str = "",
    a_title: str = "",
    reply: str = "",
) -> tuple[RelationType, str, float] | None:
    """Type the candidate link "b relates to a" for an embedding-similar pair, or refuse.

    `a` is the earlier claim, `b` the later one. `reply` is the stance of b's document
    toward a's author when it names them ("opposes", "agrees", "mixed", "addresses"), or "".
    Returns (type, rationale, confidence), or None when the only evidence is topical overlap.
    """
    shared = content_terms(a) & content_terms(b)
    smaller = max(1, min(len(content_terms(a)), len(content_terms(b))))
    overlap = len(shared) / smaller
    terms = ", ".join(sorted(shared)[:5]) or "none"
    agreement = _AGREE_CLAIM.search(b)
    if (
        agreement
        and not same_author
        and not _PARTIAL.search(b[agreement.end() :])
        and len(shared) >= 2
    ):
        kind: RelationType = "same_as" if similarity >= 0.8 else "supports"
        return (
            kind,
            f"agreement marker '{agreement.group(0)}' on shared content (shared terms: {terms})",
            0.6,
        )
    attack = _attack_evidence(a, b, shared, overlap)
    if attack:
        confidence = round(min(0.85, 0.45 + 0.3 * overlap + 0.1 * similarity), 2)
        if same_author:
            confidence = round(confidence - 0.15, 2)
        return "attacks", f"{attack} (shared terms: {terms})", confidence
    named = "" if same_author else _addresses(b, a_author, a_title)
    reply_language = _REPLY.search(b)
    if not same_author and (reply or named):
        typed = _type_reply(a, b, similarity, reply, named, terms)
        if typed is not None:
            return typed
    elif shared and reply_language and len(shared) >= 2 and not same_author:
        why = (
            f"the later claim responds to the earlier: reply language "
            f"'{reply_language.group(0)}'; shared: {terms}"
        )
        return "responds_to", why, 0.5
    if similarity > 0.9 and overlap >= 0.5:
        return (
            "same_as",
            f"near-paraphrase (similarity {similarity:.2f}, same polarity, shared terms: {terms})",
            round(min(0.9, similarity - 0.05), 2),
        )
    agreement = _AGREEMENT.search(b)
    if agreement and len(shared) >= 2 and similarity >= 0.5:
        return (
            "supports",
            f"agreement marker '{agreement.group(0)}' with shared terms: {terms}",
            0.6,
        )
    if (
        similarity >= 0.7
        and overlap >= 0.4
        and (len(shared) >= 3 or similarity >= 0.75 and len(shared) >= 2)
    ):
        return (
            "supports",
            f"same assertion, same polarity (similarity {similarity:.2f}, shared terms: {terms})",
            round(min(0.8, 0.3 + 0.5 * overlap), 2),
        )
    return None


def _type_reply(
    a: str, b: str, similarity: float, reply: str, named: str, terms: str
) -> tuple[RelationType, str, float] | None:
    """Type b against a when b's text answers a's author: its cue words say how."""
    who = named or f"its text names the earlier author ({reply})"
    agreement = _AGREE_CLAIM.search(b)
    contrast = _contrast_cue(a, b)
    if not named and reply not in ("opposes", "mixed") and contrast in lexicon.GENERIC_CONTRAST:
        # The document only cites the earlier author (a paper's related work, say), and
        # this claim neither names them nor disagrees in words: its "but" most likely
        # turns against its own previous sentence, not against the cited work.
        contrast = ""
    opening = cues.leading_connective(b)
    surname = named.removeprefix("it names the author ") if named else ""
    if (
        surname
        and _cited_in_brackets(b, surname)
        and contrast in lexicon.GENERIC_CONTRAST
        and opening
        and opening[1] == contrast
    ):
        # "However, many researchers worry about X [Christiano, 2019]": an opening
        # "however" turns against the writer's previous sentence; the bracketed name only
        # cites a source. ("But Raman's argument ..." addresses her, and stays an attack.)
        contrast = ""
    if (
        surname
        and contrast in lexicon.GENERIC_CONTRAST
        and not (opening and opening[1] == contrast)
        and _turns_before(b, contrast, surname)
    ):
        # "X, but Y, which is Feld's point": a "but" inside the sentence turns against X,
        # and the author named after it is on Y's side (the demo's Bielecki agreeing with
        # Feld). An opening "But Feld's argument ..." still addresses Feld.
        contrast = ""
    if agreement and not contrast:
        kind: RelationType = "same_as" if similarity >= 0.8 else "supports"
        return kind, f"a reply that agrees ('{agreement.group(0)}'): {who}; shared: {terms}", 0.6
    if agreement and contrast:
        return (
            "responds_to",
            f"a reply that grants a point ('{agreement.group(0)}') and "
            f"then qualifies it ('{contrast}'): {who}; shared: {terms}",
            0.55,
        )
    if contrast and (similarity >= REPLY_FLOOR or named):
        confidence = 0.6 if named else 0.5
        return (
            "attacks",
            f"a reply that opposes with '{contrast}': {who}; shared: {terms}",
            confidence,
        )
    if similarity < RESPONSE_FLOOR and not named:
        return None
    # The claim itself shows no stance: that its document opposes (or agrees with) the
    # earlier author elsewhere does not make this sentence an attack (or a support).
    stance = f" (its text {reply} the earlier author elsewhere)" if reply else ""
    return (
        "responds_to",
        f"the later claim responds to the earlier on the same topic (similarity "
        f"{similarity:.2f}){stance}: {who}; shared: {terms}",
        0.45,
    )


def _turns_before(text: str, word: str, surname: str) -> bool:
    """Whether the contrast `word` comes before every mention of `surname`."""
    turn = re.search(rf"\b{re.escape(word)}\b", text, re.I)
    name = re.search(rf"\b{re.escape(surname)}\b", text)
    return bool(turn and name and turn.start() < name.start())


def _cited_in_brackets(text: str, surname: str) -> bool:
    """Whether `surname` appears only as a source in a citation bracket ("[Ngo, 2022]",
    "(Ngo et al., 2022)"), not as a person the sentence talks to or about."""
    bracketed = re.findall(r"[\[(][^\])]*\d{4}[^\])]*[\])]", text)
    inside = sum(len(re.findall(rf"\b{re.escape(surname)}\b", b)) for b in bracketed)
    return inside > 0 and inside == len(re.findall(rf"\b{re.escape(surname)}\b", text))


def _contrast_cue(a: str, b: str) -> str:
    """A word in b that sets it against what a says, or ""."""
    opening = cues.leading_connective(b)
    if opening and opening[0] in ("attacks", "concedes"):
        return opening[1]
    found = _CONTRAST_IN_CLAIM.search(b) or _DISAGREEMENT.search(b)
    if found:
        return found.group(0).lower()
    against = re.search(r"\bagainst [A-Z]\w+", b)
    if against:
        return against.group(0)
    partial = _PARTIAL.search(b)
    if partial:
        return partial.group(0).strip(",;: ").lower()
    return ""


def _attack_evidence(a: str, b: str, shared: frozenset[str], overlap: float) -> str:
    """Why b contradicts a, or "" when nothing beyond topic links them."""
    flipped = negation_clash(a, b, shared)
    if len(shared) >= 3 and overlap >= 0.45 and len(flipped) >= max(1, 0.3 * len(shared)):
        negator = b if flipped & negated_terms(b) else a
        word = negation_cue(negator)
        cue = f"'{word}' " if word else ""
        return f"one claim negates {cue}what the other asserts ({', '.join(sorted(flipped)[:3])})"
    clash = antonym_clash(a, b)
    if clash and governs_apart(a, b, clash):
        clash = None
    if clash and len(shared) >= 2 and overlap >= 0.25:
        return f"opposite terms '{clash[0]}' / '{clash[1]}' on shared content"
    disagreement = _DISAGREEMENT.search(b)
    if disagreement and len(shared) >= 2:
        return f"explicit disagreement '{disagreement.group(0)}'"
    return ""


def _addresses(b: str, a_author: str, a_title: str) -> str:
    """Whether b names a's author (surname) or a's title: a sign it replies to it."""
    for name in split_authors(cited_as(a_author)):
        parts = [p for p in name.split() if len(p) >= 3 and p[0].isupper()]
        if parts and re.search(rf"\b{re.escape(parts[-1])}\b", b):
            return f"it names the author {parts[-1]}"
    title_terms = content_terms(a_title)
    if len(title_terms) >= 2 and len(title_terms & content_terms(b)) / len(title_terms) >= 0.6:
        return f"it names the title '{a_title}'"
    return ""
