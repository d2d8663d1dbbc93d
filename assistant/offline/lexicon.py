"""Word lists of stance and certainty the offline analyst reads (data only).

Deliberately general English (essays, papers, forum comments), not tuned to one corpus.
`assistant.offline.cues` compiles the phrase lists into word-bounded, case-insensitive
patterns; `assistant.offline.clash` reads the opposites.
"""

#: Words that negate what follows them.
NEGATION = (
    "not",
    "no",
    "never",
    "n't",
    "cannot",
    "fails",
    "fail",
    "failed",
    "neither",
    "nor",
    "none",
    "nobody",
    "nothing",
    "without",
)

#: Words that soften a claim ("might", "probably"); "may" is matched apart (see cues).
HEDGES = (
    "might",
    "could",
    "probably",
    "perhaps",
    "likely",
    "unlikely",
    "i suspect",
    "seems",
    "seem",
    "seemed",
    "suggests",
    "suggest",
    "plausibly",
    "arguably",
    "possibly",
    "maybe",
    "i guess",
    "i'd guess",
    "presumably",
    "apparently",
    "somewhat",
    "tends to",
    "tend to",
    "in some cases",
    "to some extent",
    "to some degree",
    "roughly",
    "appears to",
    "i think",
    "i believe",
    "i expect",
    "not sure",
    "uncertain",
)

#: Words that assert without arguing ("obviously", "of course").
ASSUMPTIONS = (
    "obviously",
    "of course",
    "clearly",
    "it is clear that",
    "it's clear that",
    "undeniably",
    "everyone knows",
    "needless to say",
    "certainly",
    "surely",
    "evidently",
    "undoubtedly",
    "without doubt",
    "it goes without saying",
    "self-evident",
    "self-evidently",
    "as we all know",
    "naturally",
    "plainly",
)

#: Universal quantifiers ("all", "never", "impossible").
UNIVERSALS = (
    "every",
    "always",
    "never",
    "none",
    "no one",
    "nobody",
    "nothing",
    "impossible",
    "guaranteed",
    "everyone",
    "everything",
    "all",
    "any",
    "inevitably",
    "inevitable",
    "necessarily",
    "without exception",
)

#: Opposite words. Entries of five letters or more are stems of `ingest.tokens.stem`
#: ("dangerou" matches "dangerous"); shorter ones must match a whole word ("can", "low").
ANTONYMS = (
    ("better", "worse"),
    ("best", "worst"),
    ("cheap", "expensiv"),
    ("grow", "shrink"),
    ("rise", "fall"),
    ("safe", "dangerou"),
    ("safe", "unsaf"),
    ("safety", "dangerou"),
    ("harmless", "harmful"),
    ("sufficient", "insufficient"),
    ("likely", "unlikely"),
    ("possibl", "impossibl"),
    ("necessary", "unnecessary"),
    ("increas", "decreas"),
    ("increas", "reduc"),
    ("improv", "worsen"),
    ("improv", "degrad"),
    ("easy", "hard"),
    ("easy", "difficult"),
    ("helpful", "harmful"),
    ("beneficial", "harmful"),
    ("true", "fals"),
    ("succeed", "fail"),
    ("success", "failur"),
    ("robust", "fragil"),
    ("robust", "brittl"),
    ("align", "misalign"),
    ("good", "bad"),
    ("optimistic", "pessimistic"),
    ("strong", "weak"),
    ("accelerat", "slow"),
    ("overestimat", "underestimat"),
    ("high", "low"),
    ("positiv", "negativ"),
    ("more", "less"),
    ("more", "fewer"),
    ("agree", "disagree"),
    ("valid", "invalid"),
    ("effectiv", "ineffectiv"),
    ("reliabl", "unreliabl"),
    ("generaliz", "overfit"),
    ("stabl", "unstabl"),
    ("correct", "incorrect"),
    ("honest", "deceptiv"),
    ("honest", "dishonest"),
    ("will", "won't"),
    ("can", "cannot"),
    ("can", "can't"),
    ("tractabl", "intractabl"),
)

#: Opposites that only oppose when they govern the same word: "can solve" / "cannot
#: solve" clash, "can solve" / "cannot be said" do not; likewise "more stable" / "less stable".
GOVERNING_OPPOSITES = (
    ("will", "won't"),
    ("can", "cannot"),
    ("can", "can't"),
    ("more", "less"),
    ("more", "fewer"),
    ("high", "low"),
)

#: Contrast words that may turn against the writer's own previous sentence rather than
#: against a cited work.
GENERIC_CONTRAST = (
    "but",
    "however",
    "yet",
    "although",
    "though",
    "nevertheless",
    "nonetheless",
    "still",
    "unfortunately",
    "whereas",
    "while",
    "rather than",
    "instead of",
)
