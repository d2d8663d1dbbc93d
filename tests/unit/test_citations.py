"""Citation statements: reference lists, in-text markers, named people, quotations, links,
their stance, their resolution to library documents, and their storage."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.citations import (
    Citation,
    CitationResolver,
    classify_stance,
    find_citations,
)
from assistant.references import argued_text, parse_references, reference_section, url_key
from ingest.models import Document

NUMBERED_PAPER = """Safe Exploration in Practice

1 Introduction
Agents that explore freely can damage their environment [1]. We use the method of [1] to
bound the damage. Contrary to [2], we find that reward shaping alone does not prevent
unsafe exploration. Our results are consistent with [3, 4], which report similar failures.
Unlike [4], we train on real robots. Several surveys cover the area [2-4].

References
[1] Ada Lovelace and Alan Turing. "Bounded exploration for careful agents". In: Journal
of Safe Learning 3 (2019).
[2] Grace Hopper et al. "Reward shaping makes exploration safe". In: arXiv preprint
arXiv:1811.01234 (2018).
[3] Edsger Dijkstra. Failures of shaping in the wild. 2020.
[4] Barbara Liskov and John McCarthy. "Shaping and its discontents: a field report". In:
Proceedings of Imaginary Learning. 2021, pp. 1-9.
"""

AUTHOR_YEAR_PAPER = """Deception After Training

Hubinger et al. (2024) find that backdoored models keep their behaviour through safety
training. As Ngo and Chan (2022) argued, situational awareness makes this worse. This is
consistent with earlier work [Pan et al., 2022, Ngo and Chan, 2022]. Some authors hold the
opposite view (Hopper, 2019; Pan et al., 2022). Carlsmith (2023) is wrong that such
behaviour would be easy to detect.

References
Evan Hubinger, Carson Denison, Jesse Mu, and Ethan Perez. Sleeper agents: Training deceptive
models that persist through safety training. arXiv preprint arXiv:2401.05566, 2024.
Richard Ngo and Lawrence Chan. The alignment problem from a deep learning perspective.
arXiv preprint arXiv:2209.00626, 2022.
Alexander Pan, Kush Bhatia, and Jacob Steinhardt. The effects of reward misspecification:
mapping and mitigating misaligned models. In International Conference on Learning
Representations, 2022.
Grace Hopper. Why models will stay honest, 2019. URL https://example.org/honest.
Joe Carlsmith. Scheming AIs: will AIs fake alignment during training in order to get
power?, 2023.

Notes
1. A footnote after the reference list still belongs to the argument.
"""


def _marker_texts(text: str, citations: list[Citation]) -> list[str]:
    return [" ".join(text[c.marker_start : c.marker_end].split()) for c in citations]


def test_reference_section_needs_entries_after_the_heading():
    toc = "Contents\n1 Introduction\nReferences\n2 Method\n\n" + "Body text. " * 200
    assert reference_section(toc) is None
    section = reference_section(AUTHOR_YEAR_PAPER)
    assert AUTHOR_YEAR_PAPER[section.start : section.body].strip() == "References"
    assert AUTHOR_YEAR_PAPER[section.end :].startswith("Notes")


def test_argued_text_blanks_only_the_list_and_keeps_offsets():
    argued = argued_text(AUTHOR_YEAR_PAPER)
    assert len(argued) == len(AUTHOR_YEAR_PAPER)
    assert "Sleeper agents" not in argued
    assert "A footnote after the reference list" in argued
    assert argued.count("\n") == AUTHOR_YEAR_PAPER.count("\n")


def test_numbered_entries_are_parsed():
    entries = {e.label: e for e in parse_references(NUMBERED_PAPER)}
    assert sorted(entries) == ["1", "2", "3", "4"]
    assert entries["1"].authors == ["Lovelace", "Turing"]
    assert entries["1"].title == "Bounded exploration for careful agents"
    assert entries["1"].year == "2019"
    assert entries["2"].arxiv_id == "1811.01234"
    assert entries["3"].title == "Failures of shaping in the wild"
    assert entries["4"].authors == ["Liskov", "McCarthy"]


def test_author_year_entries_are_parsed_across_wrapped_lines():
    entries = parse_references(AUTHOR_YEAR_PAPER)
    assert [e.first_author for e in entries] == ["Hubinger", "Ngo", "Pan", "Hopper", "Carlsmith"]
    hubinger, ngo, pan, hopper, carlsmith = entries
    assert hubinger.title == (
        "Sleeper agents: Training deceptive models that persist through safety training"
    )
    assert (hubinger.arxiv_id, hubinger.year) == ("2401.05566", "2024")
    assert pan.title.startswith("The effects of reward misspecification: mapping")
    assert hopper.url == "https://example.org/honest"
    assert carlsmith.title.endswith("in order to get power?")


def test_numbered_markers_map_to_entries_with_their_stance():
    cites = find_citations("p1", NUMBERED_PAPER, [])
    by_marker = {}
    for c in cites:
        by_marker.setdefault(NUMBERED_PAPER[c.marker_start : c.marker_end], []).append(c)
    assert [c.title for c in by_marker["[3, 4]"]] == [
        "Failures of shaping in the wild",
        "Shaping and its discontents: a field report",
    ]
    assert {c.stance for c in by_marker["[3, 4]"]} == {"supporting"}
    assert [c.stance for c in by_marker["[2]"]] == ["contrasting"]
    assert by_marker["[2]"][0].cue == "Contrary to …"
    assert len(by_marker["[2-4]"]) == 3
    # Using a method and differing in set-up are not stances.
    assert [c.stance for c in by_marker["[1]"]] == ["mentioning", "mentioning"]
    assert [c.stance for c in by_marker["[4]"]] == ["mentioning"]
    # Nothing inside the reference list is a citation statement.
    section = reference_section(NUMBERED_PAPER)
    assert all(c.marker_start < section.start for c in cites)


def test_author_year_markers_narrative_bracketed_and_parenthesised():
    cites = [c for c in find_citations("p2", AUTHOR_YEAR_PAPER, []) if c.kind == "reference"]
    markers = _marker_texts(AUTHOR_YEAR_PAPER, cites)
    assert markers == [
        "Hubinger et al. (2024)",
        "Ngo and Chan (2022)",
        "Pan et al., 2022",
        "Ngo and Chan, 2022",
        "Hopper, 2019",
        "Pan et al., 2022",
        "Carlsmith (2023)",
    ]
    assert all(c.title for c in cites), [c for c in cites if not c.title]
    stances = [c.stance for c in cites]
    assert stances == [
        "mentioning",
        "supporting",
        "supporting",
        "supporting",
        "mentioning",
        "mentioning",
        "contrasting",
    ]


STANCES = [
    ("Contrary to ⟨X⟩, we find no such effect.", "contrasting"),
    ("⟨X⟩ is wrong that oversight scales.", "contrasting"),
    ("We disagree with ⟨X⟩ on this point.", "contrasting"),
    ("⟨X⟩ overlooks the role of situational awareness.", "contrasting"),
    ("Unlike ⟨X⟩'s claim that training removes deception, backdoors persist.", "contrasting"),
    ("⟨X⟩ argues that debate scales, but this ignores obfuscated arguments.", "contrasting"),
    ("⟨X⟩ argues that debate scales; however, we find it does not.", "contrasting"),
    # The cited author's own two-part view, as summaries report it, is no dispute.
    ("⟨X⟩ thinks that debate scales, but also thinks that it is costly.", "mentioning"),
    ("⟨X⟩ thinks the method has issues, but some estimates suggest 1e14 FLOP/s.", "mentioning"),
    ("As ⟨X⟩ showed, reward models can be gamed.", "supporting"),
    ("This is consistent with ⟨X⟩.", "supporting"),
    ("⟨X⟩ rightly points out that evaluation is hard.", "supporting"),
    ("Our results are in line with ⟨X⟩.", "supporting"),
    ("We use the method of ⟨X⟩.", "mentioning"),
    ("Unlike ⟨X⟩, we train on real robots.", "mentioning"),
    ("⟨X⟩ give the example of a claw that fools the camera.", "mentioning"),
    ("This is not consistent with ⟨X⟩.", "contrasting"),
    ("Contrary to popular belief, the method of ⟨X⟩ is simple.", "mentioning"),
    ("Contrary to the findings of ⟨X⟩, the effect vanishes at scale.", "contrasting"),
    ("In contrast to ⟨X⟩'s claim, the effect vanishes at scale.", "contrasting"),
    ("Inner alignment is defined in contrast to the outer alignment problem ⟨X⟩.", "mentioning"),
    ("In contrast to ⟨X⟩, we study language models.", "mentioning"),
    ("This story cuts against the arguments in ⟨X⟩.", "contrasting"),
]


@pytest.mark.parametrize(("template", "stance"), STANCES)
def test_stance_is_read_from_the_sentence(template, stance):
    marker = "Hubinger et al. (2024)"
    sentence = template.replace("⟨X⟩", marker)
    start = sentence.index(marker)
    assert classify_stance(sentence, (start, start + len(marker)))[0] == stance


def test_stance_toward_one_citation_ignores_cues_about_another():
    sentence = "Contrary to [3], the results of [5] hold."
    assert classify_stance(sentence, (29, 32), [(12, 15)])[0] == "mentioning"
    assert classify_stance(sentence, (12, 15), [(29, 32)])[0] == "contrasting"


POST = """Wentworth argues that natural abstractions are convergent, but the evidence is thin.
As Christiano has noted, slow takeoff gives us time. Training shows that models generalise,
and careful training matters. Claude 3.5 Sonnet showed the behaviour too. He wrote: "the
model will play along with training until it is deployed and no longer watched" in 2019.
"""


def test_named_people_with_reporting_verbs():
    cites = [c for c in find_citations("post", POST, []) if c.kind == "named"]
    assert [(c.person, c.stance) for c in cites] == [
        ("Wentworth", "contrasting"),
        ("Christiano", "supporting"),
    ]


def test_quotations_of_at_least_eight_words():
    cites = [c for c in find_citations("post", POST, []) if c.kind == "quotation"]
    (quote,) = cites
    assert POST[quote.quote_start : quote.quote_end].startswith("the\nmodel will play along")


def _doc(doc_id, title, text, url=None, authors=(), year=2023, **extra) -> Document:
    return Document(
        id=doc_id,
        kind="feed",
        identity=url or doc_id,
        title=title,
        text=text,
        url=url,
        authors=list(authors),
        published=datetime(year, 1, 1, tzinfo=UTC),
        content_hash="h",
        **extra,
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://arxiv.org/abs/2209.00626v3", "http://arxiv.org/pdf/2209.00626.pdf"),
        (
            "https://www.lesswrong.com/posts/Ab1cD2eF3gH4iJ5k/some-slug#fn1",
            "https://www.alignmentforum.org/posts/Ab1cD2eF3gH4iJ5k",
        ),
        (
            "https://www.lesswrong.com/posts/Ab1cD2eF3gH4iJ5k/some-slug?commentId=x#fn1",
            "https://www.alignmentforum.org/posts/Ab1cD2eF3gH4iJ5k?commentId=x",
        ),
        ("https://www.blog.example/post/", "http://blog.example/post?utm_source=rss#top"),
        ("https://doi.org/10.1000/XYZ", "https://dx.doi.org/10.1000/xyz"),
    ],
)
def test_url_spellings_of_one_page_share_a_key(a, b):
    assert url_key(a) == url_key(b)


def test_url_keys_keep_different_pages_apart():
    assert url_key("https://blog.example/a") != url_key("https://blog.example/b")
    assert url_key("https://blog.example/?p=1") != url_key("https://blog.example/?p=2")
    post = "https://www.lesswrong.com/posts/Ab1cD2eF3gH4iJ5k/some-slug"
    assert url_key(post) != url_key(post + "?commentId=c1")


def test_a_link_to_a_comment_finds_the_comment_when_stored_and_its_post_otherwise():
    post_url = "https://www.lesswrong.com/posts/Ab1cD2eF3gH4iJ5k/some-slug"
    post = _doc("post", "A post about debate", "Debate helps oversight scale.", url=post_url)
    comment = _doc("comment", "Re: debate", "It does not.", url=post_url + "?commentId=c1")
    link = post_url + "?commentId=c1"
    assert CitationResolver.from_documents([post, comment]).resolve_url(link) == "comment"
    assert CitationResolver.from_documents([post]).resolve_url(link) == "post"
    assert CitationResolver.from_documents([post, comment]).resolve_url(post_url) == "post"


def test_html_post_links_resolve_to_the_post_in_the_library():
    from ingest.parsers.html import parse_html_page

    page = b"""<html><head><link rel="canonical" href="https://www.lesswrong.com/posts/Zz9yY8xX7wW6/reply">
    </head><body><article><p>Contrary to <a href="https://www.alignmentforum.org/posts/Ab1cD2eF3gH4iJ5k/the-case">the
    case for optimism</a>, deception survives training.</p></article></body></html>"""
    parsed = parse_html_page(page, "saved.html")
    citing = _doc("dreply", parsed.title, parsed.text, parsed.url, links=parsed.links)
    cited = _doc(
        "dcase",
        "The case for optimism",
        "Training will remove deception.",
        "https://www.lesswrong.com/posts/Ab1cD2eF3gH4iJ5k/the-case-for-optimism",
    )
    resolver = CitationResolver.from_documents([citing, cited])
    (link,) = find_citations(citing.id, citing.text, citing.links)
    assert (link.kind, link.stance) == ("link", "contrasting")
    assert citing.text[link.sentence_start : link.sentence_end].endswith("survives training.")
    assert resolver.resolve(link) == "dcase"
    # What a reply answers resolves the same way, whatever the host or slug.
    assert resolver.resolve_url("https://lesswrong.com/posts/Ab1cD2eF3gH4iJ5k/") == "dcase"
    assert resolver.resolve_url(cited.url, exclude="dcase") is None


def test_reference_entries_resolve_by_arxiv_id_or_title_with_a_shared_author():
    paper = _doc("dpaper", "Deception After Training", AUTHOR_YEAR_PAPER)
    sleeper = _doc(
        "dsleeper", "Sleeper Agents", "Text.", "https://arxiv.org/abs/2401.05566", ["E Hubinger"]
    )
    pan = _doc(
        "dpan",
        "The Effects of Reward Misspecification: Mapping and Mitigating Misaligned Models",
        "Text.",
        authors=["Alexander Pan"],
    )
    namesake = _doc(
        "dother",
        "Why models will stay honest",
        "Text.",
        authors=["Someone Else"],
    )
    resolver = CitationResolver.from_documents([paper, sleeper, pan, namesake])
    cites = [c for c in find_citations(paper.id, paper.text, []) if c.kind == "reference"]
    resolved = {
        " ".join(paper.text[c.marker_start : c.marker_end].split()): resolver.resolve(c)
        for c in cites
    }
    assert resolved["Hubinger et al. (2024)"] == "dsleeper"
    assert resolved["Pan et al., 2022"] == "dpan"
    # Same title, but none of the cited authors: not the cited work.
    assert resolved["Hopper, 2019"] is None
    assert resolved["Ngo and Chan (2022)"] is None


def test_a_person_resolves_only_with_a_year_that_picks_one_work():
    post = _doc("dpost", "A reply", POST)
    one = _doc("dw1", "Natural abstractions hypothesis", "Text.", authors=["John Wentworth"])
    c1 = _doc("dc1", "What failure looks like", "Text.", authors=["Paul Christiano"], year=2019)
    c2 = _doc("dc2", "Where I agree and disagree", "Text.", authors=["Paul Christiano"], year=2022)
    resolver = CitationResolver.from_documents([post, one, c1, c2])
    named = {c.person: c for c in find_citations(post.id, post.text, []) if c.kind == "named"}
    # A name alone is not evidence of which work: candidates only.
    assert resolver.resolve(named["Wentworth"]) is None
    assert resolver.candidates(named["Wentworth"]) == ["dw1"]
    assert resolver.candidates(named["Christiano"]) == ["dc1", "dc2"]
    dated = named["Christiano"].model_copy(update={"year": "2019", "kind": "reference"})
    assert resolver.resolve(dated) == "dc1"
    undated_both = named["Christiano"].model_copy(update={"year": "2020", "kind": "reference"})
    assert resolver.resolve(undated_both) is None


def test_a_quotation_resolves_to_the_earliest_document_holding_it_verbatim():
    source_text = (
        "Some context first. The model will play along with training until it is deployed "
        "and no longer watched, which is the worry."
    )
    original = _doc("dorig", "Risks from learned optimisation", source_text, year=2019)
    later = _doc("dlater", "A later essay", "It said " + source_text, year=2021)
    post = _doc("dpost", "A reply", POST, year=2024)
    unrelated = _doc("dnone", "Unrelated", "Nothing about models here at all, just words.")
    resolver = CitationResolver.from_documents([post, later, original, unrelated])
    (quote,) = [c for c in find_citations(post.id, post.text, []) if c.kind == "quotation"]
    found = resolver.locate(quote)
    assert (found.doc_id, found.via) == ("dorig", "quotation")
    assert source_text[found.start : found.end].startswith("The model will play along")
    assert source_text[found.start : found.end].endswith("no longer watched")
    alone = CitationResolver.from_documents([post, unrelated])
    assert alone.resolve(quote) is None  # its own text does not count


def test_citation_store_replaces_and_reads_both_directions(library):
    from assistant.citationstore import CitationRecord, CitationStore
    from ingest.models import ParsedDocument

    ids = []
    for identity, text in (("a", NUMBERED_PAPER), ("b", "Bounded exploration text.")):
        _, doc_id = library.stage(
            ParsedDocument(kind="text", identity=identity, title=identity, text=text)
        )
        ids.append(doc_id)
    citing, cited = ids
    store = CitationStore(library)
    cites = find_citations(citing, NUMBERED_PAPER, [])
    records = [
        CitationRecord.from_citation(c, None).model_copy(
            update={"target_doc": cited if c.title and c.title.startswith("Bounded") else None}
        )
        for c in cites
    ]
    store.save_citations(citing, records)
    assert store.citations_of(citing) == sorted(
        records, key=lambda r: (r.marker_start, r.marker_end, r.kind)
    )
    back = store.cited_by(cited)
    assert len(back) == 2 and {r.target_title for r in back} == {
        "Bounded exploration for careful agents"
    }
    arxiv = [r for r in store.citations_of(citing) if r.target_url]
    assert {r.target_url for r in arxiv} == {"https://arxiv.org/abs/1811.01234"}
    store.save_citations(citing, records[:1])
    assert len(store.citations_of(citing)) == 1
    with pytest.raises(ValueError):
        store.save_citations(cited, records[:1])


def test_shared_papers_ngo_et_al_cite_concrete_problems(shared_dir):
    from ingest.library import document_id
    from ingest.parsers.pdf import parse_pdf

    docs = []
    for name in (
        "alignment-problem-from-deep-learning-perspective",
        "concrete-problems-in-ai-safety",
    ):
        parsed = parse_pdf((shared_dir / "samples" / f"{name}.pdf").read_bytes(), name)
        docs.append(
            Document(id=document_id(parsed.identity), content_hash="h", **parsed.model_dump())
        )
    ngo, concrete = docs
    resolver = CitationResolver.from_documents(docs)
    cites = find_citations(ngo.id, ngo.text, ngo.links)
    to_concrete = [c for c in cites if resolver.resolve(c) == concrete.id]
    assert len(to_concrete) >= 3
    assert all(c.title == "Concrete problems in AI safety" for c in to_concrete)
    # Most reference markers of a paper map to an entry of its list.
    references = [c for c in cites if c.kind == "reference"]
    assert sum(1 for c in references if c.title) >= 0.9 * len(references)
