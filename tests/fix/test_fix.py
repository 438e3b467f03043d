"""`docgen fix`: the mechanical repairs, on made documents and on real ones from the corpus.

tests/fixtures/fix/ holds four real documents of ../shared/corpus/real-docx/ (vb098, vb198,
vb222, vb223: Letter paper, narrow margins, Calibri/Tahoma/theme fonts, NFD text, a Lưu line
without its final ".").
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from docx.shared import Mm

from docgen.check import check_file
from docgen.check.engine import RULES
from docgen.check.reader import read_docx
from docgen.cli import main
from docgen.fix import repair

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "check"))
from check_fixture_maker import variant  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fix"
PAGE_RULES = {"ND30-PAPER-A4", *(f"ND30-MARGIN-{s}" for s in ("TOP", "BOTTOM", "LEFT", "RIGHT"))}
TEXT_RULES = {"ND30-DATE-ZERO", "ND30-SIG-PREFIX", "ND30-TN-TEXT", "ND30-NN-LUU"}
FIXED_RULES = PAGE_RULES | TEXT_RULES | {"ND30-FONT-FAMILY", "ND30-UNICODE-NFC"}

#: the made faults: (text of the clean document, the fault written in its place, the fix)
FAULTS = [
    (
        "Sa Thầy, ngày 09 tháng 10 năm 2025",
        "Sa Thầy, ngày 5 tháng 1 năm 2026",
        "Sa Thầy, ngày 05 tháng 01 năm 2026",
    ),
    ("KT. CHỦ TỊCH", "K/T CHỦ TỊCH", "KT. CHỦ TỊCH"),
    ("Độc lập - Tự do - Hạnh phúc", "Độc lập-Tự do – Hạnh phúc", "Độc lập - Tự do - Hạnh phúc"),
    ("- Lưu: VT, VHXH.", "- Lưu: VT, VHXH", "- Lưu: VT, VHXH."),
    (
        "Phòng Văn hóa - Xã hội",
        unicodedata.normalize("NFD", "Phòng Văn hóa - Xã hội"),
        "Phòng Văn hóa - Xã hội",
    ),
]


def _spoil(doc: Any) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(216), Mm(279)
    section.left_margin, section.top_margin = Mm(20), Mm(10)
    cells = [p for t in doc.tables for c in t._cells for p in c.paragraphs]
    for para in [*doc.paragraphs, *cells]:
        for clean, bad, _ in FAULTS:
            if clean in para.text and para.runs:
                text = para.text.replace(clean, bad)
                for run in para.runs[1:]:
                    run.text = ""
                para.runs[0].text = text
    for run in doc.paragraphs[0].runs:
        run.font.name = "Arial"


def _texts(path: Path) -> list[str]:
    return [p.text for p in read_docx(path, RULES.limits).paragraphs()]


def _rules(path: Path) -> set[str]:
    return {f.rule for f in check_file(path).findings}


def _fix(source: Path, target: Path, *extra: str) -> Any:
    return CliRunner().invoke(main, ["fix", str(source), "-o", str(target), *extra])


def test_made_faults_are_fixed_and_only_they_change(tmp_path: Path) -> None:
    source = variant(tmp_path, "congvan", _spoil)
    before = _rules(source)
    assert FIXED_RULES - {"ND30-MARGIN-BOTTOM", "ND30-MARGIN-RIGHT"} <= before
    target = tmp_path / "fixed.docx"
    result = _fix(source, target)
    assert result.exit_code == 0, result.output
    assert not _rules(target) & FIXED_RULES
    assert "fixed" in result.output and "ND30-SIG-PREFIX" in result.output
    old, new = _texts(source), _texts(target)
    assert len(old) == len(new)
    changed = {(a, b) for a, b in zip(old, new, strict=True) if a != b}
    expected = set()
    for a, _ in changed:
        fixed = a
        for _, bad, good in FAULTS:
            fixed = fixed.replace(unicodedata.normalize("NFC", bad), good)
        expected.add((a, fixed))
    assert changed == expected
    assert len(changed) == 4  # the NFD text is NFC in the reader's view already


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.docx")))
def test_real_documents_lose_their_mechanical_findings(tmp_path: Path, name: str) -> None:
    source = FIXTURES / name
    target = tmp_path / name
    before = _rules(source)
    result = _fix(source, target)
    assert result.exit_code == 0, result.output
    after = _rules(target)
    if before == {"ND30-KIND"}:  # an điều lệ, a phiếu trình: NĐ30 does not judge them,
        assert after == before  # but their paper, fonts and NFD text are repaired all the same
        assert {c.rule for c in repair(source).changes} & FIXED_RULES
    else:
        assert before & FIXED_RULES
        # a signature the reader cannot find is not a wrong prefix: that finding stays
        assert not (after & FIXED_RULES) - {"ND30-SIG-PREFIX", "ND30-NN-LUU"}
        assert after - before == set()
    # the text is unchanged but for the fixed strings
    old, new = _texts(source), _texts(target)
    repaired = repair(source)
    afters = {c.after for c in repaired.changes if c.rule in TEXT_RULES}
    for a, b in zip(old, new, strict=True):
        assert a == b or b.strip() in afters


def test_the_lines_it_cannot_fix_are_reported_as_left(tmp_path: Path) -> None:
    result = _fix(FIXTURES / "vb198.docx", tmp_path / "out.docx")
    assert "ND30-NN-LUU" in result.output  # "- Lưu: VT. NC.Châu." is not VT, <unit>.
    assert "left ND30-NN-LUU" in result.output
    assert "finding(s) left to fix by hand" in result.output


def test_never_writes_over_a_file_without_force(tmp_path: Path) -> None:
    source = tmp_path / "in.docx"
    source.write_bytes((FIXTURES / "vb222.docx").read_bytes())
    original = source.read_bytes()
    result = _fix(source, source)
    assert result.exit_code != 0
    assert "already exists (it is the file being fixed)" in result.output
    assert "Traceback" not in result.output
    assert source.read_bytes() == original
    other = tmp_path / "out.docx"
    other.write_bytes(b"mine")
    assert _fix(source, other).exit_code != 0
    assert other.read_bytes() == b"mine"
    assert _fix(source, other, "--force").exit_code == 0
    assert "ND30-PAPER-A4" not in _rules(other)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.docx", "out.docx"]


def test_an_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    result = _fix(bad, tmp_path / "out.docx")
    assert result.exit_code != 0
    assert "bad.docx" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out.docx").exists()
