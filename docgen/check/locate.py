"""Build the Layout of a document: find every component, then the body between them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from docgen.check.find_body import body_paragraphs, find_appendices, find_kinh_gui, find_title
from docgen.check.find_closing import find_closing
from docgen.check.find_header import find_header
from docgen.check.layout import Flow, Layout, Title
from docgen.check.ruleset import RuleSet
from docgen.check.text import Slot, fold, is_upper
from docgen.check.view import Document, Paragraph
from docgen.i18n import N_

_FIRST_GROUP = re.compile(r"/\s*(?:\d{4}/)?([^-\s/]+)")
_KINH_GUI_REACH = 30


def locate(doc: Document, rules: RuleSet) -> Layout:
    """Where each component is; components not found are None or empty."""
    flow = Flow(doc)
    types = rules.data["types"]
    header = find_header(flow, rules.layout, types.values(), rules["ND30-CQ-LINE"].params)
    start = flow.pos(header.zone[-1]) + 1 if header.zone else 0
    title = find_title(flow, start, types, int(rules.layout["line_centre_tolerance"]))
    after_title = _after(flow, start, _title_paras(title))
    closing = find_closing(flow, after_title)
    end = closing.start if closing.start is not None else len(flow.paras)
    appendices = find_appendices(flow, end if closing.start is not None else after_title)
    if closing.start is None and appendices:
        end = flow.pos(appendices[0].heading.para)
    kinh_gui, items = find_kinh_gui(flow, after_title, min(end, after_title + _KINH_GUI_REACH))
    kinh_paras = [s.para for s in ([kinh_gui] if kinh_gui else []) + items]
    body_start = _after(flow, after_title, kinh_paras)
    taken = _title_paras(title) + kinh_paras
    layout = Layout(
        doc,
        flow,
        header,
        title,
        _kind(header.so, header.vv, title, types),
        kinh_gui,
        items,
        body_paragraphs(flow, body_start, end, taken),
        closing,
        appendices,
    )
    layout.not_governed = _not_governed(flow, layout, rules["ND30-KIND"].params)
    if header.table is not None:
        layout.names[header.table.path] = N_("header block")
    if closing.table is not None:
        layout.names[closing.table.path] = N_("closing block")
    return layout


_HEADING_SEARCH = 12
_HEADING_LENGTH = 80


def _not_governed(flow: Flow, layout: Layout, kind: Mapping[str, Any]) -> str | None:
    """The heading that marks a document NĐ30 does not govern, or None.

    It is such a document when one of the IN HOA headings at its top reads like one
    (THAM LUẬN, DANH SÁCH, PHIẾU TRÌNH, ĐIỀU LỆ…) and no Phụ lục III type name was found,
    when its ký hiệu has such a code (PT: phiếu trình), when a type name stands with
    none of the NĐ30 furniture (no Quốc hiệu, no Số, no Nơi nhận: a conference's
    CHƯƠNG TRÌNH), or when it is a table with none of that furniture (a ranking, vb053).
    """
    header = layout.header
    if layout.title.type_title is not None:
        bare = header.qh is None and header.so is None and layout.closing.label is None
        named = layout.title.type_code in kind["bare_title_codes"]
        return layout.title.type_title.text if bare and named else None
    if header.so is not None and type_code(header.so) in kind["not_governed_codes"]:
        return header.so.text
    firsts = [p for p in flow.paras[: _HEADING_SEARCH * 4] if p.text][:_HEADING_SEARCH]
    for para in firsts:
        text = fold(para.text)
        short = len(para.text) <= _HEADING_LENGTH and is_upper(para.text)
        if short and any(text.startswith(name) for name in kind["not_governed"]):
            return para.text
    furniture = (header.qh, header.so, header.vv, layout.kinh_gui, layout.closing.label)
    if firsts and firsts[0].in_table and all(part is None for part in furniture):
        return "a table on its own: no Quốc hiệu, Số, type name, Kính gửi or Nơi nhận"
    return None


def _title_paras(title: Title) -> list[Paragraph]:
    slots = ([title.type_title] if title.type_title else []) + title.trich_yeu
    paras = [s.para for s in slots]
    if title.line is not None:
        paras.append(title.line.para)
    return paras


def _after(flow: Flow, start: int, paras: list[Paragraph]) -> int:
    return max([start] + [flow.pos(p) + 1 for p in paras])


def type_code(so: Slot | None) -> str | None:
    """The first ký hiệu group after '/' in the Số line."""
    if so is None:
        return None
    match = _FIRST_GROUP.search(so.text)
    return match.group(1) if match else None


def _kind(so: Slot | None, vv: Slot | None, title: Title, types: dict[str, str]) -> str:
    if title.type_title is not None:
        return "typed"
    if vv is not None:
        return "congvan"
    if so is None:
        return "unknown"
    return "typed" if type_code(so) in types else "congvan"
