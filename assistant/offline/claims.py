"""Argumentative-sentence detection: which sentences of a text are claims, and what kind.

Most sentences in a blog post or paper are not claims: headings, questions, signposting
("In this post I..."), acknowledgements, citations, link lists, narrative. A claim is a
sentence whose author commits to something that could be argued with. We score each sentence
on lexical evidence of commitment (stance verbs, modals, evaluative and normative words,
comparisons, causal and contrastive connectives, first-person opinion) after ruling out the
shapes that are never claims, and keep sentences above a threshold. The features are general
English argumentation cues, so the detector transfers across genres instead of fitting one.
The patterns live in claim_patterns.py and nonclaims.py, the displayed text in claim_text.py;
what is left here (~500 lines) is the scoring and the in-context rules (captions, list
lead-ins, reference regions), which read best together.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from assistant.models import ClaimDraft, ClaimKind
from assistant.offline import cues, nonclaims
from assistant.offline.claim_patterns import (
    ADDITIVE_OPENER,
    AUX,
    BOILERPLATE,
    CAUSAL,
    CITATION,
    CODE,
    COMPARATIVE,
    CONDITIONAL,
    CONTRAST_INSIDE,
    DATED,
    DEGREE,
    DEONTIC,
    EFFECT,
    EMPIRICAL,
    EVALUATIVE,
    FOOTNOTE_BODY,
    GENERIC,
    GENERIC_PLURAL,
    IMPERATIVE,
    META,
    METHODOLOGICAL,
    MODAL,
    MORE_LESS,
    NARRATIVE,
    OPINION,
    ORDINAL_OPENER,
    PAST,
    PREDICTION,
    PRESENT,
    PRESENT_EFFECT,
    QUESTION,
    REPORTED,
    SIGNPOST,
    STANCE_THAT,
    STATISTIC,
    TERMINAL,
    URL,
    WORD,
)
from assistant.offline.claim_text import document_vocabulary, normalise
from assistant.offline.segment import split_sentences

THRESHOLD = 1.2
MIN_WORDS = 4


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@dataclass
class SentenceScore:
    """Why a sentence is or is not a claim: a score, the features behind it, or an exclusion."""

    score: float = 0.0
    features: list[str] = field(default_factory=list)
    excluded: str = ""

    def add(self, name: str, weight: float) -> None:
        self.score += weight
        self.features.append(name)


def extract_claims(text: str) -> list[ClaimDraft]:
    """Every sentence that scores as argumentative, as a draft grounded in `text`.

    Some non-claims are only visible in context: everything in a references or
    acknowledgements section, the rest of a figure caption, and list items that merely
    complete a lead-in ("... once policies can:" / "- Act too quickly ..."). The rest is
    decided sentence by sentence in `score_sentence`.
    """
    regions = claimless_regions(text)
    vocabulary = document_vocabulary(text)
    drafts, context = [], _Context()
    for start, end in split_sentences(text):
        start = _skip_label(text, start, end)
        sentence = text[start:end]
        excluded = context.exclusion(text, start, end, regions)
        scored = score_sentence(sentence)
        if not excluded and not scored.excluded and scored.score >= THRESHOLD:
            drafts.append(_draft(text, start, end, scored, vocabulary))
    return drafts


@dataclass
class _Context:
    """What the sentences just before this one were: a caption, a list lead-in."""

    previous_end: int = 0
    in_caption: bool = False
    lead_in: str = ""

    def exclusion(self, text: str, start: int, end: int, regions: list[tuple[int, int]]) -> str:
        flat = " ".join(text[start:end].split())
        if flat.isdigit():
            return "page number"
        gap = text[self.previous_end : start]
        item = bool(_LIST_MARKER.search(text[text.rfind("\n", 0, start) + 1 : start]))
        item = item or bool(_INLINE_ITEM.match(flat))
        reason = ""
        if any(a <= start < b for a, b in regions):
            reason = "references or acknowledgements"
        elif self.in_caption and "\n" not in gap:
            reason = "caption"
        elif item and self.lead_in and _completes_lead_in(flat, self.lead_in):
            reason = "list item completing a lead-in"
        elif item and self.lead_in and _SCENARIO_LEAD_IN.search(self.lead_in):
            reason = "scenario in a list"
        inner = _INNER_LEAD_IN.search(flat)
        if inner and not reason:
            lead_in, first = flat[: inner.start() + 1], flat[inner.end() - 1 :]
            if (
                _SCENARIO_LEAD_IN.search(lead_in)
                or _EXAMPLE_LEAD_IN.search(lead_in)
                or _completes_lead_in(first, lead_in)
            ):
                reason = "list lead-in with its first item"
        self.in_caption = bool(reason == "caption" or _caption(flat))
        if flat.endswith(":"):
            self.lead_in = flat
        elif inner:
            self.lead_in = flat[: inner.start() + 1]
        elif not item:
            self.lead_in = ""
        self.previous_end = end
        return reason


_LIST_MARKER = re.compile(r"^\s*(?:[-*+•·▪◦‣–—]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s*$")
_GERUND_OR_WH = re.compile(
    r"^(?:[A-Z][a-z]+ing|How|Which|What|Whether|Why|When|Where|Who|Whom|Whose)\b"
)
_FINITE = _rx(
    r"\b(?:is|are|was|were|has|have|had|can|could|will|would|may|might|must|should|does|do"
    r"|did|seems?|makes?|helps?|leads?|requires?|means|tends?|remains?|becomes?|causes?)\b"
)
# A lead-in that ends in a modal or "to" wants verb phrases: "once policies can:".
_VERB_LEAD_IN = _rx(
    r"\b(?:can|could|will|would|may|might|must|should|to|be able to|tend to|need to|is to"
    r"|are to)\s*:$"
)


# A lead-in that ends in a preposition or a verb of knowing wants noun phrases or embedded
# questions: "knowledge like:" / "- How humans will respond ...".
_PHRASE_LEAD_IN = _rx(
    r"\b(?:like|of|about|including|such as|regarding|concerning|know|knows|knew|understand"
    r"|understands|learn|learns|predict|predicts|whether|how|what|which|like this|like these"
    r"|as follows|the following)\s*:$"
)
# Scenarios set up for a thought experiment: "consider the following scenarios:".
_SCENARIO_LEAD_IN = _rx(
    r"\b(?:consider|imagine|suppose|take|picture) (?:the following|these|this|two|three|four"
    r"|some|a few|several)\b[^:]*:$|\b(?:scenarios|cases|thought experiments|hypotheticals"
    r"|vignettes|stories)\s*:$"
)
# "... guarantees like this:  1. The payoffs are ...": the item is an instance of what the
# lead-in announces, and the span is the announcement.
_EXAMPLE_LEAD_IN = _rx(r"\b(?:like this|like these|as follows|the following)\s*:$")
# The segmenter cut after the first item's number: "... guarantees like this: 1.".
_LEAD_IN_WITH_NUMBER = re.compile(r":\s*\(?\d{1,2}[.)]$")
_INLINE_ITEM = re.compile(r"^\(?\d{1,3}[.)]\s+\S")
# A lead-in the segmenter glued to its first item: "... the following scenarios:  1. The".
_INNER_LEAD_IN = re.compile(r":\s+\(?1[.)]\s+\S")


def _completes_lead_in(item: str, lead_in: str) -> bool:
    """A bullet that is a phrase finishing the lead-in's sentence, not a sentence itself."""
    if _VERB_LEAD_IN.search(lead_in):
        return True
    if _PHRASE_LEAD_IN.search(lead_in) and _GERUND_OR_WH.match(item):
        return True
    if _GERUND_OR_WH.match(item):
        head = item.split(",")[0] if item.startswith(("How", "Which", "What")) else item
        return not _FINITE.search(head.split(" ", 1)[1] if " " in head else "")
    return False


def _caption(flat: str) -> bool:
    return any(p.match(flat) for p in nonclaims.CAPTION)


def claimless_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges holding no claims: a references list or an acknowledgements
    section, from its heading to the next heading that is not part of it (notes, an
    appendix, a lettered section) or the end of the text."""
    regions = []
    for heading in (nonclaims.REFERENCES_HEADING, nonclaims.ACKNOWLEDGEMENTS_HEADING):
        for match in heading.finditer(text):
            stop = len(text)
            for after in nonclaims.REGION_END_HEADING.finditer(text, match.end()):
                if not _reference_like(after.group(0)):
                    stop = after.start()
                    break
            regions.append((match.start(), stop))
    return regions


def _reference_like(line: str) -> bool:
    """A wrapped line of a reference entry that happens to look like a heading."""
    return bool(re.search(r"\b(?:19|20)\d\d\b|\bet al\b|\bIn:|\bURL\b", line))


def _skip_label(text: str, start: int, end: int) -> int:
    """Labels glued to a sentence are not part of it: "arXiv:... Abstract:", a heading in
    capitals ("INTRODUCTION In this post ..."), or a run-in label ("Multiple Rewards: A
    combination ... may be ..."), unless the label is a term the sentence defines."""
    sentence = text[start:end]
    for pattern in (_ABSTRACT_LABEL, _CAPS_HEADING, _RUN_IN_LABEL):
        label = pattern.match(sentence)
        if label and label.end() < len(sentence) and not _glossary(sentence):
            start += label.end()
            sentence = text[start:end]
    return start


_ABSTRACT_LABEL = re.compile(r".{0,160}?\bAbstract\s*[:.]\s+", re.DOTALL)
_CAPS_HEADING = re.compile(
    r"(?:(?:\d+(?:\.\d+)*\.?\s+)?(?:[A-Z][A-Z0-9'’&-]+[,:]?\s+){2,}|[A-Z]{6,}:?\s+)(?=[A-Z][a-z])"
)
_LABEL_VERB = _rx(
    r"\b(?:is|are|was|were|be|been|has|have|had|do|does|did|can|could|will|would|should|may"
    r"|might|must|not|no|i|we|you|they|it|this|that)\b"
)
_RUN_IN_LABEL = re.compile(r"(?:[A-Z][\w’'()-]*(?:[ \t]+[\w’'()-]+){0,3}):[ \t]+(?=[A-Z])")
_GLOSS_BODY = re.compile(r"^[“\"'‘]?(?:the|a|an|any|some|one|when|how|what|whether)\s", re.I)


def _glossary(sentence: str) -> bool:
    """ "<Term>: the hypothetical objective that ..." or "Robustness: an agent is robust if"."""
    match = re.match(r"([A-Z][\w’'-]*(?:[ \t]+[\w’'-]+){0,3}):[ \t]+(\S.*)", sentence, re.S)
    if not match or _LABEL_VERB.search(match.group(1)):
        return False
    label, body = match.groups()
    if (_GLOSS_BODY.match(body) and body[:1].islower()) or not AUX.search(body):
        return True
    stems = [re.escape(w[:5].lower()) for w in re.findall(r"[A-Za-z]{4,}", label)]
    return any(
        re.search(rf"\b(?:is|are) (?:\w+ ){{0,2}}{stem}\w* (?:if|when|iff)\b", body, re.I)
        or re.search(rf"\b{stem}\w* (?:means|refers to|denotes|is defined)\b", body, re.I)
        for stem in stems
    )


def _draft(
    text: str, start: int, end: int, scored: SentenceScore, vocabulary: frozenset[str]
) -> ClaimDraft:
    quote = text[start:end]
    return ClaimDraft(
        start=start,
        end=end,
        quote=quote,
        text=normalise(quote, vocabulary),
        kind=claim_kind(quote),
        hedged=bool(cues.hedges(quote)),
        confidence=_confidence(scored.score),
        markers=cues.assumption_markers(quote) + cues.unhedged_universals(quote),
    )


def _confidence(score: float) -> float:
    """A logistic squash of the margin above threshold, kept inside (0.5, 0.95)."""
    return round(min(0.95, 0.5 + 0.45 * math.tanh((score - THRESHOLD) / 2.0)), 2)


def score_sentence(sentence: str) -> SentenceScore:
    """Score one sentence; exclusions win over any amount of positive evidence."""
    result = SentenceScore()
    flat = " ".join(sentence.split())
    result.excluded = _exclusion(flat)
    if result.excluded:
        return result
    if TERMINAL.search(flat) and AUX.search(flat):
        result.add("declarative", 0.6)
    _score_commitment(flat, result)
    _score_structure(flat, result)
    _score_penalties(flat, result)
    if not TERMINAL.search(flat):
        result.add("no final punctuation", -0.8)
    elif flat.endswith(":"):
        result.add("introduces a list", -0.6)
    if not AUX.search(flat):
        result.add("no finite verb", -0.8)
    return result


def _exclusion(flat: str) -> str:
    """The name of the never-a-claim shape this sentence has, or "" if none."""
    words = WORD.findall(URL.sub(" ", flat))
    checks = (
        ("question", lambda: bool(QUESTION.search(flat))),
        ("list lead-in", lambda: flat.endswith(":") or bool(_LEAD_IN_WITH_NUMBER.search(flat))),
        ("boilerplate", lambda: bool(BOILERPLATE.search(flat))),
        ("feed preamble", lambda: _any(nonclaims.PREAMBLE, flat)),
        ("too short", lambda: len(words) < MIN_WORDS),
        ("caption", lambda: _caption(flat)),
        ("acknowledgement", lambda: _any(nonclaims.ACKNOWLEDGEMENT, flat)),
        ("meta-text", lambda: _is_meta(flat)),
        ("pointer", lambda: _any(nonclaims.POINTER, flat)),
        ("example setup", lambda: _any(nonclaims.EXAMPLE_SETUP, flat)),
        ("contribution statement", lambda: _contribution(flat)),
        ("contents of a work", lambda: _contents(flat)),
        ("about the writer", lambda: _any(nonclaims.AUTHORIAL, flat)),
        ("question raised", lambda: _any(nonclaims.QUESTION_RAISED, flat)),
        ("literature pointer", lambda: _any(nonclaims.LITERATURE_POINTER, flat)),
        ("definition", lambda: _any(nonclaims.DEFINITION, flat) or _glossary(flat)),
        ("citation", lambda: _any(CITATION, flat) and len(words) < 40),
        ("reference entry", lambda: _is_reference(flat)),
        ("footnote reference", lambda: bool(FOOTNOTE_BODY.match(flat))),
        ("code", lambda: len(CODE.findall(flat)) > max(4, len(flat) // 12)),
        ("equation", lambda: len(_MATH.findall(flat)) > max(3, len(flat) // 15)),
        ("table row", lambda: _numeric_share(flat) >= 0.4),
        ("heading", lambda: _is_heading(flat, words)),
        ("fragment", lambda: _is_fragment(flat)),
    )
    return next((name for name, hit in checks if hit()), "")


def _any(patterns: tuple[re.Pattern[str], ...], flat: str) -> bool:
    return any(p.search(flat) for p in patterns)


def _contribution(flat: str) -> bool:
    """ "We propose X, a framework that ..." names what a work offers; "we propose that X"
    and "we introduce X and show that Y" state something a reader can dispute."""
    return (
        _any(nonclaims.CONTRIBUTION, flat)
        and not STANCE_THAT.search(flat)
        and not _RESULT.search(flat)
    )


def _contents(flat: str) -> bool:
    """What a work contains; "presents a groundbreaking approach" is a verdict on it."""
    return _any(nonclaims.CONTENTS, flat) and not EVALUATIVE.search(flat)


_RESULT = _rx(
    r"\b(?:find|found|demonstrat|show|prove|establish|outperform|improv|reduc|increas|achiev"
    r"|surpass|beat|fail|succeed)\w*\b"
)


_MATH = re.compile(r"[=<>≤≥≈≠∈∉∑∏∫√∂∇∞±×÷∝∼→⇒↦θλμσαβγδεπφψωΣΠΩ∗′|^]")
_NUMBER = re.compile(r"^[-+±(]?\d[\d.,]*%?\)?$")
# Lower-case words that do open real sentences: "e.g." lists, "iPhone", "gpt-4".
_LOWER_START_OK = re.compile(r"^(?:e\.g\.|i\.e\.|[a-z]+[A-Z]|[a-z]+-?\d|tl;dr)")


def _is_reference(flat: str) -> bool:
    """A reference-list entry or a line of author names, affiliations or e-mail addresses."""
    if nonclaims.NAME_LIST.match(flat) or nonclaims.EMAIL.search(flat):
        return True
    hits = sum(1 for p in nonclaims.REFERENCE if p.search(flat))
    return hits >= 2 or (hits == 1 and bool(nonclaims.REFERENCE[0].match(flat)))


def _numeric_share(flat: str) -> float:
    """The share of tokens that are numbers: a table row, not a sentence, when high."""
    tokens = flat.split()
    numbers = sum(1 for t in tokens if _NUMBER.match(t.strip(".,;:")))
    return numbers / len(tokens) if numbers >= 4 else 0.0


def _is_fragment(flat: str) -> bool:
    """A piece of a sentence: no verb and no stop, a leading comma, a lower-case start
    (the rest of a sentence cut by a page, a figure or a list), or a year in brackets."""
    if not AUX.search(flat) and not TERMINAL.search(flat):
        return True
    if flat[:1] in ",;:)]}" or re.match(r"^[\[(](?:19|20)\d\d[a-z]?[\])]", flat):
        return True
    if re.match(r"^\([A-Z][A-Za-z]{0,7}\)[,;]? ", flat):  # "(RL), which allows ..."
        return True
    if _cut_off(flat):
        return True
    return flat[:1].islower() and not _LOWER_START_OK.match(flat)


_ELLIPSIS_END = re.compile(r"(?:,\s*)?(?:\.\.\.|…|\[…\]|\[\.\.\.\])\W{0,2}$")
# Words a sentence cannot end on: an article, a conjunction, "of", "to", an auxiliary. A cut
# after a preposition ("uncertainty about …") often leaves the assertion whole, so it stays.
_DANGLING = frozenset(
    "a an the of to and or nor than quite very its their our his her my your this these those"
    " is are was were be been has have had".split()
)


def _cut_off(flat: str) -> bool:
    """A sentence an excerpt cut short ("There is quite a...", "computations, […]"): it
    ends on an ellipsis after a comma or after a word that cannot end a sentence. "They
    can't prove the conspiracy..." trails off but says what it says, and so does a long
    sentence whose tail was cut ("we did not find clear examples ..., though we found six
    cases that may turn out to be...")."""
    end = _ELLIPSIS_END.search(flat)
    if end is None:
        return False
    words = WORD.findall(flat[: end.start()])
    if len(words) >= _CUT_LONG:  # the assertion came before the cut: only its tail is lost
        return False
    return end.group(0).startswith(",") or not words or words[-1].lower() in _DANGLING


_CUT_LONG = 18


def _is_meta(flat: str) -> bool:
    """Signposting about the text itself, unless it states a thesis ("I will argue that X")."""
    if STANCE_THAT.search(flat) or _BELIEF.search(flat):
        return False
    opened = flat
    flat = ORDINAL_OPENER.sub("", _PLAIN_CONNECTIVE.sub("", flat))
    if (
        any(p.search(flat) for p in META)
        or _any(nonclaims.ROADMAP, flat)
        or _any(nonclaims.ROADMAP, opened)
    ):
        return True
    short = len(WORD.findall(SIGNPOST.sub(" ", flat))) < 12
    return bool(SIGNPOST.search(flat)) and short and not EVALUATIVE.search(flat)


_PLAIN_CONNECTIVE = _rx(r"^(?:however|but|and|so|still|again),?\s+")
# A belief the writer states outright keeps a signposting sentence a claim ("Here are a few
# examples; I suspect there are many more").
_BELIEF = _rx(
    r"\b(?:i|we) (?:(?:really|strongly|still|also|do|genuinely|personally) )?(?:think|believe"
    r"|suspect|expect|doubt|guess|reckon|bet|predict)\b"
)


_QUESTION_TITLE = re.compile(r"(?:why|how|what|when|where|which|whether|who)\b", re.I)


def _is_heading(flat: str, words: list[str]) -> bool:
    """Short lines without final punctuation, lines in Title Case or CAPITALS, and titles
    worded as a question without its question mark ("Why alignment is positive for ...")."""
    if TERMINAL.search(flat):
        return False
    if len(words) <= 12 or _QUESTION_TITLE.match(flat):
        return True
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) > 0.7


def _score_commitment(flat: str, result: SentenceScore) -> None:
    """Evidence the author commits to something: opinion, stance, obligation, evaluation."""
    if OPINION.search(flat):
        result.add("first-person stance", 2.0)
    elif REPORTED.search(flat):
        result.add("stance verb", 1.5 if re.search(r"\bthat\b", flat) else 0.8)
    if DEONTIC.search(flat):
        result.add("normative modal", 1.5)
    if MODAL.search(flat):
        result.add("modal", 0.8)
    evaluative = len(set(m.lower() for m in EVALUATIVE.findall(flat)))
    if evaluative:
        result.add("evaluative words", 0.6 * min(evaluative, 2))
    if cues.assumption_markers(flat):
        result.add("assumption marker", 0.6)
    if cues.hedges(flat):
        result.add("hedge", 0.4)
    if cues.universals(flat):
        result.add("universal", 0.3)


def _score_structure(flat: str, result: SentenceScore) -> None:
    """Evidence of reasoning: comparisons, causes, conditions, contrasts, connectives."""
    if COMPARATIVE.search(flat):
        result.add("comparison", 0.7)
    elif MORE_LESS.search(flat):
        result.add("more/less", 0.4)
    if CAUSAL.search(flat):
        result.add("causal language", 0.8)
    if DEGREE.search(flat):
        result.add("degree adverb", 0.4)
    if EFFECT.search(flat):
        result.add("effect verb", 0.5)
    if CONDITIONAL.search(flat):
        result.add("conditional", 0.5)
    if CONTRAST_INSIDE.search(flat):
        result.add("contrast", 0.4)
    if cues.leading_connective(flat) or ADDITIVE_OPENER.match(flat):
        result.add("discourse connective", 0.6)
    if STATISTIC.search(flat):
        result.add("statistic", 0.5)
    if cues.negations(flat):
        result.add("negation", 0.3)
    if GENERIC_PLURAL.match(flat):
        result.add("generic statement", 0.7)
    elif GENERIC.search(flat) or PRESENT_EFFECT.search(flat):
        result.add("generic present", 0.5)


def _score_penalties(flat: str, result: SentenceScore) -> None:
    """Narrative, instructions and near-verbatim quotation report rather than argue."""
    committed = {"first-person stance", "stance verb", "normative modal"} & set(result.features)
    if NARRATIVE.search(flat) and not committed:
        result.add("narrative", -1.2)
    if PAST.search(flat) and not PRESENT.search(flat) and not committed:
        result.add("past-tense report", -0.6)
    if DATED.search(flat) and not committed and not STATISTIC.search(flat):
        result.add("dated event", -0.5)
    if SIGNPOST.search(flat):
        # "This post makes an important point": a verdict on the text is what is claimed.
        result.add("signpost", -0.4 if "evaluative words" in result.features else -1.0)
    if IMPERATIVE.match(flat):
        result.add("imperative", -1.0)
    if flat[:1] in '"“' and flat.rstrip(".")[-1:] in '"”':
        result.add("quotation", -0.5)


def claim_kind(sentence: str) -> ClaimKind:
    """Evidence beats obligation beats method beats forecast; anything else is conceptual."""
    if EMPIRICAL.search(sentence):
        return "empirical"
    if DEONTIC.search(sentence):
        return "normative"
    if METHODOLOGICAL.search(sentence):
        return "methodological"
    if PREDICTION.search(sentence):
        return "prediction"
    return "conceptual"
