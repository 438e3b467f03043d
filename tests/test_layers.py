"""Dependencies point one way: cli → workflows → compose → catalog → model.

`vn`, `errors` and `names` are used by everyone; `render` receives composed contexts and knows
no catalog; `check` reads any .docx and knows nothing of catalogs, specs or rendering.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "docgen"

#: what the modules below even vn (errors, names, i18n, typo, sandbox) may not import
_BELOW_VN = ("model", "catalog", "figures", "compose", "render", "workflows", "check", "cli", "vn")

FORBIDDEN: dict[str, set[str]] = {
    "errors": set(_BELOW_VN),
    "names": set(_BELOW_VN),
    "vn": {"model", "catalog", "figures", "compose", "render", "workflows", "check", "cli"},
    # the language of messages and its extractors: below everything, used by everyone
    "i18n": set(_BELOW_VN),
    "i18n_extract": set(_BELOW_VN),
    "typo": set(_BELOW_VN),
    "sandbox": set(_BELOW_VN),
    "model": {"catalog", "figures", "compose", "render", "workflows", "check", "cli"},
    "catalog": {"figures", "compose", "render", "workflows", "check", "cli"},
    # figure intake sits beside the catalog: it reads files and gives model data
    "figures": {"compose", "render", "workflows", "check", "cli"},
    "compose": {"figures", "render", "workflows", "check", "cli"},
    "render": {"catalog", "figures", "workflows", "check", "cli"},
    "workflows": {"cli", "check"},
    "check": {"model", "catalog", "figures", "compose", "render", "workflows", "cli", "vn"},
    "register": {"model", "catalog", "figures", "compose", "render", "workflows", "check", "cli"},
    # `docgen fix` repairs Word XML beside the checker: it may use check and vn
    "fix": {"model", "catalog", "figures", "compose", "render", "workflows", "cli"},
    # the desk (docgen serve) sits on top beside the command line: it calls workflows,
    # check and register, and is started by `docgen serve` (so it does not import cli)
    "web": {"cli"},
    "cli": set(),  # the top: it may call any layer (and imports each when a command runs)
}
# nothing below the top imports the desk
for _layer_name, _banned in FORBIDDEN.items():
    if _layer_name not in ("cli", "web"):
        _banned.add("web")

#: layers that read no file: the workflows load catalogs and figures and hand them in
NO_FILE_READS = ("model", "vn", "compose")
#: modules that read files, and calls that do
READING_MODULES = {
    "csv",
    "openpyxl",
    "yaml",
    "zipfile",
    "defusedxml",
    "xml",
    "lxml",
    "io",
    "shutil",
    "tomllib",
    "json",
    "pickle",
    "docgen.figures",
    "docgen.catalog.yamlio",
    "docgen.catalog.specfile",
}
READING_CALLS = {
    "open",
    "read_text",
    "read_bytes",
    "load_yaml",
    "load_yaml_text",
    "load_workbook",
    "load_spec",
    "load_data",
    "spec_totals",
    "iterparse",
    "DictReader",
    "safe_load",
    "load_all",
    "scandir",
    "listdir",
    "iterdir",
    "glob",
    "rglob",
    "fromfile",
}
#: calls that read when made on a module: os.walk, yaml.load, csv.reader, json.load
QUALIFIED_CALLS = {
    ("os", "walk"),
    ("yaml", "load"),
    ("json", "load"),
    ("pickle", "load"),
    ("csv", "reader"),
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


def file_reads(source: str) -> list[str]:
    """What in *source* reads a file: an import of a reading module, or a reading call."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules = [node.module or ""]
            names = {alias.name for alias in node.names}
            found += [f"line {node.lineno}: imports {n}" for n in sorted(names & READING_CALLS)]
        elif isinstance(node, ast.Call):
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else (func.attr if isinstance(func, ast.Attribute) else "")
            )
            owner = (
                func.value.id
                if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                else ""
            )
            if name in READING_CALLS or (owner, name) in QUALIFIED_CALLS:
                found.append(f"line {node.lineno}: calls {name}()")
            continue
        else:
            continue
        for module in modules:
            if any(module == m or module.startswith(m + ".") for m in READING_MODULES):
                found.append(f"line {node.lineno}: imports {module}")
    return found


@pytest.mark.parametrize(
    "path",
    [p for p in MODULES if _layer(p) in NO_FILE_READS],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_no_file_reads_below_the_catalog(path: Path) -> None:
    reads = file_reads(path.read_text(encoding="utf-8"))
    assert not reads, f"{path.relative_to(PACKAGE)} reads files: {reads}"


@pytest.mark.parametrize(
    "source",
    [
        "from pathlib import Path\nPath('x.csv').read_text()",
        "def f(p):\n    return p.read_bytes()",
        "with open('x') as fh:\n    pass",
        "import csv\n",
        "def rows(os):\n    return os.walk('data')",
        "import openpyxl\nopenpyxl.load_workbook('x.xlsx')",
        "import yaml\nyaml.safe_load(text)",
        "from docgen.catalog.yamlio import load_yaml",
        "from docgen.figures import spec_totals",
    ],
)
def test_the_file_read_check_sees_reads(source: str) -> None:
    assert file_reads(source)
