"""Hostile figure files through the real command line (`docgen aggregate`): every one is
refused with `file:line: what — what to do` (or the file and the workbook part), exit != 0,
no traceback, within a time limit and an address-space limit; a workbook whose <dimension>
is stale is read by its real rows.

Each case is one data folder: the eight schools of the Ngọk Bay example, one of them
replaced by the hostile file.
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from conftest import CATALOGS
from figure_files import (
    SCHOOLS,
    Member,
    data_folder,
    workbook_parts,
    write_csv,
    write_xlsx,
    write_yaml,
    write_zip,
)

UNIT = "ubnd-xa-ngok-bay"
#: address space of the docgen process: a normal run needs well under 200 MiB
ADDRESS_SPACE = 512 * 1024 * 1024
#: seconds a run may take (a normal run takes about one on a busy machine)
TIMEOUT = 120
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def aggregate(folder: Path) -> tuple[int, str, str]:
    """`docgen aggregate FOLDER --unit ubnd-xa-ngok-bay` in its own bounded process."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "docgen.cli",
            "aggregate",
            str(folder),
            "--unit",
            UNIT,
            "--catalog",
            str(CATALOGS),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_limit,
        check=False,
    )
    return proc.returncode, proc.stdout, proc.stderr


def refused(folder: Path, where: str, message: str, lines: int = 1) -> str:
    """Run on *folder*: refused with *message* at *where*, in at most *lines* problems."""
    code, out, err = aggregate(folder)
    assert code != 0, out
    assert "Traceback" not in err and "Error:" not in err.replace("error:", ""), err
    problems = [line for line in err.splitlines() if line.startswith("error: ")]
    others = [line for line in err.splitlines() if not line.startswith("error: ")]
    assert all(re.fullmatch(r"\d+ problems; nothing was written\.", o) for o in others), err
    assert 1 <= len(problems) <= lines, err
    hit = [p for p in problems if p.startswith(f"error: {where}") and message in p]
    assert hit, err
    assert " — " in hit[0], hit[0]  # says what to do
    return err


def school_folder(tmp_path: Path, replaced: str = "th-thcs-kroong") -> Path:
    """The eight schools as CSV files, without *replaced*'s file (the case plants its own)."""
    folder = data_folder(tmp_path / "d", "csv")
    (folder / f"{replaced}.csv").unlink()
    return folder


def kroong(**changes: object) -> dict[str, object]:
    return {**SCHOOLS["th-thcs-kroong"], **changes}


# -- workbooks built part by part ---------------------------------------------------------------
def sheet_with(parts: dict[str, bytes], change: Callable[[bytes], bytes]) -> dict[str, bytes]:
    name = "xl/worksheets/sheet1.xml"
    return {**parts, name: change(parts[name])}


# -- digits and numbers ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fmt", "value", "where", "message"),
    [
        (
            "csv",
            "①",
            "th-thcs-kroong.csv:2: ",
            "column 'gv' must be written with the digits 0-9, found '①'",
        ),
        (
            "xlsx",
            "9²",
            "th-thcs-kroong.xlsx:2: ",
            "cell B2 ('gv') must be written with the digits 0-9, found '9²'",
        ),
        (
            "yaml",
            "٣٦",
            "th-thcs-kroong.yaml:2:",
            "'gv' must be written with the digits 0-9, found '٣٦'",
        ),
        ("csv", "５５", "th-thcs-kroong.csv:2: ", "must be written with the digits 0-9"),
        (
            "csv",
            "9" * 400,
            "th-thcs-kroong.csv:2: ",
            "column 'gv' is a number of 400 digits, more than any count can be (1.000.000.000)",
        ),
        (
            "xlsx",
            1e308,
            "th-thcs-kroong.xlsx:2: ",
            "cell B2 ('gv') is a number of 309 digits, more than any count can be",
        ),
        (
            "csv",
            "1e308",
            "th-thcs-kroong.csv:2: ",
            "column 'gv' must be a whole number, found '1e308'",
        ),
        (
            "xlsx",
            2_000_000_000,
            "th-thcs-kroong.xlsx:2: ",
            "is 2.000.000.000, more than any count can be",
        ),
    ],
)
def test_counts_are_plain_digits_in_a_sane_range(
    tmp_path: Path, fmt: str, value: object, where: str, message: str
) -> None:
    folder = school_folder(tmp_path)
    writer = {"csv": write_csv, "xlsx": write_xlsx, "yaml": write_yaml}[fmt]
    writer(folder / f"th-thcs-kroong.{fmt}", "th-thcs-kroong", kroong(gv=value))
    refused(folder, str(folder / where), message)


# -- long values, many rows, duplicates ----------------------------------------------------------
def test_a_value_past_the_csv_field_limit(tmp_path: Path) -> None:
    folder = school_folder(tmp_path)
    write_csv(folder / "th-thcs-kroong.csv", "th-thcs-kroong", kroong(nen_tang="K" * 140_000))
    refused(
        folder,
        f"{folder / 'th-thcs-kroong.csv'}:2: ",
        "a value is more than 131.072 characters long",
    )


def test_a_long_value_below_the_csv_limit(tmp_path: Path) -> None:
    folder = school_folder(tmp_path)
    write_csv(folder / "th-thcs-kroong.csv", "th-thcs-kroong", kroong(nen_tang="K" * 50_000))
    refused(
        folder,
        f"{folder / 'th-thcs-kroong.csv'}:2: ",
        "column 'nen_tang' is 50.000 characters long; a value has at most 10.000",
    )


def test_a_column_named_twice_is_an_error(tmp_path: Path) -> None:
    folder = school_folder(tmp_path)
    path = folder / "th-thcs-kroong.csv"
    write_csv(path, "th-thcs-kroong", kroong())
    lines = path.read_text("utf-8").splitlines()
    path.write_text(f"{lines[0]},GV\n{lines[1]},0\n", encoding="utf-8")
    refused(
        folder, f"{path}:1: ", "columns 'gv' and 'GV' are the same column (column 2 and column 20)"
    )


def test_a_spreadsheet_column_named_twice_is_an_error(tmp_path: Path) -> None:
    folder = school_folder(tmp_path)
    row = kroong()
    parts = workbook_parts(row)
    write_zip(
        folder / "th-thcs-kroong.xlsx",
        sheet_with(parts, lambda xml: xml.replace(b"<is><t>hs</t></is>", b"<is><t>gv</t></is>")),
    )
    refused(
        folder,
        f"{folder / 'th-thcs-kroong.xlsx'}:1: ",
        "column 'gv' appears twice (cell B1 and cell E1)",
    )


def repeated_rows(folder: Path, times: int) -> Path:
    """th-thcs-kroong's CSV with its row *times* over."""
    path = write_csv(folder / "th-thcs-kroong.csv", "th-thcs-kroong", kroong())
    header, row = path.read_text("utf-8").splitlines()
    path.write_text("\n".join([header] + [row] * times) + "\n", encoding="utf-8")
    return path


def test_a_hundred_thousand_duplicate_rows_are_refused(tmp_path: Path) -> None:
    folder = school_folder(tmp_path)
    path = repeated_rows(folder, 100_000)
    refused(
        folder,
        f"{path}: ",
        "the file is 10.100.203 bytes, more than the 8.388.608-byte limit for figure files",
    )


def test_a_hundred_thousand_short_rows_stop_at_the_row_cap(tmp_path: Path) -> None:
    folder = school_folder(tmp_path)
    path = folder / "th-thcs-kroong.csv"
    path.write_text("don_vi,gv\n" + "th-thcs-kroong,1\n" * 100_000, encoding="utf-8")
    # the cap is the source's: the five files sorted before this one gave a row each
    refused(
        folder, f"{path}:{10_001 - 5 + 1}: ", "more than 10.000 rows of figures in this data source"
    )


def test_thousands_of_problems_are_listed_twenty_then_counted(tmp_path: Path) -> None:
    folder = school_folder(tmp_path)
    path = repeated_rows(folder, 5_000)
    err = refused(folder, f"{path}:3: ", "'th-thcs-kroong' is reported twice", lines=21)
    assert "error: … and 4979 more — fix the ones above and run again" in err, err
    assert err.rstrip().endswith("4999 problems; nothing was written."), err


def test_a_yaml_alias_bomb_is_refused(tmp_path: Path) -> None:
    folder = school_folder(tmp_path)
    lines = ["don_vi: th-thcs-kroong", "a0: &a0 [K12Online, OLM.vn]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 40)]
    lines += [f"{k}: {v}" for k, v in kroong().items() if k != "nen_tang"]
    lines.append("nen_tang: *a39")
    path = folder / "th-thcs-kroong.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # refused when read: its aliases expand past DOCGEN_MAX_YAML at line 14 (catalog/yamlio.py)
    refused(folder, f"{path}:14:", "(limit DOCGEN_MAX_YAML)", lines=40)


def test_a_device_named_like_a_figure_file(tmp_path: Path) -> None:
    folder = school_folder(tmp_path)
    (folder / "th-thcs-kroong.csv").symlink_to("/dev/zero")
    refused(folder, f"{folder / 'th-thcs-kroong.csv'}: ", "not a regular file")


# -- workbooks ---------------------------------------------------------------------------------
XXE = b'<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'


def _xxe(xml: bytes) -> bytes:
    return XXE + xml.replace(b"<is><t>th-thcs-kroong</t></is>", b"<is><t>&e;</t></is>")


def _sheet_bomb(parts: dict[str, bytes]) -> dict[str, bytes | Member]:
    """The sheet, then a gigabyte of whitespace before its end."""
    xml = parts["xl/worksheets/sheet1.xml"]
    head, tail = xml.split(b"</sheetData>")
    return {
        **parts,
        "xl/worksheets/sheet1.xml": Member(head, b" " * (1 << 20), 1024, b"</sheetData>" + tail),
    }


def _strings_bomb(parts: dict[str, bytes]) -> dict[str, bytes | Member]:
    """A shared strings table of 1.6 GB (the first string is the unit's id)."""
    rels = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    sheet = parts["xl/worksheets/sheet1.xml"].replace(
        b'<c r="A2" t="inlineStr"><is><t>th-thcs-kroong</t></is></c>',
        b'<c r="A2" t="s"><v>0</v></c>',
    )
    strings = Member(
        f'<sst xmlns="{MAIN}"><si><t>th-thcs-kroong</t></si>'.encode(),
        (b"<si><t>" + b"x" * 1000 + b"</t></si>") * 1000,
        1600,
        b"</sst>",
    )
    return {
        **parts,
        "xl/_rels/workbook.xml.rels": rels,
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": strings,
    }


def _no_sheet(parts: dict[str, bytes]) -> dict[str, bytes]:
    book = parts["xl/workbook.xml"]
    return {**parts, "xl/workbook.xml": re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", book)}


def _entries(parts: dict[str, bytes]) -> dict[str, bytes]:
    return {**parts, **{f"xl/media/pad{i}.bin": b"" for i in range(2000)}}


def _lying_size(parts: dict[str, bytes]) -> dict[str, bytes | Member]:
    """The sheet's directory entry says 200 bytes; it inflates to far more."""
    member = Member(parts["xl/worksheets/sheet1.xml"], b" " * 4096, 1000)
    member.size = 200
    return {**parts, "xl/worksheets/sheet1.xml": member}


PACKAGES: list[tuple[str, Callable[[dict[str, bytes]], Mapping[str, bytes | Member]], str]] = [
    (
        "xxe",
        lambda p: sheet_with(p, _xxe),
        "part xl/worksheets/sheet1.xml of the workbook declares a DOCTYPE or entities",
    ),
    (
        "workbook-xml",
        lambda p: {**p, "xl/workbook.xml": p["xl/workbook.xml"][:-20]},
        "cannot read the spreadsheet: part xl/workbook.xml is not well-formed XML (line ",
    ),
    (
        "sheet-xml",
        lambda p: sheet_with(p, lambda x: x.replace(b"</row>", b"</rwo>", 1)),
        "cannot read the spreadsheet: part xl/worksheets/sheet1.xml is not well-formed XML",
    ),
    ("no-sheet", _no_sheet, "the workbook has no sheet — put the figures on the first sheet"),
    (
        "strings-bomb",
        _strings_bomb,
        "part xl/sharedStrings.xml of the workbook, uncompressed, "
        "is 1.625.600.107 bytes, more than the 16.777.216-byte limit",
    ),
    (
        "sheet-bomb",
        _sheet_bomb,
        "part xl/worksheets/sheet1.xml of the workbook, uncompressed, "
        "is 1.073.744.047 bytes, more than the 16.777.216-byte limit",
    ),
    ("entries", _entries, "its package has 2.009 entries, more than the 1.000"),
    ("lying-size", _lying_size, "cannot read the spreadsheet: part xl/worksheets/sheet1.xml"),
    (
        "no-workbook",
        lambda p: {k: v for k, v in p.items() if k != "xl/workbook.xml"},
        "cannot read the spreadsheet: the package has no part xl/workbook.xml",
    ),
]


@pytest.mark.parametrize(("case", "build", "message"), PACKAGES, ids=[c[0] for c in PACKAGES])
def test_hostile_workbooks_are_refused(
    tmp_path: Path,
    case: str,
    build: Callable[[dict[str, bytes]], dict[str, bytes | Member]],
    message: str,
) -> None:
    folder = school_folder(tmp_path)
    path = write_zip(folder / "th-thcs-kroong.xlsx", build(workbook_parts(kroong())))
    assert path.stat().st_size < 8 * 1024 * 1024  # the bombs are small on disk
    code, out, err = aggregate(folder)
    assert code != 0 and "Traceback" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: "), err
    assert message in lines[0], err
    assert " — " in lines[0] and "root:" not in err  # says what to do; nothing of /etc/passwd


def test_an_old_excel_file_named_xlsx(tmp_path: Path) -> None:
    folder = school_folder(tmp_path)
    (folder / "th-thcs-kroong.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    refused(
        folder,
        f"{folder / 'th-thcs-kroong.xlsx'}: ",
        "an Excel 97-2003 (.xls) or password-protected workbook",
    )


def test_a_stale_dimension_does_not_hide_rows(tmp_path: Path) -> None:
    """Two schools in one workbook whose <dimension> claims one row: both are read."""
    folder = data_folder(tmp_path / "d", "csv")
    (folder / "th-thcs-kroong.csv").unlink()
    (folder / "mn-kroong.csv").unlink()
    parts = workbook_parts(kroong())
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    header, first = re.findall(r"<row .*?</row>", sheet)
    values = dict(SCHOOLS["mn-kroong"])
    second = re.sub(r'r="([A-Z]*)2"', r'r="\g<1>3"', first)
    for column, key in enumerate(["don_vi", *SCHOOLS["th-thcs-kroong"]], 1):
        letter = chr(64 + column) if column <= 26 else "A" + chr(64 + column - 26)
        value = "mn-kroong" if key == "don_vi" else values.get(key, "")
        shown = "; ".join(value) if isinstance(value, list) else value
        second = re.sub(
            rf'<c r="{letter}3"[^>]*>.*?</c>',
            f'<c r="{letter}3" t="inlineStr"><is><t>{shown}</t></is></c>',
            second,
        )
    assert 'ref="A1:S2"' in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        "</sheetData>", second + "</sheetData>"
    ).encode()
    write_zip(folder / "kroong.xlsx", parts)
    code, out, err = aggregate(folder)
    assert code == 0, err
    assert f"{UNIT}: Số liệu tổng hợp từ báo cáo của 08/08 đơn vị." in out, out
    assert "nguoi-hoc-ho-so: 4.860/4.860" in out  # mn-kroong's 401 children are in it


def test_a_folder_of_foreign_files_is_listed_twenty_then_counted(tmp_path: Path) -> None:
    folder = school_folder(tmp_path)
    for i in range(500):
        (folder / f"scan-{i:03d}.jpg").write_bytes(b"\xff\xd8")
    err = refused(folder, f"{folder / 'scan-000.jpg'}: ", "not a data file (.jpg)", lines=21)
    assert "error: … and 480 more" in err and "500 problems; nothing was written." in err


def test_a_dangling_link_named_like_a_figure_file(tmp_path: Path) -> None:
    folder = school_folder(tmp_path)
    (folder / "th-thcs-kroong.csv").symlink_to(tmp_path / "gone.csv")
    refused(folder, f"{folder / 'th-thcs-kroong.csv'}: ", "cannot be read (No such file")
