"""Build the Layout of a document: find every component, then the body between them."""

from __future__ import annotations

import re

from docgen.check.find_body import body_paragraphs, find_appendices, find_kinh_gui, find_title
from docgen.check.find_closing import find_closing
from docgen.check.find_header import find_header
from docgen.check.layout import Flow, Layout, Title
from docgen.check.ruleset import RuleSet
from docgen.check.text import Slot
from docgen.check.view import Document, Paragraph

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
    if header.table is not None:
        layout.names[header.table.path] = "header block"
    if closing.table is not None:
        layout.names[closing.table.path] = "closing block"
    return layout


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
