"""Golden tests: open the rendered công văn files and check NĐ30 layout and content."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docxview import W, find, paragraphs, part_xml, twips


def test_page_setup_is_a4_with_nd30_margins(rendered: dict[str, Path]) -> None:
    section = Document(str(rendered["sa-thay-2025"])).sections[0]
    assert (twips(section.page_width), twips(section.page_height)) == (11906, 16838)
    assert 1134 <= twips(section.top_margin) <= 1418
    assert 1134 <= twips(section.bottom_margin) <= 1418
    assert 1701 <= twips(section.left_margin) <= 1985
    assert 850 <= twips(section.right_margin) <= 1134


def test_fonts_are_times_new_roman_everywhere(rendered: dict[str, Path]) -> None:
    styles = part_xml(rendered["sa-thay-2025"], "word/styles.xml")
    fonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert fonts is not None
    assert {fonts.get(f"{W}{a}") for a in ("ascii", "hAnsi", "cs", "eastAsia")} == {
        "Times New Roman"
    }
    doc = part_xml(rendered["sa-thay-2025"], "word/document.xml")
    named = {f.get(f"{W}ascii") for f in doc.iter(f"{W}rFonts")}
    assert named <= {"Times New Roman", None}


def test_header_block(rendered: dict[str, Path]) -> None:
    paras = paragraphs(rendered["sa-thay-2025"])
    qh = find(paras, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert (qh.size, qh.bold, qh.align) == (13, True, "CENTER")
    tn = find(paras, "Độc lập - Tự do - Hạnh phúc")
    assert (tn.size, tn.bold) == (14, True)
    agency = find(paras, "ỦY BAN NHÂN DÂN")
    assert (agency.size, agency.bold) == (13, True)
    assert find(paras, "XÃ SA THẦY").bold
    so = find(paras, "Số:")
    assert so.text == "Số:      /UBND-VHXH" and so.size == 13 and not so.bold
    date = find(paras, "Sa Thầy, ngày")
    assert date.text == "Sa Thầy, ngày      tháng      năm 2025"
    assert date.italic and date.size == 14
    vv = find(paras, "V/v ")
    assert vv.size == 12 and not vv.bold
    assert vv.text.endswith("năm học 2025\u00a0-\u00a02026")  # kept on one line


def test_chu_quan_line_is_not_bold(rendered: dict[str, Path]) -> None:
    paras = paragraphs(rendered["kon-tum-2022"])
    chu_quan = find(paras, "UBND TỈNH KON TUM")
    assert chu_quan.size == 13 and not chu_quan.bold
    assert find(paras, "SỞ GIÁO DỤC VÀ ĐÀO TẠO").bold
    assert find(paras, "Số:").text == "Số:      /SGDĐT-VP"


def test_rule_lines_are_sized_under_agency_and_tieu_ngu(rendered: dict[str, Path]) -> None:
    doc = part_xml(rendered["sa-thay-2025"], "word/document.xml")
    rules = [
        p
        for p in doc.iter(f"{W}p")
        if p.find(f"{W}pPr/{W}pStyle") is not None
        and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val", "").startswith("DGRule")
    ]
    assert len(rules) == 2
    for rule in rules:
        ind = rule.find(f"{W}pPr/{W}ind")
        assert ind is not None and int(ind.get(f"{W}left")) > 0
        assert ind.get(f"{W}left") == ind.get(f"{W}right")


def test_kinh_gui_list_ends_with_period(rendered: dict[str, Path]) -> None:
    texts = [p.text for p in paragraphs(rendered["sa-thay-2025"])]
    start = texts.index("Kính gửi:")
    assert texts[start + 1 : start + 4] == [
        "- Phòng Văn hóa - Xã hội;",
        "- Các đơn vị trường học công lập thuộc UBND xã;",
        "- Trường Mầm non Như Ý.",
    ]


def test_body_outline_and_style(rendered: dict[str, Path]) -> None:
    paras = paragraphs(rendered["sa-thay-2025"])
    heading = find(paras, "I. NHIỆM VỤ CHUNG")
    assert heading.bold and heading.size == 14
    body = find(paras, "3. Tăng cường các điều kiện")
    assert body.align == "JUSTIFY" and body.size == 14 and not body.bold
    letters = [p.text[:2] for p in paras if p.text[:2] in {f"{c})" for c in "abcdđeghik"}]
    assert letters[:8] == ["a)", "b)", "c)", "d)", "đ)", "e)", "g)", "h)"]
    assert find(paras, "- Tổ chức sơ kết").text.endswith("trước ngày 10 tháng 01 năm 2026.")
    assert (
        "trước ngày 20 tháng 01 năm 2026"
        in find(paras, "- Tham mưu Ủy ban nhân dân xã tổ chức sơ").text
    )
    assert find(paras, "Ủy ban nhân dân xã đề nghị").text.endswith("./.")


def test_bold_markup_becomes_bold_runs(rendered: dict[str, Path]) -> None:
    doc = Document(str(rendered["kon-tum-2022"]))
    para = next(p for p in doc.paragraphs if p.text.startswith("1. Triển khai nhiệm vụ"))
    bold = "".join(r.text for r in para.runs if r.bold)
    assert bold == "trước ngày 26/9/2022"


def test_real_footnotes(rendered: dict[str, Path]) -> None:
    path = rendered["sa-thay-2025"]
    doc = part_xml(path, "word/document.xml")
    refs = [r.get(f"{W}id") for r in doc.iter(f"{W}footnoteReference")]
    assert refs == ["1"]
    notes = part_xml(path, "word/footnotes.xml")
    note = next(n for n in notes.iter(f"{W}footnote") if n.get(f"{W}id") == "1")
    text = "".join(t.text or "" for t in note.iter(f"{W}t")).strip()
    assert text.startswith("Kế hoạch số 21/KH-UBND ngày 07/02/2023 của Ủy ban nhân dân tỉnh Quảng")
    assert "; Kế hoạch số 1469/KH-UBND ngày 17/5/2022" in text and text.endswith(".")
    assert note.find(f".//{W}footnoteRef") is not None
    paragraph = next(p for p in doc.iter(f"{W}p") if p.find(f".//{W}footnoteReference") is not None)
    ptext = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
    assert ptext.startswith("2. Đẩy nhanh tiến độ") and "giai đoạn tiếp theo" in ptext


def test_closing_block(rendered: dict[str, Path]) -> None:
    paras = paragraphs(rendered["sa-thay-2025"])
    label = find(paras, "Nơi nhận:")
    assert (label.size, label.bold, label.italic) == (12, True, True)
    texts = [p.text for p in paras]
    start = texts.index("Nơi nhận:")
    assert texts[start + 1 : start + 4] == [
        "- Như trên;",
        "- Chủ tịch, các PCT UBND xã;",
        "- Lưu: VT, VHXH.",
    ]
    assert find(paras, "- Lưu:").size == 11
    sig = [find(paras, t) for t in ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")]
    assert all(p.bold and p.size == 14 and p.align == "CENTER" for p in sig)
    name = find(paras, "Võ Thị Kim Dung")
    assert name.bold and name.align == "CENTER"


def test_kon_tum_nơi_nhận_purposes_and_signature(rendered: dict[str, Path]) -> None:
    texts = [p.text for p in paragraphs(rendered["kon-tum-2022"])]
    assert "- Như trên (thực hiện);" in texts
    assert "- Bộ GDĐT (thay báo cáo);" in texts
    assert "- Lưu: VT, VP." in texts
    i = texts.index("KT. GIÁM ĐỐC")
    assert texts[i + 1] == "PHÓ GIÁM ĐỐC"
    assert "Nguyễn Trọng Thắng" in texts


def test_page_numbers_from_page_two(rendered: dict[str, Path]) -> None:
    doc = Document(str(rendered["sa-thay-2025"]))
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    header_xml = section.header._element
    # a simple field (w:fldSimple w:instr), or a complex one (w:fldChar … w:instrText … ), as
    # a template saved by LibreOffice has it
    simple = [f.get(f"{W}instr", "") for f in header_xml.iter(f"{W}fldSimple")]
    spelled = "".join(t.text or "" for t in header_xml.iter(f"{W}instrText"))
    fields = [instr.split()[0] for instr in [*simple, spelled] if instr.strip()]
    assert fields == ["PAGE"]
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()


def test_text_is_nfc(rendered: dict[str, Path]) -> None:
    import unicodedata

    for p in paragraphs(rendered["sa-thay-2025"]):
        assert unicodedata.is_normalized("NFC", p.text)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_opens_in_libreoffice(rendered: dict[str, Path], tmp_path: Path) -> None:
    """LibreOffice converts the file without complaint and lays it out on several pages."""
    src = rendered["sa-thay-2025"]
    result = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / (src.stem + ".pdf")
    assert result.returncode == 0 and pdf.exists(), result.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 20_000
