"""A handle stored before anyone knew whose it was is renamed once an account says so, so
the library (and every claim read from it) counts one person."""

from __future__ import annotations

import json

import pytest

from ingest.models import ParsedDocument
from ingest.staging import Ingestor

pytestmark = pytest.mark.integration


def test_later_account_evidence_renames_earlier_documents(library):
    first = Ingestor(library)
    first.add(
        [
            ParsedDocument(
                kind="text",
                identity="ard:1",
                title="Gradient hacking is possible",
                text="Gradient hacking is possible in principle. A model could shape its updates.",
                authors=["evhub"],
                source="ard:alignmentforum",
            )
        ]
    )
    first.flush()
    second = Ingestor(library)
    second.add(
        [
            ParsedDocument(
                kind="forum",
                identity="forum:post:AAAAAAAAAAAAAAAA",
                title="A different post",
                text="Deceptive alignment needs a model to model its training process.",
                authors=["Evan Hubinger"],
                source="https://www.alignmentforum.org",
                meta={"forum": "post", "forum_id": "AAAAAAAAAAAAAAAA", "usernames": "evhub"},
            )
        ]
    )
    second.flush()
    by_title = {d.title: d for d in library.documents()}
    renamed = by_title["Gradient hacking is possible"]
    assert renamed.authors == ["Evan Hubinger"]
    assert json.loads(renamed.meta["authors_as_printed"]) == ["evhub"]
    assert by_title["A different post"].authors == ["Evan Hubinger"]
    assert library.counts()["pending"] == 0

    third = Ingestor(library)  # the same evidence again changes nothing
    third.add(
        [
            ParsedDocument(
                **by_title["A different post"].model_dump(
                    exclude={"id", "content_hash", "added_at"}
                )
            )
        ]
    )
    third.flush()
    assert third.report.unchanged == 1 and third.report.updated == 0


def test_similar_names_without_evidence_stay_two_people(library):
    ingestor = Ingestor(library)
    for n, name in enumerate(["Steve Byrnes", "Steven Byrnes"]):
        ingestor.add(
            [
                ParsedDocument(
                    kind="text",
                    identity=f"t:{n}",
                    title=f"Post {n} on brain-like AGI",
                    text=f"Post {n} says the brain's steering subsystem matters.",
                    authors=[name],
                )
            ]
        )
    ingestor.flush()
    assert sorted(a for d in library.documents() for a in d.authors) == [
        "Steve Byrnes",
        "Steven Byrnes",
    ]
