"""Rollover of a quyết định: a Căn cứ written as a reference id that is superseded becomes
its successor; the new spec renders with the successor's Căn cứ line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import CATALOGS, EXAMPLES
from docx import Document

from docgen.catalog.catalog import Catalog
from docgen.cli import main
from docgen.workflows.render import render_spec


def test_a_superseded_basis_id_becomes_its_successor(tmp_path: Path) -> None:
    new = tmp_path / "qd.yaml"
    result = CliRunner().invoke(
        main,
        ["--lang", "en", "rollover", str(EXAMPLES / "binh-thuan-qd-2025.yaml"), "--to",
         "2026-2027", "-o", str(new), "--catalog", str(CATALOGS)],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "the Căn cứ now cites Luật luat-tccqdp-72-2025" in result.output
    lines = new.read_text(encoding="utf-8").splitlines()
    bases = lines[lines.index("can_cu:") + 1 : lines.index("can_cu:") + 3]
    assert bases[0] == "  - luat-tccqdp-72-2025"
    assert bases[1] == "  - [luat-luat-su-2006, luat-luat-su-2012]"
    out = render_spec(new, tmp_path / "out", Catalog.load(CATALOGS))
    texts = [p.text for p in Document(str(out)).paragraphs]
    first = next(t for t in texts if t.startswith("Căn cứ Luật Tổ chức chính quyền địa phương"))
    assert "2025" in first and "19 tháng 02" not in first  # the 2025 law of 16 June, not 65's
