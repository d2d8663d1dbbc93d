"""Old home of the offline relation code, kept only for imports not yet moved.

Its parts now live in modules named for what they hold: `discourse` (links within a
document), `clash` (negation scope and antonyms), `candidates` (typing a cross-document
pair), `dialogue` (who replies to and names whom), `ingest.people` (author names) and
`ingest.tokens` (words and stems). The linking limits belong to the analysis graph
(`assistant.analysis.tuning`); the copies below only keep the committed
assistant/analysis/nodes.py importable until its new version lands. Remove this module
once nothing imports from it.
"""

from assistant.offline.dialogue import ReplyIndex

ENGAGED_DOCUMENTS = 8
REPLY_NEIGHBOURS = 3
LINKS_PER_CLAIM = 2

__all__ = ["ENGAGED_DOCUMENTS", "LINKS_PER_CLAIM", "REPLY_NEIGHBOURS", "ReplyIndex"]
