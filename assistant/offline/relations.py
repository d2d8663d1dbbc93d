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
# Unmarked claims attach to their paragraph's thesis only within this many sentences of it.
MAX_THESIS_DISTANCE = 6
# A conclusion collects at most this many unattached reasons that precede it.
MAX_PREMISES = 3

# -- within one document ---------------------------------------------------------------------
#
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
    head = group[0]
    concluding = [i for i in group[1:] if roles[i][0] == "concludes"]
    if concluding and roles[head][0] not in ("", "concludes"):
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
    if role == "" or prev is None and role not in ("concedes",):
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
    elif role == "concedes":
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


_CLAUSE = re.compile(
    r"[,;:()]|\s[–—-]\s|\b(?:but|whereas|while|although|though|and|because"
    r"|since|which|who|so)\b",
    re.I,
)
_SCOPED_NEGATION = re.compile(
    cues.NEGATION_RE.pattern + r"|\bnowhere\b|\bhardly\b|\bbarely\b|\bfar from\b"
    r"|\b(?:does|do|did) little\b|\bno longer\b|\black(?:s|ed)?\b|\bunable\b"
    r"|\bunlikely to\b|\bfails? to\b|\bfailed to\b",
    re.I,
)


# How many content words after a negation it governs ("cannot certify safety" negates
# certify and safety, not everything to the end of a long clause).
NEGATION_SCOPE = 3


def negated_terms(text: str) -> set[str]:
    """Content stems that fall in the scope of a negation: from the negation to the end of
    its clause ("models do not generalise, and ..." negates "generaliz" only)."""
    cleaned = _NEGATION_IDIOMS.sub(" ", text)
    negated: set[str] = set()
    cuts = [0, *(m.start() for m in _CLAUSE.finditer(cleaned)), len(cleaned)]
    for left, right in zip(cuts, cuts[1:]):
        clause = cleaned[left:right]
        found = _SCOPED_NEGATION.search(clause)
        if found:
            words = [
                w
                for w in _TOKEN.findall(clause[found.end() :].lower().replace("’", "'"))
                if w not in _STOPWORDS and len(w) > 2
            ]
            negated |= {stem(w) for w in words[:NEGATION_SCOPE]}
    return negated


def negation_clash(a: str, b: str, shared: set[str]) -> set[str]:
    """Shared terms asserted by one claim and negated by the other."""
    return {t for t in shared if (t in negated_terms(a)) != (t in negated_terms(b))}


def antonym_clash(a: str, b: str) -> tuple[str, str] | None:
    """A pair of opposite words, one only in `a` and the other only in `b`.

    Entries of five letters or more are stems ("dangerou" matches "dangerous"); shorter
    ones ("can", "low", "safe") must match a whole word, so "can" never fires on "candid".
    """
    ta, tb = _all_stems(a), _all_stems(b)
    for left, right in _ANTONYMS:
        for x, y in ((left, right), (right, left)):
            if _has(ta, x) and _has(tb, y) and not _has(ta, y) and not _has(tb, x):
                return x, y
    return None


def _has(words: set[str], entry: str) -> bool:
    if len(entry) < 5:
        return entry in words
    return any(word.startswith(entry) for word in words)


def _all_stems(text: str) -> set[str]:
    return {stem(w) for w in _TOKEN.findall(text.lower().replace("’", "'"))} | {
        w for w in _TOKEN.findall(text.lower().replace("’", "'"))
    }


# -- who replies to whom ------------------------------------------------------------------------
#
# A text that names another author ("a reply to Priya Raman", "Feld argues that ... but") is
# answering that author, and its claims bear on that author's claims on the same topic. The
# stance it takes is read from the sentences that name them.

_OPPOSE = re.compile(
    r"\b(?:against|but|however|yet|wrong|mistaken|misguided|disagree[sd]?|disagreement|doubt"
    r"|not|n't|never|fails?|failed|misdescribes?|misreads?|misunderstands?|overstates?"
    r"|overestimates?|underestimates?|ignores?|overlooks?|neglects?|unconvincing|flawed"
    r"|backwards|too much|only if|critique|criticism|objection|rebuttal|problem with"
    r"|does not reassure|draws the wrong|gets \w+ wrong|reassurance|worry about|differ"
    r"|differs|expects|misses|answer|answers|respond|responds|reply to|replies to"
    r"|in response)\b",
    re.I,
)
_AGREE = re.compile(
    r"\b(?:is right|was right|are right|rightly|correctly|agree with|agrees with|i agree"
    r"|we agree|agree more|as \w+ (?:has |have )?(?:argued|argues|notes|noted|shows|showed"
    r"|points out|pointed out|observes|observed|suggests|suggested)|i accept|we accept"
    r"|accept \w+'s|good point|best point|fair point|useful|valuable|persuasive|convincing"
    r"|clearest|thoughtful|insightful|has identified|builds? on|following)\b",
    re.I,
)


def _names(author: str) -> list[str]:
    """The people in an author string ("Priya Raman and Marcus Feld" -> two names)."""
    return re.split(r",|&|;|\band\b", author)


def surnames(author: str) -> list[str]:
    """The family names in an author string ("Priya Raman, Marcus Feld" -> Raman, Feld)."""
    found = []
    for name in _names(author):
        parts = [p for p in name.split() if p[:1].isupper() and len(p.strip(".")) >= 2]
        if parts and not parts[-1].endswith("."):
            found.append(parts[-1])
    return found


def cited_as(author: str) -> str:
    """The people a reply names when it answers a work by `author`.

    One or two authors are named each; a work by three or more is cited by its first
    author ("Amodei et al."), and a co-author named elsewhere is usually being cited for
    other work, so naming them is not a reply to this one.
    """
    names = [n.strip() for n in _names(author) if n.strip()]
    return author if len(names) <= 2 else names[0]


_REFERENCES_HEADING = re.compile(
    r"^[ \t]*(?:\d+\.?\s*)?(?:references|bibliography|works cited|literature cited)[ \t]*$",
    re.I | re.M,
)


def without_references(text: str) -> str:
    """The text before a closing reference list: names there are citations, not replies."""
    headings = list(_REFERENCES_HEADING.finditer(text))
    if headings and headings[-1].start() > len(text) // 3:
        return text[: headings[-1].start()]
    return text


def names_person(text: str, author: str) -> bool:
    """Whether `text` names one of the people in `author` (by family name, or full name when
    the family name is also an ordinary word that the text uses in lower case)."""
    for name in _names(author):
        name = " ".join(name.split())
        family = surnames(name)
        if not family:
            continue
        surname = family[0]
        if not re.search(rf"\b{re.escape(surname)}\b", text):
            continue
        if re.search(rf"\b{re.escape(surname.lower())}\b", text) and name not in text:
            continue  # "Long", "Young", "Bird": the word, not the person.
        return True
    return False


def stance_towards(text: str, author: str) -> str:
    """How a text treats an author it names: "opposes", "agrees", "mixed", "addresses", or
    "" when it does not name them. Read from the sentences that name the author."""
    author = cited_as(author)
    oppose = agree = 0
    named = False
    for surname in surnames(author):
        for match in re.finditer(rf"\b{re.escape(surname)}\b", text):
            named = True
            sentence = _sentence_around(text, match.start(), match.end())
            o, a = _OPPOSE.search(sentence), _AGREE.search(sentence)
            if a and o and o.start() > a.start():
                oppose += 1  # "X is right that ..., but ...": conceded, then opposed
            else:
                oppose += bool(o) and not a
                agree += bool(a) and not o
    if not named or not names_person(text, author):
        return ""
    # Naming an author to answer them is, in argument, mostly naming them to disagree; a
    # text counts as agreeing only when nothing it says about them opposes.
    if oppose:
        return "opposes"
    return "agrees" if agree else "addresses"


# A sentence end: . ? or ! before whitespace, or a blank line; not the dot of "et al.",
# "e.g.", "i.e.", "cf.", "vs." or an initial ("J. Smith"), which papers put beside names.
_SENTENCE_END = re.compile(
    r"(?<!\bal)(?<!\be\.g)(?<!\bi\.e)(?<!\bcf)(?<!\bvs)(?<!\b[A-Z])[.?!](?=\s)|\n\s*\n"
)


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], found by punctuation (cheap; no segmenter)."""
    window_start = max(0, start - 1000)
    left = window_start
    for match in _SENTENCE_END.finditer(text, window_start, start):
        left = match.end()
    after = _SENTENCE_END.search(text, end, end + 1000)
    right = after.end() if after else min(len(text), end + 1000)
    return text[left:right]


class ReplyIndex:
    """Which documents name which authors, and how: built once per library state.

    Rows are (doc_id, authors, text). Building reads every text once (linear in the
    library); lookups are constant time, so linking stays near-linear.
    """

    def __init__(self, rows: list[tuple[str, list[str], str]]) -> None:
        self.authors = {doc_id: ", ".join(authors) for doc_id, authors, _ in rows}
        by_surname: dict[str, set[str]] = {}
        for doc_id, authors, _ in rows:
            for surname in surnames(", ".join(authors)):
                by_surname.setdefault(surname, set()).add(doc_id)
        self.stances: dict[tuple[str, str], str] = {}
        self.engaged_with: dict[str, set[str]] = {doc_id: set() for doc_id, _, _ in rows}
        for doc_id, authors, text in rows:
            text = without_references(text)
            own = set(surnames(", ".join(authors)))
            capitalised = set(re.findall(r"\b[A-Z][\w'’-]+", text))
            capitalised |= {w.split("'")[0].split("’")[0] for w in capitalised}
            for surname in (capitalised & by_surname.keys()) - own:
                for other in by_surname[surname]:
                    stance = stance_towards(text, self.authors[other])
                    if stance:
                        self.stances[(doc_id, self.authors[other])] = stance
                        self.engaged_with[doc_id].add(other)
                        self.engaged_with.setdefault(other, set()).add(doc_id)

    def engaged(self, doc_id: str) -> list[str]:
        """Documents in dialogue with this one: first those whose author it names, then
        those that name its author; each group in id order (deterministic)."""
        own = self.authors.get(doc_id, "")
        forward = sorted(
            d
            for d in self.engaged_with.get(doc_id, ())
            if (doc_id, self.authors[d]) in self.stances
        )
        backward = sorted(
            d
            for d in self.engaged_with.get(doc_id, ())
            if d not in forward and (d, own) in self.stances
        )
        return forward + backward

    def stance(self, doc_id: str, author: str) -> str:
        """The stance of document `doc_id` toward `author`, "" when it does not name them."""
        return self.stances.get((doc_id, author), "")


# -- typing a candidate pair ---------------------------------------------------------------------

# Documents in dialogue with a document that each of its claims is compared with, and the
# nearest claims taken from each (on top of the nearest neighbours in the whole map).
ENGAGED_DOCUMENTS = 8
REPLY_NEIGHBOURS = 3
# Cross-document links kept per claim (the most confident first): a claim answers a few
# others, and a map where every claim touches every similar one is a similarity map.
LINKS_PER_CLAIM = 2
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
    if not same_author and (reply or named):
        typed = _type_reply(a, b, similarity, reply, named, terms)
        if typed is not None:
            return typed
    elif shared and _REPLY.search(b) and len(shared) >= 2 and not same_author:
        why = (
            f"the later claim responds to the earlier: reply language "
            f"'{_REPLY.search(b).group(0)}'; shared: {terms}"
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
    if not named and reply not in ("opposes", "mixed") and contrast in _GENERIC_CONTRAST:
        # The document only cites the earlier author (a paper's related work, say), and
        # this claim neither names them nor disagrees in words: its "but" most likely
        # turns against its own previous sentence, not against the cited work.
        contrast = ""
    opening = cues.leading_connective(b)
    surname = named.removeprefix("it names the author ") if named else ""
    if (
        surname
        and _cited_in_brackets(b, surname)
        and contrast in _GENERIC_CONTRAST
        and opening
        and opening[1] == contrast
    ):
        # "However, many researchers worry about X [Christiano, 2019]": an opening
        # "however" turns against the writer's previous sentence; the bracketed name only
        # cites a source. ("But Raman's argument ..." addresses her, and stays an attack.)
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


def _cited_in_brackets(text: str, surname: str) -> bool:
    """Whether `surname` appears only as a source in a citation bracket ("[Ngo, 2022]",
    "(Ngo et al., 2022)"), not as a person the sentence talks to or about."""
    bracketed = re.findall(r"[\[(][^\])]*\d{4}[^\])]*[\])]", text)
    inside = sum(len(re.findall(rf"\b{re.escape(surname)}\b", b)) for b in bracketed)
    return inside > 0 and inside == len(re.findall(rf"\b{re.escape(surname)}\b", text))


_GENERIC_CONTRAST = {
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
}


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


def _attack_evidence(a: str, b: str, shared: set[str], overlap: float) -> str:
    """Why b contradicts a, or "" when nothing beyond topic links them."""
    flipped = negation_clash(a, b, shared)
    if len(shared) >= 3 and overlap >= 0.45 and len(flipped) >= max(1, 0.3 * len(shared)):
        negator = b if flipped & negated_terms(b) else a
        word = _SCOPED_NEGATION.search(_NEGATION_IDIOMS.sub(" ", negator))
        cue = f"'{word.group(0).lower()}' " if word else ""
        return f"one claim negates {cue}what the other asserts ({', '.join(sorted(flipped)[:3])})"
    clash = antonym_clash(a, b)
    if clash and clash in _GOVERNING_PAIRS and not _same_governed(a, b, clash):
        clash = None
    if clash and len(shared) >= 2 and overlap >= 0.25:
        return f"opposite terms '{clash[0]}' / '{clash[1]}' on shared content"
    disagreement = _DISAGREEMENT.search(b)
    if disagreement and len(shared) >= 2:
        return f"explicit disagreement '{disagreement.group(0)}'"
    return ""


# Opposites that only oppose when they govern the same word: "can solve" / "cannot solve"
# clash, "can solve" / "cannot be said" do not; likewise "more stable" / "less stable".
_GOVERNING_PAIRS = {
    pair
    for left, right in (
        ("will", "won't"),
        ("can", "cannot"),
        ("can", "can't"),
        ("more", "less"),
        ("more", "fewer"),
        ("high", "low"),
    )
    for pair in ((left, right), (right, left))
}


def _governed(text: str, word: str) -> set[str]:
    """Stems of the next two content words after each `word` in `text`."""
    tokens = _TOKEN.findall(text.lower().replace("’", "'"))
    found: set[str] = set()
    for i, token in enumerate(tokens):
        if token == word:
            following = [t for t in tokens[i + 1 : i + 5] if t not in _STOPWORDS and len(t) > 2]
            found |= {stem(t) for t in following[:2]}
    return found


def _same_governed(a: str, b: str, clash: tuple[str, str]) -> bool:
    return bool(_governed(a, clash[0]) & _governed(b, clash[1]))


def _addresses(b: str, a_author: str, a_title: str) -> str:
    """Whether b names a's author (surname) or a's title: a sign it replies to it."""
    for name in re.split(r",|&|\band\b", cited_as(a_author)):
        parts = [p for p in name.split() if len(p) >= 3 and p[0].isupper()]
        if parts and re.search(rf"\b{re.escape(parts[-1])}\b", b):
            return f"it names the author {parts[-1]}"
    title_terms = content_terms(a_title)
    if len(title_terms) >= 2 and len(title_terms & content_terms(b)) / len(title_terms) >= 0.6:
        return f"it names the title '{a_title}'"
    return ""
