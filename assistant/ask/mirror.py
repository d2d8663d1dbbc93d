"""The mirror question: the same question asked from the opposite framing, in grammatical English.

Word substitution cannot do this ("Can standard safety training remove deceptive behaviour?"
became "Cannot standard danger training remove deceptive behaviour?"): polarity lives in the
clause's auxiliary, not in its nouns. So the mirror is built by a small grammar instead:

1. camps are swapped only as whole camp words ("optimists" <-> "pessimists");
2. "agree" <-> "disagree" as the question's verb, "criticisms of X" <-> "the case for X";
3. a framed clause ("What evidence suggests X can Y?") has its clause negated ("... cannot ...");
4. a yes/no question ("Can X Y?", "Is X safe?") is split into subject and predicate at its
   auxiliary and becomes "What evidence suggests X cannot Y?" / "... X is not safe?";
5. a yes/no or either-or question no rule can split gets a grammatical catch-all that still
   asks for the other side ("What is the strongest case against the usual answer to ...?");
6. any other question (what, how, which, who ...) has no opposite framing: no mirror ("").
   A mirror of "What five problems does the paper propose?" would be noise, and a clause the
   grammar cannot read would come out as broken English.

Nouns are never touched: only the auxiliary, a negation, or a whole camp word changes. The word
lists below are data; the rules that read them are the small functions after them.
"""

from __future__ import annotations

import re

CAMPS: dict[str, str] = {
    "optimists": "pessimists",
    "pessimists": "optimists",
    "optimist": "pessimist",
    "pessimist": "optimist",
    "optimistic": "pessimistic",
    "pessimistic": "optimistic",
    "proponents": "critics",
    "critics": "proponents",
    "supporters": "sceptics",
    "sceptics": "supporters",
    "skeptics": "supporters",
    "doomers": "optimists",
}
AGREE_VERBS: dict[str, str] = {
    "agree": "disagree",
    "agrees": "disagrees",
    "disagree": "agree",
    "disagrees": "agrees",
}
MODALS = frozenset("can could will would should may might must shall".split())
DO_FORMS = frozenset("do does did".split())
BE_FORMS = frozenset("is are was were".split())
HAVE_FORMS = frozenset("has have had".split())
AUXILIARIES = MODALS | DO_FORMS | BE_FORMS | HAVE_FORMS
#: Negative auxiliaries and the positive form they negate.
NEGATIVE_AUX: dict[str, str] = {
    "cannot": "can",
    "can't": "can",
    "couldn't": "could",
    "won't": "will",
    "wouldn't": "would",
    "shouldn't": "should",
    "mustn't": "must",
    "don't": "do",
    "doesn't": "does",
    "didn't": "did",
    "isn't": "is",
    "aren't": "are",
    "wasn't": "was",
    "weren't": "were",
    "hasn't": "has",
    "haven't": "have",
    "hadn't": "had",
}
#: The auxiliary with its negation attached, as a careful writer spells it.
NEGATED: dict[str, str] = {aux: f"{aux} not" for aux in AUXILIARIES} | {"can": "cannot"}
#: Verbs whose positive is another verb: "Do LLMs lack X?" mirrors as "LLMs have X".
ANTONYM_VERBS: dict[str, str] = {"lack": "have", "lacks": "has", "lacked": "had"}
DETERMINERS = frozenset(
    "a an the this that these those its their our his her any some every each no more most "
    "less many much few several".split()
)
RELATIVES = frozenset("that which who whom whose when where if whether because".split())
PREPOSITIONS = frozenset(
    "in on at by with without from into onto over under across beyond through for of".split()
)
#: Base-form verbs that are also common nouns: a subject may contain them ("reward hacking").
AMBIGUOUS_VERBS = frozenset(
    """work scale test train model change control plan use answer study report need reward
    research design fund deploy shift transfer signal monitor attack support cause result
    lead guide value run limit break fix review claim hack shape process prompt label
    rank score trust risk reach benefit show lack pause ban halt regulate matter need
    fail""".split()
)
#: Base-form verbs that are seldom nouns.
BASE_VERBS = frozenset(
    """be have get make go know take see come think look want give find tell ask seem feel
    try leave call keep let begin help talk turn start move like live believe hold bring
    happen write provide sit stand lose pay meet include continue set learn lead understand
    follow stop create speak read allow add spend grow open walk win offer remember love
    consider appear buy wait serve die send expect build stay fall cut kill remain suggest
    raise pass sell require decide pull explain develop carry drive hope argue prove solve
    remove reduce prevent detect deceive generalise generalize align misalign verify certify
    catch avoid survive depend exist emerge succeed improve increase
    decrease outperform predict produce replace resist exploit manipulate hide reveal
    demonstrate establish undermine imply indicate mean persist yield
    behave act pursue acquire seek gain disempower overpower escape evade sabotage
    collude cooperate coordinate interpret supervise oversee evaluate estimate
    measure bound guarantee ensure enable slow accelerate automate outsmart
    mislead lie cheat scheme pretend distinguish recognise recognize correct self-correct
    reflect reason deserve outweigh justify warrant require notice forget forecast
    steer elicit induce inherit amplify outgrow""".split()
)
VERB_SUFFIXES = ("ise", "ize", "ify", "yse", "yze")
IRREGULAR_PARTICIPLES = frozenset(
    """been done made shown found seen given taken got gotten become run built held kept
    left lost meant said thought told brought bought caught taught won understood written
    proven begun grown known drawn broken chosen driven eaten fallen forgotten hidden
    ridden risen spoken stolen sworn thrown woken worn beaten bitten""".split()
)
#: Words that open a be-question's predicate: "Is X safe?", "Are evaluations enough ...?".
PREDICATE_ADJECTIVES = frozenset(
    """safe unsafe likely unlikely possible impossible sufficient insufficient necessary
    unnecessary enough true false real solvable unsolvable hard easy difficult dangerous
    good bad better worse best worst ready important useful useless robust reliable
    aligned misaligned deceptive honest dishonest conscious capable able unable inevitable
    tractable intractable feasible infeasible needed required worth worthwhile valid sound
    correct wrong plausible implausible achievable effective ineffective fragile brittle
    scalable neglected overrated underrated harmful harmless risky""".split()
)
ADJECTIVE_SUFFIXES = ("able", "ible", "ous", "ful", "less")
#: Frames whose clause carries the polarity; the group is kept and the clause negated.
CLAUSE_FRAMES = tuple(
    re.compile(p, re.I)
    for p in (
        r"^(what (?:\w+ ){0,3}(?:suggests?|shows?|indicates?|implies|imply|supports?)"
        r"(?: the (?:claim|view|idea))?(?: that)?) (.+)$",
        r"^(what (?:\w+ ){0,3}is there that) (.+)$",
        r"^(what is the (?:strongest |best )?(?:case|argument) (?:that|for thinking that)) (.+)$",
        r"^(where (?:has|have|did) (?:\w+ ){1,3}(?:argued|claimed|shown|suggested|found) that)"
        r" (.+)$",
    )
)
WHY_FRAME = re.compile(
    r"^why (?:do|does|did|would|should|might|could) (?:\w+ ){1,3}"
    r"(?:think|believe|argue|claim|expect|say)(?: that)? (.+)$",
    re.I,
)
CRITICISM = re.compile(
    r"^what (?:are|is) (?:the )?(?:main |strongest |best |key |common )?"
    r"(?:criticisms|criticism|objections|objection|critiques|arguments against|case against)"
    r" (?:of|to) (.+)$",
    re.I,
)
DEFENCE = re.compile(
    r"^what (?:are|is) (?:the )?(?:main |strongest |best |key )?"
    r"(?:arguments for|case for|defences of|defenses of|defence of|defense of) (.+)$",
    re.I,
)


def mirror_question(question: str) -> str:
    """The question the other side would ask, as a grammatical question; "" when the
    question has no other side to ask about (a what/how/which question)."""
    text = " ".join(question.strip().split()).rstrip("?").strip()
    if not text:
        return ""
    for rule in (_camp_swap, _agree_swap, _criticism_swap, _framed, _why, _yes_no):
        mirrored = rule(text)
        if mirrored:
            return _finish(mirrored)
    if NEGATIVE_AUX.get(_bare(text.split()[0]), _bare(text.split()[0])) in AUXILIARIES:
        return f"What is the strongest case against the usual answer to “{text}?”"
    return ""


def _finish(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + "?"


def _swap_words(text: str, pairs: dict[str, str]) -> str | None:
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, pairs)) + r")\b", re.I)
    swapped = pattern.sub(lambda m: _keep_case(m.group(0), pairs[m.group(0).lower()]), text)
    return swapped if swapped != text else None


def _keep_case(original: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement


def _camp_swap(text: str) -> str | None:
    return _swap_words(text, CAMPS)


def _agree_swap(text: str) -> str | None:
    return _swap_words(text, AGREE_VERBS)


def _criticism_swap(text: str) -> str | None:
    if match := CRITICISM.match(text):
        return f"What is the strongest case for {match.group(1)}"
    if match := DEFENCE.match(text):
        return f"What are the main criticisms of {match.group(1)}"
    return None


def _framed(text: str) -> str | None:
    for frame in CLAUSE_FRAMES:
        if match := frame.match(text):
            clause = negate_clause(match.group(2))
            return f"{match.group(1)} {clause}" if clause else None
    return None


def _why(text: str) -> str | None:
    match = WHY_FRAME.match(text)
    if not match:
        return None
    clause = negate_clause(match.group(1))
    if clause:
        return f"What is the strongest case that {clause}"
    return f"What is the strongest case against the claim that {match.group(1)}"


def _bare(word: str) -> str:
    return word.lower().strip(',;:.!?"“”()')


# -- clauses -------------------------------------------------------------------------------------


def negate_clause(clause: str) -> str | None:
    """The clause with its polarity reversed at its finite verb, or None when none is found.

    The finite verb is the first auxiliary that does not open a relative clause ("a model
    that is trained can ..." negates "can"), or a plain verb before any relative clause,
    which gets do-support ("X generalises" -> "X does not generalise").
    """
    words = clause.split()
    subordinate = False
    for i, word in enumerate(words):
        bare = _bare(word)
        if i == 0:
            continue
        opens_relative = _bare(words[i - 1]) in RELATIVES
        if bare in NEGATIVE_AUX and not opens_relative:
            return " ".join(words[:i] + [NEGATIVE_AUX[bare]] + words[i + 1 :])
        if bare in AUXILIARIES and not opens_relative:
            rest = words[i + 1 :]
            if rest and _bare(rest[0]) == "not":
                return " ".join(words[: i + 1] + rest[1:])
            return " ".join(words[:i] + [NEGATED[bare]] + rest)
        subordinate = subordinate or bare in RELATIVES
        if subordinate or _bare(words[i - 1]) in DETERMINERS | {"to"}:
            continue
        if bare in ANTONYM_VERBS:
            return " ".join(words[:i] + [ANTONYM_VERBS[bare]] + words[i + 1 :])
        after = _bare(words[i + 1]) if i + 1 < len(words) else ""
        stem = _third_person_stem(bare)
        if stem and stem not in ("be", "have") and _verb_context(stem, after):
            return " ".join(words[:i] + ["does not", stem] + words[i + 1 :])
        if bare in BASE_VERBS and bare not in ("be", "have") and words[i - 1].endswith("s"):
            return " ".join(words[:i] + ["do not", bare] + words[i + 1 :])
    return None


def _verb_context(stem: str, after: str) -> bool:
    """An ambiguous word ("changes", "works") is a verb when what follows cannot continue a
    noun phrase: the clause ends, or a preposition, article or subordinate clause follows."""
    if stem not in AMBIGUOUS_VERBS:
        return True
    return not after or after in RELATIVES | PREPOSITIONS | DETERMINERS


def _third_person_stem(word: str) -> str | None:
    """The base form of a third-person verb ("generalises" -> "generalise"), if it is one."""
    if not word.endswith("s") or len(word) < 4:
        return None
    candidates = [word[:-1]]
    if word.endswith("ies"):
        candidates.append(word[:-3] + "y")
    if word.endswith("es"):
        candidates.append(word[:-2])
    for stem in candidates:
        if _is_base_verb(stem):
            return stem
    return None


# -- yes/no questions ----------------------------------------------------------------------------


def _yes_no(text: str) -> str | None:
    words = text.split()
    first = _bare(words[0])
    aux = NEGATIVE_AUX.get(first, first)
    if aux not in AUXILIARIES or len(words) < 3:
        return None
    rest = words[1:]
    if _compound(rest):
        return None  # "Do X lag Y, and has Z ...?" is two questions: neither is mirrored alone
    split = _predicate_start(aux, rest)
    if split is None:
        return None
    subject, predicate = rest[:split], rest[split:]
    if not _plausible_subject(subject):
        return None
    if any(_bare(w) == "or" for w in subject):
        return None  # "Is A or B the bigger risk?" asks which, not whether
    if any(_bare(w) in AUXILIARIES | set(NEGATIVE_AUX) | {"i.e.", "e.g."} for w in subject):
        # A second question inside the first ("Is X convincing, i.e. does Y leave ...?"):
        # its split would cut through the inner clause.
        return None
    # "What evidence suggests there is no evidence ..." reads badly; ask for the case instead.
    lead = (
        "What is the strongest case that "
        if _bare(subject[0]) == "there"
        else ("What evidence suggests ")
    )
    return lead + " ".join(_mirrored_clause(aux, subject, predicate))


def _compound(rest: list[str]) -> bool:
    """A second auxiliary after 'and', 'or' or a comma opens a second question."""
    for i in range(1, len(rest)):
        before = rest[i - 1]
        if _bare(rest[i]) in AUXILIARIES and (
            _bare(before) in ("and", "or", "i.e.", "e.g.") or before.endswith(",")
        ):
            return True
    return False


def _plausible_subject(subject: list[str]) -> bool:
    """A subject ends on a noun, not on a conjunction, article or preposition, and holds no
    plain verb of its own: "writing a word on paper make CLIP" means the split came late."""
    last = _bare(subject[-1])
    if last in {"but", "and", "or", "to"} | DETERMINERS | PREPOSITIONS:
        return False
    for i, word in enumerate(subject):
        bare = _bare(word)
        before = _bare(subject[i - 1]) if i else ""
        if bare in BASE_VERBS and bare not in AMBIGUOUS_VERBS and before not in DETERMINERS:
            return False
    return True


def _mirrored_clause(aux: str, subject: list[str], predicate: list[str]) -> list[str]:
    if predicate and _bare(predicate[0]) == "not":
        return subject + [aux] + predicate[1:]
    if [_bare(w) for w in subject] == ["there"] and aux in BE_FORMS:
        body = predicate[1:] if _bare(predicate[0]) in ("a", "an", "any") else predicate
        return ["there", aux, "no"] + body
    verb = _bare(predicate[0])
    if aux in DO_FORMS and verb in ANTONYM_VERBS:
        return subject + [_have_form(aux, subject)] + predicate[1:]
    return subject + [NEGATED[aux]] + predicate


def _have_form(aux: str, subject: list[str]) -> str:
    if aux == "did":
        return "had"
    return "has" if aux == "does" else "have"


def _predicate_start(aux: str, rest: list[str]) -> int | None:
    """Where the subject ends, read from the kind of word the auxiliary expects next."""
    if aux in BE_FORMS:
        if _bare(rest[0]) == "there":
            return 1
        return _be_predicate(rest)
    if aux in HAVE_FORMS:
        return _first(rest, _is_participle)
    return _verb_predicate(rest)


def _first(rest: list[str], test) -> int | None:
    for i in range(1, len(rest)):
        if _bare(rest[i - 1]) in RELATIVES | {"to"}:
            return None
        if test(_bare(rest[i])) and _bare(rest[i - 1]) not in DETERMINERS:
            return i
    return None


def _is_participle(word: str) -> bool:
    return word in IRREGULAR_PARTICIPLES or (word.endswith("ed") and len(word) > 4)


def _is_base_verb(word: str) -> bool:
    return word in BASE_VERBS or word in AMBIGUOUS_VERBS or word.endswith(VERB_SUFFIXES)


def _verb_predicate(rest: list[str]) -> int | None:
    """After a modal or 'do', the predicate opens with a base-form verb.

    Several words can look like one ("Can interpretability work scale ...?"); each candidate
    is scored by what surrounds it, since a verb follows a noun head and opens an object.
    """
    best: tuple[int, int] | None = None
    for i in range(1, len(rest)):
        before, word = _bare(rest[i - 1]), _bare(rest[i])
        if before in RELATIVES | {"to", "what", "how"}:
            break
        if before in DETERMINERS or not _is_base_verb(word):
            continue
        after = _bare(rest[i + 1]) if i + 1 < len(rest) else ""
        score = 0 if word in AMBIGUOUS_VERBS else 2
        score += _looks_like_head(rest[i - 1])
        score -= 1 if i > 1 and before in BASE_VERBS else 0
        score += 1 if not after or after in DETERMINERS or after == "to" else 0
        score -= 1 if after and _is_base_verb(after) else 0
        # "a model noticing X": a noun before a participle, seldom a verb before its object
        score -= 1 if after.endswith("ing") and len(after) > 5 else 0
        if best is None or score > best[0]:
            best = (score, i)
    return best[1] if best else None


def _looks_like_head(original: str) -> int:
    """A word that can end a subject noun phrase: a plural, a name or acronym, a pronoun."""
    word = _bare(original)
    if original.strip(",;:").isupper() and len(original) > 1:
        return 1
    if word in ("we", "i", "you", "they", "it", "he", "she", "anyone", "someone"):
        return 1
    if word.endswith(("s", "ity", "ion", "ment", "ness", "ism", "ing")):
        return 1
    return 0


def _be_predicate(rest: list[str]) -> int | None:
    """After 'is'/'are', the predicate opens with an adjective, an article, 'not' or an adverb.

    A word right after a determiner modifies a noun ("a safe model"), so it opens nothing.
    An -ed participle opens the predicate only when no adjective or article follows ("Is a
    model trained with RLHF safe?" splits at "safe"; "Are LLMs trained to be honest?" at
    "trained").
    """
    participle = None
    for i in range(1, len(rest)):
        before, word = _bare(rest[i - 1]), _bare(rest[i])
        if before in RELATIVES or before == "to":
            break
        if before in DETERMINERS or before in PREPOSITIONS:
            continue
        if word in PREDICATE_ADJECTIVES or _is_adjective(word):
            return i
        if word in ("a", "an", "the", "not") or (word.endswith("ly") and len(word) > 4):
            return i
        if participle is None and _is_participle(word):
            participle = i
        if word == "to" and participle is not None:
            return participle
    return participle


def _is_adjective(word: str) -> bool:
    return word.endswith(ADJECTIVE_SUFFIXES) and len(word) > 5
