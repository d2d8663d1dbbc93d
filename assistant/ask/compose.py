"""Writing the answer: extractive offline, generated with an LLM, and both verified after.

Offline, every sentence is built around verbatim quotes with their citation numbers, so there
is no prose that a quote does not back. The answer says only what the map establishes: it
speaks of opposing positions, attacks and an evidence balance only when the map holds an
asserted attack between different people (`Answer.disputed`); otherwise it says what each
source says and that no disagreement between them was established. With an LLM the prose is
generated from the numbered evidence, then `verify` removes what it cannot tie to a quote.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from assistant.ask.models import Answer, Citation
from assistant.ask.positions import lead

QUOTE_CHARS = 260
SOURCES_SHOWN = 6
QUOTES_PER_SOURCE = 2
_CONTENT = re.compile(r"“[^”]+” \[\d+\]")

ABSTENTIONS = {
    "off_topic": (
        "The library does not address this question: nothing in it bears on it closely enough "
        "to answer from, and cruxmap does not answer from general knowledge."
    ),
    "brushing": (
        "The library does not answer this: the question's words occur in it, but no passage "
        "discusses its subject, so an answer would be assembled from text about other things."
    ),
    "unverified": (
        "The library does not answer this: no quote that bears on it survived verification "
        "against the stored documents."
    ),
}
#: How an exchange sentence names the text that makes it one, by evidence kind.
EVIDENCE_PHRASES = {
    "citation": "a citation in {who}'s text",
    "reply": "{who}'s text is a reply to the other",
    "quotation": "{who} quotes the claim answered",
    "discourse": "a contrast marker in {who}'s text",
    "lexical": "a direct contradiction in {who}'s reply",
    "llm": "a passage of {who}'s text quoted by the model",
}


def short(quote: str, limit: int = QUOTE_CHARS) -> str:
    """A quote for display: one line, cut at a word, inner double quotes shown straight so
    the curly quotes around it mark its bounds exactly (the verifier relies on that)."""
    flat = " ".join(quote.replace("“", '"').replace("”", '"').split())
    return flat if len(flat) <= limit else flat[: limit - 1].rsplit(" ", 1)[0] + " …"


def _cited(sentence: str) -> list[int]:
    return [int(n) for n in re.findall(r"\[(\d+)\]", sentence)]


def refs(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def is_content(sentence: str) -> bool:
    """Whether a composed sentence carries a cited quote, rather than only framing quotes."""
    return bool(_CONTENT.search(sentence))


def _people(authors: list[str]) -> str:
    names = [a for a in authors if a] or ["unattributed authors"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def plain_title(title: str) -> str:
    """A title as names show it: in single quotes, so it can never pass for a checked quote."""
    flat = short(title, 70).replace("“", "‘").replace("”", "’").replace('"', "'")
    return f"‘{flat}’"


def speaker(citation: Citation) -> str:
    """Who said a cited claim: the lead author ("A et al."), or the unsigned text by title."""
    title = plain_title(citation.title or citation.doc_id)
    return lead(citation.author) or f"the unnamed author of {title}"


def source_name(citation: Citation) -> str:
    """A source as a list of material names it: its title and lead author."""
    who = lead(citation.author) or "unsigned"
    return f"{plain_title(citation.title or citation.doc_id)} ({who})"


def abstention_text(reason: str, nearest: list[Citation]) -> list[str]:
    """Why nothing is answered, and where to look instead (each source named once)."""
    names = list(dict.fromkeys(source_name(c) for c in nearest))
    places = "; ".join(names[:3])
    tail = f" Nearest material: {places}." if places else ""
    return [ABSTENTIONS[reason] + tail]


def extractive(answer: Answer, by_n: dict[int, Citation]) -> list[str]:
    """Sentences that say only what the map establishes, each carrying its citations.

    With an established disagreement: the positions, the attacks and the evidence that makes
    each one, and the balance. Without one: what each source says, grouped by source, and a
    plain statement that no disagreement between the sources was established.
    """
    sentences = _agreement_sentences(answer, by_n)
    if answer.disputed:
        sentences += _position_sentences(answer, by_n)
    sentences += _exchange_sentences(answer, by_n)
    if answer.disputed:
        if answer.balance.statement:
            sentences.append(f"{answer.balance.statement} {refs(sorted(by_n)[:8])}")
        return sentences
    shown = {n for s in sentences for n in _cited(s)}
    grouped = source_sentences([c for n, c in sorted(by_n.items()) if n not in shown])
    if grouped or sentences:
        sentences += grouped + [_no_disagreement(by_n)]
    return sentences


def _position_sentences(answer: Answer, by_n: dict[int, Citation]) -> list[str]:
    if len(answer.positions) < 2:
        return []
    leads = [p.citations[0] for p in answer.positions]
    sentences = [
        f"The library holds {len(answer.positions)} opposing positions on this: claims of "
        f"different people that attack each other in the map, on the evidence named below "
        f"{refs(leads)}."
    ]
    for index, position in enumerate(answer.positions, 1):
        quotes = "; ".join(f"“{short(by_n[n].readable)}” [{n}]" for n in position.citations[:3])
        sentences.append(f"Position {index} ({_people(position.authors)}): {quotes}.")
    return sentences


def _exchange_sentences(answer: Answer, by_n: dict[int, Citation]) -> list[str]:
    sentences = []
    for ex in distinct_exchanges(answer.exchanges, limit=3):
        claim, response = by_n[ex.claim], by_n[ex.response]
        who = speaker(response)
        verb = "directly attacks" if ex.type == "attacks" else "responds to"
        why = EVIDENCE_PHRASES.get(ex.evidence.kind if ex.evidence else "", "")
        because = f" ({why.format(who=who)})" if why else ""
        sentences.append(
            f"{_capital(who)} {verb} {speaker(claim)}{because}: “{short(response.readable, 160)}” "
            f"[{ex.response}] answers “{short(claim.readable, 160)}” [{ex.claim}]."
        )
    return sentences


def _agreement_sentences(answer: Answer, by_n: dict[int, Citation]) -> list[str]:
    sentences = []
    for agreement in answer.agreements[:5]:
        claim = by_n[agreement.claim]
        sentences.append(
            f"Backed by {_people(agreement.backers)}: “{short(claim.readable)}” [{agreement.claim}]."
        )
        for n in agreement.dissent[:2]:
            sentences.append(
                f"Named dissent from {speaker(by_n[n])}: “{short(by_n[n].readable)}” [{n}]."
            )
    return sentences


def source_sentences(citations: list[Citation]) -> list[str]:
    """What each source says: one sentence per source, sources in order of relevance."""
    by_doc: dict[str, list[Citation]] = {}
    for citation in citations:
        by_doc.setdefault(citation.doc_id, []).append(citation)
    sentences = []
    for group in list(by_doc.values())[:SOURCES_SHOWN]:
        first = group[0]
        quotes = "; ".join(f"“{short(c.readable)}” [{c.n}]" for c in group[:QUOTES_PER_SOURCE])
        title = plain_title(first.title or first.doc_id)
        who = lead(first.author)
        where = f"{who}, in {title}" if who else f"The unsigned text {title}"
        sentences.append(f"{where}: {quotes}.")
    return sentences


def _no_disagreement(by_n: dict[int, Citation]) -> str:
    leads: dict[str, int] = {}
    for n, citation in sorted(by_n.items()):
        leads.setdefault(citation.doc_id, n)
    cited = refs(list(leads.values())[:SOURCES_SHOWN])
    if len(leads) == 1:
        return f"All of this comes from one source; the map holds no other source's view on it {cited}."
    return (
        "No disagreement between these sources was established: the map holds no "
        f"evidence-backed attack by one of them on another {cited}."
    )


def quotes_only(citations: list[Citation]) -> list[str]:
    """The fallback when verification leaves only framing: the verified quotes themselves."""
    return [
        f"{_capital(speaker(c))}: “{short(c.readable)}” [{c.n}]." for c in citations[:SOURCES_SHOWN]
    ]


def distinct_exchanges(exchanges: list, limit: int) -> list:
    """Attacks before replies, and no claim used twice, so a few exchanges cover the debate."""
    ordered = sorted(exchanges, key=lambda ex: ex.type != "attacks")
    used: set[int] = set()
    chosen = []
    for ex in ordered:
        if ex.claim in used or ex.response in used:
            continue
        chosen.append(ex)
        used |= {ex.claim, ex.response}
        if len(chosen) == limit:
            break
    return chosen


class LLMSentence(BaseModel):
    text: str
    citations: list[int]


class LLMAnswer(BaseModel):
    sentences: list[LLMSentence]


def generated(llm: str, answer: Answer) -> list[LLMSentence]:
    """The model's sentences for `answer`'s citations (verified afterwards like any answer)."""
    from assistant import prompts
    from assistant.llm.models import chat_model
    from assistant.llm.structured import ask_json

    evidence = "\n".join(
        prompts.render(
            prompts.COMPOSE_EVIDENCE,
            n=c.n,
            author=c.author or "unknown",
            title=c.title,
            stance=c.stance,
            quote=c.readable,
        )
        for c in answer.citations
    )
    header = prompts.COMPOSE_DISPUTED if answer.disputed else prompts.COMPOSE_UNDISPUTED
    user = prompts.render(
        prompts.COMPOSE_USER, question=answer.question, header=header, evidence=evidence
    )
    return ask_json(chat_model(llm), prompts.COMPOSE_SYSTEM, user, LLMAnswer).sentences
