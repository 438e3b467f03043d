"""The cascade words each document for its type of organisation (a xã, a phường, a đặc khu:
catalogs/levels.yaml `types`, catalogs/cascade.yaml `{id: xa, type: …}`), and dates each unit
as its milestone says for its school type and the level it reports to — read back from the
.docx files and the manifest the cascade writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import CATALOGS, EXAMPLES
from docxview import paragraphs

from docgen.catalog.catalog import Catalog
from docgen.cli import main
from docgen.errors import DocgenError

ROOT_SPEC = EXAMPLES / "so-quang-ngai-1491.yaml"

MORE_ORGS = """\
orgs:
  - id: ubnd-phuong-cam-thanh
    name: Ủy ban nhân dân phường Cẩm Thành
    short: UBND phường Cẩm Thành
    self_name: Ủy ban nhân dân phường
    header: [ỦY BAN NHÂN DÂN, PHƯỜNG CẨM THÀNH]
    parent: sgddt-quang-ngai
    level: xa
    abbr: UBND
    place: Cẩm Thành
    head_title: Chủ tịch
    units: {VHXH: Phòng Văn hóa - Xã hội}
  - id: ubnd-dac-khu-ly-son
    name: Ủy ban nhân dân đặc khu Lý Sơn
    short: UBND đặc khu Lý Sơn
    self_name: Ủy ban nhân dân đặc khu
    header: [ỦY BAN NHÂN DÂN, ĐẶC KHU LÝ SƠN]
    parent: sgddt-quang-ngai
    level: xa
    abbr: UBND
    place: Lý Sơn
    head_title: Chủ tịch
    units: {VHXH: Phòng Văn hóa - Xã hội}
  - id: thpt-le-trung-dinh
    name: Trường Trung học phổ thông Lê Trung Đình
    short: Trường THPT Lê Trung Đình
    chu_quan: [SỞ GDĐT QUẢNG NGÃI]
    header: [TRƯỜNG THPT LÊ TRUNG ĐÌNH]
    parent: sgddt-quang-ngai
    level: truong
    abbr: THPTLTĐ
    place: Quảng Ngãi
    head_title: Hiệu trưởng
    school_types: [thpt]
"""

#: the THPT schools report to the Sở: their own date for the sơ kết
THPT_CASE = """\
      truong:
        date: 2026-01-10
        cases:
          - {report_to: so, school_types: [thpt, thcs-thpt], date: 2026-01-16}
"""


def province(catalogs: Path) -> Path:
    (catalogs / "orgs" / "more.yaml").write_text(MORE_ORGS, encoding="utf-8")
    path = catalogs / "milestones" / "2025-2026.yaml"
    text = path.read_text(encoding="utf-8")
    first = "      truong: 2026-01-10\n"
    assert text.count(first) == 1
    path.write_text(text.replace(first, THPT_CASE), encoding="utf-8")
    return path


def cascade(catalogs: Path, out: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main,
        ["cascade", str(ROOT_SPEC), "--catalog", str(catalogs), "-o", str(out), *args],
        catch_exceptions=False,
    )


def noi_nhan(path: Path) -> list[str]:
    lines = [p.text for p in paragraphs(path) if p.text.strip()]
    start = lines.index("Nơi nhận:")
    return lines[start + 1 : start + 5]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("types")
    shutil.copytree(CATALOGS, base / "catalogs")
    province(base / "catalogs")
    result = cascade(base / "catalogs", base / "out", "--down-to", "truong", "-j", "1")
    assert result.exit_code == 0, result.output
    return base / "out"


def test_each_type_names_its_own_leaders(out: Path) -> None:
    leaders = {
        "ubnd-phuong-cam-thanh": "- Chủ tịch, các PCT UBND phường;",
        "ubnd-dac-khu-ly-son": "- Chủ tịch, các PCT UBND đặc khu;",
        "ubnd-xa-ngok-bay": "- Chủ tịch, các PCT UBND xã;",
    }
    for org, line in leaders.items():
        assert noi_nhan(out / "xa" / f"{org}.docx")[:3] == [
            "- Như trên;",
            "- Sở GDĐT (để b/c);",
            line,
        ], org
    for org in ("ubnd-phuong-cam-thanh", "ubnd-dac-khu-ly-son"):
        assert not any("UBND xã" in line for line in noi_nhan(out / "xa" / f"{org}.docx"))


def test_the_thpt_school_under_the_so_has_its_own_deadline(out: Path) -> None:
    documents = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]
    by_org = {d["org"]: {x["milestone"]: x for x in d["deadlines"]} for d in documents}
    thpt = by_org["thpt-le-trung-dinh"]["so-ket-hk1"]
    assert (thpt["date"], thpt["derived"]) == ("2026-01-16", False)
    assert thpt["note"] == "for school types thpt, thcs-thpt; reporting to so"
    primary = by_org["th-sa-thay"]["so-ket-hk1"]
    assert (primary["date"], primary["note"]) == ("2026-01-10", "")
    # and its own kế hoạch says it
    lines = [p.text for p in paragraphs(out / "truong" / "thpt-le-trung-dinh.docx")]
    assert any("ngày 16 tháng 01 năm 2026" in line for line in lines)
    assert not any("ngày 10 tháng 01 năm 2026" in line for line in lines)
    school = [p.text for p in paragraphs(out / "truong" / "th-sa-thay.docx")]
    assert any("ngày 10 tháng 01 năm 2026" in line for line in school)


def test_the_dry_run_shows_each_units_date(tmp_path: Path, catalog_copy: Path) -> None:
    province(catalog_copy)
    result = cascade(catalog_copy, tmp_path / "out", "--down-to", "truong", "--dry-run")
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if "thpt-le-trung-dinh" in x)
    assert "so-ket-hk1 2026-01-16" in line


def test_an_explicit_type_wins_over_the_name(catalog_copy: Path) -> None:
    province(catalog_copy)
    catalog = Catalog.load(catalog_copy)
    kinds = {
        o: catalog.org_type(catalog.org(o)) for o in ("ubnd-xa-sa-thay", "ubnd-dac-khu-ly-son")
    }
    assert {o: t.id if t else None for o, t in kinds.items()} == {
        "ubnd-xa-sa-thay": "xa",
        "ubnd-dac-khu-ly-son": "dac-khu",
    }
    orgs = catalog_copy / "orgs" / "more.yaml"
    text = orgs.read_text(encoding="utf-8")
    orgs.write_text(text.replace("    place: Lý Sơn\n", "    place: Lý Sơn\n    type: xa\n"))
    catalog = Catalog.load(catalog_copy)
    kind = catalog.org_type(catalog.org("ubnd-dac-khu-ly-son"))
    assert kind is not None and kind.id == "xa"


def test_an_unknown_type_is_an_error_at_its_line(catalog_copy: Path) -> None:
    province(catalog_copy)
    orgs = catalog_copy / "orgs" / "more.yaml"
    text = orgs.read_text(encoding="utf-8")
    orgs.write_text(text.replace("    place: Lý Sơn\n", "    place: Lý Sơn\n    type: dac_khu\n"))
    profiles = catalog_copy / "cascade.yaml"
    lines = profiles.read_text(encoding="utf-8").splitlines()
    at = lines.index("    type: phuong")
    lines[at] = "    type: phuong-x"
    profiles.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DocgenError) as info:
        Catalog.load(catalog_copy)
    message = str(info.value)
    assert f"{orgs}:13:5: level 'xa' has no type 'dac_khu' — did you mean 'dac-khu'?" in message
    assert (
        f"{profiles}:{at}:5: level 'xa' has no type 'phuong-x' — did you mean 'phuong'?"
    ) in message


def test_a_type_twice_in_a_level_is_an_error_at_its_line(catalog_copy: Path) -> None:
    levels = catalog_copy / "levels.yaml"
    text = levels.read_text(encoding="utf-8")
    levels.write_text(
        text.replace("      - {id: dac-khu, name: đặc khu}\n", "      - {id: xa, name: thị trấn}\n")
    )
    line = text.splitlines().index("      - {id: dac-khu, name: đặc khu}") + 1
    with pytest.raises(DocgenError) as info:
        Catalog.load(catalog_copy)
    assert str(info.value).startswith(
        f"{levels}:{line}:9: level 'xa' has type 'xa' twice (first at {levels}:{line - 2}:9)"
    )
