"""The fixture corpus: clean documents pass, each one-fault copy is caught by its rule only."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from check_fixture_maker import HANDMADE, corpus, maker, variant

from docgen.check import check_file
from docgen.check.engine import RULES
from docgen.check.ruleset import RuleSet

FAULTS = maker.FAULTS


def test_the_corpus_has_at_least_25_distinct_faults() -> None:
    assert len({fault.name for fault in FAULTS}) == len(FAULTS) >= 25
    assert len({fault.rule for fault in FAULTS}) >= 25


@pytest.mark.parametrize("name", ["clean-congvan", "clean-kehoach"])
def test_clean_documents_have_no_findings(name: str) -> None:
    report = check_file(corpus()[name])
    assert report.unreadable is None
    assert report.findings == []
    assert report.exit_code == 0


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.name)
def test_each_fault_is_caught_by_its_rule_and_no_unrelated_error(fault: maker.Fault) -> None:
    report = check_file(corpus()[fault.name])
    rules = {finding.rule for finding in report.findings}
    errors = {finding.rule for finding in report.errors}
    assert fault.rule in rules, f"{fault.name}: expected {fault.rule}, found {sorted(rules)}"
    assert errors <= {fault.rule}, f"{fault.name}: unrelated errors {sorted(errors - {fault.rule})}"


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.name)
def test_each_finding_says_where_and_what(fault: maker.Fault) -> None:
    for finding in check_file(corpus()[fault.name]).findings:
        assert finding.location and finding.message
        assert finding.severity in ("error", "warning")
        if finding.location.startswith(("body", "header block", "closing block")):
            assert finding.excerpt, finding


def test_a_warning_only_fault_exits_zero() -> None:
    report = check_file(corpus()["doctor-before-name"])
    assert [f.rule for f in report.findings] == ["ND30-SIG-NAME"]
    assert report.exit_code == 0


def test_agency_not_bold_is_reported_on_the_agency_line_not_the_chu_quan() -> None:
    report = check_file(corpus()["agency-not-bold"])
    style = [f for f in report.findings if f.rule == "ND30-CQ-STYLE"]
    assert [(f.excerpt, f.found) for f in style] == [("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "not bold")]
    assert style[0].location == "header block, row 1, cell 1, paragraph 2"
    assert all("UBND TỈNH" not in f.excerpt for f in report.findings)  # chủ quản: no finding


def test_agency_on_two_unbolded_lines_keeps_both_lines(tmp_path: Path) -> None:
    """No bold line and a rule line as long as 0.4 × the longer line: both are the agency."""

    def change(doc: Any) -> None:
        for line in ("ỦY BAN NHÂN DÂN", "XÃ SA THẦY"):
            maker.untitle(maker.the(doc, line), bold=False)

    report = check_file(variant(tmp_path, "congvan", change))
    style = [f.excerpt for f in report.findings if f.rule == "ND30-CQ-STYLE"]
    assert style == ["ỦY BAN NHÂN DÂN", "XÃ SA THẦY"]
    assert {f.rule for f in report.errors} == {"ND30-CQ-STYLE"}


def test_without_bold_or_rule_line_the_last_line_is_the_agency(tmp_path: Path) -> None:
    def change(doc: Any) -> None:
        agency = maker.the(doc, "SỞ GIÁO DỤC")
        maker.untitle(agency, bold=False)
        maker._border(maker.Paragraph(agency._p.getnext(), doc.part))

    report = check_file(variant(tmp_path, "kehoach", change))
    found = {(f.rule, f.excerpt) for f in report.errors}
    assert found == {
        ("ND30-CQ-STYLE", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
        ("ND30-CQ-LINE", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"),
    }


def _findings(name: str, rules: RuleSet = RULES) -> dict[str, list[str]]:
    report = check_file(HANDMADE / name, rules)
    assert report.unreadable is None, report.unreadable
    found: dict[str, list[str]] = {}
    for finding in report.findings:
        found.setdefault(finding.rule, []).append(finding.location)
    return found


def test_libreoffice_document_is_understood() -> None:
    found = _findings("libreoffice-baocao.docx")
    assert "ND30-MARGIN-LEFT" in found  # 2 cm instead of 3 cm
    assert len(found["ND30-FONT-FAMILY"]) == 3  # the three Arial headings
    assert "ND30-BODY-INDENT" in found  # automatic numbering with a hanging indent
    assert "ND30-TRICHYEU" in found  # no line under the trích yếu
    for located in (
        "ND30-QH-TEXT",
        "ND30-TN-TEXT",
        "ND30-TN-LINE",
        "ND30-CQ-LINE",
        "ND30-SO-FORMAT",
        "ND30-DATE-FORMAT",
        "ND30-NN-LUU",
        "ND30-SIG-PREFIX",
    ):
        assert located not in found  # underlined Tiêu ngữ, line shape, tables all found


def test_html_converted_document_reports_missing_header() -> None:
    found = _findings("html-thongbao.docx")
    assert found["ND30-QH-TEXT"] == ["page 1"]
    assert "ND30-FONT-FAMILY" in found and "ND30-FONT-COLOR" in found
    assert "ND30-BODY-SIZE" in found


def test_word_style_document_with_text_box_and_numbering() -> None:
    found = _findings("python-docx-builtin-styles.docx")
    # Cambria comes from the Normal style: one finding there, counting its paragraphs
    assert any(w.startswith("style 'Normal' (12 paragraphs") for w in found["ND30-FONT-FAMILY"])
    one_by_one = _findings("python-docx-builtin-styles.docx", replace(RULES, style_group=10**6))
    assert any("text box 1" in where for where in one_by_one["ND30-FONT-FAMILY"])
    assert "ND30-FONT-COLOR" in found  # theme-coloured headings
    assert "ND30-BODY-SPACING" in found  # List Number's contextual spacing
    assert "ND30-SIG-PREFIX" not in found  # a bare title signs in its own right


def test_handmade_sources_are_kept_beside_their_docx() -> None:
    for source in [*HANDMADE.glob("*.fodt"), *HANDMADE.glob("*.html")]:
        assert source.with_suffix(".docx").is_file(), source
