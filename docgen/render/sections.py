"""Document sections after rendering: drop a last section that rendered empty.

Templates with a Phụ lục end the body's section with a section-break paragraph and give the
appendices their own (landscape) section, numbered from 1 (NĐ30 §6). A document without an
appendix renders nothing in that last section; the body's section then becomes the last one
again, so no blank landscape page is left.
"""

from __future__ import annotations

import re

from lxml import etree

from docgen.render.xmlns import W


def drop_empty_last_section(body: etree._Element) -> None:
    """When nothing but empty paragraphs follows the last section break, make the section
    it ends the document's last section and remove the empty one."""
    breaks = [p for p in body.iterchildren(f"{W}p") if p.find(f"{W}pPr/{W}sectPr") is not None]
    final = body.find(f"{W}sectPr")
    if not breaks or final is None:
        return
    last_break = breaks[-1]
    after = list(last_break.itersiblings())
    content = [el for el in after if el.tag != f"{W}sectPr" and not _empty_paragraph(el)]
    if content:
        return
    for element in after:
        if element.tag == f"{W}p":
            body.remove(element)
    section = last_break.find(f"{W}pPr/{W}sectPr")
    assert section is not None
    section.getparent().remove(section)
    body.replace(final, section)


def _empty_paragraph(element: etree._Element) -> bool:
    if element.tag != f"{W}p":
        return False
    has_text = any((t.text or "").strip() for t in element.iter(f"{W}t"))
    return not has_text and element.find(f".//{W}drawing") is None


_RUN_TEXT = re.compile(r"<w:(?:t|drawing|pict|object)[\s>/]")
_SECTION = re.compile(r"<w:sectPr\b[^>]*?(?:/>|>.*?</w:sectPr>)", re.S)


def promote_last_break(xml: str) -> str:
    """:func:`drop_empty_last_section` on a rendered document part as text: when the body's
    own section holds nothing but the section-break paragraph that ends the one before it
    (each Phụ lục ends its own section, portrait or landscape), that break's section becomes
    the body's last (the paragraph that carried it stays, empty)."""
    final = xml.rfind("<w:sectPr")
    start = max(xml.rfind("<w:p>", 0, final), xml.rfind("<w:p ", 0, final))
    if final < 0 or start < 0:
        return xml
    paragraph = xml[start:final].rstrip()
    if not paragraph.endswith("</w:p>") or _RUN_TEXT.search(paragraph):
        return xml
    inner = _SECTION.search(paragraph)
    own = _SECTION.match(xml, final)
    if inner is None or own is None:
        return xml
    kept = paragraph[: inner.start()] + paragraph[inner.end() :]  # the paragraph stays
    return xml[:start] + kept + inner.group(0) + xml[own.end() :]
