"""Relations: discourse connectives inside a document, lexical evidence across documents."""

from __future__ import annotations

from assistant.offline.analyst import OfflineAnalyst
from assistant.offline.claims import extract_claims
from assistant.offline.relations import content_terms, polarity, type_candidate

ANALYST = OfflineAnalyst()


def _relations(text: str):
    claims = extract_claims(text)
    return claims, ANALYST.relate_within(text, claims)


def test_therefore_marks_a_conclusion_supported_by_the_previous_claim():
    text = ("Reward models inherit the biases of their human raters. "
            "Therefore, optimising hard against a reward model will amplify those biases.")
    claims, relations = _relations(text)
    assert len(claims) == 2
    [rel] = relations
    assert (rel.source, rel.target, rel.type) == ("0", "1", "supports")
    assert "therefore" in rel.rationale and "conclusion" in rel.rationale


def test_however_marks_an_attack_on_the_previous_claim():
    text = ("Behavioural evaluations are the best safety evidence we have. "
            "However, a deceptive model would pass every behavioural evaluation.")
    _, relations = _relations(text)
    [rel] = relations
    assert (rel.source, rel.target, rel.type) == ("1", "0", "attacks")
    assert "however" in rel.rationale


def test_because_at_sentence_start_supports_the_previous_claim():
    text = ("Labs should not open-source frontier weights. "
            "This is because released weights cannot be recalled once misuse is found.")
    _, relations = _relations(text)
    [rel] = relations
    assert (rel.source, rel.target, rel.type) == ("1", "0", "supports")


def test_because_inside_one_sentence_is_not_a_relation_between_claims():
    text = ("Because reward models are trained on ratings, they inherit human biases. "
            "Scaling oversight will probably be harder than scaling capabilities.")
    _, relations = _relations(text)
    assert relations == []


def test_this_assumes_marks_a_dependency():
    text = ("Debate will make superhuman models honest. "
            "This assumes that human judges can reliably tell the better argument.")
    _, relations = _relations(text)
    [rel] = relations
    assert (rel.source, rel.target, rel.type) == ("0", "1", "depends_on")


def test_connectives_do_not_reach_across_distant_claims():
    text = ("Interpretability will be essential for audits. The lab was founded in 2019. "
            "Its offices are in London. It has forty staff. "
            "However, current tools cannot find deceptive circuits.")
    claims, relations = _relations(text)
    assert len(claims) == 2 and relations == []


def test_negation_pair_is_an_attack():
    rel = ANALYST.type_relation(
        "Behavioural training will generalise far out of distribution.",
        "Behavioral training will not generalize far out of distribution.", 0.86)
    assert rel is not None and rel.type == "attacks"
    assert (rel.source, rel.target) == ("b", "a") and "negates" in rel.rationale


def test_antonym_pair_is_an_attack():
    rel = ANALYST.type_relation("Scalable oversight is likely to work for superhuman models.",
                                "Scalable oversight is unlikely to work for superhuman models.",
                                0.9)
    assert rel is not None and rel.type == "attacks" and "unlikely" in rel.rationale


def test_paraphrase_is_same_as_or_supports():
    near = ANALYST.type_relation(
        "Interpretability tools can detect deceptive alignment in large models.",
        "Current interpretability tools are able to detect deceptive alignment in large models.",
        0.93)
    assert near is not None and near.type == "same_as"
    looser = ANALYST.type_relation("RLHF makes models more sycophantic toward their users.",
                                   "Training on human feedback makes models more sycophantic "
                                   "toward users.", 0.8)
    assert looser is not None and looser.type == "supports"


def test_topical_overlap_alone_is_not_a_relation():
    assert ANALYST.type_relation(
        "Interpretability research needs far more funding than it gets.",
        "Mechanistic interpretability studies circuits inside attention heads.", 0.62) is None
    assert ANALYST.type_relation(
        "Scheming models may sabotage safety research.",
        "Scheming is discussed at length in recent alignment posts.", 0.75) is None


def test_naming_the_earlier_author_is_a_response():
    rel = ANALYST.type_relation(
        "AI control research reduces risk from scheming models.",
        "Wentworth argues that control research neglects slop, which matters more than scheming.",
        0.6, a_author="John Wentworth", b_author="Someone Else")
    assert rel is not None and rel.type == "responds_to" and "Wentworth" in rel.rationale


def test_same_author_does_not_respond_to_themselves():
    result = type_candidate("Control research reduces risk from scheming models.",
                            "As Wentworth argues, control research reduces risk from scheming.",
                            0.6, same_author=True, a_author="John Wentworth")
    assert result is None or result[0] != "responds_to"


def test_helpers_normalise_spelling_and_count_negation():
    assert content_terms("Behavioural generalisation") == content_terms("behavioral generalization")
    assert polarity("Models do not lie.") == -1
    assert polarity("Models not only lie but cheat.") == 1
    assert polarity("Models can't and won't lie.") == 1
