"""Who answers whom, with the span of text that shows it: the evidence for links across texts.

Similar claims in two documents are not a disagreement: on real posts and papers, pairs linked
by similarity plus a contrast word were almost never attacks. What a careful reader accepts
as a sign that one text bears on another is in the text itself:

- a *reply*: the document says it answers another ("These notes respond to Okonkwo's ...",
  "A reply to Priya Raman"), or its metadata names its parent (a forum comment);
- a *citation*: the claim's own sentence names the other author ("Feld argues that ...") or
  cites the other document (a link, a reference-list entry; see `assistant.citations`).

A reply covers the whole replying document; a citation covers only its sentence. Everything
here returns the span (offsets into the later document's text) so the stored relation can
show the reader exactly where the evidence is.

Weaker, and kept apart at the end: `ReplyIndex`, which texts name which authors and with
what stance. It chooses which documents' claims are compared and tells the analyst how a
text treats an author; the evidence a stored link records is a reply or a citation above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from assistant.references import text_before_references
from ingest.people import cited_as, names_person, surnames

#: How far into a document a reply declaration may stand (a title, a lead paragraph).
REPLY_WINDOW = 1500

_REPLY_DECLARATION = re.compile(
    r"\b(?:respon(?:d|ds|ded|ding|se|ses)|repl(?:y|ies|ied|ying)|rebuttal|rejoinder"
    r"|critique|counter-?argument|comments? on|thoughts on|objections? to|in answer to"
    r"|answering|engag(?:e|es|ing) with)\b",
    re.I,
)
# Text inside quotation marks: how a sentence names a work by its title.
_QUOTED = re.compile(r'"([^"]{3,200})"|“([^”]{3,200})”|‘([^’]{3,200})’')
_OPENS_AGAINST = re.compile(r"\s*against\b", re.I)
# A speaker's label before their own words: "Rohin's opinion: ...", "Alice's comment: ...".
# It names who speaks, not whom the text answers (a newsletter note held a second
# summarizer's opinion under such a label, and was read as a reply to that person's posts).
_SPEAKER_LABEL = re.compile(
    r"^\s*[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}['’]s? (?:opinion|comment|note|take|view|reply"
    r"|response|answer|summary|thoughts|remarks?|edit|update)s?\s*:\s*"
)
# A sentence end for the short windows read here: ., ? or ! before whitespace, or a line break.
_SENTENCE_END = re.compile(r"(?<!\bal)(?<!\be\.g)(?<!\bi\.e)(?<!\b[A-Z])[.?!](?=\s)|\n")


@dataclass(frozen=True)
class Engagement:
    """One document's text bearing on another's (or on its author's) work.

    `scope` is "document" for a reply (every claim of the replying text may answer the
    other) and "sentence" for a citation (only the claim holding `start:end` does).
    """

    kind: Literal["reply", "citation", "quotation"]
    scope: Literal["document", "sentence"]
    doc_id: str
    start: int
    end: int
    cue: str
    stance: str = ""


@dataclass
class DialogueRow:
    """What the index needs of a document."""

    doc_id: str
    authors: list[str]
    title: str
    text: str
    url: str | None = None
    reply_to: str | None = None


@dataclass
class DialogueIndex:
    """Replies between the library's documents, built once per analysis run (linear).

    `replies[(later, earlier)]` is the engagement that makes `later` a reply to `earlier`;
    `engaged[doc]` lists the documents a document is in dialogue with, either way round.
    """

    rows: dict[str, DialogueRow] = field(default_factory=dict)
    replies: dict[tuple[str, str], Engagement] = field(default_factory=dict)
    engaged: dict[str, set[str]] = field(default_factory=dict)
    by_surname: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, rows: list[DialogueRow]) -> DialogueIndex:
        index = cls(rows={r.doc_id: r for r in rows})
        for row in rows:
            for surname in surnames(cited_as(", ".join(row.authors))):
                index.by_surname.setdefault(surname, set()).add(row.doc_id)
        by_url = {_norm_url(r.url): r.doc_id for r in rows if r.url}
        for row in rows:
            parent = by_url.get(_norm_url(row.reply_to)) if row.reply_to else None
            if parent and parent != row.doc_id:
                index._add(
                    row.doc_id,
                    parent,
                    Engagement("reply", "document", row.doc_id, 0, 0, "a reply to its parent"),
                )
            for other, engagement in index._declared_replies(row):
                index._add(row.doc_id, other, engagement)
        return index

    def _add(self, later: str, earlier: str, engagement: Engagement) -> None:
        self.replies.setdefault((later, earlier), engagement)
        self.engaged.setdefault(later, set()).add(earlier)
        self.engaged.setdefault(earlier, set()).add(later)

    def _declared_replies(self, row: DialogueRow) -> list[tuple[str, Engagement]]:
        """Documents that `row` says it answers, in its title or opening paragraph."""
        found: list[tuple[str, Engagement]] = []
        own = set(surnames(", ".join(row.authors)))
        title = row.title
        if _REPLY_DECLARATION.search(title) or re.match(r"\s*(?:re:|against)\b", title, re.I):
            for other in self._named_documents(title, own, row.doc_id):
                cue = f"its title '{title[:120]}'"
                found.append((other, Engagement("reply", "document", row.doc_id, 0, 0, cue)))
        for start, end in _opening_sentences(row.text):
            sentence = _SPEAKER_LABEL.sub("", row.text[start:end], count=1)
            # "Against Raman, I argue ..." opens a reply as plainly as "In reply to Raman".
            declared = _REPLY_DECLARATION.search(sentence) or _OPENS_AGAINST.match(sentence)
            named = self._named_documents(sentence, own, row.doc_id)
            # Opening on another author's work by its title ("Hartmann's "Control is the
            # plan ..." is the clearest case ...") takes it up as plainly as "I reply to".
            quoted = " ".join(m.group(0) for m in _QUOTED.finditer(sentence))
            titled = [d for d in named if quoted and _quotes_title(quoted, self.rows[d].title)]
            if not declared and not titled:
                continue
            for other in named if declared else titled:
                cue = f"'{' '.join(sentence.split())[:120]}'"
                found.append((other, Engagement("reply", "document", row.doc_id, start, end, cue)))
        return found

    def _named_documents(self, sentence: str, own: set[str], doc_id: str) -> list[str]:
        """Documents whose author the sentence names; narrowed to the one whose title it
        quotes when it quotes one."""
        named: set[str] = set()
        for surname in set(re.findall(r"\b[A-Z][\w'’-]+", sentence)):
            surname = re.split(r"['’]", surname)[0]
            if surname in own:
                continue
            for other in self.by_surname.get(surname, ()):
                if other != doc_id and names_person(sentence, ", ".join(self.rows[other].authors)):
                    named.add(other)
        titled = {d for d in named if _quotes_title(sentence, self.rows[d].title)}
        return sorted(titled or named)

    def reply(self, later: str, earlier: str) -> Engagement | None:
        """The engagement that makes `later` a reply to `earlier`, or None."""
        return self.replies.get((later, earlier))

    def partners(self, doc_id: str) -> list[str]:
        """Documents in dialogue with `doc_id` (either direction), in id order."""
        return sorted(self.engaged.get(doc_id, ()))


def named_in_claim(doc_id: str, text: str, start: int, end: int, author: str) -> Engagement | None:
    """A citation by name: the claim `text[start:end]` names one of `author`'s people.

    Only the sentence's own words count: on real papers, a name in a reference list or in
    another paragraph says nothing about which claim answers whom.
    """
    quote = text[start:end]
    if not author or not names_person(quote, cited_as(author)):
        return None
    for surname in surnames(cited_as(author)):
        found = re.search(rf"\b{re.escape(surname)}\b", quote)
        if found:
            return Engagement(
                "citation",
                "sentence",
                doc_id,
                start + found.start(),
                start + found.end(),
                f"the claim names {surname}",
            )
    return None


def _opening_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans in the first `REPLY_WINDOW` characters."""
    spans = []
    left = 0
    window = text[:REPLY_WINDOW]
    for match in _SENTENCE_END.finditer(window):
        if match.end() - left > 3:
            spans.append((left, match.end()))
        left = match.end()
    if len(window) - left > 3:
        spans.append((left, len(window)))
    return spans


def _quotes_title(sentence: str, title: str) -> bool:
    words = [w for w in re.findall(r"\w+", title.lower()) if len(w) > 3]
    if len(words) < 2:
        return False
    lower = sentence.lower()
    return sum(w in lower for w in words) / len(words) >= 0.75


def _norm_url(url: str | None) -> str:
    """One spelling per page: no scheme, www., query or fragment, except a forum comment's
    `commentId`, which is all that tells a comment's URL from its post's."""
    if not url:
        return ""
    comment = _COMMENT_ID.search(url)
    url = re.sub(r"^https?://(www\.)?", "", url.strip().lower())
    page = url.split("#")[0].split("?")[0].rstrip("/")
    return f"{page}?commentid={comment.group(1)}" if comment else page


_COMMENT_ID = re.compile(r"[?&]commentId=([\w-]+)")


# -- who names whom, and how ------------------------------------------------------------------
#
# A text that names another author ("a reply to Priya Raman", "Feld argues that ... but") is
# answering that author, and its claims bear on that author's claims on the same topic. The
# stance it takes is read from the sentences that name them. This is weaker than a reply or
# a citation above: it chooses which documents to compare and says how, never proves a link.

_OPPOSE = re.compile(
    r"\b(?:against|but|however|yet|wrong|mistaken|misguided|disagree[sd]?|disagreement|doubt"
    r"|not|n't|never|fails?|failed|misdescribes?|misreads?|misunderstands?|overstates?"
    r"|overestimates?|underestimates?|ignores?|overlooks?|neglects?|unconvincing|flawed"
    r"|backwards|too much|only if|critique|criticism|objection|rebuttal|problem with"
    r"|does not reassure|draws the wrong|gets \w+ wrong|reassurance|worry about|differ"
    r"|differs|expects|misses|answer|answers|respond|responds|reply to|replies to"
    r"|in response)\b",
    re.I,
)
_AGREE = re.compile(
    r"\b(?:is right|was right|are right|rightly|correctly|agree with|agrees with|i agree"
    r"|we agree|agree more|as \w+ (?:has |have )?(?:argued|argues|notes|noted|shows|showed"
    r"|points out|pointed out|observes|observed|suggests|suggested)|i accept|we accept"
    r"|accept \w+'s|good point|best point|fair point|useful|valuable|persuasive|convincing"
    r"|clearest|thoughtful|insightful|has identified|builds? on|following)\b",
    re.I,
)


def stance_towards(text: str, author: str) -> str:
    """How a text treats an author it names: "opposes", "agrees", "mixed", "addresses", or
    "" when it does not name them. Read from the sentences that name the author."""
    author = cited_as(author)
    oppose = agree = 0
    named = False
    for surname in surnames(author):
        for match in re.finditer(rf"\b{re.escape(surname)}\b", text):
            named = True
            sentence = _sentence_around(text, match.start(), match.end())
            o, a = _OPPOSE.search(sentence), _AGREE.search(sentence)
            if a and o and o.start() > a.start():
                oppose += 1  # "X is right that ..., but ...": conceded, then opposed
            else:
                oppose += bool(o) and not a
                agree += bool(a) and not o
    if not named or not names_person(text, author):
        return ""
    # Naming an author to answer them is, in argument, mostly naming them to disagree; a
    # text counts as agreeing only when nothing it says about them opposes.
    if oppose:
        return "opposes"
    return "agrees" if agree else "addresses"


# A sentence end: . ? or ! before whitespace, or a blank line; not the dot of "et al.",
# "e.g.", "i.e.", "cf.", "vs." or an initial ("J. Smith"), which papers put beside names.
_PROSE_SENTENCE_END = re.compile(
    r"(?<!\bal)(?<!\be\.g)(?<!\bi\.e)(?<!\bcf)(?<!\bvs)(?<!\b[A-Z])[.?!](?=\s)|\n\s*\n"
)


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], found by punctuation (cheap; no segmenter)."""
    window_start = max(0, start - 1000)
    left = window_start
    for match in _PROSE_SENTENCE_END.finditer(text, window_start, start):
        left = match.end()
    after = _PROSE_SENTENCE_END.search(text, end, end + 1000)
    right = after.end() if after else min(len(text), end + 1000)
    return text[left:right]


class ReplyIndex:
    """Which documents name which authors, and how: built once per library state.

    Rows are (doc_id, authors, text). Building reads every text once (linear in the
    library); lookups are constant time, so linking stays near-linear.
    """

    def __init__(self, rows: list[tuple[str, list[str], str]]) -> None:
        self.authors = {doc_id: ", ".join(authors) for doc_id, authors, _ in rows}
        by_surname: dict[str, set[str]] = {}
        for doc_id, authors, _ in rows:
            for surname in surnames(", ".join(authors)):
                by_surname.setdefault(surname, set()).add(doc_id)
        self.stances: dict[tuple[str, str], str] = {}
        self.engaged_with: dict[str, set[str]] = {doc_id: set() for doc_id, _, _ in rows}
        for doc_id, authors, text in rows:
            text = text_before_references(text)
            own = set(surnames(", ".join(authors)))
            capitalised = set(re.findall(r"\b[A-Z][\w'’-]+", text))
            capitalised |= {w.split("'")[0].split("’")[0] for w in capitalised}
            # One stance per author named, not per document of theirs: an author of many
            # documents made building this quadratic in the library (py-spy at 4,000).
            stance_of: dict[str, str] = {}
            for surname in (capitalised & by_surname.keys()) - own:
                for other in by_surname[surname]:
                    author = self.authors[other]
                    if author not in stance_of:
                        stance_of[author] = stance_towards(text, author)
                    stance = stance_of[author]
                    if stance:
                        self.stances[(doc_id, self.authors[other])] = stance
                        self.engaged_with[doc_id].add(other)
                        self.engaged_with.setdefault(other, set()).add(doc_id)

    def engaged(self, doc_id: str) -> list[str]:
        """Documents in dialogue with this one: first those whose author it names, then
        those that name its author; each group in id order (deterministic)."""
        own = self.authors.get(doc_id, "")
        forward = sorted(
            d
            for d in self.engaged_with.get(doc_id, ())
            if (doc_id, self.authors[d]) in self.stances
        )
        backward = sorted(
            d
            for d in self.engaged_with.get(doc_id, ())
            if d not in forward and (d, own) in self.stances
        )
        return forward + backward

    def stance(self, doc_id: str, author: str) -> str:
        """The stance of document `doc_id` toward `author`, "" when it does not name them."""
        return self.stances.get((doc_id, author), "")
