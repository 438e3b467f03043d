"""A quyết định's spec keys: wrong ones are refused at their file:line with what to write,
through the command line too (exit 1, no traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CATALOGS

from docgen.catalog.specfile import load_spec
from docgen.cli import main
from docgen.errors import CatalogError

HEAD = """\
name: qd
kind: {kind}
issuer: ubnd-tinh-binh-thuan
signer: do-huu-huy
year: 2025
subject: Về việc giải thể Hội A
"""
ARTICLES = """\
articles:
  - Giải thể Hội A.
executors:
  - Giám đốc Sở Nội vụ
"""


def write(tmp_path: Path, body: str, kind: str = "quyet_dinh") -> Path:
    path = tmp_path / "qd.yaml"
    path.write_text(HEAD.format(kind=kind) + body, encoding="utf-8")
    return path


def error(path: Path) -> str:
    with pytest.raises(CatalogError) as info:
        load_spec(path)
    return str(info.value)


def test_a_good_spec_reads(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path, ARTICLES + "can_cu:\n  - 126/2024/NĐ-CP\n"))
    assert spec.kind == "quyet_dinh" and spec.decision is not None
    assert spec.decision.executors == ("Giám đốc Sở Nội vụ",)
    assert [b.refs for b in spec.decision.bases] == [("126/2024/NĐ-CP",)]


@pytest.mark.parametrize(
    ("body", "line", "message", "hint"),
    [
        (ARTICLES + "recipients: [Sở Nội vụ]\n", 11, "does not take 'recipients'", "executors:"),
        (ARTICLES + "body:\n  - Nội dung.\n", 11, "does not take 'body'", "articles:"),
        (ARTICLES + "nhu_tren: thực hiện\n", 11, "does not take 'nhu_tren'", "Như Điều N"),
        (ARTICLES + "authority: chairman\n", 11, "cannot be 'chairman'", "collective, head"),
        (ARTICLES + "can_cu:\n  - Theo đề nghị của Sở.\n", 12, "starts with 'Căn cứ'", "de_nghi"),
        (
            ARTICLES + "can_cu:\n  - [126/2024/NĐ-CP, Luật Hội]\n",
            12,
            "list of reference ids",
            "[65/2006/QH11, 20/2012/QH13]",
        ),
        ("executors: [Sở Nội vụ]\n", 1, "has no articles", "articles:"),
        ("articles: [Giải thể Hội A.]\n", 1, "names no one to execute it", "executors:"),
    ],
)
def test_wrong_keys_are_refused_where_they_are(
    tmp_path: Path, body: str, line: int, message: str, hint: str
) -> None:
    path = write(tmp_path, body)
    text = error(path)
    assert text.startswith(f"{path}:{line}:"), text
    assert message in text and hint in text


def test_a_decision_key_in_a_cong_van_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "unit: VP\nrecipients: [Sở Nội vụ]\n" + ARTICLES, kind="cong_van")
    text = error(path)
    assert text.startswith(f"{path}:9:") and "'articles' belongs to a quyết định" in text
    assert "kind: quyet_dinh" in text


def test_an_unknown_reference_in_can_cu_names_the_closest(tmp_path: Path) -> None:
    path = write(tmp_path, ARTICLES + "can_cu:\n  - 123/2013/ND-CP\n")
    result = CliRunner().invoke(
        main, ["render", str(path), "-o", str(tmp_path / "out"), "--catalog", str(CATALOGS)]
    )
    assert result.exit_code == 1
    assert f"{path}:12:" in result.output and "123/2013/NĐ-CP" in result.output
    assert "Traceback" not in result.output
