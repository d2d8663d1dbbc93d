"""A steelman paragraph written by an LLM, in which every sentence cites opposing claims.

The opposing claims come from the map (assistant/steelman.py); the model only phrases the
case. Sentences that cite nothing, cite a claim not offered, or say what the cited quotes do
not support are removed and reported.
"""

from __future__ import annotations

from assistant import prompts
from assistant.ask.models import Citation
from assistant.ask.verify import verify_sentences
from assistant.llm.models import chat_model
from assistant.llm.structured import LLMFailure, ask_json
from assistant.models import Claim


def write_steelman(llm: str, target: Claim, opposition: list) -> tuple[str, list[str]]:
    from assistant.ask.compose import LLMAnswer, refs

    numbered = {n: o for n, o in enumerate(opposition, 1)}
    evidence = "\n".join(
        prompts.render(prompts.STEELMAN_EVIDENCE, n=n, author=o.author or "unknown", quote=o.quote)
        for n, o in numbered.items()
    )
    user = prompts.render(prompts.STEELMAN_USER, claim=target.text, evidence=evidence)
    try:
        reply = ask_json(chat_model(llm), prompts.STEELMAN_SYSTEM, user, LLMAnswer)
    except LLMFailure as exc:
        return "", [f"the model gave no usable steelman: {exc}"]
    sentences = [f"{s.text.strip()} {refs(s.citations)}" for s in reply.sentences]
    citations = {
        n: Citation(n=n, doc_id="", start=0, end=len(o.quote), quote=o.quote)
        for n, o in numbered.items()
    }
    kept, dropped = verify_sentences(sentences, citations, generated=True)
    return " ".join(kept), dropped
