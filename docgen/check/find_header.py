"""Find the page-1 header components: Quốc hiệu, Tiêu ngữ, agency, Số, V/v, date, marks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from docgen.check.layout import Flow, Header
from docgen.check.rulelines import anchored_below, find_line
from docgen.check.text import Slot, fold, is_upper, segments
from docgen.check.view import Paragraph
from docgen.typo import text_width_twips

_SO = re.compile(r"^so\s*[:.]?\s*[\w ]*/")
_DATE = re.compile(r",?\s*ngay\b.*\bthang\b.*\bnam\b")
_MARKS = {"hoa toc", "thuong khan", "khan", "xem xong tra lai", "luu hanh noi bo"}
_BODY_STARTS = ("kinh gui", "can cu", "v/v")
_COMPONENT_LENGTH = 300  # longer lines are not header components (and keep regexes cheap)
_AGENCY_LINE = {"min_ratio": 1 / 3, "max_ratio": 0.5, "slack": 0.03}


def find_header(
    flow: Flow,
    layout: Mapping[str, Any],
    type_names: Iterable[str],
    agency_line: Mapping[str, Any] = _AGENCY_LINE,
) -> Header:
    """Locate the header components on page 1 (loosely, so that wrong ones are found too).

    `agency_line` holds ND30-CQ-LINE's ratios: with no bold agency line, the rule line's
    length tells which lines are the issuing agency.
    """
    header = Header(zone=header_zone(flow, layout, {fold(n) for n in type_names}))
    slots = [s for p in header.zone for s in segments(p) if len(s.text) <= _COMPONENT_LENGTH]
    header.qh = _first(slots, lambda t: t.startswith("cong hoa xa hoi"))
    if header.qh is not None:
        header.table = flow.table_of(header.qh.para)
        _find_tieu_ngu(flow, header, int(layout["line_centre_tolerance"]))
    header.so = _first(slots, lambda t: bool(_SO.match(t)))
    header.vv = _first(slots, lambda t: t.startswith("v/v"))
    header.date = _first(slots, lambda t: bool(_DATE.search(t)) and not t.startswith("v/v"))
    header.marks = [s for s in slots if fold(s.text) in _MARKS]
    _find_agency(flow, header, slots, int(layout["line_centre_tolerance"]), agency_line)
    return header


def header_zone(flow: Flow, layout: Mapping[str, Any], type_folds: set[str]) -> list[Paragraph]:
    """Page-1 paragraphs before the first one that reads like the title or the body."""
    zone: list[Paragraph] = []
    for para in flow.paras[: int(layout["page1_paragraphs"])]:
        if _body_like(para, int(layout["body_like_length"]), type_folds):
            break
        zone.append(para)
        if _page_ends_in(para, any(p.text for p in zone[:-1])):
            break
    return zone


def _page_ends_in(para: Paragraph, text_before: bool) -> bool:
    """A page break after some text: what follows is on page 2. A break before the first
    text of the document (Word keeps one when a page was deleted) starts page 1."""
    seen = text_before
    for piece in para.pieces:
        if piece.kind == "page" and seen:
            return True
        seen = seen or (piece.kind == "text" and bool(piece.raw.strip()))
    return False


def _body_like(para: Paragraph, length: int, type_folds: set[str]) -> bool:
    if para.in_table or not para.text:
        return False
    text = fold(para.text)
    if para.in_textbox:  # a V/v or a 'Dự thảo' box stays in the header; Kính gửi ends it
        return text.startswith(_BODY_STARTS[0])
    if text.startswith("v/v"):
        return False
    return len(para.text) > length or text.startswith(_BODY_STARTS[:2]) or text in type_folds


def _first(slots: list[Slot], test: Any) -> Slot | None:
    return next((s for s in slots if test(fold(s.text))), None)


def _find_tieu_ngu(flow: Flow, header: Header, tolerance: int) -> None:
    """The Tiêu ngữ right after the Quốc hiệu (counting empty paragraphs between) and its line."""
    assert header.qh is not None
    own = segments(header.qh.para)
    index = own.index(header.qh) if header.qh in own else len(own) - 1
    candidate: Slot | None = own[index + 1] if index + 1 < len(own) else None
    after = list(flow.after(header.qh.para))
    if candidate is None:
        for para in after:
            if not para.text and not para.props.borders:
                header.qh_tn_gap += 1
                continue
            candidate = _tieu_ngu_segment(segments(para)) if para.text else None
            break
    if candidate is not None and fold(candidate.text).startswith("doc lap"):
        header.tn = candidate
        header.tn_line = find_line(candidate, flow.after(candidate.para), tolerance, "right")
        if header.tn_line is None:
            header.tn_line = anchored_below(_cell_below(flow, candidate.para), "right")


def _tieu_ngu_segment(parts: list[Slot]) -> Slot | None:
    """The stretch reading "Độc lập …" (tab layouts put it right of the agency), else the first."""
    return next(
        (s for s in parts if fold(s.text).startswith("doc lap")), parts[0] if parts else None
    )


def _find_agency(
    flow: Flow, header: Header, slots: list[Slot], tolerance: int, ratio: Mapping[str, Any]
) -> None:
    """Agency lines: the header cell left of the Quốc hiệu (or upper-case lines above Số).

    The bold lines are the issuing agency, those above them its chủ quản. When no line is
    bold at all, the line ruled under the last line decides (see _unbolded_split).
    """
    lines = _agency_slots(flow, header, slots)
    taken = [s for s in (header.so, header.vv, header.date, header.qh, header.tn) if s]
    lines = [s for s in lines if s not in taken and s not in header.marks]
    lead = 0
    while lead < len(lines) - 1 and not lines[lead].any_bold:
        lead += 1
    if lead and any(s.bold for s in lines[lead:]):
        header.chu_quan, header.agency = lines[:lead], lines[lead:]
    elif len(lines) > 1 and not any(s.any_bold for s in lines):
        split = _unbolded_split(flow, lines, tolerance, ratio)
        header.chu_quan, header.agency = lines[:split], lines[split:]
    else:
        header.agency = lines
    if header.agency:
        last = header.agency[-1]
        header.cq_line = find_line(last, flow.after(last.para), tolerance, "left")
        if header.cq_line is None:
            header.cq_line = anchored_below(_cell_below(flow, last.para), "left")


def _cell_below(flow: Flow, para: Paragraph) -> list[Paragraph]:
    """Paragraphs of the cell under `para`'s cell (same grid column, next row), if any."""
    table, cell = flow.table_of(para), flow.cell_of(para)
    if table is None or cell is None or cell.row + 1 >= len(table.rows):
        return []
    below = next((c for c in table.rows[cell.row + 1] if c.col == cell.col), None)
    return list(below.paragraphs()) if below is not None else []


def _unbolded_split(flow: Flow, lines: list[Slot], tolerance: int, ratio: Mapping[str, Any]) -> int:
    """Where the agency starts among 2+ lines none of which is bold.

    The short line under the agency is 1/3–1/2 as long as the agency's longest line: the
    fewest last lines it fits are the agency (a name on two lines keeps both). With no line
    to measure, or none that fits, the last line is the agency and the rest its chủ quản.
    """
    last = lines[-1]
    rule = find_line(last, flow.after(last.para), tolerance)
    if rule is not None and rule.length:
        low = float(ratio["min_ratio"]) - float(ratio["slack"])
        high = float(ratio["max_ratio"]) + float(ratio["slack"])
        for count in range(1, len(lines) + 1):
            longest = max(_printed_width(s) for s in lines[-count:])
            if longest and low <= rule.length / longest <= high:
                return len(lines) - count
    return len(lines) - 1


def _printed_width(slot: Slot) -> int:
    """Width of the line as ND30-CQ-LINE measures it (IN HOA, at its size and weight)."""
    return text_width_twips(slot.text.upper(), slot.size, slot.bold)


def _agency_slots(flow: Flow, header: Header, slots: list[Slot]) -> list[Slot]:
    if header.table is not None and header.qh is not None:
        cell = flow.cell_of(header.qh.para)
        row = header.table.rows[cell.row] if cell is not None else []
        left = next((c for c in row if cell is not None and c.col < cell.col), None)
        if left is None:
            return []
        return _leading_lines(list(left.paragraphs()))
    end = slots.index(header.so) if header.so in slots else len(slots)
    return [s for s in slots[:end] if is_upper(s.text) and s.para.text]


def _leading_lines(paras: list[Paragraph]) -> list[Slot]:
    """Non-empty lines at the top of a cell (empty paragraphs above them skipped), up to the
    first empty or ruled paragraph or Số."""
    lines: list[Slot] = []
    for para in paras:
        if not para.text and not lines and not para.props.borders:
            continue
        if not para.text or _SO.match(fold(para.text)) or fold(para.text).startswith("v/v"):
            break
        lines.extend(segments(para, tabs=False))
        if para.props.borders.get("bottom"):
            break
    return lines
