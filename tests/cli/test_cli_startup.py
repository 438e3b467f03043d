"""Starting docgen loads what the command run needs: `docgen --help` (and the help of a
command whose options list no library's choices) imports no catalog, no render engine, no
holiday tables and no Word libraries. Commands are run as real processes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT

HEAVY = (
    "docgen.catalog",
    "docgen.figures",
    "docgen.compose",
    "docgen.render",
    "docgen.workflows",
    "docgen.check",
    "holidays",
    "openpyxl",
    "docxtpl",
    "docx",
    "lxml",
    "jinja2",
    "yaml",
)

PROBE = """
import json, sys
from docgen.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print(json.dumps([code, sorted(m for m in sys.modules)]))
"""


def modules_after(*args: str) -> tuple[int, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    code, modules = json.loads(done.stdout.splitlines()[-1])
    return code, set(modules)


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


@pytest.mark.parametrize(
    "args",
    [["--help"], ["render", "--help"], ["check", "--help"], ["aggregate", "--help"], ["--version"]],
)
def test_help_imports_nothing_heavy(args: list[str]) -> None:
    code, modules = modules_after(*args)
    assert code == 0
    assert loaded(modules, HEAVY) == []


def test_choices_come_from_the_library() -> None:
    code, modules = modules_after("cascade", "--help")
    assert code == 0 and "docgen.compose.deadlines" in modules  # --policy's choices
    assert loaded(modules, ("docgen.render", "docgen.workflows", "docxtpl")) == []


def test_each_command_imports_what_it_needs() -> None:
    code, modules = modules_after("check", "--rules")
    assert code == 0
    assert "docgen.check" in modules
    assert loaded(modules, ("docgen.catalog", "docgen.render", "holidays", "docxtpl")) == []


def test_python_m_docgen_cli_runs_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "docgen.cli", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    for command in ("aggregate", "cascade", "catalog", "check", "render", "rollover"):
        assert f"  {command} " in done.stdout
