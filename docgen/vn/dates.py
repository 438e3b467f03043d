"""Dates written the NĐ30 way (spec §3.3): leading zero for days 1–9 and months 1–2 only."""

from __future__ import annotations

import calendar
import re
from datetime import date

from docgen.errors import DocgenError
from docgen.i18n import _
from docgen.vn.text import nfc

BLANK = " " * 6
"""The gap left for a day, month or number that is filled in at signing."""

_ISO_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_VN_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def day_str(d: int) -> str:
    """Return the day of the month as NĐ30 writes it: always two digits ("05", "25")."""
    if not 1 <= d <= 31:
        raise DocgenError(
            _("not a day of the month: {d}").format(d=d), hint=_("use a number from 1 to 31")
        )
    return f"{d:02d}"


def month_str(m: int) -> str:
    """Return the month as NĐ30 writes it: "01", "02", then "3" … "12"."""
    if not 1 <= m <= 12:
        raise DocgenError(_("not a month: {m}").format(m=m), hint=_("use a number from 1 to 12"))
    return f"{m:02d}" if m <= 2 else str(m)


def long_date(d: date) -> str:
    """Return "ngày DD tháng M năm YYYY"."""
    return f"ngày {day_str(d.day)} tháng {month_str(d.month)} năm {d.year}"


def short_date(d: date) -> str:
    """Return "DD/M/YYYY" with the NĐ30 month rule ("25/01/2022", "30/3/2021")."""
    return f"{day_str(d.day)}/{month_str(d.month)}/{d.year}"


def month_year(d: date) -> str:
    """Return "M/YYYY" with the NĐ30 month rule ("9/2024", "01/2025")."""
    return f"{month_str(d.month)}/{d.year}"


def date_line(place: str, d: date | None, year: int | None = None) -> str:
    """Return the ô 4 line "<Địa danh>, ngày … tháng … năm …"; ``d=None`` gives a blank draft."""
    place = nfc(place).strip()
    if not place:
        raise DocgenError(_("the date line needs a place name"), hint=_("e.g. 'Quảng Ninh'"))
    if d is not None:
        if year is not None and year != d.year:
            raise DocgenError(
                _("year {year} does not match the date {d}").format(year=year, d=d.isoformat())
            )
        return f"{place}, {long_date(d)}"
    if year is None:
        raise DocgenError(_("a draft date line needs a year"), hint=_("give year=, e.g. 2026"))
    return f"{place}, ngày{BLANK}tháng{BLANK}năm {year}"


def parse_date(text: str) -> date:
    """Parse "YYYY-MM-DD" or "D/M/YYYY" (Vietnamese order: 09/10/2025 is 9 October) into a
    date; a day or month that does not exist is an error saying which."""
    cleaned = text.strip()
    iso = _ISO_RE.fullmatch(cleaned)
    vn = _VN_RE.fullmatch(cleaned)
    if iso:
        year, month, day = int(iso[1]), int(iso[2]), int(iso[3])
    elif vn:
        year, month, day = int(vn[3]), int(vn[2]), int(vn[1])
    else:
        raise DocgenError(
            _("not a valid date: {text!r}").format(text=text),
            hint=_("write dates as YYYY-MM-DD (2026-01-05) or day/month/year (05/01/2026)"),
        )
    if not 1 <= year <= 9999:
        raise DocgenError(
            _("not a valid date: {text!r} — the year {year} is out of range").format(
                text=text, year=year
            ),
            hint=_("write a year from 1 to 9999, e.g. 2026"),
        )
    if not 1 <= month <= 12:
        raise DocgenError(
            _("not a valid date: {text!r} — there is no month {month}").format(
                text=text, month=month
            ),
            hint=_("the month comes second: YYYY-MM-DD, e.g. 2026-01-05")
            if iso
            else _("the month comes second: day/month/year, e.g. 05/01/2026"),
        )
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DocgenError(
            _("not a valid date: {text!r} — month {month} of {year} has {last} days").format(
                text=text, month=month, year=year, last=last
            ),
            hint=_("give a day from 1 to {last}").format(last=last),
        )
    return date(year, month, day)
