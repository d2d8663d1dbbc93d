"""Candidate pairs are typed many to a request, and each answer is still checked alone.

One request per pair made a 4,000-claim library cost ~30,000 calls. Batching must not loosen
the evidence rule: an answer's quoted evidence must be a verbatim span of that pair's own
claims (not another pair's in the same request), and a pair the model skipped is asked on
its own rather than guessed.
"""

from __future__ import annotations

import json
import re

from langchain_core.messages import AIMessage

from assistant import prompts
from assistant.analysts import ClaimView, LLMAnalyst
from assistant.llm.fake import ScriptedChatModel
from assistant.llm.settings import LLMSettings

_PAIR = re.compile(
    r'<pair n="(\d+)">\n<claim id="A" author="[^"]*">\n(.*?)\n</claim>\n<claim id="B" author="[^"]*">\n(.*?)\n</claim>',
    re.DOTALL,
)


def pairs(count: int) -> list[tuple[ClaimView, ClaimView, float]]:
    return [
        (
            ClaimView(text=f"a{i}", quote=f"Claim {i} says that models generalise.", author="Ana"),
            ClaimView(
                text=f"b{i}", quote=f"Reply {i} argues that models do not generalise.", author="Ben"
            ),
            0.7,
        )
        for i in range(count)
    ]


def analyst(responder, batch: int = 10) -> tuple[LLMAnalyst, ScriptedChatModel]:
    model = ScriptedChatModel(responder=responder)
    return LLMAnalyst(model, "fake:test", LLMSettings(batch=batch, concurrency=2)), model


def attacks_quoting_b(prompt: str) -> str:
    if "pairs to judge" not in prompt:
        b = prompt.split('<claim id="B"', 1)[1].split(">\n", 1)[1].split("\n</claim>", 1)[0]
        return json.dumps({"type": "attacks", "rationale": "alone", "evidence": b[-28:]})
    answers = [
        {"pair": int(n), "type": "attacks", "rationale": "B denies A", "evidence": b[-28:]}
        for n, _, b in _PAIR.findall(prompt)
    ]
    return json.dumps({"relations": answers})


def test_pairs_are_typed_ten_to_a_request_each_with_its_own_evidence():
    typer, model = analyst(attacks_quoting_b)
    typed = typer.type_relations(pairs(25))
    assert len(model.calls) == 3, "25 pairs: 10 + 10 + 5"
    assert all(prompts.RELATIONS_SYSTEM in call for call in model.calls)
    assert len(typed) == 25
    for i, result in enumerate(typed):
        assert result.relation is not None and result.relation.type == "attacks"
        evidence = result.relation.evidence
        quote = f"Reply {i} argues that models do not generalise."
        assert evidence.doc_id == "b" and quote[evidence.start : evidence.end] == quote[-28:]


def test_evidence_borrowed_from_another_pair_is_dropped_and_noted():
    def borrowing(prompt: str) -> str:
        # Pair 1 quotes pair 2's claim B ("Reply 1 ..."), which is in the same request.
        answers = [
            {"pair": 1, "type": "attacks", "rationale": "x", "evidence": "Reply 1 argues that"},
            {"pair": 2, "type": "attacks", "rationale": "y", "evidence": "Reply 1 argues that"},
            {"pair": 3, "type": "none", "rationale": "z", "evidence": ""},
        ]
        return json.dumps({"relations": answers})

    typed = analyst(borrowing)[0].type_relations(pairs(3))
    assert typed[0].relation is None
    assert "dropped a proposed 'attacks' relation" in typed[0].notes[0]
    assert typed[1].relation is not None and typed[2].relation is None


def test_a_pair_left_out_of_the_answer_is_asked_on_its_own():
    def forgetful(prompt: str) -> str:
        if "pairs to judge" in prompt:
            answers = json.loads(attacks_quoting_b(prompt))["relations"]
            return json.dumps({"relations": [a for a in answers if a["pair"] != 2]})
        return attacks_quoting_b(prompt)

    typer, model = analyst(forgetful)
    typed = typer.type_relations(pairs(4))
    assert len(model.calls) == 2
    assert prompts.RELATION_SYSTEM in model.calls[1] and "Reply 1 argues" in model.calls[1]
    assert typed[1].relation is not None and typed[1].relation.rationale == "alone"
    assert "had no answer; asked on its own" in typed[1].notes[0]


def test_a_batch_cut_off_at_the_token_limit_is_asked_in_halves():
    def short(prompt: str) -> str | AIMessage:
        if prompt.count("<pair ") > 4:
            return AIMessage(
                content='{"relations": [', response_metadata={"finish_reason": "length"}
            )
        return attacks_quoting_b(prompt)

    typer, model = analyst(short)
    typed = typer.type_relations(pairs(8))
    assert len(model.calls) == 3
    assert all(t.relation is not None for t in typed)
    assert "asked again in two halves" in typed[0].notes[0]


def test_a_batch_that_keeps_failing_falls_back_offline_pair_by_pair():
    typer, model = analyst(lambda prompt: "no JSON here")
    typed = typer.type_relations(pairs(3))
    assert len(typed) == 3 and len(model.calls) == 3, "one request, asked three times"
    assert all("fell back to the offline analyst" in t.notes[0] for t in typed)


def test_pairs_regrouped_into_other_batches_are_answered_from_the_cache(tmp_path):
    from assistant.llm.cache import CallCache

    typer, model = analyst(attacks_quoting_b)
    typer.caller.cache = CallCache(tmp_path / "calls.sqlite")
    first = typer.type_relations(pairs(12))
    assert len(model.calls) == 2
    # The next run meets the same pairs in another order, with three new ones among them.
    again = list(reversed(pairs(15)))
    typed = typer.type_relations(again)
    assert len(model.calls) == 3, "only the three new pairs are asked, in one request"
    assert "3 pairs to judge" in model.calls[-1]
    assert typer.caller.meter.usage().cached == 12
    by_quote = {b.quote: t for (_, b, _), t in zip(again, typed)}
    for (_, b, _), before in zip(pairs(12), first):
        assert by_quote[b.quote].relation == before.relation
