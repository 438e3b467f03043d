"""Dependencies point one way: cli → workflows → compose → catalog → model.

`vn` and `errors` are used by everyone; `render` receives composed contexts and knows no
catalog; `check` reads any .docx and knows nothing of catalogs, specs or rendering.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "docgen"

FORBIDDEN: dict[str, set[str]] = {
    "errors": {"model", "catalog", "compose", "render", "workflows", "check", "cli", "vn"},
    "vn": {"model", "catalog", "compose", "render", "workflows", "check", "cli"},
    "typo": {"model", "catalog", "compose", "render", "workflows", "check", "cli", "vn"},
    "sandbox": {"model", "catalog", "compose", "render", "workflows", "check", "cli", "vn"},
    "model": {"catalog", "compose", "render", "workflows", "check", "cli"},
    "catalog": {"compose", "render", "workflows", "check", "cli"},
    "compose": {"render", "workflows", "check", "cli"},
    "render": {"catalog", "workflows", "check", "cli"},
    "workflows": {"cli", "check"},
    "check": {"model", "catalog", "compose", "render", "workflows", "cli", "vn"},
}


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("docgen."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("docgen."):
                    found.add(alias.name.split(".")[1])
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if _layer(p) in FORBIDDEN)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_upward_imports(path: Path) -> None:
    bad = _imports(path) & FORBIDDEN[_layer(path)]
    assert not bad, f"{path.relative_to(PACKAGE)} imports {sorted(bad)}"


def test_no_word_xml_outside_render_and_check() -> None:
    for path in PACKAGE.rglob("*.py"):
        if _layer(path) in {"render", "check"}:
            continue
        assert "<w:" not in path.read_text(encoding="utf-8"), path
