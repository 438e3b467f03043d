"""Organisations: ``successor_unit`` (the unit of the successor that took over a dissolved
organisation's duties) is read, and checked against the successor's units as file:line; and
the school types of an organisation pick its task items."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from docgen.catalog.catalog import Catalog
from docgen.catalog.parse import parse_org, successor_unit_problems
from docgen.catalog.yamlio import load_yaml, where_of
from docgen.errors import CatalogError, Location
from docgen.model.entities import Org
from docgen.vn.schoolyear import SchoolYear

ORGS = """\
orgs:
  - id: xa
    name: Ủy ban nhân dân xã A
    level: xa
    abbr: UBND
    place: A
    units:
      VP: Văn phòng HĐND và UBND
      VHXH: Phòng Văn hóa - Xã hội
  - id: phong
    name: Phòng Giáo dục và Đào tạo huyện A
    level: phong
    abbr: PGDĐT
    place: A
    valid_to: 2025-06-30
    successor: xa
    successor_unit: {unit}
"""


def _orgs(path: Path) -> dict[str, Org]:
    data: Any = load_yaml(path)
    top = Location(str(path), 1)
    orgs = [parse_org(item, where_of(item, top)) for item in data["orgs"]]
    return {o.id: o for o in orgs}


def test_the_catalog_gives_the_dissolved_phong_its_communes_vhxh(catalog: Catalog) -> None:
    phong = catalog.org("pgddt-sa-thay")
    assert (phong.successor, phong.successor_unit) == ("ubnd-xa-sa-thay", "VHXH")
    assert catalog.org("pgddt-vinh-bao").successor is None  # not known: for a person to add
    assert successor_unit_problems(catalog.orgs) == []


def test_successor_unit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "orgs.yaml"
    path.write_text(ORGS.format(unit="VHXH"), encoding="utf-8")
    orgs = _orgs(path)
    assert orgs["phong"].successor_unit == "VHXH" and orgs["xa"].successor_unit is None
    assert successor_unit_problems(orgs) == []


def test_a_unit_the_successor_lacks_is_reported_at_the_org(tmp_path: Path) -> None:
    path = tmp_path / "orgs.yaml"
    path.write_text(ORGS.format(unit="VHX"), encoding="utf-8")
    errors = successor_unit_problems(_orgs(path))
    assert [str(e) for e in errors] == [
        f"{path}:10:5: successor_unit 'VHX' of organisation 'phong' is not a unit of its "
        "successor 'xa' — units of xa: VP, VHXH"
    ]
    assert all(isinstance(e, CatalogError) for e in errors)


def test_catalog_check_reports_an_unknown_successor_unit(catalog_copy: Path) -> None:
    orgs = catalog_copy / "orgs" / "kon-tum.yaml"
    text = orgs.read_text(encoding="utf-8")
    orgs.write_text(text.replace("successor_unit: VHXH", "successor_unit: VHX"), encoding="utf-8")
    line = text.splitlines().index("  - id: pgddt-sa-thay") + 1
    with pytest.raises(CatalogError) as info:
        Catalog.load(catalog_copy)
    assert str(info.value).startswith(
        f"{orgs}:{line}:5: successor_unit 'VHX' of organisation 'pgddt-sa-thay' is not a unit "
        "of its successor 'ubnd-xa-sa-thay'"
    )


def test_a_successor_unit_needs_a_successor(tmp_path: Path) -> None:
    path = tmp_path / "orgs.yaml"
    path.write_text(ORGS.format(unit="VHXH").replace("    successor: xa\n", ""), encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        _orgs(path)
    assert str(info.value).startswith(
        f"{path}:16:21: organisation 'phong' names a successor_unit but no successor"
    )


def test_digital_school_records_are_not_for_preschools(catalog: Catalog) -> None:
    year = SchoolYear(2025)
    item = next(
        n
        for n in catalog.seen_by("sgddt-quang-ngai").task_list("cntt-cds").walk()
        if n.text.startswith("Triển khai học bạ số, văn bằng số")
    )
    for school in ("th-sa-thay", "thcs-sa-thay", "th-thcs-ngok-bay"):
        org = catalog.org(school)
        assert item.applies(org.level, year, org.school_types), school
    for school in ("mn-nhu-y", "mn-sa-thay", "mn-ngok-bay"):
        org = catalog.org(school)
        assert not item.applies(org.level, year, org.school_types), school
    xa = catalog.org("ubnd-xa-sa-thay")  # no school types: the commune's letter keeps it
    assert item.applies(xa.level, year, xa.school_types)
