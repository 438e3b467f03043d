"""Lines as Word prints them: a (Kèm theo …) line a clerk broke over two paragraphs is one
line, and a name that wraps in its cell is as wide as the cell, not as its unwrapped text."""

from __future__ import annotations

from pathlib import Path

from conftest import CATALOGS, EXAMPLES
from docx import Document

from docgen.catalog.catalog import Catalog
from docgen.check import check_file
from docgen.workflows.render import render_spec


def _split_kem_theo(path: Path, at: str) -> Path:
    doc = Document(str(path))
    index = next(i for i, p in enumerate(doc.paragraphs) if p.text.startswith("(Kèm theo"))
    para = doc.paragraphs[index]
    head, tail = para.text.split(at, 1)
    para.text = head.rstrip()
    second = doc.paragraphs[index + 1].insert_paragraph_before(at + tail, style=para.style)
    second.paragraph_format.alignment = para.paragraph_format.alignment
    out = path.with_name("split.docx")
    doc.save(str(out))
    return out


def _appendix_findings(path: Path) -> list[str]:
    report = check_file(path)
    return [f.message for f in report.findings if f.rule.startswith("ND30-APPX")]


def test_kem_theo_over_two_lines_is_one_line(tmp_path: Path) -> None:
    out = render_spec(EXAMPLES / "hai-phong-2024.yaml", tmp_path, Catalog.load(CATALOGS))
    assert _appendix_findings(out) == []
    split = _split_kem_theo(out, "ngày")
    texts = [p.text for p in Document(str(split)).paragraphs]
    assert any(t.startswith("(Kèm theo") and t.endswith("/KH-GDĐT") for t in texts)
    assert _appendix_findings(split) == []


def test_a_kem_theo_line_cut_short_is_still_reported(tmp_path: Path) -> None:
    out = render_spec(EXAMPLES / "hai-phong-2024.yaml", tmp_path, Catalog.load(CATALOGS))
    doc = Document(str(out))
    para = next(p for p in doc.paragraphs if p.text.startswith("(Kèm theo"))
    para.text = "(Kèm theo Kế hoạch"
    bad = tmp_path / "bad.docx"
    doc.save(str(bad))
    assert _appendix_findings(bad)


def test_the_line_under_a_wrapped_agency_name_is_measured_as_printed() -> None:
    # vb037: the Ban Chỉ đạo's name wraps over three lines of its cell; the line under it is
    # about 43% of the wrapped name on the page, 22% of the name written on one line
    real = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "vb037.docx"
    report = check_file(real)
    assert report.unreadable is None
    assert not [f for f in report.findings if f.rule == "ND30-CQ-LINE"]
