"""The offline analyst: claims, in-document relations and cross-document typing, no network.

It is the embedded default, so it must be deterministic (same text, same map) and cheap
enough to run on a whole library; every judgement it makes carries a rationale naming the
cue it rests on, so a reader can check it against the quote.
"""

from __future__ import annotations

from assistant.models import ClaimDraft, RelationDraft
from assistant.offline.candidates import type_candidate
from assistant.offline.claim_filter import ClaimFilter, Encoder, load_claim_filter
from assistant.offline.claims import extract_claims
from assistant.offline.discourse import intra_document_relations
from ingest.people import same_people


class OfflineAnalyst:
    """Argument mining from lexical and discourse cues; see claims, discourse and candidates."""

    name = "offline"

    def __init__(
        self, encoder: Encoder | None = None, claim_filter: ClaimFilter | None = None
    ) -> None:
        """With an `encoder` (the library's embedder), the learned claim filter screens what
        the rules accept; without one (unit tests, tools without a model) the rules decide."""
        self.encoder = encoder
        self.claim_filter = claim_filter if claim_filter is not None else load_claim_filter()

    def extract_claims(self, text: str) -> list[ClaimDraft]:
        return self.extract_screened(text)[0]

    def extract_screened(self, text: str) -> tuple[list[ClaimDraft], list[ClaimDraft]]:
        """(claims, screened out): the rules' claims the filter kept, and those it dropped."""
        drafts = extract_claims(text)
        if self.encoder is None or self.claim_filter is None:
            return drafts, []
        return self.claim_filter.screen(drafts, self.encoder)

    def relate_within(self, text: str, claims: list[ClaimDraft]) -> list[RelationDraft]:
        return intra_document_relations(text, claims)

    def type_relation(
        self,
        a_text: str,
        b_text: str,
        similarity: float,
        a_author: str = "",
        b_author: str = "",
        a_title: str = "",
        b_title: str = "",
        reply: str = "",
    ) -> RelationDraft | None:
        """Type "b relates to a" (a earlier, b later); source is "b", target "a", or None.

        `b_title` is accepted for symmetry with the LLM analyst; only a's title matters here,
        because a later text replies to an earlier one by naming it. `reply` is the stance
        of b's whole document toward a's author when it names them (see
        `dialogue.stance_towards`): "opposes", "agrees", "mixed", "addresses" or "".
        """
        same_author = bool(a_author) and same_people(a_author, b_author)
        typed = type_candidate(
            a_text,
            b_text,
            similarity,
            same_author,
            a_author=a_author,
            a_title=a_title,
            reply=reply,
        )
        if typed is None:
            return None
        kind, rationale, confidence = typed
        return RelationDraft(
            source="b", target="a", type=kind, rationale=rationale, confidence=confidence
        )
