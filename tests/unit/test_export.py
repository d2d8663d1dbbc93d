"""Every export format is read back by its real consumer, on hostile text.

Consumers that are not Python packages of the project (Graphviz `dot`, the Argdown CLI,
pydot, bibtexparser) are optional: their tests skip when the tool is missing.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import networkx as nx
import pytest

from assistant.export import CANDIDATE_LABEL, FORMATS, export_map, export_relations_csv
from assistant.models import Claim, Evidence, Relation

# Test relations stand for relations the analyst found in the text.
EVIDENCE = Evidence(kind="discourse")
# A document whose text carries the evidence of one citation: hostile too, since evidence
# quotes land in comments, tooltips and cells of every format.
CITING = "Intro.\n\nAs Ann O'Neil argues in [1], */ %%{init: {}}%% --> the claim\nholds // here.\n"
CITED_SPAN = (CITING.index("As Ann"), CITING.index("here.") + 5)
CITATION = Evidence(kind="citation", doc_id="d3", start=CITED_SPAN[0], end=CITED_SPAN[1])

HOSTILE = (
    'He said "no" [sic] <script>alert(1)</script>\nnew line // not a comment '
    "#tag @me *x* _y_ {z} \\ end ü 😀 -> <a> `tick` %&$ [A]: + [B] http://e.org/x"
)
FORMULA = '=HYPERLINK("http://evil.example","click")'


def claim(cid: str, doc: str, text: str, author: str, **extra) -> Claim:
    return Claim(
        id=cid,
        doc_id=doc,
        start=0,
        end=len(text),
        quote=text,
        text=text,
        kind="conceptual",
        author=author,
        **extra,
    )


@pytest.fixture
def sample() -> tuple[list[Claim], list[Relation], list[dict], dict[str, str]]:
    claims = [
        claim(
            "c1",
            "d1",
            HOSTILE,
            "Ann O'Neil",
            markers=["obviously", "never"],
            published=datetime(2024, 1, 2, tzinfo=UTC),
            title='Doc [1] "x"',
            url="http://e.org/a?b=1&c=2",
        ),
        claim("c2", "d1", "Second claim - with + signs: yes\ttab", "Bob"),
        claim("end", "d2", "end", ""),  # an id that is a Mermaid keyword
        claim("c4", "d2", FORMULA, "Cal\x00 Control"),
        claim("c5", "d3", "Ünïcödé ∀x. ¬P(x) — “curly” ‘quotes’ \r\n CRLF", "Dee"),
    ]
    relations = [
        Relation(
            evidence=EVIDENCE,
            source="c2",
            target="c1",
            type="supports",
            rationale='r "q"',
            confidence=0.9,
        ),
        Relation(
            evidence=EVIDENCE, source="c2", target="c1", type="attacks", rationale="<b>parallel</b>"
        ),
        Relation(evidence=EVIDENCE, source="end", target="c1", type="attacks", rationale="x"),
        Relation(evidence=EVIDENCE, source="c1", target="end", type="depends_on", rationale="x"),
        Relation(evidence=EVIDENCE, source="c2", target="end", type="same_as", rationale="x"),
        Relation(evidence=EVIDENCE, source="end", target="c2", type="responds_to", rationale="x"),
        Relation(evidence=EVIDENCE, source="c5", target="c4", type="supports", rationale="x\ny"),
        Relation(evidence=CITATION, source="c5", target="c1", type="attacks", rationale="cites"),
        # Unverified candidates: similarity only, and an old relation with no evidence.
        Relation(
            evidence=Evidence(kind="similarity", doc_id="d3", start=0, end=5),
            source="c5",
            target="c2",
            type="related",
            rationale="possibly related, unverified: similar claims // 0.81",
            confidence=0.81,
        ),
        Relation(source="c4", target="c1", type="supports", rationale="no evidence stored"),
    ]
    documents = [
        {
            "id": "d1",
            "title": 'Doc {1} #1 & <b> "quoted"',
            "authors": ["Ann O'Neil", "Bob B. Smith"],
            "url": "https://arxiv.org/abs/2401.01234v2",
            "published": "2024-01-02T00:00:00+00:00",
            "meta": {},
        },
        {
            "id": "d2",
            "title": "Notes % on 50_50 odds",
            "authors": [],
            "url": None,
            "published": None,
            "meta": {},
        },
        {
            "id": "d3",
            "title": "Paper",
            "authors": ["Dee Ü"],
            "url": "https://e.org/p{1}",
            "published": datetime(2023, 5, 1, tzinfo=UTC),
            "meta": {"arxiv_id": "2305.00001v3"},
        },
    ]
    return claims, relations, documents, {"d3": CITING}


def type_counts(relations: list[Relation]) -> Counter:
    """Relation types as exported: anything not asserted is a `related` candidate."""
    return Counter(r.type if r.asserted else "related" for r in relations)


def asserted_counts(relations: list[Relation]) -> Counter:
    return Counter(r.type for r in relations if r.asserted)


def candidates(relations: list[Relation]) -> int:
    return sum(1 for r in relations if not r.asserted)


def test_formats_table_and_unknown_format(sample):
    assert set(FORMATS) >= {
        "graphml",
        "gexf",
        "json",
        "cytoscape",
        "argdown",
        "aif",
        "dot",
        "mermaid",
        "csv",
        "relations-csv",
        "bibtex",
        "csljson",
    }
    assert all(ext.startswith(".") for ext in FORMATS.values())
    for fmt in FORMATS:
        assert isinstance(export_map(fmt, *sample), str)
    with pytest.raises(ValueError, match="unknown export format"):
        export_map("pdf", *sample)


CITED_QUOTE = CITING[CITED_SPAN[0] : CITED_SPAN[1]]


def edge(G, u: str, v: str) -> dict:
    """The one edge u -> v of an exported multigraph."""
    (data,) = G.get_edge_data(u, v).values()
    return data


def test_graphml_reads_back_with_networkx(sample):
    claims, relations, *_ = sample
    G = nx.read_graphml(io.BytesIO(export_map("graphml", *sample).encode()))
    assert G.number_of_nodes() == len(claims)
    assert G.number_of_edges() == len(relations)
    assert Counter(t for *_, t in G.edges(data="type")) == type_counts(relations)
    assert G.nodes["c1"]["text"] == HOSTILE
    assert G.nodes["c1"]["markers"] == "obviously; never"
    assert G.nodes["end"]["published"] == "" and G.nodes["end"]["url"] == ""
    assert G.nodes["c4"]["author"] == "Cal Control"  # XML cannot hold NUL: dropped
    cited = edge(G, "c5", "c1")
    assert cited["asserted"] is True and cited["label"] == "attacks"
    assert (cited["evidence_kind"], cited["evidence_doc"]) == ("citation", "d3")
    assert (cited["evidence_start"], cited["evidence_end"]) == CITED_SPAN
    assert cited["evidence_quote"] == CITED_QUOTE
    for u, v in (("c5", "c2"), ("c4", "c1")):  # similarity only; no evidence at all
        candidate = edge(G, u, v)
        assert candidate["type"] == "related" and candidate["asserted"] is False
        assert candidate["label"] == CANDIDATE_LABEL
    assert edge(G, "c4", "c1")["evidence_kind"] == ""


def test_gexf_reads_back_with_networkx(sample):
    claims, relations, *_ = sample
    text = export_map("gexf", *sample)
    G = nx.read_gexf(io.BytesIO(text.encode()))
    assert G.number_of_nodes() == len(claims)
    assert G.number_of_edges() == len(relations)
    assert Counter(t for *_, t in G.edges(data="relation")) == type_counts(relations)
    node = G.nodes["c1"]
    assert node["text"] == HOSTILE
    assert node["label"].startswith('He said "no" [sic] <script>')
    assert (node["char_start"], node["char_end"]) == (0, len(HOSTILE))
    assert edge(G, "c5", "c1")["evidence_quote"] == CITED_QUOTE
    assert edge(G, "c5", "c2")["label"] == CANDIDATE_LABEL
    # Gephi draws candidates dashed: one viz shape per edge, dashed exactly for candidates.
    shapes = Counter(re.findall(r'<viz:shape value="(\w+)"', text))
    assert shapes == {"solid": len(relations) - candidates(relations), "dashed": 2}


def test_json_round_trips_through_node_link_graph(sample):
    claims, relations, documents, _ = sample
    data = json.loads(export_map("json", *sample))
    assert "edges" in data and "links" not in data
    G = nx.node_link_graph(data, edges="edges")
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_nodes() == len(claims) and G.number_of_edges() == len(relations)
    assert G.nodes["c4"]["text"] == FORMULA and G.nodes["c4"]["author"] == "Cal\x00 Control"
    assert G.nodes["c1"]["markers"] == ["obviously", "never"]
    assert [d["id"] for d in G.graph["documents"]] == ["d1", "d2", "d3"]
    assert G.graph["documents"][2]["published"] == "2023-05-01T00:00:00+00:00"
    assert edge(G, "c5", "c1")["evidence_quote"] == CITED_QUOTE  # exact, newline kept
    assert not edge(G, "c5", "c2")["asserted"]


def test_cytoscape_elements_round_trip(sample):
    claims, relations, *_ = sample
    data = json.loads(export_map("cytoscape", *sample))
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    assert len(nodes) == len(claims) and len(edges) == len(relations)
    assert {n["data"]["id"] for n in nodes} == {c.id for c in claims}
    assert all({"source", "target", "type", "colour"} <= set(e["data"]) for e in edges)
    dashed = [e["data"] for e in edges if e["data"]["line_style"] == "dashed"]
    assert len(dashed) == candidates(relations)
    assert all(d["label"] == CANDIDATE_LABEL and not d["asserted"] for d in dashed)
    assert len({d["colour"] for d in dashed}) == 1  # one grey for every candidate
    assert all(e["data"]["colour"] != dashed[0]["colour"] for e in edges if e["data"]["asserted"])
    G = nx.cytoscape_graph(data)
    assert G.number_of_edges() == len(relations)


def test_dot_is_accepted_by_graphviz(sample, tmp_path):
    dot = shutil.which("dot")
    if dot is None:
        pytest.skip("Graphviz `dot` is not installed (apt-get install graphviz)")
    path = tmp_path / "map.dot"
    path.write_text(export_map("dot", *sample), encoding="utf-8")
    done = subprocess.run([dot, "-Tsvg", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and "Error" not in done.stderr
    svg = done.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg  # the label survived, as text
    assert "<script>" not in svg
    assert svg.count('class="edge"') == len(sample[1])
    assert svg.count('class="node"') == len(sample[0])
    assert svg.count('class="cluster"') == 3
    # Candidates are drawn dashed and grey with their label; nothing else is dashed.
    assert svg.count("stroke-dasharray") == candidates(sample[1])
    assert svg.count(f">{CANDIDATE_LABEL}<") == candidates(sample[1])
    assert "evidence: citation, d3" in svg  # the tooltip names the evidence


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_dot_is_parsed_by_pydot(sample):
    pydot = pytest.importorskip("pydot")
    (graph,) = pydot.graph_from_dot_data(export_map("dot", *sample))
    assert len(graph.get_edges()) == len(sample[1])
    nodes = [n for sub in graph.get_subgraphs() for n in sub.get_nodes()]
    assert {n.get_name().strip('"') for n in nodes} == {c.id for c in sample[0]}
    dashed = [e for e in graph.get_edges() if e.get("style") == "dashed"]
    assert len(dashed) == candidates(sample[1])
    assert all(e.get("color") == "gray" for e in dashed)


def test_argdown_is_parsed_by_the_argdown_cli(sample, tmp_path):
    exe = shutil.which("argdown")
    if exe is None:
        pytest.skip("the Argdown CLI is not installed (npm install -g @argdown/cli)")
    claims, relations, documents, _ = sample
    text = export_map("argdown", *sample)
    assert f"// {CANDIDATE_LABEL}: [" in text
    assert "evidence: citation, d3" in text
    source = tmp_path / "map.argdown"
    source.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [exe, "json", str(source), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads((tmp_path / "out" / "map.json").read_text(encoding="utf-8"))
    statements = data["statements"]
    assert len(statements) == len(claims)
    texts = {m["text"] for s in statements.values() for m in s["members"] if m.get("text")}
    assert texts == {" ".join(c.text.split()) for c in claims}  # escaping is lossless
    counts = Counter(r["relationType"] for r in data["relations"])
    types = asserted_counts(relations)  # candidates are comments, never + or -
    assert counts["support"] == types["supports"] + types["depends_on"] + 2 * types["same_as"]
    assert counts["attack"] == types["attacks"]
    assert sum(counts.values()) == counts["support"] + counts["attack"]
    assert len(data["arguments"]) == 0
    assert [s["title"] for s in data["sections"]] == [d["title"] for d in documents]


def test_aif_nodes_and_edges_are_consistent(sample):
    claims, relations, *_ = sample
    aif = json.loads(export_map("aif", *sample))
    kinds = Counter(n["type"] for n in aif["nodes"])
    types = asserted_counts(relations)  # a candidate gets no scheme node
    assert kinds == {
        "I": len(claims),
        "RA": types["supports"] + types["depends_on"],
        "CA": types["attacks"],
        "MA": types["same_as"],
    }
    ids = {n["nodeID"] for n in aif["nodes"]}
    assert len(ids) == len(aif["nodes"])
    assert all(e["fromID"] in ids and e["toID"] in ids for e in aif["edges"])
    assert len({e["edgeID"] for e in aif["edges"]}) == len(aif["edges"])
    by_id = {n["nodeID"]: n for n in aif["nodes"]}
    for node in aif["nodes"]:
        if node["type"] != "I":  # each scheme node links one premise to one conclusion
            ins = [e for e in aif["edges"] if e["toID"] == node["nodeID"]]
            outs = [e for e in aif["edges"] if e["fromID"] == node["nodeID"]]
            assert len(ins) == len(outs) == 1
            assert by_id[ins[0]["fromID"]]["type"] == by_id[outs[0]["toID"]]["type"] == "I"
            assert node["evidence"]["kind"] in ("discourse", "citation")
    # "c1 depends_on end": end is the premise
    premise = next(n["nodeID"] for n in aif["nodes"] if n["text"] == "end")
    assert any(e["fromID"] == premise and by_id[e["toID"]]["type"] == "RA" for e in aif["edges"])
    cited = [n for n in aif["nodes"] if n.get("evidence", {}).get("kind") == "citation"]
    assert [n["type"] for n in cited] == ["CA"]
    assert cited[0]["evidence"]["quote"] == CITED_QUOTE
    assert aif["locutions"] == []


def test_mermaid_has_safe_ids_escaped_labels_and_one_line_per_edge(sample):
    claims, relations, *_ = sample
    text = export_map("mermaid", *sample)
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    solid = [ln for ln in lines if re.fullmatch(r"\s*n\d+ -->\|\w+\| n\d+", ln)]
    dotted = [ln for ln in lines if re.fullmatch(rf'\s*n\d+ -\.->\|"{CANDIDATE_LABEL}"\| n\d+', ln)]
    assert len(solid) == len(relations) - candidates(relations)
    assert len(dotted) == candidates(relations)
    node_lines = [ln for ln in lines if re.match(r"\s*n\d+\[", ln)]
    assert len(node_lines) == len(claims)
    for line in node_lines:
        label = re.fullmatch(r'\s*n\d+\["(.*)"\]', line).group(1)
        assert not set(label) & set('"<>[]{}`|%')
    assert "%%{" not in text  # no init directive, even from a quote inside a comment
    assert "#quot;no#quot;" in text and "#lt;script#gt;" in text
    assert sum(1 for ln in lines if ln.strip() == "end") == 3  # only subgraph ends
    assert len([ln for ln in lines if "linkStyle" in ln]) == len(relations)
    # Each edge is followed by one comment line naming its evidence; none is a directive.
    comments = [ln.strip() for ln in lines if ln.strip().startswith("%%")]
    assert len(comments) == len(relations)
    assert not any(c.startswith("%%{") for c in comments)
    assert any(c.startswith("%% evidence: citation, d3") for c in comments)
    every = set(solid) | set(dotted)
    for n, line in enumerate(lines):  # every line is an edge, node, subgraph, comment, style
        if line in every:
            assert lines[n + 1].strip().startswith("%% ")


def test_csv_reads_back_and_defuses_formulas(sample):
    claims, relations, _, texts = sample
    rows = list(csv.DictReader(io.StringIO(export_map("csv", *sample))))
    assert [r["id"] for r in rows] == [c.id for c in claims]
    assert rows[0]["text"] == HOSTILE and rows[0]["markers"] == "obviously; never"
    assert rows[0]["published"] == "2024-01-02T00:00:00+00:00"
    assert rows[3]["text"] == "'" + FORMULA
    assert rows[4]["text"] == claims[4].text
    rel_rows = list(csv.DictReader(io.StringIO(export_relations_csv(relations, texts))))
    assert [(r["source"], r["target"]) for r in rel_rows] == [
        (r.source, r.target) for r in relations
    ]
    assert Counter(r["type"] for r in rel_rows) == type_counts(relations)
    assert rel_rows[6]["rationale"] == "x\ny"
    cited = next(r for r in rel_rows if r["evidence_kind"] == "citation")
    assert cited["evidence_quote"] == CITED_QUOTE and cited["asserted"] == "True"
    assert (int(cited["evidence_start"]), int(cited["evidence_end"])) == CITED_SPAN
    unverified = [r for r in rel_rows if r["asserted"] == "False"]
    assert len(unverified) == candidates(relations)
    assert {r["label"] for r in unverified} == {CANDIDATE_LABEL}
    assert export_map("relations-csv", *sample) == export_relations_csv(relations, texts)


def _bib_entries(text: str) -> list[tuple[str, str, dict]]:
    try:
        import bibtexparser
    except ImportError:
        bibtexparser = None
    if bibtexparser is not None and hasattr(bibtexparser, "parse_string"):
        library = bibtexparser.parse_string(text)
        assert not library.failed_blocks
        return [
            (e.entry_type, e.key, {k: f.value for k, f in e.fields_dict.items()})
            for e in library.entries
        ]
    entries = re.findall(r"^@(\w+)\{([^,\s]+),\n(.*?)\n\}$", text, re.M | re.S)
    return [
        (kind, key, dict(re.findall(r"^  (\w+) = \{(.*)\},?$", body, re.M)))
        for kind, key, body in entries
    ]


def test_bibtex_has_one_entry_per_document_with_balanced_braces(sample):
    _, _, documents, _ = sample
    text = export_map("bibtex", *sample)
    entries = _bib_entries(text)
    assert len(entries) == len(documents) == text.count("\n@") + 1
    keys = [key for _, key, _ in entries]
    assert len(set(keys)) == len(keys) and keys[0] == "oneil2024doc"
    kinds = {key: kind for kind, key, _ in entries}
    assert kinds[keys[0]] == "article" and kinds[keys[1]] == "misc"
    first = entries[0][2]
    assert first["eprint"] == "2401.01234" and first["note"] == "arXiv:2401.01234"
    assert first["author"] == "Ann O'Neil and Bob B. Smith" and first["year"] == "2024"
    assert first["title"] == r'{Doc \{1\} \#1 \& <b> "quoted"}'
    assert entries[1][2]["title"] == r"{Notes \% on 50\_50 odds}"
    assert entries[2][2]["url"] == "https://e.org/p%7B1%7D"
    assert entries[2][2]["eprint"] == "2305.00001"
    for _, _, fields in entries:  # every value's braces balance
        for value in fields.values():
            unescaped = re.sub(r"\\[{}]", "", value)
            assert unescaped.count("{") == unescaped.count("}")


def test_csljson_lists_every_document(sample):
    items = json.loads(export_map("csljson", *sample))
    assert [i["id"] for i in items] == ["d1", "d2", "d3"]
    assert items[0]["type"] == "article" and items[0]["number"] == "arXiv:2401.01234"
    assert items[0]["author"][1] == {"family": "Smith", "given": "Bob B."}
    assert items[0]["issued"] == {"date-parts": [[2024, 1, 2]]}
    assert items[1]["type"] == "post-weblog" and "author" not in items[1]
    assert items[2]["issued"] == {"date-parts": [[2023, 5, 1]]}


def test_empty_map_exports_cleanly(tmp_path):
    for fmt in FORMATS:
        assert isinstance(export_map(fmt, [], [], []), str)
    G = nx.read_graphml(io.BytesIO(export_map("graphml", [], [], []).encode()))
    assert G.number_of_nodes() == 0
    dot = shutil.which("dot")
    if dot:
        path = Path(tmp_path / "empty.dot")
        path.write_text(export_map("dot", [], [], []))
        assert subprocess.run([dot, "-Tsvg", str(path)], capture_output=True).returncode == 0
