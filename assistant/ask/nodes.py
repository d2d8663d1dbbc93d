"""The ask graph's nodes: understand -> retrieve -> gather evidence, then either abstain, or
walk the map -> balance -> compose -> verify. Abstention is decided by the evidence, never
by a model's confidence, in one place: `gather_evidence` gives the reason and `addressed`
routes on it.
"""

from __future__ import annotations

from typing import Literal

from langgraph.runtime import Runtime

from assistant.ask import compose as composer
from assistant.ask.models import Agreement, Answer, Citation, Exchange, Position
from assistant.ask.positions import agreements, assign_sides, balance, exchanges, lead
from assistant.ask.question import QuestionPlan, plan_question
from assistant.ask.retrieve import Evidence, Retrieval
from assistant.ask.state import AskContext, AskState
from assistant.ask.verify import document_texts, verify_citations, verify_sentences
from assistant.models import Claim
from assistant.offline.claim_text import nearby_vocabulary, readable
from assistant.workspace import Workspace
from ingest.library import Library

MIN_SIMILARITY = 0.32
WEAK_SIMILARITY = 0.45
MIN_COVERAGE = 0.34
STRONG_SIMILARITY = 0.6
#: Whether the library discusses a question's subject or only brushes against it is read
#: from three signals together: the best claim's similarity to the question, the share of
#: the question's subject (content words weighted by rarity) that one retrieved passage holds
#: together, and the question's content words the library never uses ("octopuses"):
#: support = similarity + CO_WEIGHT * together - UNUSED_PENALTY * min(unused, 4).
#: Each signal alone abstained on half the answerable real questions: a researcher's long,
#: specific question is answered in other words than its own, so its words seldom meet in one
#: passage, while the similarity sees the paraphrase. Calibrated on real text
#: (benchmarks/bench_ask.py, real abstention: 41 answerable questions of retrieval round 1 and
#: half of 40 unanswerable ones written blind, beside the demo's, which must all stay right).
CO_WEIGHT = 0.5
UNUSED_PENALTY = 0.04
MIN_SUPPORT = 0.70
MAX_CITATIONS = 14
MAX_PULLED = 6


def _workspace(runtime: Runtime[AskContext]) -> Workspace:
    """The question's workspace (LangGraph Studio runs without a context: its default)."""
    return (runtime.context or AskContext()).workspace


def understand(state: AskState) -> dict:
    return {"plan": plan_question(state["question"])}


def retrieve(state: AskState, runtime: Runtime[AskContext]) -> dict:
    plan = state["plan"]
    retriever = _workspace(runtime).retriever
    result = retriever.retrieve(plan.subquestions, limit=12, subject=plan.subject_queries or None)
    result.unknown_terms = retriever.unknown_terms(plan.specific_terms)
    return {"retrieval": result}


def gather_evidence(state: AskState) -> dict:
    """Decide whether the library addresses the question at all, before any composing."""
    retrieval = state["retrieval"]
    return {
        "abstain_reason": abstention_reason(retrieval) or "",
        "evidence": retrieval.evidence,
    }


def addressed(state: AskState) -> Literal["abstain", "answer"]:
    """The one branch of the graph: abstain when the evidence does not address the question."""
    return "abstain" if state["abstain_reason"] else "answer"


def abstention_reason(retrieval: Retrieval) -> str | None:
    """off_topic when nothing is close; brushing when the words occur but never together."""
    best, coverage = retrieval.best_similarity, retrieval.coverage
    if (
        not retrieval.evidence
        or best < MIN_SIMILARITY
        or (best < WEAK_SIMILARITY and coverage < MIN_COVERAGE)
        or (best < STRONG_SIMILARITY and bool(retrieval.unknown_terms))
    ):
        return "off_topic"
    unused = min(len(retrieval.unused_terms), 4)
    support = best + CO_WEIGHT * retrieval.cooccurrence - UNUSED_PENALTY * unused
    if support < MIN_SUPPORT:
        return "brushing"
    return None


def abstain(state: AskState, runtime: Runtime[AskContext]) -> dict:
    """Say why the library does not answer, and name the nearest material (its quotes checked
    like any citation). A model, if there is one, is not asked."""
    workspace = _workspace(runtime)
    reason = state["abstain_reason"]
    answer = _blank(state["plan"], abstained=True, abstain_reason=reason)
    claims = [e.claim for e in state["evidence"]]
    nearest = _shown(
        workspace.library, [_citation(i, c, "nearest") for i, c in enumerate(claims[:3], 1)]
    )
    if workspace.llm:
        answer.dropped.append(
            "the model was not asked: the evidence check found nothing in the library "
            "that addresses the question"
        )
    answer.sentences = composer.abstention_text(reason, nearest)
    answer.nearest, dropped = verify_citations(workspace.library, nearest)
    answer.dropped += dropped
    answer.answer = " ".join(answer.sentences)
    return {"answer": answer}


def _blank(plan: QuestionPlan, **fields) -> Answer:
    """An answer to the plan's question with its mirror, before anything is said."""
    return Answer(question=plan.question, answer="", mirror_question=plan.mirror_question, **fields)


def walk_map(state: AskState, runtime: Runtime[AskContext]) -> dict:
    """Pull in what attacks or replies to the evidence across people, so exchanges are not
    missed. Only asserted relations are read: a candidate is not an exchange."""
    retriever = _workspace(runtime).retriever
    store, index = retriever.store, retriever.claim_index
    members = {e.claim.id for e in state["evidence"]}
    touching = [r for r in store.relations_touching(members) if r.asserted]
    extra: list[Evidence] = []
    for rel in exchanges(touching, set(index.claims), index.claims):
        for cid in (rel.source, rel.target):
            if cid not in members and len(extra) < MAX_PULLED:
                members.add(cid)
                extra.append(Evidence(claim=index.claims[cid], relevance=0.0, rank_score=0.0))
    evidence = state["evidence"] + extra
    order = [e.claim.id for e in evidence]
    inside = [r for r in touching if r.source in members and r.target in members]
    return {
        "evidence": evidence,
        "relations": inside,
        "sides": assign_sides(order, inside, index.claims),
    }


def balance_check(state: AskState, runtime: Runtime[AskContext]) -> dict:
    """Build the answer skeleton: citations with stances, and positions, exchanges and
    balance only where asserted relations between different people back them."""
    plan = state["plan"]
    answer = _blank(plan, abstained=False)
    claims = [e.claim for e in state["evidence"]]
    sides = state.get("sides", {})
    relations = state.get("relations", [])
    found = []
    if plan.intent == "agreement":
        retriever = _workspace(runtime).retriever
        store, index = retriever.store, retriever.claim_index
        found = agreements(store.claims(), store.relations())
        dissenters = [index.claims[d] for _, _, ds in found for d in ds if d in index.claims]
        claims = [c for c, _, _ in found] + dissenters + claims
        sides = {}
    claims = _unique(claims)[:MAX_CITATIONS]
    numbers = {c.id: n for n, c in enumerate(claims, 1)}
    by_id = {c.id: c for c in claims}
    answer.exchanges = [
        Exchange(
            claim=numbers[r.target], response=numbers[r.source], type=r.type, evidence=r.evidence
        )
        for r in exchanges(relations, set(numbers), by_id)
    ]
    answer.disputed = any(ex.type == "attacks" for ex in answer.exchanges)
    if not answer.disputed:
        sides = {}
    answer.citations = _shown(
        _workspace(runtime).library,
        [_citation(numbers[c.id], c, _stance(sides.get(c.id))) for c in claims],
    )
    answer.positions = _positions(claims, sides, numbers)
    answer.agreements = [
        Agreement(
            claim=numbers[c.id], backers=backers, dissent=[numbers[d] for d in ds if d in numbers]
        )
        for c, backers, ds in found
        if c.id in numbers
    ]
    if len(answer.positions) == 2:
        answer.balance = balance({k: v for k, v in sides.items() if k in by_id}, by_id)
        answer.balance.statement = _balance_statement(answer)
    return {"answer": answer}


def _positions(claims: list[Claim], sides: dict[str, int], numbers: dict[str, int]) -> list:
    positions = []
    for side in (1, 2):
        members = [c for c in claims if sides.get(c.id) == side]
        if members:
            # Named as answers name people ("A et al."); a position held partly in unsigned
            # posts names them by title, so it does not read as held only by named authors.
            authors = sorted({lead(c.author) for c in members if c.author})
            authors += sorted({_unsigned(c) for c in members if not c.author})
            positions.append(
                Position(
                    label=f"position {side}",
                    authors=authors,
                    citations=[numbers[c.id] for c in members],
                )
            )
    return positions


def _unsigned(claim: Claim) -> str:
    return f"the unnamed author of {composer.plain_title(claim.title or claim.doc_id)}"


def _unique(claims: list[Claim]) -> list[Claim]:
    seen, out = set(), []
    for claim in claims:
        if claim.id not in seen:
            seen.add(claim.id)
            out.append(claim)
    return out


def _stance(side: int | None) -> str:
    return {1: "position 1", 2: "position 2"}.get(side or 0, "context")


def _citation(n: int, claim: Claim, stance: str) -> Citation:
    return Citation(
        n=n,
        doc_id=claim.doc_id,
        claim_id=claim.id,
        start=claim.start,
        end=claim.end,
        quote=claim.quote,
        title=claim.title,
        url=claim.url,
        author=claim.author,
        published=claim.published.date().isoformat() if claim.published else None,
        stance=stance,
    )


def _shown(library: Library, citations: list[Citation]) -> list[Citation]:
    """Each citation with the form a reader sees: a PDF's line-end hyphens are undone by the
    words used around the quote in its own document ("al- lows" reads "allows", and
    "reward-\nhacking" keeps its hyphen where the text writes "reward-hacking")."""
    texts = document_texts(library, citations)
    out = []
    for citation in citations:
        text = texts[citation.doc_id]
        words = nearby_vocabulary(text, citation.start, citation.end) if text else None
        shown = readable(citation.quote, words)
        out.append(citation.model_copy(update={"shown": shown}))
    return out


def _balance_statement(answer: Answer) -> str:
    """How the established sides compare; both exist whenever an answer is disputed."""
    sides, authors = answer.balance.sides, answer.balance.authors
    one, two = sides.get("1", 0), sides.get("2", 0)
    text = (
        f"Evidence balance: position 1 rests on {one} claim(s) from {authors.get('1', 0)} "
        f"author(s), position 2 on {two} claim(s) from {authors.get('2', 0)} author(s)"
    )
    if answer.balance.lopsided:
        heavier = 1 if one > two else 2
        return text + f"; the library is lopsided toward position {heavier}."
    return text + "; both sides are represented."


def compose(state: AskState, runtime: Runtime[AskContext]) -> dict:
    answer = state["answer"].model_copy(deep=True)
    llm = _workspace(runtime).llm
    by_n = {c.n: c for c in answer.citations}
    if llm:
        try:
            drafted = composer.generated(llm, answer)
            answer.sentences = [
                f"{s.text.strip()} {composer.refs(s.citations)}".strip() for s in drafted
            ]
            answer.generated = True
        except Exception as exc:  # noqa: BLE001 (any provider failure falls back to extractive)
            answer.dropped.append(
                f"the model failed ({type(exc).__name__}); extractive answer used instead"
            )
            answer.sentences = composer.extractive(answer, by_n)
    else:
        answer.sentences = composer.extractive(answer, by_n)
    return {"answer": answer}


def verify(state: AskState, runtime: Runtime[AskContext]) -> dict:
    """Check every quote against the stored text and every sentence against its quotes.

    An answer is never only framing: when no sentence that carries a quote survives, the
    verified quotes themselves are the answer, and with none of those it abstains with the
    nearest material.
    """
    answer = state["answer"].model_copy(deep=True)
    answer.citations, dropped = verify_citations(_workspace(runtime).library, answer.citations)
    answer.dropped += dropped
    answer.sentences = _verified_body(answer)
    if not answer.sentences:
        answer.dropped.append("no cited quote survived verification; the answer abstains")
        answer.abstained, answer.abstain_reason = True, "unverified"
        answer.nearest = answer.citations[:3]
        answer.sentences = composer.abstention_text("unverified", answer.nearest)
    answer.answer = " ".join(answer.sentences)
    return {"answer": answer}


def _verified_body(answer: Answer) -> list[str]:
    by_n = {c.n: c for c in answer.citations}
    kept, removed = verify_sentences(answer.sentences, by_n, answer.generated, answer.disputed)
    answer.dropped += removed
    if answer.generated and not kept:
        answer.dropped.append(
            "no generated sentence survived verification; extractive answer used instead"
        )
        answer.generated = False
        kept, removed = verify_sentences(composer.extractive(answer, by_n), by_n, False)
        answer.dropped += removed
    if answer.generated or any(composer.is_content(s) for s in kept):
        return kept
    if kept:
        answer.dropped.append(
            "only framing survived verification; the verified quotes are shown instead"
        )
    kept, removed = verify_sentences(composer.quotes_only(answer.citations), by_n, False)
    answer.dropped += removed
    return kept
