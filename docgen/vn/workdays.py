"""Vietnamese working days from the ``holidays`` package (public holidays, Tết, make-up days)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import holidays


@cache
def _calendar(year: int) -> holidays.HolidayBase:
    """Return the Vietnamese public holidays of ``year`` with Vietnamese names (cached); the
    package is imported on first use (a document without deadlines does not need it)."""
    import holidays

    return holidays.country_holidays("VN", years=year, language="vi")


def is_working_day(d: date) -> bool:
    """Return True on Mon–Fri that are not public holidays (and official make-up Saturdays)."""
    cal = _calendar(d.year)
    if d.weekday() >= 5:
        return d in getattr(cal, "weekend_workdays", ())
    return d not in cal


def holiday_name(d: date) -> str | None:
    """Return the Vietnamese name of the public holiday on ``d``, or None."""
    name = _calendar(d.year).get(d)
    return str(name) if name is not None else None


def _step_to_working_day(d: date, step: int) -> date:
    """Return ``d`` or the first working day reached from it moving ``step`` days at a time."""
    while not is_working_day(d):
        d += timedelta(days=step)
    return d


def previous_working_day(d: date) -> date:
    """Return ``d`` if it is a working day, else the last working day before it."""
    return _step_to_working_day(d, -1)


def next_working_day(d: date) -> date:
    """Return ``d`` if it is a working day, else the first working day after it."""
    return _step_to_working_day(d, 1)


def add_working_days(d: date, n: int) -> date:
    """Return the date ``n`` working days after ``d`` (before when negative; d not counted)."""
    step = 1 if n >= 0 else -1
    for _skip in range(abs(n)):
        d = _step_to_working_day(d + timedelta(days=step), step)
    return d
