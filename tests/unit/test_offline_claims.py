"""Claim detection: what is and is not a claim, kinds, hedging, normalised text, and F1."""

from __future__ import annotations

import pytest

from assistant.offline.claim_text import nearby_vocabulary, needs_context, normalise, readable
from assistant.offline.claims import claim_kind, extract_claims, score_sentence

# A small hand-labelled set written for this project (not taken from any corpus): mixed genres,
# True = the sentence is a claim an author commits to, False = it is not.
LABELLED = [
    ("In this post, I'll walk through the main results.", False),
    ("Thanks to Alice and Bob for comments on an earlier draft.", False),
    ("What would it take to make interpretability useful for audits?", False),
    ("I think current interpretability tools are far too coarse to catch deceptive models.", True),
    ("Governments should require independent audits before frontier models are deployed.", True),
    ("We trained a 1.3B parameter model on the filtered corpus for two epochs.", False),
    ("Our results show that the filtered model refuses 40% fewer benign requests.", True),
    ("Skip to main content", False),
    ("See the appendix for the full prompt.", False),
    ("However, this approach fails to generalise to unseen attack types.", True),
    ("Therefore, behavioural evaluations alone cannot establish that a model is safe.", True),
    ("Last year I attended a workshop in Berlin.", False),
    ("Scaling alone will probably not produce robust honesty.", True),
    ("Here are a few examples.", False),
    ("Because reward models are trained on human ratings, they inherit human biases.", True),
    ("The dataset contains 12,000 dialogues collected in 2021.", False),
    ("It is obvious that open-sourcing weights makes misuse easier.", True),
    ("Related work", False),
    ("Smith, J. and Lee, K. (2020). Concrete problems in oversight. arXiv:2001.01234.", False),
    (
        "Most critics overlook the cost of doing nothing, which is likely to be larger than the "
        "cost of regulation.",
        True,
    ),
    ("Homeschooling gives parents more control, but it deprives children of social contact.", True),
    ("The meeting was held on Tuesday afternoon.", False),
]

# A second set, written before the detector was retuned on it (it first scored F1 0.33 and
# exposed that plain generic statements were being missed); kept as a regression check.
SECOND = [
    ("Some people believe that university education should be free for everyone.", True),
    ("In my opinion, the benefits of tourism outweigh its environmental costs.", True),
    ("To begin with, I will describe the structure of the essay.", False),
    ("According to a 2019 survey, 62% of students work part-time.", True),
    ("The survey was conducted online between March and May.", False),
    ("Public transport reduces congestion and pollution in large cities.", True),
    ("Furthermore, children who play team sports learn cooperation early.", True),
    ("My brother moved to Toronto in 2015.", False),
    ("Who benefits from this policy?", False),
    ("Figure 2 shows the architecture of the encoder.", False),
    ("The proposed method improves accuracy by 4 points over the strongest baseline.", True),
    ("Advertising aimed at children ought to be banned.", True),
    ("The code is available on GitHub.", False),
    ("We thank the anonymous reviewers.", False),
    ("Nevertheless, online courses lack the personal contact that students need.", True),
    ("Table 1 lists the hyperparameters.", False),
    ("Nuclear power is the only realistic way to decarbonise quickly.", True),
    ("The conference takes place every two years.", False),
]


def _f1(predicted: list[bool], gold: list[bool]) -> float:
    tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
    fp = sum(p and not g for p, g in zip(predicted, gold, strict=True))
    fn = sum(g and not p for p, g in zip(predicted, gold, strict=True))
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def _predict(sentence: str) -> bool:
    return bool(extract_claims(sentence))


@pytest.mark.parametrize("labelled", [LABELLED, SECOND], ids=["first", "second"])
def test_f1_on_the_hand_labelled_sets_beats_calling_everything_a_claim(labelled):
    gold = [label for _, label in labelled]
    predicted = [_predict(sentence) for sentence, _ in labelled]
    baseline = _f1([True] * len(gold), gold)
    ours = _f1(predicted, gold)
    assert ours > baseline + 0.15, (ours, baseline)
    assert ours >= 0.85, [s for (s, g), p in zip(labelled, predicted, strict=True) if g != p]


@pytest.mark.parametrize(
    "sentence",
    [
        "Why would a model ever reveal its goals?",
        "In this post I describe the setup we used.",
        "I'll elaborate on this in the next section.",
        "Here are a few examples of the failure.",
        "Thanks to the reviewers for their helpful comments.",
        "This section reviews prior work on reward hacking.",
        "Subscribe",
        "https://example.org/a-very-long-link-to-a-paper.pdf",
        "[3] See https://arxiv.org/abs/2504.05419",
        "Zhang et al., 2025. Detecting errors in reasoning models. arXiv:2504.05419.",
        "2. Why oversight fails",
        "def score(x): return {k: v for k, v in x.items()}",
        "I'm not exactly sure why this is the case.",
        "I don't have the bandwidth to defend this idea here, but I hope to return to it.",
        "Should we? [2]",
    ],
)
def test_non_claims_are_not_extracted(sentence):
    assert extract_claims(sentence) == [], score_sentence(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Sharing some sorts of information with the group can result in doom. [3]",
        "Deceptive models will probably evade every linear probe.[12]",
        "Debate cannot scale past the judge's competence. ^",
    ],
)
def test_a_claim_followed_by_a_footnote_marker_is_still_a_claim(sentence):
    assert extract_claims(sentence), score_sentence(sentence)


def test_a_thesis_stated_as_signposting_is_still_a_claim():
    assert extract_claims("In this essay I will argue that audits must be mandatory.")


PARAGRAPH = (
    "Interpretability research should be funded far more than it is. "
    "Current models will probably become much harder to inspect by 2030. "
    "Our experiments show that probes recover 85% of the planted features. "
    "We use a new benchmark because older ones leak into the training data. "
    "Deception is a property of a policy, not of a single output. "
    "What should labs do about it?"
)


def test_a_short_argumentative_paragraph_yields_typed_hedged_claims():
    claims = extract_claims(PARAGRAPH)
    kinds = [c.kind for c in claims]
    assert kinds == ["normative", "prediction", "empirical", "methodological", "conceptual"]
    hedged = [c.hedged for c in claims]
    assert hedged == [False, True, False, False, False]
    for claim in claims:
        assert claim.quote == PARAGRAPH[claim.start : claim.end]
        assert 0.5 <= claim.confidence <= 0.95


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Labs must publish their evaluations.", "normative"),
        ("It is going to get harder to audit these systems.", "prediction"),
        ("The study found a 12% drop in refusals.", "empirical"),
        ("We introduce a method that trains probes on activations.", "methodological"),
        ("Corrigibility is a property of the whole system.", "conceptual"),
    ],
)
def test_claim_kinds(sentence, kind):
    assert claim_kind(sentence) == kind


def test_normalised_text_drops_connectives_opinion_frames_and_footnote_marks():
    assert normalise("However, I think that models lie.[3]") == "Models lie."
    assert normalise("So we should stop.") == "We should stop."
    assert normalise("But honesty is hard to train[2].") == "Honesty is hard to train."


def test_markers_record_assumptions_and_unhedged_universals():
    [claim] = extract_claims("Obviously every deceptive model will always be caught by audits.")
    assert "obviously" in claim.markers
    assert "every" in claim.markers and "always" in claim.markers
    [hedged] = extract_claims("Perhaps every model could be audited in time.")
    assert hedged.hedged and "every" not in hedged.markers


def test_quotes_are_exact_for_unicode_bullets_and_footnotes():
    text = (
        "## Why “alignment” matters\n\n"
        "Naïve oversight won’t scale, because models can learn to game it.[1] "
        "That’s why — in my view — audits must be adversarial.\n"
        "- Evaluations are necessary but not sufficient.\n"
        "• Red-teaming should be continuous, e.g. before and after deployment.\n\n"
        "[1] See https://example.org/paper\n"
    )
    claims = extract_claims(text)
    assert len(claims) >= 3
    for claim in claims:
        assert text[claim.start : claim.end] == claim.quote
        assert claim.quote == claim.quote.strip()
        assert not claim.quote.startswith(("-", "•"))
    assert all("https://" not in c.quote for c in claims)


def test_claims_are_deterministic():
    assert extract_claims(PARAGRAPH) == extract_claims(PARAGRAPH)


# -- real-text shapes that are not claims (sentences written for this project) ---------------

NOT_CLAIMS_ON_REAL_TEXT = [
    "Figure 4: Probe accuracy falls sharply as models grow larger.",
    "Table 3. Refusal rates are higher for the filtered model.",
    "Goal guarding: the hypothetical tendency of a policy that protects its current objective.",
    "We define sandbagging as deliberately underperforming on an evaluation.",
    "Specification gaming refers to a policy exploiting flaws in its reward signal.",
    "This failure mode is known as the treacherous turn.",
    "In Section 3, we describe why debate could fail when judges are biased.",
    "The rest of this paper is organised as follows.",
    "Finally, we briefly outline how oversight might break down at scale.",
    "However, for the sake of simplicity we continue to focus on supervised fine-tuning.",
    "This would make auditing a deceptive model far more difficult:",
    "For more details see the supplementary material.",
    "See Appendix C for the complete list of prompts and the scoring rubric we used.",
    "I have written about this before, see here and here.",
    "This is: Why probes fail, published by Jane Doe on March 3, 2024 on The AI Alignment Forum.",
    "Welcome to The Example Library, where we use Text-to-Speech software to read the best posts.",
    "We thank Carol Smith and Dan Ruiz for helpful comments on an earlier draft.",
    "Mara Ilves, Tomas Berg, Priya Raman, and Jonas Weil.",
    "Contact: jane.doe@example.org for questions about the benchmark release.",
    "0.81 0.77 0.64 0.59 0.52 0.49 baseline",
    "Consider a lab that has to decide which model checkpoints to release first.",
    "INTRODUCTION In this post I am going to describe a small cellular automaton.",
    "training runs that were stopped early because of the loss spikes.",
    "[2023] show that chain-of-thought is often unfaithful to the model's computation.",
    "Robustness: A policy is robust if it keeps its performance off the training distribution.",
    "Corrigibility (also, CORR) - the property of an agent that accepts being corrected.",
    "I would like to apologize in advance to everyone whose work I have overlooked.",
    "(Context: my last post tried to patch a naive plan, but it is worth restating the plan.)",
    "We will start by asking whether good predictors would learn human values.",
    "Posted Mar 4, 2019; last revised June 1 2021 We have gathered examples of sudden jumps.",
    "Our aim in this report is to identify a few open problems in reward learning.",
    "Where little earlier work exists, as with side effects, our goal is to explore them.",
    "The second part of this series will focus on how debate handles deceptive debaters.",
    "For a fixed budget, we can define the best policy to be the one that maximises reward.",
    "We take 'present techniques' to mean methods that are already published and used.",
    "Ideally, our evaluations would give assurances like this: 1.",
    "For example, suppose I want to sleep more, and I find a mattress I have never tried.",
    "First, let's look at an example of applying the frame to a thermostat.",
    "Normative ethics is the philosophical study of what people ought to value.",
    "Others provide surveys of this work, so we don't review it extensively here.",
    "There is also a section on hiring at the lab, which I won't get into here.",
    "I really enjoyed this post; it read like the clearest account of the idea.",
    "We'll then briefly comment on how this agenda relates to interpretability work.",
    "A full treatment of the costs is beyond the scope of this post.",
    "Henceforth we assume that the overseer is honest and turn our attention to its budget.",
    "I especially like the section in which the authors simulate a lab race.",
    "It would be interesting to see whether the probes transfer to larger models.",
    "My hope is that this list can be useful to people who are new to the field.",
    "If you want to read my longer notes on the paper, they're here.",
    "The table below contains every published estimate we could find.",
    "The Safety Ledger is a proposed mechanism for sharing incident reports between labs.",
    "I liked these examples, especially the one about the thermostat.",
    "We would like to use the labelled transcripts to train a second probe.",
    "Our ultimate goal is to find a training signal that rewards honest reports.",
    "You can change your forecast by dragging the marker along the timeline.",
    "It discusses the history of arms control and the limits of verification regimes.",
    "Notes from the reading group This post speculates about oversight for agents.",
    "There is a growing...",
    "While the first policy looks safer from the outside, […]",
    "I wonder whether the probes would still work on a model ten times larger.",
    "So far I've been talking about models trained with a fixed reward.",
    "One might assume that a capable model must understand what its developers wanted.",
    "This leads to the idea of bounded oversight, where the overseer checks a sample of steps.",
    "Tractability is a heuristic that funders use to rank open problems.",
    "I'm only summarizing the sections on oversight, which seemed most relevant.",
    "The proofs are beyond me, so I am going to abstain from an opinion on them.",
    "I'm not sure I understand the point of the third experiment, but I'll give it a try.",
    "Second opinion: I agree with the summary above, and have a few more thoughts.",
    "Finally, we consider how labs might coordinate on the release of evaluation results.",
    "Then we turn to the objections that critics of debate have raised in recent years.",
    "Why debate probably helps weak judges, and helps them most when the debaters are matched",
]


@pytest.mark.parametrize("sentence", NOT_CLAIMS_ON_REAL_TEXT)
def test_real_text_non_claims_are_not_extracted(sentence):
    assert extract_claims(sentence) == [], score_sentence(sentence)


CLAIMS_ON_REAL_TEXT = [
    "In this section we argue that honest models will still be hard to verify.",
    "Multiple Critics: An ensemble of several critics may be harder to exploit than one.",
    "It is crucial to test for deception before capabilities outpace our tools.",
    "These results suggest that probes overfit to the phrasing of the prompts.",
    "Reward hacking will get much harder to detect once policies model their overseers.",
    "Self-supervised pretraining probably leaves the goals of the final policy underdetermined.",
    "In particular, audits will miss any deception that the model plans in advance.",
    "Our goal is to argue that oversight must scale, because capabilities outpace evaluation.",
    "Interpretability is the only study of model internals that could catch deception early.",
    "We don't think reward models generalise here, because the shift is too large.",
    "I like this framing: it shows why audits cannot replace training-time oversight.",
    "I particularly like that the method needs no labels, as labels are what oversight lacks.",
    "The Safety Ledger is a proposed mechanism that would fail without legal protection.",
    "Labs will not share incident reports unless they are protected...",
    "In a month of searching we found no lab that audits its models before release, though"
    " two of them said they were planning to...",
    "We would like to argue that audits must be adversarial to catch a deceptive model.",
    "One might assume that audits catch deception, but a planned deception passes them.",
    "I agree with Patel that audits will miss a deception the model plans in advance.",
    "I find this plausible because the audit samples only one episode in a thousand.",
    "Here the audit fails because the model plans its deception in advance.",
]


@pytest.mark.parametrize("sentence", CLAIMS_ON_REAL_TEXT)
def test_argumentative_claims_in_paper_shapes_are_kept(sentence):
    assert extract_claims(sentence), score_sentence(sentence)


def test_a_heading_in_capitals_glued_to_a_sentence_is_not_part_of_the_quote():
    text = "WHY AUDITS FAIL Audits will probably miss deception, because models can hide it."
    [claim] = extract_claims(text)
    assert claim.quote == "Audits will probably miss deception, because models can hide it."


def test_a_run_in_label_is_dropped_from_the_quote_but_a_glossary_entry_is_not_a_claim():
    text = "Multiple Critics: An ensemble of several critics may be harder to exploit than one."
    [claim] = extract_claims(text)
    assert claim.quote.startswith("An ensemble") and claim.quote == text[claim.start : claim.end]
    assert extract_claims("Reward tampering: the act of a policy editing its own reward.") == []


def test_a_caption_continues_until_the_line_ends():
    text = (
        "Figure 2: Accuracy by model size. Larger models are clearly far harder to probe.\n"
        "Larger models are clearly far harder to probe than small ones, as the gap widens."
    )
    quotes = [c.quote for c in extract_claims(text)]
    assert quotes == [
        "Larger models are clearly far harder to probe than small ones, as the gap widens."
    ]


def test_nothing_in_a_reference_list_or_acknowledgements_is_a_claim():
    body = "Oversight will probably fail without better tools, because models will improve.\n\n"
    tail = (
        "Acknowledgements\n"
        "We are deeply grateful to the reviewers, whose advice made this paper much better.\n\n"
        "References\n"
        "Ada Moss and Ben Kay. Honest models are rarely honest for the right reasons.\n"
        "Journal of Imaginary Results, 12(3):1-9, 2021.\n"
        "Cy Dunn. Scaling will not solve alignment by itself. arXiv preprint, 2022.\n\n"
        "Notes\n"
        "1. Audits must be adversarial, or they will certainly miss deliberate deception.\n"
    )
    quotes = [c.quote for c in extract_claims(body + tail)]
    assert quotes[0].startswith("Oversight will probably fail")
    assert not any(
        "grateful" in q or "Scaling will not" in q or "rarely honest" in q for q in quotes
    )
    assert any(q.startswith("Audits must be adversarial") for q in quotes)


def test_list_items_that_only_finish_a_lead_in_are_not_claims():
    text = (
        "Collusion would be very hard for humans to spot once models can:\n"
        "• Act faster than any human reviewer could follow.\n"
        "• Write messages that hide content from their overseers.\n"
        "Instrumental goals that would help most final goals include:\n"
        "• Acquiring money and compute (e.g. through trading).\n"
        "• Models that can copy themselves will resist shutdown.\n"
    )
    quotes = [c.quote for c in extract_claims(text)]
    assert quotes == ["Models that can copy themselves will resist shutdown."]


# -- the displayed text reads as a sentence --------------------------------------------------


def test_displayed_text_joins_pdf_lines_and_dehyphenates_but_the_quote_stays_verbatim():
    text = (
        "Better critics keep improving reward models. In this case, improv-\n"
        "ing the critic would likely reduce reward hacking and create an\n"
        "emergent form of reward-\nhacking resistance in well-\nknown settings.\n"
    )
    claim = next(c for c in extract_claims(text) if c.quote.startswith("In this case"))
    assert claim.quote == text[claim.start : claim.end] and "\n" in claim.quote
    assert claim.text == (
        "In this case, improving the critic would likely reduce reward hacking and create an emergent form "
        "of reward-hacking resistance in well-known settings."
    )


@pytest.mark.parametrize(
    ("quote", "text"),
    [
        ("Models keep improv- ing quickly, and improving them is cheap.", "improving quickly"),
        ("We saw self-\nsupervised models fail, which is bad.", "self-supervised"),
        ("Pre- and post-training both matter for honesty.", "Pre- and post-training"),
        ("Deep models are hard to veri-\nfy in practice.", "hard to verify"),
        ("The robot might not\n5\n\nbring a bucket into the room.", "might not bring a bucket"),
        ("Most AI-\ngenerated text is fluent, which hides its errors.", "Most AI-generated text"),
    ],
)
def test_line_end_hyphens_and_page_numbers(quote, text):
    assert text in normalise(quote)


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("This suggests that probes overfit.", True),
        ("These results show a clear trend toward deception.", True),
        ("It follows that audits must be adversarial.", True),
        ("That is why oversight has to scale.", True),
        ("Such models would resist correction.", True),
        ("They are sycophantic, agreeing with users too much.", True),
        ("But this does not mean the risk is small.", True),
        ("It is important to test models before release.", False),
        ("This paper argues that debate scales.", False),
        ("Reward models inherit human biases.", False),
        ("Scaling alone will not produce honesty.", False),
    ],
)
def test_needs_context(quote, expected):
    assert needs_context(quote) is expected


@pytest.mark.parametrize(
    "sentence",
    [
        # contribution statements name what a work offers, they argue nothing
        "Building on this, we introduce ProbeBench, a suite of tasks that stress-test probes.",
        "We propose Debate Tuning, a fine-tuning recipe that rewards honest arguments.",
        # what a work contains, said of the work
        "It includes a short history of the field and then lists the winning entries.",
        "Besides the new attacks, the report also provides a table of comparable budgets.",
        "The lab has published a blog post detailing the rules it will follow.",
        "The survey covers forty agendas across a dozen organisations.",
        # the writer's own situation, plans and omissions
        "However, I wanted to share the draft now rather than wait for the final version.",
        "Mostly I work on how we might learn preferences from observed choices.",
        "If you only care about one lab, you can use the contents list to jump to it.",
        "(There is more to say about this paragraph, which I have not quoted in full.)",
        "I enjoyed the replies and have included some discussion of them at the end.",
        "We presented four open problems and for each we discussed a possible experiment.",
        # a part of the text named by number, described
        "Scalable oversight (Section 5) discusses how to supervise tasks humans cannot judge.",
        # questions raised, literature noted, terms explained
        "This raises the question of whether such arguments apply to current systems.",
        "A related problem has been discussed informally by [21] as 'quiet agents'.",
        "The umbrella term 'alignment tax' captures the extra cost of building safely.",
        "I mean something close to the loose sense people give the word 'ought'.",
        "We might call these 'brittle goals', as opposed to goals that survive retraining.",
        "★3 ◆7 means we expect about three days of work and rate it seven out of ten.",
        # reader guidance, hopes and disclaimers about the text and its writer
        "Instead, I suggest skipping to the parts that are most relevant to you.",
        "I hope this also answers the worry that the forum distrusts long essays.",
        "(Note that I don't follow this field closely, so I may have missed earlier work.)",
        # questions named, settings set up
        "A key open question is what to do once a deceptive model has been caught.",
        "We can also consider a sparse setting, where the label is seen only sometimes.",
        "Consider for example a game where each of N players can press a shared button.",
        "To see this, suppose that some input leaves the outcome undecided.",
        "The thin red line indicates the year in which output first doubles.",
        "(ML), which lets systems improve from experience rather than rules.",
        "As usual I don't want to speculate on what this means for safety.",
        "I'm really curious to know which factors made that possible.",
        "This preface will be revised once the rest of the sequence is written.",
        "The goal is to write out a detailed scenario that is as plausible as I can make it.",
        # a list announced, an agreement with what is out of sight, a handle given
        "To flesh this out a little, here are some categories of ways to follow the rule.",
        "Here are three reasons to doubt the second premise.",
        "I agree completely with the first two points.",
        "We mostly agree with the post.",
        "I find this to be plausible.",
        "(We think of this with the handle “acting for reasons,” though the use is our own.)",
    ],
)
def test_what_is_not_argued_is_not_a_claim(sentence):
    scored = score_sentence(sentence)
    assert scored.excluded, (sentence, scored)


@pytest.mark.parametrize(
    "sentence",
    [
        "We propose that deception is readable from activations.",
        "We introduce a benchmark and show that current probes fail on it.",
        "The paper shows that reward hacking generalises across tasks.",
        "It provides a strong incentive to deceive the overseers.",
        "Interpretability research deserves far more funding than it gets.",
        # a verdict on a work, or a belief beside a pointer, is still a claim
        "The report presents a groundbreaking approach to honest reporting by models.",
        "This post makes an important point in a clear way.",
        "Here are a few examples of such failures; I suspect there are many more.",
    ],
)
def test_findings_and_theses_about_a_work_stay_claims(sentence):
    assert extract_claims(sentence), score_sentence(sentence)


def test_items_of_a_scenario_list_and_of_a_phrase_lead_in_are_not_claims():
    scenarios = (
        "Instead, take the following cases:  1. The usual trolley problem.  2. The usual "
        "trolley problem, except that the switch is already broken and nobody can fix it.  "
        "3. The usual trolley problem, except that we know the driver would have chosen "
        "differently."
    )
    assert extract_claims(scenarios) == []
    phrases = (
        "A capable model would know facts like:\n"
        "• How its overseers will react to each kind of behaviour it might show.\n"
        "7\n\n"
        "• Which tools it can call, and how other copies of it are being deployed.\n"
        "Such knowledge makes deceptive behaviour much easier to carry out."
    )
    assert [c.quote for c in extract_claims(phrases)] == [
        "Such knowledge makes deceptive behaviour much easier to carry out."
    ]


def test_a_list_flattened_into_one_line_is_read_item_by_item():
    """Abstracts and feed summaries often arrive with a list on one line: the lead-in is not a
    claim, each item is judged on its own, and no item is glued to the lead-in."""
    text = (
        "I think the proposal has two strengths: * Audits catch shallow deception because "
        "the model cannot hide every trace. * Oversight will scale if the checks stay cheap."
    )
    quotes = [c.quote for c in extract_claims(text)]
    assert quotes == [
        "Audits catch shallow deception because the model cannot hide every trace.",
        "Oversight will scale if the checks stay cheap.",
    ]


def test_a_quote_shown_to_a_reader_undoes_pdf_layout_by_the_words_around_it():
    paper = (
        "Agents act in safety-critical settings. Reinforcement learning, which al-\n"
        "lows agents to act, makes safety-\ncritical errors more likely; see page\n12\n\nfor more."
    )
    start = paper.index("Reinforcement")
    quote = paper[start:]
    shown = readable(quote, nearby_vocabulary(paper, start, len(paper)))
    assert shown == (
        "Reinforcement learning, which allows agents to act, makes safety-critical errors more "
        "likely; "
        "see page for more."
    )
    # Without the paper's own use of "safety-critical", the broken word reads as one word.
    assert "safetycritical" in readable("makes safety-\ncritical errors more likely")
