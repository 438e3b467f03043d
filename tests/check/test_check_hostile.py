"""Hostile or broken input is refused with exit code 2 and a message, never a traceback."""

from __future__ import annotations

import dataclasses
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path

import hostile_maker as hm
import pytest
from check_fixture_maker import corpus
from lxml import etree

from docgen.check import Finding, check_file, engine, run
from docgen.check.engine import CHECKS, RULES
from docgen.check.findings import FileReport
from docgen.check.numbering import Numbering
from docgen.check.ooxml import integer, twips
from docgen.check.reader import read_docx
from docgen.check.rules.common import Context
from docgen.check.ruleset import RuleSet
from docgen.check.styles import StyleSheet
from docgen.check.walker import Place, TooManyParagraphsError, Walker

HOSTILE = {
    "not-a-zip": "not a .docx",
    "zip-bomb": "zip bomb",
    "zip-bomb-lying": "cannot be decompressed",
    "xxe": "DOCTYPE",
    "billion-laughs": "DOCTYPE",
    "huge-50mb": "limit",
    "no-document-xml": "word/document.xml",
    "broken-xml": "not well-formed",
    "too-many-paragraphs": "past 200000 XML elements",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_refused_with_a_message(name: str) -> None:
    report = check_file(corpus()[name])
    assert report.exit_code == 2
    assert report.unreadable is not None and HOSTILE[name] in report.unreadable
    assert report.findings == []


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_run_reports_unreadable_files_with_exit_2(name: str) -> None:
    out, code = run([str(corpus()[name])])
    assert code == 2
    assert "cannot read" in out and "Traceback" not in out


def test_missing_file_and_folder_are_unreadable(tmp_path: Path) -> None:
    out, code = run([str(tmp_path / "nowhere.docx"), str(tmp_path)])
    assert code == 2
    assert out.count("cannot read") == 2


def test_unreadable_file_wins_over_errors_in_others() -> None:
    out, code = run([str(corpus()["no-luu-vt"]), str(corpus()["not-a-zip"])], fmt="json")
    payload = json.loads(out)
    assert code == 2 and payload["exit_code"] == 2
    assert [f["readable"] for f in payload["files"]] == [True, False]


def test_the_xxe_target_is_never_read() -> None:
    out, _ = run([str(corpus()["xxe"])])
    assert "root:" not in out


def _with_max_paragraphs(limit: int) -> RuleSet:
    return dataclasses.replace(
        RULES, limits=dataclasses.replace(RULES.limits, max_paragraphs=limit)
    )


def _body_count(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return sum(1 for _ in root.iter(w + "p", w + "tc"))


def test_paragraphs_of_headers_and_footnotes_count_towards_the_limit() -> None:
    path = corpus()["clean-congvan"]  # a page header and a footnote besides the body
    body = _body_count(path)
    refused = check_file(path, _with_max_paragraphs(body))
    assert refused.exit_code == 2 and refused.findings == []
    assert refused.unreadable is not None and f"(limit {body})" in refused.unreadable
    assert "paragraphs and table cells" in refused.unreadable
    assert check_file(path, _with_max_paragraphs(body + 100)).unreadable is None


def test_the_walker_stops_past_the_limit() -> None:
    """The walk counts what it really reads (a guard behind the count of the parsed tree)."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    root = etree.fromstring(f"<w:body {w}>" + "<w:p/>" * 3 + "</w:body>")
    walker = Walker(StyleSheet(None, None), Numbering(None), max_paragraphs=2)
    with pytest.raises(TooManyParagraphsError):
        walker.blocks(root, (), Place("body", 1, None))


# ---- damaged bytes: exit 2 with a reason, never a traceback or an internal error ----------
def _readable_core(path: Path) -> bool:
    """Whether the zip directory opens and word/document.xml inflates (CRC checked) and
    parses: when not, the checker must refuse the file (an independent oracle)."""
    try:
        with zipfile.ZipFile(path) as archive:
            etree.fromstring(archive.read("word/document.xml"))
    except Exception:
        return False
    return True


def _no_internal_error(report: FileReport) -> None:
    assert report.internal is None, report.internal
    assert report.exit_code in (0, 1, 2)
    if report.unreadable is not None:
        assert "checker bug" not in report.unreadable


def test_a_corrupt_deflate_stream_is_refused(rendered: dict[str, Path], tmp_path: Path) -> None:
    path = hm.corrupt_deflate(rendered["sa-thay-2025"], tmp_path / "corrupt.docx")
    report = check_file(path)
    _no_internal_error(report)
    assert report.exit_code == 2 and report.findings == []
    assert report.unreadable is not None
    assert "word/document.xml cannot be decompressed" in report.unreadable
    assert "the file is damaged — save it again" in report.unreadable
    out, code = run([str(path)])
    assert code == 2 and "Traceback" not in out and "Error -3" not in out


def test_random_bit_flips_never_escape_the_checker(
    rendered: dict[str, Path], tmp_path: Path
) -> None:
    """200 mutants of a real docgen output (1–8 flipped bits each, seeded)."""
    codes = []
    for path in hm.bit_flips(rendered["sa-thay-2025"], tmp_path, 200):
        report = check_file(path)
        _no_internal_error(report)
        if not _readable_core(path):
            assert report.exit_code == 2, path.name
        codes.append(report.exit_code)
    assert codes.count(2) > 0 and set(codes) <= {0, 1, 2}


# ---- absurd numbers: read as absent (or reported), never a crash ---------------------------
@pytest.mark.parametrize("value", sorted(hm.BAD_NUMBERS), ids=str)
@pytest.mark.parametrize("where", hm.NUMERIC_ATTRIBUTES)
def test_absurd_numeric_attributes_are_ignored_or_reported(
    where: str, value: str, tmp_path: Path
) -> None:
    path = hm.bad_number(tmp_path / "bad.docx", where, hm.BAD_NUMBERS[value])
    report = check_file(path)
    _no_internal_error(report)
    assert report.unreadable is None  # well-formed XML: checked, not refused
    if where == "pgSz":  # garbage is no paper size; 1134.75 twips is not A4 either
        [paper] = [f for f in report.findings if f.rule == "ND30-PAPER-A4"]
        assert (paper.found == "no paper size") == (value != "float"), paper


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1134", 1134),
        (" 1134 ", 1134),
        ("-567", -567),
        ("2cm", 1134),
        ("1134.6", 1135),
        ("9" * 400, None),
        ("1e400", None),
        ("inf", None),
        ("NaN", None),
        ("", None),
        ("abc", None),
        ("\u0663\u0664", None),
        ("9" * 12 + "cm", None),
        (None, None),
    ],
)
def test_twips_reads_a_measure_or_nothing(value: str | None, expected: int | None) -> None:
    assert twips(value) == expected


def test_integer_attributes_are_bounded() -> None:
    assert integer("26", 0, 3276) == 26
    assert integer("+3") == 3 and integer("-3") == -3
    assert integer("3277", 0, 3276) is None
    assert integer("-1", 0) is None
    assert integer("9" * 400) is None and integer("7" * 5000) is None
    assert integer("²") is None and integer("1.5") is None and integer("") is None


def test_a_paper_size_of_400_digits_is_reported_as_missing(tmp_path: Path) -> None:
    path = hm.bad_number(tmp_path / "paper.docx", "pgSz", "9" * 400)
    [paper] = [f for f in check_file(path).findings if f.rule == "ND30-PAPER-A4"]
    assert paper.found == "no paper size"


def test_a_5000_digit_document_number_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    doc = read_docx(hm.bad_number(tmp_path / "so.docx", "numbers in text", "7" * 5000), LIMITS)
    assert any(p.text.startswith("Số: 7777") for p in doc.paragraphs())


# ---- dense content: refused past the limits, read correctly up to them ---------------------
LIMITS = RULES.limits


@pytest.mark.parametrize("kind", ["tiny runs", "empty runs", "tabs", "runs with a property each"])
def test_8_mib_of_tiny_elements_is_refused_before_it_is_parsed(kind: str, tmp_path: Path) -> None:
    report = check_file(hm.dense(tmp_path / "dense.docx", kind))
    _no_internal_error(report)
    assert report.exit_code == 2 and report.unreadable is not None
    assert f"past {LIMITS.max_elements} XML elements" in report.unreadable
    assert "split it into smaller documents" in report.unreadable


def test_three_8_mib_parts_are_refused(tmp_path: Path) -> None:
    report = check_file(hm.three_dense_parts(tmp_path / "three.docx"))
    _no_internal_error(report)
    assert report.unreadable is not None and "XML elements" in report.unreadable


def test_runs_up_to_the_element_limit_are_all_read(tmp_path: Path) -> None:
    path = hm.dense(tmp_path / "runs.docx", "tiny runs", hm.AT_LIMIT)
    with zipfile.ZipFile(path) as archive:
        runs = archive.read("word/document.xml").count(b"<w:r>")
    [para] = list(read_docx(path, LIMITS).paragraphs())
    assert len(para.text) == runs > LIMITS.max_elements // 3
    report = check_file(path)
    _no_internal_error(report)
    assert report.exit_code == 1
    assert "ND30-BODY-INDENT" in {f.rule for f in report.findings}


def test_distinct_run_properties_up_to_the_limit_are_all_seen(tmp_path: Path) -> None:
    path = hm.dense(tmp_path / "props.docx", "runs with distinct properties", hm.AT_LIMIT)
    report = check_file(path)
    _no_internal_error(report)
    [size] = [f for f in report.findings if f.rule == "ND30-BODY-SIZE"][:1]
    assert size.found == "10, 10.5, 11, 11.5, 12, 12.5, 13, 13.5 and 14 pt"


@pytest.mark.parametrize("kind", ["sections", "table cells", "nested tables", "nested hyperlinks"])
def test_many_sections_cells_and_deep_nesting_are_checked(kind: str, tmp_path: Path) -> None:
    report = check_file(hm.dense(tmp_path / "dense.docx", kind, hm.AT_LIMIT))
    _no_internal_error(report)
    assert report.unreadable is None
    if kind in ("table cells", "nested tables"):  # a table on its own: named, not judged
        assert [f.rule for f in report.findings] == ["ND30-KIND"]
    else:
        assert report.exit_code == 1


def test_a_long_style_chain_is_read_and_checked(tmp_path: Path) -> None:
    path = hm.many_styles(tmp_path / "styles.docx", count=2000)  # far past _MAX_CHAIN
    paragraphs = list(read_docx(path, LIMITS).paragraphs())
    assert [p.style_name for p in paragraphs] == [f"S{i}" for i in range(0, 2000, 2)]
    assert [p.pieces[0].props.size for p in paragraphs] == [
        (20 + i % 9) / 2
        for i in range(0, 2000, 2)  # each style's own size wins
    ]
    report = check_file(path)
    _no_internal_error(report)
    assert report.exit_code == 1


# ---- a checker bug on one file: exit 2 for that file, named as a bug, no traceback ---------
def test_a_rule_that_crashes_is_reported_as_a_checker_bug(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real, calls = CHECKS["ND30-BODY-SIZE"], []

    def broken(ctx: Context) -> Iterable[Finding]:  # fails on the first file only
        calls.append(ctx)
        if len(calls) % 2:
            raise ZeroDivisionError("division by zero")
        return real(ctx)

    monkeypatch.setitem(CHECKS, "ND30-BODY-SIZE", broken)
    path = corpus()["clean-congvan"]
    report = check_file(path)
    assert report.exit_code == 2 and report.findings == []
    assert report.unreadable == (
        "the checker failed while rule ND30-BODY-SIZE (an internal error) — "
        "please report this checker bug with the file"
    )
    assert report.internal == "rule ND30-BODY-SIZE: ZeroDivisionError: division by zero"
    calls.clear()
    out, code = run([str(path), str(corpus()["no-luu-vt"])])
    assert code == 2 and "Traceback" not in out and "ZeroDivisionError" not in out
    assert f"{path}: cannot read: the checker failed" in out
    assert "no-luu-vt.docx: 1 error" in out  # the other file is still checked


def test_a_crash_while_locating_is_reported_as_a_checker_bug(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object) -> None:
        raise KeyError("slot")

    monkeypatch.setattr(engine, "locate", broken)
    report = check_file(corpus()["clean-congvan"])
    assert report.exit_code == 2 and report.internal == "finding its parts: KeyError: 'slot'"


def test_runaway_recursion_is_unreadable_with_a_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    def deep(*args: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(engine, "read_docx", deep)
    report = check_file(corpus()["clean-congvan"])
    assert report.exit_code == 2 and report.internal is None
    assert report.unreadable == (
        "the document is nested too deeply to read — "
        "flatten its tables in tables or text boxes in text boxes"
    )
