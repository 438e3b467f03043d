"""The Hải Phòng kế hoạch (seed 002) and its Phụ lục: the task table grouped by actor, dates
from the milestones, its own landscape section numbered from 1 (NĐ30 §6)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import EXAMPLES
from docx import Document
from docxview import W, find, paragraphs, part_xml, twips

from docgen.catalog.catalog import Catalog
from docgen.errors import CatalogError
from docgen.workflows.render import render_spec

SPEC = (EXAMPLES / "hai-phong-2024.yaml").read_text(encoding="utf-8")
KEM_THEO = "(Kèm theo Kế hoạch số      /KH-GDĐT ngày      tháng      năm 2024 của Phòng GDĐT)"


@pytest.fixture(scope="module")
def plan(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_spec(EXAMPLES / "hai-phong-2024.yaml", tmp_path_factory.mktemp("plan"), catalog)


def render_text(catalog: Catalog, tmp: Path, text: str) -> Path:
    spec = tmp / "hai-phong-2024.yaml"
    spec.write_text(text, encoding="utf-8")
    return render_spec(spec, tmp / "out", catalog)


def cells(path: Path, index: int = -1) -> list[list[str]]:
    table = Document(str(path)).tables[index]
    return [[c.text for c in _unique(row.cells)] for row in table.rows]


def _unique(row_cells):  # type: ignore[no-untyped-def]
    seen, out = set(), []
    for cell in row_cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(cell)
    return out


def test_title_block_and_no_kinh_gui(plan: Path) -> None:
    paras = paragraphs(plan)
    assert find(paras, "KẾ HOẠCH").bold
    trich_yeu = find(paras, "Triển khai nhiệm vụ ứng dụng")
    assert trich_yeu.text.endswith("năm học 2024 - 2025") and trich_yeu.bold
    assert find(paras, "Số:").text == "Số:      /KH-GDĐT"
    assert not any(p.text.startswith("Kính gửi") for p in paras)


def test_signer_without_authority_prefix(plan: Path) -> None:
    texts = [p.text for p in paragraphs(plan)]
    assert "TRƯỞNG PHÒNG" in texts and "Cao Văn Rôi" in texts
    assert not any(t.startswith(("KT.", "TM.", "Q.", "TL.")) for t in texts)
    assert texts[texts.index("Nơi nhận:") + 1 :][:4] == [
        "- Sở GD&ĐT (để b/c);",
        "- UBND huyện (để b/c);",
        "- Các trường MN, TH, THCS;",
        "- Lưu: VT.",
    ]


def test_twelve_footnoted_references(plan: Path) -> None:
    notes = part_xml(plan, "word/footnotes.xml")
    texts = [
        "".join(t.text or "" for t in n.iter(f"{W}t")).strip()
        for n in notes.iter(f"{W}footnote")
        if int(n.get(f"{W}id", "0")) > 0
    ]
    assert len(texts) == 12
    assert texts[0].startswith("Quyết định số 131/QĐ-TTg ngày 25/01/2022 của Thủ tướng Chính phủ")
    assert texts[10].startswith("Quyết định số 206/QĐ-TTg ngày 28/02/2024")
    assert texts[11] == (
        "Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ về bảo vệ dữ liệu cá nhân."
    )
    refs = part_xml(plan, "word/document.xml").iter(f"{W}footnoteReference")
    assert [r.get(f"{W}id") for r in refs] == [str(n) for n in range(1, 13)]


def test_sections_filtered_for_a_phong_and_points_in_vietnamese_order(plan: Path) -> None:
    texts = [p.text for p in paragraphs(plan)]
    headings = [t for t in texts if re.match(r"^[IVX]+\. ", t)]
    assert headings == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. ĐỐI TƯỢNG ÁP DỤNG",
        "III. MỘT SỐ NHIỆM VỤ TRỌNG TÂM",
        "IV. MỘT SỐ GIẢI PHÁP CƠ BẢN",
        "V. TỔ CHỨC THỰC HIỆN",
    ]
    start = texts.index("1. Chuyển đổi số trong dạy, học và kiểm tra đánh giá")
    labels = [t.split(")")[0] for t in texts[start + 2 : start + 10]]
    assert labels == ["a", "b", "c", "d", "đ", "e", "g", "h"]  # the seed's "f)" is not a letter
    joined = "\n".join(texts)
    assert "a) Đối với phòng GDĐT" in joined and "Đối với Sở GDĐT" not in joined  # levels
    assert "trung tâm giáo dục nghề nghiệp" not in joined  # a GDTX-only point
    assert "1. Phòng Giáo dục và Đào tạo" in texts and "Sở Giáo dục và Đào tạo" not in texts


def test_appendix_heading(plan: Path) -> None:
    paras = paragraphs(plan)
    heading = find(paras, "Phụ lục")
    assert heading.text == "Phụ lục" and heading.bold and heading.size == 14
    assert heading.align == "CENTER"
    index = paras.index(heading)
    title, note = paras[index + 1], paras[index + 2]
    assert title.text == (
        "TRIỂN KHAI NHIỆM VỤ ỨNG DỤNG CÔNG NGHỆ THÔNG TIN, CHUYỂN ĐỔI SỐ NĂM HỌC 2024-2025"
    )
    assert title.bold
    assert note.text == KEM_THEO and note.italic and not note.bold
    body = "\n".join(p.text for p in paras[:index])
    assert "(tiến độ chi tiết tại Phụ lục kèm theo)" in body  # NĐ30: the text names it


def test_appendix_table(plan: Path) -> None:
    rows = cells(plan)
    assert rows[0] == ["TT", "Nội dung thực hiện", "Thời gian thực hiện", "Sản phẩm"]
    assert rows[1] == ["I", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"]
    assert rows[7] == ["II", "CÁC CƠ SỞ GIÁO DỤC"]
    assert [(r[0], r[2], r[3]) for r in rows[2:7]] == [
        ("1", "Trong tháng 9/2024", "Kế hoạch"),
        ("2", "Chậm nhất 15/10/2024", "Báo cáo kết quả"),
        ("3", "Chậm nhất 20/10/2024", "Báo cáo kết quả"),
        ("4", "Trước ngày 20/01/2025", "Báo cáo kết quả"),
        ("5", "Trước ngày 25/5/2025", "Quyết định công nhận"),
    ]
    assert [r[2] for r in rows[8:13]] == [
        "Trong tháng 9/2024",
        "Trước ngày 16/10/2024",
        "Chậm nhất 16/10/2024",
        "Trước ngày 15/01/2025",
        "Trước ngày 20/5/2025",
    ]
    plan_row = "Xây dựng kế hoạch triển khai nhiệm vụ ứng dụng CNTT, CĐS năm học 2024-2025"
    assert rows[2][1] == plan_row
    assert rows[10][1] == "Rà soát, tổng hợp số liệu về ứng dụng CNTT, CĐS gửi về Phòng GDĐT"
    assert len(rows) == 13


def test_appendix_table_look(plan: Path) -> None:
    table = part_xml(plan, "word/document.xml").findall(f".//{W}tbl")[-1]
    style = table.find(f"{W}tblPr/{W}tblStyle")
    assert style is not None and style.get(f"{W}val") == "TableGrid"  # bordered
    header = table.find(f"{W}tr")
    assert header is not None and header.find(f"{W}trPr/{W}tblHeader") is not None
    rows = table.findall(f"{W}tr")
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    head_spans = [int(s.get(f"{W}val")) for s in rows[0].iter(f"{W}gridSpan")]
    group_spans = [int(s.get(f"{W}val")) for s in rows[1].iter(f"{W}gridSpan")]
    grid = len(table.findall(f"{W}tblGrid/{W}gridCol"))
    assert sum(head_spans) == sum(group_spans) == grid  # the group's title spans 3 columns
    assert group_spans == [head_spans[0], sum(head_spans[1:])] and len(head_spans) == 4
    doc = Document(str(plan))
    head = doc.tables[-1].rows[0].cells[1].paragraphs[0]
    assert head.style is not None and head.style.font.bold


def test_body_and_appendix_dates_agree(plan: Path) -> None:
    texts = "\n".join(p.text for p in paragraphs(plan))
    for day in ("16/10/2024", "15/01/2025", "20/5/2025"):
        assert f"trước ngày {day}" in texts
    assert "Trong tháng 9/2024" not in texts.split("Phụ lục")[0]


def test_appendix_has_its_own_landscape_section_numbered_from_one(plan: Path) -> None:
    doc = Document(str(plan))
    body, appendix = doc.sections
    assert (twips(body.page_width), twips(body.page_height)) == (11906, 16838)
    assert (twips(appendix.page_width), twips(appendix.page_height)) == (16838, 11906)
    assert str(appendix.orientation).endswith("LANDSCAPE (1)")
    assert 1701 <= twips(appendix.left_margin) <= 1985 and 850 <= twips(appendix.right_margin)
    start = appendix._sectPr.find(f"{W}pgNumType")
    assert start is not None and start.get(f"{W}start") == "1"
    body_numbering = body._sectPr.find(f"{W}pgNumType")  # LibreOffice writes w:fmt="decimal"
    assert body_numbering is None or body_numbering.get(f"{W}start") is None
    assert body.different_first_page_header_footer and appendix.different_first_page_header_footer
    first = doc.paragraphs[next(i for i, p in enumerate(doc.paragraphs) if p.text == "Phụ lục")]
    previous = first._p.getprevious()
    assert previous is not None and previous.find(f"{W}pPr/{W}sectPr") is not None


def test_plan_without_appendix_is_one_portrait_section(catalog: Catalog, tmp_path: Path) -> None:
    text = SPEC.replace("appendices:\n  - cntt-cds-2024-2025\n", "").replace(
        " (tiến độ chi tiết tại Phụ lục kèm theo)", ""
    )
    path = render_text(catalog, tmp_path, text)
    doc = Document(str(path))
    assert len(doc.sections) == 1 and twips(doc.sections[0].page_width) == 11906
    assert not any(p.text == "Phụ lục" for p in doc.paragraphs)


def test_two_appendices_are_numbered_each_in_its_section(catalog: Catalog, tmp_path: Path) -> None:
    text = SPEC.replace(
        "appendices:\n  - cntt-cds-2024-2025\n",
        "appendices:\n  - cntt-cds-2024-2025\n  - cntt-cds-2024-2025\n",
    ).replace("(tiến độ chi tiết tại Phụ lục kèm theo)", "(Phụ lục I và Phụ lục II kèm theo)")
    path = render_text(catalog, tmp_path, text)
    doc = Document(str(path))
    assert [p.text for p in doc.paragraphs if p.text.startswith("Phụ lục")] == [
        "Phụ lục I",
        "Phụ lục II",
    ]
    assert len(doc.sections) == 3
    for section in doc.sections[1:]:
        assert twips(section.page_width) == 16838
        numbering = section._sectPr.find(f"{W}pgNumType")
        assert numbering is not None and numbering.get(f"{W}start") == "1"


def test_an_appendix_the_text_never_mentions(catalog: Catalog, tmp_path: Path) -> None:
    text = SPEC.replace(" (tiến độ chi tiết tại Phụ lục kèm theo)", "")
    with pytest.raises(CatalogError, match="the text never mentions its 'Phụ lục'") as info:
        render_text(catalog, tmp_path, text)
    assert info.value.line == text.splitlines().index("appendices:") + 2
    assert not (tmp_path / "out").exists()


def test_unknown_schedule(catalog: Catalog, tmp_path: Path) -> None:
    text = SPEC.replace("  - cntt-cds-2024-2025\n", "  - cntt-cds-2024-2026\n")
    with pytest.raises(CatalogError, match="unknown schedule 'cntt-cds-2024-2026' — did you mean"):
        render_text(catalog, tmp_path, text)
