"""Diagram formats to draw the map: Graphviz DOT (clusters per document, tooltips) and a
Mermaid flowchart. Asserted relations are solid and coloured, candidates dashed or dotted
grey and labelled."""

from __future__ import annotations

from assistant.export.common import (
    CANDIDATE_LABEL,
    RELATION_COLOURS,
    MapExport,
    by_document,
    evidence_note,
    one_line,
    short,
    xml_safe,
)


def _dot_string(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, newlines as \\n."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return '"' + xml_safe(text) + '"'


def _wrap(text: str, width: int = 40) -> str:
    words, lines, line = one_line(text).split(" "), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def _dot_edge(u: str, v: str, data: dict) -> str:
    """One edge: coloured and solid when asserted, dashed grey and labelled when a candidate;
    its tooltip names the evidence."""
    tooltip = _dot_string(evidence_note(data))
    if not data["asserted"]:
        return (
            f"  {_dot_string(u)} -> {_dot_string(v)} [label={_dot_string(CANDIDATE_LABEL)}, "
            f"style=dashed, color=gray, fontcolor=gray, tooltip={tooltip}];"
        )
    colour = RELATION_COLOURS[data["type"]]
    return (
        f"  {_dot_string(u)} -> {_dot_string(v)} [label={_dot_string(data['type'])}, "
        f'color="{colour}", fontcolor="{colour}", tooltip={tooltip}];'
    )


def export_dot(export: MapExport) -> str:
    claims = export.claims
    G = export.graph()
    out = [
        "digraph cruxmap {",
        '  graph [rankdir=LR, charset="UTF-8"];',
        '  node [shape=box, style="rounded,filled", fillcolor="#f7f7f7", fontsize=10];',
    ]
    for n, (heading, group) in enumerate(by_document(claims, export.documents)):
        out.append(f"  subgraph cluster_{n} {{")
        out.append(f"    label={_dot_string(short(heading, 60))};")
        for claim in group:
            label = _wrap(short(claim.text, 160))
            if claim.author:
                label += f"\n— {one_line(claim.author)}"
            out.append(
                f"    {_dot_string(claim.id)} [label={_dot_string(label)}, "
                f"tooltip={_dot_string(short(claim.quote, 300))}];"
            )
        out.append("  }")
    out += [_dot_edge(u, v, data) for u, v, data in G.edges(data=True)]
    out.append("}")
    return "\n".join(out) + "\n"


_MERMAID_ENTITIES = {
    '"': "#quot;",
    "#": "#35;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "`": "#96;",
    "[": "#91;",
    "]": "#93;",
    "{": "#123;",
    "}": "#125;",
    "|": "#124;",
    "\\": "#92;",
    "%": "#37;",  # a `%%{...}%%` init directive is read anywhere in the text
}


def _mermaid_label(text: str) -> str:
    """A quoted Mermaid label: one line, syntax characters as Mermaid entity codes."""
    return '"' + "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in one_line(xml_safe(text))) + '"'


def export_mermaid(export: MapExport) -> str:
    """A flowchart: node ids n0, n1... (never a keyword such as `end`), one line per edge,
    each followed by a `%%` comment line naming its evidence. Asserted relations are solid
    arrows; a candidate is a dotted grey arrow labelled "possibly related, unverified"."""
    claims = export.claims
    G = export.graph()
    ids = {claim.id: f"n{i}" for i, claim in enumerate(claims)}
    out = ["flowchart LR"]
    for n, (heading, group) in enumerate(by_document(claims, export.documents)):
        out.append(f"  subgraph d{n}[{_mermaid_label(short(heading, 60))}]")
        out += [f"    {ids[c.id]}[{_mermaid_label(short(c.text, 120))}]" for c in group]
        out.append("  end")
    styles = []
    for i, (u, v, key, data) in enumerate(G.edges(keys=True, data=True)):
        if data["asserted"]:
            out.append(f"  {ids[u]} -->|{key}| {ids[v]}")
            styles.append(f"  linkStyle {i} stroke:{RELATION_COLOURS[key]}")
        else:
            out.append(f'  {ids[u]} -.->|"{CANDIDATE_LABEL}"| {ids[v]}')
            styles.append(f"  linkStyle {i} stroke:{RELATION_COLOURS['related']}")
        out.append(f"  %% {_mermaid_comment(evidence_note(data))}")
    return "\n".join(out + styles) + "\n"


def _mermaid_comment(text: str) -> str:
    """The rest of a `%%` comment line: one line, `%` as its entity code, since Mermaid
    reads a `%%{...}%%` init directive anywhere in the text, comments included."""
    return one_line(xml_safe(text)).replace("%", "#37;")
