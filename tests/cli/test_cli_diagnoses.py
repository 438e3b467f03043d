"""The common mistakes of a clerk writing a spec, each through the CLI: the message names the
file and line, says what is wrong in the clerk's words and what to do; no traceback, no file
written (issue 13's table)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CATALOGS, EXAMPLES
from docx import Document

from docgen.cli import main

GOOD = (EXAMPLES / "sa-thay-2025.yaml").read_text(encoding="utf-8")


def render(tmp_path: Path, text: str | bytes, out: Path | None = None) -> tuple[int, str, Path]:
    spec = tmp_path / "spec.yaml"
    if isinstance(text, bytes):
        spec.write_bytes(text)
    else:
        spec.write_text(text, encoding="utf-8")
    out = out or tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["render", str(spec), "-o", str(out), "--catalog", str(CATALOGS)],
        catch_exceptions=False,
    )
    return result.exit_code, result.output, out


def line_of(text: str, needle: str) -> int:
    return next(n for n, row in enumerate(text.splitlines(), 1) if needle in row)


def assert_refused(code: int, output: str, out: Path) -> None:
    assert code != 0, output
    assert "Traceback" not in output and "internal error" not in output, output
    assert not out.exists() or not any(out.iterdir()), "a file was written"


def test_a_tab_in_the_yaml_is_named(tmp_path: Path) -> None:
    text = GOOD.replace("  - Phòng Văn hóa - Xã hội", "\t- Phòng Văn hóa - Xã hội")
    code, output, out = render(tmp_path, text)
    assert_refused(code, output, out)
    assert f"spec.yaml:{line_of(text, 'Phòng Văn hóa - Xã hội')}:" in output
    assert "tab" in output and "spaces" in output


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_file_is_told_to_be_saved_as_utf8(tmp_path: Path, encoding: str) -> None:
    code, output, out = render(tmp_path, GOOD.encode(encoding))
    assert_refused(code, output, out)
    assert "spec.yaml" in output and "UTF-16" in output and "UTF-8" in output
    assert "binary" not in output


def test_a_text_with_colon_space_is_told_to_be_quoted(tmp_path: Path) -> None:
    text = GOOD.replace("  - Chủ tịch, các PCT UBND xã", "  - Lưu ý: gửi bản giấy")
    code, output, out = render(tmp_path, text)
    assert_refused(code, output, out)
    assert f"spec.yaml:{line_of(text, 'Lưu ý')}:" in output
    assert '"Lưu ý: gửi bản giấy"' in output and "quotes" in output
    assert "unknown key" not in output


def test_a_unit_with_a_space_is_refused_at_its_line(tmp_path: Path) -> None:
    text = GOOD.replace("unit: VHXH ", "unit: VH XH")
    code, output, out = render(tmp_path, text)
    assert_refused(code, output, out)
    assert f"spec.yaml:{line_of(text, 'unit: VH XH')}:" in output
    assert "'VHXH'" in output


def test_a_day_that_does_not_exist_is_named(tmp_path: Path) -> None:
    text = GOOD.replace("year: 2025 ", "date: 31/02/2025\nyear: 2025 ")
    code, output, out = render(tmp_path, text)
    assert_refused(code, output, out)
    assert f"spec.yaml:{line_of(text, 'date: 31/02/2025')}:" in output
    assert "28 days" in output


def test_a_slashed_date_is_read_day_first(tmp_path: Path) -> None:
    text = GOOD.replace("year: 2025 ", "date: 09/10/2025\nyear: 2025 ")
    code, output, out = render(tmp_path, text)
    assert code == 0, output
    texts = [p.text for p in Document(str(out / "sa-thay-2025.docx")).paragraphs]
    tables = Document(str(out / "sa-thay-2025.docx")).tables
    cells = [c.text for t in tables for r in t.rows for c in r.cells]
    assert any("ngày 09 tháng 10 năm 2025" in t for t in texts + cells)


def _unwritable() -> bool:
    """True when /sys/fs refuses a new folder (even to root, on Linux)."""
    try:
        os.mkdir("/sys/fs/docgen-probe")
    except PermissionError:
        return True
    except OSError:
        return False
    os.rmdir("/sys/fs/docgen-probe")
    return False


@pytest.mark.skipif(
    not _unwritable(), reason="needs a folder nobody may write in (/sys/fs on Linux)"
)
def test_a_folder_that_cannot_be_written_is_named(tmp_path: Path) -> None:
    out = Path("/sys/fs/docgen-out")
    code, output, _ = render(tmp_path, GOOD, out)
    assert code != 0 and "Traceback" not in output
    assert "/sys/fs/docgen-out" in output and ".tmp" not in output
    assert "choose an output folder" in output
