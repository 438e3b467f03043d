"""Aggregation at every level through the command line: schools → xã → Sở; the same figures
in YAML, CSV or Excel give the same document; wrong data stops everything with `file:row`."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CATALOGS, EXAMPLES
from figure_files import SCHOOLS, data_folder, report_spec, write_csv

from docgen.cli import main

SO_SPEC = """\
name: quang-ngai-131
kind: bao_cao
issuer: sgddt-quang-ngai
signer: pgd-sgddt-qngai
year: 2025
subject: Tổng kết thực hiện {{ cite("131/QĐ-TTg", "long") }}
recipients: [Ủy ban nhân dân tỉnh Quảng Ngãi]
data: xa
body:
  - text: "{{ issuer.mention }} báo cáo kết quả như sau:"
  - table: qd131-thong-ke
  - text: "{{ issuer.mention }} báo cáo./."
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--catalog", str(CATALOGS)])
    return result.exit_code, result.output


def document_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml") + z.read("word/footnotes.xml")


def test_schools_to_xa_to_so(tmp_path: Path) -> None:
    xa_file = tmp_path / "xa" / "ngok-bay.yaml"
    code, out = run(
        "aggregate",
        str(EXAMPLES / "data" / "ngok-bay"),
        "--unit",
        "ubnd-xa-ngok-bay",
        "-o",
        str(xa_file),
    )
    assert code == 0, out
    assert "ubnd-xa-ngok-bay: Số liệu tổng hợp từ báo cáo của 08/08 đơn vị." in out
    assert "hs-may-tinh: 868/3.629, đạt tỉ lệ: 23,9%" in out
    assert "gv-may-tinh: 261/261  # Giáo viên có máy tính" in xa_file.read_text("utf-8")
    code, out = run("aggregate", str(tmp_path / "xa"), "--unit", "sgddt-quang-ngai")
    assert code == 0, out
    assert (
        "sgddt-quang-ngai: Số liệu tổng hợp từ báo cáo của 01/02 đơn vị; chưa báo cáo: "
        "UBND xã Sa Thầy."
    ) in out
    assert "hs-may-tinh: 868/3.629, đạt tỉ lệ: 23,9%" in out  # parts and totals, not rates
    assert "nen-tang: 06 (K12Online, OLM.vn, Google Classroom, Zoom, Team 365, LMS)" in out


def test_so_report_from_the_xa_files(tmp_path: Path) -> None:
    xa = tmp_path / "xa"
    code, out = run(
        "aggregate",
        str(EXAMPLES / "data" / "ngok-bay"),
        "--unit",
        "ubnd-xa-ngok-bay",
        "-o",
        str(xa / "ngok-bay.yaml"),
    )
    assert code == 0, out
    # a second xã whose schools were added up elsewhere: its figures, by id, in a CSV row
    figures = {
        "gv-may-tinh": "100/120",
        "gv-internet": "120/120",
        "hs-may-tinh": "500/1500",
        "hs-internet": "500/1500",
        "nen-tang": "VnEdu; K12Online",
        "nen-tang-trong-nuoc": "VnEdu",
        "hs-nen-tang": "1000/1500",
        "ty-trong-truc-tuyen": "110/1000",
        "thcs-quan-tri": "1/2",
        "nguoi-hoc-ho-so": "1500/1500",
        "nha-giao-ho-so": "120/120",
        "csvc-ho-so": "3/4",
        "chu-ky-so": "4/4",
    }
    write_csv(xa / "sa-thay.csv", "UBND xã Sa Thầy", figures)
    spec = tmp_path / "so.yaml"
    spec.write_text(SO_SPEC, encoding="utf-8")
    code, out = run("render", str(spec), "-o", str(tmp_path / "out"))
    assert code == 0, out
    from docxview import paragraphs

    texts = "\n".join(p.text for p in paragraphs(tmp_path / "out" / "quang-ngai-131.docx"))
    assert "Số liệu tổng hợp từ báo cáo của 02/02 đơn vị." in texts
    assert "- Tổng số giáo viên có máy tính: 361/381, đạt tỉ lệ: 94,8%." in texts
    assert "- Tổng số học sinh có máy tính: 1.368/5.129, đạt tỉ lệ: 26,7%." in texts
    # distinct names in catalog order of the units (Sa Thầy comes first)
    assert (
        "- Số nền tảng: 07 (VnEdu, K12Online, OLM.vn, Google Classroom, Zoom, Team 365, "
        "LMS)." in texts
    )
    assert "công nghệ số: 04/05 trường, đạt tỉ lệ: 80%." in texts


def test_yaml_csv_and_excel_give_the_same_document(tmp_path: Path) -> None:
    documents = []
    for fmt in ("yaml", "csv", "xlsx"):
        spec = report_spec(tmp_path / fmt, fmt)
        code, out = run("render", str(spec), "-o", str(tmp_path / fmt / "out"))
        assert code == 0, out
        documents.append(document_xml(tmp_path / fmt / "out" / "ngok-bay-2025.docx"))
    assert documents[0] == documents[1] == documents[2]
    assert "868/3.629, đạt tỉ lệ: 23,9%".encode() in documents[0]


def test_the_example_renders_the_same_as_uniform_files(tmp_path: Path) -> None:
    code, out = run("render", str(EXAMPLES / "ngok-bay-2025.yaml"), "-o", str(tmp_path / "ex"))
    assert code == 0, out
    spec = report_spec(tmp_path / "csv", "csv")
    code, out = run("render", str(spec), "-o", str(tmp_path / "csv" / "out"))
    assert code == 0, out
    assert document_xml(tmp_path / "ex" / "ngok-bay-2025.docx") == document_xml(
        tmp_path / "csv" / "out" / "ngok-bay-2025.docx"
    )


BAD = [
    (
        "csv",
        {"th_thcs_kroong": {"hs_may_tinh": 900}},
        "th-thcs-kroong.csv:2: ",
        "column 'hs_may_tinh' is 900, more than column 'hs' (760)",
    ),
    (
        "xlsx",
        {"mn_kroong": {"nha_giao": -1}},
        "mn-kroong.xlsx:2: ",
        "cell D2 ('nha_giao') cannot be negative",
    ),
    (
        "yaml",
        {"th_cao_ba_quat": {"gv": "n/a"}},
        "th-cao-ba-quat.yaml:2:",
        "'gv' must be a whole number, found 'n/a'",
    ),
    (
        "csv",
        {"th_thcs_vinh_quang": {"quan_tri": None}},
        "th-thcs-vinh-quang.csv:1: ",
        "column 'quan_tri' is missing (needed for figure 'thcs-quan-tri')",
    ),
]


@pytest.mark.parametrize(("fmt", "changes", "where", "message"), BAD)
def test_bad_data_through_render_writes_nothing(
    tmp_path: Path, fmt: str, changes: dict[str, dict[str, object]], where: str, message: str
) -> None:
    spec = report_spec(tmp_path, fmt, **changes)
    out_dir = tmp_path / "out"
    code, out = run("render", str(spec), "-o", str(out_dir))
    assert code != 0 and "Traceback" not in out
    folder = tmp_path / "data" / "ngok-bay"
    assert out.startswith(f"error: {folder / where}") and message in out, out
    assert " — " in out  # says what to do
    assert not out_dir.exists() or not list(out_dir.iterdir())


@pytest.mark.parametrize("case", ["twice", "unknown", "spreadsheet"])
def test_bad_files_through_aggregate_write_nothing(tmp_path: Path, case: str) -> None:
    folder = data_folder(tmp_path / "d", "csv")
    if case == "twice":
        write_csv(folder / "again.csv", "mn-kroong", SCHOOLS["mn-kroong"])
        expect = f"{folder / 'mn-kroong.csv'}:2: 'mn-kroong' is reported twice"
    elif case == "unknown":
        write_csv(folder / "x.csv", "mn-hoa-sen", SCHOOLS["mn-kroong"])
        expect = f"{folder / 'x.csv'}:2: unknown unit 'mn-hoa-sen'"
    else:
        (folder / "so-lieu.xlsx").write_text("this is not Excel", encoding="utf-8")
        expect = f"{folder / 'so-lieu.xlsx'}: cannot read the spreadsheet"
    target = tmp_path / "xa.yaml"
    code, out = run("aggregate", str(folder), "--unit", "ubnd-xa-ngok-bay", "-o", str(target))
    assert code != 0 and f"error: {expect}" in out, out
    assert not target.exists()


def test_aggregate_does_not_replace_a_file_it_did_not_write(tmp_path: Path) -> None:
    target = tmp_path / "xa.yaml"
    target.write_text("my notes\n", encoding="utf-8")
    folder = str(EXAMPLES / "data" / "ngok-bay")
    code, out = run("aggregate", folder, "--unit", "ubnd-xa-ngok-bay", "-o", str(target))
    assert code != 0 and "was not written by docgen aggregate" in out
    assert target.read_text("utf-8") == "my notes\n"
    code, out = run("aggregate", folder, "--unit", "ubnd-xa-ngok-bay", "-o", str(target), "--force")
    assert code == 0 and target.read_text("utf-8").startswith("# docgen aggregate")
    code, out = run("aggregate", folder, "--unit", "ubnd-xa-ngok-bay", "-o", str(target))
    assert code == 0, out  # its own file is replaced


def test_aggregate_help_and_table_choice(tmp_path: Path) -> None:
    code, out = run("aggregate", "--help")
    assert code == 0 and "--unit" in out
    code, out = run(
        "aggregate",
        str(EXAMPLES / "data" / "ngok-bay"),
        "--unit",
        "ubnd-xa-ngok-bay",
        "--table",
        "qd131-muc-tieu",
    )
    assert code == 0, out
    assert "  hs-nen-tang: " in out and "  nen-tang: " not in out and "chu-ky-so" not in out
