"""Export the claim map (or its sources) to the formats researchers already use.

`export_map(fmt, claims, relations, documents, texts)` returns text (every format here is
text). Source text is hostile input: it may hold quotes, brackets, markup, control characters
or lines that look like syntax, so every writer escapes for its own grammar, and each format
is tested by reading it back with its real consumer.

Every relation carries its evidence: the kind (citation, quotation, reply, discourse,
lexical, llm, similarity) and the span of a stored document that makes it a fact, quoted
from `texts` (doc id -> document text) so a reader can check it like a claim's quote. An
unverified candidate (type `related`, not asserted) is marked in every format, never drawn
or written like an asserted relation:

- GraphML/GEXF/JSON/Cytoscape/CSV: `asserted` false, `label` "possibly related, unverified"
  (GEXF also a dashed grey viz shape; Cytoscape `line_style` dashed, grey colour);
- DOT: style=dashed color=gray with that label; Mermaid: a dotted arrow `-.->` with it;
- Argdown: a `//` comment, never `+` or `-`;
- AIF: nothing. AIF links I-nodes only through scheme nodes (RA inference, CA conflict, MA
  rephrase); a candidate is none of them, so it has no place in an AIF graph.

Which relations reach an exporter is the caller's choice (`cruxmap export --candidates`);
what an exporter is given, it writes.

How relation types map onto formats that have fewer of them:

- A supports B:    Argdown under [B] `+ [A]`;   AIF A -> RA -> B;  DOT/Mermaid green A -> B.
- A attacks B:     Argdown under [B] `- [A]`;   AIF A -> CA -> B;  red A -> B.
- A depends_on B:  Argdown under [A] `+ [B]` (B is A's premise); AIF B -> RA -> A; blue A -> B.
- A same_as B:     Argdown `+` both ways (mutual entailment); AIF A -> MA -> B (rephrase);
                   purple A -> B.
- A responds_to B: Argdown under [A] `// responds to [B]`, a comment, since a response is
                   neither support nor attack; omitted from AIF (no scheme node fits);
                   ochre A -> B.
- A related B:     see above: dashed grey, labelled, a comment, or absent (AIF).

Lossy only where a format forces it: the XML formats, DOT, Argdown and Mermaid drop C0
control characters (XML 1.0 cannot hold them), and the CSV tables prefix a cell starting
with = + - @ with an apostrophe so a spreadsheet does not run source text as a formula.
JSON, Cytoscape and AIF keep the text exactly.

Formats: see `FORMATS`. `csv` gives the claims table; the relations table is
`export_relations_csv` (format `relations-csv`). `bibtex` and `csljson` export the
documents, not the claims.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import networkx as nx

from assistant.mapgraph import build_graph
from assistant.models import Claim, Relation

#: Format name -> file extension (with the dot), for the CLI's -o default and the UI.
FORMATS: dict[str, str] = {
    "graphml": ".graphml",
    "gexf": ".gexf",
    "json": ".json",
    "cytoscape": ".cyjs",
    "argdown": ".argdown",
    "aif": ".json",
    "dot": ".dot",
    "mermaid": ".mmd",
    "csv": ".csv",
    "relations-csv": ".csv",
    "bibtex": ".bib",
    "csljson": ".json",
}

RELATION_COLOURS: dict[str, str] = {
    "supports": "#1b9e77",
    "attacks": "#d95f02",
    "depends_on": "#386cb0",
    "responds_to": "#a6761d",
    "same_as": "#7570b3",
    "related": "#9e9e9e",
}
#: How every format labels an unverified candidate.
CANDIDATE_LABEL = "possibly related, unverified"


@dataclass
class MapExport:
    """What a writer gets: the map's records plus document texts to quote evidence from."""

    claims: list[Claim]
    relations: list[Relation]
    documents: list[dict]
    texts: Mapping[str, str] = field(default_factory=dict)

    def graph(self) -> nx.MultiDiGraph:
        """The map with each edge's `label` and `evidence_quote` (see the module docstring)."""
        G = build_graph(self.claims, self.relations)
        for _u, _v, data in G.edges(data=True):
            data["label"] = relation_label(data["type"], data["asserted"])
            data["evidence_quote"] = span_quote(
                self.texts, data["evidence_doc"], data["evidence_start"], data["evidence_end"]
            )
        return G


def export_map(
    fmt: str,
    claims: list[Claim],
    relations: list[Relation],
    documents: list[dict],
    texts: Mapping[str, str] | None = None,
) -> str:
    """Render the map (or, for bibtex/csljson, the documents) in format `fmt`.

    `texts` maps document ids to their stored text, for quoting evidence spans; a span
    whose document is not given is written with an empty quote (its offsets still say where).
    """
    writers: dict[str, Callable[[MapExport], str]] = {
        "graphml": _graphml,
        "gexf": _gexf,
        "json": _json,
        "cytoscape": _cytoscape,
        "argdown": _argdown,
        "aif": _aif,
        "dot": _dot,
        "mermaid": _mermaid,
        "csv": lambda m: export_claims_csv(m.claims),
        "relations-csv": lambda m: export_relations_csv(m.relations, m.texts),
        "bibtex": lambda m: export_bibtex(m.documents),
        "csljson": lambda m: export_csljson(m.documents),
    }
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return writers[fmt](MapExport(claims, relations, documents, texts or {}))


def relation_label(rel_type: str, asserted: bool) -> str:
    """A relation's label: its type, or "possibly related, unverified" for a candidate."""
    return rel_type if asserted else CANDIDATE_LABEL


def span_quote(texts: Mapping[str, str], doc_id: str, start: int, end: int) -> str:
    """texts[doc_id][start:end], or "" when the document or a real span is missing."""
    text = texts.get(doc_id)
    if text is None or not 0 <= start < end <= len(text):
        return ""
    return text[start:end]


def evidence_note(data: dict) -> str:
    """One line saying what carries an edge: "evidence: citation, d1 10-52: “...”"."""
    if not data["evidence_kind"]:
        return "no evidence recorded"
    note = f"evidence: {data['evidence_kind']}"
    if data["evidence_doc"]:
        note += f", {data['evidence_doc']} {data['evidence_start']}-{data['evidence_end']}"
    if data["evidence_quote"]:
        note += f": “{_short(data['evidence_quote'], 200)}”"
    return note


# -- shared helpers ---------------------------------------------------------------------------

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot hold most C0 control characters, even escaped: drop them."""
    return _XML_ILLEGAL.sub("", text)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _short(text: str, limit: int = 80) -> str:
    text = _one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _scalar(value: object) -> str | int | float | bool:
    """GraphML/GEXF hold scalars only: None -> "", lists -> "; "-joined, the rest as is."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):
        return _xml_safe(value)
    if isinstance(value, (bool, int, float)):
        return value
    return _xml_safe(str(value))


def _scalar_graph(export: MapExport, gexf: bool = False) -> nx.MultiDiGraph:
    """The map with scalar attributes and unique edge ids (e0, e1, ...) for XML formats.

    GEXF reserves node `start`/`end` (time spells), edge `type`, `weight`, `label`: offsets
    become `char_start`/`char_end`, the relation type `relation` (the edge label is the
    relation's label), the weight is the relation's confidence, which is what Gephi should
    draw, and a candidate is drawn dashed and grey (viz colour and shape).
    """
    G = export.graph()
    H: nx.MultiDiGraph = nx.MultiDiGraph()
    for node, data in G.nodes(data=True):
        attrs = {k: _scalar(v) for k, v in data.items()}
        if gexf:
            attrs["char_start"] = attrs.pop("start")
            attrs["char_end"] = attrs.pop("end")
            attrs["label"] = _xml_safe(_short(data["text"]))
        H.add_node(node, **attrs)
    for i, (u, v, data) in enumerate(G.edges(data=True)):
        # GEXF's viz attribute is the one nested value (colour and shape).
        edge: dict[str, object] = {k: _scalar(val) for k, val in data.items()}
        if gexf:
            edge["relation"] = edge.pop("type")
            edge["weight"] = float(data["confidence"])
            edge["viz"] = _gexf_viz(data["type"], data["asserted"])
        H.add_edge(u, v, key=f"e{i}", **edge)
    return H


def _gexf_viz(rel_type: str, asserted: bool) -> dict:
    colour = RELATION_COLOURS[rel_type].lstrip("#")
    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "shape": "solid" if asserted else "dashed"}


# -- graph formats ----------------------------------------------------------------------------


def _graphml(export: MapExport) -> str:
    buf = io.BytesIO()
    nx.write_graphml(_scalar_graph(export), buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def _gexf(export: MapExport) -> str:
    buf = io.BytesIO()
    nx.write_gexf(_scalar_graph(export, gexf=True), buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def _documents_json(documents: list[dict]) -> list[dict]:
    keep = ("id", "title", "url", "authors", "published", "kind")
    return [{k: _jsonable(d.get(k)) for k in keep} for d in documents]


def _jsonable(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value


def _json(export: MapExport) -> str:
    """networkx node-link JSON (edges under "edges"), with the documents as a graph attribute."""
    G = export.graph()
    G.graph["documents"] = _documents_json(export.documents)
    data = nx.node_link_data(G, edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def _cytoscape(export: MapExport) -> str:
    """Cytoscape.js elements JSON; `name` is a short label, the full text stays in `text`.

    `colour` and `line_style` are ready for a style mapper (`line-style: data(line_style)`):
    candidates come out dashed and grey."""
    G = export.graph()
    for _node, data in G.nodes(data=True):
        data["name"] = _short(data["text"])
    for _u, _v, _key, data in G.edges(keys=True, data=True):
        data["colour"] = RELATION_COLOURS[data["type"]]
        data["line_style"] = "solid" if data["asserted"] else "dashed"
    return json.dumps(nx.cytoscape_data(G), ensure_ascii=False, indent=2, default=str)


# -- argument formats -------------------------------------------------------------------------

_ARGDOWN_SPECIAL = re.compile(r"([\\\[\]<>#@*_{}`~/+\-=:!|^$&%])")


def _argdown_text(text: str) -> str:
    """One line, control characters dropped, and every character Argdown could read as
    syntax backslash-escaped (references, tags, mentions, emphasis, `//` comments, relation
    signs). The Argdown parser turns each escape back into the character: lossless."""
    return _ARGDOWN_SPECIAL.sub(r"\\\1", _one_line(_xml_safe(text)))


def _slug(text: str, words: int = 4) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(parts[:words])


def argdown_titles(claims: list[Claim]) -> dict[str, str]:
    """A unique, syntax-safe Argdown title per claim: its id slug plus its first words."""
    titles: dict[str, str] = {}
    used: set[str] = set()
    for claim in claims:
        base = "-".join(p for p in (_slug(claim.id, 8) or "claim", _slug(claim.text)) if p)
        title, n = base, 2
        while title in used:
            title, n = f"{base}-{n}", n + 1
        used.add(title)
        titles[claim.id] = title
    return titles


def _argdown_comment(text: str) -> str:
    """Text for the rest of a `//` line: one line, control characters dropped."""
    return _one_line(_xml_safe(text))


def _argdown(export: MapExport) -> str:
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
    for heading, group in _by_document(claims, export.documents):
        lines += [f"# {_argdown_text(heading)}", ""]
        for claim in group:
            lines.append(f"[{titles[claim.id]}]: {_argdown_text(claim.text or claim.quote)}")
            lines += [f"  {line}" for line in sorted(set(under[claim.id]))]
            lines.append("")
    return "\n".join(lines)


def _by_document(claims: list[Claim], documents: list[dict]) -> list[tuple[str, list[Claim]]]:
    """Claims grouped by document, in document order; unknown documents come last."""
    order = {d["id"]: i for i, d in enumerate(documents)}
    titles = {d["id"]: d.get("title") or d["id"] for d in documents}
    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.doc_id, []).append(claim)
    ordered = sorted(groups, key=lambda doc: (order.get(doc, len(order)), doc))
    return [(titles.get(doc) or groups[doc][0].title or doc, groups[doc]) for doc in ordered]


def _aif(export: MapExport) -> str:
    """AIFdb JSON: I-nodes for claims, RA/CA/MA scheme nodes, edges I -> scheme -> I.

    Each scheme node also carries the relation's `evidence` (kind, doc_id, start, end,
    quote): an extra key AIF readers ignore. Candidates get no scheme node (module docstring).
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


# -- diagram formats --------------------------------------------------------------------------


def _dot_string(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, newlines as \\n."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return '"' + _xml_safe(text) + '"'


def _wrap(text: str, width: int = 40) -> str:
    words, lines, line = _one_line(text).split(" "), [], ""
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


def _dot(export: MapExport) -> str:
    claims = export.claims
    G = export.graph()
    out = [
        "digraph cruxmap {",
        '  graph [rankdir=LR, charset="UTF-8"];',
        '  node [shape=box, style="rounded,filled", fillcolor="#f7f7f7", fontsize=10];',
    ]
    for n, (heading, group) in enumerate(_by_document(claims, export.documents)):
        out.append(f"  subgraph cluster_{n} {{")
        out.append(f"    label={_dot_string(_short(heading, 60))};")
        for claim in group:
            label = _wrap(_short(claim.text, 160))
            if claim.author:
                label += f"\n— {_one_line(claim.author)}"
            out.append(
                f"    {_dot_string(claim.id)} [label={_dot_string(label)}, "
                f"tooltip={_dot_string(_short(claim.quote, 300))}];"
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
    return '"' + "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in _one_line(_xml_safe(text))) + '"'


def _mermaid(export: MapExport) -> str:
    """A flowchart: node ids n0, n1... (never a keyword such as `end`), one line per edge,
    each followed by a `%%` comment line naming its evidence. Asserted relations are solid
    arrows; a candidate is a dotted grey arrow labelled "possibly related, unverified"."""
    claims = export.claims
    G = export.graph()
    ids = {claim.id: f"n{i}" for i, claim in enumerate(claims)}
    out = ["flowchart LR"]
    for n, (heading, group) in enumerate(_by_document(claims, export.documents)):
        out.append(f"  subgraph d{n}[{_mermaid_label(_short(heading, 60))}]")
        out += [f"    {ids[c.id]}[{_mermaid_label(_short(c.text, 120))}]" for c in group]
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
    return _one_line(_xml_safe(text)).replace("%", "#37;")


# -- tables -----------------------------------------------------------------------------------

CLAIM_COLUMNS = (
    "id",
    "doc_id",
    "title",
    "author",
    "published",
    "kind",
    "hedged",
    "confidence",
    "start",
    "end",
    "markers",
    "text",
    "quote",
    "url",
)
RELATION_COLUMNS = (
    "source",
    "target",
    "type",
    "asserted",
    "label",
    "evidence_kind",
    "evidence_doc",
    "evidence_start",
    "evidence_end",
    "evidence_quote",
    "rationale",
    "confidence",
    "analyst",
)


def _cell(value: object) -> str:
    """A spreadsheet-safe cell: text starting with = + - @ (or a tab/CR) gets a leading
    apostrophe so Excel or LibreOffice do not run it as a formula (CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        value = "; ".join(value)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _table(columns: tuple[str, ...], rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _cell(row.get(c)) for c in columns})
    return buf.getvalue()


def export_claims_csv(claims: list[Claim]) -> str:
    """One row per claim (the `csv` format)."""
    return _table(CLAIM_COLUMNS, [c.model_dump() for c in claims])


def export_relations_csv(relations: list[Relation], texts: Mapping[str, str] | None = None) -> str:
    """One row per relation (the `relations-csv` format); join to the claims CSV on id.

    A relation that is not asserted is written as type `related`, `asserted` false."""
    return _table(RELATION_COLUMNS, [_relation_row(r, texts or {}) for r in relations])


def _relation_row(rel: Relation, texts: Mapping[str, str]) -> dict:
    ev = rel.evidence
    rel_type = rel.type if rel.asserted else "related"
    return {
        **rel.model_dump(exclude={"evidence"}),
        "type": rel_type,
        "asserted": rel.asserted,
        "label": relation_label(rel_type, rel.asserted),
        "evidence_kind": ev.kind if ev else "",
        "evidence_doc": ev.doc_id if ev else "",
        "evidence_start": ev.start if ev else "",
        "evidence_end": ev.end if ev else "",
        "evidence_quote": span_quote(texts, ev.doc_id, ev.start, ev.end) if ev else "",
    }


# -- bibliographies ---------------------------------------------------------------------------

_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([a-z\-]+/\d{7}|\d{4}\.\d{4,5})", re.IGNORECASE)


def arxiv_id(document: dict) -> str | None:
    """The arXiv id (without version) from the document's meta, else from its URL."""
    meta = document.get("meta") or {}
    for key in ("arxiv_id", "arxiv"):
        if meta.get(key):
            return re.sub(r"v\d+$", "", str(meta[key]).strip())
    match = _ARXIV_URL.search(document.get("url") or "")
    return match.group(1) if match else None


def _year(document: dict) -> str:
    published = document.get("published")
    if isinstance(published, datetime):
        return str(published.year)
    match = re.match(r"(\d{4})", str(published or ""))
    return match.group(1) if match else ""


_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


def _bib_value(text: str) -> str:
    """A braced BibTeX value: LaTeX specials escaped so braces always balance."""
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in _one_line(text))


def _bib_url(url: str) -> str:
    """URLs stay verbatim (url fields are not LaTeX) except characters that would break the
    braced value, which are percent-encoded."""
    return "".join({"{": "%7B", "}": "%7D", "\\": "%5C"}.get(ch, ch) for ch in "".join(url.split()))


def _bib_key(document: dict, used: set[str]) -> str:
    authors = document.get("authors") or []
    surname = authors[0].split()[-1] if authors and authors[0].split() else ""
    surname = _slug(surname, 5).replace("-", "") or "anon"
    base = f"{surname}{_year(document)}{_slug(document.get('title') or '', 1).replace('-', '')}"
    key, n = base, 0
    while key in used:
        n += 1
        key = f"{base}{chr(ord('a') + n - 1)}" if n <= 26 else f"{base}{n}"
    used.add(key)
    return key


def export_bibtex(documents: list[dict]) -> str:
    """One entry per document: @article for arXiv papers, @misc for posts and notes."""
    used: set[str] = set()
    entries = []
    for doc in documents:
        arxiv = arxiv_id(doc)
        fields = [("title", "{" + _bib_value(doc.get("title") or doc["id"]) + "}")]
        if doc.get("authors"):
            fields.append(("author", _bib_value(" and ".join(doc["authors"]))))
        if _year(doc):
            fields.append(("year", _year(doc)))
        if doc.get("url"):
            fields.append(("url", _bib_url(doc["url"])))
        if arxiv:
            label = _bib_value(f"arXiv:{arxiv}")
            fields += [
                ("eprint", _bib_value(arxiv)),
                ("archiveprefix", "arXiv"),
                ("journal", label),
                ("note", label),
            ]
        else:
            fields.append(("note", _bib_value(f"cruxmap document {doc['id']}")))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@{'article' if arxiv else 'misc'}{{{_bib_key(doc, used)},\n{body}\n}}\n")
    return "\n".join(entries)


def export_csljson(documents: list[dict]) -> str:
    """CSL-JSON, the citation format Zotero and pandoc read."""
    items = []
    for doc in documents:
        item: dict = {
            "id": doc["id"],
            "type": "article" if arxiv_id(doc) else "post-weblog",
            "title": doc.get("title") or doc["id"],
        }
        authors = []
        for name in doc.get("authors") or []:
            parts = name.strip().rsplit(" ", 1)
            authors.append(
                {"family": parts[-1], "given": parts[0]}
                if len(parts) == 2
                else {"literal": name.strip()}
            )
        if authors:
            item["author"] = authors
        if doc.get("url"):
            item["URL"] = doc["url"]
        published = doc.get("published")
        if published:
            stamp = published.isoformat() if isinstance(published, datetime) else str(published)
            match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", stamp)
            if match:
                item["issued"] = {"date-parts": [[int(p) for p in match.groups() if p]]}
        arxiv = arxiv_id(doc)
        if arxiv:
            item["number"] = f"arXiv:{arxiv}"
            item["publisher"] = "arXiv"
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2)
