"""Hostile or broken input is refused with exit code 2 and a message, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from check_fixture_maker import corpus

from docgen.check import check_file, run

HOSTILE = {
    "not-a-zip": "not a .docx",
    "zip-bomb": "zip bomb",
    "zip-bomb-lying": "cannot be decompressed",
    "xxe": "DOCTYPE",
    "billion-laughs": "DOCTYPE",
    "huge-50mb": "limit",
    "no-document-xml": "word/document.xml",
    "broken-xml": "not well-formed",
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
