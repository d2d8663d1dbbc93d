"""Every prompt template's fields are exactly the ones its caller fills.

Each caller runs its real code path against a scripted fake chat model, and the prompt the
model received must hold what the caller put in each field. `prompts.render` raises when a
caller leaves a field out or fills one the template does not have, so a template edited
without its caller (or the reverse) fails here, not silently in a prompt missing its document.
"""

from __future__ import annotations

import json

import pytest

from assistant import prompts
from assistant.analysts import ClaimView, LLMAnalyst
from assistant.ask.models import Answer, Citation
from assistant.llm.fake import ScriptedChatModel
from assistant.models import Claim

TEXT = "Behavioural training will not generalise far out of distribution."


def test_every_template_has_fields_and_every_system_text_has_none():
    for name, template in prompts.TEMPLATES.items():
        assert prompts.fields(template), name
    systems = [v for k, v in vars(prompts).items() if k.endswith("_SYSTEM")]
    assert len(systems) == 5
    for system in systems:
        assert prompts.fields(system) == set()


def test_every_template_is_listed():
    suffixes = ("_USER", "_EVIDENCE", "_STANCE", "_PAIR")
    named = {k for k, v in vars(prompts).items() if isinstance(v, str) and k.endswith(suffixes)}
    assert named == set(prompts.TEMPLATES)


def test_render_refuses_a_missing_or_an_unused_field():
    with pytest.raises(KeyError, match="missing"):
        prompts.render(prompts.EXTRACT_USER)
    with pytest.raises(KeyError, match="unused"):
        prompts.render(prompts.EXTRACT_USER, window="x", title="y")


def test_claim_extraction_fills_the_document():
    reply = {"claims": [{"quote": TEXT, "text": TEXT, "kind": "prediction", "hedged": False}]}
    model = ScriptedChatModel(default=json.dumps(reply))
    extracted = LLMAnalyst(model, "fake:test").extract_claims(TEXT)
    assert [d.quote for d in extracted.drafts] == [TEXT]
    (prompt,) = model.calls
    assert prompts.EXTRACT_SYSTEM in prompt
    assert f"<document>\n{TEXT}\n</document>" in prompt


def test_relation_typing_fills_both_claims_and_the_stance():
    reply = {"type": "none", "rationale": "unrelated", "evidence": ""}
    model = ScriptedChatModel(default=json.dumps(reply))
    analyst = LLMAnalyst(model, "fake:test")
    a = ClaimView(text="A restated", quote=TEXT, author="Priya Raman")
    b = ClaimView(text="B restated", quote="Training does generalise.", author="Tom Okafor")
    assert analyst.type_relation(a, b, 0.7).relation is None
    assert analyst.type_relation(a, b.model_copy(update={"reply": "opposes"}), 0.7).notes == []
    plain, stanced = model.calls
    claims = (
        f'<claim id="A" author="Priya Raman">\n{TEXT}\n</claim>\n'
        '<claim id="B" author="Tom Okafor">\nTraining does generalise.\n</claim>'
    )
    assert prompts.RELATION_SYSTEM in plain and claims in plain and "by name" not in plain
    assert "B's author opposes A's author by name.\n" + claims in stanced


def citation(n: int, author: str, stance: str) -> Citation:
    return Citation(
        n=n, doc_id="d", start=0, end=len(TEXT), quote=TEXT, title="T", author=author, stance=stance
    )


@pytest.mark.parametrize("disputed", [False, True])
def test_answer_composition_fills_question_header_and_evidence(monkeypatch, disputed):
    from assistant.ask import compose
    from assistant.llm import models

    reply = {"sentences": [{"text": "Raman doubts it.", "citations": [1]}]}
    model = ScriptedChatModel(default=json.dumps(reply))
    monkeypatch.setattr(models, "chat_model", lambda spec: model)
    answer = Answer(
        question="Does training generalise?",
        answer="",
        abstained=False,
        mirror_question="Does it not?",
        citations=[citation(1, "Priya Raman", "position 1"), citation(2, "", "context")],
        disputed=disputed,
    )
    sentences = compose.generated("fake:test", answer)
    assert [s.text for s in sentences] == ["Raman doubts it."]
    (prompt,) = model.calls
    header = prompts.COMPOSE_DISPUTED if disputed else prompts.COMPOSE_UNDISPUTED
    evidence = (
        f"[1] (Priya Raman, T; stance position 1) {TEXT}\n[2] (unknown, T; stance context) {TEXT}"
    )
    assert prompts.COMPOSE_SYSTEM in prompt
    assert (
        f"Question: Does training generalise?\n\n{header}\n<evidence>\n{evidence}\n</evidence>"
        in (prompt)
    )


def test_steelman_fills_the_claim_and_the_opposition(monkeypatch):
    from assistant import steelman_llm
    from assistant.service import OppositionView

    reply = {"sentences": [{"text": "Okafor's evidence cuts against it.", "citations": [1]}]}
    model = ScriptedChatModel(default=json.dumps(reply))
    monkeypatch.setattr(steelman_llm, "chat_model", lambda spec: model)
    target = Claim(
        id="c1", doc_id="d", start=0, end=len(TEXT), quote=TEXT, text=TEXT, kind="prediction"
    )
    opposition = [
        OppositionView(
            claim_id="c2", quote="Values transfer.", text="", author="", score=1.0, why="attacks"
        )
    ]
    steelman_llm.write_steelman("fake:test", target, opposition)
    (prompt,) = model.calls
    assert prompts.STEELMAN_SYSTEM in prompt
    assert f"Target claim: {TEXT}\n\n<opposing>\n[1] (unknown) Values transfer.\n</opposing>" in (
        prompt
    )
