"""Issue 16, class 6 (and 7 for spreadsheets): figure files that `docgen aggregate` and a
báo cáo's `data:` read. One school's file of examples/data/ngok-bay is replaced by a
hostile one; the command must refuse it naming the file (and the row where a value is
wrong), in bounded time and memory, or — for the oddities marked so — read it cleanly."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_files import (
    MIB,
    deflated_repeat,
    flip_in_member,
    members,
    raw_zip,
    rezip,
    xlsx,
)
from hostile_support import EXAMPLES, Workspace, assert_no_crash, assert_refused

HEADER = [
    "don_vi",
    "ten_truong",
    "nguoi_hoc",
    "nguoi_hoc_ho_so",
    "nha_giao",
    "nha_giao_ho_so",
    "csvc_ho_so",
    "chu_ky_so",
]
ROW = ["mn-ngok-bay", "Trường MN Ngọk Bay", "450", "450", "12", "12", "có", "có"]
XROW = ["mn-kroong", "Trường MN Kroong", 401, 401, 11, 11, "có", "có"]


def _csv(rows: list[list[str]], sep: str = ",") -> bytes:
    return ("\n".join(sep.join(r) for r in rows) + "\n").encode("utf-8")


def _value(text: str, column: int = 2) -> bytes:
    row = list(ROW)
    row[column] = text
    return _csv([HEADER, row])


def _xvalue(value: object, column: int = 2) -> bytes:
    row: list[object] = list(XROW)
    row[column] = value
    return xlsx([list(HEADER), row])


def _sheet(change: Callable[[bytes], bytes], part: str = "xl/worksheets/sheet1.xml") -> bytes:
    parts = members(xlsx([list(HEADER), list(XROW)]))
    parts[part] = change(parts[part])
    return rezip(parts)


SST = "xl/sharedStrings.xml"
SST_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _shared_strings_parts(sst: bytes) -> dict[str, bytes]:
    """The parts of a one-row spreadsheet whose A2 (the unit) is shared string 0 of *sst*."""
    parts = members(xlsx([list(HEADER), list(XROW)]))
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + SST_TYPE + b'"/></Types>',
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdS" Type="'
        + SST_REL
        + b'" Target="sharedStrings.xml"/></Relationships>',
    )
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        b'<c r="A2" t="inlineStr"><is><t>mn-kroong</t></is></c>', b'<c r="A2" t="s"><v>0</v></c>'
    )
    parts[SST] = sst
    return parts


SST_HEAD = (
    b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _shared_strings(sst_body: bytes) -> bytes:
    return rezip(
        _shared_strings_parts(SST_HEAD + b"<si><t>mn-kroong</t></si>" + sst_body + b"</sst>")
    )


def _xlsx_bomb(honest: bool = True) -> bytes:
    import zlib

    listed = []
    for name, data in _shared_strings_parts(b"").items():
        if name == SST:
            continue
        co = zlib.compressobj(6, zlib.DEFLATED, -15)
        listed.append((name, co.compress(data) + co.flush(), 8, len(data), zlib.crc32(data)))
    item = b"<si><t>lol</t></si>"
    chunk = item * (MIB // len(item))
    data, size, crc = deflated_repeat(
        SST_HEAD + b"<si><t>mn-kroong</t></si>", chunk, 2560, b"</sst>"
    )
    listed.append((SST, data, 8, size if honest else 4096, crc))
    return raw_zip(listed)


def _shared_strings_bomb(honest: bool) -> bytes:
    return _xlsx_bomb(honest)


ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        b'<!ENTITY a%d "%s">' % (i, (b"&a%d;" % (i - 1) if i > 1 else b"&a;") * 10)
        for i in range(1, 9)
    )
    + b"]>"
)
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'


def _repeated_rows(count: int) -> bytes:
    """The one-school spreadsheet with its data row repeated *count* times (the sheet XML
    written directly: openpyxl takes half a minute for 100,000 rows)."""

    def change(xml: bytes) -> bytes:
        xml = xml.replace(
            b'<dimension ref="A1:H2"/>', f'<dimension ref="A1:H{count + 1}"/>'.encode()
        )
        start = xml.index(b'<row r="2"')
        end = xml.index(b"</row>", start) + len(b"</row>")
        row = xml[start:end].decode()
        rows = "".join(row.replace('2"', f'{n}"') for n in range(2, count + 2))
        return xml[:start] + rows.encode() + xml[end:]

    return _sheet(change)


def _undeclared(xml: bytes) -> bytes:
    """*xml* without its <?xml …?> declaration (to put a DOCTYPE after another one)."""
    return xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml


#: case: (file name in the data folder, its bytes, whether it must be refused, row to name)
Case = tuple[str, bytes, bool, int | None]
CSV = "mn-ngok-bay.csv"
XLSX = "mn-kroong.xlsx"
YAML = "th-thcs-kroong.yaml"
YAML_TEXT = (EXAMPLES / "data" / "ngok-bay" / YAML).read_text(encoding="utf-8")


def _cases() -> dict[str, Callable[[], Case]]:
    return {
        # CSV: odd digits and numbers
        "csv-arabic-digits": lambda: (CSV, _value("٤٥٠"), True, 2),
        "csv-fullwidth-digits": lambda: (CSV, _value("４５０"), True, 2),
        "csv-superscript-digits": lambda: (CSV, _value("⁴⁵⁰"), True, 2),
        "csv-underscore": lambda: (CSV, _value("4_50"), True, 2),
        "csv-exponent": lambda: (CSV, _value("4.5e2"), True, 2),
        "csv-nan": lambda: (CSV, _value("nan"), True, 2),
        "csv-infinity": lambda: (CSV, _value("inf"), True, 2),
        "csv-negative": lambda: (CSV, _value("-450"), True, 2),
        "csv-400-digits": lambda: (CSV, _value("9" * 400), True, 2),
        "csv-400-digits-grouped": lambda: (CSV, _value("9" + ".999" * 133), True, 2),
        "csv-5000-digits": lambda: (CSV, _value("9" * 5000), True, 2),
        "csv-400-digit-total": lambda: (CSV, _value("9" * 400, 4), True, 2),
        "csv-part-over-total": lambda: (CSV, _value("999", 3), False, None),
        "csv-plus": lambda: (CSV, _value("+450"), False, None),
        "csv-spaces": lambda: (CSV, _value(" 450 "), False, None),
        # CSV: size and shape
        "csv-huge-field": lambda: (CSV, _value("x" * (4 * MIB), 1), False, None),
        "csv-field-over-csv-limit": lambda: (CSV, _value("y" * 200_000, 1), False, None),
        "csv-over-size-cap": lambda: (CSV, _value("z" * (6 * MIB), 1), True, None),
        "csv-many-columns": lambda: (
            CSV,
            _csv([HEADER + [f"c{i}" for i in range(100_000)], ROW + ["1"] * 100_000]),
            False,
            None,
        ),
        "csv-duplicate-header": lambda: (
            CSV,
            _csv([HEADER + ["nguoi_hoc"], ROW + ["999"]]),
            True,
            1,
        ),
        "csv-duplicate-rows-100k": lambda: (CSV, _csv([HEADER] + [ROW] * 100_000), True, None),
        "csv-unknown-units-100k": lambda: (
            CSV,
            _csv([HEADER] + [[f"x{i}", *ROW[1:]] for i in range(100_000)]),
            True,
            None,
        ),
        "csv-nul": lambda: (CSV, _value("45\x000"), True, 2),
        "csv-latin1": lambda: (
            CSV,
            _csv([HEADER, ROW]).decode().encode("utf-8").replace("Ngọk".encode(), b"Ng\xf3k"),
            True,
            2,
        ),
        "csv-utf16": lambda: (CSV, _csv([HEADER, ROW]).decode().encode("utf-16"), True, None),
        "csv-unbalanced-quote": lambda: (CSV, _value('"450'), True, None),
        "csv-newline-in-quotes": lambda: (CSV, _value('"4\n50"'), False, None),
        "csv-short-row": lambda: (CSV, _csv([HEADER, ROW[:3]]), True, 2),
        "csv-long-row": lambda: (CSV, _csv([HEADER, ROW + ["1", "2"]]), False, None),
        "csv-header-only": lambda: (CSV, _csv([HEADER]), False, None),
        "csv-empty": lambda: (CSV, b"", False, None),
        "csv-formula": lambda: (CSV, _value("=1+1", 1), False, None),
        "csv-control-chars": lambda: (CSV, _value("a\x0b\x1bb", 1), False, None),
        "csv-lone-surrogate-escape": lambda: (CSV, _value("a\\ud800", 1), False, None),
        # XLSX
        "xlsx-not-a-zip": lambda: (XLSX, b"not a spreadsheet", True, None),
        "xlsx-ole": lambda: (XLSX, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096), True, None),
        "xlsx-truncated": lambda: (XLSX, xlsx([list(HEADER), list(XROW)])[:1500], True, None),
        "xlsx-corrupt-deflate": lambda: (
            XLSX,
            flip_in_member(xlsx([list(HEADER), list(XROW)]), "xl/worksheets/sheet1.xml"),
            True,
            None,
        ),
        "xlsx-xxe": lambda: (
            XLSX,
            _sheet(lambda x: XXE + _undeclared(x).replace(b"<v>401</v>", b"<v>&e;</v>", 1)),
            True,
            None,
        ),
        "xlsx-entities": lambda: (
            XLSX,
            _sheet(lambda x: ENTITY + _undeclared(x).replace(b"<v>401</v>", b"<v>&a8;</v>", 1)),
            True,
            None,
        ),
        "xlsx-malformed-sheet": lambda: (XLSX, _sheet(lambda x: x[: len(x) // 2]), True, None),
        "xlsx-shared-strings-ok": lambda: (XLSX, _shared_strings(b""), False, None),
        "xlsx-malformed-strings": lambda: (
            XLSX,
            rezip(_shared_strings_parts(b"<sst><si>")),
            True,
            None,
        ),
        "xlsx-shared-strings-entities": lambda: (
            XLSX,
            rezip(
                _shared_strings_parts(
                    ENTITY + _undeclared(SST_HEAD) + b"<si><t>&a8;</t></si></sst>"
                )
            ),
            True,
            None,
        ),
        "xlsx-malformed-workbook": lambda: (
            XLSX,
            _sheet(lambda x: b"<workbook", "xl/workbook.xml"),
            True,
            None,
        ),
        "xlsx-shared-strings-bomb": lambda: (XLSX, _shared_strings_bomb(True), True, None),
        "xlsx-shared-strings-bomb-lying": lambda: (XLSX, _shared_strings_bomb(False), True, None),
        "xlsx-stale-dimension": lambda: (
            XLSX,
            _sheet(
                lambda x: x.replace(
                    b'<dimension ref="A1:H2"/>', b'<dimension ref="A1:XFD1048576"/>'
                )
            ),
            False,
            None,
        ),
        "xlsx-far-cell": lambda: (
            XLSX,
            _sheet(
                lambda x: x.replace(
                    b"</sheetData>",
                    b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>',
                )
            ),
            False,
            None,
        ),
        "xlsx-duplicate-header": lambda: (
            XLSX,
            xlsx([HEADER + ["nguoi_hoc"], XROW + [999]]),
            True,
            1,
        ),
        "xlsx-duplicate-rows-50k": lambda: (XLSX, _repeated_rows(50_000), True, None),
        "xlsx-dimension-too-small": lambda: (
            XLSX,
            _sheet(lambda x: x.replace(b'<dimension ref="A1:H2"/>', b'<dimension ref="A1:H1"/>')),
            False,
            None,
        ),
        "xlsx-huge-float": lambda: (XLSX, _xvalue(1e308), True, 2),
        "xlsx-fraction": lambda: (XLSX, _xvalue(401.5), True, 2),
        "xlsx-negative": lambda: (XLSX, _xvalue(-401), True, 2),
        "xlsx-bool": lambda: (XLSX, _xvalue(True), True, 2),
        "xlsx-400-digit-text": lambda: (XLSX, _xvalue("9" * 400), True, 2),
        "xlsx-400-digit-number": lambda: (
            XLSX,
            _sheet(lambda x: x.replace(b"<v>401</v>", b"<v>" + b"9" * 400 + b"</v>", 1)),
            True,
            2,
        ),
        "xlsx-nan-number": lambda: (
            XLSX,
            _sheet(lambda x: x.replace(b"<v>401</v>", b"<v>NaN</v>", 1)),
            True,
            2,
        ),
        "xlsx-error-cell": lambda: (
            XLSX,
            _sheet(
                lambda x: x.replace(
                    b'<c r="C2" t="n"><v>401</v>', b'<c r="C2" t="e"><v>#DIV/0!</v>', 1
                )
            ),
            True,
            2,
        ),
        "xlsx-date-cell": lambda: (XLSX, _xvalue(__import__("datetime").date(2025, 1, 1)), True, 2),
        "xlsx-string-index-out-of-range": lambda: (
            XLSX,
            _sheet(
                lambda x: x.replace(
                    b'<c r="A2" t="inlineStr"><is><t>mn-kroong</t></is></c>',
                    b'<c r="A2" t="s"><v>99999</v></c>',
                    1,
                )
            ),
            True,
            None,
        ),
        # YAML
        "yaml-400-digits": lambda: (
            YAML,
            YAML_TEXT.replace("gv: 55", "gv: " + "9" * 400).encode(),
            True,
            None,
        ),
        "yaml-list-of-scalars": lambda: (YAML, b"- 1\n- 2\n", True, None),
        "yaml-scalar": lambda: (YAML, b"just text\n", True, None),
        "yaml-python-tag": lambda: (
            YAML,
            b"!!python/object/apply:os.system ['touch pwned']\n",
            True,
            None,
        ),
        "yaml-invalid": lambda: (YAML, b"don_vi: [th-thcs-kroong\n", True, None),
        "yaml-duplicate-keys": lambda: (YAML, (YAML_TEXT + "gv: 1\n").encode(), True, None),
        "yaml-deep-nesting": lambda: (
            YAML,
            b"don_vi: th-thcs-kroong\nnen_tang: " + b"[" * 5000 + b"]" * 5000 + b"\n",
            True,
            None,
        ),
        "yaml-aliases": lambda: (
            YAML,
            (YAML_TEXT.replace("nen_tang: [Zoom, K12Online]", "") + _BILLION).encode(),
            True,
            None,
        ),
        "yaml-over-size-cap": lambda: (
            YAML,
            (YAML_TEXT + "# " + "x" * (6 * MIB) + "\n").encode(),
            True,
            None,
        ),
    }


_BILLION = (
    "l0: &l0 [Zoom, Zoom, Zoom, Zoom, Zoom, Zoom, Zoom, Zoom, Zoom, Zoom]\n"
    + "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 9))
    + "nen_tang: *l8\n"
)
CASES = _cases()
#: cases that cost time or memory when mishandled: run in a process of their own
HEAVY = {
    "csv-huge-field",
    "csv-over-size-cap",
    "csv-many-columns",
    "csv-duplicate-rows-100k",
    "csv-unknown-units-100k",
    "xlsx-shared-strings-bomb",
    "xlsx-shared-strings-bomb-lying",
    "xlsx-stale-dimension",
    "xlsx-far-cell",
    "xlsx-duplicate-rows-50k",
    "xlsx-entities",
    "xlsx-shared-strings-entities",
    "yaml-deep-nesting",
    "yaml-aliases",
    "yaml-over-size-cap",
    "csv-5000-digits",
}


def _data_ws(tmp_path: Path, case: str) -> tuple[Workspace, str, bool, int | None]:
    name, content, refuse, row = CASES[case]()
    ws = Workspace(tmp_path)
    ws.write(f"data/ngok-bay/{name}", content)
    return ws, name, refuse, row


@pytest.mark.parametrize("case", CASES, ids=CASES.keys())
def test_aggregate_over_hostile_figure_files(tmp_path: Path, case: str) -> None:
    ws, name, refuse, row = _data_ws(tmp_path, case)
    result = ws.run(
        "aggregate",
        "data/ngok-bay",
        "--unit",
        "ubnd-xa-ngok-bay",
        "-o",
        "out/ngok-bay.yaml",
        inprocess=case not in HEAVY,
    )
    assert not (ws.root / "pwned").exists()
    assert "root:" not in result.text
    if not refuse and result.code == 0:
        assert_no_crash(result, (0,))
        assert "08/08" in result.out, f"a unit's figures were dropped\n{result}"
        return
    assert_refused(result, name, line=rf"{name}:{row}\b" if row else None)
    assert not (ws.out / "ngok-bay.yaml").exists(), "written although refused"


REPORT_CASES = (
    "csv-400-digits",
    "csv-400-digit-total",
    "csv-duplicate-rows-100k",
    "xlsx-shared-strings-bomb",
    "yaml-aliases",
    "csv-arabic-digits",
)


@pytest.mark.parametrize("case", REPORT_CASES)
def test_a_report_over_hostile_figure_files(tmp_path: Path, case: str) -> None:
    ws, name, refuse, row = _data_ws(tmp_path, case)
    shutil.copy(EXAMPLES / "ngok-bay-2025.yaml", ws.root / "report.yaml")
    result = ws.run("render", "report.yaml", "-o", "out")
    assert_refused(result, name, line=rf"{name}:{row}\b" if row else None)
    assert not ws.out.exists() or not any(ws.out.iterdir())
