"""The common mistakes of a clerk writing a spec, each through the CLI in both languages: the
message names the file and line, says what is wrong in the clerk's words and what to do; no
traceback, no file written (issue 13's table)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CATALOGS, EXAMPLES
from docx import Document

from docgen.cli import main

GOOD = (EXAMPLES / "sa-thay-2025.yaml").read_text(encoding="utf-8")


LANGS = ["vi", "en"]
#: per language, what the message of each mistake must say
SAYS = {
    "tab": {"vi": ["ký tự tab", "dấu cách"], "en": ["tab", "spaces"]},
    "utf16": {"vi": ["UTF-16", "lưu lại với mã UTF-8"], "en": ["UTF-16", "UTF-8"]},
    "quote": {"vi": ["dấu nháy"], "en": ["quotes"]},
    "unit": {"vi": ["dấu cách", "'VHXH'"], "en": ["space", "'VHXH'"]},
    "day": {"vi": ["chỉ có 28 ngày"], "en": ["28 days"]},
    "signer": {"vi": ["người ký", "vo-thi-kim-dung"], "en": ["signer", "vo-thi-kim-dung"]},
    "name": {"vi": ["'issuer.mention'", "issuer.name"], "en": ["'issuer.mention'", "issuer.name"]},
    "folder": {
        "vi": ["không có quyền ghi", "hãy chọn một thư mục"],
        "en": ["permission denied", "choose an output folder"],
    },
}


def render(
    tmp_path: Path, text: str | bytes, out: Path | None = None, lang: str = "en"
) -> tuple[int, str, Path]:
    spec = tmp_path / "spec.yaml"
    if isinstance(text, bytes):
        spec.write_bytes(text)
    else:
        spec.write_text(text, encoding="utf-8")
    out = out or tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["--lang", lang, "render", str(spec), "-o", str(out), "--catalog", str(CATALOGS)],
        catch_exceptions=False,
    )
    return result.exit_code, result.output, out


def line_of(text: str, needle: str) -> int:
    return next(n for n, row in enumerate(text.splitlines(), 1) if needle in row)


def assert_refused(code: int, output: str, out: Path) -> None:
    assert code != 0, output
    assert "Traceback" not in output and "internal error" not in output, output
    assert not out.exists() or not any(out.iterdir()), "a file was written"


def says(output: str, mistake: str, lang: str) -> None:
    for words in SAYS[mistake][lang]:
        assert words in output, (words, output)
    if lang == "vi":
        assert output.startswith("lỗi: "), output


@pytest.mark.parametrize("lang", LANGS)
def test_a_tab_in_the_yaml_is_named(tmp_path: Path, lang: str) -> None:
    text = GOOD.replace("  - Phòng Văn hóa - Xã hội", "\t- Phòng Văn hóa - Xã hội")
    code, output, out = render(tmp_path, text, lang=lang)
    assert_refused(code, output, out)
    assert f"spec.yaml:{line_of(text, 'Phòng Văn hóa - Xã hội')}:" in output
    says(output, "tab", lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_file_is_told_to_be_saved_as_utf8(tmp_path: Path, encoding: str, lang: str) -> None:
    code, output, out = render(tmp_path, GOOD.encode(encoding), lang=lang)
    assert_refused(code, output, out)
    assert "spec.yaml" in output and "binary" not in output and "nhị phân" not in output
    says(output, "utf16", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_text_with_colon_space_is_told_to_be_quoted(tmp_path: Path, lang: str) -> None:
    text = GOOD.replace("  - Chủ tịch, các PCT UBND xã", "  - Lưu ý: gửi bản giấy")
    code, output, out = render(tmp_path, text, lang=lang)
    assert_refused(code, output, out)
    assert f"spec.yaml:{line_of(text, 'Lưu ý')}:" in output
    assert '"Lưu ý: gửi bản giấy"' in output and "unknown key" not in output
    says(output, "quote", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_unit_with_a_space_is_refused_at_its_line(tmp_path: Path, lang: str) -> None:
    text = GOOD.replace("unit: VHXH ", "unit: VH XH")
    code, output, out = render(tmp_path, text, lang=lang)
    assert_refused(code, output, out)
    assert f"spec.yaml:{line_of(text, 'unit: VH XH')}:" in output
    says(output, "unit", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_day_that_does_not_exist_is_named(tmp_path: Path, lang: str) -> None:
    text = GOOD.replace("year: 2025 ", "date: 31/02/2025\nyear: 2025 ")
    code, output, out = render(tmp_path, text, lang=lang)
    assert_refused(code, output, out)
    assert f"spec.yaml:{line_of(text, 'date: 31/02/2025')}:" in output
    says(output, "day", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_no_signer_lists_the_signers_of_the_issuer(tmp_path: Path, lang: str) -> None:
    text = GOOD.replace("signer: vo-thi-kim-dung\n", "")
    code, output, out = render(tmp_path, text, lang=lang)
    assert_refused(code, output, out)
    assert "spec.yaml:" in output
    says(output, "signer", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_wrong_name_in_a_text_says_the_names_a_text_may_use(tmp_path: Path, lang: str) -> None:
    text = GOOD.replace("{{ issuer.mention }} đề nghị", "{{ issuer.mentoin }} đề nghị")
    code, output, out = render(tmp_path, text, lang=lang)
    assert_refused(code, output, out)
    assert f"spec.yaml:{line_of(text, 'mentoin')}:" in output
    assert "dict object" not in output and "has no attribute" not in output
    says(output, "name", lang)


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
@pytest.mark.parametrize("lang", LANGS)
def test_a_folder_that_cannot_be_written_is_named(tmp_path: Path, lang: str) -> None:
    out = Path("/sys/fs/docgen-out")
    code, output, _ = render(tmp_path, GOOD, out, lang=lang)
    assert code != 0 and "Traceback" not in output
    assert "/sys/fs/docgen-out" in output and ".tmp" not in output
    says(output, "folder", lang)
