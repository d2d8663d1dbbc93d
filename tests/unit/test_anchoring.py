"""A declared reply backs a claim-to-claim relation only where the claim states its stance."""

from __future__ import annotations

import pytest

from assistant.analysis.anchoring import reply_backs, stated_stance


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("I disagree with Mara that oversight will fail at scale.", "attacks"),
        ("We are not convinced that debate converges to the truth.", "attacks"),
        ("Against Mara Lind, I argue that oversight scales.", "attacks"),
        ("I quite strongly agree that publication norms matter most.", "supports"),
        # a concession disputes something else: no stance on what it concedes
        ("I agree that benchmarks are flawed; however, they are all we have.", None),
        ("I agree with the authors on X, but their conclusion does not follow.", None),
        # no first-person stance: a reply's "but" or a negation says nothing about which claim
        ("That is too strong: many steps are ordinary arithmetic.", None),
        ("Breaking outputs into steps does not help evaluators.", None),
        # negated, hedged or conceded stance words (held-out newsletter opinions, round 6)
        ("There's no place where I disagree with Mara's estimates or conclusions.", None),
        ("I'm not sure that I personally agree with the particular canaries.", None),
        ("While I agree that the debate is about the path, that path matters a lot.", None),
        ("I don't agree with Mara that oversight fails at scale.", "attacks"),
        ("Against Mara Lind's claim that scheming is central, I argue that slop is.", "attacks"),
        (
            "Even though I work on such risks, I agree with Mara that they are overhyped.",
            "supports",
        ),
    ],
)
def test_the_stance_a_claim_states(text, stance):
    assert stated_stance(text) == stance


EARLIER = "Mara expects that oversight of superhuman systems will fail without interpretability."


def test_a_stated_disagreement_on_shared_content_is_backed_by_the_reply():
    later = "I disagree with Mara that oversight of superhuman systems will fail."
    assert reply_backs("attacks", EARLIER, later, "Mara Lind")


def test_the_stated_stance_must_be_the_type_and_share_content():
    later = "I disagree with Mara that oversight of superhuman systems will fail."
    assert not reply_backs("supports", EARLIER, later, "Mara Lind")
    assert not reply_backs("attacks", EARLIER, "I disagree about the budget.", "Mara Lind")


def test_agreeing_with_a_third_person_is_no_stance_on_the_earlier_author():
    later = "I agree with Tomas that oversight of superhuman systems will fail."
    assert not reply_backs("supports", EARLIER, later, "Mara Lind")
