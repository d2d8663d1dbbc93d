"""Shapes of text that are never claims, as data: the claim detector rules these out first.

Real posts and papers are full of sentences that look declarative but commit the author to
nothing a reader could argue with: figure captions, glossary lines, roadmaps of the paper,
list lead-ins, pointers elsewhere, feed preambles, acknowledgements, reference entries. Each
family is a tuple of patterns (case-insensitive unless marked), matched against a sentence
with its whitespace flattened. Keeping them here, apart from the scoring logic, lets a
reader check the list and a maintainer extend it without touching the detector.
"""

from __future__ import annotations

import re


def _rx(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


# "Figure 3: ...", "Table 2. ...", "Fig. 4 shows ...": a caption describes a picture.
CAPTION = _rx(
    r"^(?:figure|fig\.|table|tab\.|algorithm|listing|box|plate|exhibit|chart|diagram)"
    r"\s*(?:[A-Z]?\d+(?:\.\d+)*[a-z]?|[IVX]+)\b",
    # Reading a chart aloud: "The big blue line indicates the point where ...".
    r"^the (?:\w+ ){0,3}(?:line|curve|bar|dot|point|arrow|box|shaded region|region|panel"
    r"|column|row|axis|plot|legend|colou?r)s? (?:on the \w+ )?(?:indicates?|shows?|represents?"
    r"|marks?|denotes?|corresponds? to)\b",
)

# Podcast-style readings and feed furniture: "This is: <title>, published by <author> on ...".
PREAMBLE = _rx(
    r"^welcome to (?:the )?[\w' ]{0,50}(?:library|podcast|show|newsletter|channel|feed|audio)\b",
    r"\btext-to-speech\b",
    r"^this is:? .{0,300}\b(?:published|posted|written) (?:by|on)\b",
    r"^(?:narrated|read|voiced|recorded|transcribed) by\b",
    # A dated byline the page glued to its first sentence: "Published Feb 2, 2015; last ...".
    r"^(?:first )?(?:published|posted|updated|last updated):? (?:on )?(?:\d{1,2} )?[A-Z][a-z]{2,8}\.?"
    r" (?:\d{1,2},? )?\d{4}\b",
    r"^(?:originally )?(?:published|posted|cross-?posted|written)\b.{0,120}\b(?:on|at|to|from)"
    r" (?:the )?(?:ai alignment forum|alignment forum|lesswrong|less wrong|ea forum|effective "
    r"altruism forum|substack|medium|my blog|arxiv)\b",
    r"^[\[(*_]*(?:epistemic (?:status|state)|tl;?dr|content warning|cw|summary|update|edit"
    r"|note|disclaimer|context|background)\s*[:\-—]",
    r"^(?:this post|this essay|this piece) (?:was|is) (?:written|part of|cross-?posted)\b",
)

# The paper talking about itself: "In Section 2, we describe why ...", "The rest of this paper
# is organised as follows", "In this post I will ...". A thesis ("we argue that ...") is kept
# by the detector before these are tried.
ROADMAP = _rx(
    r"^(?:in|throughout) (?:(?:sections?|chapters?|appendi(?:x|ces)|parts?)\s+[\dA-Z]\b|§)",
    r"^(?:the )?(?:rest|remainder|balance) of (?:this|the|our) (?:paper|post|article|essay"
    r"|document|section|chapter|report|work|sequence|thesis)\b",
    r"\b(?:is|are) (?:organi[sz]ed|structured|laid out|arranged) as follows\b",
    r"^(?:sections?|chapters?|appendi(?:x|ces)|parts?)\s+[\dA-Z]+(?:\.\d+)*\s+(?:and \S+ )?"
    r"(?:describes?|discuss(?:es)?|presents?|reviews?|introduces?|covers?|concludes?"
    r"|outlines?|explains?|shows?|provides?|contains?|gives?|details?|summari[sz]es?)\b",
    r"^(?:i|we)(?:['’]ll)?\s+(?:(?:then|now|first|also|next|finally|briefly|further|will|shall"
    r"|then briefly|instead|later)\s+)+(?:outline|describe|discuss|review|summari[sz]e|present|introduce"
    r"|sketch|survey|cover|consider|explore|speculate|turn|conclude|examine|detail|remark"
    r"|comment|touch on|mention|note|look at|go over|go through|walk through)\b",
    # The same with the adverb first: "Finally, we consider the question of ...".
    r"^(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|then|next|finally|lastly|afterwards"
    r"|subsequently|in closing),? (?:i|we)(?:['’]ll| will| shall)? (?:briefly |then )?"
    r"(?:outline|describe|discuss|review|summari[sz]e|present|introduce|sketch|survey|cover"
    r"|consider|explore|turn to|examine|look at|go over)\b",
    r"^(?:i|we) (?:will|shall|won't|will not|do not|don't|won’t|don’t) (?:not )?(?:justify|defend"
    r"|dwell|elaborate|attempt to|(?:delve|dig|go|get) (?:into|through|deeper))\b",
    r"^(?:i|we)(?:['’]ll| will| shall)? (?:start|begin|end|close|conclude) (?:off )?by\b",
    r"^(?:i|we) (?:will |shall )?(?:mainly |primarily |mostly |largely |only |also )?"
    r"(?:focus|concentrate) (?:for \w+ )?on\b",
    r"^for (?:the sake of )?(?:simplicity|concreteness|brevity|clarity|ease of \w+),? (?:i|we)\b",
    r"^(?:when|while) discussing\b.{0,80}\b(?:we|i) (?:will )?(?:focus|assume|restrict)\b",
    r"^there (?:will be|are|is) (?:some |a few |more )?(?:pointers|links|references|notes)\b",
    r"^(?:this|the present|our) (?:paper|post|work|article|essay|report|review|survey)"
    r" (?:aims|seeks|attempts|tries|sets out|is structured|proceeds)\b",
    r"^(?:the|our) (?:goal|aim|purpose|plan) of this (?:paper|post|article|essay|section)\b",
    r"^(?:[^.;]{0,200},\s*)?(?:my|our|the) (?:\w+ )?(?:goal|aim|purpose|plan|intention)"
    r" (?:here |in this \w+ |of this \w+ )?is to"
    r" (?:write|describe|give|provide|explain|lay out|sketch|present|outline|summari[sz]e|map"
    r"|document|collect|list|survey|review|introduce|highlight|discuss|explore|examine|identify"
    r"|study|investigate|analy[sz]e|catalogue|catalog|clarify)\b",
    # A part of the text announced: "The first part of this sequence will be about ...".
    r"^(?:the )?(?:first|second|third|fourth|next|last|final|remaining|other) (?:part|section"
    r"|chapter|post|half|few posts|posts|sections|parts) of (?:this|the|our|my) (?:sequence|paper"
    r"|post|article|essay|document|report|series|book) (?:will |is |are )?"
    r"(?:be |focus(?:es)? )?(?:about|on|devoted to|focused on|concerned with|cover|discuss"
    r"|describe|look at)\b",
    r"^(?:below|above|here|next),? (?:i|we) (?:describe|list|give|present|outline|discuss"
    r"|summari[sz]e|explain|sketch|review)\b",
    # A list or an argument announced, the sentence ending where it begins: "To flesh this
    # out a little, here are some categories of ways to follow the maxim." ("Here is the
    # problem: X" goes on past its colon and says what the problem is.)
    r"^(?:[^.;:]{0,80},\s*)?here(?:['’]s| is| are) (?:some|a few|a couple of|several|two|three"
    r"|four|five|my|our|the|a|an|why|how|what)\b[^:;]{0,100}[.:]?$",
    # "“Robustness to distributional shift” (Section 7) discusses how ...": a part named by
    # its number is being described, not argued.
    r"\((?:see )?(?:sections?|sec\.|§|chapters?|appendi(?:x|ces)|part)\s*[\dA-Z]+(?:\.\d+)*\)"
    r"\s+(?:discuss|describ|cover|present|introduc|review|explain|consider|address|explor"
    r"|examin|outlin|summari[sz]|show|propos|detail)\w*\b",
    # What the text leaves out or turns to: "... is beyond the scope of this post", "we turn
    # our attention to the question of ...", "Henceforth we assume ...".
    r"\b(?:beyond|outside) the scope of (?:this|the present|our|my) (?:post|paper|article|essay"
    r"|work|report|piece|discussion|section|chapter|review|survey|sequence)\b",
    r"\b(?:i|we) (?:now |then |next |will |shall )?turn (?:our|my) attention to\b",
    r"^henceforth,? (?:we|i)\b",
    # "So far I've been talking about ...", "In this post, I'll: * Quote ... * Discuss ...".
    r"^(?:so far|until now|up to now|up until now|thus far),? (?:i|we)(?:['’]ve| have)?"
    r" (?:been )?(?:mostly |mainly |only )?(?:talking|discussing|writing|looking|focus(?:s)?ing"
    r"|considering|describing)\b",
    r"\b(?:i|we)(?:['’]ll| will| shall)\s*:",
    # The text looking back on itself: "We presented five problems and discussed ...".
    r"^(?:in this (?:paper|post|article|essay|work),? |to (?:summari[sz]e|conclude|recap),? )?"
    r"(?:i|we)(?: have|['’]ve)? (?:presented|introduced|outlined|sketched|listed|surveyed)\b",
    # What the writer did or left out, not what is true: "I haven't quoted ...", "I have
    # included some discussion of them".
    r"\b(?:i|we) (?:haven['’]t|have not|didn['’]t|did not|won['’]t|will not) (?:quoted|included"
    r"|covered|summari[sz]ed|mentioned|gone into|reproduced|discussed)\b",
    r"\b(?:i|we|and)(?: have|['’]ve)? (?:also )?included (?:some |a |an |the |brief |short |my )?"
    r"(?:discussion|summary|summaries|list|section|notes?|appendix|links?|examples?|excerpts?"
    r"|quotes?|comments?|transcript|table)\b",
)

# Contribution statements: "we propose X, a framework that ...", "Motivated by this, we
# introduce ...". They name what the work offers; a thesis ("we propose that X") is kept by
# the detector before these are tried.
CONTRIBUTION = _rx(
    r"^(?:[^,]{0,80},\s*)?(?:(?:in this|here,? in this) (?:paper|work|post|article|report),?\s*)?"
    r"(?:i|we) (?:(?:also|further|then|here|now|first|therefore|thus|hence|instead) )?"
    r"(?:propose|introduce|present|develop|design|release|open-source|contribute)\b(?! that\b)",
)

# What a work contains, said of the work: "It includes a summary of the field and then shows
# the results", "The paper also provides a calibration table", "Google has written a blog
# post detailing ...". A finding ("the paper shows that ...", "provides evidence") is not this.
_WORK = (
    r"(?:paper|post|article|report|book|survey|review|chapter|section|talk|video|podcast"
    r"|episode|sequence|essay|piece|document|newsletter|blog post|agenda|website|dataset"
    r"|benchmark|competition|workshop|tutorial|course|syllabus|library|repository|appendix)"
)
_CONTENTS_VERB = (
    r"(?:includes|contains|provides|presents|describes|details|offers|outlines|lists|covers"
    r"|introduces|gives|summari[sz]es|reviews|surveys|collects|compiles|walks through"
    r"|goes through|explains|catalogues|catalogs|enumerates|talks about|discusses|is about)"
)
_FINDING = r"(?!.{0,60}\b(?:that|why|evidence|arguments? (?:that|for|against)|a proof|proofs)\b)"
CONTENTS = _rx(
    rf"^(?:[^,]{{0,160}},\s*)?(?:the|this|that|their|our|his|her|its|each|every) (?:\w+ ){{0,2}}"
    rf"{_WORK}s?"
    rf"(?: \([^)]*\))? (?:also |then |first |further |additionally |mostly |mainly |largely "
    rf"|briefly |both )?{_CONTENTS_VERB}\b{_FINDING}",
    rf"^(?:it|they) (?:also |then |first |further |mostly |mainly |briefly )?(?:includes?"
    rf"|contains?|provides?|gives?|offers?|presents?|lists?|covers?|summari[sz]es?|reviews?"
    rf"|surveys?) (?:a|an|the|some|several|two|three|four|many|brief|short|detailed|useful)?"
    rf"\s*(?:\w+ )?(?:summary|overview|list|discussion|description|table|section|chapter"
    rf"|review|survey|introduction|tutorial|collection|catalogue|glossary|faq|results|details"
    rf"|background|examples|bibliography|timeline|history)\b{_FINDING}",
    # "It discusses challenges for AI policy ...", "This post speculates about persuasion
    # tools": what a work is about, said of it (a heading may be glued before it).
    rf"^(?:it|they) (?:also |then |mostly |mainly |briefly |primarily )?(?:discuss(?:es)?"
    rf"|talks? about|speculates? about|looks? at|explores?|examines?) (?!whether\b){_FINDING}",
    rf"\b(?:this|the present) (?:post|paper|article|essay|piece|report|sequence|podcast"
    rf"|episode|talk|newsletter) (?:mostly |mainly |briefly |also |then |seems to )?"
    rf"(?:speculates about|discuss(?:es)?|talks about|looks at|is about|focus(?:es)? on)\b{_FINDING}",
    rf"\b(?:has|have|had) (?:just |recently |now )?(?:written|published|released|posted|put out"
    rf"|announced|shared) (?:a|an|their|its|his|her|the|some) (?:new |short |long |detailed "
    rf"|brief )?(?:blog post|post|paper|report|article|statement|letter|book|sequence|list"
    rf"|summary|overview|video|podcast)\b{_FINDING}",
)

# The writer's own situation or plans, not a claim about the world: "I wanted to make the
# work available now", "Specifically I work on how ...", "If you are interested in X, you
# can use the table of contents".
AUTHORIAL = _rx(
    r"^(?:\w+,? )?(?:i|we) (?:(?:really |just |also )?(?:wanted|want|decided|chose|hope|hoped"
    r"|plan|planned|intend|intended)) to (?:make|share|post|publish|write|put|release|get|post"
    r"|collect|gather|document|record|try)\b",
    r"^(?:\w+,? )?(?:i|we) (?:currently |mainly |mostly |primarily |now |also )?(?:work|am "
    r"working|['’]m working|are working|['’]re working|worked|research|focus) on\b(?! the "
    r"assumption\b)",
    r"^if you\b.{0,160}\byou (?:can|could|may|might|should) (?:just |simply |also )?(?:use|find"
    r"|read|see|skip|jump|go|look|start|check|navigate|listen|watch|browse|sign up|subscribe"
    r"|contact|email|message|reach)\b",
    # Hopes and disclaimers about this text and its writer, not about the world.
    r"^(?:\w+,? )?(?:as usual,? )?(?:i|we)(?:['’]m| am|['’]re| are) not (?:going|planning|about)"
    r" to (?:say|comment|speculate|discuss|go into|opine|write|cover)\b",
    r"\b(?:i|we) (?:don['’]t|do not) (?:want|intend|plan) to (?:speculate|comment|say|opine"
    r"|get into|go into|weigh in)\b",
    r"^(?:\w+,? )?(?:i|we)(?:['’]m| am|['’]re| are|['’]d| would) (?:\w+ )?(?:be )?(?:interested"
    r"|curious|keen) (?:to (?:know|hear|see|learn)|in (?:knowing|hearing|seeing|learning))\b",
    r"^this (?:preface|post|sequence|document|page|list|piece|essay|draft|section|introduction"
    r"|intro|article|report|summary|newsletter) (?:will|may|might|could) (?:also )?(?:be )?"
    r"(?:revised|updated|edited|expanded|changed|extended|corrected)\b",
    r"^(?:\w+,? )?(?:i|we) (?:also )?hope (?:that )?(?:this|it|the post|these notes|my|the essay"
    r"|the piece)\b",
    r"\b(?:i|we) (?:don['’]t|do not|didn['’]t|did not) (?:really |closely )?(?:follow|know|track"
    r"|keep up with|read) (?:this|the|that) (?:space|field|area|literature|topic|work)\b",
    # An agreement whose object is out of sight: "I agree completely with the first two points."
    # ("I agree with Patel that X" says what is agreed; it is kept.)
    r"^(?:\w+,? )?(?:i|we) (?:\w+ )?(?:agree|disagree)(?: \w+)? with (?:the|this|that|these"
    r"|those|your|his|her|their|most|all|much|some|each|both|every) (?:\w+ ){0,3}(?:points?"
    r"|post|comments?|claims?|arguments?|takes?|sentiments?|framing|summary|analysis|parts?"
    r"|things|bits|said|above|so far)\W*$",
    r"^(?:\w+,? )?(?:i|we) (?:\w+ )?find (?:this|that|it|these|those|the (?:argument|point"
    r"|post|claim|idea|framing)) (?:to be )?(?:\w+ )?(?:plausible|implausible|convincing"
    r"|unconvincing|compelling|persuasive|reasonable|surprising|interesting)\W*$",
    # A reaction to the text, not a claim about the world: "I particularly enjoyed this post".
    r"^(?:i|we) (?:\w+ )?(?:enjoyed|liked|loved|appreciated) (?:reading )?(?:this|the)"
    r" (?:post|paper|piece|essay|article|talk|episode|podcast|book|sequence|summary)\b",
    # A liking with no reason given: "I especially like the scenario in which ..., though I'm
    # not sure how likely it is". "I like X: it captures Y" and "I like that X, as Y" give one.
    r"^(?!.*(?:[:;—]|--|\b(?:because|since|as|but|think|so|and (?:it|this|that))\b"
    r"|,\s*(?:it|this|that|which)\b))"
    r"(?:\w+,? )?(?:i|we) (?:\w+ )?(?:like[sd]?|love[sd]?|enjoy(?:s|ed)?|appreciate[sd]?)"
    r" (?:the|this|that|these|those|how|its|their|his|her|seeing|reading)\b",
    # A plan or a wish of the writer's: "I would like to use the cluster to generate stories".
    r"^(?:\w+,? )?(?:i|we)(?:['’]d| would) (?:really |also |eventually )?(?:like|love|want) to"
    r" (?!thank|apologi|argue|suggest|claim|point out|note|stress|emphasi[sz]e|propose|add)\w",
    # A research goal announced, not a result: "Our ultimate goal is to find a mechanism ...".
    r"^(?:[^,]{0,40},\s*)?(?:my|our) (?:ultimate |main |long-term |overall |primary |central "
    r"|broader |eventual )?(?:goal|aim|objective|ambition|mission) (?:here )?is to"
    r" (?!argue|show|prove|demonstrate|establish|convince)\w",
    # How to use a page's widget: "You can update your prediction by clicking at a new point".
    r"^(?:you can|you may|to) .{0,100}\bby (?:clicking|tapping|pressing|dragging|selecting"
    r"|hovering|scrolling|typing)\b",
    r"^(?:click|tap|press|drag|hover|scroll) (?:on |over |to )?(?:the|a|any|each|here|this)\b",
    # A wish for research, not a finding: "It seems interesting to characterize ...".
    r"^(?:[^,]{0,30},\s*)?it (?:seems|would be|['’]d be|would also be|could be|might be|will be)"
    r" (?:\w+ )?interesting to\b",
    r"^(?:\w+,? )?(?:my|our) (?:\w+ )?hope is that (?:this|my|our|these|the (?:post|paper"
    r"|essay|piece|list|notes|article))\b",
    r"\b(?:this|my|our) (?:\w+ ){0,2}(?:post|list|notes|essay|piece|article|assessments?"
    r"|summary|review|guide|write-?up) (?:can|will|could|may|might|should) be (?:\w+ )?"
    r"(?:helpful|useful|of use|valuable) (?:to|for)\b",
    r"^you (?:can|could|may|might want to) (?:find|read|see|use|skip|jump|listen|download"
    r"|sign up|subscribe|watch|navigate|browse|access)\b",
    # A summarizer on their own summary, not on the work: "I'm only summarizing the parts I
    # found relevant", "I'll abstain from an opinion", "... and have a few more thoughts".
    r"\b(?:i['’]m|i am|we['’]re|we are) (?:only|just|mostly|mainly) summari[sz]ing\b",
    r"\b(?:i|we)['’]ll give it a (?:try|shot|go)\b",
    r"\babstain from (?:giving |offering |forming )?(?:an |any )?(?:opinion|comment)\b",
    r"\b(?:i['’]m|i am) not sure (?:that )?i (?:understand|follow|get) the point of\b",
    r"\b(?:and|i) have (?:a few|some|two|three) (?:more|other|further) thoughts\W*$",
)

# Raising a question is not answering it: "This raises the question of whether ...".
QUESTION_RAISED = _rx(
    r"\b(?:raises?|raising|poses?|begs?) the (?:\w+ )?question(?:s)? (?:of )?(?:whether|how"
    r"|what|why|if|which|who|when)\b",
    r"^(?:an?|the|one|another) (?:\w+ ){0,3}question (?:is|remains|becomes|here is|then is)"
    r" (?:then )?(?:whether|how|what|why|which|who|when)\b",
    # A question asked as a statement: "I wonder how much of this can be done with AI".
    r"^(?:\w+,? )?(?:i|we)(?:['’]m| am| are)? (?:\w+ )?(?:wonder|wondering) (?:how|whether|if"
    r"|what|why|when|who|which)\b",
)

# The literature noted rather than engaged: "A version of this problem has been discussed
# informally by [13] under the heading of ...".
LITERATURE_POINTER = _rx(
    r"\b(?:has|have) (?:also )?been (?:\w+ )?(?:discussed|studied|explored|considered"
    r"|examined|investigated|described|proposed|introduced|analy[sz]ed|treated|addressed"
    r"|surveyed)(?: \w+)? (?:by|in)\s*(?:\[\d|\(\w|[A-Z][\w'’-]+(?: et al\.?| and [A-Z]"
    r"[\w'’-]+)?\s*[\[(])",
)

# Pointers to elsewhere: "see here and here", "See Appendix B", "for more details see ...".
POINTER = _rx(
    r"^(?:see|cf\.?|compare)\s",
    r"^(?:for (?:more|further|full|additional)|more|further) (?:details|information|discussion"
    r"|background|examples|context|a discussion|an overview)\b",
    r"\bhere and here\b",
    r"^(?:details|more details|further details|proofs?|derivations?)\b.{0,40}\b(?:are|is|can be)"
    r" (?:given|found|provided|deferred|in|shown)\b",
    r"^(?:the )?(?:code|data|dataset|models?|weights|datasets|slides|video|recording|transcript"
    r"|paper|preprint|full text)\b.{0,40}\b(?:is|are) (?:publicly |freely )?(?:available|released"
    r"|online|here|linked)\b",
    r"^(?:link|links|source|sources|via|h/t|hat tip)\s*[:\-]",
    # "If you want to read my opinion on it, it's here."
    r"\b(?:it['’]s|it is|they['’]re|they are|that['’]s|which is) (?:linked |available )?(?:here"
    r"|over here|below|linked below)\s*[.!]?$",
    r"\bthe (?:\w+ )?(?:list|table|links?|items?|entries|resources|posts|papers|sections?"
    r"|bullets?|questions) (?:below|that follows?|that follow) (?:contains?|includes?|lists?"
    r"|gives?|shows?|summari[sz]es?|collects?|is|are)\b",
    r"^(?:below|here) (?:is|are) (?:a|an|the|some|my)\s(?:\w+ ){0,3}(?:list|table|summary"
    r"|collection|selection|overview|links|roundup|set)\b",
    # The literature left to others: "..., so we don't review it extensively here".
    r"\b(?:i|we) (?:don['’]t|do not|won['’]t|will not) (?:\w+ )?(?:review|cover|discuss|survey"
    r"|summari[sz]e|get into|go into) (?:it|them|this|these|that|those)?\b.{0,30}\bhere\b",
    r"\b(?:which|that) (?:i|we) (?:won['’]t|will not|don['’]t|do not) (?:get|go|delve|dig)"
    r" into(?: here| now| in this \w+)?\s*[.!]?$",
    # Guidance on reading this text: "I recommend navigating to the sections of interest".
    r"\b(?:navigat|skip|jump|scroll|read|go)\w* (?:ahead |straight |directly )?(?:to |through )?"
    r"(?:the |whichever |any )?(?:sections?|parts?|chapters?|bits?|headings?)\b"
    r"(?:.{0,40}\b(?:interest|relevant|care|want|like)\w*)",
)

# Setting up an example is not yet saying anything about it: "Consider a bank that ...".
EXAMPLE_SETUP = _rx(
    # A view set up to be answered: "One might assume that a capable model must ...". With
    # its answer in the same sentence ("..., but ...") it is a claim.
    r"^(?!.*(?:,|;|—|-) *(?:but|however|yet|though)\b)(?:\w+,? )?(?:one|someone|a (?:sceptic"
    r"|skeptic|critic|reader)) (?:might|may|could) (?:naively |initially |at first |reasonably )?"
    r"(?:assume|think|suppose|expect|object|imagine|worry|believe) that\b",
    r"^(?:(?:for example|for instance|as an example|to illustrate),? )?consider (?:a|an|the"
    r"|two|some|this|what happens)\b",
    r"^consider,? (?:for example|for instance|e\.g\.),? ",
    r"^(?:to see (?:this|why|that|how),? |(?:for example|for instance|e\.g\.),? )?"
    r"(?:suppose|imagine)\b",
    r"^(?:(?:first|next|now|so|here),? )?let['’]s (?:look at|consider|take|start with|turn to)"
    r" (?:an?|the|some|this|one|another) (?:\w+ )?(?:example|case|instance|illustration)s?\b",
    r"^(?:we|one|you) (?:can|could|might|may) (?:also |now |further |instead )?(?:consider"
    r"|imagine|picture|envision|look at) (?:a|an|the|two|some|this|what happens|settings?|cases?)\b",
)

# Definitions and glossary entries: "We define X as ...", "X refers to ...".
DEFINITION = _rx(
    # A term coined or glossed: "This leads to the idea of partially specified models — ...",
    # "Neglectedness (or crowdedness) is a heuristic that effective altruists use to ...".
    r"\bleads? (?:us )?to the (?:idea|notion|concept) of\b",
    r"^[A-Z][\w'’-]*(?: [\w'’-]+){0,3}(?: \([^)]{1,40}\))? (?:is|are) (?:a|an) (?:\w+ )?"
    r"(?:heuristic|term|concept|notion|label|name|shorthand|umbrella term) (?:that|which|used"
    r"|for|to|describing|coined)\b",
    r"^(?:[^,]{0,80},\s*)?(?:we|i|one)\s+(?:can |could |might |may |will |shall |['’]ll )?"
    r"(?:define|call|term|dub"
    r"|name|denote|write|use the"
    r" (?:term|word|phrase|label)|refer to)\b",
    r"\b(?:is|are) (?:formally |informally |hereafter |henceforth )?defined (?:as|to be|by)\b",
    # A handle given: "(We think of this with the handle “doing things for reasons,” ...)".
    r"^\(?(?:[^,]{0,40},\s*)?(?:we|i) (?:tend to |like to |often )?(?:think of|refer to|talk about)"
    r" (?:this|it|that|these|them) (?:with|by|under|using) (?:the |a )?(?:handle|name|label"
    r"|term|phrase|shorthand)\b",
    r"\b(?:refers?|referring) to\b",
    r"\b(?:is|are) (?:often |commonly |sometimes |also |usually )?(?:known|referred to|termed"
    r"|called|dubbed) (?:as )?(?:the |an? )?[“\"'‘]?\w",
    r"\b(?:denotes?|stands for|is short for|is shorthand for|is an abbreviation for)\b",
    r"\b(?:is|are) (?:meant|intended|used) (?:here )?(?:to (?:mean|denote|refer|exclude|include"
    r"|cover)|with respect to|in the sense)\b",
    r"^by [^,]{1,60},? (?:we|i) mean\b",
    r"\b(?:we|i) (?:will )?(?:take|use|understand) [“\"'‘]?[^.;]{1,60}? to (?:mean|refer to|denote)\b",
    # A notation legend: "∑5 ∆8 means we guess ...".
    r"^[^\sA-Za-z]\S*(?:\s+[^\sA-Za-z]\S*)*\s+(?:means|denotes|indicates|stands for)\b",
    r"^(?:here,? |by this,? |so,? )?(?:i|we) (?:just |simply |roughly |basically |mostly )?mean"
    r" (?!,)(?:something|the|a|an|by|that the word|it in)\b",
    r"^the (?:\w+ )?(?:term|word|phrase|label|expression|notion|concept)s? [“\"'‘]?\w[^.]{0,60}"
    r"\b(?:captures?|refers?|describes?|denotes?|means|is used|names?)\b",
    r"^[A-Z][\w’'(),-]*(?: [\w’'(),-]+){0,7} [-–—] (?:the|a|an|any) \w",
    r"^(?:the (?:term|word|phrase|label)s?|here,? ['\"“‘])\b",
    r"^(?:let|define|suppose|assume)\s+[\w\\$]{1,12}\s+(?:be|denote|=|∈)\s",
    # A named proposal introduced by what it is: "The Windfall Clause is a proposed policy
    # lever for ...". What it does or fails to do is a claim; what it is called is not.
    r"^(?!.*\b(?:would|could|will|might|should|must|cannot|can['’]t|fails?|but|because)\b)"
    r"(?:the )?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,5} (?:is|are) (?:a|an) (?:recently )?"
    r"(?:proposed|new|novel) (?:\w+ ){0,3}?(?:for|to|that|which|where|in which|of)\b",
    # A field named by what it studies: "Descriptive ethics is the empirical study of ...".
    r"^[A-Z][\w'’-]*(?: [\w'’-]+){0,4} (?:is|are) the (?:(?:empirical|formal|scientific"
    r"|systematic|philosophical|mathematical|theoretical|academic|interdisciplinary) )?"
    r"(?:study|science|discipline|branch|subfield) of\b",
    r"^(?:formally|informally|concretely),? (?:we|a|an|the)\b.{0,80}\b(?:is|as|if)\b",
)

# "We thank ...", funding notes, author contributions.
ACKNOWLEDGEMENT = _rx(
    r"^(?:we|i) (?:would like to |wish to |want to )?(?:thank|acknowledge|are grateful|am "
    r"grateful|appreciate)\b",
    r"^(?:i|we)(?:['’]d| would) like to (?:apologi[sz]e|thank)\b|^(?:i|we) apologi[sz]e\b",
    r"^(?:thanks|thank you|many thanks|special thanks|with thanks|grateful thanks)\b",
    r"^(?:this|the) (?:work|research|project|paper) (?:was|is|has been) (?:partly |partially "
    r"|generously )?(?:supported|funded|sponsored)\b",
    r"^(?:funding|financial support|author contributions?|correspondence|corresponding author)\b",
    r"\bcontributed equally\b",
    r"\b(?:helpful|useful|valuable|insightful) (?:comments|feedback|discussions?|suggestions)"
    r" (?:on|about|from|during)\b",
)

# A reference-list entry: numbered, "Surname, I.", venue and year, a run of names.
REFERENCE = (
    re.compile(r"^\[\d{1,3}\]\s+[A-Z][\w'’-]+(?:,| [A-Z]\.| [A-Z][a-z]+,| et al\.)"),
    re.compile(r"^\d{1,3}\.\s+[A-Z][\w'’-]+,\s+[A-Z]\.", re.UNICODE),
    re.compile(
        r"(?:\.\s+In:?\s+[A-Z]|\b(?:[Pp]roceedings of|[Pp]roc\.|Advances in|Transactions on"
        r"|Journal of|arXiv preprint|[Cc]onference on|[Ww]orkshop on)\b).{0,120}\b(?:19|20)\d\d"
    ),
    re.compile(r"\b(?:URL|doi)\s*[:.]?\s*\S+|\bpp\.\s*\d+|\b\d+\s*\(\d+\)\s*:\s*\d+"),
)
# "Can Demircan, Tankred Saanum, Akshay K Jagadish, and Eric Schulz.": only names.
NAME_LIST = re.compile(
    r"^(?:[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|der|la|le|di|da)){0,4},\s+){2,}"
    r"(?:and\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4}\.?$"
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")

# Section headings that start a region of the document holding no claims at all.
REFERENCES_HEADING = re.compile(
    r"^[ \t]*(?:\d{1,2}\.?|[A-Z]\.)?[ \t]*(?:references|bibliography|works cited|literature cited"
    r"|citations|reference list|sources)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
ACKNOWLEDGEMENTS_HEADING = re.compile(
    r"^[ \t]*(?:\d{1,2}\.?)?[ \t]*(?:acknowledge?ments?|thanks|funding|author contributions?)"
    r"[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# A heading that ends a references or acknowledgements region: the notes, an appendix, a
# lettered or numbered section ("A Self-knowledge experiment details", "Notes", "References").
REGION_END_HEADING = re.compile(
    r"^[ \t]*(?:(?:end)?notes|footnotes|appendi(?:x|ces)\b[^.\n]{0,80}|supplementary[^.\n]{0,80}"
    r"|(?:[A-Z]|\d{1,2})(?:\.\d{1,2})*\.?[ \t]+[A-Z][\w-]*(?:[ \t]+[\w-]+){0,9}"
    r"|references|bibliography)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)

# A sentence that leans on the one before it: an anaphor ("This suggests", "These results",
# "Such models", "They"), or a conclusion drawn from it ("It follows", "That is why"),
# possibly after a plain connective ("But this ...").
CONTEXT_CONNECTIVE = re.compile(
    r"^(?:and|but|so|yet|however|still|thus|hence|therefore|moreover|furthermore|also|indeed"
    r"|in fact|if so|crucially|importantly|unfortunately|again),?\s+",
    re.IGNORECASE,
)
CONTEXT_OPENERS = re.compile(
    r"^(?:this|these|those|that|such|they|them|their|it|its|both|the latter|the former"
    r"|the same|in (?:this|that|which|such a) case|in turn|as a result|it follows|which"
    r"|that is why|this is why|that's why|that’s why|hence|thus|therefore|consequently"
    r"|accordingly|if so|if not|otherwise|here)\b",
    re.IGNORECASE,
)
# Openers that look anaphoric but are not: "It is important to ...", "This paper argues ...".
CONTEXT_FREE = re.compile(
    r"^(?:it (?:is|was|would be|seems|appears|may be|might be|could be|will be|remains)"
    r" (?:\w+ ){0,3}(?:to|that|whether|if|how|why|when)\b|this (?:paper|post|work|essay|article"
    r"|study|report|thesis|sequence|review|survey|year|week|month)\b|that said\b|that is to say"
    r"|such as\b|here(?:'s|’s| is| are)\b|these days\b|this time\b)",
    re.IGNORECASE,
)

# Words a PDF hyphenates at a line end that are real compounds in their own right.
COMPOUND_PREFIXES = frozenset(
    "self non well multi cross co semi quasi pre post anti counter meta mid pseudo ultra "
    "inter intra over under long short high low large small open closed fine hand human "
    "model data task goal reward state world long-term".split()
)
