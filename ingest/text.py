"""Turn markup and messy extracted text into the plain text the library stores.

Every claim quote is a verbatim span of a document's stored text, so that text has to be
stable and readable: paragraphs kept apart, no markup, no invisible characters that make two
copies of the same sentence compare unequal.
"""

from __future__ import annotations

import re
import unicodedata

from selectolax.lexbor import LexborHTMLParser, LexborNode

# Elements whose content is never reading text (and may be hostile: scripts, embeds).
DROPPED_TAGS = frozenset(
    {
        "head",
        "title",
        "script",
        "style",
        "noscript",
        "iframe",
        "template",
        "svg",
        "object",
        "embed",
        "canvas",
        "button",
        "select",
        "textarea",
        "input",
    }
)
# Elements that start and end a paragraph: a blank line around them.
PARAGRAPH_TAGS = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "dl",
        "table",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "figure",
        "figcaption",
        "hr",
        "address",
        "details",
        "summary",
        "fieldset",
        "caption",
        "body",
    }
)
# Elements that sit on a line of their own without a blank line around them.
LINE_TAGS = frozenset({"li", "tr", "dt", "dd"})
CELL_TAGS = frozenset({"td", "th"})

PREAMBLE_RE = re.compile(
    r"\A\s*Published on [A-Z][a-z]+ \d{1,2}, \d{4},? \d{1,2}:\d{2}\s*[AP]M(?: [A-Z]{2,4})?[ \t]*"
    r"(?:\n\s*|\Z)"
)
DISCUSS_RE = re.compile(r"\n[ \t]*Discuss[ \t]*\Z")
# Typographic ligatures from PDF fonts: "artiﬁcial" must match a search for "artificial".
LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb06": "st",
    }
)
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")
HTML_TAG_RE = re.compile(
    r"<!doctype html|</?(?:html|body|p|div|br|h[1-6]|ul|ol|li|blockquote|span|a|em|strong|i|b"
    r"|table|tr|td|pre|code|img|sup|sub)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)


class _TextBuilder:
    """Accumulates text with pending breaks, so breaks never pile up or lead the text."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pending_break = 0
        self.prefix = ""

    def request_break(self, newlines: int) -> None:
        if self.parts:
            self.pending_break = max(self.pending_break, newlines)

    def line_break(self) -> None:
        """A <br>: each one counts, so <br/><br/> makes a paragraph break."""
        if self.parts:
            self.pending_break = min(2, self.pending_break + 1)

    def add(self, text: str, preformatted: bool = False) -> None:
        if not preformatted:
            text = re.sub(r"\s+", " ", text)
        if not text.strip():
            if text and self.parts and not self.pending_break and not self.parts[-1].endswith(" "):
                self.parts.append(" ")
            return
        if self.pending_break:
            if self.parts:
                self.parts[-1] = self.parts[-1].rstrip(" ")
                self.parts.append("\n" * self.pending_break)
            self.pending_break = 0
            text = text if preformatted else text.lstrip(" ")
        elif self.parts and self.parts[-1].endswith(" ") and not preformatted:
            text = text.lstrip(" ")
        if self.prefix:
            text = self.prefix + text.lstrip(" ")
            self.prefix = ""
        self.parts.append(text)

    def result(self) -> str:
        return "".join(self.parts)


def html_to_text(html: str) -> str:
    """Readable plain text from HTML: blank lines between blocks, list items on their own lines.

    Scripts, styles and embeds are dropped rather than sanitised, because stored text is
    never rendered as HTML: only the words matter.
    """
    if not html or not html.strip():
        return ""
    tree = LexborHTMLParser(html)
    builder = _TextBuilder()
    if tree.root is not None:
        _walk(tree.root, builder)
    return normalise_text(builder.result())


def _walk(root: LexborNode, out: _TextBuilder) -> None:
    """Depth-first walk without recursion: real pages nest deeper than Python's stack."""
    stack: list[tuple[LexborNode, bool, int]] = [(root, True, 0)]
    while stack:
        node, entering, pre_depth = stack.pop()
        tag = node.tag or ""
        if not entering:
            _leave(tag, out)
            continue
        if tag == "-text":
            out.add(node.text_content or "", preformatted=pre_depth > 0)
            continue
        if tag.startswith("-") or tag in DROPPED_TAGS:
            continue
        _enter(node, tag, out)
        inner_pre = pre_depth + (1 if tag == "pre" else 0)
        stack.append((node, False, pre_depth))
        children = []
        child = node.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((c, True, inner_pre) for c in reversed(children))


def _enter(node: LexborNode, tag: str, out: _TextBuilder) -> None:
    if tag == "br":
        out.line_break()
    elif tag in PARAGRAPH_TAGS:
        out.request_break(2)
    elif tag in LINE_TAGS:
        out.request_break(1)
        if tag == "li":
            out.prefix = _list_marker(node)
    elif tag in CELL_TAGS and _has_element_before(node):
        out.add(" | ", preformatted=True)


def _leave(tag: str, out: _TextBuilder) -> None:
    if tag in PARAGRAPH_TAGS:
        out.request_break(2)
    elif tag in LINE_TAGS:
        out.request_break(1)


def _list_marker(item: LexborNode) -> str:
    """'- ' for bullet items, '3. ' for the third item of an ordered list."""
    parent = item.parent
    if parent is None or parent.tag != "ol":
        return "- "
    number = 1
    sibling = item.prev
    while sibling is not None:
        if sibling.tag == "li":
            number += 1
        sibling = sibling.prev
    start = (parent.attributes.get("start") or "1").strip()
    offset = int(start) - 1 if start.isdigit() else 0
    return f"{number + offset}. "


def _has_element_before(cell: LexborNode) -> bool:
    sibling = cell.prev
    while sibling is not None:
        if sibling.tag in CELL_TAGS:
            return True
        sibling = sibling.prev
    return False


def strip_feed_preamble(text: str) -> str:
    """Drop LessWrong / Alignment Forum feed furniture that is not part of the post.

    Their RSS items start with "Published on <date> GMT" and end with a lone "Discuss" link;
    left in, the date line would be quoted as if it were a claim.
    """
    text = PREAMBLE_RE.sub("", text, count=1)
    text = DISCUSS_RE.sub("", text.rstrip())
    return text.strip()


def normalise_text(text: str) -> str:
    """One canonical form for stored text, so hashes and quotes stay stable across re-ingests."""
    text = unicodedata.normalize("NFC", text).translate(LIGATURES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = CONTROL_RE.sub("", text)
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    text = re.sub(r"[ \t\u00a0]+\Z", "", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def looks_like_html(text: str) -> bool:
    """True when text carries HTML markup (at least two known tags, or a doctype).

    One stray '<b>' in a markdown note should not turn the note into HTML.
    """
    head = text[:200_000]
    if re.search(r"<!doctype html|<html[\s>]", head[:2000], re.IGNORECASE):
        return True
    return len(HTML_TAG_RE.findall(head, 0)) >= 2
