"""Shared fixtures: the real catalogs and examples of the repository, rendered once."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# The tests of texts were written against the English msgids: they run in English (the
# commands they start inherit it). tests/test_i18n.py and the tests of the Vietnamese
# default ask for Vietnamese themselves (--lang vi, DOCGEN_LANG=vi, or no variable at all).
os.environ["DOCGEN_LANG"] = "en"

from docgen import i18n  # noqa: E402
from docgen.catalog.catalog import Catalog  # noqa: E402
from docgen.workflows.render import render_spec  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = ROOT / "catalogs"
EXAMPLES = ROOT / "examples"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(autouse=True)
def language() -> Iterator[None]:
    """Each test starts in the language of the environment (English, above), whatever the
    test before it chose (a `docgen --lang vi` run through CliRunner stays chosen)."""
    i18n.set_language(None)
    yield
    i18n.set_language(None)


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
