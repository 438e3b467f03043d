"""The Ngọk Bay báo cáo (seed 004) as written: its tables' cells are the figures added up from
the schools' files, its targets' results follow from them, and it reads as a báo cáo."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import EXAMPLES
from docx import Document
from docxview import W, find, paragraphs, part_xml
from figure_files import SCHOOLS, report_spec

from docgen.catalog.catalog import Catalog
from docgen.workflows.render import render_spec


@pytest.fixture(scope="module")
def report(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    return render_spec(EXAMPLES / "ngok-bay-2025.yaml", out, catalog)


def tables(path: Path) -> list[list[list[str]]]:
    """Every table of the body as rows of cell texts (merged cells once)."""
    out = []
    for table in Document(str(path)).tables:
        rows = []
        for row in table.rows:
            cells = [tc for tc in row._tr.iter(f"{W}tc")]
            rows.append(["\n".join(p.text for p in _paras(tc)) for tc in cells])
        out.append(rows)
    return out


def _paras(tc):  # type: ignore[no-untyped-def]
    from docx.text.paragraph import Paragraph

    return [Paragraph(p, None) for p in tc.iter(f"{W}p")]


def test_heading_kinh_gui_and_signature(report: Path) -> None:
    paras = paragraphs(report)
    assert find(paras, "BÁO CÁO").bold
    assert find(paras, "Tổng kết thực hiện Quyết định số 131/QĐ-TTg ngày 25/01/2022").bold
    assert find(paras, "Số:").text == "Số:      /BC-UBND"
    # no recipients in the spec: a report goes to the level above
    assert find(paras, "Kính gửi:").text == "Kính gửi: Sở Giáo dục và Đào tạo tỉnh Quảng Ngãi."
    texts = [p.text for p in paras]
    assert texts[texts.index("TM. ỦY BAN NHÂN DÂN") : texts.index("TM. ỦY BAN NHÂN DÂN") + 3] == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    ]
    assert "- Như trên;" in texts and "- Lưu: VT, UB(VX)." in texts


def test_themes_use_the_standard_headings_and_vietnamese_letters(report: Path) -> None:
    texts = [p.text for p in paragraphs(report)]
    section = "II. KẾT QUẢ, KHÓ KHĂN, NGUYÊN NHÂN VÀ GIẢI PHÁP TRONG QUÁ TRÌNH THỰC HIỆN ĐỀ ÁN"
    assert section in texts
    first = texts.index("a) Kết quả đạt được:")
    assert texts[first - 1].startswith("1. Tăng cường các điều kiện")
    headings = [t for t in texts if t[:2] in ("a)", "b)", "c)", "d)")]
    assert headings[:4] == [
        "a) Kết quả đạt được:",
        "b) Khó khăn:",
        "c) Nguyên nhân:",
        "d) Giải pháp:",
    ]
    assert headings[4:7] == ["a) Kết quả đạt được:", "b) Khó khăn và nguyên nhân:", "c) Giải pháp:"]


def test_statistics_table_is_computed(report: Path) -> None:
    stats = tables(report)[1]  # header block, statistics, targets, closing block
    assert stats[0] == [
        "STT",
        "Nội dung triển khai",
        "Kết quả (số liệu) thống kê toàn tỉnh/thành phố trực thuộc Trung ương thời điểm hiện tại",
    ]
    assert stats[1] == ["1", "Tiếp cận giáo dục trực tuyến"]
    assert stats[2][2] == (
        "- Tổng số giáo viên có máy tính: 261/261, đạt tỉ lệ: 100%.\n"
        "- Tổng số giáo viên có đường truyền Internet: 261/261, đạt tỉ lệ: 100%."
    )
    assert stats[3][2] == (
        "- Tổng số học sinh có máy tính: 868/3.629, đạt tỉ lệ: 23,9%.\n"
        "- Tổng số học sinh có đường truyền Internet: 868/3.629, đạt tỉ lệ: 23,9%."
    )
    cells = "\n".join(row[-1] for row in stats)
    for line in (
        "- Số nền tảng: 06 (K12Online, OLM.vn, Google Classroom, Zoom, Team 365, LMS).",
        "- Số nền tảng là sản phẩm trong nước: 03 (K12Online, OLM.vn, LMS).",
        "- Số lượng học sinh tham gia sử dụng nền tảng: 848/3.629, đạt tỉ lệ: 23,4%.",
        "Tỉ trọng nội dung triển khai dưới hình thức trực tuyến ở bậc trung học chiếm 7,8%.",
        "công nghệ số: 03/03 trường, đạt tỉ lệ: 100%.",
        "định danh thống nhất: 4.860/4.860, đạt tỉ lệ: 100%.",
        "định danh thống nhất: 294/294, đạt tỉ lệ: 100%.",
        "đào tạo và nghiên cứu: 08/08 trường, đạt tỉ lệ: 100%.",
    ):
        assert line in cells, line
    texts = [p.text for p in paragraphs(report)]
    assert "Số liệu tổng hợp từ báo cáo của 08/08 đơn vị." in texts


def test_targets_results_follow_from_the_figures(report: Path) -> None:
    rows = tables(report)[2]
    assert rows[0] == ["TT", "Nội dung", "Mục tiêu", "Kết quả (ghi đạt/không đạt/tiến độ)"]
    results = [(row[0], row[-1]) for row in rows[1:] if len(row) == 4]
    assert results == [
        ("1", "Không đạt"),  # 23,9 % of pupils against 50 %
        ("2", "Không đạt"),  # 23,4 % on the platforms: the seed's "Đạt" is a slip
        ("", "Đạt"),  # kho học liệu: no figure, assessed in the spec
        ("3", "Không đạt"),  # 7,8 % online against 10 %: the seed's "Đạt" is a slip
        ("4", "Đạt"),
        ("5", "Đạt"),  # assessed
    ]
    assert rows[1][0].startswith("I. Đổi mới mạnh mẽ phương thức tổ chức giáo dục")


def test_area_cells_are_merged_down_their_targets(report: Path) -> None:
    table = part_xml(report, "word/document.xml").findall(f".//{W}tbl")[2]
    merges = [m.get(f"{W}val") for m in table.iter(f"{W}vMerge")]
    assert merges.count("restart") == 10 and merges.count("continue") == 2  # area 2: 2 rows


def test_narrative_figures_are_computed(report: Path) -> None:
    texts = "\n".join(p.text for p in paragraphs(report))
    assert "trực thuộc xã là 8/8 đơn vị (đạt tỷ lệ 100%)" in texts
    assert "; 100% cán bộ, giáo viên có máy tính cá nhân" in texts


def test_footnotes_and_single_portrait_section(report: Path) -> None:
    notes = part_xml(report, "word/footnotes.xml")
    ids = [n.get(f"{W}id") for n in notes.iter(f"{W}footnote")]
    assert len([i for i in ids if int(i or 0) > 0]) == 7
    doc = part_xml(report, "word/document.xml")
    sections = list(doc.iter(f"{W}sectPr"))
    assert len(sections) == 1  # no Phụ lục: the appendix section of the template is dropped
    size = sections[0].find(f"{W}pgSz")
    assert size is not None and size.get(f"{W}orient") in (None, "portrait")
    assert "Phụ lục" not in "\n".join(p.text for p in paragraphs(report))


def _rendered(catalog: Catalog, tmp: Path, **changes: dict[str, object]) -> Path:
    spec = report_spec(tmp, "yaml", **changes)  # type: ignore[arg-type]
    return render_spec(spec, tmp / "out", catalog)


def test_exactly_half_the_pupils_on_the_platforms_is_dat(catalog: Catalog, tmp_path: Path) -> None:
    half = {
        "th_thcs_ngok_bay": 476,
        "th_thcs_kroong": 380,
        "th_thcs_vinh_quang": 415,
        "th_cao_ba_quat": 280,
        "th_dang_tran_con": 264,
    }
    changes: dict[str, dict[str, object]] = {
        unit: {"hs_nen_tang": value} for unit, value in half.items()
    }
    changes["th_dang_tran_con"].update(hs=528, nguoi_hoc=528, nguoi_hoc_ho_so=528)
    assert sum(half.values()) == 1815
    assert sum(int(r.get("hs", 0)) for r in SCHOOLS.values()) + 1 == 3630
    path = _rendered(catalog, tmp_path / "half", **changes)
    stats, targets = tables(path)[1:3]
    assert "sử dụng nền tảng: 1.815/3.630, đạt tỉ lệ: 50%." in stats[5][2]
    assert targets[3][0] == "2" and targets[3][-1] == "Đạt"  # 1815/3630 = exactly 50 %
    changes["th_dang_tran_con"]["hs_nen_tang"] = 263  # 1814 of 3630: 49,97 %, written "50%"
    path = _rendered(catalog, tmp_path / "less", **changes)
    stats, targets = tables(path)[1:3]
    assert "sử dụng nền tảng: 1.814/3.630, đạt tỉ lệ: 50%." in stats[5][2]
    assert targets[3][-1] == "Không đạt"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "  qd131-quan-ly: Đạt\n",
            "  qd131-quan-ly: Đạt\n  qd131-nen-tang: Đạt\n",
            "target 'qd131-nen-tang' is computed from the figures; it cannot be assessed",
        ),
        (
            "  qd131-quan-ly: Đạt\n",
            "",
            "target 'qd131-quan-ly' has no figure to compute its result from",
        ),
        ("data: data/ngok-bay\n", "", "the report uses figures but names no data"),
        (
            "  - table: qd131-thong-ke\n",
            "  - table: qd131-thongke\n",
            "unknown report table 'qd131-thongke' — did you mean 'qd131-thong-ke'?",
        ),
    ],
)
def test_spec_mistakes(catalog: Catalog, tmp_path: Path, old: str, new: str, message: str) -> None:
    from docgen.errors import DocgenError

    spec = report_spec(tmp_path)
    text = spec.read_text(encoding="utf-8")
    assert old in text
    spec.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(DocgenError, match=re.escape(message)):
        render_spec(spec, tmp_path / "out", catalog)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "targets: [qd131-tiep-can]",
            "targets: [qd131-tiep-cam]",
            "unknown target 'qd131-tiep-cam' — did you mean 'qd131-tiep-can'?",
        ),
        (
            "{figure: hs-may-tinh, threshold: 50%}",
            "{figure: hs-may-tin, threshold: 50%}",
            "unknown figure 'hs-may-tin' — did you mean 'hs-may-tinh'?",
        ),
        (
            "{{ figure('gv-internet') }}",
            "{{ figure('gv-intenet') }}",
            "unknown figure 'gv-intenet' — did you mean 'gv-internet'?",
        ),
        (
            "    count: gv_may_tinh\n",
            "    count: gv_may_tinh\n    schools: quan_tri\n",
            "must name exactly one of count / schools / distinct",
        ),
    ],
)
def test_catalog_check_finds_report_mistakes(
    catalog_copy: Path, old: str, new: str, message: str
) -> None:
    from docgen.errors import DocgenError

    path = catalog_copy / "targets" / "qd131.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DocgenError) as info:
        Catalog.load(catalog_copy)
    assert message in str(info.value) and f"{path}:" in str(info.value)


def test_schedule_milestone_must_exist(catalog_copy: Path) -> None:
    from docgen.errors import DocgenError

    path = catalog_copy / "tasks" / "cntt-cds-2024-2025.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("milestone: kien-toan\n", "milestone: kien-tona\n", 1), encoding="utf-8"
    )
    with pytest.raises(DocgenError, match="unknown milestone 'kien-tona' — did you mean"):
        Catalog.load(catalog_copy)
