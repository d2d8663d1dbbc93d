"""The analysis graph's nodes. Each does one step and writes through the map store.

Similarity only proposes candidates (nearest claims in Chroma, from other documents); a
relation across documents is asserted only on evidence in the text (a declared reply or a
parent comment, a stanced citation, a cited author named in the claim, or an LLM's verbatim
quote), and everything else similar enough is kept as a `related` candidate.

Why one file of ~500 lines: the nodes share the few helpers that decide what is asserted
and what stays a candidate; split apart, the evidence rule would be read in pieces.
"""

from __future__ import annotations

import re

import numpy as np
from langgraph.runtime import Runtime

from assistant.analysis.anchoring import reply_backs
from assistant.analysis.citing import citation_links
from assistant.analysis.state import AnalysisContext, AnalysisState, DocumentState, LinkState
from assistant.analysis.tuning import (
    CANDIDATES_PER_CLAIM,
    ENGAGED_DOCUMENTS,
    LINKS_PER_CLAIM,
    RELATED_FLOOR,
    REPLY_NEIGHBOURS,
)
from assistant.analysts import ClaimView
from assistant.citationstore import CitationRecord, CitationStore
from assistant.grounding import ground
from assistant.llm.retry import LLMUnavailable
from assistant.llm.usage import BudgetExhausted
from assistant.mapstore import claim_id
from assistant.models import Claim, ClaimDraft, Evidence, Relation, RelationDraft
from assistant.offline.dialogue import Engagement, named_in_claim
from assistant.offline.segment import split_sentences
from assistant.workspace import Workspace


def _workspace(runtime: Runtime[AnalysisContext]) -> Workspace:
    """The run's workspace (LangGraph Studio runs without a context: its default)."""
    return (runtime.context or AnalysisContext()).workspace


# -- planning --------------------------------------------------------------------------------


def plan(state: AnalysisState, runtime: Runtime[AnalysisContext]) -> dict:
    """Only documents that are new, changed, or were interrupted half-way are analysed."""
    ws = _workspace(runtime)
    ws.store.forget_missing_documents()
    wanted = state.get("doc_ids")
    stale = ws.store.stale_documents()
    if wanted:
        stale = [d for d in stale if d in set(wanted)]
    ready = ws.library.counts()["documents"] if not wanted else len(set(wanted))
    return {"doc_ids": stale, "skipped": max(0, ready - len(stale))}


# -- per document: claims ----------------------------------------------------------------------


def segment(state: DocumentState, runtime: Runtime[AnalysisContext]) -> dict:
    doc = _workspace(runtime).library.document(state["doc_id"])
    return {"sentences": len(split_sentences(doc.text)) if doc else 0}


_REFERENCES = re.compile(
    r"^\s*(?:\d+\.?\s*)?(references|bibliography|works cited|literature cited)\s*:?\s*$",
    re.IGNORECASE | re.MULTILINE,
)


def argued_text(text: str) -> str:
    """The text up to a closing reference list: citations are not the author's claims.

    Only a heading in the last half counts, so a table of contents entry does not cut the body.
    Cutting at the end keeps every offset valid. Not `assistant.references.argued_text`: that
    one blanks a list only when entries with years follow the heading (to tell it from a
    contents line), which a numbered bibliography without years would slip past.
    """
    for match in _REFERENCES.finditer(text):
        if match.start() > len(text) // 2:
            return text[: match.start()]
    return text


def extract(state: DocumentState, runtime: Runtime[AnalysisContext]) -> dict:
    """One document's claims; a document the analyst cannot read fails alone.

    Its failure is reported (one line) and its previous analysis, if any, is left as it
    was, so the rest of the run lands and a later run tries it again.
    """
    ws = _workspace(runtime)
    doc = ws.library.document(state["doc_id"])
    if doc is None:
        return {"drafts": []}
    try:
        extracted = ws.analyst.extract_claims(argued_text(doc.text))
    except (BudgetExhausted, LLMUnavailable):
        raise  # the whole run stops (resumable): every other document would fail the same way
    except Exception as exc:  # one bad document must not stop the library's analysis
        error = f"{type(exc).__name__}: {exc}"
        return {"drafts": [], "failed": [{"source": state["doc_id"], "error": error}]}
    return {"drafts": extracted.drafts, "notes": extracted.notes}


def extracted_ok(state: DocumentState) -> str:
    """Route a failed document straight out of its subgraph: nothing is stored for it."""
    return "failed" if state.get("failed") else "ok"


def grounding_check(state: DocumentState, runtime: Runtime[AnalysisContext]) -> dict:
    doc = _workspace(runtime).library.document(state["doc_id"])
    kept, dropped = ground(doc.text, state.get("drafts", [])) if doc else ([], [])
    notes = [f"{state['doc_id']}: dropped claim, {why}" for why in dropped]
    return {"drafts": kept, "notes": notes}


def assumption_check(state: DocumentState, runtime: Runtime[AnalysisContext]) -> dict:
    """Mark assumption words and unhedged universals on every claim, whoever extracted it."""
    return {"drafts": _workspace(runtime).analyst.mark_assumptions(state.get("drafts", []))}


def relate_within(state: DocumentState, runtime: Runtime[AnalysisContext]) -> dict:
    ws = _workspace(runtime)
    doc = ws.library.document(state["doc_id"])
    drafts = state.get("drafts", [])
    return {"internal": ws.analyst.relate_within(doc.text, drafts) if doc and drafts else []}


def store_claims(state: DocumentState, runtime: Runtime[AnalysisContext]) -> dict:
    ws = _workspace(runtime)
    doc = ws.library.document(state["doc_id"])
    if doc is None:
        return {"extracted": []}
    drafts: list[ClaimDraft] = state.get("drafts", [])
    internal = []
    for rel in state.get("internal", []):
        s, t = int(rel.source), int(rel.target)
        if 0 <= s < len(drafts) and 0 <= t < len(drafts) and s != t:
            internal.append(
                (
                    s,
                    t,
                    Relation(
                        source="",
                        target="",
                        type=rel.type,
                        rationale=rel.rationale,
                        confidence=rel.confidence,
                        analyst=ws.analyst.name,
                        # The connective or position that links them is in the source claim.
                        evidence=Evidence(
                            kind="discourse",
                            doc_id=doc.id,
                            start=drafts[s].start,
                            end=drafts[s].end,
                        ),
                    ),
                )
            )
    vectors = ws.library.embedder.encode([d.text or d.quote for d in drafts])
    with ws.write_lock:
        # Only the vectors of claims this document no longer has are deleted, by id and
        # before the claims are replaced: a delete by metadata filter cost a third of each
        # document's write, and in this order a crash never leaves a vector whose claim is
        # gone (a claim without its vector is re-encoded when it links).
        wanted = {claim_id(doc.id, d.start, d.end) for d in drafts}
        stale = sorted(ws.store.claim_ids(doc.id) - wanted)
        if stale:
            ws.store.vectors.delete(stale)
        ids = ws.store.save_claims(doc.id, doc.content_hash, ws.analyst.name, drafts, internal)
        if ids:
            ws.store.vectors.upsert(ids, vectors, [_claim_meta(doc.id, doc.authors) for _ in ids])
    ratio = f"{len(drafts)} claims from {state.get('sentences', 0)} sentences"
    return {"extracted": [doc.id], "notes": [f"{doc.id}: {ratio}"]}


def _claim_meta(doc_id: str, authors: list[str]) -> dict:
    return {"doc_id": doc_id, "author": ", ".join(authors) or f"unknown:{doc_id}"}


# -- per document: links across the literature -------------------------------------------------


def to_link(state: AnalysisState) -> list[str]:
    """The run's documents whose extraction did not fail: they look for partners."""
    failed = {f["source"] for f in state.get("failed", [])}
    return [d for d in state.get("doc_ids", []) if d not in failed]


def link_plan(state: AnalysisState, runtime: Runtime[AnalysisContext]) -> dict:
    """Every document's claims are stored: record which documents link in this run, so a
    pair between two of them is typed only once."""
    ws = _workspace(runtime)
    with ws.write_lock:
        ws.store.begin_linking(to_link(state))
    return {}


def find_candidates(state: LinkState, runtime: Runtime[AnalysisContext]) -> dict:
    """Nearest claims from other documents, for each claim of this one.

    A pair is typed once, by the document of its later claim (see `type_relations`).
    Besides the nearest neighbours in the whole map, each claim also gets its nearest
    neighbours among the documents this one is in dialogue with (it replies to them or names
    their author, or they it): a reply often answers a claim in different words, so plain
    similarity would miss it. Both queries are bounded per claim, so linking stays linear.
    """
    context = runtime.context or AnalysisContext()
    ws = context.workspace
    doc_id = state["doc_id"]
    claims = ws.store.claims(doc_id)
    doc = ws.library.document(doc_id)
    if not claims or doc is None:
        # No claims to link, but what the document cites is still worth keeping.
        records = citation_links(ws, doc, [], np.zeros((0, 1)), None)[0] if doc else []
        return {"pairs": [], "citations": [r.model_dump() for r in records], "cited": []}
    stored = ws.store.vectors.get_vectors([c.id for c in claims])
    missing = [c for c in claims if c.id not in stored]
    if missing:
        fresh = ws.library.embedder.encode([c.text for c in missing])
        stored.update({c.id: v for c, v in zip(missing, fresh)})
    indexes = ws.indexes()
    mine = np.stack([stored[c.id] for c in claims])
    records, cited = citation_links(
        ws, doc, claims, mine, lambda other, vectors: _nearest_in(ws, other, vectors)
    )
    cites = sorted({r.target_doc for r in records if r.target_doc})
    partners = indexes.dialogue.partners(doc_id) + cites + indexes.replies.engaged(doc_id)
    engaged = list(dict.fromkeys(partners))
    nearest = _nearest_elsewhere(ws, mine, doc_id, context.neighbours, len(claims))
    in_dialogue = _nearest_in_each(ws, engaged[:ENGAGED_DOCUMENTS], mine)
    found_per_claim = []
    for row in range(len(claims)):
        found = list(nearest[row])
        for hits in in_dialogue:
            found += hits[row]
        found_per_claim.append(found)
    others = {meta.get("doc_id", "") for found in found_per_claim for _, _, meta in found}
    batch = ws.store.linking_among(others)
    candidates = []
    seen: set[tuple[str, str]] = set()
    for claim, found in zip(claims, found_per_claim):
        for other_id, similarity, meta in found:
            pair = (claim.id, other_id)
            if pair in seen:
                continue
            seen.add(pair)
            candidates.append(
                {
                    "claim": claim.id,
                    "other": other_id,
                    "similarity": round(float(similarity), 6),
                    "in_batch": meta.get("doc_id", "") in batch,
                }
            )
    return {
        "pairs": candidates,
        "citations": [r.model_dump() for r in records],
        "cited": [r.model_dump() for r in cited],
    }


def _nearest_elsewhere(
    ws: Workspace, mine: np.ndarray, doc_id: str, want: int, own: int
) -> list[list[tuple[str, float, dict]]]:
    """Each vector's `want` nearest claims outside `doc_id`, without a filtered query.

    Unfiltered queries over-fetch a little and drop the document's own claims in Python;
    the rare claim whose neighbourhood is mostly its own document is asked again with a
    doubled k, until `want` outsiders are among the hits. Fetching `want + own` for every
    claim would make a long paper's linking slow.

    Equally near claims (copies of one sentence, common among cross-posts) are ranked by id
    (see `_rank`), and a row is asked again while such a group straddles the last hit: the
    store returns an arbitrary part of a group that it cuts, so two runs of one library
    linked different copies.
    """
    out: list[list[tuple[str, float, dict]]] = [[] for _ in range(len(mine))]
    total = ws.store.vectors.count()
    k = min(want + own, max(4 * want, want + 8))
    rows = list(range(len(mine)))
    while rows:
        hits = ws.store.vectors.query_many(mine[rows], k)
        retry = []
        for row, row_hits in zip(rows, hits):
            kept = sorted((h for h in row_hits if h[2].get("doc_id") != doc_id), key=_rank)
            complete = len(row_hits) < k or k >= total
            farther = len(kept) >= want and _rank(row_hits[-1])[0] > _rank(kept[want - 1])[0]
            if complete or farther:
                out[row] = kept[:want]
            else:
                retry.append(row)
        rows = retry
        k = min(total, 2 * k)
    return out


def _rank(hit: tuple[str, float, dict]) -> tuple[float, str]:
    """Nearest first, equals by id. Similarities are rounded: the store computes one
    distance in its index or in its write buffer, which differ in the last bits."""
    return (-round(hit[1], 6), hit[0])


def _nearest_in(
    ws: Workspace, other_doc: str, mine: np.ndarray
) -> list[list[tuple[str, float, dict]]]:
    """Each of `mine`'s nearest claims in one other document, computed exactly in numpy.

    The other document's claims are few and known by id, which is far cheaper than a
    filtered vector query (see `VectorIndex.query_many`).
    """
    return _nearest_in_each(ws, [other_doc], mine)[0]


def _nearest_in_each(
    ws: Workspace, other_docs: list[str], mine: np.ndarray
) -> list[list[list[tuple[str, float, dict]]]]:
    """`_nearest_in` for several documents, their vectors fetched in one store call: a
    document in dialogue with eight others asked the store eight times, and each call
    costs more than the few vectors it returns."""
    ids_of = {d: [c.id for c in ws.store.claims(d)] for d in other_docs}
    stored = ws.store.vectors.get_vectors([i for d in other_docs for i in ids_of[d]])
    return [_nearest_among(ids_of[d], stored, d, mine) for d in other_docs]


def _nearest_among(
    ids: list[str], stored: dict[str, np.ndarray], other_doc: str, mine: np.ndarray
) -> list[list[tuple[str, float, dict]]]:
    """Each of `mine`'s `REPLY_NEIGHBOURS` nearest among `ids` (one document's claims)."""
    ids = [i for i in ids if i in stored]
    if not ids:
        return [[] for _ in range(len(mine))]
    # The embedder returns unit vectors, so a dot product is the cosine.
    sims = mine @ np.stack([stored[i] for i in ids]).T
    meta = {"doc_id": other_doc}
    top = np.argsort(-sims, axis=1, kind="stable")[:, :REPLY_NEIGHBOURS]
    return [[(ids[j], float(sims[r, j]), meta) for j in top[r]] for r in range(len(mine))]


def type_relations(state: LinkState, runtime: Runtime[AnalysisContext]) -> dict:
    """Type each candidate pair, and assert only what the text backs.

    A later claim looks back for what it answers: a pair is typed here when this
    document's claim is the later one, or when the other document is not in this run
    (already linked, so it will not look again).

    The analyst proposes a type; the pair becomes a relation only with evidence a reader can
    check: the later document replies to the earlier one, or the later claim's own sentence
    names the earlier author (see `assistant.offline.dialogue`), or the LLM quoted a verbatim
    span that shows it. Everything else that is similar enough stays a `related` candidate
    ("possibly related, unverified"), which nothing counts. Each later claim keeps its best
    `LINKS_PER_CLAIM` relations and `CANDIDATES_PER_CLAIM` candidates.
    """
    ws = _workspace(runtime)
    indexes = ws.indexes()
    replies, dialogue = indexes.replies, indexes.dialogue
    claims: dict[str, Claim | None] = {}
    texts: dict[str, str] = {}

    def get(cid: str) -> Claim | None:
        if cid not in claims:
            claims[cid] = ws.store.claim(cid)
        return claims[cid]

    def text_of(doc_id: str) -> str:
        if doc_id not in texts:
            doc = ws.library.document(doc_id)
            texts[doc_id] = doc.text if doc else ""
        return texts[doc_id]

    cited: dict[str, list[CitationRecord]] = {
        state["doc_id"]: [CitationRecord(**r) for r in state.get("citations", [])]
    }

    def citations_of(doc_id: str) -> list[CitationRecord]:
        """The citations of `doc_id`'s text (this run's, or as stored)."""
        if doc_id not in cited:
            cited[doc_id] = CitationStore(ws.library).citations_of(doc_id)
        return cited[doc_id]

    # The pairs this document types, each as (earlier, later, similarity), then all of them
    # judged at once: an LLM analyst answers many pairs per request.
    todo: list[tuple[Claim, Claim, float]] = []
    for cand in state.get("pairs", []):
        mine, other = get(cand["claim"]), get(cand["other"])
        if mine is None or other is None:
            continue
        earlier, later = _in_order(other, mine, replies, dialogue)
        if later.id != mine.id and cand.get("in_batch", False):
            continue  # the other document types this pair when it looks back
        todo.append((earlier, later, cand["similarity"]))
    judged = ws.analyst.type_relations(
        [
            (_view(earlier), _view(later, reply=replies.stance(later.doc_id, earlier.author)), sim)
            for earlier, later, sim in todo
        ]
    )
    notes: list[str] = []
    kept: dict[str, list[tuple[float, float, Relation]]] = {}
    related: dict[str, list[tuple[float, Relation]]] = {}
    for (earlier, later, similarity), typed in zip(todo, judged, strict=True):
        notes += typed.notes
        draft = typed.relation
        engagement = dialogue.reply(later.doc_id, earlier.doc_id)
        if engagement is not None and engagement.scope == "document":
            # In a reply, a claim that names the author it answers ("Raman also treats ...",
            # "I accept Hartmann's point that ...") says which claim answers whom.
            engagement = (
                named_in_claim(
                    later.doc_id, text_of(later.doc_id), later.start, later.end, earlier.author
                )
                or engagement
            )
        if engagement is None and _names_cited_work(later, earlier.doc_id, citations_of):
            # A name alone does not say which work is meant ("Demski argues ..." matched an
            # arbitrary post of his on real text); a name in a text that cites that work does.
            engagement = named_in_claim(
                later.doc_id, text_of(later.doc_id), later.start, later.end, earlier.author
            )
        evidence = _evidence(draft, engagement, earlier, later, text_of)
        ids = {"a": earlier.id, "b": later.id}
        if draft is not None and _mere_mention(draft, engagement):
            evidence = None  # a citation that neither agrees nor disputes links documents only
        if draft is not None and _reply_only(draft, engagement):
            if not reply_backs(draft.type, earlier.text, later.text, earlier.author):
                evidence = None  # the documents reply; which claim answers which is unknown
        if draft is not None and draft.type != "related" and evidence is not None:
            rel = _relation(draft, ids, ws.analyst.name, evidence, engagement)
            kept.setdefault(later.id, []).append((draft.confidence, similarity, rel))
        elif similarity >= RELATED_FLOOR and not _same_author(earlier, later):
            related.setdefault(later.id, []).append(
                (similarity, _candidate(earlier, later, similarity, draft, ws.analyst.name))
            )
    # Stanced citations first: the author said which work they answer.
    relations = [Relation(**r) for r in state.get("cited", [])]
    linked = {(r.source, r.target) for r in relations}
    for options in kept.values():
        options.sort(key=lambda item: (-item[0], -item[1], item[2].source, item[2].target))
        fresh = [rel for _, _, rel in options if (rel.source, rel.target) not in linked]
        relations.extend(_one_by_reply(fresh)[:LINKS_PER_CLAIM])
    linked = {(r.source, r.target) for r in relations}
    for similar in related.values():
        similar.sort(key=lambda item: (-item[0], item[1].target))
        fresh = [rel for _, rel in similar if (rel.source, rel.target) not in linked]
        relations.extend(fresh[:CANDIDATES_PER_CLAIM])
    return {"typed": [r.model_dump() for r in relations], "notes": notes}


def _in_order(other: Claim, mine: Claim, replies, dialogue) -> tuple[Claim, Claim]:
    """(earlier, later): by date; undated or same-day pairs by who replies to whom, else by id
    (so both documents agree on which one looks back)."""
    earlier, later = _by_date(other, mine)
    if earlier.published and later.published and earlier.published != later.published:
        return earlier, later
    earlier, later = sorted((other, mine), key=lambda c: c.id)
    answers_back = dialogue.reply(earlier.doc_id, later.doc_id) or replies.stance(
        earlier.doc_id, later.author
    )
    answers = dialogue.reply(later.doc_id, earlier.doc_id) or replies.stance(
        later.doc_id, earlier.author
    )
    if answers_back and not answers:
        earlier, later = later, earlier
    return earlier, later


def _names_cited_work(later: Claim, earlier_doc: str, citations_of) -> bool:
    """Whether a name in `later` may stand for a citation of `earlier_doc`: its text cites
    that document, and the claim's own sentence cites nothing else.

    On real text "However, ... [Christiano, 2019a,b]" in a paper that cites another work by
    Christiano elsewhere was read as an attack on that other work.
    """
    records = citations_of(later.doc_id)
    if not any(r.target_doc == earlier_doc for r in records):
        return False
    here = [r for r in records if r.sentence_start < later.end and r.sentence_end > later.start]
    return all(r.target_doc == earlier_doc for r in here if r.kind != "quotation")


def _mere_mention(draft: RelationDraft, engagement: Engagement | None) -> bool:
    """A sentence that cites or names an author without a stance ("... as shown by Amodei et
    al. [2016]") says nothing about which of their claims it answers: on real papers such
    links picked arbitrary claims of the cited work."""
    return (
        draft.evidence is None
        and engagement is not None
        and engagement.scope == "sentence"
        and draft.type not in ("supports", "attacks", "same_as")
    )


def _reply_only(draft: RelationDraft, engagement: Engagement | None) -> bool:
    """Backed by nothing but the documents' reply: no span the analyst quoted, no citation
    or name in the claim's own sentence (see `assistant.analysis.anchoring`)."""
    return draft.evidence is None and engagement is not None and engagement.scope == "document"


def _one_by_reply(relations: list[Relation]) -> list[Relation]:
    """A claim that answers a reply's parent, by its stance or by naming the parent's
    author, answers one claim of the parent, not every similar one: one reply or name backs
    one relation, the best-ranked (on the demo corpus the second-best pair for a named claim
    was another of the parent's claims on the same topic, mostly not the one answered)."""
    out: list[Relation] = []
    used: set[tuple[str, str, int, int]] = set()
    for rel in relations:
        ev = rel.evidence
        if ev is not None and ev.kind in ("reply", "citation"):
            key = (ev.kind, ev.doc_id, ev.start, ev.end)
            if key in used:
                continue
            used.add(key)
        out.append(rel)
    return out


def _same_author(a: Claim, b: Claim) -> bool:
    return bool(a.author) and a.author.casefold() == b.author.casefold()


def _evidence(
    draft: RelationDraft | None,
    engagement: Engagement | None,
    earlier: Claim,
    later: Claim,
    text_of,
) -> Evidence | None:
    """The evidence that makes `draft` a fact, in document offsets, or None.

    An LLM's draft carries its own quoted span (offsets into claim "a" or "b"); the offline
    analyst's carries none, and only a reply or citation in the text can back it.
    """
    if draft is None:
        return None
    if draft.evidence is not None:
        claim = earlier if draft.evidence.doc_id == "a" else later
        return Evidence(
            kind=draft.evidence.kind,
            doc_id=claim.doc_id,
            start=claim.start + draft.evidence.start,
            end=claim.start + draft.evidence.end,
        )
    if engagement is None:
        return None
    return Evidence(
        kind=engagement.kind, doc_id=engagement.doc_id, start=engagement.start, end=engagement.end
    )


def _candidate(
    earlier: Claim, later: Claim, similarity: float, draft: RelationDraft | None, analyst: str
) -> Relation:
    proposed = f"; the analyst read it as {draft.type} ({draft.rationale})" if draft else ""
    return Relation(
        source=later.id,
        target=earlier.id,
        type="related",
        rationale=(
            f"possibly related, unverified: similar claims (similarity {similarity:.2f}) "
            f"with no citation or reply between their texts{proposed}"
        ),
        confidence=round(similarity, 2),
        analyst=analyst,
        evidence=Evidence(kind="similarity", doc_id=later.doc_id, start=later.start, end=later.end),
    )


def _by_date(other: Claim, mine: Claim) -> tuple[Claim, Claim]:
    """`a` is the earlier claim, `b` the later one that may respond to it."""
    if other.published and mine.published and other.published > mine.published:
        return mine, other
    return other, mine


def _view(claim: Claim, reply: str = "") -> ClaimView:
    return ClaimView(
        text=claim.text,
        quote=claim.quote,
        author=claim.author,
        title=claim.title,
        reply=reply or "",
    )


def _relation(
    draft: RelationDraft,
    ids: dict[str, str],
    analyst: str,
    evidence: Evidence,
    engagement: Engagement | None,
) -> Relation:
    rationale = draft.rationale
    if engagement is not None and draft.evidence is None:
        rationale = f"{rationale}; evidence: {engagement.kind}, {engagement.cue}"
    return Relation(
        source=ids.get(draft.source, draft.source),
        target=ids.get(draft.target, draft.target),
        type=draft.type,
        rationale=rationale,
        confidence=draft.confidence,
        analyst=analyst,
        evidence=evidence,
    )


def store_links(state: LinkState, runtime: Runtime[AnalysisContext]) -> dict:
    ws = _workspace(runtime)
    doc = ws.library.document(state["doc_id"])
    if doc is None:
        return {"linked": []}
    relations = [Relation(**r) for r in state.get("typed", [])]
    records = [CitationRecord(**r) for r in state.get("citations", [])]
    with ws.write_lock:
        CitationStore(ws.library).save_citations(doc.id, records)
        ws.store.save_links(doc.id, doc.content_hash, ws.analyst.name, relations)
    return {"linked": [doc.id]}


# -- the whole map ----------------------------------------------------------------------------


def recompute(state: AnalysisState, runtime: Runtime[AnalysisContext]) -> dict:
    """Flags and cruxes depend on the whole map, so they are recomputed after every run."""
    from assistant.cruxes import find_cruxes
    from assistant.flags import compute_flags

    ws = _workspace(runtime)
    claims = ws.store.claims()
    relations = ws.store.relations()
    with ws.write_lock:
        ws.store.end_linking()
        ws.store.save_derived(
            compute_flags(claims, relations), find_cruxes(claims, relations, top=50)
        )
    # The run's notes are already in the state: each node reported its own.
    return {**ws.store.counts(), "analysed": len(set(state.get("linked", []))), "notes": []}
