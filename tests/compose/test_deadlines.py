"""Deadlines per level: catalog dates as written, other levels derived from the level above
minus their lead time in working days (weekends, public holidays and Tết skipped), and the
policy for a date that still falls on a day off."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from docgen.catalog.catalog import Catalog
from docgen.compose.deadlines import deadline, parent_level
from docgen.errors import CatalogError, DocgenError
from docgen.model.entities import Level, Milestone
from docgen.vn.schoolyear import SchoolYear

YEAR = SchoolYear(2025)


def make_catalog(**leads: int) -> Catalog:
    levels = {
        lv: Level(lv, lv, n)
        for lv, n in {"so": 5, "xa": 5, "phong": 5, "truong": 5, **leads}.items()
    }
    return Catalog(levels=levels)


def ms(**deadlines: date) -> Milestone:
    return Milestone("so-ket-hk1", "Sơ kết học kỳ I", YEAR, dict(deadlines))


def test_a_date_the_catalog_gives_is_kept_even_on_a_saturday() -> None:
    found = deadline(make_catalog(), ms(xa=date(2026, 1, 20), truong=date(2026, 1, 10)), "truong")
    assert found.day == date(2026, 1, 10)  # a Saturday, as the xã wrote it (seed 000)
    assert not found.derived and found.moved_from is None
    assert found.day_off == "weekend"


def test_lead_time_skips_the_weekend() -> None:
    # Tue 20/01/2026 minus 5 working days: 19, 16, 15, 14, 13 → Tue 13/01
    found = deadline(make_catalog(), ms(xa=date(2026, 1, 20)), "truong")
    assert found.day == date(2026, 1, 13)
    assert found.derived and "5 working days before xa (2026-01-20)" in found.note


def test_lead_time_skips_tet() -> None:
    # Tue 24/02/2026 minus 5 working days: Mon 23, then Tết 16–20/02 is skipped, Fri 13,
    # Thu 12, Wed 11, Tue 10 → 10/02/2026
    found = deadline(make_catalog(), ms(xa=date(2026, 2, 24)), "truong")
    assert found.day == date(2026, 2, 10)


def test_lead_time_skips_new_year_and_a_make_up_holiday() -> None:
    # Mon 05/01/2026 minus 2: Fri 02/01, (Thu 01/01 Tết Dương lịch), Wed 31/12/2025
    found = deadline(make_catalog(truong=2), ms(xa=date(2026, 1, 5)), "truong")
    assert found.day == date(2025, 12, 31)


@pytest.mark.parametrize(
    ("lead", "expected"), [(0, date(2026, 1, 20)), (1, date(2026, 1, 19)), (10, date(2026, 1, 6))]
)
def test_lead_time_is_set_per_level(lead: int, expected: date) -> None:
    found = deadline(make_catalog(truong=lead), ms(xa=date(2026, 1, 20)), "truong")
    assert found.day == expected


def test_each_level_takes_its_own_lead_below_its_parent() -> None:
    # only the Sở's date is known: xã = so - 5, trường = xã - 3 (not so - 3)
    cat = make_catalog(xa=5, truong=3)
    milestone = ms(so=date(2026, 1, 30))
    xa = deadline(cat, milestone, "xa")
    truong = deadline(cat, milestone, "truong")
    assert xa.day == date(2026, 1, 23)
    assert truong.day == date(2026, 1, 20)
    assert "before xa (2026-01-23)" in truong.note


def test_previous_policy_moves_a_day_off_and_says_so() -> None:
    # a lead of 0 below a parent dated on a Saturday
    found = deadline(make_catalog(truong=0), ms(xa=date(2026, 6, 20)), "truong")
    assert found.day == date(2026, 6, 19)
    assert found.moved_from == date(2026, 6, 20)
    assert found.day_off == ""
    assert "moved to 2026-06-19" in found.note


def test_previous_policy_steps_back_over_tet() -> None:
    found = deadline(make_catalog(truong=0), ms(xa=date(2026, 2, 18)), "truong")
    assert found.day == date(2026, 2, 13)
    assert found.moved_from == date(2026, 2, 18)
    assert "Tết" in found.note


def test_keep_policy_keeps_the_day_off_and_flags_it() -> None:
    found = deadline(make_catalog(truong=0), ms(xa=date(2026, 6, 20)), "truong", "keep")
    assert found.day == date(2026, 6, 20)
    assert found.moved_from is None and found.day_off == "weekend"
    assert "kept" in found.note


def test_policy_argument_overrides_the_catalog() -> None:
    found = deadline(make_catalog(truong=0), ms(xa=date(2026, 6, 20)), "truong", "keep")
    assert found.day == date(2026, 6, 20)


def test_unknown_policy_is_an_error() -> None:
    with pytest.raises(DocgenError, match="unknown deadline policy 'later'"):
        deadline(make_catalog(), ms(xa=date(2026, 1, 20)), "truong", "later")


def test_nothing_dated_at_or_above_the_level_is_an_error() -> None:
    with pytest.raises(CatalogError, match="has no deadline for 'xa' or above"):
        deadline(make_catalog(), ms(truong=date(2026, 1, 10)), "xa")


def test_parent_level_is_the_current_hierarchy() -> None:
    assert parent_level(make_catalog(), "truong") == "xa"
    assert parent_level(make_catalog(), "xa") == "so"
    assert parent_level(make_catalog(), "bo") is None


def test_the_repository_catalog_lead_times(catalog: Catalog) -> None:
    assert {lv: catalog.lead_days(lv) for lv in ("so", "xa", "truong")} == {
        "so": 5,
        "xa": 5,
        "truong": 5,
    }
    only_xa = replace(catalog.milestone("so-ket-hk1", YEAR), deadlines={"xa": date(2026, 1, 20)})
    assert deadline(catalog, only_xa, "truong").day == date(2026, 1, 13)
