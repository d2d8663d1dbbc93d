"""Old home of the offline relation code, kept only for an import not yet moved.

Its parts now live in modules named for what they hold: `discourse` (links within a
document), `clash` (negation scope and antonyms), `candidates` (typing a cross-document
pair), `dialogue` (who replies to and names whom), `ingest.people` (author names) and
`ingest.tokens` (words and stems); the linking limits are `assistant.analysis.tuning`.
Remove this module once nothing imports `ReplyIndex` from here.
"""

from assistant.offline.dialogue import ReplyIndex

__all__ = ["ReplyIndex"]
