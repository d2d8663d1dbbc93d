"""The Analyst interface every judgement node calls, and its two implementations.

The offline analyst (assistant/offline) is the default: deterministic, no network. The LLM
analyst asks a chat model for the same pydantic shapes, retries with the validation error fed
back, and falls back to the offline analyst for any call that keeps failing, so one bad reply
never stops a run. Whatever either returns still goes through the grounding check.

What an analyst has to say about its own work (a fallback, a dropped relation) comes back
with the result (`Extracted.notes`, `Typed.notes`), so the graph carries it in its state and
a resumed run still reports it; an analyst keeps no record of past calls.
"""

from __future__ import annotations

from typing import Literal, Protocol

from pydantic import BaseModel, Field

from assistant import prompts
from assistant.models import ClaimDraft, Evidence, RelationDraft
from assistant.offline import cues
from assistant.offline.analyst import OfflineAnalyst

WINDOW_CHARS = 6000


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


class Analyst(Protocol):
    """What the analysis graph asks of an analyst; every other step is the graph's own."""

    name: str

    def extract_claims(self, text: str) -> Extracted: ...

    def mark_assumptions(self, drafts: list[ClaimDraft]) -> list[ClaimDraft]: ...

    def relate_within(self, text: str, claims: list[ClaimDraft]) -> list[RelationDraft]: ...

    def type_relation(self, a: ClaimView, b: ClaimView, similarity: float) -> Typed: ...


class OfflineAdapter:
    """The offline analyst behind the common interface."""

    name = "offline"

    def __init__(self) -> None:
        self.inner = OfflineAnalyst()

    def extract_claims(self, text: str) -> Extracted:
        return Extracted(drafts=self.inner.extract_claims(text))

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


class LLMAnalyst:
    """A chat model behind the common interface, with the offline analyst as its fallback."""

    def __init__(self, model, spec: str) -> None:
        self.model = model
        self.name = f"llm:{spec}"
        self.fallback = OfflineAdapter()

    def extract_claims(self, text: str) -> Extracted:
        from assistant.grounding import locate
        from assistant.llm.structured import LLMFailure, ask_json

        drafts: list[ClaimDraft] = []
        notes: list[str] = []
        for offset in range(0, max(len(text), 1), WINDOW_CHARS):
            window = text[offset : offset + WINDOW_CHARS]
            user = prompts.render(prompts.EXTRACT_USER, window=window)
            try:
                reply = ask_json(self.model, prompts.EXTRACT_SYSTEM, user, LLMClaims)
            except LLMFailure as exc:
                notes.append(f"claim extraction fell back to the offline analyst: {exc}")
                offline = self.fallback.extract_claims(window)
                drafts += [_shift(d, offset) for d in offline.drafts]
                continue
            for claim in reply.claims:
                span = locate(window, claim.quote)
                start, end = (span[0] + offset, span[1] + offset) if span else (offset, offset)
                drafts.append(
                    ClaimDraft(
                        start=start,
                        end=end,
                        quote=claim.quote,
                        text=claim.text,
                        kind=claim.kind,
                        hedged=claim.hedged,
                        confidence=0.7,
                    )
                )
        return Extracted(drafts=drafts, notes=notes)

    def mark_assumptions(self, drafts: list[ClaimDraft]) -> list[ClaimDraft]:
        """The same lexical marks as offline, so both analysts' maps flag the same words."""
        return self.fallback.mark_assumptions(drafts)

    def relate_within(self, text: str, claims: list[ClaimDraft]) -> list[RelationDraft]:
        """Discourse connectives are reliable inside a text; the model is spent across texts."""
        return self.fallback.relate_within(text, claims)

    def type_relation(self, a: ClaimView, b: ClaimView, similarity: float) -> Typed:
        from assistant.llm.structured import LLMFailure, ask_json

        stance = prompts.render(prompts.RELATION_STANCE, reply=b.reply) if b.reply else ""
        user = prompts.render(
            prompts.RELATION_USER,
            stance=stance,
            a_author=a.author,
            a_text=a.quote or a.text,
            b_author=b.author,
            b_text=b.quote or b.text,
        )
        try:
            reply = ask_json(self.model, prompts.RELATION_SYSTEM, user, LLMRelation)
        except LLMFailure as exc:
            offline = self.fallback.type_relation(a, b, similarity)
            note = f"relation typing fell back to the offline analyst: {exc}"
            return Typed(relation=offline.relation, notes=[note])
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


def get_analyst(spec: str | None) -> Analyst:
    if not spec:
        return OfflineAdapter()
    from assistant.llm.models import chat_model

    return LLMAnalyst(chat_model(spec), spec)
