"""Workbooks as Excel writes them (shared strings, rich text, formulas with cached values,
TRUE/FALSE, rows and cells without references, no <dimension>) give the figures of the same
row in CSV; the sheet read is the first worksheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from figure_files import SCHOOLS, write_csv, write_zip

from docgen.catalog.catalog import Catalog
from docgen.errors import DataError
from docgen.figures import load_data
from docgen.model.totals import DataSet

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _rels(*items: tuple[str, str, str]) -> bytes:
    body = "".join(
        f'<Relationship Id="{i}" Type="{REL}/{t}" Target="{target}"/>' for i, t, target in items
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">{body}'
        "</Relationships>".encode()
    )


def excel_parts(first_sheet: str = "worksheet") -> dict[str, bytes]:
    """th-thcs-kroong's row as Excel would save it."""
    strings = [
        "<si><r><t>Đơn </t></r><r><rPr><b/></rPr><t>vị</t></r></si>",  # rich text: "Đơn vị"
        '<si><t>th-thcs-kroong</t><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>',
        "<si><t>Zoom; K12Online</t></si>",
        "<si><t>K12Online</t></si>",
    ]
    row = SCHOOLS["th-thcs-kroong"]
    names = [
        "gv",
        "gv_may_tinh",
        "gv_internet",
        "hs",
        "hs_may_tinh",
        "hs_internet",
        "hs_nen_tang",
        "tiet",
        "tiet_truc_tuyen",
        "nguoi_hoc",
        "nguoi_hoc_ho_so",
        "nha_giao",
        "nha_giao_ho_so",
        "quan_tri",
        "csvc_ho_so",
        "chu_ky_so",
        "nen_tang",
        "nen_tang_trong_nuoc",
    ]
    header = '<c r="A1" t="s"><v>0</v></c>' + "".join(
        f'<c t="inlineStr"><is><t>{n}</t></is></c>' for n in names
    )  # no r: they follow A1
    cells = [
        '<c r="A2" t="s"><v>1</v></c>',
        f'<c r="B2"><v>{row["gv"]}</v></c>',
        '<c r="C2"><f>B2</f><v>55</v></c>',  # a formula: its cached value is read
        '<c r="D2" s="1"><v>55</v></c>',
        '<c r="E2"><v>7.6E2</v></c>',  # 760 in Excel's own notation
        f'<c r="F2"><v>{row["hs_may_tinh"]}</v></c>',
        f'<c r="G2"><v>{row["hs_internet"]}</v></c>',
        f'<c r="H2"><v>{row["hs_nen_tang"]}</v></c>',
        f'<c r="I2"><v>{row["tiet"]}</v></c>',
        f'<c r="J2"><v>{row["tiet_truc_tuyen"]}</v></c>',
        f'<c r="K2"><v>{row["nguoi_hoc"]}</v></c>',
        f'<c r="L2"><v>{row["nguoi_hoc_ho_so"]}</v></c>',
        f'<c r="M2"><v>{row["nha_giao"]}</v></c>',
        f'<c r="N2"><v>{row["nha_giao_ho_so"]}</v></c>',
        '<c r="O2" t="b"><v>1</v></c>',
        '<c r="P2" t="str"><f>"có"</f><v>có</v></c>',
        '<c r="Q2" t="inlineStr"><is><t>x</t></is></c>',
        '<c r="R2" t="s"><v>2</v></c>',
        '<c r="S2" t="s"><v>3</v></c>',
        '<c r="T2" s="3"/>',
    ]  # styled, empty
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetPr/><sheetData>'
        f'<row>{header}</row><row spans="1:20">{"".join(cells)}</row>'
        '<row r="9" s="2" customFormat="1"/></sheetData></worksheet>'
    )
    sst = f'<sst xmlns="{MAIN}" count="5" uniqueCount="4">' + "".join(strings) + "</sst>"
    sheets = '<sheet name="Số liệu" sheetId="1" r:id="rId1"/>'
    rels = [
        ("rId1", "worksheet", "worksheets/sheet1.xml"),
        ("rId2", "sharedStrings", "sharedStrings.xml"),
    ]
    if first_sheet == "chartsheet":
        sheets = '<sheet name="Biểu đồ" sheetId="2" r:id="rId3"/>' + sheets
        rels.append(("rId3", "chartsheet", "chartsheets/sheet1.xml"))
    book = f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{sheets}</sheets></workbook>'
    return {
        "[Content_Types].xml": b"<Types/>",
        "_rels/.rels": _rels(("rId1", "officeDocument", "xl/workbook.xml")),
        "xl/workbook.xml": book.encode(),
        "xl/_rels/workbook.xml.rels": _rels(*rels),
        "xl/worksheets/sheet1.xml": sheet.encode(),
        "xl/sharedStrings.xml": sst.encode(),
    }


def load(catalog: Catalog, path: Path) -> DataSet:
    return load_data(
        path, catalog, catalog.org("ubnd-xa-ngok-bay"), catalog.figures.values(), year=2025
    )


@pytest.mark.parametrize("first_sheet", ["worksheet", "chartsheet"])
def test_an_excel_workbook_gives_the_figures_of_the_same_row(
    catalog: Catalog, tmp_path: Path, first_sheet: str
) -> None:
    excel = load(catalog, write_zip(tmp_path / "kroong.xlsx", excel_parts(first_sheet)))
    row = dict(SCHOOLS["th-thcs-kroong"], quan_tri="có", csvc_ho_so="có", chu_ky_so="x")
    plain = load(catalog, write_csv(tmp_path / "kroong.csv", "th-thcs-kroong", row))
    assert [u.org.id for u in excel.units] == ["th-thcs-kroong"]
    assert excel.units[0].tallies == plain.units[0].tallies
    assert excel.units[0].tallies["nen-tang"].names == ("Zoom", "K12Online")
    assert excel.units[0].tallies["hs-may-tinh"].den == 760


def test_a_cell_naming_a_shared_string_that_is_not_there(catalog: Catalog, tmp_path: Path) -> None:
    parts = excel_parts()
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b'<c r="R2" t="s"><v>2</v></c>', b'<c r="R2" t="s"><v>99</v></c>'
    )
    path = write_zip(tmp_path / "kroong.xlsx", parts)
    with pytest.raises(DataError) as info:
        load(catalog, path)
    assert str(info.value) == (
        f"{path}: cannot read the spreadsheet: cell R2 of xl/worksheets/sheet1.xml names a "
        "shared string the workbook does not have — open it in Excel or LibreOffice and save "
        "it again as .xlsx"
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (b'<c r="B2">', b'<c r="B7">', "cell 'B7' of xl/worksheets/sheet1.xml is not in row 2"),
        (b'<c r="C2">', b'<c r="A2">', "cell 'A2' of xl/worksheets/sheet1.xml is out of place"),
        (b'<row r="9"', b'<row r="1"', "row '1' of xl/worksheets/sheet1.xml is out of place"),
        (b'<row r="9"', b'<row r="99999999"', "row '99999999' of xl/worksheets/sheet1.xml"),
        (b'<c r="T2" s="3"/>', b'<c r="GS2"><v>1</v></c>', "cell GS2 is past column 200"),
    ],
)
def test_damaged_references_are_refused(
    catalog: Catalog, tmp_path: Path, old: bytes, new: bytes, message: str
) -> None:
    parts = excel_parts()
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert old in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(old, new)
    with pytest.raises(DataError) as info:
        load(catalog, write_zip(tmp_path / "kroong.xlsx", parts))
    assert message in str(info.value) and " — " in str(info.value)
