"""Real Word footnotes: the w:footnote elements of a document's notes."""

from __future__ import annotations

from lxml import etree

from docgen.compose.inline import Span
from docgen.render.runs import run_xml
from docgen.render.xmlns import W_NS, W

NOTE = (
    '<w:footnote w:id="{n}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
    '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
    '<w:r><w:t xml:space="preserve"> </w:t></w:r>{runs}</w:p></w:footnote>'
)


def footnote_xml(number: int, spans: tuple[Span, ...]) -> str:
    """One w:footnote element with its reference mark and text (the w: prefix undeclared:
    it goes into a footnotes part that declares it)."""
    runs = "".join(run_xml(s) for s in spans if not s.footnote)
    return NOTE.format(n=number, runs=runs)


def add_footnotes(root: etree._Element, notes: list[tuple[Span, ...]]) -> None:
    """Append notes 1..n to a w:footnotes root (ids must match the body's references)."""
    for existing in root.findall(f"{W}footnote"):
        if int(existing.get(f"{W}id", "0")) > 0:
            root.remove(existing)
    xml = "".join(footnote_xml(number, spans) for number, spans in enumerate(notes, 1))
    root.extend(etree.fromstring(f'<w:footnotes xmlns:w="{W_NS}">{xml}</w:footnotes>'))
