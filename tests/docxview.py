"""Read a rendered .docx the way the tests need it: paragraphs with their effective look."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.shared import Length
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Para:
    """A paragraph's text with the effective size, boldness and italics of its text runs."""

    text: str
    style: str
    size: float | None
    bold: bool
    italic: bool
    align: str


def _effective(p: Paragraph, attr: str) -> object:
    runs = [r for r in p.runs if r.text.strip()]
    values = []
    for run in runs:
        value = getattr(run.font, attr)
        style = p.style
        while value is None and style is not None:
            value = getattr(style.font, attr)
            style = style.base_style
        values.append(value)
    if not values:
        style = p.style
        value = None
        while value is None and style is not None:
            value = getattr(style.font, attr)
            style = style.base_style
        return value
    return values[0] if all(v == values[0] for v in values) else "mixed"


def _align(p: Paragraph) -> str:
    style = p.style
    value = p.paragraph_format.alignment
    while value is None and style is not None:
        value = style.paragraph_format.alignment
        style = style.base_style
    return str(value).split(".")[-1].split(" ")[0] if value is not None else "LEFT"


def para(p: Paragraph) -> Para:
    """The view of one paragraph."""
    size = _effective(p, "size")
    return Para(
        text=p.text,
        style=p.style.name if p.style is not None else "",
        size=size.pt if hasattr(size, "pt") else None,
        bold=_effective(p, "bold") is True,
        italic=_effective(p, "italic") is True,
        align=_align(p),
    )


def paragraphs(path: Path) -> list[Para]:
    """Every paragraph of the body in reading order, table cells included (a cell spanning
    columns once)."""
    doc = Document(str(path))
    out: list[Para] = []
    for block in doc.element.body.iterchildren():
        if block.tag == f"{W}p":
            out.append(para(Paragraph(block, doc._body)))
        elif block.tag == f"{W}tbl":
            table = Table(block, doc._body)
            for row in table.rows:
                seen: set[int] = set()
                for cell in row.cells:  # a merged cell once, not once per grid column
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        out += [para(p) for p in cell.paragraphs]
    return out


def find(paras: list[Para], text: str) -> Para:
    """The first paragraph whose text starts with *text*."""
    for p in paras:
        if p.text.startswith(text):
            return p
    raise AssertionError(f"no paragraph starts with {text!r}")


def part_xml(path: Path, name: str) -> etree._Element:
    """A part of the package parsed with lxml."""
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def text_dump(path: Path) -> str:
    """A normalised, reviewable dump: one line per paragraph with its look, then footnotes."""
    lines = []
    for p in paragraphs(path):
        if not p.text.strip():
            continue
        look = f"{p.size or '-'}{' B' if p.bold else ''}{' I' if p.italic else ''} {p.align}"
        lines.append(f"[{look}] {p.text}")
    notes = part_xml(path, "word/footnotes.xml")
    for note in notes.iter(f"{W}footnote"):
        if int(note.get(f"{W}id", "0")) > 0:
            text = "".join(t.text or "" for t in note.iter(f"{W}t"))
            lines.append(f"[footnote {note.get(f'{W}id')}] {text.strip()}")
    return "\n".join(lines) + "\n"


def twips(length: Length | None) -> int:
    """A section's size or margin in twips; python-docx says None when the file omits it."""
    assert length is not None, "the section does not set this size"
    return length.twips
