"""`docgen fix` sets each component at a size NĐ30 allows, where that is unambiguous: the
size findings go, the text stays the same, a form NĐ30 does not govern keeps its sizes."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from docgen.check import check_file
from docgen.check.engine import RULES
from docgen.check.reader import read_docx
from docgen.fix import repair

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
SIZE_RULES = {"ND30-QH-STYLE", "ND30-CQ-STYLE", "ND30-SO-STYLE", "ND30-NN-ITEMS"}


def _size_findings(path: Path) -> list[str]:
    return [f.rule for f in check_file(path).findings if f.rule in SIZE_RULES and " pt" in f.found]


def _texts(path: Path) -> list[str]:
    return [p.text for p in read_docx(path, RULES.limits).paragraphs()]


def _sizes(path: Path, text: str) -> set[float]:
    doc = Document(str(path))
    cells = [p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return {
        run.font.size.pt
        for p in [*doc.paragraphs, *cells]
        if p.text.strip() == text
        for run in p.runs
        if run.text.strip() and run.font.size is not None
    }


def test_a_real_decision_gets_its_header_and_recipients_sizes(tmp_path: Path) -> None:
    # vb001: a draft quyết định whose agency name and số are 14 pt and Nơi nhận 12 pt
    source = REAL / "vb001.docx"
    assert "ND30-CQ-STYLE" in _size_findings(source)
    repaired = repair(source)
    target = tmp_path / "fixed.docx"
    target.write_bytes(repaired.data)
    made = {c.rule for c in repaired.changes if c.after.endswith(" pt")}
    assert "ND30-CQ-STYLE" in made
    assert _size_findings(target) == []
    # the same text, but for the Tiêu ngữ's dash that fix makes a hyphen
    assert _texts(target) == [t.replace("Tự do – Hạnh", "Tự do - Hạnh") for t in _texts(source)]
    assert _sizes(target, "ỦY BAN NHÂN DÂN") == {13.0}
    assert _sizes(target, "- Ban Nội chính Tỉnh ủy;") == {11.0}


def test_a_form_nd30_does_not_govern_keeps_its_sizes(tmp_path: Path) -> None:
    # vb002: a phiếu trình (an internal form): its sizes are its own
    repaired = repair(REAL / "vb002.docx")
    assert not [c for c in repaired.changes if c.after.endswith(" pt")]
