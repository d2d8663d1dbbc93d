"""People in author strings: one set of rules for parsers, the analyst and the resolver."""

from __future__ import annotations

from ingest.people import (
    cited_as,
    lead_voice,
    names_person,
    reference_surnames,
    same_people,
    split_authors,
    surname_key,
    surnames,
)


def test_split_authors_handles_all_separators():
    assert split_authors("A. Smith, B. Jones and C. Wu") == ["A. Smith", "B. Jones", "C. Wu"]
    assert split_authors("") == []
    assert split_authors("Priya  Raman & Marcus Feld; Jo Long") == [
        "Priya Raman",
        "Marcus Feld",
        "Jo Long",
    ]


def test_surnames_are_the_last_capitalised_word_of_each_name():
    assert surnames("Priya Raman, Marcus Feld") == ["Raman", "Feld"]
    assert surnames("Raman P.") == ["Raman"]  # a trailing initial is skipped
    assert surnames("John Smith Jr.") == []  # an abbreviation last: none rather than a wrong one


def test_a_work_by_three_or_more_is_cited_by_its_first_author():
    assert cited_as("Priya Raman and Marcus Feld") == "Priya Raman and Marcus Feld"
    assert cited_as("Dario Amodei, Chris Olah, Jacob Steinhardt") == "Dario Amodei"
    assert lead_voice(["Amodei", "Olah", "Steinhardt"]) == "Amodei et al."
    assert lead_voice(["Amodei", "Olah"]) == "Amodei and Olah"


def test_a_surname_that_is_also_a_word_needs_the_full_name():
    assert names_person("As Raman argues, ...", "Priya Raman")
    assert not names_person("It took a long time.", "Jo Long")
    assert not names_person("Long argues that a long time passed.", "Jo Long")
    assert names_person("Jo Long argues that a long time passed.", "Jo Long")


def test_same_people_ignores_case_order_and_spacing():
    assert same_people("Priya Raman, Marcus Feld", "marcus  feld & Priya Raman")
    assert not same_people("Priya Raman", "Priya Raman, Marcus Feld")


def test_surname_keys_ignore_case_accents_and_particles():
    assert surname_key("Johannes von Oswald") == surname_key("OSWALD") == "oswald"
    assert surname_key("Dan Mané") == "mane"


def test_reference_surnames_drop_initials_and_keep_particles():
    assert reference_surnames("Dario Amodei, Chris Olah, and Dan Mané") == [
        "Amodei",
        "Olah",
        "Mané",
    ]
    assert reference_surnames("Amodei, D., Olah, C. et al.") == ["Amodei", "Olah"]
    assert reference_surnames("J. von Oswald and OpenAI") == ["von Oswald", "OpenAI"]


def test_one_account_is_one_person_named_by_its_display_name():
    from ingest.people import PersonIndex

    people = PersonIndex()
    people.same_account("evhub", "Evan Hubinger")
    people.same_account("abramdemski", "Abram Demski")
    assert people.canonical("evhub") == "Evan Hubinger"
    assert people.canonical_authors(["abramdemski", "Evan Hubinger", "evhub"]) == [
        "Abram Demski",
        "Evan Hubinger",
    ]


def test_name_variants_merge_only_on_evidence_of_one_work():
    from ingest.people import PersonIndex

    people = PersonIndex()
    people.add_name("Steve Byrnes")
    people.add_name("Steven Byrnes")
    assert people.canonical("Steve Byrnes") == "Steve Byrnes"  # similar is not the same
    joined = people.same_work(["Steve Byrnes", "Jane Roe"], ["Steven Byrnes", "Jane Roe"])
    assert joined == [("Steve Byrnes", "Steven Byrnes")]
    assert people.canonical("Steve Byrnes") == people.canonical("Steven Byrnes")


def test_one_work_does_not_pair_unrelated_names_or_handles():
    from ingest.people import PersonIndex

    people = PersonIndex()
    assert people.same_work(["Nate Soares"], ["Jane Roe"]) == []
    assert people.same_work(["Alex Turner"], ["zzyzx"]) == []  # a handle must spell the name
    assert people.same_work(["Alex Turner", "B C"], ["TurnTrout"]) == []  # lists disagree
    assert people.same_work(["Alex Turner"], ["TurnTrout"]) == [("Alex Turner", "TurnTrout")]


def test_share_a_person_across_author_strings():
    from ingest.people import share_a_person

    assert share_a_person("Evan Hubinger, Chris van Merwijk", "evan  hubinger")
    assert share_a_person("Sören Mindermann", "Soren Mindermann")
    assert not share_a_person("Evan Hubinger", "Chris van Merwijk")
