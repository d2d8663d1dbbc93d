"""The grounding check: a claim is stored only as a verbatim span of its document.

Analysts (an LLM especially) return quotes that are close to the text but not in it: changed
whitespace, curly versus straight quotes, an ellipsis, a dropped word, or an invented
sentence. Near misses are repaired to the exact span of the document they came from; anything
that cannot be located is dropped. Text that reads as an instruction to an AI is never a
claim: documents are data.
"""

from __future__ import annotations

import re
import unicodedata

from assistant.models import ClaimDraft

_FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "})
INJECTION = re.compile(
    r"\b(ignore (all |any )?(the )?(previous|prior|above) (instructions|prompts?)|"
    r"disregard (all |the )?(previous|prior|above)|you are now|system prompt|"
    r"as an ai (language )?model|new instructions?:)",
    re.IGNORECASE,
)


def looks_like_injection(text: str) -> bool:
    return bool(INJECTION.search(text))


def _folded(text: str) -> tuple[str, list[int]]:
    """Whitespace-collapsed, quote-folded, lower-cased text and a map back to offsets."""
    out: list[str] = []
    index: list[int] = []
    previous_space = True
    for i, ch in enumerate(text):
        ch = unicodedata.normalize("NFKC", ch).translate(_FOLD).lower()
        if ch.isspace() or not ch:
            if previous_space:
                continue
            ch = " "
            previous_space = True
        else:
            previous_space = False
        out.append(ch[0])
        index.append(i)
    return "".join(out), index


def locate(document: str, quote: str, hint: int = 0) -> tuple[int, int] | None:
    """Exact span of `quote` in `document`, tolerating whitespace and quote-style changes.

    Models often wrap a quote in quotation marks of their own, so the bare text is tried too.
    """
    quote = quote.strip()
    found = _locate(document, quote, hint)
    bare = quote.strip("\"“”'").strip()
    if found is None and bare != quote:
        found = _locate(document, bare, hint)
    return found


def _locate(document: str, quote: str, hint: int) -> tuple[int, int] | None:
    if len(quote) < 8:
        return None
    exact = document.find(quote, max(0, hint - 50))
    if exact < 0:
        exact = document.find(quote)
    if exact >= 0:
        return exact, exact + len(quote)
    folded_doc, index = _folded(document)
    folded_quote, _ = _folded(quote)
    folded_quote = folded_quote.strip()
    if not folded_quote:
        return None
    position = folded_doc.find(folded_quote)
    if position < 0 and "..." in folded_quote:
        head = folded_quote.split("...")[0].strip()
        if len(head) >= 20:
            position = folded_doc.find(head)
            folded_quote = head
    if position < 0:
        return None
    start = index[position]
    end = index[position + len(folded_quote) - 1] + 1
    return start, end


def ground(document: str, drafts: list[ClaimDraft]) -> tuple[list[ClaimDraft], list[str]]:
    """Keep claims whose quote is (or is repaired to) a verbatim span; say what was dropped."""
    kept: list[ClaimDraft] = []
    dropped: list[str] = []
    seen: set[tuple[int, int]] = set()
    for draft in drafts:
        if (
            0 <= draft.start < draft.end <= len(document)
            and document[draft.start : draft.end] == draft.quote
        ):
            span: tuple[int, int] | None = (draft.start, draft.end)
        else:
            span = locate(document, draft.quote, draft.start)
        if span is None:
            dropped.append(f"not in the document: {draft.quote[:80]!r}")
            continue
        quote = document[span[0] : span[1]]
        if looks_like_injection(quote):
            dropped.append(f"instruction-like text is data, not a claim: {quote[:80]!r}")
            continue
        if span in seen:
            continue
        seen.add(span)
        kept.append(draft.model_copy(update={"start": span[0], "end": span[1], "quote": quote}))
    kept.sort(key=lambda d: d.start)
    return kept, dropped
