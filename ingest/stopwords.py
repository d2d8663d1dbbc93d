"""Stopword lists (data only): words that say nothing about what a text is about.

`FUNCTION_WORDS` is what search leaves out of a BM25 query and index. The offline analyst
compares claims by their content, so it also leaves out `DISCOURSE_WORDS`: more function
words, and the verbs and adverbs of arguing ("argue", "however", "never") that two claims
share whatever they are about. `ingest.tokens` combines them.
"""

FUNCTION_WORDS = frozenset(
    """a an and are as at be been but by can could did do does for from had has have how i if in
    into is it its may might more most no not of on or our should so than that the their them
    then there these they this those to was we were what when where which while who whom why
    will with would you your about also any all some such very just""".split()
)
DISCOURSE_WORDS = frozenset(
    """above after again against am because before being below between both doing down during
    each even few further having he her here hers him his itself me my nor off once only other
    ours out over own same she theirs through too under until up yours one ones must shall
    thing things way ways lot lots much many really quite rather think thinks believe believes
    argue argues claim claims say says said well still yet however therefore thus hence already
    often never always cannot can't won't don't doesn't isn't aren't wasn't weren't n't""".split()
)
