"""Shared fixtures: the real catalogs and examples of the repository, rendered once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docgen.catalog.catalog import Catalog
from docgen.workflows.render import render_spec

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = ROOT / "catalogs"
EXAMPLES = ROOT / "examples"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The repository's catalogs, loaded once."""
    return Catalog.load(CATALOGS)


@pytest.fixture(scope="session")
def rendered(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The two công văn examples of the foundation, rendered into a temp folder."""
    out = tmp_path_factory.mktemp("out")
    return {
        name: render_spec(EXAMPLES / f"{name}.yaml", out, catalog)
        for name in ("sa-thay-2025", "kon-tum-2022")
    }


@pytest.fixture()
def catalog_copy(tmp_path: Path) -> Path:
    """A writable copy of the catalogs, for tests that break them on purpose."""
    target = tmp_path / "catalogs"
    shutil.copytree(CATALOGS, target)
    return target


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--no-browser",
        action="store_true",
        help="skip the tests that drive headless chromium (tests/web/test_browser.py)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--no-browser"):
        return
    skip = pytest.mark.skip(reason="--no-browser given: the headless chromium tests were left out")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
