"""How the document reader writes a document's text with its claims in place.

Every run of source text goes through `md()`, so the only markup on the page is ours: a
coloured background per claim kind (Streamlit's `:colour-background[...]` directive), bold
for the claim the reader came to see, and a numbered marker linking to the inspector. No
source HTML is ever rendered; a `<script>` in a post shows as the characters `<script>`.
"""

from __future__ import annotations

from assistant.service import DocumentPage, TextSegment
from ui.safe import md

#: Streamlit background colours per claim kind; the legend is built from the same table.
KIND_COLOURS: dict[str, str] = {
    "empirical": "blue",
    "normative": "orange",
    "prediction": "violet",
    "conceptual": "green",
    "methodological": "gray",
}
INSPECTOR_PATH = "inspector"


def kind_colour(kind: str | None) -> str:
    return KIND_COLOURS.get(kind or "", "gray")


def legend_markdown() -> str:
    parts = [f":{c}-background[{kind}]" for kind, c in KIND_COLOURS.items()]
    return (
        "Claims by kind: "
        + " ".join(parts)
        + " · the number after a claim opens it in the inspector"
    )


def claim_numbers(page: DocumentPage) -> dict[str, int]:
    """Claims numbered in reading order, as the markers and the claims table show them."""
    return {c.id: n for n, c in enumerate(page.claims, 1)}


def _flat(text: str) -> str:
    return " ".join(text.split())


def run_markdown(text: str, run: TextSegment, number: int | None, focus: str | None) -> str:
    """One run as escaped markdown: plain text, or a highlighted claim with its marker."""
    piece = text[run.start : run.end]
    flat = _flat(piece)
    if not flat:
        return " " if piece else ""
    lead = " " if piece[:1].isspace() else ""
    tail = " " if piece[-1:].isspace() else ""
    if run.claim_id is None:
        return lead + md(flat) + tail
    body = f":{kind_colour(run.kind)}-background[{md(flat)}]"
    if run.claim_id == focus:
        body = f"**{body}**"
    marker = ""
    if number is not None:
        marker = f"[⁽{number}⁾]({INSPECTOR_PATH}?claim={run.claim_id})"
    return lead + body + marker + tail


def text_markdown(page: DocumentPage, focus: str | None = None) -> str:
    """The whole text as markdown paragraphs (one element renders faster than hundreds).

    A claim that crosses a paragraph break gets its marker at its last part only."""
    numbers = claim_numbers(page)
    last_part: dict[str, tuple[int, int]] = {}
    for p, runs in enumerate(page.paragraphs):
        for r, run in enumerate(runs):
            if run.claim_id:
                last_part[run.claim_id] = (p, r)
    out = []
    for p, runs in enumerate(page.paragraphs):
        pieces = []
        for r, run in enumerate(runs):
            number = None
            if run.claim_id and last_part.get(run.claim_id) == (p, r):
                number = numbers.get(run.claim_id)
            pieces.append(run_markdown(page.text, run, number, focus))
        out.append("".join(pieces).strip())
    return "\n\n".join(p for p in out if p)


def parse_span(value: str | None, length: int) -> tuple[int, int] | None:
    """`start-end` from the URL, if it is a non-empty span inside the text."""
    if not value or "-" not in value:
        return None
    first, _, second = value.partition("-")
    try:
        start, end = int(first), int(second)
    except ValueError:
        return None
    return (start, end) if 0 <= start < end <= length else None
