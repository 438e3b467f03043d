"""Tests for docgen.vn.workdays."""

from datetime import date

import pytest

from docgen.vn.workdays import (
    add_working_days,
    holiday_name,
    is_working_day,
    next_working_day,
    previous_working_day,
)

TET_2026 = [date(2026, 2, d) for d in range(16, 21)]  # Mon 16 – Fri 20 Feb 2026


@pytest.mark.parametrize("d", TET_2026)
def test_tet_2026_is_not_working(d: date) -> None:
    assert not is_working_day(d)
    assert holiday_name(d) is not None


def test_tet_name_is_vietnamese() -> None:
    name = holiday_name(date(2026, 2, 17))
    assert name is not None and "Tết" in name


def test_weekends_and_ordinary_days() -> None:
    assert not is_working_day(date(2026, 2, 21))  # Saturday
    assert not is_working_day(date(2026, 2, 22))  # Sunday
    assert is_working_day(date(2026, 2, 23))  # Monday after Tết
    assert is_working_day(date(2026, 1, 5))
    assert holiday_name(date(2026, 1, 5)) is None
    assert holiday_name(date(2026, 2, 21)) is None


def test_fixed_holidays() -> None:
    assert not is_working_day(date(2026, 1, 1))
    assert not is_working_day(date(2025, 9, 2))
    assert not is_working_day(date(2025, 4, 30))


def test_make_up_saturday_is_working() -> None:
    # 26/4/2025 was worked to make 2/5/2025 a day off.
    assert is_working_day(date(2025, 4, 26))
    assert not is_working_day(date(2025, 5, 2))


def test_previous_and_next_working_day() -> None:
    assert previous_working_day(date(2026, 2, 18)) == date(2026, 2, 13)
    assert next_working_day(date(2026, 2, 18)) == date(2026, 2, 23)
    assert previous_working_day(date(2026, 1, 5)) == date(2026, 1, 5)
    assert next_working_day(date(2026, 1, 5)) == date(2026, 1, 5)
    assert previous_working_day(date(2026, 1, 4)) == date(2026, 1, 2)  # Sunday → Friday


def test_add_working_days_across_tet() -> None:
    assert add_working_days(date(2026, 2, 23), -1) == date(2026, 2, 13)
    assert add_working_days(date(2026, 2, 25), -5) == date(2026, 2, 11)
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert add_working_days(date(2026, 2, 12), 3) == date(2026, 2, 24)


def test_add_working_days_basic() -> None:
    assert add_working_days(date(2026, 1, 5), 0) == date(2026, 1, 5)
    assert add_working_days(date(2026, 1, 5), 4) == date(2026, 1, 9)
    assert add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 12)  # over a weekend
    assert add_working_days(date(2026, 1, 10), 1) == date(2026, 1, 12)  # from a Saturday
    assert add_working_days(date(2026, 1, 10), -1) == date(2026, 1, 9)


def test_add_working_days_across_new_year() -> None:
    assert add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 2)
    assert add_working_days(date(2026, 1, 2), -1) == date(2025, 12, 31)
