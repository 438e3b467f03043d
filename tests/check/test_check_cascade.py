"""The cascade's school documents: the chủ quản line is read as chủ quản (catalog data)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import CATALOGS, EXAMPLES

from docgen.check import check_file
from docgen.check.engine import RULES
from docgen.check.locate import locate
from docgen.check.reader import read_docx
from docgen.cli import main


def test_school_headers_put_the_commune_as_chu_quan(tmp_path: Path) -> None:
    out = tmp_path / "cascade"
    args = [str(EXAMPLES / "so-quang-ngai-1491.yaml"), "--down-to", "truong", "-o", str(out)]
    result = CliRunner().invoke(
        main, ["cascade", *args, "--catalog", str(CATALOGS), "-q", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    nhu_y = out / "truong" / "mn-nhu-y.docx"
    header = locate(read_docx(nhu_y, RULES.limits), RULES).header
    assert [s.text for s in header.chu_quan] == ["UBND XÃ SA THẦY"]
    assert [s.text for s in header.agency] == ["TRƯỜNG MẦM NON NHƯ Ý"]
    assert not header.chu_quan[0].any_bold and header.agency[0].bold
    case = [
        (path.name, f.excerpt)
        for path in sorted(out.rglob("*.docx"))
        for f in check_file(path).findings
        if f.rule.startswith("ND30-CQ-")
    ]
    assert case == []
