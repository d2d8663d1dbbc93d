"""Render the demo corpus papers in pdf/*.txt to paper-like PDFs with fpdf2.

The demo corpus needs PDFs the project made itself (no third-party papers), with real metadata
and more than one page, so that the PDF ingester is exercised on something that looks like a
paper: title block, abstract, numbered sections, references, page footers.

Source format (ASCII/latin-1 only, because the PDF uses core fonts):

    title: ...
    authors: Name One; Name Two
    affiliation: ...
    date: YYYY-MM-DD
    keywords: a, b, c
    <blank line>
    # Abstract
    paragraph...
    # 1 Introduction
    paragraph...

Paragraphs are separated by blank lines; in "# References" every line is its own entry.

Usage: python corpora/demo/build_pdf.py [SOURCE.txt ...]   (default: every pdf/*.txt here)
The output is deterministic: the creation date comes from the source's `date`.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

HERE = Path(__file__).resolve().parent
FOOTER_PREFIX = "Page "


def parse_source(text: str) -> tuple[dict[str, str], list[tuple[str, list[str]]]]:
    """Split a source file into header fields and (section title, paragraphs) pairs."""
    head, _, body = text.partition("\n\n")
    meta = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip().lower()] = value.strip()
    sections: list[tuple[str, list[str]]] = []
    for block in body.strip().split("\n\n"):
        lines = block.strip().splitlines()
        if lines and lines[0].startswith("# "):
            sections.append((lines[0][2:].strip(), []))
            lines = lines[1:]
        if not lines:
            continue
        if not sections:
            raise ValueError("text before the first '# ' section heading")
        title, paragraphs = sections[-1]
        if title.lower() == "references":
            paragraphs.extend(line.strip() for line in lines)
        else:
            paragraphs.append(" ".join(line.strip() for line in lines))
    for field in ("title", "authors", "date"):
        if field not in meta:
            raise ValueError(f"missing header field: {field}")
    return meta, sections


def latin1(text: str) -> str:
    """Core PDF fonts are latin-1; map the few typographic characters that sneak in."""
    table = {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "--",
        "\u2026": "...",
    }
    text = "".join(table.get(ch, ch) for ch in text)
    text.encode("latin-1")  # fail loudly rather than print '?'
    return text


class Paper(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Times", "", 9)
        self.cell(0, 10, f"{FOOTER_PREFIX}{self.page_no()}", align="C")


def render(source: Path, target: Path) -> Path:
    meta, sections = parse_source(latin1(source.read_text(encoding="utf-8")))
    authors = [a.strip() for a in meta["authors"].split(";")]
    created = datetime.fromisoformat(meta["date"]).replace(hour=9, tzinfo=UTC)

    pdf = Paper(format="A4")
    pdf.set_margins(25, 22, 25)
    pdf.set_auto_page_break(True, margin=22)
    pdf.set_title(meta["title"])
    pdf.set_author(", ".join(authors))
    pdf.set_subject("cruxmap demo corpus (fictional paper written for the project)")
    pdf.set_keywords(meta.get("keywords", ""))
    pdf.set_creator("cruxmap corpora/demo/build_pdf.py")
    pdf.set_creation_date(created)
    pdf.add_page()

    pdf.set_font("Times", "B", 17)
    pdf.multi_cell(0, 8, meta["title"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Times", "", 12)
    pdf.multi_cell(0, 6, ", ".join(authors), align="C", new_x="LMARGIN", new_y="NEXT")
    if meta.get("affiliation"):
        pdf.set_font("Times", "I", 11)
        pdf.multi_cell(0, 6, meta["affiliation"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Times", "", 11)
    pdf.multi_cell(0, 6, created.strftime("%d %B %Y"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)

    for title, paragraphs in sections:
        if title.lower() == "abstract":
            pdf.set_font("Times", "B", 11)
            pdf.multi_cell(0, 6, "Abstract", align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Times", "I", 11)
            with pdf.local_context():
                pdf.set_left_margin(35)
                pdf.set_right_margin(35)
                pdf.set_x(35)
                for paragraph in paragraphs:
                    pdf.multi_cell(0, 5.5, paragraph, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.set_left_margin(25)
            pdf.set_right_margin(25)
            if meta.get("keywords"):
                pdf.ln(2)
                pdf.set_font("Times", "", 10)
                pdf.multi_cell(
                    0, 5, f"Keywords: {meta['keywords']}", align="C", new_x="LMARGIN", new_y="NEXT"
                )
            pdf.ln(5)
            continue
        pdf.set_font("Times", "B", 13)
        pdf.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        references = title.lower() == "references"
        pdf.set_font("Times", "", 10 if references else 12)
        for paragraph in paragraphs:
            pdf.multi_cell(
                0, 5 if references else 6.2, paragraph, align="L", new_x="LMARGIN", new_y="NEXT"
            )
            pdf.ln(1 if references else 2.5)
        pdf.ln(2)

    pdf.output(str(target))
    return target


def main(argv: list[str]) -> int:
    sources = [Path(a) for a in argv] or sorted((HERE / "pdf").glob("*.txt"))
    for source in sources:
        target = render(source, source.with_suffix(".pdf"))
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
