"""A milestone's deadline can differ by school type and by the level a unit reports to: THPT
schools that report to the Sở and primary schools under a xã do not get the same date. The
cases are read from a real catalog file; a wrong case is an error at its line."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import CATALOGS

from docgen.catalog.catalog import Catalog
from docgen.compose.deadlines import deadline
from docgen.errors import DocgenError
from docgen.vn.schoolyear import SchoolYear

YEAR = SchoolYear(2025)

ORGS = """\
orgs:
  - {id: so-a, name: Sở Giáo dục và Đào tạo tỉnh A, level: so, abbr: SGDĐT, place: A}
  - {id: xa-b, name: Ủy ban nhân dân xã B, level: xa, abbr: UBND, place: B, parent: so-a}
  - {id: thpt-a, name: Trường THPT A, level: truong, abbr: THPTA, place: A, parent: so-a,
     school_types: [thpt]}
  - {id: th-b, name: Trường Tiểu học B, level: truong, abbr: THB, place: B, parent: xa-b,
     school_types: [th]}
  - {id: mn-b, name: Trường Mầm non B, level: truong, abbr: MNB, place: B, parent: xa-b,
     school_types: [mn]}
"""

MILESTONES = """\
owner: so-a
milestones:
  - id: so-ket-hk1
    title: Sơ kết học kỳ I
    school_year: 2025-2026
    deadlines:
      so: 2026-01-30
      xa: 2026-01-20
      truong:
        date: 2026-01-10
        cases:
          - {report_to: so, school_types: [thpt, thcs-thpt], date: 2026-01-23}
          - {school_types: [mn], lead_working_days: 2}
  - id: tong-ket
    title: Tổng kết năm học
    school_year: 2025-2026
    deadlines:
      so: 2026-06-26
      xa: 2026-06-19
      truong: {lead_working_days: 2}
"""


def load(tmp_path: Path, milestones: str = MILESTONES) -> Catalog:
    folder = tmp_path / "catalogs"
    folder.mkdir()
    shutil.copy(CATALOGS / "levels.yaml", folder / "levels.yaml")  # leads of 5 working days
    (folder / "orgs.yaml").write_text(ORGS, encoding="utf-8")
    (folder / "milestones.yaml").write_text(milestones, encoding="utf-8")
    return Catalog.load(folder)


def test_thpt_reporting_to_the_so_and_primary_under_a_xa_differ(tmp_path: Path) -> None:
    catalog = load(tmp_path)
    ms = catalog.seen_by("thpt-a").milestone("so-ket-hk1", YEAR)
    thpt = deadline(catalog, ms, "truong", unit=catalog.org("thpt-a"))
    assert thpt.day == date(2026, 1, 23) and not thpt.derived
    assert thpt.case == "school types thpt, thcs-thpt; reporting to so"
    primary = deadline(catalog, ms, "truong", unit=catalog.org("th-b"))
    assert primary.day == date(2026, 1, 10) and primary.case == ""  # the level's date
    # a preschool: 2 working days before the xã's Tue 20/01 → Fri 16/01
    preschool = deadline(catalog, ms, "truong", unit=catalog.org("mn-b"))
    assert preschool.day == date(2026, 1, 16) and preschool.derived
    assert preschool.note == "for school types mn: 2 working days before xa (2026-01-20)"
    # without a unit (a text's "below"): the level's own date
    assert deadline(catalog, ms, "truong").day == date(2026, 1, 10)


def test_a_derived_deadline_counts_from_the_level_the_unit_reports_to(tmp_path: Path) -> None:
    catalog = load(tmp_path, MILESTONES.replace("      truong: {lead_working_days: 2}\n", ""))
    ms = catalog.seen_by("so-a").milestone("tong-ket", YEAR)
    # the THPT school reports to the Sở: Fri 26/06 minus 5 working days → Fri 19/06
    thpt = deadline(catalog, ms, "truong", unit=catalog.org("thpt-a"))
    assert (thpt.day, thpt.note) == (date(2026, 6, 19), "5 working days before so (2026-06-26)")
    # a school under the xã: Fri 19/06 minus 5 → Fri 12/06
    primary = deadline(catalog, ms, "truong", unit=catalog.org("th-b"))
    assert (primary.day, primary.note) == (
        date(2026, 6, 12),
        "5 working days before xa (2026-06-19)",
    )


def test_a_milestone_sets_a_levels_lead_time(tmp_path: Path) -> None:
    catalog = load(tmp_path)
    ms = catalog.seen_by("so-a").milestone("tong-ket", YEAR)
    found = deadline(catalog, ms, "truong", unit=catalog.org("th-b"))
    assert found.day == date(2026, 6, 17)  # Fri 19/06 minus 2 (not the level's 5)


@pytest.mark.parametrize(
    ("case", "column", "message"),
    [
        (
            "{report_to: truong, date: 2026-01-23}",
            25,
            "a 'truong' unit cannot report to level 'truong' — report_to is a level above: "
            "bo, so, phong, xa",
        ),
        (
            "{report_to: tinh, date: 2026-01-23}",
            25,
            "'report_to' cannot be 'tinh' — use one of: bo, so, phong, xa, truong",
        ),
        (
            "{date: 2026-01-23}",
            13,
            "a case of the deadline of 'truong' says neither 'school_types' nor 'report_to'",
        ),
        (
            "{report_to: so}",
            13,
            "a case gives neither 'date' nor 'lead_working_days' — give it one of them",
        ),
        (
            "{report_to: so, date: 2026-01-23, lead_working_days: 2}",
            13,
            "a case gives both 'date' and 'lead_working_days' — give it one of them",
        ),
        (
            "{school_types: [thptt], date: 2026-01-23}",
            28,
            "unknown school type 'thptt' — use mn, th, thcs, thpt, th-thcs",
        ),
        (
            "{report_to: so, day: 2026-01-23}",
            29,
            "unknown key 'day' in a case of the deadline of 'truong' — allowed: school_types, "
            "report_to, date, lead_working_days",
        ),
        (
            "{report_to: so, date: 2030-01-23}",
            35,
            "the deadline 2030-01-23 is far outside the school year 2025-2026",
        ),
    ],
)
def test_a_wrong_case_is_an_error_at_its_line(
    tmp_path: Path, case: str, column: int, message: str
) -> None:
    text = MILESTONES.replace(
        "{report_to: so, school_types: [thpt, thcs-thpt], date: 2026-01-23}", case
    )
    with pytest.raises(DocgenError) as info:
        load(tmp_path, text)
    path = tmp_path / "catalogs" / "milestones.yaml"
    assert str(info.value).startswith(f"{path}:12:{column}: {message}")
    assert "Traceback" not in str(info.value) and "dict" not in str(info.value)


def test_a_level_block_needs_a_date_a_lead_or_cases(tmp_path: Path) -> None:
    with pytest.raises(DocgenError) as info:
        load(tmp_path, MILESTONES.replace("truong: {lead_working_days: 2}", "truong: {}"))
    path = tmp_path / "catalogs" / "milestones.yaml"
    assert str(info.value).startswith(
        f"{path}:20:15: the deadline of 'truong' has neither 'date', 'lead_working_days' nor "
        "'cases'"
    )
