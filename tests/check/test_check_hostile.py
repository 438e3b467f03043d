"""Hostile or broken input is refused with exit code 2 and a message, never a traceback."""

from __future__ import annotations

import dataclasses
import json
import zipfile
from pathlib import Path

import pytest
from check_fixture_maker import corpus
from lxml import etree

from docgen.check import check_file, run
from docgen.check.engine import RULES
from docgen.check.numbering import Numbering
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
    "too-many-paragraphs": "125000 paragraphs and table cells (limit 20000)",
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
