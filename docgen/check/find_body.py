"""Find the type title and trích yếu, the Kính gửi block, the body and the appendices."""

from __future__ import annotations

import re
from collections.abc import Mapping

from docgen.check.layout import Appendix, Flow, Title
from docgen.check.rulelines import find_line
from docgen.check.text import Slot, fold, is_spacer, segments, whole
from docgen.check.view import Paragraph, Piece

_APPENDIX = re.compile(r"^phu luc(\s+[ivxlcdm0-9]+)?$")
_DASHES = "-–—+•"
_TITLE_SEARCH = 4
_TRICH_YEU_MAX = 4
_TRICH_YEU_LENGTH = 250
_NUMBERED = re.compile(r"^(\d+|[IVXLC]+)\.\s")


def find_title(flow: Flow, start: int, types: Mapping[str, str], tolerance: int) -> Title:
    """The type name among the first paragraphs after the header, and the trích yếu under it."""
    title = Title()
    by_fold = {fold(name): code for code, name in types.items()}
    for para in _top_level(flow, start)[:_TITLE_SEARCH]:
        code = by_fold.get(fold(para.text))
        if code is not None:
            title.type_title, title.type_code = whole(para), code
            break
    if title.type_title is not None:
        _trich_yeu(flow, title, tolerance)
    return title


def _trich_yeu(flow: Flow, title: Title, tolerance: int) -> None:
    """The paragraphs under the type name that state the subject, and the line under them."""
    assert title.type_title is not None
    for para in flow.after(title.type_title.para):
        if not para.text:
            if para.props.borders or para.shapes or title.trich_yeu:
                break
            title.gap += 0 if is_spacer(para) else 1
            continue
        if _ends_trich_yeu(para, title.trich_yeu):
            break
        title.trich_yeu.append(whole(para))
        if len(title.trich_yeu) >= _TRICH_YEU_MAX or para.props.borders.get("bottom"):
            break
    if title.trich_yeu:
        last = title.trich_yeu[-1]
        title.line = find_line(last, flow.after(last.para), tolerance)


def _ends_trich_yeu(para: Paragraph, found: list[Slot]) -> bool:
    """A heading, a body paragraph, Kính gửi or căn cứ — or a line styled unlike the first."""
    text = fold(para.text)
    if text.startswith(("kinh gui", "can cu")) or _NUMBERED.match(para.text):
        return True
    if para.style_name.lower().startswith("heading") or para.props.alignment == "both":
        return True
    if len(para.text) > _TRICH_YEU_LENGTH:
        return True
    if not found:
        return False
    first = found[0]
    return para.props.alignment != first.para.props.alignment or whole(para).bold != first.bold


def find_kinh_gui(flow: Flow, start: int, end: int) -> tuple[Slot | None, list[Slot]]:
    """'Kính gửi:' between `start` and `end`, and the recipient lines under it."""
    for para in flow.paras[start:end]:
        for slot in segments(para):
            if fold(slot.text).startswith("kinh gui"):
                return slot, _recipients(flow, slot)
    return None, []


def _recipients(flow: Flow, slot: Slot) -> list[Slot]:
    own = segments(slot.para)
    lines = own[own.index(slot) + 1 :] if slot in own else []
    following = list(flow.after(slot.para))
    if not following and (cell := flow.cell_of(slot.para)) is not None:
        table = flow.table_of(slot.para)
        row = table.rows[cell.row] if table is not None else []
        following = [p for c in row if c.col > cell.col for p in c.paragraphs()]
    for para in following:
        if not para.text:
            break
        lines.extend(segments(para))
    items: list[Slot] = []
    for line in lines:
        if line.text[:1] not in _DASHES:
            break
        items.append(line)
    return items


def find_appendices(flow: Flow, start: int) -> list[Appendix]:
    """'Phụ lục' headings after the closing block, each with its title and (Kèm theo …) line."""
    appendices: list[Appendix] = []
    paras = _top_level(flow, start)
    for index, para in enumerate(paras):
        if _APPENDIX.match(fold(para.text)):
            appendices.append(_appendix(flow, para, paras[index + 1 : index + 5]))
    return appendices


def _appendix(flow: Flow, heading: Paragraph, nxt: list[Paragraph]) -> Appendix:
    title: list[Slot] = []
    kem_theo: Slot | None = None
    for index, para in enumerate(nxt):
        if fold(para.text).startswith(("(kem theo", "(ban hanh kem theo")):
            kem_theo = _kem_theo_line(para, nxt[index + 1 : index + 2])
            break
        if _APPENDIX.match(fold(para.text)):
            break
        title.append(whole(para))
    section = flow.doc.sections[min(heading.section, len(flow.doc.sections)) - 1]
    return Appendix(whole(heading), title, kem_theo, section, _starts_section(flow, heading))


def _kem_theo_line(para: Paragraph, after: list[Paragraph]) -> Slot:
    """The (Kèm theo …) line, joined with the next paragraph when a clerk broke it over two
    ("(Kèm theo Công văn số …/UBND-VHXH" ⏎ "ngày … của UBND xã …)")."""
    slot = whole(para)
    if ")" in slot.text or not after or not after[0].text.strip().endswith(")"):
        return slot
    rest = whole(after[0])
    props = slot.pieces[-1].props if slot.pieces else rest.pieces[0].props
    return Slot(para, (*slot.pieces, Piece("text", " ", props), *rest.pieces), False)


def _starts_section(flow: Flow, heading: Paragraph) -> bool:
    """True when nothing but empty paragraphs precedes the heading in its section."""
    return flow.section_starts.get(heading.section) is heading


def _top_level(flow: Flow, start: int) -> list[Paragraph]:
    """Non-empty paragraphs of the main flow (not tables, not text boxes) from `start`."""
    return [p for p in flow.paras[start:] if not p.in_table and not p.in_textbox and p.text]


def body_paragraphs(flow: Flow, start: int, end: int, taken: list[Paragraph]) -> list[Paragraph]:
    """Top-level, non-empty paragraphs between the header components and the closing block."""
    skip = {id(p) for p in taken}
    return [
        p
        for p in flow.paras[start:end]
        if not p.in_table and not p.in_textbox and p.text and id(p) not in skip
    ]
