"""Figure files: YAML, CSV and Excel give the same figures; every wrong value is reported as
`file:row: what — what to do`, all of them in one run."""

from __future__ import annotations

from pathlib import Path

import pytest
from figure_files import SCHOOLS, data_folder, write_csv, write_xlsx, write_yaml

from docgen.catalog.catalog import Catalog
from docgen.compose.report import coverage_text
from docgen.errors import DataError, DocgenError, ErrorList
from docgen.figures import add_up, load_data
from docgen.model.totals import DataSet


def load(catalog: Catalog, folder: Path, unit: str = "ubnd-xa-ngok-bay") -> DataSet:
    return load_data(folder, catalog, catalog.org(unit), catalog.figures.values(), year=2025)


def problems(exc: DocgenError) -> list[str]:
    return [str(e) for e in exc.errors] if isinstance(exc, ErrorList) else [str(exc)]


@pytest.mark.parametrize("fmt", ["yaml", "csv", "xlsx"])
def test_every_format_gives_the_seed_totals(catalog: Catalog, tmp_path: Path, fmt: str) -> None:
    data = load(catalog, data_folder(tmp_path / fmt, fmt))
    totals = add_up(data, catalog.figures.values()).tallies
    assert (totals["gv-may-tinh"].num, totals["gv-may-tinh"].den) == (261, 261)
    assert (totals["hs-may-tinh"].num, totals["hs-may-tinh"].den) == (868, 3629)
    assert (totals["hs-nen-tang"].num, totals["hs-nen-tang"].den) == (848, 3629)
    assert (totals["nguoi-hoc-ho-so"].num, totals["nguoi-hoc-ho-so"].den) == (4860, 4860)
    assert (totals["nha-giao-ho-so"].num, totals["nha-giao-ho-so"].den) == (294, 294)
    assert (totals["thcs-quan-tri"].num, totals["thcs-quan-tri"].den) == (3, 3)
    assert (totals["csvc-ho-so"].num, totals["csvc-ho-so"].den) == (8, 8)
    assert totals["nen-tang"].names == (
        "K12Online",
        "OLM.vn",
        "Google Classroom",
        "Zoom",
        "Team 365",
        "LMS",
    )
    assert [u.org.id for u in data.units] == list(SCHOOLS)  # catalog order, not file order


def test_formats_agree_figure_by_figure(catalog: Catalog, tmp_path: Path) -> None:
    results = [
        add_up(load(catalog, data_folder(tmp_path / f, f)), catalog.figures.values()).tallies
        for f in ("yaml", "csv", "xlsx")
    ]
    assert results[0] == results[1] == results[2]


def test_the_example_folder_mixes_formats(catalog: Catalog) -> None:
    from conftest import EXAMPLES

    folder = EXAMPLES / "data" / "ngok-bay"
    assert {p.suffix for p in folder.iterdir()} >= {".yaml", ".csv", ".xlsx"}
    totals = add_up(load(catalog, folder), catalog.figures.values()).tallies
    assert (totals["hs-may-tinh"].num, totals["hs-may-tinh"].den) == (868, 3629)


def test_semicolons_thousands_separators_and_names(catalog: Catalog, tmp_path: Path) -> None:
    row = dict(SCHOOLS["th-thcs-ngok-bay"], hs="952", nguoi_hoc="952")
    folder = data_folder(tmp_path / "d", "yaml", {})
    write_csv(folder / "a.csv", "Trường TH-THCS Ngọk Bay", row, delimiter=";")  # by its name
    big = dict(SCHOOLS["th-thcs-kroong"], hs="1.760", nguoi_hoc="1.760", nguoi_hoc_ho_so="1760")
    write_yaml(folder / "b.yaml", "th-thcs-kroong", big)
    data = load(catalog, folder)
    assert [u.org.id for u in data.units] == ["th-thcs-ngok-bay", "th-thcs-kroong"]
    assert data.units[1].tallies["hs-may-tinh"].den == 1760


def test_missing_units_are_named(catalog: Catalog, tmp_path: Path) -> None:
    schools = {k: v for k, v in SCHOOLS.items() if k not in ("mn-kroong", "th-cao-ba-quat")}
    data = load(catalog, data_folder(tmp_path / "d", "csv", schools))
    assert [o.id for o in data.missing] == ["th-cao-ba-quat", "mn-kroong"]
    text = coverage_text(add_up(data, []))
    assert text == (
        "Số liệu tổng hợp từ báo cáo của 06/08 đơn vị; chưa báo cáo: "
        "Trường TH Cao Bá Quát, Trường MN Kroong."
    )


def _plant(tmp_path: Path, fmt: str, unit: str, **columns: object) -> Path:
    schools = {k: dict(v) for k, v in SCHOOLS.items()}
    for key, value in columns.items():
        if value is None:
            schools[unit].pop(key)
        else:
            schools[unit][key] = value
    return data_folder(tmp_path / "d", fmt, schools)


@pytest.mark.parametrize(
    ("fmt", "unit", "columns", "where", "message"),
    [
        (
            "yaml",
            "th-thcs-kroong",
            {"hs_may_tinh": 900},
            "th-thcs-kroong.yaml:6:",
            "'hs_may_tinh' is 900, more than 'hs' (760) — a part cannot exceed its total",
        ),
        (
            "csv",
            "th-thcs-kroong",
            {"hs_may_tinh": 900},
            "th-thcs-kroong.csv:2:",
            "column 'hs_may_tinh' is 900, more than column 'hs' (760)",
        ),
        (
            "xlsx",
            "th-thcs-kroong",
            {"hs_may_tinh": 900},
            "th-thcs-kroong.xlsx:2:",
            "cell F2 ('hs_may_tinh') is 900, more than cell E2 ('hs') (760)",
        ),
        (
            "csv",
            "mn-kroong",
            {"nha_giao": -2},
            "mn-kroong.csv:2:",
            "column 'nha_giao' cannot be negative, found -2 — a count is 0 or more",
        ),
        (
            "yaml",
            "th-cao-ba-quat",
            {"gv": "bốn mươi"},
            "th-cao-ba-quat.yaml:2:",
            "'gv' must be a whole number, found 'bốn mươi' — write the count in digits",
        ),
        (
            "xlsx",
            "mn-ngok-bay",
            {"nguoi_hoc": 450.5},
            "mn-ngok-bay.xlsx:2:",
            "cell B2 ('nguoi_hoc') must be a whole number, found '450.5'",
        ),
        (
            "csv",
            "th-dang-tran-con",
            {"hs": ""},
            "th-dang-tran-con.csv:2:",
            "column 'hs' must be a whole number, found an empty cell",
        ),
        (
            "csv",
            "th-thcs-vinh-quang",
            {"tiet_truc_tuyen": None},
            "th-thcs-vinh-quang.csv:1:",
            "column 'tiet_truc_tuyen' is missing (needed for figure 'ty-trong-truc-tuyen')",
        ),
        (
            "xlsx",
            "mn-vinh-quang",
            {"csvc_ho_so": "chưa rõ"},
            "mn-vinh-quang.xlsx:2:",
            "must be có or không, found 'chưa rõ'",
        ),
    ],
)
def test_bad_values_point_at_file_and_row(
    catalog: Catalog,
    tmp_path: Path,
    fmt: str,
    unit: str,
    columns: dict[str, object],
    where: str,
    message: str,
) -> None:
    folder = _plant(tmp_path, fmt, unit, **columns)
    with pytest.raises(DataError) as info:
        load(catalog, folder)
    found = problems(info.value)
    assert len(found) == 1, found
    assert found[0].startswith(str(folder / where)) and message in found[0], found[0]


def test_a_school_twice(catalog: Catalog, tmp_path: Path) -> None:
    folder = data_folder(tmp_path / "d", "yaml")
    write_csv(folder / "again.csv", "th-thcs-kroong", SCHOOLS["th-thcs-kroong"])
    with pytest.raises(DataError) as info:
        load(catalog, folder)
    (text,) = problems(info.value)
    assert text.startswith(
        f"{folder / 'th-thcs-kroong.yaml'}:1:9: 'th-thcs-kroong' is reported "
        f"twice (first at {folder / 'again.csv'}:2)"
    )
    assert text.endswith("— keep one row per unit")


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("th-thcs-krong", "unknown unit 'th-thcs-krong' — did you mean 'th-thcs-kroong'?"),
        (
            "Trường Tiểu học Hòa Bình",
            "unknown unit 'Trường Tiểu học Hòa Bình' — add it to the "
            "catalog (catalogs/orgs) under 'ubnd-xa-ngok-bay'",
        ),
        ("mn-nhu-y", "'mn-nhu-y' is not a unit of Ủy ban nhân dân xã Ngọk Bay"),
    ],
)
def test_units_outside_the_catalog(
    catalog: Catalog, tmp_path: Path, unit: str, message: str
) -> None:
    folder = data_folder(tmp_path / "d", "yaml")
    write_csv(folder / "x.csv", unit, SCHOOLS["mn-kroong"])
    with pytest.raises(DataError) as info:
        load(catalog, folder)
    (text,) = problems(info.value)
    assert text.startswith(f"{folder / 'x.csv'}:2: ") and message in text, text


def test_unreadable_spreadsheet_and_foreign_files(catalog: Catalog, tmp_path: Path) -> None:
    folder = data_folder(tmp_path / "d", "yaml")
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "README.md").write_text("notes are ignored", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load(catalog, folder)
    assert problems(info.value) == [
        f"{folder / 'old.xls'}: not a data file (.xls) — give each unit's figures as .yaml, "
        ".csv or .xlsx (Excel: Save as .xlsx)"
    ]
    (folder / "old.xls").unlink()
    with pytest.raises(DataError) as info:
        load(catalog, folder)
    (text,) = problems(info.value)
    assert text.startswith(f"{folder / 'broken.xlsx'}: cannot read the spreadsheet")
    assert text.endswith("— open it in Excel or LibreOffice and save it again as .xlsx")


def test_all_problems_at_once(catalog: Catalog, tmp_path: Path) -> None:
    schools = {k: dict(v) for k, v in SCHOOLS.items()}
    schools["th-thcs-kroong"]["gv"] = "x"
    schools["mn-kroong"]["nha_giao_ho_so"] = 99
    folder = data_folder(tmp_path / "d", "xlsx", schools)
    write_xlsx(folder / "extra.xlsx", "nowhere", SCHOOLS["mn-kroong"])
    with pytest.raises(ErrorList) as info:
        load(catalog, folder)
    texts = problems(info.value)
    assert len(texts) == 3, texts  # 'gv' feeds two figures but is reported once
    assert any("unknown unit 'nowhere'" in t for t in texts)


def test_no_data_at_all(catalog: Catalog, tmp_path: Path) -> None:
    with pytest.raises(DataError, match="data file or folder not found"):
        load(catalog, tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match="holds no .yaml, .csv or .xlsx file"):
        load(catalog, tmp_path / "empty")
