"""Argument formats: Argdown (statements and `+`/`-` relations, with `//` evidence comments)
and AIF, the Argument Interchange Format of AIFdb (I-nodes linked through scheme nodes).

How each relation type maps onto them is in `assistant.export`'s docstring.
"""

from __future__ import annotations

import json
import re

from assistant.export.common import (
    CANDIDATE_LABEL,
    MapExport,
    by_document,
    evidence_note,
    one_line,
    slug,
    xml_safe,
)
from assistant.models import Claim

_ARGDOWN_SPECIAL = re.compile(r"([\\\[\]<>#@*_{}`~/+\-=:!|^$&%])")


def _argdown_text(text: str) -> str:
    """One line, control characters dropped, and every character Argdown could read as
    syntax backslash-escaped (references, tags, mentions, emphasis, `//` comments, relation
    signs). The Argdown parser turns each escape back into the character: lossless."""
    return _ARGDOWN_SPECIAL.sub(r"\\\1", one_line(xml_safe(text)))


def argdown_titles(claims: list[Claim]) -> dict[str, str]:
    """A unique, syntax-safe Argdown title per claim: its id slug plus its first words."""
    titles: dict[str, str] = {}
    used: set[str] = set()
    for claim in claims:
        base = "-".join(p for p in (slug(claim.id, 8) or "claim", slug(claim.text)) if p)
        title, n = base, 2
        while title in used:
            title, n = f"{base}-{n}", n + 1
        used.add(title)
        titles[claim.id] = title
    return titles


def _argdown_comment(text: str) -> str:
    """Text for the rest of a `//` line: one line, control characters dropped."""
    return one_line(xml_safe(text))


def export_argdown(export: MapExport) -> str:
    """Claims as statements grouped by document; relations under the claim they bear on,
    each followed by a `//` comment naming its evidence. A candidate is only a comment."""
    claims = export.claims
    titles = argdown_titles(claims)
    under: dict[str, list[str]] = {c.id: [] for c in claims}
    for u, v, key, data in export.graph().edges(keys=True, data=True):
        note = " // " + _argdown_comment(evidence_note(data))
        if key == "supports":
            under[v].append(f"+ [{titles[u]}]{note}")
        elif key == "attacks":
            under[v].append(f"- [{titles[u]}]{note}")
        elif key == "depends_on":
            under[u].append(f"+ [{titles[v]}]{note}")
        elif key == "same_as":
            under[v].append(f"+ [{titles[u]}]{note}")
            under[u].append(f"+ [{titles[v]}]{note}")
        elif key == "responds_to":
            under[u].append(f"// responds to [{titles[v]}];{note[3:]}")
        else:
            under[u].append(f"// {CANDIDATE_LABEL}: [{titles[v]}];{note[3:]}")
    lines = ["// cruxmap argument map: claims grouped by source document", ""]
    for heading, group in by_document(claims, export.documents):
        lines += [f"# {_argdown_text(heading)}", ""]
        for claim in group:
            lines.append(f"[{titles[claim.id]}]: {_argdown_text(claim.text or claim.quote)}")
            lines += [f"  {line}" for line in sorted(set(under[claim.id]))]
            lines.append("")
    return "\n".join(lines)


def export_aif(export: MapExport) -> str:
    """AIFdb JSON: I-nodes for claims, RA/CA/MA scheme nodes, edges I -> scheme -> I.

    Each scheme node also carries the relation's `evidence` (kind, doc_id, start, end,
    quote): an extra key AIF readers ignore. Candidates get no scheme node (see
    `assistant.export`).
    """
    claims = export.claims
    G = export.graph()
    nodes: list[dict] = []
    edges: list[dict] = []
    ids: dict[str, str] = {}
    for n, claim in enumerate(claims, start=1):
        ids[claim.id] = str(n)
        nodes.append(
            {"nodeID": str(n), "text": claim.text or claim.quote, "type": "I", "timestamp": ""}
        )
    schemes = {
        "supports": ("RA", "Default Inference"),
        "depends_on": ("RA", "Default Inference"),
        "attacks": ("CA", "Default Conflict"),
        "same_as": ("MA", "Default Rephrase"),
    }
    next_id = len(claims) + 1
    for u, v, key, data in G.edges(keys=True, data=True):
        if key not in schemes or not data["asserted"]:
            continue
        premise, conclusion = (v, u) if key == "depends_on" else (u, v)
        kind, text = schemes[key]
        scheme_id = str(next_id)
        next_id += 1
        nodes.append(
            {
                "nodeID": scheme_id,
                "text": text,
                "type": kind,
                "timestamp": "",
                "evidence": {
                    "kind": data["evidence_kind"],
                    "doc_id": data["evidence_doc"],
                    "start": data["evidence_start"],
                    "end": data["evidence_end"],
                    "quote": data["evidence_quote"],
                },
            }
        )
        for source, target in ((ids[premise], scheme_id), (scheme_id, ids[conclusion])):
            edges.append(
                {
                    "edgeID": str(len(edges) + 1),
                    "fromID": source,
                    "toID": target,
                    "formEdgeID": None,
                }
            )
    return json.dumps(
        {"nodes": nodes, "edges": edges, "locutions": []}, ensure_ascii=False, indent=2
    )
