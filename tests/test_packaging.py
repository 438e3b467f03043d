"""`pip install .` ships what docgen needs outside a checkout: stock templates and catalogs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from docgen.cli.support import default_catalog
from docgen.render import templates

ROOT = Path(__file__).resolve().parents[1]


def data_files() -> dict[str, list[str]]:
    if sys.version_info < (3, 11):
        pytest.skip("tomllib is Python 3.11+")
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return dict(data["tool"]["setuptools"]["data-files"])


def test_every_template_and_catalog_folder_is_installed() -> None:
    shipped = {pattern for patterns in data_files().values() for pattern in patterns}
    folders = {p.parent.relative_to(ROOT).as_posix() for p in (ROOT / "catalogs").rglob("*.yaml")}
    assert {f"{folder}/*.yaml" for folder in folders} <= shipped
    assert "templates/*.docx" in shipped
    for target, patterns in data_files().items():
        for pattern in patterns:
            assert target == "share/docgen/" + pattern.rsplit("/", 1)[0], (target, pattern)


def test_an_installed_docgen_finds_its_templates_and_catalogs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the checkout's folders are absent, the installed data folder is used."""
    share = tmp_path / "share" / "docgen"
    (share / "templates").mkdir(parents=True)
    (share / "templates" / "cong_van.docx").write_bytes(
        (ROOT / "templates" / "cong_van.docx").read_bytes()
    )
    (share / "catalogs").mkdir()
    monkeypatch.setattr(templates.sysconfig, "get_path", lambda name: str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert share / "templates" in templates.stock_dirs()
    assert templates.installed_data("catalogs") == share / "catalogs"
    assert default_catalog() in (ROOT / "catalogs", share / "catalogs")
