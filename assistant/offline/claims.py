"""Argumentative-sentence detection: which sentences of a text are claims, and what kind.

Most sentences in a blog post or paper are not claims: headings, questions, signposting
("In this post I..."), acknowledgements, citations, link lists, narrative. A claim is a
sentence whose author commits to something that could be argued with. We score each sentence
on lexical evidence of commitment (stance verbs, modals, evaluative and normative words,
comparisons, causal and contrastive connectives, first-person opinion) after ruling out the
shapes that are never claims, and keep sentences above a threshold. The features are general
English argumentation cues, so the detector transfers across genres instead of fitting one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from assistant.models import ClaimDraft, ClaimKind
from assistant.offline import cues, nonclaims
from assistant.offline.segment import split_sentences

THRESHOLD = 1.2
MIN_WORDS = 4


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# -- shapes that are never claims ---------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_URL = _rx(r"\b(?:https?://|www\.)\S+|\b\S+\.(?:com|org|net|io|pdf|html?)\b\S*")
# A sentence may end with footnote markers, glued or after a space ("doom. [3]").
_TERMINAL = re.compile(r"""[.!:;…]["'”’)\]*_]*(?:\s?(?:\[\d{1,3}\]|\^\d{1,3}))*\s?\^?$""")
_QUESTION = re.compile(r"""\?["'”’)\]*_]*(?:\s?(?:\[\d{1,3}\]|\^\d{1,3}))*\s?\^?$""")
_BOILERPLATE = _rx(
    r"^(?:skip to (?:main )?content|discuss|subscribe|share|sign (?:up|in)|log ?in|read more"
    r"|reply|comments?|permalink|menu|home|academic|loading|advertisement|related (?:posts"
    r"|articles)|all rights reserved|\d+\s+(?:comments|points|karma|min(?:ute)?s? read|votes))"
    r"[\s.!:]*$"
    r"|^(?:posted by|published (?:on|by)|copyright|©|tags?:|cookies?:|arxiv:\S+\s+announce type"
    r"|(?:edit|update|epistemic status|cross-?posted|originally published|content warning)\b)"
)
_META = (
    _rx(
        r"^(?:in|for|throughout) (?:this|these|the (?:following|next|previous)) (?:post|paper|article"
        r"|essay|section|chapter|piece|note|thread|comment|work|sequence|series|report|review)"
    ),
    _rx(
        r"^this (?:post|paper|article|essay|section|chapter|piece|note|thread|sequence|report)"
        r" (?:is|was|will|covers?|describes?|reviews?|discusses?|explores?|presents?|contains?"
        r"|summari[sz]es?|starts?|begins?|outlines?|looks at|has been|focuses)"
    ),
    _rx(
        r"^(?:here|below|above)(?:'s|’s| are| is| i| we)\b|^the following\b"
        r"|^more (?:on|in|about)\b"
    ),
    _rx(
        r"^(?:i|we)(?:'ve|’ve| have)? (?:discussed|reviewed|described|elaborated|addressed"
        r"|written|mentioned|covered|summari[sz]ed)\b(?!.*\bthat\b)"
        r"|^(?:i|we) (?:plan|hope|intend|want) to (?:say|write|discuss|return|cover|address"
        r"|elaborate|explore)\b"
    ),
    _rx(
        r"^(?:thanks|thank you|many thanks|special thanks|(?:i'm|i am|we are) grateful"
        r"|acknowledg)"
    ),
    _rx(
        r"^(?:i|we)(?:'ll| will| shall|'m going to| am going to| are going to|'d like to"
        r"| would like to| want to)\s+(?:now |first |then |also |briefly |quickly |try to )?"
        r"(?:elaborate|discuss|address|review|describe|explain|summari[sz]e|cover|turn|begin"
        r"|start|focus|go|walk|outline|look|say|talk|keep|present|introduce|list|give|return)"
    ),
    _rx(
        r"^(?:i|we)\s+(?:discuss|address|review|describe|elaborate|summari[sz]e|outline|list"
        r"|cover)\b|^(?:i|we) (?:won't|will not) (?:dig|go|get|discuss|cover|address)"
    ),
    _rx(r"^(?:let's|let us|let me)\b|^(?:see|cf\.?)\s"),
    _rx(
        r"^(?:i|we) (?:don't|do not|didn't|did not) have (?:the )?(?:time|bandwidth|space|room)"
        r" to\b|^(?:i'm|i am|we're|we are) not (?:exactly |entirely |quite )?sure (?:why|what"
        r"|how|whether|if|where|who)\b"
    ),
    _rx(
        r"^(?:figure|fig\.|table|section|appendix|algorithm|listing|equation|eq\.)\s*\d"
        r"|\b(?:is|are) (?:publicly )?available (?:at|on|from|online|here)\b|^we thank\b"
    ),
)
# Pointers to other parts of the text: signposting when the sentence has little else in it.
_SIGNPOST = _rx(
    r"\b(?:next|previous|following|last|later|earlier|this|that) (?:section|post|chapter"
    r"|paragraph|appendix)s?\b|§\s?\d|\b(?:see|cf\.?) (?:above|below|section|appendix|fig)"
    r"|[,;(] ?see\b|\b(?:rest|remainder) of (?:this|the) (?:paper|post|document|article|section)\b"
    r"|\b(?:details|more) (?:are |is )?in (?:the )?(?:appendix|section|supplementary)\b"
)
_ORDINAL_OPENER = _rx(
    r"^(?:to (?:begin|start) with|first(?:ly)?|second(?:ly)?|next|finally"
    r"|lastly|then|now|in addition|also),?\s+"
)
_ADDITIVE_OPENER = _rx(
    r"^(?:furthermore|moreover|in addition|additionally|besides|what is more"
    r"|what's more|also|likewise|similarly|equally)\b"
)
_STANCE_THAT = _rx(
    r"\b(?:argue|claim|show|contend|suggest|propose|conclude|think|believe)"
    r"(?:s|d)?\s+that\b"
)
_CITATION = (
    _rx(r"\bet al\.?,?\s*\(?(?:19|20)\d\d\)?[.,]"),
    _rx(r"\b(?:doi:|arxiv:\s?\d|isbn|pp\.\s?\d|vol\.\s?\d|proceedings of|in proc\.)"),
    re.compile(r"^(?:\[\d{1,3}\]\s*)?[A-Z][a-z]+,\s+[A-Z]\.(?:\s?[A-Z]\.)*(?:,| and| &)"),
)
_FOOTNOTE_BODY = re.compile(r"^(?:\^|\[\d{1,3}\]|\d{1,3}\.)\s*(?:see\b|https?://|\S+\s*$)", re.I)
_CODE = re.compile(r"[{}();=<>\[\]_/\\|`$]")

# -- evidence of commitment ---------------------------------------------------------------------

_OPINION = _rx(
    r"\b(?:i|we)\s+(?:(?:really|strongly|still|now|also|do|don't|do not|would|'d|genuinely"
    r"|firmly|personally|tend to|have come to|increasingly)\s+)*(?:think|believe|suspect|argue"
    r"|claim|contend|expect|doubt|guess|hypothesi[sz]e|predict|maintain|feel|worry|hope|agree"
    r"|disagree|conclude|suggest|find|found|reckon|bet|submit|propose|show|showed|demonstrate)\b"
    r"|\bin my (?:view|opinion|experience)\b|\bimo\b|\bimho\b|\bit seems to me\b"
    r"|\bmy (?:view|sense|guess|impression|bet|claim|argument|position|worry|concern) is\b"
    r"|\b(?:i am|i'm|we are) (?:convinced|confident|skeptical|sceptical|worried|not sure"
    r"|not convinced|optimistic|pessimistic)\b|\bto me,"
)
_REPORTED = _rx(
    r"\b(?:argues?|argued|claims?|claimed|contends?|contended|maintains?|asserts?|asserted"
    r"|suggests?|suggested|shows?|showed|shown|demonstrates?|demonstrated|finds|found"
    r"|indicates?|indicated|implies|implied|proves?|proved|proven|concludes?|concluded"
    r"|predicts?|predicted|reveals?|revealed|confirms?|confirmed|establish(?:es|ed)?"
    r"|according to)\b"
)
_DEONTIC = _rx(
    r"\b(?:should|shouldn't|must|mustn't|ought|need to|needs to|needn't|have to|has to"
    r"|had better|better to|we need|is required|are required|deserves?|is worth|are worth"
    r"|it is (?:important|essential|necessary|crucial|vital|imperative|wise|unwise) (?:to|that))\b"
)
_MODAL = _rx(
    r"(?-i:\bmay\b)|\b(?:will|won't|would|wouldn't|could|couldn't|might|can|can't|cannot|going to"
    r"|likely|unlikely|probably)\b"
)
_EVALUATIVE = _rx(
    r"\b(?:important|crucial|critical|essential|necessary|unnecessary|key|central|major"
    r"|significant|good|bad|better|worse|best|worst|great|terrible|dangerous|safe|unsafe"
    r"|harmful|beneficial|helpful|unhelpful|useful|useless|valuable|effective|ineffective"
    r"|efficient|inefficient|wrong|right|true|false|correct|incorrect|valid|invalid"
    r"|reasonable|unreasonable|plausible|implausible|possible|impossible|hard|difficult|easy"
    r"|serious|severe|risky|risks?|problems?|problematic|mistakes?|errors?|flawed|fragile"
    r"|robust|brittle|fair|unfair|ethical|unethical|moral|immoral|justified|unjustified"
    r"|sufficient|insufficient|adequate|inadequate|naive|misleading|promising|unfortunately"
    r"|fortunately|surprisingly|compelling|convincing|unconvincing|strong|weak|benefits?"
    r"|costs?|advantages?|disadvantages?|downsides?|upsides?|threats?|concerns?|failures?"
    r"|success|successful|irrelevant|relevant|overlooked|underrated|overrated|biased|bias"
    r"|harm|harms|danger|unlikely|likely|worth|wise|unwise|crucially|superior|inferior"
    r"|bias(?:es|ed)?|overconfident|incompetent|competent|reliable|unreliable|catastrophic|disastrous"
    r"|interesting|groundbreaking|pointless|incomplete|powerful|limited|elegant|sloppy|clever"
    r"|unclear|obvious|questionable|doubtful|dubious|inherently|genuinely|excessive|unhealthy"
    r"|healthy|deserves?|nonsense|absurd|ridiculous|misguided|mistaken|irresponsible)\b"
)
_COMPARATIVE = _rx(
    r"\b(?:more|less|fewer|better|worse|greater|larger|smaller|higher|lower|faster|slower"
    r"|\w{3,}er)\s+than\b|\boutweighs?\b|\brather than\b|\b(?:most|least)\s+\w{4,}"
    r"|\bcompared (?:to|with)\b|\binstead of\b"
    r"|\b(?:the|our|their|its) (?:best|worst|[a-z]{3,}est)\b"
)
_MORE_LESS = _rx(r"\b(?:more|less|fewer)\s+[a-z]{3,}")
_CAUSAL = _rx(
    r"\b(?:because|due to|leads? to|led to|causes?|caused|results? in|resulted in|as a result"
    r"|therefore|thus|hence|consequently|so that|which means|this means|implies|explains?"
    r"|the reason|contributes? to|drives?|enables?|prevents?|allows?|since(?! then)|in order to"
    r"|, so(?! far| much| many| that)"
    r"|makes? (?:it|them|us|\w+) (?:\w+ )?(?:more|less|harder|easier))\b"
)
_DEGREE = _rx(
    r"\b(?:very|highly|strongly|weakly|largely|mostly|extremely|quite|too|far|much|deeply"
    r"|fundamentally|entirely|completely|merely|only|just|rarely|often|usually|generally"
    r"|typically|especially|particularly|increasingly|substantially|greatly|hardly|barely)\b"
)
_EFFECT = _rx(
    r"\b(?:reduc|increas|improv|worsen|undermin|weaken|strengthen|boost|hurt|harm|affect"
    r"|determin|accelerat|slow|stabili[sz]|destabili[sz]|limit|constrain|protect|threaten"
    r"|solv|break|prevent|enabl|encourag|discourag|incentivi[sz])(?:e|es|ed|s|ing)?\b"
)
_PRESENT_EFFECT = re.compile(_EFFECT.pattern.replace("(?:e|es|ed|s|ing)?", "(?:es|s)"), re.I)
_CONDITIONAL = _rx(r"\bif\b.+\b(?:then|will|would|could|can|might|must|should)\b|\bunless\b")
_GENERIC = _rx(
    r"\b(?:is|are|isn't|aren't|remains?|seems?|tends? to|requires?|depends on|constitutes?"
    r"|means|matters?|works?|fails?|helps?|makes?|provides?|involves?|needs?|lacks?|has|have)\b"
)
# "Reward models inherit the...": a plural subject with a present-tense verb states a generic.
_GENERIC_PLURAL = re.compile(
    r"^(?:[A-Za-z][\w-]*\s+){0,3}?[a-z][\w-]*[a-z]s\s+(?!(?:of|in|on|at|for|to|with|by|from|and"
    r"|or|are|were|is|was|that|which|who)\b)[a-z]{3,}\s+(?:the|a|an|their|its|our|this|that|these|those"
    r"|more|less|them|it|to|no)\b"
)
_PRESENT = _rx(r"\b(?:is|are|isn't|aren't|has|have|will|can|should|must|would|could|might)\b")
_PAST = _rx(
    r"\b(?:was|were|had|did)\b|\b[a-z]{3,}ed (?:the|a|an|in|on|at|to|by|for|with|from"
    r"|between|online|[a-z]+ly)\b"
)
_DATED = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:January|February|March|April|June|July|August|September|October"
    r"|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:yesterday|last (?:week|month|year)|ago)\b"
)
_STATISTIC = re.compile(r"\d(?:\.\d+)?\s?%|\bpercent\b|\bper cent\b")
_CONTRAST_INSIDE = _rx(
    r"\b(?:but|however|although|though|whereas|while|yet|despite|even if)\b|, not\b"
)
_NARRATIVE = _rx(
    r"\b(?:i|we)\s+(?:\w+ly\s+)?(?:was|were|had|spent|read|wrote|went|did|got|started|began"
    r"|tried|used|ran|trained|collected|visited|attended|met|asked|posted|shared|gave|made"
    r"|built|saw|watched|talked|discussed|reviewed|compared|evaluated|tested|measured"
    r"|conducted|downloaded|annotated|implemented|set|chose|selected|recruited|sampled)\b"
    r"|^\s*(?:(?:last|this|next) (?:year|week|month)|yesterday|in (?:19|20)\d\d|when i)\b"
    r"|\b(?:they|he|she|the authors)\s+(?:\w+ly\s+)?[a-z]{3,}ed\b"
)
_IMPERATIVE = _rx(
    r"^(?:(?:for example|for instance|e\.g\.),? )?(?:consider|suppose|imagine) (?:a|an|the|two|some)\b"
    r"|^(?:see|consider|click|read|check|recall|imagine|suppose|take|look|go|visit|download"
    r"|follow|join|sign|subscribe|try)\b"
)
_AUX = _rx(
    r"\b(?:is|are|was|were|be|been|being|am|has|have|had|do|does|did|will|would|can|could"
    r"|should|must|may|might|shall|isn't|aren't|wasn't|weren't|doesn't|don't|didn't|won't"
    r"|can't|cannot)\b|\b(?:i|we|you|they|he|she|it|this|that|these|those|which|who)\s+\w+"
    r"|\w(?:'m|'re|'s|'ve|'d|'ll|n't|’m|’re|’s|’ve|’d|’ll|n’t)\b|\b\w+(?:ed|es)\b"
    r"|\b(?:seem|lack|need|tend|think|know|want|make|work|help|matter|require|exist|remain"
    r"|give|take|get|produce|cause|create|show|offer|present|exhibit|facilitate|provide|keep"
    r"|become|deprive|allow|let|mean|depend|learn|say|find|feel|look|come|go|lead|use)s?\b"
    r"|\b[a-z]{3,}(?<!ss)(?<!ous)(?<!ics)(?<!sis)s\s+(?:a|an|the|its|their|his|her|our|my"
    r"|your|this|that|these|those|to|more|less|no|some|many|much|it|them|us|him|me)\b"
)

# -- kinds ----------------------------------------------------------------------------------------

_EMPIRICAL = _rx(
    r"\b(?:we|they|results?|experiments?|data|studies|study|evidence|analys[ie]s|measurements?"
    r"|surveys?|trials?|findings?)\s+(?:\w+\s+)?(?:show|shows|showed|found|find|finds|observed"
    r"|demonstrate|demonstrates|demonstrated|indicate|indicates|reveal|reveals|revealed"
    r"|confirm|confirms|suggest|suggests)\b|\d+(?:\.\d+)?\s?%|\bpercent\b|\bsignificantly\b"
    r"|\bstatistically\b|\boutperform(?:s|ed)?\b|\baccuracy\b|\bempirically\b|\bobserved\b"
    r"|\bcorrelat(?:es|ed|ion)\b|\bbaselines?\b"
)
_METHODOLOGICAL = _rx(
    r"\b(?:we|this (?:paper|work|study))\s+(?:propose|introduce|present|develop|design|train"
    r"|fine-?tune|construct|build|formulate|use|adopt|employ)\b"
    r"|\b(?:our|the proposed|a new|a novel)\s+(?:\w+\s+)?(?:method|approach|framework"
    r"|algorithm|technique|architecture|benchmark"
    r"|protocol|procedure|pipeline|metric|dataset)\b"
)
_PREDICTION = _rx(
    r"\b(?:will|won't|going to|by (?:19|20)\d\d|likely to|unlikely to|in the (?:near |coming )?"
    r"future|soon|next (?:year|decade|few years)|forecast|predict(?:s|ed)?"
    r"|expect(?:s|ed)? (?:\w+ )?to)\b"
)


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
            if _SCENARIO_LEAD_IN.search(lead_in) or _completes_lead_in(first, lead_in):
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
    r"|understands|learn|learns|predict|predicts|whether|how|what|which)\s*:$"
)
# Scenarios set up for a thought experiment: "consider the following scenarios:".
_SCENARIO_LEAD_IN = _rx(
    r"\b(?:consider|imagine|suppose|take|picture) (?:the following|these|this|two|three|four"
    r"|some|a few|several)\b[^:]*:$|\b(?:scenarios|cases|thought experiments|hypotheticals"
    r"|vignettes|stories)\s*:$"
)
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
    if (_GLOSS_BODY.match(body) and body[:1].islower()) or not _AUX.search(body):
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
    if _TERMINAL.search(flat) and _AUX.search(flat):
        result.add("declarative", 0.6)
    _score_commitment(flat, result)
    _score_structure(flat, result)
    _score_penalties(flat, result)
    if not _TERMINAL.search(flat):
        result.add("no final punctuation", -0.8)
    elif flat.endswith(":"):
        result.add("introduces a list", -0.6)
    if not _AUX.search(flat):
        result.add("no finite verb", -0.8)
    return result


def _exclusion(flat: str) -> str:
    """The name of the never-a-claim shape this sentence has, or "" if none."""
    words = _WORD.findall(_URL.sub(" ", flat))
    checks = (
        ("question", lambda: bool(_QUESTION.search(flat))),
        ("list lead-in", lambda: flat.endswith(":")),
        ("boilerplate", lambda: bool(_BOILERPLATE.search(flat))),
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
        ("citation", lambda: _any(_CITATION, flat) and len(words) < 40),
        ("reference entry", lambda: _is_reference(flat)),
        ("footnote reference", lambda: bool(_FOOTNOTE_BODY.match(flat))),
        ("code", lambda: len(_CODE.findall(flat)) > max(4, len(flat) // 12)),
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
        and not _STANCE_THAT.search(flat)
        and not _RESULT.search(flat)
    )


def _contents(flat: str) -> bool:
    """What a work contains; "presents a groundbreaking approach" is a verdict on it."""
    return _any(nonclaims.CONTENTS, flat) and not _EVALUATIVE.search(flat)


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
    if not _AUX.search(flat) and not _TERMINAL.search(flat):
        return True
    if flat[:1] in ",;:)]}" or re.match(r"^[\[(](?:19|20)\d\d[a-z]?[\])]", flat):
        return True
    if re.match(r"^\([A-Z][A-Za-z]{0,7}\)[,;]? ", flat):  # "(RL), which allows ..."
        return True
    return flat[:1].islower() and not _LOWER_START_OK.match(flat)


def _is_meta(flat: str) -> bool:
    """Signposting about the text itself, unless it states a thesis ("I will argue that X")."""
    if _STANCE_THAT.search(flat) or _BELIEF.search(flat):
        return False
    flat = _ORDINAL_OPENER.sub("", _PLAIN_CONNECTIVE.sub("", flat))
    if any(p.search(flat) for p in _META) or _any(nonclaims.ROADMAP, flat):
        return True
    short = len(_WORD.findall(_SIGNPOST.sub(" ", flat))) < 12
    return bool(_SIGNPOST.search(flat)) and short and not _EVALUATIVE.search(flat)


_PLAIN_CONNECTIVE = _rx(r"^(?:however|but|and|so|still|again),?\s+")
# A belief the writer states outright keeps a signposting sentence a claim ("Here are a few
# examples; I suspect there are many more").
_BELIEF = _rx(
    r"\b(?:i|we) (?:(?:really|strongly|still|also|do|genuinely|personally) )?(?:think|believe"
    r"|suspect|expect|doubt|guess|reckon|bet|predict)\b"
)


def _is_heading(flat: str, words: list[str]) -> bool:
    """Short lines without final punctuation, or lines in Title Case or CAPITALS."""
    if _TERMINAL.search(flat):
        return False
    if len(words) <= 12:
        return True
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) > 0.7


def _score_commitment(flat: str, result: SentenceScore) -> None:
    """Evidence the author commits to something: opinion, stance, obligation, evaluation."""
    if _OPINION.search(flat):
        result.add("first-person stance", 2.0)
    elif _REPORTED.search(flat):
        result.add("stance verb", 1.5 if re.search(r"\bthat\b", flat) else 0.8)
    if _DEONTIC.search(flat):
        result.add("normative modal", 1.5)
    if _MODAL.search(flat):
        result.add("modal", 0.8)
    evaluative = len(set(m.lower() for m in _EVALUATIVE.findall(flat)))
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
    if _COMPARATIVE.search(flat):
        result.add("comparison", 0.7)
    elif _MORE_LESS.search(flat):
        result.add("more/less", 0.4)
    if _CAUSAL.search(flat):
        result.add("causal language", 0.8)
    if _DEGREE.search(flat):
        result.add("degree adverb", 0.4)
    if _EFFECT.search(flat):
        result.add("effect verb", 0.5)
    if _CONDITIONAL.search(flat):
        result.add("conditional", 0.5)
    if _CONTRAST_INSIDE.search(flat):
        result.add("contrast", 0.4)
    if cues.leading_connective(flat) or _ADDITIVE_OPENER.match(flat):
        result.add("discourse connective", 0.6)
    if _STATISTIC.search(flat):
        result.add("statistic", 0.5)
    if cues.negations(flat):
        result.add("negation", 0.3)
    if _GENERIC_PLURAL.match(flat):
        result.add("generic statement", 0.7)
    elif _GENERIC.search(flat) or _PRESENT_EFFECT.search(flat):
        result.add("generic present", 0.5)


def _score_penalties(flat: str, result: SentenceScore) -> None:
    """Narrative, instructions and near-verbatim quotation report rather than argue."""
    committed = {"first-person stance", "stance verb", "normative modal"} & set(result.features)
    if _NARRATIVE.search(flat) and not committed:
        result.add("narrative", -1.2)
    if _PAST.search(flat) and not _PRESENT.search(flat) and not committed:
        result.add("past-tense report", -0.6)
    if _DATED.search(flat) and not committed and not _STATISTIC.search(flat):
        result.add("dated event", -0.5)
    if _SIGNPOST.search(flat):
        # "This post makes an important point": a verdict on the text is what is claimed.
        result.add("signpost", -0.4 if "evaluative words" in result.features else -1.0)
    if _IMPERATIVE.match(flat):
        result.add("imperative", -1.0)
    if flat[:1] in '"“' and flat.rstrip(".")[-1:] in '"”':
        result.add("quotation", -0.5)


def claim_kind(sentence: str) -> ClaimKind:
    """Evidence beats obligation beats method beats forecast; anything else is conceptual."""
    if _EMPIRICAL.search(sentence):
        return "empirical"
    if _DEONTIC.search(sentence):
        return "normative"
    if _METHODOLOGICAL.search(sentence):
        return "methodological"
    if _PREDICTION.search(sentence):
        return "prediction"
    return "conceptual"


# -- the normalised claim text ------------------------------------------------------------------

_FOOTNOTE_MARK = re.compile(r"\s*(?:\[\d{1,3}\]|\^\d{1,3}|\[\^?\w{1,3}\])")
_OPENERS = _rx(
    r"^(?:(?:and|or|also|plus|moreover|furthermore|additionally|in addition|first(?:ly)?"
    r"|second(?:ly)?|third(?:ly)?|finally|lastly|however|but|yet|so|thus|therefore|hence"
    r"|consequently|accordingly|still|nevertheless|nonetheless|instead|indeed|in fact"
    r"|in sum|in short|in conclusion|overall|as a result|on the other hand|in contrast"
    r"|by contrast|on the contrary|that said|after all|anyway|well|now|then|again)\b,?\s+"
    r"|^(?:i|we)\s+(?:(?:really|strongly|still|now|also|do|would|'d|genuinely|firmly)\s+)*"
    r"(?:think|believe|argue|claim|contend|suspect|would argue|maintain|hold|submit|expect)"
    r"\s+(?:that\s+)?|^(?:in my (?:view|opinion)|imo|imho|it seems to me(?: that)?|to me)\b,?\s*"
    r"|^(?:note|notice|remember) that\s+|^(?:it is|it's) (?:clear|obvious|true) that\s+)"
)


def normalise(quote: str, vocabulary: frozenset[str] | None = None) -> str:
    """The claim as a reader wants it: PDF line breaks joined, words split by a line-end
    hyphen put back together, without its discourse wrapping (openers, opinion frames,
    footnote marks). `vocabulary` is the document's own words (`document_vocabulary`); it
    decides whether "reward-\nhacking" keeps its hyphen. The quote itself is untouched."""
    joined = join_lines(quote, vocabulary)
    text = " ".join(_FOOTNOTE_MARK.sub("", joined).split())
    for _ in range(3):
        stripped = _OPENERS.sub("", text, count=1)
        if stripped == text or len(_WORD.findall(stripped)) < 2:
            break
        text = stripped
    return text[:1].upper() + text[1:] if text else quote.strip()


_PAGE_NUMBER_LINE = re.compile(r"[ \t]*\n[ \t]*\d{1,4}[ \t]*\n[ \t]*\n[ \t]*")
# "improv-\ning" and "improv- ing", but not a suspended hyphen ("pre- and post-training").
_BROKEN_WORD = re.compile(
    r"\b([A-Za-z]+)-(?:[ \t]*\n[ \t]*|[ \t])(?!(?:and|or|to|nor|as|vs)\b)([a-z][a-z]*)"
)
_VOCABULARY_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def join_lines(text: str, vocabulary: frozenset[str] | None = None) -> str:
    """Undo PDF layout inside a sentence: page numbers, hyphenation at line ends, breaks."""
    words = vocabulary if vocabulary is not None else document_vocabulary(text)
    text = _PAGE_NUMBER_LINE.sub(" ", text)
    text = _BROKEN_WORD.sub(lambda m: _rejoin(m.group(1), m.group(2), words), text)
    return re.sub(r"[ \t]*\n[ \t]*", " ", text)


def _rejoin(first: str, second: str, vocabulary: frozenset[str]) -> str:
    """One word or a compound? The document decides: a form it uses elsewhere wins; else a
    known compound prefix ("self-", "non-") or two real words keep the hyphen."""
    joined, hyphenated = (first + second).lower(), f"{first}-{second}".lower()
    if joined in vocabulary:
        return first + second
    if hyphenated in vocabulary or first.lower() in nonclaims.COMPOUND_PREFIXES:
        return f"{first}-{second}"
    if len(first) > 2 and len(second) > 2 and {first.lower(), second.lower()} <= vocabulary:
        return f"{first}-{second}"
    return first + second


def document_vocabulary(text: str) -> frozenset[str]:
    """The lower-cased words of a text, hyphenated compounds and their parts included, with
    the halves of words broken across a line left out (they are not words)."""
    unbroken = re.sub(r"[A-Za-z]+-[ \t]*\n[ \t]*[A-Za-z]+", " ", text)
    words: set[str] = set()
    for token in _VOCABULARY_WORD.findall(unbroken):
        token = token.lower()
        words.add(token)
        if "-" in token:
            words.update(token.split("-"))
    return frozenset(words)


def needs_context(quote: str) -> bool:
    """True when the claim leans on the sentence before it ("This suggests ...", "These
    results ...", "It follows ...", "Such models ...", "They ..."): the reader needs that
    sentence beside it to know what "this" or "they" is."""
    flat = " ".join(quote.split())
    flat = nonclaims.CONTEXT_CONNECTIVE.sub("", flat, count=1)
    if nonclaims.CONTEXT_FREE.match(flat):
        return False
    return bool(nonclaims.CONTEXT_OPENERS.match(flat))
