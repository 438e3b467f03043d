"""docgen speaks Vietnamese by default, English on request, through babel-built catalogs.

The coverage test extracts the texts of the source as `make messages` does and fails on any
that the Vietnamese catalog lacks, leaves fuzzy (changed since it was translated), or
translates with other placeholders than its English msgid has.
"""

from __future__ import annotations

import gettext
import json
import re
import string
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from click.testing import CliRunner

from docgen import i18n
from docgen.cli import main

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "docgen" / "locale" / "vi" / "LC_MESSAGES" / "docgen.po"
MO = PO.with_suffix(".mo")
#: the variables that choose a language, cleared for the tests of the default
LANG_VARS = i18n.ENV_VARS


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The texts of the source, extracted with the Makefile's `pybabel extract`."""
    pot = tmp_path_factory.mktemp("pot") / "docgen.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "lazy"]
        + ["-o", str(pot), str(ROOT / "docgen")]
    )
    with pot.open("rb") as fh:
        return read_po(fh)


@pytest.fixture(scope="module")
def vietnamese() -> Catalog:
    with PO.open("rb") as fh:
        return read_po(fh)


def _singular(message: Message) -> str:
    return str(message.id[0] if isinstance(message.id, (tuple, list)) else message.id)


def _plural(message: Message) -> str:
    """The msgid whose placeholders a translation has: with one form in Vietnamese, that
    form must hold those of the plural (the code passes every placeholder of both)."""
    return str(message.id[-1] if isinstance(message.id, (tuple, list)) else message.id)


def _text(message: Message) -> str:
    text = message.string[0] if isinstance(message.string, (tuple, list)) else message.string
    return str(text or "")


def _fields(text: str) -> set[str]:
    """The placeholders of *text*: {name…} of str.format and %(name)s."""
    found = {f"%({m})" for m in re.findall(r"%\((\w+)\)", text)}
    try:
        found |= {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        pass
    return found


def test_every_message_has_a_vietnamese_translation(
    extracted: Catalog, vietnamese: Catalog
) -> None:
    ids = [_singular(m) for m in extracted if m.id]
    assert len(ids) > 50, "the extraction found almost nothing: is babel.cfg right?"
    missing = [i for i in ids if vietnamese.get(i) is None or not _text(vietnamese[i])]
    fuzzy = [i for i in ids if vietnamese.get(i) is not None and vietnamese[i].fuzzy]
    report = "\n".join(f"  {i[:90]!r}" for i in (missing + fuzzy)[:40])
    assert not missing and not fuzzy, (
        f"{len(missing)} of {len(ids)} messages have no Vietnamese translation and "
        f"{len(fuzzy)} are fuzzy (run `make messages`, translate them in {PO.name}, using the "
        f"terms of docs/glossary.md):\n{report}"
    )


def test_translations_keep_the_placeholders(vietnamese: Catalog) -> None:
    bad = []
    for message in vietnamese:
        if not message.id or not _text(message):
            continue
        if _fields(_text(message)) != _fields(_plural(message)):
            bad.append(f"{_singular(message)[:70]!r}: {_fields(_text(message))}")
    assert not bad, "\n".join(bad)


def test_the_compiled_catalog_is_the_po(vietnamese: Catalog) -> None:
    """The shipped .mo (`make messages` / the Makefile's $(MO)) says what the .po says."""
    with MO.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = [
        _singular(m)
        for m in vietnamese
        if m.id and _text(m) and not m.fuzzy and compiled.gettext(_singular(m)) != _text(m)
    ]
    assert not stale, f"{MO} is older than {PO.name}: run `make messages` ({stale[:3]})"


def test_the_wheel_ships_the_compiled_catalogs() -> None:
    if sys.version_info < (3, 11):
        pytest.skip("tomllib is Python 3.11+")
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["docgen"]
    shipped = {p for pattern in patterns for p in (ROOT / "docgen").glob(pattern)}
    assert MO in shipped


@pytest.mark.parametrize(
    ("env", "language"),
    [
        ({}, "vi"),
        ({"LANG": "C.UTF-8"}, "vi"),
        ({"LANG": "fr_FR.UTF-8"}, "vi"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "vi_VN.UTF-8"}, "vi"),
        ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "vi_VN.UTF-8"}, "en"),
        ({"LANGUAGE": "fr:en", "LANG": "vi_VN.UTF-8"}, "en"),
        ({"DOCGEN_LANG": "vi", "LANG": "en_US.UTF-8"}, "vi"),
    ],
)
def test_the_language_comes_from_the_environment(env: dict[str, str], language: str) -> None:
    assert i18n.language_from_env(env) == language


def _run(args: list[str], **env: str) -> tuple[int, str]:
    """docgen *args* through click, with only *env* of the variables that choose a language."""
    cleared: dict[str, str | None] = dict.fromkeys(LANG_VARS)
    result = CliRunner().invoke(main, args, env={**cleared, **env})
    return result.exit_code, result.output


def test_help_is_vietnamese_by_default() -> None:
    code, out = _run(["--help"])
    assert code == 0
    assert "Cách dùng:" in out and "Lệnh" in out
    assert "soạn văn bản hành chính" in out
    assert "Hiện hướng dẫn này rồi thoát." in out
    assert "Usage:" not in out and "Show this message" not in out


def test_help_of_a_command_is_vietnamese_by_default_and_english_on_request() -> None:
    code, out = _run(["render", "--help"])
    assert code == 0 and "Tạo văn bản OUT/<tên>.docx" in out
    code, out = _run(["--lang", "en", "render", "--help"])
    assert code == 0 and "Render each SPEC (.yaml) into OUT/<name>.docx." in out
    assert "Cách dùng" not in out
    # and back, in the same process (the help is translated each time it is shown)
    code, out = _run(["render", "--help"], LANG="vi_VN.UTF-8")
    assert "Tạo văn bản OUT/<tên>.docx" in out


def test_english_from_lang_and_lc_messages() -> None:
    for var in ("LANG", "LC_MESSAGES", "LANGUAGE", "DOCGEN_LANG"):
        code, out = _run(["catalog", "--help"], **{var: "en_US.UTF-8"})
        assert code == 0 and "Work with the YAML catalogs" in out, var


def test_a_usage_error_is_vietnamese_by_default() -> None:
    code, out = _run(["randr"])
    assert code == 2
    assert "Lỗi: Không có lệnh 'randr'." in out
    assert "Xem hướng dẫn: 'docgen --help'." in out or "Xem hướng dẫn:" in out


def test_an_unknown_language_is_refused_in_the_chosen_words() -> None:
    code, out = _run(["--lang", "fr", "--help"])
    assert code == 2
    assert "'fr' không phải ngôn ngữ của docgen: ghi vi hoặc en" in out


def test_what_a_command_prints_is_vietnamese_by_default() -> None:
    code, out = _run(["catalog", "check", str(ROOT / "catalogs")])
    assert code == 0, out
    assert out.startswith("danh mục hợp lệ: ") and " cơ quan, " in out
    code, out = _run(["--lang", "en", "catalog", "check", str(ROOT / "catalogs")])
    assert out.startswith("catalog OK: ")


def test_option_help_is_vietnamese_by_default() -> None:
    code, out = _run(["cascade", "--help"])
    assert code == 0
    out = " ".join(out.split())  # click wraps the help
    assert "Cấp thấp nhất cần soạn văn bản triển khai" in out
    assert "Thư mục danh mục (mặc định: $DOCGEN_CATALOG, nếu không có thì ./catalogs," in out
    assert "[mặc định: previous]" in out or "mặc định: previous" in out


def test_a_spec_error_is_vietnamese_by_default_and_english_on_request(tmp_path: Path) -> None:
    """The same mistake, told in the clerk's words, then in English (--lang en)."""
    spec = tmp_path / "cong-van.yaml"
    text = (ROOT / "examples" / "sa-thay-2025.yaml").read_text(encoding="utf-8")
    spec.write_text(text.replace("\nsigner:", "\nsignr:", 1), encoding="utf-8")
    line = text.split("\nsigner:")[0].count("\n") + 2
    code, out = _run(["render", str(spec), "-o", str(tmp_path / "out")])
    assert code == 1
    assert (
        f"lỗi: {spec}:{line}:1: khóa 'signr' không dùng được trong tệp khai báo văn bản — "
        "có phải ý bạn là 'signer'?"
    ) in out
    code, out = _run(["--lang", "en", "render", str(spec), "-o", str(tmp_path / "out")])
    assert code == 1
    assert (
        f"error: {spec}:{line}:1: unknown key 'signr' in document spec — did you mean 'signer'?"
    ) in out
    assert not (tmp_path / "out").exists()


def _dashed_tieu_ngu(tmp_path: Path, rendered: dict[str, Path]) -> Path:
    """A rendered công văn whose Tiêu ngữ is written with dashes (ND30-TN-TEXT)."""
    import zipfile

    bad = tmp_path / "gach-ngang.docx"
    with zipfile.ZipFile(rendered["sa-thay-2025"]) as src, zipfile.ZipFile(bad, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(
                    "Độc lập - Tự do - Hạnh phúc".encode(), "Độc lập – Tự do – Hạnh phúc".encode()
                )
            out.writestr(item, data)
    return bad


def test_check_findings_are_vietnamese_by_default(
    tmp_path: Path, rendered: dict[str, Path]
) -> None:
    bad = _dashed_tieu_ngu(tmp_path, rendered)
    code, out = _run(["check", str(bad)])
    assert code == 1
    assert (
        ": lỗi ND30-TN-TEXT: Tiêu ngữ dùng gạch nối (-) có một dấu cách mỗi bên, "
        "không dùng gạch ngang dài"
    ) in out
    assert "yêu cầu: Độc lập - Tự do - Hạnh phúc; thực tế: Độc lập – Tự do – Hạnh phúc" in out
    assert f"{bad}: 1 lỗi, 0 cảnh báo" in out

    code, out = _run(["check", "--format", "json", str(bad)])
    finding = json.loads(out)["files"][0]["findings"][0]
    assert finding["rule"] == "ND30-TN-TEXT" and finding["severity"] == "error"
    assert finding["message"].startswith("Tiêu ngữ dùng gạch nối")
    assert finding["location"] == "khối đầu văn bản, dòng 1, ô 2, đoạn 2"

    code, out = _run(["--lang", "en", "check", "--format", "json", str(bad)])
    finding = json.loads(out)["files"][0]["findings"][0]
    assert finding["message"] == "the Tiêu ngữ uses hyphens (-) with a space each side, not dashes"
    assert finding["location"] == "header block, row 1, cell 2, paragraph 2"


def test_the_rules_listing_is_vietnamese_by_default() -> None:
    code, out = _run(["check", "--rules"])
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("ND30-MARGIN-TOP "))
    assert "lỗi" in line and line.endswith("lề trên 20–25 mm")


def test_the_rollover_change_report_is_vietnamese_by_default(tmp_path: Path) -> None:
    new = tmp_path / "sa-thay-2026.yaml"
    code, out = _run(
        ["rollover", str(ROOT / "examples" / "sa-thay-2025.yaml"), "--to", "2026-2027"]
        + ["-o", str(new)]
    )
    assert code == 0, out
    assert out.startswith("# Chuyển năm học 2025-2026 → 2026-2027\n")
    assert "## Cần người xem xét (" in out and "## Đã thay đổi (" in out
    assert "- năm học: 2025-2026 → 2026-2027 (" in out
    assert "danh mục chưa có ngày của năm học 2026-2027" in out
    saved = new.with_name("sa-thay-2026.changes.md").read_text(encoding="utf-8")
    assert saved.startswith("# Chuyển năm học 2025-2026 → 2026-2027\n")
    # English on request, the same report
    code, out = _run(
        ["--lang", "en", "rollover", str(ROOT / "examples" / "sa-thay-2025.yaml")]
        + ["--to", "2026-2027", "-o", str(tmp_path / "en.yaml")]
    )
    assert out.startswith("# Rollover 2025-2026 → 2026-2027\n")
    assert "- school year: 2025-2026 → 2026-2027 (" in out


def test_cascade_notes_are_vietnamese_by_default(tmp_path: Path) -> None:
    code, out = _run(
        ["cascade", str(ROOT / "examples" / "so-quang-ngai-1491.yaml"), "--down-to", "xa"]
        + ["-o", str(tmp_path / "out"), "--quiet"]
    )
    assert code == 0, out
    notes = [line for line in out.splitlines() if line.startswith("lưu ý: ")]
    assert notes and all("note:" not in line for line in out.splitlines())
    assert any("thời hạn" in line for line in notes)


def test_lazy_texts_and_plurals_follow_the_language() -> None:
    text = i18n.lazy("Show this message and exit.")
    i18n.set_language("en")
    assert str(text) == "Show this message and exit."
    i18n.set_language("vi_VN.UTF-8")
    assert i18n.current_language() == "vi"
    assert str(text) == "Hiện hướng dẫn này rồi thoát."
    one = i18n.ngettext("{count} problem found", "{count} problems found", 1)
    many = i18n.ngettext("{count} problem found", "{count} problems found", 3)
    assert one.format(count=1) == "có 1 lỗi" and many.format(count=3) == "có 3 lỗi"
    i18n.set_language("en")
    assert i18n.ngettext("{count} problem found", "{count} problems found", 3) == (
        "{count} problems found"
    )
    with pytest.raises(ValueError):
        i18n.set_language("fr")
