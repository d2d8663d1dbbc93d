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

Layout: `common` holds what every writer shares (`MapExport`, labels, colours, evidence
notes, text helpers); `graphs` GraphML/GEXF/JSON/Cytoscape; `arguments` Argdown and AIF;
`diagrams` DOT and Mermaid; `tables` the two CSVs; `bibliography` BibTeX and CSL-JSON.
Import from `assistant.export`, the names in `__all__`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from assistant.export.arguments import argdown_titles, export_aif, export_argdown
from assistant.export.bibliography import arxiv_id, export_bibtex, export_csljson
from assistant.export.common import (
    CANDIDATE_LABEL,
    RELATION_COLOURS,
    MapExport,
    evidence_note,
    relation_label,
    span_quote,
)
from assistant.export.diagrams import export_dot, export_mermaid
from assistant.export.graphs import export_cytoscape, export_gexf, export_graphml, export_json
from assistant.export.tables import (
    CLAIM_COLUMNS,
    RELATION_COLUMNS,
    export_claims_csv,
    export_relations_csv,
)
from assistant.models import Claim, Relation

__all__ = [
    "CANDIDATE_LABEL",
    "CLAIM_COLUMNS",
    "FORMATS",
    "RELATION_COLOURS",
    "RELATION_COLUMNS",
    "MapExport",
    "argdown_titles",
    "arxiv_id",
    "evidence_note",
    "export_bibtex",
    "export_claims_csv",
    "export_csljson",
    "export_map",
    "export_relations_csv",
    "relation_label",
    "span_quote",
]

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
        "graphml": export_graphml,
        "gexf": export_gexf,
        "json": export_json,
        "cytoscape": export_cytoscape,
        "argdown": export_argdown,
        "aif": export_aif,
        "dot": export_dot,
        "mermaid": export_mermaid,
        "csv": lambda m: export_claims_csv(m.claims),
        "relations-csv": lambda m: export_relations_csv(m.relations, m.texts),
        "bibtex": lambda m: export_bibtex(m.documents),
        "csljson": lambda m: export_csljson(m.documents),
    }
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return writers[fmt](MapExport(claims, relations, documents, texts or {}))
