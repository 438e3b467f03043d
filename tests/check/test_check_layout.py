"""Finding the components in layouts docgen never writes, and odd documents that must not crash."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from check_fixture_maker import maker, variant
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from docgen.check import check_file
from docgen.check.engine import RULES
from docgen.check.locate import locate
from docgen.check.reader import read_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _tab_layout(path: Path) -> Path:
    """A header and closing block laid out with tabs instead of tables."""
    doc = Document()
    doc.add_paragraph().add_run(f"UBND XÃ A\t{maker.QH}").bold = True
    doc.add_paragraph().add_run(f"TRƯỜNG B\t{maker.TN}").bold = True
    doc.add_paragraph("Số: 01/TB-THB\tA, ngày 01 tháng 3 năm 2025")
    doc.add_paragraph("THÔNG BÁO")
    doc.add_paragraph("Về việc nghỉ học")
    doc.add_paragraph("Nội dung " * 30 + "./.")
    doc.add_paragraph("Nơi nhận:\t\tHIỆU TRƯỞNG")
    doc.add_paragraph("- Lưu: VT.")
    doc.add_paragraph("")
    doc.add_paragraph("\t\tNguyễn Văn C")
    doc.save(str(path))
    return path


def test_tab_separated_header_and_closing_are_found(tmp_path: Path) -> None:
    layout = locate(read_docx(_tab_layout(tmp_path / "tabs.docx"), RULES.limits), RULES)
    header, closing = layout.header, layout.closing
    assert header.qh is not None and header.tn is not None and header.tn.text == maker.TN
    assert [s.text for s in header.agency] == ["UBND XÃ A", "TRƯỜNG B"]
    assert header.so is not None and header.so.text == "Số: 01/TB-THB"
    assert header.date is not None and header.date.text.startswith("A, ngày 01")
    assert layout.title.type_code == "TB" and layout.kind == "typed"
    assert [s.text for s in closing.items] == ["- Lưu: VT."]
    assert [s.text for s in closing.authority] == ["HIỆU TRƯỞNG"]
    assert closing.name is not None and closing.name.text == "Nguyễn Văn C"
    assert [p.text[:8] for p in layout.body] == ["Nội dung"]


def _zip(path: Path, xml: bytes) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return path


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        (
            b'<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body/>'
            b"</w:document>",
            "Strict Open XML",
        ),
        (f'<w:document xmlns:w="{W}"/>'.encode(), "has no body"),
        (
            f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]>'
            f'<w:document xmlns:w="{W}"><w:body/></w:document>'.encode("utf-16"),
            "DOCTYPE",
        ),
        (b"<root/>", "not a WordprocessingML document"),
    ],
)
def test_odd_packages_are_refused(tmp_path: Path, xml: bytes, reason: str) -> None:
    report = check_file(_zip(tmp_path / "odd.docx", xml))
    assert report.exit_code == 2 and reason in (report.unreadable or "")


def test_empty_and_table_only_documents_do_not_crash(tmp_path: Path) -> None:
    Document().save(str(tmp_path / "empty.docx"))
    only_table = Document()
    only_table.add_table(rows=1, cols=1)
    only_table.save(str(tmp_path / "table.docx"))
    for name in ("empty.docx", "table.docx"):
        report = check_file(tmp_path / name)
        assert report.unreadable is None
        assert "ND30-QH-TEXT" in {f.rule for f in report.findings}


def test_style_loops_and_nested_tables_are_survived(tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        styles = doc.styles.element
        for me, other in (("L1", "L2"), ("L2", "L1")):
            styles.append(
                parse_xml(
                    f'<w:style {nsdecls("w")} w:type="paragraph" '
                    f'w:styleId="{me}"><w:basedOn w:val="{other}"/></w:style>'
                )
            )
        doc.tables[0].cell(0, 0).add_table(rows=1, cols=1).cell(0, 0).text = "nested"
        maker.the(doc, "I. NHIỆM VỤ")._p.get_or_add_pPr().append(
            parse_xml(f'<w:pStyle {nsdecls("w")} w:val="L1"/>')
        )

    assert check_file(variant(tmp_path, "congvan", change)).errors == []


def _broken_nn_closing(signature: str) -> Any:
    """Replace the closing table by a hand-made one: 'Nơi nhận:' and its recipients in ONE
    paragraph split by line breaks, then the signature right of two tabs ("tabs") or in
    centred paragraphs of its own ("centred")."""

    def change(doc: Any) -> None:
        table = doc.tables[1]._tbl
        table.getparent().remove(table)
        label = maker.display(doc.add_paragraph(), "left")
        maker.text(label, "Nơi nhận:", 12, bold=True, italic=True)
        for item in ["- Như trên;", "- Chủ tịch, các PCT UBND xã;", "- Lưu: VT, VHXH."]:
            label.add_run().add_break()
            maker.text(label, item, 11)
        lines = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "Võ Thị Kim Dung"]
        for line in lines:
            para = maker.display(doc.add_paragraph(), "left" if signature == "tabs" else "center")
            if line and signature == "tabs":
                para.add_run().add_tab()
                para.add_run().add_tab()
            if line:
                maker.text(para, line, 14, bold=True)

    return change


@pytest.mark.parametrize("signature", ["tabs", "centred"])
def test_noi_nhan_split_by_line_breaks_is_not_the_signature(tmp_path: Path, signature: str) -> None:
    path = variant(tmp_path, "congvan", _broken_nn_closing(signature))
    closing = locate(read_docx(path, RULES.limits), RULES).closing
    assert closing.label is not None and closing.label.text == "Nơi nhận:"
    assert [s.text for s in closing.items] == [
        "- Như trên;",
        "- Chủ tịch, các PCT UBND xã;",
        "- Lưu: VT, VHXH.",
    ]
    assert [s.text for s in closing.authority] == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    ]
    assert closing.name is not None and closing.name.text == "Võ Thị Kim Dung"
    signature_rules = {"ND30-SIG-STYLE", "ND30-SIG-CHAIN", "ND30-SIG-PREFIX"}
    report = check_file(path)
    assert [(f.rule, f.excerpt) for f in report.findings if f.rule in signature_rules] == []
    assert report.errors == [], [(f.rule, f.excerpt) for f in report.errors]
