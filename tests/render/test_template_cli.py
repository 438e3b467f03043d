"""`docgen template check` and `docgen template import` on real files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from docgen.cli import main
from docgen.render import package
from docgen.render.compiled import CompiledTemplate, template_engine

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ["--catalog", str(ROOT / "catalogs")]


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("template", sorted((ROOT / "templates").glob("*.docx")), ids=str)
def test_every_stock_template_checks(template: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run("template", "check", str(template), *CATALOG)
    assert code == 0, err
    assert out.startswith(f"template OK: {template}") and "passes docgen check" in out


def test_a_clerks_template_is_imported_once(tmp_path: Path) -> None:
    """A copy of a stock template, unmarked, renders with docxtpl; imported, with docgen's
    engine, and checks with a spec of its kind."""
    clerk = tmp_path / "clerk.docx"
    shutil.copy(ROOT / "templates" / "cong_van.docx", clerk)
    assert type(template_engine(clerk)).__name__ == "DocxtplTemplate"
    spec = str(ROOT / "examples" / "sa-thay-2025.yaml")
    code, out, err = run("template", "check", str(clerk), "--spec", spec, *CATALOG)
    assert code == 0 and "renders with plain docxtpl" in out, err
    new = tmp_path / "new.docx"
    code, out, err = run("template", "import", str(clerk), "-o", str(new))
    assert code == 0, err
    assert out == f"wrote {new} (154 tags), in docgen's format\n"
    assert package.is_marked(package.read_members(new))
    assert isinstance(template_engine(new), CompiledTemplate)
    Document(str(new))  # still an ordinary Word file
    code, out, err = run("template", "check", str(new), "--spec", spec, *CATALOG)
    assert code == 0 and "docxtpl" not in out, err
    code, out, err = run("template", "import", str(clerk), "-o", str(new))
    assert code != 0 and "--force" in err  # never replaced silently
    assert run("template", "import", str(clerk), "-o", str(new), "--force")[0] == 0


def test_what_import_cannot_take_is_said_plainly(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Danh sách")
    doc.add_paragraph("{{p subdoc }}")
    clerk = tmp_path / "clerk.docx"
    doc.save(str(clerk))
    code, out, err = run("template", "import", str(clerk), "-o", str(tmp_path / "new.docx"))
    assert code != 0 and "Traceback" not in err
    assert err.startswith(f"error: {clerk}: the tag '{{{{p subdoc }}}}' is not supported")
    assert "(near: {{p subdoc }})" in err
    assert not (tmp_path / "new.docx").exists()


def test_check_says_what_is_missing(tmp_path: Path) -> None:
    """python-docx's own template has none of docgen's styles: the sample fails docgen
    check, and the styles the template names but lacks are listed."""
    doc = Document()
    p = doc.add_paragraph("{{ subject }}")
    p.style = doc.styles["Title"]
    doc.add_paragraph("{%p for b in body %}")
    doc.add_paragraph("{{r b.runs }}")
    doc.add_paragraph("{%p endfor %}")
    template = tmp_path / "cong_van.docx"
    doc.save(str(template))
    spec = str(ROOT / "examples" / "sa-thay-2025.yaml")
    code, out, err = run("template", "check", str(template), "--spec", spec, *CATALOG)
    assert code == 1 and out == ""
    assert f"error: {template}: the style 'FootnoteText' is used but not defined" in err
    assert f"error: {template}: sample from {spec}:" in err
