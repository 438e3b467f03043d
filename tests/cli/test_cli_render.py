"""The render command end to end: good specs write files; user mistakes give a clear
`file:line` error, a non-zero exit, no traceback and no file."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CATALOGS, EXAMPLES
from docx import Document

from docgen.cli import main

GOOD = (EXAMPLES / "sa-thay-2025.yaml").read_text(encoding="utf-8")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def render(spec: Path, out: Path, *extra: str) -> tuple[int, str]:
    return run("render", str(spec), "-o", str(out), "--catalog", str(CATALOGS), *extra)


def test_help_texts() -> None:
    code, text = run("--help")
    assert code == 0 and "render" in text and "catalog" in text
    for cmd in (["render", "--help"], ["catalog", "check", "--help"]):
        code, text = run(*cmd)
        assert code == 0 and "Usage" in text


def test_catalog_check_ok() -> None:
    code, text = run("catalog", "check", str(CATALOGS))
    assert code == 0 and text.startswith("catalog OK")


def test_render_writes_the_file(tmp_path: Path) -> None:
    code, text = render(EXAMPLES / "sa-thay-2025.yaml", tmp_path)
    assert code == 0, text
    assert (tmp_path / "sa-thay-2025.docx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sa-thay-2025.docx"]


@pytest.mark.parametrize(
    ("spec_text", "expect"),
    [
        (
            GOOD.replace("issuer: ubnd-xa-sa-thay", "issuer: ubnd-xa-sa-thai"),
            ":7:9: unknown organisation 'ubnd-xa-sa-thai' — did you mean 'ubnd-xa-sa-thay'?",
        ),
        (
            GOOD.replace('"1491/SGDĐT-QLCLGDCNTT"', '"1491/SGDDT-QLCLGDCNTT"'),
            "unknown reference '1491/SGDDT-QLCLGDCNTT' — did you mean '1491/SGDĐT-QLCLGDCNTT'?",
        ),
        (GOOD.replace("signer: vo-thi-kim-dung\n", ""), "the spec names no signer"),
        (GOOD.replace("subject: >-", "subject: [oops"), "invalid YAML"),
        (
            GOOD.replace("school_year: 2025-2026", "school_year: 2025-2027"),
            "school year '2025-2027' must span two consecutive years",
        ),
        (GOOD + "\nbogus: 1\n", "unknown key 'bogus' in document spec"),
        ("", "file is empty"),
    ],
)
def test_bad_specs(tmp_path: Path, spec_text: str, expect: str) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(spec_text, encoding="utf-8")
    out = tmp_path / "out"
    code, text = render(spec, out)
    assert code != 0
    assert text.startswith("error: ") and "Traceback" not in text
    assert str(spec) in text and expect in text, text
    assert not out.exists() or not list(out.iterdir())


def test_binary_and_missing_spec(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_bytes(b"PK\x03\x04\x00\x00binary")
    code, text = render(spec, tmp_path / "out")
    assert code != 0 and "not a text file" in text and "Traceback" not in text
    code, text = render(tmp_path / "nope.yaml", tmp_path / "out")
    assert code != 0 and "file not found" in text


def test_special_characters_render_literally(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        GOOD.replace(
            "  - tasks: cntt-cds\n",
            "  - text: 'Sở Kế hoạch & Đầu tư <HN> và Trung tâm HN&GDTX {_{ x }_}'\n"
            "  - text: Đoạn sau vẫn còn.\n",
        ),
        encoding="utf-8",
    )
    code, text = render(spec, tmp_path)
    assert code == 0, text
    paras = [p.text for p in Document(str(tmp_path / "sa-thay-2025.docx")).paragraphs]
    assert "Sở Kế hoạch & Đầu tư <HN> và Trung tâm HN&GDTX" in "\n".join(paras)
    assert "Đoạn sau vẫn còn." in paras


def test_never_overwrites_a_users_file(tmp_path: Path) -> None:
    target = tmp_path / "sa-thay-2025.docx"
    shutil.copy(Path(__file__), target)  # not a docgen file
    code, text = render(EXAMPLES / "sa-thay-2025.yaml", tmp_path)
    assert code != 0 and "--force" in text
    assert target.read_bytes() == Path(__file__).read_bytes()
    code, _ = render(EXAMPLES / "sa-thay-2025.yaml", tmp_path, "--force")
    assert code == 0
    code, _ = render(EXAMPLES / "sa-thay-2025.yaml", tmp_path)  # docgen's own file: fine
    assert code == 0


def test_never_overwrites_a_docgen_file_edited_since(tmp_path: Path) -> None:
    """python-docx (like LibreOffice without a user name) keeps docgen as last author: the
    fingerprint of the document part tells the edit."""
    code, _ = render(EXAMPLES / "sa-thay-2025.yaml", tmp_path)
    target = tmp_path / "sa-thay-2025.docx"
    assert code == 0
    edited = Document(str(target))
    edited.add_paragraph("Ghi chú của văn thư.")
    edited.save(str(target))
    assert edited.core_properties.last_modified_by == "docgen"
    before = target.read_bytes()
    code, text = render(EXAMPLES / "sa-thay-2025.yaml", tmp_path)
    assert code != 0 and "edited since" in text and "--force" in text
    assert target.read_bytes() == before
    code, _ = render(EXAMPLES / "sa-thay-2025.yaml", tmp_path, "--force")
    assert code == 0
    assert "Ghi chú của văn thư." not in [p.text for p in Document(str(target)).paragraphs]


def test_output_files_get_the_usual_permissions(tmp_path: Path) -> None:
    """Not mkstemp's 0600: a new file's mode less the umask, as any program's output."""
    old = os.umask(0o022)
    try:
        code, _ = render(EXAMPLES / "sa-thay-2025.yaml", tmp_path)
    finally:
        os.umask(old)
    assert code == 0
    assert stat.S_IMODE((tmp_path / "sa-thay-2025.docx").stat().st_mode) == 0o644


def test_unreadable_template(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip at all")
    spec = tmp_path / "spec.yaml"
    spec.write_text(GOOD + "\ntemplate: bad.docx\n", encoding="utf-8")
    code, text = render(spec, tmp_path / "out")
    assert code != 0 and "not a Word .docx file" in text and "Traceback" not in text


def test_template_with_unknown_variable(tmp_path: Path) -> None:
    tpl = Document()
    tpl.add_paragraph("{{ no_such_thing }}")
    tpl.save(str(tmp_path / "t.docx"))
    spec = tmp_path / "spec.yaml"
    spec.write_text(GOOD + "\ntemplate: t.docx\n", encoding="utf-8")
    code, text = render(spec, tmp_path / "out")
    assert code != 0 and "'no_such_thing' is undefined" in text and "t.docx" in text


def test_sandbox_blocks_unsafe_template(tmp_path: Path) -> None:
    tpl = Document()
    tpl.add_paragraph("{{ name.__class__.__mro__[1].__subclasses__() }}")
    tpl.save(str(tmp_path / "t.docx"))
    spec = tmp_path / "spec.yaml"
    spec.write_text(GOOD + "\ntemplate: t.docx\n", encoding="utf-8")
    code, text = render(spec, tmp_path / "out")
    assert code != 0 and "Traceback" not in text


def test_an_output_folder_that_is_a_file(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "out"
    not_a_folder.write_text("a note", encoding="utf-8")
    code, text = render(EXAMPLES / "sa-thay-2025.yaml", not_a_folder)
    assert code == 2 and "is a file" in text and ".tmp" not in text
    assert not_a_folder.read_text(encoding="utf-8") == "a note"
