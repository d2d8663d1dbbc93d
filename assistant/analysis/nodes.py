"""The analysis graph's nodes. Each does one step and writes through the map store.

Similarity only proposes candidates (nearest claims in Chroma, from other documents); a
relation is stored only when the analyst gives it a type and a rationale.
"""

from __future__ import annotations

import re

import numpy as np
from langgraph.runtime import Runtime

from assistant.analysis.resources import Resources, resources
from assistant.analysis.state import AnalysisContext, AnalysisState, DocumentState, LinkState
from assistant.analysts import ClaimView
from assistant.grounding import ground
from assistant.models import Claim, ClaimDraft, Relation, RelationDraft
from assistant.offline import cues
from assistant.offline.segment import split_sentences


def _res(runtime: Runtime[AnalysisContext]):
    context = runtime.context or AnalysisContext()
    return resources(context.home, context.llm)


# -- planning --------------------------------------------------------------------------------


def plan(state: AnalysisState, runtime: Runtime[AnalysisContext]) -> dict:
    """Only documents that are new, changed, or were interrupted half-way are analysed."""
    res = _res(runtime)
    res.store.forget_missing_documents()
    wanted = state.get("doc_ids")
    stale = res.store.stale_documents()
    if wanted:
        stale = [d for d in stale if d in set(wanted)]
    return {"doc_ids": stale}


# -- per document: claims ----------------------------------------------------------------------


def segment(state: DocumentState, runtime: Runtime[AnalysisContext]) -> dict:
    doc = _res(runtime).library.document(state["doc_id"])
    return {"sentences": len(split_sentences(doc.text)) if doc else 0}


_REFERENCES = re.compile(
    r"^\s*(?:\d+\.?\s*)?(references|bibliography|works cited|literature cited)\s*:?\s*$",
    re.IGNORECASE | re.MULTILINE,
)


def argued_text(text: str) -> str:
    """The text up to a closing reference list: citations are not the author's claims.

    Only a heading in the last half counts, so a table of contents entry does not cut the body.
    Cutting at the end keeps every offset valid.
    """
    for match in _REFERENCES.finditer(text):
        if match.start() > len(text) // 2:
            return text[: match.start()]
    return text


def extract(state: DocumentState, runtime: Runtime[AnalysisContext]) -> dict:
    res = _res(runtime)
    doc = res.library.document(state["doc_id"])
    return {"drafts": res.analyst.extract_claims(argued_text(doc.text)) if doc else []}


def grounding_check(state: DocumentState, runtime: Runtime[AnalysisContext]) -> dict:
    doc = _res(runtime).library.document(state["doc_id"])
    kept, dropped = ground(doc.text, state.get("drafts", [])) if doc else ([], [])
    notes = [f"{state['doc_id']}: dropped claim, {why}" for why in dropped]
    return {"drafts": kept, "notes": notes}


def assumption_check(state: DocumentState) -> dict:
    """Mark assumption words and unhedged universals on every claim, whoever extracted it."""
    marked = []
    for draft in state.get("drafts", []):
        found = cues.assumption_markers(draft.quote) + cues.universals(draft.quote)
        markers = sorted(set(draft.markers) | set(found))
        hedged = draft.hedged or bool(cues.hedges(draft.quote))
        marked.append(draft.model_copy(update={"markers": markers, "hedged": hedged}))
    return {"drafts": marked}


def relate_within(state: DocumentState, runtime: Runtime[AnalysisContext]) -> dict:
    res = _res(runtime)
    doc = res.library.document(state["doc_id"])
    drafts = state.get("drafts", [])
    return {"internal": res.analyst.relate_within(doc.text, drafts) if doc and drafts else []}


def store_claims(state: DocumentState, runtime: Runtime[AnalysisContext]) -> dict:
    res = _res(runtime)
    doc = res.library.document(state["doc_id"])
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
                        analyst=res.analyst.name,
                    ),
                )
            )
    vectors = res.library.embedder.encode([d.text or d.quote for d in drafts])
    with res.write_lock:
        ids = res.store.save_claims(doc.id, doc.content_hash, res.analyst.name, drafts, internal)
        res.store.vectors.delete_where({"doc_id": doc.id})
        if ids:
            res.store.vectors.upsert(ids, vectors, [_claim_meta(doc.id, doc.authors) for _ in ids])
    ratio = f"{len(drafts)} claims from {state.get('sentences', 0)} sentences"
    return {"extracted": [doc.id], "notes": [f"{doc.id}: {ratio}"]}


def _claim_meta(doc_id: str, authors: list[str]) -> dict:
    return {"doc_id": doc_id, "author": ", ".join(authors) or f"unknown:{doc_id}"}


# -- per document: links across the literature -------------------------------------------------


def find_candidates(state: LinkState, runtime: Runtime[AnalysisContext]) -> dict:
    """Nearest claims from other documents, for each claim of this one.

    A pair is typed once, by the document of its later claim (see `type_relations`).
    Besides the nearest neighbours in the whole map, each claim also gets its nearest
    neighbours among the documents this one is in dialogue with (it names their author, or
    they name its author): a reply often attacks a claim in different words, so plain
    similarity would miss it. Both queries are bounded per claim, so linking stays linear.
    """
    res = _res(runtime)
    context = runtime.context or AnalysisContext()
    doc_id = state["doc_id"]
    batch = set(state.get("batch", []))
    claims = res.store.claims(doc_id)
    if not claims:
        return {"candidates": []}
    stored = res.store.vectors.get_vectors([c.id for c in claims])
    missing = [c for c in claims if c.id not in stored]
    if missing:
        fresh = res.library.embedder.encode([c.text for c in missing])
        stored.update({c.id: v for c, v in zip(missing, fresh)})
    from assistant.offline.relations import ENGAGED_DOCUMENTS, reply_index

    replies = reply_index(
        str(res.library.settings.home),
        res.library.generation(),
        lambda: [(d.id, d.authors, f"{d.title}\n\n{d.text}") for d in res.library.documents()],
    )
    engaged = replies.engaged(doc_id)[:ENGAGED_DOCUMENTS]
    mine = np.stack([stored[c.id] for c in claims])
    nearest = _nearest_elsewhere(res, mine, doc_id, context.neighbours, len(claims))
    in_dialogue = [_nearest_in(res, other_doc, mine) for other_doc in engaged]
    candidates = []
    seen: set[tuple[str, str]] = set()
    for row, claim in enumerate(claims):
        found = list(nearest[row])
        for hits in in_dialogue:
            found += hits[row]
        for other_id, similarity, meta in found:
            pair = (claim.id, other_id)
            if pair in seen:
                continue
            seen.add(pair)
            candidates.append(
                {
                    "claim": claim.id,
                    "other": other_id,
                    "similarity": float(similarity),
                    "in_batch": meta.get("doc_id", "") in batch,
                }
            )
    return {"candidates": candidates}


def _nearest_elsewhere(
    res: Resources, mine: np.ndarray, doc_id: str, want: int, own: int
) -> list[list[tuple[str, float, dict]]]:
    """Each vector's `want` nearest claims outside `doc_id`, without a filtered query.

    Unfiltered queries over-fetch a little and drop the document's own claims in Python;
    the rare claim whose neighbourhood is mostly its own document is asked again with a
    doubled k, up to `want + own`, where `want` outsiders are certain to be among the hits.
    Fetching `want + own` for every claim would make a long paper's linking slow.
    """
    out: list[list[tuple[str, float, dict]]] = [[] for _ in range(len(mine))]
    ceiling = want + own
    k = min(ceiling, max(4 * want, want + 8))
    rows = list(range(len(mine)))
    while rows:
        hits = res.store.vectors.query_many(mine[rows], k)
        retry = []
        for row, row_hits in zip(rows, hits):
            kept = [hit for hit in row_hits if hit[2].get("doc_id") != doc_id]
            if len(kept) >= want or len(row_hits) < k or k >= ceiling:
                out[row] = kept[:want]
            else:
                retry.append(row)
        rows = retry
        k = min(ceiling, 2 * k)
    return out


def _nearest_in(
    res: Resources, other_doc: str, mine: np.ndarray
) -> list[list[tuple[str, float, dict]]]:
    """Each of `mine`'s nearest claims in one other document, computed exactly in numpy.

    The other document's claims are few and known by id, which is far cheaper than a
    filtered vector query (see `VectorIndex.query_many`).
    """
    from assistant.offline.relations import REPLY_NEIGHBOURS

    ids = [c.id for c in res.store.claims(other_doc)]
    stored = res.store.vectors.get_vectors(ids)
    ids = [i for i in ids if i in stored]
    if not ids:
        return [[] for _ in range(len(mine))]
    # The embedder returns unit vectors, so a dot product is the cosine.
    sims = mine @ np.stack([stored[i] for i in ids]).T
    meta = {"doc_id": other_doc}
    top = np.argsort(-sims, axis=1, kind="stable")[:, :REPLY_NEIGHBOURS]
    return [[(ids[j], float(sims[r, j]), meta) for j in top[r]] for r in range(len(mine))]


def type_relations(state: LinkState, runtime: Runtime[AnalysisContext]) -> dict:
    """Type each candidate pair; keep each claim's best few links so the map stays a map.

    A later claim looks back for what it answers: a pair is typed here when this
    document's claim is the later one, or when the other document is not in this run
    (already linked, so it will not look again). Each later claim keeps its best
    `LINKS_PER_CLAIM` links, so one pointed sentence does not attach to everything nearby.

    The offline analyst is also told how the later claim's document treats the earlier
    claim's author (it names them to oppose, agree, or just address them).
    """
    res = _res(runtime)
    from assistant.offline.relations import LINKS_PER_CLAIM, reply_index

    cache: dict[str, Claim | None] = {}
    replies = reply_index(
        str(res.library.settings.home),
        res.library.generation(),
        lambda: [(d.id, d.authors, f"{d.title}\n\n{d.text}") for d in res.library.documents()],
    )

    def get(cid: str) -> Claim | None:
        if cid not in cache:
            cache[cid] = res.store.claim(cid)
        return cache[cid]

    kept: dict[str, list[tuple[float, float, Relation]]] = {}
    for cand in state.get("candidates", []):
        mine, other = get(cand["claim"]), get(cand["other"])
        if mine is None or other is None:
            continue
        earlier, later = _by_date(other, mine)
        if not (earlier.published and later.published) or earlier.published == later.published:
            # Undated or same day: the one that names the other's author replies; otherwise
            # the order is by id, so both documents agree on who looks back.
            earlier, later = sorted((other, mine), key=lambda c: c.id)
            if not replies.stance(later.doc_id, earlier.author) and replies.stance(
                earlier.doc_id, later.author
            ):
                earlier, later = later, earlier
        if later.id != mine.id and cand.get("in_batch", False):
            continue  # the other document types this pair when it looks back
        stance = replies.stance(later.doc_id, earlier.author)
        draft = res.analyst.type_relation(
            _view(earlier), _view(later, reply=stance), cand["similarity"]
        )
        if draft is None:
            continue
        ids = {"a": earlier.id, "b": later.id}
        kept.setdefault(later.id, []).append(
            (draft.confidence, cand["similarity"], _relation(draft, ids, res.analyst.name))
        )
    relations = []
    for options in kept.values():
        options.sort(key=lambda item: (-item[0], -item[1], item[2].source, item[2].target))
        relations.extend(rel for _, _, rel in options[:LINKS_PER_CLAIM])
    return {"typed": [r.model_dump() for r in relations]}


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


def _relation(draft: RelationDraft, ids: dict[str, str], analyst: str) -> Relation:
    return Relation(
        source=ids.get(draft.source, draft.source),
        target=ids.get(draft.target, draft.target),
        type=draft.type,
        rationale=draft.rationale,
        confidence=draft.confidence,
        analyst=analyst,
    )


def store_links(state: LinkState, runtime: Runtime[AnalysisContext]) -> dict:
    res = _res(runtime)
    doc = res.library.document(state["doc_id"])
    if doc is None:
        return {"linked": []}
    relations = [Relation(**r) for r in state.get("typed", [])]
    with res.write_lock:
        res.store.save_links(doc.id, doc.content_hash, res.analyst.name, relations)
    return {"linked": [doc.id]}


# -- the whole map ----------------------------------------------------------------------------


def recompute(state: AnalysisState, runtime: Runtime[AnalysisContext]) -> dict:
    """Flags and cruxes depend on the whole map, so they are recomputed after every run."""
    from assistant.cruxes import find_cruxes
    from assistant.flags import compute_flags

    res = _res(runtime)
    claims = res.store.claims()
    relations = res.store.relations()
    with res.write_lock:
        res.store.save_derived(
            compute_flags(claims, relations), find_cruxes(claims, relations, top=50)
        )
    counts = res.store.counts()
    notes = list(getattr(res.analyst, "notes", []))
    if notes:
        res.analyst.notes.clear()
    return {**counts, "notes": notes}
