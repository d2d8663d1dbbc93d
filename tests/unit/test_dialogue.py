"""Who answers whom: the textual evidence that lets a cross-document link be asserted."""

from __future__ import annotations

from assistant.offline.dialogue import DialogueIndex, DialogueRow, named_in_claim


def rows() -> list[DialogueRow]:
    return [
        DialogueRow(
            "okafor",
            ["Tom Okafor"],
            "Tutoring scales",
            "Tutoring scales well to whole classes. Costs fall with every cohort.",
            url="https://blog.example.org/okafor/tutoring-scales/",
        ),
        DialogueRow(
            "ruiz",
            ["Ana Ruiz"],
            "Notes on class size",
            'These notes respond to Tom Okafor\'s "Tutoring scales". I think he is wrong.',
        ),
        DialogueRow(
            "dale",
            ["Cy Dale"],
            "Teacher quality",
            "Class sizes matter less than teacher quality. Okafor has written on tutoring.",
        ),
        DialogueRow(
            "comment",
            ["Bo Lin"],
            "Re: Tutoring scales",
            "Only if the tutors are paid.",
            reply_to="http://www.blog.example.org/okafor/tutoring-scales?utm=feed",
        ),
        DialogueRow(
            "paper",
            ["Ana Ruiz", "Tom Okafor", "Cy Dale"],
            "A joint study",
            "We respond to the many critics of tutoring. Our results are mixed.",
        ),
    ]


def test_a_declared_reply_is_evidence_for_the_whole_document_with_its_span():
    index = DialogueIndex.build(rows())
    reply = index.reply("ruiz", "okafor")
    assert reply is not None and reply.kind == "reply" and reply.scope == "document"
    text = rows()[1].text
    assert text[reply.start : reply.end].startswith("These notes respond to Tom Okafor")
    assert index.reply("okafor", "ruiz") is None, "a reply goes one way"
    assert index.partners("okafor") == ["comment", "ruiz"]


def test_a_text_that_opens_against_an_author_replies_to_them():
    against = DialogueRow("lee", ["Jo Lee"], "On tutoring", "Against Okafor, I argue costs rise.")
    index = DialogueIndex.build([*rows(), against])
    assert index.reply("lee", "okafor") is not None


def test_opening_on_an_author_s_work_by_its_title_replies_to_it():
    opener = DialogueRow(
        "kim",
        ["Mo Kim"],
        "Costs",
        'Okafor\'s "Tutoring scales" is the best case I know. It is still wrong about cost.',
    )
    index = DialogueIndex.build([*rows(), opener])
    reply = index.reply("kim", "okafor")
    assert reply is not None and opener.text[reply.start : reply.end].startswith("Okafor's")
    # The title's words in passing, unquoted, are not a title: "Okafor's tutoring scales".
    unquoted = DialogueRow("lim", ["Al Lim"], "Costs", "Okafor tutoring scales up, it seems.")
    assert DialogueIndex.build([*rows(), unquoted]).reply("lim", "okafor") is None


def test_naming_an_author_elsewhere_is_not_a_reply():
    index = DialogueIndex.build(rows())
    assert index.reply("dale", "okafor") is None
    assert index.reply("paper", "okafor") is None, "own co-authors and unnamed critics"


def test_a_comment_replies_to_its_parent_by_url():
    index = DialogueIndex.build(rows())
    reply = index.reply("comment", "okafor")
    assert reply is not None and reply.cue == "a reply to its parent"


def test_a_claim_that_names_the_author_is_a_sentence_citation():
    text = "Intro sentence. Okafor argues that tutoring scales, but costs rise with size."
    start = text.index("Okafor")
    found = named_in_claim("dale", text, start, len(text), "Tom Okafor")
    assert found is not None and found.scope == "sentence" and found.kind == "citation"
    assert text[found.start : found.end] == "Okafor"
    assert named_in_claim("dale", text, 0, start, "Tom Okafor") is None
    # A word that is also a name ("long") is not the person unless the full name is there.
    plain = "A long view of tutoring helps."
    assert named_in_claim("x", plain, 0, len(plain), "Tom Long") is None


def test_a_speaker_s_label_names_who_speaks_not_whom_the_text_answers():
    """ "Okafor's opinion: ..." opens Okafor's own words inside someone else's note; it is not
    a reply to Okafor's work, even when the words then mention responses to a titled post."""
    note = DialogueRow(
        "note",
        ["Ana Ruiz"],
        "Ruiz's notes on class size",
        "Okafor's opinion: I see this as in line with one of the responses to "
        '"Tutoring scales". Class size matters less than it seems.',
    )
    index = DialogueIndex.build([rows()[0], note])
    assert index.reply("note", "okafor") is None
    labelled_reply = DialogueRow(
        "reply",
        ["Ana Ruiz"],
        "More notes",
        "Ruiz's comment: these notes respond to Tom Okafor's \"Tutoring scales\".",
    )
    index = DialogueIndex.build([rows()[0], labelled_reply])
    assert index.reply("reply", "okafor") is not None
