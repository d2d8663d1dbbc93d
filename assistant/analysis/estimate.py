"""What an LLM run over the pending documents will cost, worked out before it starts.

Claim extraction is priced exactly: the windows each pending document is cut into are known,
so every request is known, and the ones the call cache already answers cost nothing. What
follows depends on what the model extracts, so it is estimated: the offline analyst's claims
stand in for the model's (their count, length and vectors), and the candidate pairs they
would meet are counted the way the run finds them, `batch` pairs per request. Tokens are
counted at about four characters a token (providers' tokenizers differ; this is the common
rule of thumb for English).
"""

from __future__ import annotations

import math

import numpy as np
from pydantic import BaseModel

from assistant import prompts
from assistant.analysis.nodes import argued_text
from assistant.analysis.tuning import ENGAGED_DOCUMENTS, NEIGHBOURS, REPLY_NEIGHBOURS
from assistant.analysts import LLMAnalyst, LLMClaims, LLMRelations, OfflineAdapter, windows
from assistant.llm.cache import CallCache
from assistant.llm.structured import schema_prompt
from assistant.models import ClaimDraft
from assistant.workspace import Workspace

CHARS_PER_TOKEN = 4
#: The JSON around one extracted claim (keys, kind, hedged), and one typed pair with a
#: one-sentence rationale, in characters.
CLAIM_JSON = 90
PAIR_JSON = 160
#: The tags and author names around one claim of a pair, in characters.
PAIR_FRAME = 60


class Estimate(BaseModel):
    """`calls`: new requests the run would send (`cached`: extraction requests the cache
    already answers); tokens as sent and received; `claims` and `pairs`: the offline
    analyst's stand-in for what the model will extract and type."""

    documents: int
    extraction_calls: int
    relation_calls: int
    cached: int
    calls: int
    input_tokens: int
    output_tokens: int
    claims: int
    pairs: int

    def line(self) -> str:
        if self.documents == 0:
            return "nothing pending: the map is up to date, so a run makes 0 LLM calls"
        return (
            f"estimate for {self.documents} pending documents: {self.calls} LLM calls "
            f"({self.extraction_calls} claim extraction, {self.relation_calls} relation typing; "
            f"{self.cached} more already answered in the cache), about {self.input_tokens} "
            f"input and {self.output_tokens} output tokens (relation typing assumes "
            f"~{self.claims} claims and ~{self.pairs} pairs, as the offline analyst reads them)"
        )


def _tokens(chars: int) -> int:
    return math.ceil(chars / CHARS_PER_TOKEN)


def estimate(workspace: Workspace) -> Estimate:
    """The cost of `cruxmap analyze` with the workspace's LLM analyst, calling no model."""
    analyst = workspace.analyst
    if not isinstance(analyst, LLMAnalyst):
        raise ValueError("--estimate prices an LLM run: give --llm provider:model")
    pending = workspace.store.stale_documents()
    extract_system = len(schema_prompt(prompts.EXTRACT_SYSTEM, LLMClaims))
    relation_system = len(schema_prompt(prompts.RELATIONS_SYSTEM, LLMRelations))
    offline = OfflineAdapter()
    cache = CallCache.in_home(workspace.settings.ensure_home())
    calls = cached = in_chars = out_chars = 0
    drafts_of: dict[str, list[ClaimDraft]] = {}
    quote_chars: list[int] = []
    try:
        for doc_id in pending:
            doc = workspace.library.document(doc_id)
            if doc is None:
                continue
            text = argued_text(doc.text)
            found = offline.extract_claims(text).drafts
            drafts_of[doc_id] = found
            quote_chars += [len(d.quote) for d in found]
            for start, end in windows(text):
                user = prompts.render(prompts.EXTRACT_USER, window=text[start:end])
                if cache.has(analyst.caller.key(prompts.EXTRACT_SYSTEM, user, LLMClaims)):
                    cached += 1
                    continue
                calls += 1
                in_chars += extract_system + len(user)
                inside = [d for d in found if start <= d.start and d.end <= end]
                out_chars += sum(2 * len(d.quote) + CLAIM_JSON for d in inside) + 20
    finally:
        cache.close()
    pairs_of = _pairs(workspace, drafts_of)
    mean_quote = sum(quote_chars) / len(quote_chars) if quote_chars else 0.0
    batch = max(1, analyst.settings.batch)
    relation_calls = 0
    for pairs in pairs_of.values():
        requests = math.ceil(pairs / batch)
        relation_calls += requests
        in_chars += requests * relation_system + round(pairs * (2 * mean_quote + 2 * PAIR_FRAME))
        out_chars += round(pairs * PAIR_JSON)
    return Estimate(
        documents=len(pending),
        extraction_calls=calls,
        relation_calls=relation_calls,
        cached=cached,
        calls=calls + relation_calls,
        input_tokens=_tokens(in_chars),
        output_tokens=_tokens(out_chars),
        claims=sum(len(found) for found in drafts_of.values()),
        pairs=round(sum(pairs_of.values())),
    )


def _pairs(workspace: Workspace, drafts_of: dict[str, list[ClaimDraft]]) -> dict[str, float]:
    """Pairs each pending document would type, counted the way the run finds them.

    The offline analyst's claims stand in for the model's: embedded, each meets its
    `NEIGHBOURS` nearest claims of other documents (the map's and the other pending ones)
    and the `REPLY_NEIGHBOURS` nearest of each document in dialogue with its own (see
    `nodes.find_candidates`). A pair is typed once, by the later claim's document; a pair
    inside this run whose order the dates do not settle counts half to each side.
    """
    pending = [d for d, drafts in drafts_of.items() if drafts]
    if not pending:
        return {}
    kept = [c for c in workspace.store.claims() if c.doc_id not in drafts_of]
    stored = workspace.store.vectors.get_vectors([c.id for c in kept]) if kept else {}
    kept = [c for c in kept if c.id in stored]
    new_texts = [d.text or d.quote for doc_id in pending for d in drafts_of[doc_id]]
    fresh = np.asarray(workspace.library.embedder.encode(new_texts), dtype=np.float32)
    vectors = np.vstack([np.stack([stored[c.id] for c in kept]), fresh]) if kept else fresh
    owner = [c.doc_id for c in kept] + [d for d in pending for _ in drafts_of[d]]
    docs = np.asarray(owner)
    dated = {d: _published(workspace, d) for d in set(owner)}
    partners = workspace.indexes()
    out: dict[str, float] = {}
    row = len(kept)
    for doc_id in pending:
        engaged = list(
            dict.fromkeys(partners.dialogue.partners(doc_id) + partners.replies.engaged(doc_id))
        )[:ENGAGED_DOCUMENTS]
        count = 0.0
        for _ in drafts_of[doc_id]:
            sims = vectors @ vectors[row]
            row += 1
            elsewhere = np.flatnonzero(docs != doc_id)
            met = set(elsewhere[np.argsort(-sims[elsewhere], kind="stable")[:NEIGHBOURS]])
            for other in engaged:
                inside = np.flatnonzero(docs == other)
                met |= set(inside[np.argsort(-sims[inside], kind="stable")[:REPLY_NEIGHBOURS]])
            for j in met:
                count += _typed_here(doc_id, str(docs[j]), dated, drafts_of)
        out[doc_id] = count
    return out


def _typed_here(mine: str, other: str, dated: dict, drafts_of: dict) -> float:
    """1 when this document types the pair, 0 when the other does, 1/2 when undecided."""
    if other not in drafts_of:
        return 1.0  # the other document is linked already and will not look again
    a, b = dated.get(mine), dated.get(other)
    if a is not None and b is not None and a != b:
        return 1.0 if a > b else 0.0
    return 0.5


def _published(workspace: Workspace, doc_id: str):
    doc = workspace.library.document(doc_id)
    return doc.published if doc else None
