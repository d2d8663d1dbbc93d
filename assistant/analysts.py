"""The Analyst interface every judgement node calls, and its two implementations.

The offline analyst (assistant/offline) is the default: deterministic, no network. The LLM
analyst asks a chat model for the same pydantic shapes (assistant/llm/structured.py: native
structured output, validation, retries, the call cache), reads a document in overlapping
windows of whole sentences, types candidate pairs many to a request, and falls back to the
offline analyst for any piece the model refuses or keeps getting wrong, so one bad reply
never stops a run. Whatever either returns still goes through the grounding check, and an
LLM relation is kept only with evidence quoted verbatim from its own pair's claims.

What an analyst has to say about its own work (a fallback, a dropped relation) comes back
with the result (`Extracted.notes`, `Typed.notes`), so the graph carries it in its state and
a resumed run still reports it; an analyst keeps no record of past calls.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

from pydantic import BaseModel, Field

from assistant import prompts
from assistant.models import ClaimDraft, Evidence, RelationDraft
from assistant.offline import cues
from assistant.offline.analyst import OfflineAnalyst
from assistant.offline.claim_filter import Encoder
from assistant.offline.segment import split_sentences

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.llm.settings import LLMSettings
    from assistant.llm.structured import LLMCaller

#: A window of text sent to the model for claim extraction ends at a sentence boundary no
#: later than this many characters from its start; the next one starts up to
#: `WINDOW_OVERLAP` characters earlier, on a sentence boundary, so no sentence is cut and a
#: claim that leans on the previous sentence ("But this fails") still has it in view.
WINDOW_CHARS = 6000
WINDOW_OVERLAP = 600
#: A reply cut off at the token limit: the window is halved, at most this many times.
MAX_SPLITS = 3

_A = TypeVar("_A")
_B = TypeVar("_B")


def windows(
    text: str, size: int = WINDOW_CHARS, overlap: int = WINDOW_OVERLAP
) -> list[tuple[int, int]]:
    """(start, end) spans of `text` made of whole sentences, each at most `size` characters
    (a single longer sentence is cut at spaces), overlapping by up to `overlap` characters."""
    sentences = _bounded(text, split_sentences(text), size)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(sentences):
        start, j = sentences[i][0], i
        while j + 1 < len(sentences) and sentences[j + 1][1] - start <= size:
            j += 1
        end = sentences[j][1]
        spans.append((start, end))
        if j + 1 >= len(sentences):
            break
        k = j + 1
        while k - 1 > i and end - sentences[k - 1][0] <= overlap:
            k -= 1
        i = k
    return spans


def _bounded(text: str, sentences: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    """Sentences, with any longer than `size` (a PDF table, say) cut at its last spaces."""
    out: list[tuple[int, int]] = []
    for start, end in sentences:
        while end - start > size:
            cut = text.rfind(" ", start + size // 2, start + size)
            cut = cut if cut > start else start + size
            out.append((start, cut))
            start = cut + 1 if text[cut : cut + 1] == " " else cut
        out.append((start, end))
    return out


def _halves(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A window cut in two at the sentence boundary nearest its middle ([] if it is one
    sentence)."""
    inner = [(s + start, e + start) for s, e in split_sentences(text[start:end])]
    if len(inner) < 2:
        return []
    middle = (start + end) // 2
    cut = min(range(1, len(inner)), key=lambda i: abs(inner[i][0] - middle))
    return [(inner[0][0], inner[cut - 1][1]), (inner[cut][0], inner[-1][1])]


class ClaimView(BaseModel):
    """What an analyst sees of a claim when typing a relation across documents.

    `quote` is the verbatim span: its opening "But" or "I doubt that" is evidence that the
    normalised `text` drops. `reply` is how this claim's document treats the other claim's
    author when it names them (opposes, agrees, addresses), or "" when it does not.
    """

    text: str
    quote: str = ""
    author: str = ""
    title: str = ""
    reply: str = ""


class Extracted(BaseModel):
    """One text's claims, and notes on how they were found (e.g. an offline fallback)."""

    drafts: list[ClaimDraft]
    notes: list[str] = Field(default_factory=list)


class Typed(BaseModel):
    """How claim B bears on claim A (None: it does not), and notes on the judgement."""

    relation: RelationDraft | None
    notes: list[str] = Field(default_factory=list)


#: One candidate pair to type: the earlier claim A, the later claim B, their similarity.
Pair = tuple[ClaimView, ClaimView, float]


class Analyst(Protocol):
    """What the analysis graph asks of an analyst; every other step is the graph's own."""

    name: str

    def extract_claims(self, text: str) -> Extracted: ...

    def mark_assumptions(self, drafts: list[ClaimDraft]) -> list[ClaimDraft]: ...

    def relate_within(self, text: str, claims: list[ClaimDraft]) -> list[RelationDraft]: ...

    def type_relation(self, a: ClaimView, b: ClaimView, similarity: float) -> Typed: ...

    def type_relations(self, pairs: Sequence[Pair]) -> list[Typed]:
        """Each pair's `Typed`, in order (an analyst may judge many pairs at once)."""
        ...


class OfflineAdapter:
    """The offline analyst behind the common interface."""

    name = "offline"

    def __init__(self, encoder: Encoder | None = None) -> None:
        self.inner = OfflineAnalyst(encoder)

    def extract_claims(self, text: str) -> Extracted:
        drafts, screened = self.inner.extract_screened(text)
        notes = [f"{len(screened)} rule-accepted sentences read as non-claims by the claim filter"]
        return Extracted(drafts=drafts, notes=notes if screened else [])

    def mark_assumptions(self, drafts: list[ClaimDraft]) -> list[ClaimDraft]:
        """Assumption words, unhedged universals and hedges, found in each claim's quote."""
        marked = []
        for draft in drafts:
            found = cues.assumption_markers(draft.quote) + cues.universals(draft.quote)
            markers = sorted(set(draft.markers) | set(found))
            hedged = draft.hedged or bool(cues.hedges(draft.quote))
            marked.append(draft.model_copy(update={"markers": markers, "hedged": hedged}))
        return marked

    def relate_within(self, text: str, claims: list[ClaimDraft]) -> list[RelationDraft]:
        return self.inner.relate_within(text, claims)

    def type_relation(self, a: ClaimView, b: ClaimView, similarity: float) -> Typed:
        relation = self.inner.type_relation(
            " ".join((a.quote or a.text).split()),
            " ".join((b.quote or b.text).split()),
            similarity,
            a.author,
            b.author,
            a.title,
            b.title,
            reply=b.reply,
        )
        return Typed(relation=relation)

    def type_relations(self, pairs: Sequence[Pair]) -> list[Typed]:
        return [self.type_relation(a, b, similarity) for a, b, similarity in pairs]


# -- LLM-facing schemas: plain fields, no defaults or bounds (strict json_schema rejects them) --


class LLMClaim(BaseModel):
    quote: str
    text: str
    kind: Literal["empirical", "normative", "prediction", "conceptual", "methodological"]
    hedged: bool


class LLMClaims(BaseModel):
    claims: list[LLMClaim]


class LLMRelation(BaseModel):
    type: Literal["supports", "attacks", "depends_on", "responds_to", "same_as", "none"]
    rationale: str
    evidence: str


class LLMPairRelation(LLMRelation):
    pair: int


class LLMRelations(BaseModel):
    relations: list[LLMPairRelation]


class LLMAnalyst:
    """A chat model behind the common interface, with the offline analyst as its fallback.

    Every request goes through one `LLMCaller` (cache, usage meter, retries, requests in
    flight); a run swaps in its cache and meter (`assistant.analysis.run`). Windows of a
    document and batches of pairs are asked concurrently, bounded by the caller.
    """

    def __init__(
        self, model: BaseChatModel, spec: str, settings: LLMSettings | None = None
    ) -> None:
        from assistant.llm.models import identity
        from assistant.llm.settings import LLMSettings
        from assistant.llm.structured import LLMCaller

        self.settings = settings or LLMSettings()
        self.caller: LLMCaller = LLMCaller(model, identity(spec, self.settings), self.settings)
        self.name = f"llm:{spec}"
        self.fallback = OfflineAdapter()

    @property
    def model(self) -> BaseChatModel:
        return self.caller.model

    def _map(self, work: Callable[[_A], _B], items: Sequence[_A]) -> list[_B]:
        """`work` over `items` in order, a few at a time (the caller bounds the requests)."""
        if len(items) <= 1 or self.settings.concurrency <= 1:
            return [work(item) for item in items]
        with ThreadPoolExecutor(max_workers=min(self.settings.concurrency, len(items))) as pool:
            return list(pool.map(work, items))

    def extract_claims(self, text: str) -> Extracted:
        parts = self._map(lambda span: self._extract(text, span[0], span[1], 0), windows(text))
        drafts: list[ClaimDraft] = []
        notes: list[str] = []
        seen: set[tuple[int, int]] = set()
        for part in parts:
            notes += part.notes
            for draft in part.drafts:
                # Windows overlap: a claim seen twice is kept once.
                if draft.end > draft.start and (draft.start, draft.end) in seen:
                    continue
                seen.add((draft.start, draft.end))
                drafts.append(draft)
        return Extracted(drafts=drafts, notes=notes)

    def _extract(self, text: str, start: int, end: int, depth: int) -> Extracted:
        """The claims of `text[start:end]`; a cut-off reply halves the window, a refusal or
        an unusable reply falls back to the offline analyst for it, each with a note."""
        from assistant.grounding import locate
        from assistant.llm.structured import CutOff, LLMFailure

        window = text[start:end]
        user = prompts.render(prompts.EXTRACT_USER, window=window)
        where = f"characters {start}-{end}"
        try:
            reply = self.caller.ask(prompts.EXTRACT_SYSTEM, user, LLMClaims)
        except CutOff as exc:
            halves = _halves(text, start, end) if depth < MAX_SPLITS else []
            if halves:
                note = f"claim extraction ({where}): {exc}; asked again in two halves"
                parts = [self._extract(text, s, e, depth + 1) for s, e in halves]
                return Extracted(
                    drafts=[d for p in parts for d in p.drafts],
                    notes=[note] + [n for p in parts for n in p.notes],
                )
            return self._offline(window, start, f"claim extraction ({where}) {exc}")
        except LLMFailure as exc:
            return self._offline(window, start, f"claim extraction ({where}): {exc}")
        drafts = []
        for claim in reply.claims:
            span = locate(window, claim.quote)
            # An unlocated quote keeps an empty span; the grounding check drops (and counts) it.
            at = (span[0] + start, span[1] + start) if span else (start, start)
            drafts.append(
                ClaimDraft(
                    start=at[0],
                    end=at[1],
                    quote=claim.quote,
                    text=claim.text,
                    kind=claim.kind,
                    hedged=claim.hedged,
                    confidence=0.7,
                )
            )
        return Extracted(drafts=drafts)

    def _offline(self, window: str, offset: int, why: str) -> Extracted:
        offline = self.fallback.extract_claims(window)
        note = f"{why}; this part fell back to the offline analyst"
        return Extracted(drafts=[_shift(d, offset) for d in offline.drafts], notes=[note])

    def mark_assumptions(self, drafts: list[ClaimDraft]) -> list[ClaimDraft]:
        """The same lexical marks as offline, so both analysts' maps flag the same words."""
        return self.fallback.mark_assumptions(drafts)

    def relate_within(self, text: str, claims: list[ClaimDraft]) -> list[RelationDraft]:
        """Discourse connectives are reliable inside a text; the model is spent across texts."""
        return self.fallback.relate_within(text, claims)

    def type_relation(self, a: ClaimView, b: ClaimView, similarity: float) -> Typed:
        from assistant.llm.structured import LLMFailure

        try:
            reply = self.caller.ask(prompts.RELATION_SYSTEM, _pair_text(a, b), LLMRelation)
        except LLMFailure as exc:
            return self._offline_typed(a, b, similarity, f"relation typing: {exc}")
        return _judged(reply, a, b)

    def type_relations(self, pairs: Sequence[Pair]) -> list[Typed]:
        """Pairs judged `settings.batch` at a time; each answer is still validated and its
        evidence checked against its own pair's claims.

        Answers are cached per pair, under the key of that pair's own one-pair question: a
        repeated run whose candidates fall into different batches (nearest-neighbour search
        is approximate, and documents link in parallel) still pays for no pair twice.
        """
        results: list[Typed | None] = []
        for a, b, _ in pairs:
            known = self.caller.recall(_pair_key(self.caller, a, b), LLMRelation)
            results.append(None if known is None else _judged(known, a, b))
        todo = [i for i, typed in enumerate(results) if typed is None]
        size = max(1, self.settings.batch)
        batches = [[pairs[i] for i in todo[j : j + size]] for j in range(0, len(todo), size)]
        fresh = iter(typed for batch in self._map(self._type_batch, batches) for typed in batch)
        return [typed if typed is not None else next(fresh) for typed in results]

    def _type_batch(self, batch: list[Pair]) -> list[Typed]:
        from assistant.llm.structured import CutOff, LLMFailure

        if len(batch) == 1:
            return [self.type_relation(*batch[0])]
        listed = "\n".join(
            prompts.render(prompts.RELATIONS_PAIR, n=n, claims=_pair_text(a, b))
            for n, (a, b, _) in enumerate(batch, 1)
        )
        user = prompts.render(prompts.RELATIONS_USER, count=len(batch), pairs=listed)
        try:
            reply = self.caller.ask(prompts.RELATIONS_SYSTEM, user, LLMRelations)
        except CutOff as exc:
            half = len(batch) // 2
            note = f"relation typing of {len(batch)} pairs: {exc}; asked again in two halves"
            typed = self._type_batch(batch[:half]) + self._type_batch(batch[half:])
            typed[0] = typed[0].model_copy(update={"notes": [note, *typed[0].notes]})
            return typed
        except LLMFailure as exc:
            why = f"relation typing of {len(batch)} pairs: {exc}"
            return [self._offline_typed(a, b, s, why) for a, b, s in batch]
        answers: dict[int, LLMPairRelation] = {}
        for given in reply.relations:
            answers.setdefault(given.pair, given)
        out = []
        for n, (a, b, similarity) in enumerate(batch, 1):
            answer = answers.get(n)
            if answer is None:
                # Left out of the batch's answer: asked on its own rather than guessed.
                alone = self.type_relation(a, b, similarity)
                note = f"pair {n} of a batch of {len(batch)} had no answer; asked on its own"
                out.append(alone.model_copy(update={"notes": [note, *alone.notes]}))
            else:
                plain = LLMRelation(
                    type=answer.type, rationale=answer.rationale, evidence=answer.evidence
                )
                self.caller.remember(_pair_key(self.caller, a, b), plain)
                out.append(_judged(plain, a, b))
        return out

    def _offline_typed(self, a: ClaimView, b: ClaimView, similarity: float, why: str) -> Typed:
        offline = self.fallback.type_relation(a, b, similarity)
        note = f"{why}; this pair fell back to the offline analyst"
        return Typed(relation=offline.relation, notes=[note])


def _pair_key(caller: LLMCaller, a: ClaimView, b: ClaimView) -> str:
    """The cache key of the one-pair question about (a, b), whoever answered it."""
    return caller.key(prompts.RELATION_SYSTEM, _pair_text(a, b), LLMRelation)


def _pair_text(a: ClaimView, b: ClaimView) -> str:
    stance = prompts.render(prompts.RELATION_STANCE, reply=b.reply) if b.reply else ""
    return prompts.render(
        prompts.RELATION_USER,
        stance=stance,
        a_author=a.author,
        a_text=a.quote or a.text,
        b_author=b.author,
        b_text=b.quote or b.text,
    )


def _judged(reply: LLMRelation, a: ClaimView, b: ClaimView) -> Typed:
    """The model's answer for one pair, kept only with evidence quoted from that pair."""
    if reply.type == "none":
        return Typed(relation=None)
    evidence = _evidence_span(reply.evidence, a, b)
    if evidence is None:
        note = (
            f"dropped a proposed '{reply.type}' relation: its evidence is not a verbatim "
            f"span of either claim ({' '.join(reply.evidence.split())[:80]!r})"
        )
        return Typed(relation=None, notes=[note])
    relation = RelationDraft(
        source="b",
        target="a",
        type=reply.type,
        rationale=reply.rationale,
        confidence=0.7,
        evidence=evidence,
    )
    return Typed(relation=relation)


def _evidence_span(evidence: str, a: ClaimView, b: ClaimView) -> Evidence | None:
    """Where the model's evidence stands in claim B's quote (else A's), as offsets into that
    quote with `doc_id` "b" or "a"; None when it is empty, trivial or not in either text."""
    from assistant.grounding import locate

    if len(evidence.split()) < 2:
        return None
    for side, view in (("b", b), ("a", a)):
        span = locate(view.quote, evidence) if view.quote else None
        if span is not None:
            return Evidence(kind="llm", doc_id=side, start=span[0], end=span[1])
    return None


def _shift(draft: ClaimDraft, offset: int) -> ClaimDraft:
    return draft.model_copy(update={"start": draft.start + offset, "end": draft.end + offset})


def get_analyst(spec: str | None, encoder: Encoder | None = None) -> Analyst:
    """The analyst for `spec` (None: offline). `encoder` is the library's embedder, which the
    offline analyst's claim filter reads."""
    if not spec:
        return OfflineAdapter(encoder)
    from assistant.llm.models import chat_model
    from assistant.llm.settings import LLMSettings

    settings = LLMSettings()
    return LLMAnalyst(chat_model(spec, settings), spec, settings)
