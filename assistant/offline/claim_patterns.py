"""The sentence shapes and cue words the claim detector scores, as compiled patterns.

Kept apart from the scoring logic in claims.py so a reader can check a family (signposting,
citations, commitment cues, claim kinds) and a maintainer can extend it without touching how
the score is computed. Families of never-a-claim text live in nonclaims.py.
"""

from __future__ import annotations

import re


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# -- shapes that are never claims ---------------------------------------------------------------

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
URL = _rx(r"\b(?:https?://|www\.)\S+|\b\S+\.(?:com|org|net|io|pdf|html?)\b\S*")
# A sentence may end with footnote markers, glued or after a space ("doom. [3]").
TERMINAL = re.compile(r"""[.!:;…]["'”’)\]*_]*(?:\s?(?:\[\d{1,3}\]|\^\d{1,3}))*\s?\^?$""")
QUESTION = re.compile(r"""\?["'”’)\]*_]*(?:\s?(?:\[\d{1,3}\]|\^\d{1,3}))*\s?\^?$""")
BOILERPLATE = _rx(
    r"^(?:skip to (?:main )?content|discuss|subscribe|share|sign (?:up|in)|log ?in|read more"
    r"|reply|comments?|permalink|menu|home|academic|loading|advertisement|related (?:posts"
    r"|articles)|all rights reserved|\d+\s+(?:comments|points|karma|min(?:ute)?s? read|votes))"
    r"[\s.!:]*$"
    r"|^(?:posted by|published (?:on|by)|copyright|©|tags?:|cookies?:|arxiv:\S+\s+announce type"
    r"|(?:edit|update|epistemic status|cross-?posted|originally published|content warning)\b)"
)
META = (
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
SIGNPOST = _rx(
    r"\b(?:next|previous|following|last|later|earlier|this|that) (?:section|post|chapter"
    r"|paragraph|appendix)s?\b|§\s?\d|\b(?:see|cf\.?) (?:above|below|section|appendix|fig)"
    r"|[,;(] ?see\b|\b(?:rest|remainder) of (?:this|the) (?:paper|post|document|article|section)\b"
    r"|\b(?:details|more) (?:are |is )?in (?:the )?(?:appendix|section|supplementary)\b"
)
ORDINAL_OPENER = _rx(
    r"^(?:to (?:begin|start) with|first(?:ly)?|second(?:ly)?|next|finally"
    r"|lastly|then|now|in addition|also),?\s+"
)
ADDITIVE_OPENER = _rx(
    r"^(?:furthermore|moreover|in addition|additionally|besides|what is more"
    r"|what's more|also|likewise|similarly|equally)\b"
)
STANCE_THAT = _rx(
    r"\b(?:argue|claim|show|contend|suggest|propose|conclude|think|believe)"
    r"(?:s|d)?\s+that\b"
)
CITATION = (
    _rx(r"\bet al\.?,?\s*\(?(?:19|20)\d\d\)?[.,]"),
    _rx(r"\b(?:doi:|arxiv:\s?\d|isbn|pp\.\s?\d|vol\.\s?\d|proceedings of|in proc\.)"),
    re.compile(r"^(?:\[\d{1,3}\]\s*)?[A-Z][a-z]+,\s+[A-Z]\.(?:\s?[A-Z]\.)*(?:,| and| &)"),
)
FOOTNOTE_BODY = re.compile(r"^(?:\^|\[\d{1,3}\]|\d{1,3}\.)\s*(?:see\b|https?://|\S+\s*$)", re.I)
CODE = re.compile(r"[{}();=<>\[\]_/\\|`$]")

# -- evidence of commitment ---------------------------------------------------------------------

OPINION = _rx(
    r"\b(?:i|we)\s+(?:(?:really|strongly|still|now|also|do|don't|do not|would|'d|genuinely"
    r"|firmly|personally|tend to|have come to|increasingly)\s+)*(?:think|believe|suspect|argue"
    r"|claim|contend|expect|doubt|guess|hypothesi[sz]e|predict|maintain|feel|worry|hope|agree"
    r"|disagree|conclude|suggest|find|found|reckon|bet|submit|propose|show|showed|demonstrate)\b"
    r"|\bin my (?:view|opinion|experience)\b|\bimo\b|\bimho\b|\bit seems to me\b"
    r"|\bmy (?:view|sense|guess|impression|bet|claim|argument|position|worry|concern) is\b"
    r"|\b(?:i am|i'm|we are) (?:convinced|confident|skeptical|sceptical|worried|not sure"
    r"|not convinced|optimistic|pessimistic)\b|\bto me,"
)
REPORTED = _rx(
    r"\b(?:argues?|argued|claims?|claimed|contends?|contended|maintains?|asserts?|asserted"
    r"|suggests?|suggested|shows?|showed|shown|demonstrates?|demonstrated|finds|found"
    r"|indicates?|indicated|implies|implied|proves?|proved|proven|concludes?|concluded"
    r"|predicts?|predicted|reveals?|revealed|confirms?|confirmed|establish(?:es|ed)?"
    r"|according to)\b"
)
DEONTIC = _rx(
    r"\b(?:should|shouldn't|must|mustn't|ought|need to|needs to|needn't|have to|has to"
    r"|had better|better to|we need|is required|are required|deserves?|is worth|are worth"
    r"|it is (?:important|essential|necessary|crucial|vital|imperative|wise|unwise) (?:to|that))\b"
)
MODAL = _rx(
    r"(?-i:\bmay\b)|\b(?:will|won't|would|wouldn't|could|couldn't|might|can|can't|cannot|going to"
    r"|likely|unlikely|probably)\b"
)
EVALUATIVE = _rx(
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
COMPARATIVE = _rx(
    r"\b(?:more|less|fewer|better|worse|greater|larger|smaller|higher|lower|faster|slower"
    r"|\w{3,}er)\s+than\b|\boutweighs?\b|\brather than\b|\b(?:most|least)\s+\w{4,}"
    r"|\bcompared (?:to|with)\b|\binstead of\b"
    r"|\b(?:the|our|their|its) (?:best|worst|[a-z]{3,}est)\b"
)
MORE_LESS = _rx(r"\b(?:more|less|fewer)\s+[a-z]{3,}")
CAUSAL = _rx(
    r"\b(?:because|due to|leads? to|led to|causes?|caused|results? in|resulted in|as a result"
    r"|therefore|thus|hence|consequently|so that|which means|this means|implies|explains?"
    r"|the reason|contributes? to|drives?|enables?|prevents?|allows?|since(?! then)|in order to"
    r"|, so(?! far| much| many| that)"
    r"|makes? (?:it|them|us|\w+) (?:\w+ )?(?:more|less|harder|easier))\b"
)
DEGREE = _rx(
    r"\b(?:very|highly|strongly|weakly|largely|mostly|extremely|quite|too|far|much|deeply"
    r"|fundamentally|entirely|completely|merely|only|just|rarely|often|usually|generally"
    r"|typically|especially|particularly|increasingly|substantially|greatly|hardly|barely)\b"
)
EFFECT = _rx(
    r"\b(?:reduc|increas|improv|worsen|undermin|weaken|strengthen|boost|hurt|harm|affect"
    r"|determin|accelerat|slow|stabili[sz]|destabili[sz]|limit|constrain|protect|threaten"
    r"|solv|break|prevent|enabl|encourag|discourag|incentivi[sz])(?:e|es|ed|s|ing)?\b"
)
PRESENT_EFFECT = re.compile(EFFECT.pattern.replace("(?:e|es|ed|s|ing)?", "(?:es|s)"), re.I)
CONDITIONAL = _rx(r"\bif\b.+\b(?:then|will|would|could|can|might|must|should)\b|\bunless\b")
GENERIC = _rx(
    r"\b(?:is|are|isn't|aren't|remains?|seems?|tends? to|requires?|depends on|constitutes?"
    r"|means|matters?|works?|fails?|helps?|makes?|provides?|involves?|needs?|lacks?|has|have)\b"
)
# "Reward models inherit the...": a plural subject with a present-tense verb states a generic.
GENERIC_PLURAL = re.compile(
    r"^(?:[A-Za-z][\w-]*\s+){0,3}?[a-z][\w-]*[a-z]s\s+(?!(?:of|in|on|at|for|to|with|by|from|and"
    r"|or|are|were|is|was|that|which|who)\b)[a-z]{3,}\s+(?:the|a|an|their|its|our|this|that|these|those"
    r"|more|less|them|it|to|no)\b"
)
PRESENT = _rx(r"\b(?:is|are|isn't|aren't|has|have|will|can|should|must|would|could|might)\b")
PAST = _rx(
    r"\b(?:was|were|had|did)\b|\b[a-z]{3,}ed (?:the|a|an|in|on|at|to|by|for|with|from"
    r"|between|online|[a-z]+ly)\b"
)
DATED = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:January|February|March|April|June|July|August|September|October"
    r"|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:yesterday|last (?:week|month|year)|ago)\b"
)
STATISTIC = re.compile(r"\d(?:\.\d+)?\s?%|\bpercent\b|\bper cent\b")
CONTRAST_INSIDE = _rx(
    r"\b(?:but|however|although|though|whereas|while|yet|despite|even if)\b|, not\b"
)
NARRATIVE = _rx(
    r"\b(?:i|we)\s+(?:\w+ly\s+)?(?:was|were|had|spent|read|wrote|went|did|got|started|began"
    r"|tried|used|ran|trained|collected|visited|attended|met|asked|posted|shared|gave|made"
    r"|built|saw|watched|talked|discussed|reviewed|compared|evaluated|tested|measured"
    r"|conducted|downloaded|annotated|implemented|set|chose|selected|recruited|sampled)\b"
    r"|^\s*(?:(?:last|this|next) (?:year|week|month)|yesterday|in (?:19|20)\d\d|when i)\b"
    r"|\b(?:they|he|she|the authors)\s+(?:\w+ly\s+)?[a-z]{3,}ed\b"
)
IMPERATIVE = _rx(
    r"^(?:(?:for example|for instance|e\.g\.),? )?(?:consider|suppose|imagine) (?:a|an|the|two|some)\b"
    r"|^(?:see|consider|click|read|check|recall|imagine|suppose|take|look|go|visit|download"
    r"|follow|join|sign|subscribe|try)\b"
)
AUX = _rx(
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

EMPIRICAL = _rx(
    r"\b(?:we|they|results?|experiments?|data|studies|study|evidence|analys[ie]s|measurements?"
    r"|surveys?|trials?|findings?)\s+(?:\w+\s+)?(?:show|shows|showed|found|find|finds|observed"
    r"|demonstrate|demonstrates|demonstrated|indicate|indicates|reveal|reveals|revealed"
    r"|confirm|confirms|suggest|suggests)\b|\d+(?:\.\d+)?\s?%|\bpercent\b|\bsignificantly\b"
    r"|\bstatistically\b|\boutperform(?:s|ed)?\b|\baccuracy\b|\bempirically\b|\bobserved\b"
    r"|\bcorrelat(?:es|ed|ion)\b|\bbaselines?\b"
)
METHODOLOGICAL = _rx(
    r"\b(?:we|this (?:paper|work|study))\s+(?:propose|introduce|present|develop|design|train"
    r"|fine-?tune|construct|build|formulate|use|adopt|employ)\b"
    r"|\b(?:our|the proposed|a new|a novel)\s+(?:\w+\s+)?(?:method|approach|framework"
    r"|algorithm|technique|architecture|benchmark"
    r"|protocol|procedure|pipeline|metric|dataset)\b"
)
PREDICTION = _rx(
    r"\b(?:will|won't|going to|by (?:19|20)\d\d|likely to|unlikely to|in the (?:near |coming )?"
    r"future|soon|next (?:year|decade|few years)|forecast|predict(?:s|ed)?"
    r"|expect(?:s|ed)? (?:\w+ )?to)\b"
)
