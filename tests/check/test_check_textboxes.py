"""Header, Kính gửi and closing drawn in text boxes are found, and judged like the others.

The documents are docgen's clean công văn with those blocks moved into floating VML text
boxes (each box as wide as the cell it replaces, the anchor paragraph keeping the box's
height free under it): the page as LibreOffice prints it shows the same letter. A real one:
vb043 (shared corpus) sets its V/v in a text box under the Số line.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from check_fixture_maker import maker
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from docgen.check import check_file
from docgen.check.engine import RULES
from docgen.check.locate import locate
from docgen.check.reader import read_docx

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
_INSET = 288  # a VML text box's 0.1" insets, left and right, in twips


def _box(paras: list[etree._Element], width: int, left: int, height_pt: int) -> etree._Element:
    """A run holding a floating text box `width` twips wide (text area), `left` twips in."""
    run = parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml">'
        f'<w:pict><v:shape type="#_x0000_t202" stroked="f" style="position:absolute;'
        f"margin-left:{left / 20}pt;margin-top:0;width:{(width + _INSET) / 20}pt;"
        f'height:{height_pt}pt;z-index:1"><v:textbox><w:txbxContent/></v:textbox>'
        "</v:shape></w:pict></w:r>"
    )
    content = run.find(".//" + qn("w:txbxContent"))
    for para in paras:
        content.append(para)
    return run


def _keep_free(para: etree._Element, height_pt: int) -> None:
    """The anchor paragraph leaves the floating box's height free under it."""
    ppr = para.find(qn("w:pPr"))
    if ppr is None:
        ppr = parse_xml(f"<w:pPr {nsdecls('w')}/>")
        para.insert(0, ppr)
    ppr.append(parse_xml(f'<w:spacing {nsdecls("w")} w:before="0" w:after="{height_pt * 20}"/>'))


def _cell_width(table: Any, col: int) -> int:
    return int(table.cell(0, col)._tc.tcPr.find(qn("w:tcW")).get(qn("w:w")))


def boxed_header(doc: Any) -> None:
    """The two header columns as two text boxes side by side, anchored in one paragraph."""
    table = doc.tables[0]
    columns = [
        [
            copy.deepcopy(p._p)
            for row in range(len(table.rows))
            for p in table.cell(row, c).paragraphs
        ]
        for c in range(2)
    ]
    widths = [_cell_width(table, 0), _cell_width(table, 1)]
    body = table._tbl.getparent()
    anchor = parse_xml(f"<w:p {nsdecls('w')}/>")
    body.replace(table._tbl, anchor)
    anchor.append(_box(columns[0], widths[0], 0, 125))
    anchor.append(_box(columns[1], widths[1], widths[0], 125))
    _keep_free(anchor, 125)


def boxed_kinh_gui(doc: Any) -> None:
    label = maker.the(doc, "Kính gửi:")
    items = [maker.the(doc, start) for start in ("- Phòng", "- Các đơn vị", "- Trường")]
    anchor = label.insert_paragraph_before("")
    moved = [p._p for p in (label, *items)]
    for element in moved:
        element.getparent().remove(element)
    anchor._p.append(_box(moved, 8000, 1200, 115))
    _keep_free(anchor._p, 115)


def boxed_signature(doc: Any) -> None:
    """Nơi nhận as plain paragraphs; the signature in a text box to their right."""
    table = doc.tables[-1]
    left = [copy.deepcopy(p._p) for p in table.cell(0, 0).paragraphs]
    signature = [copy.deepcopy(p._p) for p in table.cell(0, 1).paragraphs]
    body = table._tbl.getparent()
    at = body.index(table._tbl)
    body.remove(table._tbl)
    for offset, element in enumerate(left):
        body.insert(at + offset, element)
    left[0].append(_box(signature, _cell_width(table, 1), _cell_width(table, 0), 170))


ALL = (boxed_header, boxed_kinh_gui, boxed_signature)


def _build(tmp_path: Path, *changes: Callable[[Any], None], name: str = "boxes") -> Path:
    doc = maker.CLEAN["congvan"]()
    for change in changes:
        change(doc)
    path = tmp_path / f"{name}.docx"
    doc.save(str(path))
    return path


def _rules(path: Path) -> set[str]:
    report = check_file(path)
    assert report.unreadable is None, report.unreadable
    return {f.rule for f in report.findings if f.severity == "error"}


@pytest.mark.parametrize("changes", [ALL[:1], ALL[1:2], ALL[2:], ALL])
def test_blocks_in_text_boxes_pass_like_the_clean_letter(
    tmp_path: Path, changes: tuple[Callable[[Any], None], ...]
) -> None:
    assert _rules(_build(tmp_path, *changes)) == set()


def test_every_component_is_found_inside_the_boxes(tmp_path: Path) -> None:
    path = _build(tmp_path, *ALL)
    layout = locate(read_docx(path, RULES.limits), RULES)
    header, closing = layout.header, layout.closing
    assert header.qh is not None and header.qh.para.in_textbox
    assert header.tn is not None and header.tn_line is not None and header.tn_line.length
    assert [s.text for s in header.agency] == ["ỦY BAN NHÂN DÂN", "XÃ SA THẦY"]
    assert header.cq_line is not None and header.cq_line.length
    assert header.so is not None and header.date is not None and header.vv is not None
    assert layout.kinh_gui is not None and layout.kinh_gui.para.in_textbox
    assert [s.text for s in closing.authority] == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    ]
    assert closing.name is not None and closing.name.text == "Võ Thị Kim Dung"
    assert closing.label is not None and not closing.label.para.in_textbox


def _fault(start: str, value: str) -> Callable[[Any], None]:
    return lambda doc: maker.set_text(maker.the(doc, start), value)


@pytest.mark.parametrize(
    ("start", "value", "rule"),
    [
        ("CỘNG HÒA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT", "ND30-QH-TEXT"),
        ("Số:", "Số: 215/UBND - VHXH", "ND30-SO-FORMAT"),
        ("- Trường Mầm non", "- Trường Mầm non Như Ý;", "ND30-KINHGUI"),
        ("KT. CHỦ TỊCH", "K/T CHỦ TỊCH", "ND30-SIG-PREFIX"),
    ],
)
def test_a_fault_inside_a_box_is_still_found(
    tmp_path: Path, start: str, value: str, rule: str
) -> None:
    path = _build(tmp_path, _fault(start, value), *ALL)
    assert rule in _rules(path)


def test_a_real_v_v_in_a_text_box_and_an_agency_under_an_empty_paragraph() -> None:
    # vb043: three-column header table, the agency cell starts with an empty paragraph,
    # the V/v sits in a text box anchored in the Số line; page 1 shows all of them
    report = check_file(REAL / "vb043.docx")
    rules = {f.rule for f in report.findings}
    assert "ND30-CQ-CASE" not in rules and "ND30-VV" not in rules
    layout = locate(read_docx(REAL / "vb043.docx", RULES.limits), RULES)
    assert layout.header.vv is not None and layout.header.vv.para.in_textbox
    assert [s.text for s in layout.header.agency] == ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG"]
