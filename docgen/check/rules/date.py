"""Place and date line (ô 4): pattern, real date, leading zeros, style."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from docgen.check.findings import Finding
from docgen.check.rules import rule
from docgen.check.rules.common import Context, Want, check_style
from docgen.check.rules.header import wrong_column
from docgen.check.text import Slot, excerpt, number_value
from docgen.i18n import N_, _

_PARTS = re.compile(r"ngày\s*(?P<day>\d+)?\s*tháng\s*(?P<month>\d+)?", re.IGNORECASE)
_EXAMPLE = "<Địa danh>, ngày DD tháng M năm YYYY, e.g. Hà Nội, ngày 05 tháng 3 năm 2020"


@rule("ND30-DATE-FORMAT")
def date_format(ctx: Context) -> Iterator[Finding]:
    date = ctx.layout.header.date
    if date is None:
        if ctx.layout.header.qh is not None:
            yield ctx.hit(
                _("page 1"), _EXAMPLE, _("no date line"), _("page 1 has no place and date line")
            )
        return
    match = re.fullmatch(ctx.rule["pattern"], date.text)
    if match is None:
        yield ctx.hit(
            date, _EXAMPLE, date.text, _("the date line does not follow the decree's form")
        )
        return
    if not match.group("place")[:1].isupper():
        yield ctx.hit(
            date,
            _("the place name capitalised"),
            match.group("place"),
            _("the place name starts with a capital letter"),
        )
    day, month, year = match.group("day"), match.group("month"), match.group("year")
    if day and month and not _real(int(year), int(month), int(day)):
        yield ctx.hit(
            date,
            _("a real calendar date"),
            _("day {day}, month {month}").format(day=int(day), month=int(month)),
            _("the date does not exist"),
        )


def _real(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


@rule("ND30-DATE-ZERO")
def date_zero(ctx: Context) -> Iterator[Finding]:
    date = ctx.layout.header.date
    match = _PARTS.search(date.text) if date is not None else None
    if date is None or match is None:
        return
    wrong: list[tuple[str, str]] = []
    if (day := match.group("day")) and day != _day(number_value(day)):
        wrong.append((f"ngày {_day(number_value(day))}", f"ngày {excerpt(day)}"))
    if (month := match.group("month")) and month != _month(number_value(month)):
        wrong.append((f"tháng {_month(number_value(month))}", f"tháng {excerpt(month)}"))
    if wrong:
        yield ctx.hit(
            date,
            ", ".join(w[0] for w in wrong),
            ", ".join(w[1] for w in wrong),
            _("days 1–9 and months 1–2 take a leading zero; months 3–12 do not"),
        )


def _day(day: int) -> str:
    return f"{day:02d}" if day < 10 else str(day)


def _month(month: int) -> str:
    return f"{month:02d}" if month < 3 else str(month)


@rule("ND30-DATE-STYLE")
def date_style(ctx: Context) -> Iterator[Finding]:
    layout = ctx.layout
    date, so = layout.header.date, layout.header.so
    if date is None:
        return
    want = Want(bold=False, italic=True, sizes=ctx.rule["sizes"], centred=True)
    yield from check_style(ctx, date, want, N_("the date line"))
    yield from wrong_column(ctx, date, "right", N_("the date line"))
    row = _row_apart(ctx, date, so)
    if row is not None:
        yield ctx.hit(
            date,
            _("on the same row as the Số line"),
            _("row {row}").format(row=row),
            _("the date line sits level with the Số line"),
        )


def _row_apart(ctx: Context, date: Slot, so: Slot | None) -> int | None:
    """The date's header row (1-based) when it is not the Số line's row of the same table."""
    flow = ctx.layout.flow
    date_cell = flow.cell_of(date.para)
    so_cell = flow.cell_of(so.para) if so is not None else None
    if date_cell is None or so_cell is None or date_cell.row == so_cell.row:
        return None
    assert so is not None
    return date_cell.row + 1 if flow.table_of(date.para) is flow.table_of(so.para) else None
