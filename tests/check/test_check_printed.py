"""`docgen check --layout`: faults only the printed page shows, on documents made to show them.

The documents are laid out with exact line heights (20 pt lines on a 257 mm text height) so
where each line falls is known: 36 lines fill page 1 to 720 pt of its 728.5 pt, and the
header block and title take the first 6 of them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TypedDict

import pytest
from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table

from docgen.check.printed import SOFFICE_MISSING, check_with_layout, printed_rules

QH = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TN = "Độc lập - Tự do - Hạnh phúc"
ROOT = Path(__file__).resolve().parents[2]
HAS_SOFFICE = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None
needs_soffice = pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice (soffice) is not installed")

LAYOUT_RULES = {
    "LAYOUT-SIG-SPLIT",
    "LAYOUT-CLOSING-ALONE",
    "LAYOUT-HEADING-LAST",
    "LAYOUT-ROW-SPLIT",
    "LAYOUT-NOINHAN-LEVEL",
    "LAYOUT-PAGENUM-FIRST",
}


def _exact(paragraph, size: float = 14) -> None:  # type: ignore[no-untyped-def]
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(20)
    fmt.space_before = fmt.space_after = Pt(0)
    for run in paragraph.runs:
        run.font.size = Pt(size)
        run.font.name = "Times New Roman"


def _line(container, text: str, bold: bool = False, size: float = 14):  # type: ignore[no-untyped-def]
    paragraph = container.add_paragraph()
    paragraph.add_run(text).bold = bold
    _exact(paragraph, size)
    return paragraph


def _cant_split(table: Table, on: bool) -> None:
    for row in table.rows:
        props = row._tr.get_or_add_trPr()
        if on:
            props.append(OxmlElement("w:cantSplit"))


def _page_number(doc, title_page: bool) -> None:  # type: ignore[no-untyped-def]
    section = doc.sections[0]
    section.different_first_page_header_footer = title_page
    paragraph = section.header.paragraphs[0]
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.text = text
        run._r.append(element)


def make(
    path: Path,
    body: int,
    *,
    heading_after: int | None = None,
    after_heading: int = 0,
    closing_cant_split: bool = True,
    row_lines: int = 0,
    label_before: float = 0,
    page_number: bool = False,
    title_page: bool = True,
) -> Path:
    """A document of `body` 20 pt lines (a heading after line `heading_after`, a one-row table
    of `row_lines` lines after the body) and a closing table: Nơi nhận | signature."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(8)
    header = doc.add_table(rows=1, cols=2)
    agency, motto = header.rows[0].cells
    for cell, lines in (
        (agency, ("UBND TỈNH KON TUM", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Số: 12/KH-SGDĐT")),
        (motto, (QH, TN, "Kon Tum, ngày 05 tháng 3 năm 2025")),
    ):
        cell.paragraphs[0].add_run(lines[0]).bold = True
        _exact(cell.paragraphs[0], 13)
        for text in lines[1:]:
            _line(cell, text, size=13)
    _line(doc, "KẾ HOẠCH", bold=True)
    _line(doc, "Thực hiện nhiệm vụ năm học 2024-2025", bold=True)
    for number in range(1, body + 1):
        _line(doc, f"Nội dung dòng thứ {number} của văn bản thử.")
        if number == heading_after:
            _line(doc, "II. NHIỆM VỤ TRỌNG TÂM", bold=True)
            for extra in range(1, after_heading + 1):
                _line(doc, f"Nhiệm vụ thứ {extra} được giao.")
    if row_lines:
        table = doc.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        left.paragraphs[0].add_run("Chỉ tiêu")
        _exact(left.paragraphs[0])
        right.paragraphs[0].add_run("Mục tiêu thứ 1 của bảng.")
        _exact(right.paragraphs[0])
        for number in range(2, row_lines + 1):
            _line(right, f"Mục tiêu thứ {number} của bảng.")
        _cant_split(table, False)
    closing = doc.add_table(rows=1, cols=2)
    left, right = closing.rows[0].cells
    label = left.paragraphs[0]
    run = label.add_run("Nơi nhận:")
    run.bold = run.italic = True
    _exact(label, 12)
    label.paragraph_format.space_before = Pt(label_before)
    _line(left, "- Như trên;", size=11)
    _line(left, "- Lưu: VT, VP.", size=11)
    right.paragraphs[0].add_run("KT. GIÁM ĐỐC").bold = True
    _exact(right.paragraphs[0])
    _line(right, "PHÓ GIÁM ĐỐC", bold=True)
    _line(right, "")
    _line(right, "")
    _line(right, "Nguyễn Văn An", bold=True)
    _cant_split(closing, closing_cant_split)
    if page_number:
        _page_number(doc, title_page)
    doc.save(str(path))
    return path


class _Body(TypedDict):
    body: int


class Layout(_Body, total=False):
    """The keyword arguments of `make` that build one faulty document."""

    heading_after: int
    after_heading: int
    closing_cant_split: bool
    row_lines: int
    label_before: float
    page_number: bool
    title_page: bool


FAULTS: dict[str, tuple[Layout, str]] = {
    "sig_split": (dict(body=29, closing_cant_split=False), "LAYOUT-SIG-SPLIT"),
    "closing_alone": (dict(body=30), "LAYOUT-CLOSING-ALONE"),
    "heading_last": (dict(body=35, heading_after=29, after_heading=6), "LAYOUT-HEADING-LAST"),
    "row_split": (dict(body=25, row_lines=10), "LAYOUT-ROW-SPLIT"),
    "noinhan_level": (dict(body=5, label_before=12), "LAYOUT-NOINHAN-LEVEL"),
    "pagenum_first": (
        dict(body=45, page_number=True, title_page=False),
        "LAYOUT-PAGENUM-FIRST",
    ),
}


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """Each made document → the LAYOUT rules its printed pages break (one LibreOffice call)."""
    folder = tmp_path_factory.mktemp("printed")
    paths = {name: make(folder / f"{name}.docx", **kw) for name, (kw, _) in FAULTS.items()}
    paths["clean"] = make(
        folder / "clean.docx", body=45, heading_after=20, after_heading=3, page_number=True
    )
    reports, note = check_with_layout([str(p) for p in paths.values()])
    assert note is None
    return {
        name: {f.rule for f in report.findings if f.rule.startswith("LAYOUT-")}
        for name, report in zip(paths, reports, strict=True)
    }


def test_every_layout_rule_is_in_rules_yaml_with_what_to_do() -> None:
    rules = printed_rules()
    assert set(rules) == LAYOUT_RULES
    for rule in rules.values():
        assert "NĐ30" in rule.summary or "practice" in rule.summary
        assert rule["do"]


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("name", sorted(FAULTS))
def test_each_fault_is_reported(faulty: dict[str, set[str]], name: str) -> None:
    assert FAULTS[name][1] in faulty[name]


@pytest.mark.slow
@needs_soffice
def test_a_well_laid_out_document_reports_none(faulty: dict[str, set[str]]) -> None:
    assert faulty["clean"] == set()


@pytest.mark.slow
@needs_soffice
def test_cli_layout_reports_in_json_and_keeps_the_exit_code(tmp_path: Path) -> None:
    path = make(tmp_path / "split.docx", **FAULTS["sig_split"][0])
    result = subprocess.run(
        [sys.executable, "-m", "docgen.cli", "check", "--layout", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    payload = json.loads(result.stdout)
    rules = {f["rule"] for f in payload["files"][0]["findings"]}
    assert "LAYOUT-SIG-SPLIT" in rules
    assert result.returncode == payload["exit_code"]
    assert result.stderr == ""


#: faults the stock templates still print, reported for a template fix: in ngok-bay-2025 the
#: headings just before its tables end pages 8 and 9 (they keep with next; LibreOffice still
#: breaks the page between them and the table); in so-quang-ngai-tong-ket-131 the checker
#: places a short cell text («phòng», «4») at an earlier page when pdftotext reads a
#: landscape table's cells out of order, though every row is w:cantSplit
#: (tests/render/test_appendix_shapes.py)
KNOWN_TEMPLATE_FAULTS = {
    ("ngok-bay-2025.docx", "LAYOUT-HEADING-LAST"),
    ("so-quang-ngai-tong-ket-131.docx", "LAYOUT-ROW-SPLIT"),
}


@pytest.mark.slow
@needs_soffice
def test_docgen_examples_print_without_new_layout_faults(tmp_path: Path) -> None:
    specs = sorted((ROOT / "examples").glob("*.yaml"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "docgen.cli",
            "render",
            *map(str, specs),
            "-o",
            str(tmp_path),
            "--catalog",
            str(ROOT / "catalogs"),
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    reports, _ = check_with_layout([str(p) for p in sorted(tmp_path.glob("*.docx"))])
    found = {
        (Path(r.path).name, f.rule)
        for r in reports
        for f in r.findings
        if f.rule.startswith("LAYOUT-")
    }
    assert found <= KNOWN_TEMPLATE_FAULTS


def test_without_libreoffice_the_check_says_so_once_and_exits_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make(tmp_path / "short.docx", body=3)
    monkeypatch.setattr("docgen.check.printed.shutil.which", lambda name: None)
    from docgen.check import run
    from docgen.check.printed import run_with_layout

    out, code, note = run_with_layout([str(path)])
    assert note == SOFFICE_MISSING
    assert (out, code) == run([str(path)])
