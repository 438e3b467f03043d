"""Document sections after rendering: the appendices' sections, and no last section that
rendered empty.

A stock template keeps the body's section properties as its last section: a document
without an appendix is that one section (LibreOffice, saving a template, keeps a one-page
section's different first page only there). Each Phụ lục ends its own section, portrait or
landscape, numbered from 1 (NĐ30 §6), and before the first one a paragraph ends the body's
section. So a document with appendices renders two or more section breaks and an empty last
section; then (:func:`appendix_sections`) the first break is given the template's last
section (the body's), each appendix a first page of its own when the body has one, and the
last appendix's section becomes the document's last. A template of the earlier layout (one
break before a last section holding the appendices) renders one break and an empty last
section when it has no appendix: that break's section becomes the last
(:func:`drop_empty_last_section`).
"""

from __future__ import annotations

import re
from copy import deepcopy

from lxml import etree

from docgen.render.xmlns import W

#: what follows w:titlePg in a w:sectPr (CT_SectPr's order)
_AFTER_TITLE = ("textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings")


def appendix_sections(body: etree._Element) -> None:
    """The sections of a document whose appendices each end their own (see the module)."""
    breaks = _breaks(body)
    final = body.find(f"{W}sectPr")
    if len(breaks) < 2 or final is None or not _empty_after(breaks[-1]):
        drop_empty_last_section(body)
        return
    first = breaks[0].find(f"{W}pPr/{W}sectPr")
    assert first is not None
    first.getparent().replace(first, deepcopy(final))
    if final.find(f"{W}titlePg") is not None:
        for p in breaks[1:]:
            section = p.find(f"{W}pPr/{W}sectPr")
            if section is not None and section.find(f"{W}titlePg") is None:
                _add_title_page(section)
    drop_empty_last_section(body)


def drop_empty_last_section(body: etree._Element) -> None:
    """When nothing but empty paragraphs follows the last section break, make the section
    it ends the document's last section and remove the empty one."""
    breaks = _breaks(body)
    final = body.find(f"{W}sectPr")
    if not breaks or final is None:
        return
    last_break = breaks[-1]
    if not _empty_after(last_break):
        return
    for element in list(last_break.itersiblings()):
        if element.tag == f"{W}p":
            body.remove(element)
    section = last_break.find(f"{W}pPr/{W}sectPr")
    assert section is not None
    section.getparent().remove(section)
    body.replace(final, section)


def _breaks(body: etree._Element) -> list[etree._Element]:
    return [p for p in body.iterchildren(f"{W}p") if p.find(f"{W}pPr/{W}sectPr") is not None]


def _empty_after(last_break: etree._Element) -> bool:
    after = list(last_break.itersiblings())
    return not [el for el in after if el.tag != f"{W}sectPr" and not _empty_paragraph(el)]


def _add_title_page(section: etree._Element) -> None:
    title = etree.Element(f"{W}titlePg")
    after = [c for c in section if etree.QName(c).localname in _AFTER_TITLE]
    if after:
        after[0].addprevious(title)
    else:
        section.append(title)


def _empty_paragraph(element: etree._Element) -> bool:
    if element.tag != f"{W}p":
        return False
    has_text = any((t.text or "").strip() for t in element.iter(f"{W}t"))
    return not has_text and element.find(f".//{W}drawing") is None


# -- the same on a rendered part as text (docgen's engine) ---------------------------------------

_SECTION = re.compile(r"<w:sectPr\b[^>]*?(?:/>|>.*?</w:sectPr>)", re.S)
_RUN_TEXT = re.compile(r"<w:(?:t|drawing|pict|object)[\s>/]")
_AFTER_TITLE_TEXT = re.compile(r"<w:(?:" + "|".join(_AFTER_TITLE) + r")\b")


def finish_sections(xml: str) -> str:
    """:func:`appendix_sections` on a document part as text."""
    final = xml.rfind("<w:sectPr")
    own = _SECTION.match(xml, final) if final >= 0 else None
    if own is None or _empty_break_before(xml, final) is None:
        return xml
    breaks = list(_SECTION.finditer(xml, 0, final))  # each in its break's paragraph
    if len(breaks) < 2:
        return promote_last_break(xml)
    body = own.group(0)
    out, at = [], 0
    for n, found in enumerate(breaks):
        section = body if n == 0 else found.group(0)
        if n and "<w:titlePg" in body:
            section = _title_page(section)
        out += [xml[at : found.start()], section]
        at = found.end()
    out.append(xml[at:])
    return promote_last_break("".join(out))


def promote_last_break(xml: str) -> str:
    """:func:`drop_empty_last_section` on a document part as text (the paragraph that
    carried the break stays, empty)."""
    final = xml.rfind("<w:sectPr")
    start = _empty_break_before(xml, final)
    own = _SECTION.match(xml, final) if final >= 0 else None
    if start is None or own is None:
        return xml
    paragraph = xml[start:final].rstrip()
    inner = _SECTION.search(paragraph)
    if inner is None:
        return xml
    kept = paragraph[: inner.start()] + paragraph[inner.end() :]
    return xml[:start] + kept + inner.group(0) + xml[own.end() :]


def _empty_break_before(xml: str, final: int) -> int | None:
    """Where the paragraph just before the body's own section starts, when it is an empty
    section break (the last section is then empty)."""
    if final < 0:
        return None
    start = max(xml.rfind("<w:p>", 0, final), xml.rfind("<w:p ", 0, final))
    if start < 0:
        return None
    paragraph = xml[start:final].rstrip()
    if not paragraph.endswith("</w:p>") or _RUN_TEXT.search(paragraph):
        return None
    return start if "<w:sectPr" in paragraph else None


def _title_page(section: str) -> str:
    if "<w:titlePg" in section or section.endswith("/>"):
        return section
    at = _AFTER_TITLE_TEXT.search(section)
    cut = at.start() if at is not None else section.rindex("</w:sectPr>")
    return section[:cut] + "<w:titlePg/>" + section[cut:]
