"""What an LLM run over the pending documents will cost, worked out before it starts.

Claim extraction is priced exactly: the windows each pending document is cut into are known,
so every request is known, and the ones the call cache already answers cost nothing. What
follows depends on what the model extracts, so it is estimated: the offline analyst's claims
stand in for the model's (their count and length), and each claim is typed against its
nearest claims from other documents, a pair once, `batch` pairs per request. Tokens are
counted at about four characters a token (providers' tokenizers differ; this is the common
rule of thumb for English).
"""

from __future__ import annotations

import math

from pydantic import BaseModel

from assistant import prompts
from assistant.analysis.nodes import argued_text
from assistant.analysis.tuning import ENGAGED_DOCUMENTS, NEIGHBOURS, REPLY_NEIGHBOURS
from assistant.analysts import LLMAnalyst, LLMClaims, LLMRelations, OfflineAdapter, windows
from assistant.llm.cache import CallCache
from assistant.llm.structured import schema_prompt
from assistant.workspace import Workspace

CHARS_PER_TOKEN = 4
#: The JSON around one extracted claim (keys, kind, hedged) and one typed pair, in characters.
CLAIM_JSON = 90
PAIR_JSON = 260
#: The tags and author names around one claim of a pair, in characters.
PAIR_FRAME = 120


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
    claims_of: dict[str, int] = {}
    quote_chars: list[int] = []
    try:
        for doc_id in pending:
            doc = workspace.library.document(doc_id)
            if doc is None:
                continue
            text = argued_text(doc.text)
            found = offline.extract_claims(text).drafts
            claims_of[doc_id] = len(found)
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
    pairs_of = _pairs(workspace, claims_of)
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
        claims=sum(claims_of.values()),
        pairs=round(sum(pairs_of.values())),
    )


def _pairs(workspace: Workspace, claims_of: dict[str, int]) -> dict[str, float]:
    """Expected pairs each pending document types (see `nodes.type_relations`).

    Each claim meets its `NEIGHBOURS` nearest claims of other documents, and the nearest
    `REPLY_NEIGHBOURS` of each document in dialogue with its own. A pair with an earlier
    claim outside this run is typed by the later document; a pair inside the run once, by
    its later claim's document, so about half of those fall to each side.
    """
    pending = set(claims_of)
    kept = sum(1 for c in workspace.store.claims() if c.doc_id not in pending)
    new = sum(claims_of.values())
    indexes = workspace.indexes() if claims_of else None
    out: dict[str, float] = {}
    for doc_id, mine in claims_of.items():
        others = kept + new - mine
        if mine == 0 or others == 0:
            out[doc_id] = 0.0
            continue
        partners: list[str] = []
        if indexes is not None:
            partners = indexes.dialogue.partners(doc_id) + indexes.replies.engaged(doc_id)
        engaged = len(dict.fromkeys(partners)) if partners else 0
        # Dialogue partners' nearest claims are often among the nearest anyway: half count.
        met = min(others, NEIGHBOURS + REPLY_NEIGHBOURS * min(engaged, ENGAGED_DOCUMENTS) / 2)
        share = (kept + 0.5 * (new - mine)) / others
        out[doc_id] = mine * met * share
    return out
