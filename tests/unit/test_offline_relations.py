"""Relations: discourse connectives inside a document, lexical evidence across documents."""

from __future__ import annotations

from assistant.models import ClaimDraft
from assistant.offline.analyst import OfflineAnalyst
from assistant.offline.candidates import type_candidate
from assistant.offline.claims import extract_claims
from assistant.offline.clash import negated_terms, negation_clash, polarity
from assistant.offline.dialogue import ReplyIndex, stance_towards
from assistant.offline.discourse import paragraph_starts
from assistant.offline.segment import split_sentences
from ingest.tokens import content_terms

ANALYST = OfflineAnalyst()


def _relations(text: str):
    claims = extract_claims(text)
    return claims, ANALYST.relate_within(text, claims)


def test_therefore_marks_a_conclusion_supported_by_the_previous_claim():
    text = (
        "Reward models inherit the biases of their human raters. "
        "Therefore, optimising hard against a reward model will amplify those biases."
    )
    claims, relations = _relations(text)
    assert len(claims) == 2
    [rel] = relations
    assert (rel.source, rel.target, rel.type) == ("0", "1", "supports")
    assert "therefore" in rel.rationale and "conclusion" in rel.rationale


def test_however_marks_an_attack_on_the_previous_claim():
    text = (
        "Behavioural evaluations are the best safety evidence we have. "
        "However, a deceptive model would pass every behavioural evaluation."
    )
    _, relations = _relations(text)
    [rel] = relations
    assert (rel.source, rel.target, rel.type) == ("1", "0", "attacks")
    assert "however" in rel.rationale


def test_because_at_sentence_start_supports_the_previous_claim():
    text = (
        "Labs should not open-source frontier weights. "
        "This is because released weights cannot be recalled once misuse is found."
    )
    _, relations = _relations(text)
    [rel] = relations
    assert (rel.source, rel.target, rel.type) == ("1", "0", "supports")


def test_because_inside_one_sentence_is_not_a_relation_between_claims():
    text = (
        "Because reward models are trained on ratings, they inherit human biases. "
        "Scaling oversight will probably be harder than scaling capabilities."
    )
    _, relations = _relations(text)
    # No link rests on the sentence-internal "because"; at most a weak adjacency reading.
    assert not any("because" in r.rationale for r in relations)
    assert all(r.confidence <= 0.4 for r in relations)


def test_this_assumes_marks_a_dependency():
    text = (
        "Debate will make superhuman models honest. "
        "This assumes that human judges can reliably tell the better argument."
    )
    _, relations = _relations(text)
    [rel] = relations
    assert (rel.source, rel.target, rel.type) == ("0", "1", "depends_on")


def test_connectives_do_not_reach_across_distant_claims():
    text = (
        "Interpretability will be essential for audits. The lab was founded in 2019. "
        "Its offices are in London. It has forty staff. "
        "However, current tools cannot find deceptive circuits."
    )
    claims, relations = _relations(text)
    assert len(claims) == 2 and relations == []


def test_negation_pair_is_an_attack():
    rel = ANALYST.type_relation(
        "Behavioural training will generalise far out of distribution.",
        "Behavioral training will not generalize far out of distribution.",
        0.86,
    )
    assert rel is not None and rel.type == "attacks"
    assert (rel.source, rel.target) == ("b", "a") and "negates" in rel.rationale


def test_antonym_pair_is_an_attack():
    rel = ANALYST.type_relation(
        "Scalable oversight is likely to work for superhuman models.",
        "Scalable oversight is unlikely to work for superhuman models.",
        0.9,
    )
    assert rel is not None and rel.type == "attacks" and "unlikely" in rel.rationale


def test_paraphrase_is_same_as_or_supports():
    near = ANALYST.type_relation(
        "Interpretability tools can detect deceptive alignment in large models.",
        "Current interpretability tools are able to detect deceptive alignment in large models.",
        0.93,
    )
    assert near is not None and near.type == "same_as"
    looser = ANALYST.type_relation(
        "RLHF makes models more sycophantic toward their users.",
        "Training on human feedback makes models more sycophantic toward users.",
        0.8,
    )
    assert looser is not None and looser.type == "supports"


def test_topical_overlap_alone_is_not_a_relation():
    assert (
        ANALYST.type_relation(
            "Interpretability research needs far more funding than it gets.",
            "Mechanistic interpretability studies circuits inside attention heads.",
            0.62,
        )
        is None
    )
    assert (
        ANALYST.type_relation(
            "Scheming models may sabotage safety research.",
            "Scheming is discussed at length in recent alignment posts.",
            0.75,
        )
        is None
    )


def test_naming_the_earlier_author_is_a_response():
    neutral = ANALYST.type_relation(
        "AI control research reduces risk from scheming models.",
        "Wentworth describes control research as a way of managing risk from scheming models.",
        0.6,
        a_author="John Wentworth",
        b_author="Someone Else",
    )
    assert neutral is not None and neutral.type == "responds_to"
    assert "Wentworth" in neutral.rationale
    critical = ANALYST.type_relation(
        "AI control research reduces risk from scheming models.",
        "Wentworth argues that control research neglects slop, which matters more than scheming.",
        0.6,
        a_author="John Wentworth",
        b_author="Someone Else",
    )
    assert critical is not None and critical.type == "attacks"
    assert "Wentworth" in critical.rationale and "neglects" in critical.rationale


def test_a_but_before_the_named_author_turns_against_someone_else():
    # The named author is on the side after the "but": no attack on them.
    agreeing = type_candidate(
        "The failures we catch are, by construction, the ones that were easy to catch.",
        "This is a failure of the training signal, but it is also one that stays invisible "
        "unless oversight cues are varied, which is Feld's point about failures we catch.",
        0.6,
        same_author=False,
        a_author="Marcus Feld",
        reply="addresses",
    )
    assert agreeing is None or agreeing[0] != "attacks"
    # Named first, then contested: an attack on them.
    contesting = type_candidate(
        "The failures we catch are, by construction, the ones that were easy to catch.",
        "Feld says the failures we catch are the easy ones, but oversight cues catch hard ones.",
        0.6,
        same_author=False,
        a_author="Marcus Feld",
        reply="addresses",
    )
    assert contesting is not None and contesting[0] == "attacks"


def test_same_author_does_not_respond_to_themselves():
    result = type_candidate(
        "Control research reduces risk from scheming models.",
        "As Wentworth argues, control research reduces risk from scheming.",
        0.6,
        same_author=True,
        a_author="John Wentworth",
    )
    assert result is None or result[0] != "responds_to"


def test_helpers_normalise_spelling_and_count_negation():
    assert content_terms("Behavioural generalisation") == content_terms("behavioral generalization")
    assert polarity("Models do not lie.") == -1
    assert polarity("Models not only lie but cheat.") == 1
    assert polarity("Models can't and won't lie.") == 1


# -- paragraph structure and reply structure ---------------------------------------------------


def test_unmarked_sentences_in_a_paragraph_support_the_point_before_them():
    text = (
        "Cities should price parking on busy streets. Free kerbside parking fills up by "
        "mid-morning, so drivers circle for spaces and add to congestion. Priced spaces "
        "turn over faster, which helps the shops on those streets."
    )
    claims = _units(text)
    relations = ANALYST.relate_within(text, claims)
    pairs = {(r.source, r.target, r.type) for r in relations}
    assert ("1", "0", "supports") in pairs and ("2", "1", "supports") in pairs
    assert all(r.rationale for r in relations)


def test_a_concession_attacks_the_thesis_and_the_reply_attacks_the_concession():
    text = (
        "Homework in primary school should be abolished. Admittedly, homework gives "
        "parents a view of what their children are learning. But that view can be had "
        "from a weekly note, which costs children nothing."
    )
    _, relations = _relations(text)
    kinds = {(r.source, r.target): r.type for r in relations}
    assert kinds.get(("1", "0")) == "attacks"
    assert kinds.get(("2", "1")) == "attacks"


def test_moreover_adds_a_parallel_reason_to_the_same_conclusion():
    text = (
        "Remote work should remain an option for office staff. For example, it removes "
        "long commutes that cost workers hours every week. Moreover, firms that offer it "
        "can hire from a much wider pool of candidates."
    )
    _, relations = _relations(text)
    kinds = {(r.source, r.target): r.type for r in relations}
    assert kinds.get(("1", "0")) == "supports"
    assert kinds.get(("2", "0")) == "supports"


def test_if_so_makes_a_claim_depend_on_the_previous_one():
    text = (
        "Sea levels will rise by a metre this century under current emissions. If so, "
        "many coastal cities will need sea walls they cannot yet afford."
    )
    _, relations = _relations(text)
    [rel] = relations
    assert (rel.source, rel.target, rel.type) == ("1", "0", "depends_on")


def test_paragraphs_do_not_link_across_by_position_alone():
    text = (
        "Nuclear power is the safest source of electricity per unit generated.\n\n"
        "Museum entry fees should be abolished for children."
    )
    _, relations = _relations(text)
    assert relations == []


def test_paragraph_starts_handle_blank_lines_and_headings():
    text = "Intro sentence here.\n\nMethod\nWe measured things carefully here today."
    starts = paragraph_starts(text)
    assert 0 in starts and text.index("Method") in starts and text.index("We measured") in starts


def test_reply_stance_reads_the_sentences_that_name_the_author():
    critical = (
        "This note replies to Ana Ruiz. Ruiz is right that tutoring helps weak "
        "readers, but she overstates how far it scales."
    )
    friendly = "As Ruiz has argued, tutoring helps weak readers most."
    assert stance_towards(critical, "Ana Ruiz") == "opposes"
    assert stance_towards(friendly, "Ana Ruiz") == "agrees"
    assert stance_towards("Tutoring helps weak readers.", "Ana Ruiz") == ""
    assert stance_towards("The long view matters; long runs help.", "Tom Long") == ""


def test_reply_index_links_documents_in_dialogue():
    index = ReplyIndex(
        [
            ("d1", ["Ana Ruiz"], "Tutoring scales well to whole classes."),
            ("d2", ["Ben Okafor"], "Against Ruiz, I argue that tutoring does not scale."),
            ("d3", ["Cy Dale"], "Class sizes matter less than teacher quality."),
        ]
    )
    assert index.engaged("d2") == ["d1"] and index.engaged("d1") == ["d2"]
    assert index.engaged("d3") == []
    assert index.stance("d2", "Ana Ruiz") == "opposes"


def test_a_reply_that_opposes_its_target_attacks_the_similar_claim():
    rel = ANALYST.type_relation(
        "Tutoring scales well to whole classes.",
        "But tutoring loses most of its effect once groups grow beyond four pupils.",
        0.62,
        a_author="Ana Ruiz",
        b_author="Ben Okafor",
        reply="opposes",
    )
    assert rel is not None and rel.type == "attacks" and "but" in rel.rationale
    agree = ANALYST.type_relation(
        "Tutoring helps weak readers more than strong ones.",
        "I agree with Ruiz that tutoring helps weak readers more than strong ones.",
        0.7,
        a_author="Ana Ruiz",
        b_author="Ben Okafor",
        reply="opposes",
    )
    assert agree is not None and agree.type in ("supports", "same_as")


def test_negation_scope_is_local_to_its_clause():
    assert "generaliz" in negated_terms("Models do not generalise, and data is plentiful.")
    assert "data" not in negated_terms("Models do not generalise, and data is plentiful.")
    # Both deny the same thing: no clash between them.
    a = "Current models are not capable of taking over."
    b = "Today's models are nowhere near capable of taking over anything."
    shared = content_terms(a) & content_terms(b)
    assert not negation_clash(a, b, shared)


# -- a held-out set, written for these tests (not from the demo corpus) ------------------------
#
# Short argumentative texts on varied topics, each labelled with the relation we expect
# between two of its claims, and cross-text pairs labelled supports / attacks / none. The
# score is printed and must stay well above the trivial "everything supports" baseline.

HELD_OUT_WITHIN = [
    (
        "Schools should start later in the morning. Teenagers' sleep cycles shift later "
        "during puberty, so early starts cut their sleep short.",
        1,
        0,
        "supports",
    ),
    (
        "A four-day week raises productivity. However, the trials that show this were run "
        "in firms that volunteered, which biases the results.",
        1,
        0,
        "attacks",
    ),
    (
        "Rent control protects existing tenants. Yet it also discourages landlords from "
        "building new flats, which pushes rents up for everyone else.",
        1,
        0,
        "attacks",
    ),
    (
        "Public libraries remain essential. For instance, they are often the only free "
        "place where people without home internet can apply for jobs.",
        1,
        0,
        "supports",
    ),
    (
        "Electric cars produce no tailpipe emissions. Therefore, replacing diesel buses "
        "with electric ones will improve air quality in city centres.",
        0,
        1,
        "supports",
    ),
    (
        "Vaccination should be mandatory for school entry. Critics say mandates erode "
        "trust in public health agencies. But the countries with mandates have not seen "
        "trust fall faster than those without.",
        1,
        0,
        "attacks",
    ),
    (
        "Vaccination should be mandatory for school entry. Critics say mandates erode "
        "trust in public health agencies. But the countries with mandates have not seen "
        "trust fall faster than those without.",
        2,
        1,
        "attacks",
    ),
    (
        "Open-plan offices harm concentration. Workers in them are interrupted far more "
        "often than those in private rooms, according to several surveys.",
        1,
        0,
        "supports",
    ),
    (
        "Standardised tests measure something real. Indeed, scores predict first-year "
        "university grades about as well as school reports do.",
        1,
        0,
        "supports",
    ),
    (
        "A sugar tax reduces consumption of soft drinks. Nevertheless, it falls hardest "
        "on poorer households, who spend more of their income on food.",
        1,
        0,
        "attacks",
    ),
    (
        "Museums should return looted artefacts. After all, the objects were taken "
        "without consent, and consent is what makes ownership legitimate.",
        1,
        0,
        "supports",
    ),
    (
        "Social media makes teenagers lonelier. On the other hand, many isolated teenagers "
        "find their only supportive community online.",
        1,
        0,
        "attacks",
    ),
    (
        "Cycling lanes reduce traffic deaths. In Copenhagen, deaths fell sharply in the "
        "decade after the lane network was completed.",
        1,
        0,
        "supports",
    ),
    (
        "Nuclear plants are too slow to build to help with the climate. That said, plants "
        "built today will still be running when the grid needs firm power in 2060.",
        1,
        0,
        "attacks",
    ),
    (
        "Grades should be abolished in primary school. They make children compare "
        "themselves with each other instead of with their own progress. Moreover, teachers "
        "spend hours on marking that could go into planning lessons.",
        2,
        0,
        "supports",
    ),
]

HELD_OUT_ACROSS = [
    (
        "Minimum wage increases cost jobs for young workers.",
        "Minimum wage increases do not cost jobs for young workers.",
        0.9,
        "",
        "attacks",
    ),
    (
        "Nuclear power is safe for nearby residents.",
        "Nuclear power is dangerous for nearby residents.",
        0.85,
        "",
        "attacks",
    ),
    (
        "Homework improves learning in secondary school.",
        "I agree with Patel that homework improves learning in secondary school.",
        0.8,
        "opposes",
        "supports",
    ),
    (
        "Remote work lowers productivity in software teams.",
        "But remote software teams ship as often as office-based ones.",
        0.6,
        "opposes",
        "attacks",
    ),
    (
        "Carbon taxes are the cheapest way to cut emissions.",
        "Taxing carbon is the most cost-effective way to reduce emissions across the economy.",
        0.78,
        "",
        "supports",
    ),
    (
        "Standardised testing narrows the curriculum.",
        "Standardised testing is wrong to blame for a narrow curriculum; funding cuts "
        "narrowed it first.",
        0.66,
        "opposes",
        "attacks",
    ),
    (
        "Self-driving cars will reduce road deaths.",
        "Self-driving cars are unlikely to reduce road deaths in mixed traffic.",
        0.8,
        "",
        "attacks",
    ),
    (
        "Urban trees lower summer temperatures.",
        "Local authorities should plant more trees along their high streets.",
        0.45,
        "",
        None,
    ),
    (
        "Free school meals raise attendance.",
        "School meal menus were redesigned in 2019.",
        0.5,
        "",
        None,
    ),
    (
        "Rewilding increases biodiversity in upland areas.",
        "Rewilding upland areas clearly increases their biodiversity.",
        0.88,
        "",
        "supports",
    ),
]


# A second batch, written after the analyst was final and scored once without changes to
# the analyst: its score is the honest estimate (the first batch revealed three bugs).
HELD_OUT_WITHIN_2 = [
    (
        "Zoos should stop keeping elephants. Elephants in captivity live far shorter lives "
        "than those in the wild.",
        1,
        0,
        "supports",
    ),
    (
        "Plastic bag bans reduce litter. Still, shoppers switch to thicker bags that take "
        "more energy to make.",
        1,
        0,
        "attacks",
    ),
    (
        "Exams should be replaced by coursework. This is because coursework rewards steady "
        "effort rather than a single day's performance.",
        1,
        0,
        "supports",
    ),
    (
        "Daylight saving time should be abolished. The clock change disrupts sleep for "
        "days. Thus, it increases road accidents in the week after the change.",
        1,
        2,
        "supports",
    ),
    (
        "Universal basic income would end poverty traps. Of course, it would be very "
        "expensive to fund. But much of the cost replaces existing benefits.",
        1,
        0,
        "attacks",
    ),
    (
        "Universal basic income would end poverty traps. Of course, it would be very "
        "expensive to fund. But much of the cost replaces existing benefits.",
        2,
        1,
        "attacks",
    ),
    (
        "Space exploration deserves public funding. It has produced technologies such as "
        "water purification and satellite weather forecasting.",
        1,
        0,
        "supports",
    ),
    (
        "Online voting would raise turnout. However, it would be far harder to audit than "
        "paper ballots.",
        1,
        0,
        "attacks",
    ),
]
HELD_OUT_ACROSS_2 = [
    (
        "Fluoridated water reduces tooth decay in children.",
        "Fluoridated water does not reduce tooth decay in children.",
        0.88,
        "",
        "attacks",
    ),
    (
        "Video games make children more aggressive.",
        "Video games do not make children more aggressive, according to large cohort studies.",
        0.82,
        "",
        "attacks",
    ),
    (
        "Four-day weeks improve staff wellbeing.",
        "As Patel argues, a four-day week improves the wellbeing of staff.",
        0.84,
        "agrees",
        "supports",
    ),
    (
        "Congestion charges cut traffic in city centres.",
        "Congestion charges reduce city-centre traffic substantially.",
        0.83,
        "",
        "supports",
    ),
    (
        "Organic farming is better for the environment.",
        "Organic farming is worse for the environment, because it needs more land per "
        "tonne of food.",
        0.8,
        "",
        "attacks",
    ),
    ("High-speed rail is worth its cost.", "The new stadium opened in the spring.", 0.3, "", None),
]


def _units(text: str) -> list[ClaimDraft]:
    """Every sentence as an argumentative unit: the held-out set scores relation typing on
    given units, as annotated corpora do, not claim detection."""
    return [
        ClaimDraft(start=s, end=e, quote=text[s:e], text=text[s:e], kind="conceptual")
        for s, e in split_sentences(text)
    ]


def _within_label(text: str, source: int, target: int) -> str | None:
    relations = ANALYST.relate_within(text, _units(text))
    for rel in relations:
        if {rel.source, rel.target} == {str(source), str(target)}:
            return rel.type
    return None


def held_out_accuracy() -> tuple[float, float, int]:
    """(support/attack accuracy on the held-out set, baseline "supports", items)."""
    correct = baseline = total = 0
    for text, source, target, expected in HELD_OUT_WITHIN:
        total += 1
        correct += _within_label(text, source, target) == expected
        baseline += expected == "supports"
    for a, b, similarity, reply, expected in HELD_OUT_ACROSS:
        total += 1
        rel = ANALYST.type_relation(a, b, similarity, "Ana Patel", "Ben Okafor", reply=reply)
        got = None if rel is None else ("supports" if rel.type == "same_as" else rel.type)
        correct += got == expected
        baseline += expected == "supports"
    return correct / total, baseline / total, total


def second_batch_accuracy() -> tuple[float, int]:
    correct = total = 0
    for text, source, target, expected in HELD_OUT_WITHIN_2:
        total += 1
        correct += _within_label(text, source, target) == expected
    for a, b, similarity, reply, expected in HELD_OUT_ACROSS_2:
        total += 1
        rel = ANALYST.type_relation(a, b, similarity, "Ana Patel", "Ben Okafor", reply=reply)
        got = None if rel is None else ("supports" if rel.type == "same_as" else rel.type)
        correct += got == expected
    return correct / total, total


def test_held_out_support_attack_accuracy(capsys):
    accuracy, baseline, total = held_out_accuracy()
    with capsys.disabled():
        print(
            f"\nheld-out relation typing: {accuracy:.2f} over {total} items "
            f"(baseline 'supports': {baseline:.2f})"
        )
    assert accuracy >= 0.8 and accuracy > baseline + 0.2
    second, count = second_batch_accuracy()
    with capsys.disabled():
        print(f"held-out second batch: {second:.2f} over {count} items")
    assert second >= 0.7


def test_a_co_author_named_elsewhere_is_not_a_reply_to_a_many_author_paper():
    """Papers cite a many-author work by its first author; naming a co-author is citing
    their other work, so a "however" beside it is not opposition to this paper."""
    paper = "Dario Amodei, Chris Olah, Jacob Steinhardt, Paul Christiano, John Schulman"
    related_work = (
        "However, many researchers worry more about gradual erosion of control "
        "[Christiano, 2019]. We build on earlier taxonomies of failure."
    )
    assert stance_towards(related_work, paper) == ""
    assert stance_towards("Amodei et al. are wrong about side effects.", paper) == "opposes"
    # With one or two authors, each is named in replies.
    assert stance_towards("Okafor is wrong about scaling.", "Ana Ruiz and Ben Okafor") == (
        "opposes"
    )


def test_names_in_a_reference_list_do_not_put_documents_in_dialogue():
    body = " ".join(["Reward hacking is a serious failure mode for capable agents."] * 30)
    citing = f"{body}\n\nReferences\n\nAna Ruiz. Tutoring does not scale. 2020.\n"
    index = ReplyIndex(
        [("d1", ["Ana Ruiz"], "Tutoring scales well."), ("d2", ["Ben Okafor"], citing)]
    )
    assert index.engaged("d2") == []


def test_a_but_in_a_paper_that_only_cites_the_author_is_no_attack():
    """A claim's "but" usually turns against its own previous sentence; only a document
    that opposes the author, or a claim that names them, makes it an attack on them."""
    earlier = "Reward hacking is hard to detect in deployed agents."
    later = "But reward hacking in deployed agents can be caught by careful monitoring."
    kwargs = {"a_author": "Ana Ruiz", "b_author": "Ben Okafor"}
    cited = ANALYST.type_relation(earlier, later, 0.7, reply="addresses", **kwargs)
    assert cited is not None and cited.type == "responds_to"
    opposed = ANALYST.type_relation(earlier, later, 0.7, reply="opposes", **kwargs)
    assert opposed is not None and opposed.type == "attacks"


def test_modal_opposites_clash_only_on_the_same_verb():
    unrelated = ANALYST.type_relation(
        "Iterative refinement can solve problems that single-pass reasoning models fail on.",
        "This is something that cannot be said about modern reasoning models.",
        0.6,
    )
    assert unrelated is None or unrelated.type != "attacks"
    clash = ANALYST.type_relation(
        "Interpretability tools can verify that large models are aligned.",
        "Interpretability tools cannot verify that large models are aligned.",
        0.9,
    )
    assert clash is not None and clash.type == "attacks"
