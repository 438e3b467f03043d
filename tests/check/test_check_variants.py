"""Shapes docgen (or a careful clerk) may write that must pass, and rules the corpus leaves out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from check_fixture_maker import maker, variant
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from docgen.check import check_file


def _rules(path: Path) -> dict[str, str]:
    return {f.rule: f.severity for f in check_file(path).findings}


def _set(start: str, value: str) -> Callable[[Any], None]:
    return lambda doc: maker.set_text(maker.the(doc, start), value)


def _signature(lines: list[str]) -> Callable[[Any], None]:
    def change(doc: Any) -> None:
        for old, new in zip(
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], lines, strict=True
        ):
            maker.set_text(maker.the(doc, old), new)

    return change


def _one_line_kinh_gui(doc: Any) -> None:
    for item in ("- Phòng", "- Các đơn vị", "- Trường"):
        maker.remove(maker.the(doc, item))
    maker.set_text(maker.the(doc, "Kính gửi:"), "Kính gửi: Phòng Văn hóa - Xã hội.")


def _boxed_mark(doc: Any) -> None:
    maker.add_mark(doc)
    mark = maker.the(doc, "KHẨN")
    sides = "".join(f'<w:{s} w:val="single" w:sz="8"/>' for s in ("top", "left", "bottom", "right"))
    mark._p.get_or_add_pPr().append(parse_xml(f"<w:pBdr {nsdecls('w')}>{sides}</w:pBdr>"))


def _body(text: str) -> Callable[[Any], None]:
    return lambda doc: maker.set_text(maker.the(doc, "1. Tham mưu"), text)


MUST_PASS = {
    "draft number and date": _set("Số: 215", "Số:      /UBND-VHXH"),
    "draft date": _set("Sa Thầy, ngày", "Sa Thầy, ngày      tháng      năm 2025"),
    "HOÀ spelling": _set(maker.QH, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    "one-line Kính gửi": _one_line_kinh_gui,
    "TL. then KT.": _signature(["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]),
    "bare title": _signature(["CHỦ TỊCH", "", ""]),
    "boxed KHẨN mark": _boxed_mark,
    "Như trên with purpose": _set("- Như trên;", "- Như trên (để thực hiện);"),
}


@pytest.mark.parametrize("name", sorted(MUST_PASS))
def test_accepted_shapes_have_no_error(tmp_path: Path, name: str) -> None:
    report = check_file(variant(tmp_path, "congvan", MUST_PASS[name]))
    assert report.errors == [], [(f.rule, f.message) for f in report.errors]


CAUGHT = {
    "TUQ. then KT.": (
        _signature(["TUQ. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]),
        "ND30-SIG-CHAIN",
        "error",
    ),
    "KT: with a colon": (_set("KT. CHỦ TỊCH", "KT: CHỦ TỊCH"), "ND30-SIG-PREFIX", "error"),
    "deputy for a collective without KT.": (
        _signature(["TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH", ""]),
        "ND30-SIG-CHAIN",
        "error",
    ),
    "TM. before a head's title": (
        _signature(["TM. CHỦ TỊCH", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
        "ND30-SIG-CHAIN",
        "error",
    ),
    "year in the number": (_set("Số: 215", "Số: 215/2025/UBND-VHXH"), "ND30-SO-NOYEAR", "warning"),
    "Title Case agency in the body": (
        _body("1. Ủy Ban Nhân Dân xã chỉ đạo các đơn vị."),
        "ND30-CAPS-ORG",
        "warning",
    ),
    "công văn số in lower case": (
        _body("1. Thực hiện công văn số 12/SGDĐT-VP của Sở."),
        "ND30-CAPS-DOC",
        "warning",
    ),
    "leading zero from 10 up": (_set("Số: 215", "Số: 015/UBND-VHXH"), "ND30-SO-ZERO", "error"),
    "place in lower case": (
        _set("Sa Thầy, ngày", "sa Thầy, ngày 09 tháng 10 năm 2025"),
        "ND30-DATE-FORMAT",
        "error",
    ),
    "Nơi nhận item with an en dash": (
        _set("- Chủ tịch", "– Chủ tịch, các PCT UBND xã;"),
        "ND30-NN-ITEMS",
        "error",
    ),
    "V/V in capitals": (_set("V/v", "V/V hướng dẫn thực hiện nhiệm vụ"), "ND30-VV", "error"),
}


@pytest.mark.parametrize("name", sorted(CAUGHT))
def test_other_faults_are_caught(tmp_path: Path, name: str) -> None:
    change, rule, severity = CAUGHT[name]
    found = _rules(variant(tmp_path, "congvan", change))
    assert found.get(rule) == severity, found


def test_old_style_can_cu_ending_with_comma(tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        first = maker.the(doc, "Căn cứ Quyết định số 131")
        maker.set_text(first, first.text[:-1] + ",")

    assert _rules(variant(tmp_path, "kehoach", change)) == {"ND30-CANCU": "error"}


def test_opening_sentence_with_can_cu_is_not_a_basis_line(tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        maker.set_text(
            maker.the(doc, "1. Tham mưu"),
            "Căn cứ Kế hoạch số 21/KH-UBND của Ủy ban "
            "nhân dân tỉnh, Ủy ban nhân dân xã hướng dẫn như sau.",
        )

    assert "ND30-CANCU" not in _rules(variant(tmp_path, "congvan", change))


def test_short_tieu_ngu_line_is_reported(tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        line = maker.Paragraph(maker.the(doc, maker.TN)._p.getnext(), doc.part)
        line.paragraph_format.left_indent = maker.Twips(2500)
        line.paragraph_format.right_indent = maker.Twips(2500)

    assert _rules(variant(tmp_path, "congvan", change)) == {"ND30-TN-LINE": "error"}


def test_automatic_latin_lettering_is_flagged_from_the_fifth_item(tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        numbering = doc.part.numbering_part.element
        numbering.append(
            parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0">'
                '<w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/>'
                "</w:lvl></w:abstractNum>"
            )
        )
        numbering.append(
            parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
        )
        anchor = maker.the(doc, "III. TỔ CHỨC")
        for index in range(6):
            item = maker.body(doc, f"Nội dung điểm thứ {index + 1} của kế hoạch.")
            item._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'
                )
            )
            anchor._p.addprevious(item._p)

    findings = [
        f
        for f in check_file(variant(tmp_path, "congvan", change)).findings
        if f.rule == "ND30-POINTS"
    ]
    assert [(f.expected, f.found) for f in findings] == [
        ("đ)", "automatic e)"),
        ("e)", "automatic f)"),
    ]


def _closing_split_over_rows(doc: Any) -> None:
    """Word users' closing: the label alone in row 1, recipients and name in row 2."""
    table = next(t for t in doc.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    row = table.add_row()
    left, right = table.cell(0, 0), table.cell(0, 1)
    moved = [p for p in left.paragraphs if p.text.startswith("- ")]
    for para in moved:
        row.cells[0]._tc.append(para._p)
    name = maker.the(doc, "Võ Thị Kim Dung")
    blanks = [p for p in right.paragraphs if not p.text]
    for para in [*blanks, name]:
        row.cells[1]._tc.append(para._p)
    for cell in row.cells:  # the empty paragraph python-docx put in each new cell
        first = cell.paragraphs[0]
        if not first.text:
            first._p.getparent().remove(first._p)


def _name_after_the_table(doc: Any) -> None:
    name = maker.the(doc, "Võ Thị Kim Dung")
    table = next(t for t in doc.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    table._tbl.addnext(name._p)


@pytest.mark.parametrize("change", [_closing_split_over_rows, _name_after_the_table])
def test_closing_block_spread_over_rows_or_after_the_table(
    tmp_path: Path, change: Callable[[Any], None]
) -> None:
    found = _rules(variant(tmp_path, "congvan", change))
    assert not {r for r in found if r.startswith(("ND30-SIG", "ND30-NN"))}, found


def test_a_one_group_ky_hieu_is_one_finding(tmp_path: Path) -> None:
    path = variant(tmp_path, "congvan", _set("Số: 215", "Số: 215/UBND"))
    found = [f for f in check_file(path).findings if f.rule.startswith(("ND30-SO", "ND30-KY"))]
    assert [f.rule for f in found] == ["ND30-SO-FORMAT"]
    assert "'-'" in found[0].message
