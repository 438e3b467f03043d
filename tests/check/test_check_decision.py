"""The checker on a quyết định docgen wrote: it passes, and the demands of a công văn (Kính
gửi, V/v, "- Như trên;") are not made of it, while a công văn missing them still fails; a
quyết định's basis block ends with its "Theo đề nghị …" line, which ends "."."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from check_fixture_maker import maker, variant
from docx import Document

from docgen.catalog.catalog import Catalog
from docgen.check import check_file
from docgen.workflows.render import render_spec

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "binh-thuan-qd-2025.yaml"


@pytest.fixture(scope="module")
def decision(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example quyết định, rendered by docgen."""
    out = tmp_path_factory.mktemp("qd")
    return render_spec(EXAMPLE, out, Catalog.load(ROOT / "catalogs"))


def changed(decision: Path, tmp_path: Path, change: Callable[[Any], None]) -> Path:
    doc = Document(str(decision))
    change(doc)
    path = tmp_path / "qd-variant.docx"
    doc.save(str(path))
    return path


def rules(path: Path) -> dict[str, str]:
    return {f.rule: f.severity for f in check_file(path).findings}


def test_the_decision_passes(decision: Path) -> None:
    report = check_file(decision)
    assert report.unreadable is None
    assert report.findings == [], [(f.rule, f.message) for f in report.findings]


def test_nhu_dieu_3_and_no_kinh_gui_pass_in_a_decision(decision: Path) -> None:
    texts = [p.text for t in Document(str(decision)).tables for c in t._cells for p in c.paragraphs]
    assert "- Như Điều 3;" in texts and not any(t.startswith(("Kính gửi", "V/v")) for t in texts)
    found = rules(decision)
    assert not {"ND30-NN-NHUTREN", "ND30-KINHGUI", "ND30-VV"} & set(found)


def test_a_cong_van_with_nhu_dieu_3_still_fails(tmp_path: Path) -> None:
    path = variant(
        tmp_path, "congvan", lambda d: maker.set_text(maker.the(d, "- Như trên;"), "- Như Điều 3;")
    )
    assert rules(path).get("ND30-NN-NHUTREN") == "error"


def test_a_cong_van_without_kinh_gui_still_fails(tmp_path: Path) -> None:
    def drop(doc: Any) -> None:
        for start in ("Kính gửi:", "- Phòng", "- Các đơn vị", "- Trường"):
            maker.remove(maker.the(doc, start))

    assert rules(variant(tmp_path, "congvan", drop)).get("ND30-KINHGUI") == "error"


def test_a_proposal_line_ending_with_a_semicolon_is_caught(decision: Path, tmp_path: Path) -> None:
    def semicolon(doc: Any) -> None:
        line = maker.the(doc, "Theo đề nghị của")
        maker.set_text(line, line.text[:-1] + ";")

    assert rules(changed(decision, tmp_path, semicolon)) == {"ND30-CANCU": "error"}


def test_an_upright_basis_line_is_caught(decision: Path, tmp_path: Path) -> None:
    def upright(doc: Any) -> None:
        for run in maker.the(doc, "Căn cứ Nghị định số 123").runs:
            run.italic = False

    assert rules(changed(decision, tmp_path, upright)) == {"ND30-CANCU": "error"}
