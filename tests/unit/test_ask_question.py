"""The mirror question is grammar, not word substitution: each case asserts the exact mirror."""

from __future__ import annotations

import pytest

from assistant.ask.mirror import mirror_question, negate_clause
from assistant.ask.question import plan_question

MIRRORS = [
    # yes/no questions split at the auxiliary; the nouns stay as they are
    (
        "Can standard safety training remove deceptive behaviour?",
        "What evidence suggests standard safety training cannot remove deceptive behaviour?",
    ),
    ("Is creating AGI safe?", "What evidence suggests creating AGI is not safe?"),
    (
        "Do LLMs lack metacognitive skills that help humans catch errors?",
        "What evidence suggests LLMs have metacognitive skills that help humans catch errors?",
    ),
    (
        "Does the reward model lack calibration?",
        "What evidence suggests the reward model has calibration?",
    ),
    (
        "Does behavioural training generalise out of distribution?",
        "What evidence suggests behavioural training does not generalise out of distribution?",
    ),
    (
        "Is scalable oversight possible?",
        "What evidence suggests scalable oversight is not possible?",
    ),
    (
        "Is a model trained with RLHF safe?",
        "What evidence suggests a model trained with RLHF is not safe?",
    ),
    (
        "Are LLMs trained to be honest?",
        "What evidence suggests LLMs are not trained to be honest?",
    ),
    (
        "Are current AI models capable of taking over?",
        "What evidence suggests current AI models are not capable of taking over?",
    ),
    (
        "Are evaluations enough to show that a model is safe?",
        "What evidence suggests evaluations are not enough to show that a model is safe?",
    ),
    (
        "Has interpretability made progress on superposition?",
        "What evidence suggests interpretability has not made progress on superposition?",
    ),
    (
        "Can interpretability work scale to frontier models?",
        "What evidence suggests interpretability work cannot scale to frontier models?",
    ),
    (
        "Does reward hacking get worse with capability?",
        "What evidence suggests reward hacking does not get worse with capability?",
    ),
    (
        "Does RLHF train models to deceive their overseers?",
        "What evidence suggests RLHF does not train models to deceive their overseers?",
    ),
    (
        "Do RLHF and constitutional AI change model values?",
        "What evidence suggests RLHF and constitutional AI do not change model values?",
    ),
    (
        "Would better metacognition in language models help alignment research?",
        "What evidence suggests better metacognition in language models would not help "
        "alignment research?",
    ),
    (
        "Will AI labs slow down if a warning shot happens?",
        "What evidence suggests AI labs will not slow down if a warning shot happens?",
    ),
    (
        "Should labs pause frontier training?",
        "What evidence suggests labs should not pause frontier training?",
    ),
    (
        "Can a red team certify the safety of a model that is smarter than the red team?",
        "What evidence suggests a red team cannot certify the safety of a model that is smarter "
        "than the red team?",
    ),
    # negated questions
    (
        "Is alignment not solvable in principle?",
        "What evidence suggests alignment is solvable in principle?",
    ),
    (
        "Can't evaluations catch sandbagging?",
        "What evidence suggests evaluations cannot catch sandbagging?",
    ),
    (
        "Is there a consensus that deceptive alignment is likely?",
        "What is the strongest case that there is no consensus that deceptive alignment is likely?",
    ),
    # framed clauses flip at the clause's own verb, both ways
    (
        "What evidence suggests standard safety training can remove deceptive behaviour?",
        "What evidence suggests standard safety training cannot remove deceptive behaviour?",
    ),
    (
        "What evidence suggests standard safety training cannot remove deceptive behaviour?",
        "What evidence suggests standard safety training can remove deceptive behaviour?",
    ),
    (
        "What evidence suggests trained behaviour changes when a model believes it is unobserved?",
        "What evidence suggests trained behaviour does not change when a model believes it is "
        "unobserved?",
    ),
    (
        "What evidence suggests that a model that is trained on feedback will stay honest?",
        "What evidence suggests that a model that is trained on feedback will not stay honest?",
    ),
    (
        "Why does Paul think takeoff will be slow?",
        "What is the strongest case that takeoff will not be slow?",
    ),
    (
        "Why does Lena Hartmann think AI control deserves more safety effort?",
        "What is the strongest case that AI control does not deserve more safety effort?",
    ),
    # camps swap only as whole camp words
    (
        "Where have optimists addressed the worry that behavioural training may not generalise?",
        "Where have pessimists addressed the worry that behavioural training may not generalise?",
    ),
    (
        "Where have pessimists addressed the optimists' evidence that trained values generalise?",
        "Where have optimists addressed the pessimists' evidence that trained values generalise?",
    ),
    ("Why do pessimists think RLHF fails?", "Why do optimists think RLHF fails?"),
    ("What do the authors agree on?", "What do the authors disagree on?"),
    ("What are the main criticisms of AI control?", "What is the strongest case for AI control?"),
    ("What are the arguments for AI control?", "What are the main criticisms of AI control?"),
    # no grammar applies: a catch-all that is still a question for the other side
    (
        "Is slop or scheming the bigger risk?",
        "What is the strongest case against the usual answer to “Is slop or scheming the "
        "bigger risk?”",
    ),
    # a question inside the question is not split through its inner clause
    (
        "Is the critique of debate convincing, i.e. does debate really fail with a weak judge?",
        "What is the strongest case against the usual answer to “Is the critique of debate "
        "convincing, i.e. does debate really fail with a weak judge?”",
    ),
    # shapes that read wrongly on real questions: a plain verb left inside the subject, a
    # verb inside a "what" clause, a noun before a participle, two questions joined by "and"
    (
        "Can printing a word on a sign make a classifier mislabel a car?",
        "What evidence suggests printing a word on a sign cannot make a classifier mislabel a car?",
    ),
    (
        "Can writing a note on a card make CLIP misclassify a bird?",
        "What is the strongest case against the usual answer to “Can writing a note on a card "
        "make CLIP misclassify a bird?”",
    ),
    (
        "Can corrigibility be read as never resisting what the overseers want?",
        "What evidence suggests corrigibility cannot be read as never resisting what the "
        "overseers want?",
    ),
    (
        "Does a model noticing an injected vector really show introspection?",
        "What evidence suggests a model noticing an injected vector really does not show "
        "introspection?",
    ),
    (
        "Do agents lag humans at planning, and has tuning been reported to help?",
        "What is the strongest case against the usual answer to “Do agents lag humans at "
        "planning, and has tuning been reported to help?”",
    ),
    # a what/how/which question has no other side to ask about: no mirror at all
    ("What is reward hacking?", ""),
    ("What five research problems does the paper propose, and how does it group them?", ""),
    ("How long did AI take to reach superhuman play in Go?", ""),
]


@pytest.mark.parametrize(("question", "expected"), MIRRORS)
def test_mirror_is_the_opposite_framing_in_grammatical_english(question, expected):
    assert mirror_question(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "Can standard safety training remove deceptive behaviour?",
        "Is the safety case for this model sound?",
        "Does safety training work?",
    ],
)
def test_nouns_inside_noun_phrases_are_never_swapped(question):
    mirrored = mirror_question(question)
    assert "safety" in mirrored and "danger" not in mirrored
    assert not mirrored.startswith(("Cannot", "Isn't", "Doesn't"))


def test_a_clause_without_a_verb_it_can_find_gets_no_mirror():
    assert negate_clause("the usual suspects") is None
    # "... against the claim that the usual suspects?" would not be English: no mirror.
    assert mirror_question("What evidence suggests the usual suspects?") == ""


def test_plan_reads_the_subject_from_the_question_not_its_mirror():
    plan = plan_question("Do LLMs lack metacognitive skills?")
    assert plan.mirror_question == "What evidence suggests LLMs have metacognitive skills?"
    assert plan.mirror_question not in plan.subject_queries
    assert plan.subject_queries[0] == "Do LLMs lack metacognitive skills?"
    assert any("large language models" in q for q in plan.subject_queries)
