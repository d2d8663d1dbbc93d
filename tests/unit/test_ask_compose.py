"""Answers say only what the map establishes, on maps built by hand.

Two kinds of map: one with no established disagreement (only `related` candidates, a
relation without evidence, and an author's own "However" inside one text), and one with an
asserted, citation-backed attack between different people.
"""

from __future__ import annotations

from assistant.ask import compose
from assistant.ask.models import Answer, Citation, Exchange, Position
from assistant.ask.positions import (
    agreements,
    assign_sides,
    disputes,
    exchanges,
    lead,
    same_people,
)
from assistant.ask.verify import cited_numbers, verify_sentences
from assistant.models import Claim, Evidence, Relation

PAPER = "Ana Ortiz, Ben Lutz, Chen Wei, Dora Kim"


def claim(cid: str, doc: str, author: str, quote: str, title: str = "") -> Claim:
    return Claim(
        id=cid,
        doc_id=doc,
        start=0,
        end=len(quote),
        quote=quote,
        text=quote,
        kind="empirical",
        author=author,
        title=title or f"Text {doc}",
    )


CLAIMS = {
    c.id: c
    for c in [
        claim("p1", "paper", PAPER, "Safety training removes most backdoored behaviour [12]."),
        claim("p2", "paper", PAPER, "However, the largest models keep the backdoor."),
        claim("q1", "post", "Raj Patel", "Backdoors survive safety training in every model tried."),
        claim("q2", "post", "Raj Patel", "So red-teaming alone cannot certify a model."),
        claim("n1", "note", "", "Persistence grows with model size.", "Notes on backdoors"),
    ]
}


def rel(source: str, target: str, type_: str, kind: str | None) -> Relation:
    evidence = Evidence(kind=kind, doc_id="post", start=0, end=10) if kind else None
    return Relation(source=source, target=target, type=type_, rationale="", evidence=evidence)


#: No established disagreement: a candidate, an evidence-less "attack", a similarity
#: "attack", and a same-author contrast inside the paper.
UNDISPUTED = [
    rel("q1", "p1", "related", "similarity"),
    rel("n1", "p1", "attacks", None),
    rel("q1", "p2", "attacks", "similarity"),
    rel("p2", "p1", "attacks", "discourse"),
    rel("q2", "q1", "supports", "discourse"),
]
#: The same map plus a citation-backed attack of the post on the paper.
DISPUTED = [*UNDISPUTED, rel("q1", "p1", "attacks", "citation")]


def citations(ids: list[str]) -> dict[int, Citation]:
    return {
        n: Citation(
            n=n,
            doc_id=CLAIMS[cid].doc_id,
            claim_id=cid,
            start=0,
            end=len(CLAIMS[cid].quote),
            quote=CLAIMS[cid].quote,
            title=CLAIMS[cid].title,
            author=CLAIMS[cid].author,
        )
        for n, cid in enumerate(ids, 1)
    }


def test_names_are_first_author_et_al_for_many_authors():
    assert lead(PAPER) == "Ana Ortiz et al."
    assert lead("Raj Patel and Sue Park") == "Raj Patel and Sue Park"
    assert lead("Raj Patel") == "Raj Patel"
    assert lead("") == ""


def test_a_shared_author_or_document_is_the_same_voice():
    assert same_people(CLAIMS["p1"], CLAIMS["p2"])
    assert not same_people(CLAIMS["p1"], CLAIMS["q1"])
    coauthored = claim("x", "other", "Chen Wei", "Another text.")
    assert same_people(CLAIMS["p1"], coauthored)


def test_without_asserted_cross_person_attacks_there_are_no_sides_or_exchanges():
    order = list(CLAIMS)
    assert disputes(UNDISPUTED, CLAIMS) == []
    assert assign_sides(order, UNDISPUTED, CLAIMS) == {}
    assert exchanges(UNDISPUTED, set(CLAIMS), CLAIMS) == []


def test_an_asserted_citation_attack_draws_sides_around_it():
    sides = assign_sides(list(CLAIMS), DISPUTED, CLAIMS)
    assert sides["p1"] == 1 and sides["q1"] == 2
    assert sides["q2"] == 2  # supports q1 in q1's own text
    assert "n1" not in sides  # its "attack" has no evidence
    found = exchanges(DISPUTED, set(CLAIMS), CLAIMS)
    assert [(r.source, r.target, r.evidence.kind) for r in found] == [("q1", "p1", "citation")]


def undisputed_answer() -> tuple[Answer, dict[int, Citation]]:
    by_n = citations(["p1", "q1", "p2", "n1"])
    answer = Answer(question="q", answer="", abstained=False, mirror_question="m")
    answer.citations = list(by_n.values())
    return answer, by_n


def test_undisputed_answer_groups_by_source_and_says_no_disagreement_was_established():
    answer, by_n = undisputed_answer()
    sentences = compose.extractive(answer, by_n)
    text = " ".join(sentences)
    for banned in ("opposing", "attack each other", "directly attacks", "Evidence balance"):
        assert banned not in text
    assert sentences[0].startswith("Ana Ortiz et al., in ‘Text paper’: “Safety training")
    assert "[1]" in sentences[0] and "[3]" in sentences[0]  # both paper claims, one sentence
    assert sentences[1].startswith("Raj Patel, in ‘Text post’:")
    assert sentences[2].startswith("The unsigned text ‘Notes on backdoors’:")
    assert sentences[-1].startswith("No disagreement between these sources was established")
    kept, dropped = verify_sentences(sentences, by_n, generated=False)
    assert kept == sentences, dropped


def test_disputed_answer_names_the_attack_and_its_evidence():
    by_n = citations(["p1", "q1", "q2"])
    answer = Answer(question="q", answer="", abstained=False, mirror_question="m")
    answer.citations = list(by_n.values())
    answer.disputed = True
    answer.exchanges = [
        Exchange(claim=1, response=2, type="attacks", evidence=Evidence(kind="citation"))
    ]
    sentences = compose.extractive(answer, by_n)
    assert not any("opposing" in s for s in sentences)  # no positions drawn, none claimed
    answer.positions = [
        Position(label="position 1", authors=["Ana Ortiz et al."], citations=[1]),
        Position(label="position 2", authors=["Raj Patel"], citations=[2, 3]),
    ]
    sentences = compose.extractive(answer, by_n)
    assert (
        sentences[0].startswith("The library holds 2 opposing positions")
        and "[1][2]" in sentences[0]
    )
    assert sentences[2].startswith("Position 2 (Raj Patel): “Backdoors survive")
    attack = next(s for s in sentences if "directly attacks" in s)
    assert attack.startswith(
        "Raj Patel directly attacks Ana Ortiz et al. (a citation in Raj Patel's text):"
    )
    assert "No disagreement" not in " ".join(sentences)
    kept, _ = verify_sentences(sentences, by_n, generated=False)
    assert kept == sentences


def test_a_reference_mark_inside_a_quote_is_not_a_citation():
    assert cited_numbers("Ana Ortiz: “removes most behaviour [12].” [1].") == [1]
    by_n = citations(["p1"])
    kept, dropped = verify_sentences(compose.quotes_only(list(by_n.values())), by_n, False)
    assert len(kept) == 1 and not dropped


def test_an_inner_double_quote_does_not_break_the_quote_check():
    by_n = citations(["p1"])
    by_n[1].quote = by_n[1].quote.replace("most", "“most”")
    sentence = f"Ana Ortiz: “{compose.short(by_n[1].quote)}” [1]."
    assert verify_sentences([sentence], by_n, False)[0] == [sentence]


def test_an_invented_quote_is_still_caught():
    by_n = citations(["p1"])
    sentence = "Ana Ortiz: “Safety training removes every backdoor, always.” [1]."
    kept, dropped = verify_sentences([sentence], by_n, False)
    assert kept == [] and "quotes text" in dropped[0]


def test_a_pdf_quote_reads_as_its_words_and_is_still_checked_against_the_verbatim_span():
    by_n = citations(["p1"])
    verbatim = "Safety training, which al-\nlows models to hide backdoors, can fail."
    by_n[1].quote, by_n[1].shown = (
        verbatim,
        "Safety training, which allows models to hide backdoors, can fail.",
    )
    [sentence] = compose.source_sentences(list(by_n.values()))
    assert "which allows models" in sentence and "al-" not in sentence
    assert verify_sentences([sentence], by_n, False)[0] == [sentence]
    # The raw span is accepted too (a model may quote it), and an invented one still is not.
    raw = f"Ana Ortiz: “{compose.short(verbatim)}” [1]."
    invented = (
        "Ana Ortiz: “Safety training, which allows models to hide everything, can fail.” [1]."
    )
    kept, dropped = verify_sentences([raw, invented], by_n, False)
    assert kept == [raw] and "quotes text" in dropped[0]


def test_framing_alone_is_not_content():
    answer, by_n = undisputed_answer()
    sentences = compose.extractive(answer, by_n)
    assert compose.is_content(sentences[0])
    assert not compose.is_content(sentences[-1])


def test_a_generated_sentence_may_not_invent_a_disagreement():
    by_n = citations(["p1", "q1"])
    sentence = "Raj Patel disagrees with Ortiz about backdoors surviving safety training [1][2]"
    kept, dropped = verify_sentences([sentence], by_n, generated=True, disputed=False)
    assert kept == [] and "does not establish" in dropped[0]
    kept, _ = verify_sentences([sentence], by_n, generated=True, disputed=True)
    assert kept == [sentence]


def test_agreement_needs_an_asserted_support_from_another_person():
    candidates = [
        rel("q1", "p1", "related", "similarity"),
        rel("p2", "p1", "supports", "discourse"),
    ]
    assert agreements(list(CLAIMS.values()), candidates) == []
    backed = [*candidates, rel("q1", "p1", "supports", "citation")]
    found = agreements(list(CLAIMS.values()), backed)
    assert [(c.id, backers) for c, backers, _ in found] == [
        ("p1", ["Ana Ortiz et al.", "Raj Patel"])
    ]


def test_abstention_names_the_nearest_sources_once_each():
    by_n = citations(["p1", "p2", "q1"])
    text = compose.abstention_text("brushing", list(by_n.values()))[0]
    assert text.startswith("The library does not answer this")
    assert text.count("‘Text paper’") == 1
    assert "‘Text post’ (Raj Patel)" in text


class Rarity:
    """Word rarity from a handful of passages, as TermRarity computes it from chunks."""

    def __init__(self, passages: list[str]) -> None:
        from assistant.ask.retrieve import root
        from ingest.tokens import tokenize

        self.df: dict[str, int] = {}
        for passage in passages:
            for word in {root(w) for w in tokenize(passage)}:
                self.df[word] = self.df.get(word, 0) + 1
        self.n = len(passages)

    def idf(self, term: str) -> float:
        import math

        return math.log((self.n + 1) / (self.df.get(term, 0) + 0.5))

    def known(self, term: str) -> bool:
        return term in self.df


LIBRARY = [
    "Training large language models on human feedback makes them sycophantic.",
    "Large language models trained with RLHF flatter their users.",
    "Safety training of large language models leaves backdoors in place.",
    "Evaluations of large language models miss situational awareness.",
]


def test_a_subject_the_library_never_discusses_covers_little_of_the_question():
    from assistant.ask.retrieve import cooccurrence

    rarity = Rarity(LIBRARY)
    asked, _ = cooccurrence(
        "Does human feedback make language models sycophantic?", LIBRARY, rarity
    )
    brushed, terms = cooccurrence(
        "How much electricity does training large language models consume?", LIBRARY, rarity
    )
    assert asked == 1.0
    assert "electric" in terms and brushed < 0.45


def test_abstention_reasons_come_from_the_retrieval_evidence():
    from assistant.ask.nodes import abstention_reason
    from assistant.ask.retrieve import Evidence as Found
    from assistant.ask.retrieve import Retrieval

    near = Retrieval(
        evidence=[Found(claim=CLAIMS["p1"], relevance=0.7, rank_score=0.7)],
        best_similarity=0.7,
        coverage=0.8,
        chunk_hits=1,
        unknown_terms=[],
        cooccurrence=0.9,
        unused_terms=[],
    )

    def but(**changes) -> Retrieval:
        return near.model_copy(update=changes)

    assert abstention_reason(near) is None
    assert abstention_reason(but(evidence=[])) == "off_topic"
    assert abstention_reason(but(best_similarity=0.2)) == "off_topic"
    # The question's words never meet in one passage: brushing, unless the claims are so
    # close to the question that it is answered in other words (a researcher's long question).
    assert abstention_reason(but(best_similarity=0.5, cooccurrence=0.3)) == "brushing"
    assert abstention_reason(but(best_similarity=0.75, cooccurrence=0.3)) is None
    assert abstention_reason(but(unused_terms=["octopus"])) is None
    # Words the library never uses ("octopus") weigh against the subject being discussed.
    edge = but(best_similarity=0.56, cooccurrence=0.3)
    assert abstention_reason(edge) is None
    assert abstention_reason(edge.model_copy(update={"unused_terms": ["octopus"]})) == "brushing"
