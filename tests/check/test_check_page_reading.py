"""What the page shows, as the labelled real documents taught it (tests/fixtures/real/).

Each fault below was a false finding on a real document, seen on its printed page: an indent
made with the Tab key, two rule lines anchored in one paragraph, contextual spacing next to
a paragraph of another style, a name centred with spaces, a page break in a table cell, a
4 pt spacer, a point lettered 'a.', a 'Phụ lục' heading after the closing table. Each test
builds the shape on a clean document and checks the finding is gone while the fault it
guards against is still found.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from check_fixture_maker import maker, variant
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt, Twips

from docgen.check import check_file

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"


def _findings(path: Path, rule: str) -> list[str]:
    report = check_file(path)
    assert report.unreadable is None, report.unreadable
    return [f.found for f in report.findings if f.rule == rule]


def _first_body(doc: Any) -> Any:
    return maker.the(doc, "1. Tham mưu")


def _tab_indent(stop: int | None) -> Callable[[Any], None]:
    """The first body paragraph indented with a leading tab instead of a first-line indent."""

    def change(doc: Any) -> None:
        para = _first_body(doc)
        para.paragraph_format.first_line_indent = Twips(0)
        if stop is not None:
            para.paragraph_format.tab_stops.add_tab_stop(Twips(stop))
        run = para.runs[0]._r
        run.insert(1 if run.rPr is not None else 0, parse_xml(f"<w:tab {nsdecls('w')}/>"))

    return change


def test_an_indent_made_with_the_tab_key_is_the_tab_stop_it_reaches(tmp_path: Path) -> None:
    # vb030, vb035: paragraphs start with a tab (no first-line indent); the page shows them
    # indented to the 1 cm stop or Word's default 1.27 cm stops
    assert _findings(variant(tmp_path, "congvan", _tab_indent(567)), "ND30-BODY-INDENT") == []
    assert _findings(variant(tmp_path, "congvan", _tab_indent(None)), "ND30-BODY-INDENT") == []
    # a tab stop at 2 cm indents 2 cm: still wrong
    found = _findings(variant(tmp_path, "congvan", _tab_indent(1134)), "ND30-BODY-INDENT")
    assert found == ["2.00 cm (1134 twips)"]


def test_a_real_report_indented_with_tabs_has_no_indent_finding() -> None:
    assert _findings(REAL / "vb030.docx", "ND30-BODY-INDENT") == []


def test_the_agency_line_is_the_left_one_of_two_anchored_side_by_side() -> None:
    # vb045: the agency's 1.7 cm line and the Tiêu ngữ's 6 cm line are anchored in the same
    # empty paragraph under a header typed with spaces; the agency's is 39% of its name
    for name in ("vb045.docx", "vb047.docx", "vb049.docx", "vb050.docx"):
        assert _findings(REAL / name, "ND30-CQ-LINE") == [], name
        assert _findings(REAL / name, "ND30-TN-LINE") == [], name


def _contextual(style: str | None) -> Callable[[Any], None]:
    def change(doc: Any) -> None:
        para = _first_body(doc)
        if style is not None:
            para.style = doc.styles[style]
        ppr = para._p.get_or_add_pPr()
        ppr.append(parse_xml(f"<w:contextualSpacing {nsdecls('w')}/>"))

    return change


def test_contextual_spacing_counts_only_beside_a_paragraph_of_its_style(tmp_path: Path) -> None:
    # vb001: 'Điều 3' (List Paragraph between Normal paragraphs) keeps its gap on the page
    same = variant(tmp_path, "congvan", _contextual(None))
    assert _findings(same, "ND30-BODY-SPACING") == ["contextualSpacing"]
    other = variant(tmp_path, "congvan", _contextual("List Paragraph"))
    assert "contextualSpacing" not in _findings(other, "ND30-BODY-SPACING")


def _name_outside(spaces: bool) -> Callable[[Any], None]:
    """The signer's name moved out of the closing table into a left-aligned paragraph."""

    def change(doc: Any) -> None:
        name = maker.the(doc, "Võ Thị Kim Dung")
        maker.remove(name)
        para = doc.add_paragraph()
        run = para.add_run((" " * 90 if spaces else "") + "Võ Thị Kim Dung")
        run.bold = True
        run.font.size = Pt(14)
        run.font.name = "Times New Roman"
        para.paragraph_format.alignment = None

    return change


def test_a_name_placed_with_spaces_is_not_judged_for_alignment(tmp_path: Path) -> None:
    # vb111: 'Nguyễn Minh' typed after the table, pushed under the title with spaces
    spaced = variant(tmp_path, "congvan", _name_outside(True))
    assert not [f for f in _findings(spaced, "ND30-SIG-STYLE") if "aligned" in f]
    flush = variant(tmp_path, "congvan", _name_outside(False))
    assert any("aligned" in f for f in _findings(flush, "ND30-SIG-STYLE"))


def test_a_page_break_in_a_header_cell_makes_no_second_page() -> None:
    # vb137: a one-page tờ trình whose header cell starts with a page break (LibreOffice
    # prints one page); no page number is asked for
    assert _findings(REAL / "vb137.docx", "ND30-PAGENUM") == []


def _between_title_and_subject(size: float) -> Callable[[Any], None]:
    def change(doc: Any) -> None:
        subject = maker.the(doc, "Triển khai")
        spacer = subject.insert_paragraph_before("")
        half_points = int(size * 2)
        spacer._p.get_or_add_pPr().append(
            parse_xml(f'<w:rPr {nsdecls("w")}><w:sz w:val="{half_points}"/></w:rPr>')
        )

    return change


def test_a_spacer_of_a_few_points_is_no_empty_line(tmp_path: Path) -> None:
    # vb172: a 4 pt empty paragraph between BÁO CÁO and the trích yếu; the page shows the
    # trích yếu right under the type name. A 14 pt empty paragraph is an empty line.
    spacer = variant(tmp_path, "kehoach", _between_title_and_subject(4))
    assert not [f for f in _findings(spacer, "ND30-TRICHYEU") if "empty" in f]
    line = variant(tmp_path, "kehoach", _between_title_and_subject(14))
    assert any("empty" in f for f in _findings(line, "ND30-TRICHYEU"))


def test_a_point_lettered_with_a_full_stop_is_no_lower_case_sentence_start() -> None:
    # vb172: 'a. Tình hình tội phạm ma túy:' — the letter is a marker; the cited
    # 'kế hoạch số …' in lower case is still found
    found = _findings(REAL / "vb172.docx", "ND30-CAPS-DOC")
    assert not [f for f in found if f.endswith("at the start")]
    assert "kế hoạch số 8" in found


def test_a_phu_luc_heading_after_the_closing_table_is_no_name() -> None:
    # vb230: CHỦ TỊCH with no name (a draft), then the appendix 'Phụ lục' on the next page
    assert _findings(REAL / "vb230.docx", "ND30-SIG-NAME") == ["no name"]


def test_the_tab_stop_reader_ignores_cleared_stops(tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        ppr = _first_body(doc)._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:tabs {nsdecls("w")}><w:tab w:val="clear" w:pos="300"/></w:tabs>'))
        _tab_indent(None)(doc)

    assert _findings(variant(tmp_path, "congvan", change), "ND30-BODY-INDENT") == []


def test_findings_past_the_cap_are_counted_not_listed_blank() -> None:
    # vb030: 100+ spacing faults; those past the cap were listed as blank findings
    report = check_file(REAL / "vb030.docx")
    assert all(f.rule for f in report.findings)
    spacing = [f for f in report.findings if f.rule == "ND30-BODY-SPACING"]
    assert spacing[-1].message.startswith("… and ")
    assert int(spacing[-1].message.split()[2]) > 50


def test_a_table_on_its_own_is_named_not_judged() -> None:
    # vb053: a ranking (TT / Tên đơn vị / Điểm) with no Quốc hiệu, Số, title or Nơi nhận
    report = check_file(REAL / "vb053.docx")
    assert [f.rule for f in report.findings] == ["ND30-KIND"]
    assert report.findings[0].found.startswith("a table on its own")


def test_a_quyet_dinh_is_judged_as_one() -> None:
    # vb001, vb111, vb138: no V/v nor Kính gửi asked; 'Theo đề nghị …' closes the căn cứ;
    # '- Như Điều 3;' (4, 5) opens the Nơi nhận
    for name in ("vb001.docx", "vb111.docx", "vb138.docx"):
        rules = {f.rule for f in check_file(REAL / name).findings}
        assert not rules & {"ND30-VV", "ND30-KINHGUI", "ND30-CANCU", "ND30-NN-NHUTREN"}, name


def test_a_tab_under_a_hanging_indent_stops_at_its_left_edge(tmp_path: Path) -> None:
    # Word's implicit stop: a hanging paragraph's tab reaches the left indent, so its first
    # line starts where the others do (no first-line indent at all)
    def change(doc: Any) -> None:
        para = _first_body(doc)
        para.paragraph_format.left_indent = Twips(567)
        para.paragraph_format.first_line_indent = Twips(-567)
        _tab_indent(None)(doc)
        para.paragraph_format.first_line_indent = Twips(-567)

    found = _findings(variant(tmp_path, "congvan", change), "ND30-BODY-INDENT")
    assert found == ["0.00 cm (0 twips)"]
