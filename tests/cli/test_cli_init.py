"""`docgen init`: a new workspace renders and checks clean from inside it; nothing is
written over an existing folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CATALOGS

from docgen.cli import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.mark.parametrize("empty", [False, True])
def test_a_new_workspace_renders_and_checks_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, empty: bool
) -> None:
    monkeypatch.delenv("DOCGEN_CATALOG", raising=False)
    ws = tmp_path / "cong-viec"
    code, text = run("init", str(ws), "--catalog", str(CATALOGS), *(["--empty"] if empty else []))
    assert code == 0, text
    readme = (ws / "README.md").read_text(encoding="utf-8")
    assert "Thư mục làm việc docgen" in readme and "UTF-8" in readme
    specs = sorted((ws / "examples").glob("*.yaml"))
    assert specs
    monkeypatch.chdir(ws)
    code, text = run("catalog", "check")
    assert code == 0, text
    assert f"in {ws / 'catalogs'}" in text
    code, text = run("render", *[str(s) for s in specs], "-o", "out")
    assert code == 0, text
    outputs = sorted((ws / "out").glob("*.docx"))
    assert len(outputs) == len(specs)
    code, text = run("check", *[str(p) for p in outputs])
    assert code == 0, text


def test_one_example_per_kind(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    code, text = run("init", str(ws), "--catalog", str(CATALOGS))
    assert code == 0, text
    kinds = [
        line.split(":", 1)[1].strip()
        for spec in (ws / "examples").glob("*.yaml")
        for line in spec.read_text(encoding="utf-8").splitlines()
        if line.startswith("kind:")
    ]
    assert kinds and len(kinds) == len(set(kinds))
    assert (ws / "catalogs" / "levels.yaml").read_bytes() == (CATALOGS / "levels.yaml").read_bytes()


def test_init_never_writes_into_a_folder_with_files(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "mine.yaml").write_text("mine\n", encoding="utf-8")
    code, text = run("init", str(ws), "--empty")
    assert code != 0 and "Traceback" not in text
    assert "not an empty folder" in text
    assert sorted(p.name for p in ws.iterdir()) == ["mine.yaml"]
