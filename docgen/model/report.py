"""Catalog entities of plans and reports: figures schools supply, report tables, schedules.

A :class:`Figure` says how one number of a report is made from the schools' data files (a
sum over a column and its total, a count of schools answering yes, or the distinct names
listed); a :class:`Tally` is its value for one unit or for a sum of units. Report tables
(statistics, targets) and schedules (the task table of a kế hoạch's Phụ lục) only name
figures, targets and milestones: every number and date in them is computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from docgen.errors import Location
from docgen.model.entities import NOWHERE

#: how a figure is made: a column over its total, schools answering yes, distinct names
FIGURE_KINDS: tuple[str, ...] = ("sum", "schools", "distinct")
#: how a figure is written: "261/261, đạt tỉ lệ: 100%", "7,8%", "03/03 trường, …", "04 (A, B…)"
FIGURE_SHOWS: tuple[str, ...] = ("ratio", "percent", "count", "num", "den", "list")
#: how a schedule row writes its deadline: "Chậm nhất 15/10/2024", "Trước ngày …", "Trong tháng …"
TIME_FORMS: tuple[str, ...] = ("by", "before", "month")
TABLE_KINDS: tuple[str, ...] = ("statistics", "targets")


@dataclass(frozen=True)
class Figure:
    """One figure of a report and the data columns it is computed from.

    ``sum``: column ``column`` added up over ``of`` added up (teachers with a computer / all
    teachers); ``schools``: schools whose yes/no column ``column`` says yes / schools counted;
    ``distinct``: the distinct names listed in ``column``. Only schools of ``school_types``
    (all when empty) supply and count.
    """

    id: str
    kind: str
    column: str
    of: str = ""
    text: str = ""
    unit: str = ""
    school_types: tuple[str, ...] = ()
    show: str = "ratio"
    where: Location = NOWHERE

    def columns(self) -> tuple[str, ...]:
        """The data columns a school supplies for this figure."""
        return (self.column, self.of) if self.of else (self.column,)

    def applies_to(self, school_types: tuple[str, ...]) -> bool:
        """True when a school of these types supplies and counts for this figure."""
        return not self.school_types or bool(set(self.school_types) & set(school_types))


@dataclass(frozen=True)
class Tally:
    """The value of one figure for a unit or a sum of units: part, total and names listed."""

    num: int = 0
    den: int = 0
    names: tuple[str, ...] = ()

    def __add__(self, other: Tally) -> Tally:
        seen = {n.casefold() for n in self.names}
        more = tuple(n for n in other.names if n.casefold() not in seen)
        return Tally(self.num + other.num, self.den + other.den, self.names + more)

    @property
    def share(self) -> Fraction | None:
        """num/den exactly (None when there is no total)."""
        return Fraction(self.num, self.den) if self.den else None


@dataclass(frozen=True)
class TableRow:
    """A row of a report table: its text and either figure lines or the targets it shows."""

    text: str
    lines: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    where: Location = NOWHERE


@dataclass(frozen=True)
class TableGroup:
    """A numbered group of rows ("1. Tiếp cận giáo dục trực tuyến", "I. Đổi mới …")."""

    title: str
    rows: tuple[TableRow, ...]
    where: Location = NOWHERE


@dataclass(frozen=True)
class ReportTable:
    """A table of a report form: ``statistics`` (figures) or ``targets`` (Đạt / Không đạt)."""

    id: str
    kind: str
    title: str
    columns: tuple[str, ...]
    groups: tuple[TableGroup, ...]
    where: Location = NOWHERE


@dataclass(frozen=True)
class ScheduleRow:
    """One task of a plan's schedule: what, by which milestone (and how written), product."""

    text: str
    milestone: str
    form: str = "by"
    product: str = ""
    levels: tuple[str, ...] = ()
    where: Location = NOWHERE


@dataclass(frozen=True)
class ScheduleGroup:
    """The tasks of one actor: ``level`` is a level id, ``issuer`` or ``below``."""

    level: str
    title: str
    rows: tuple[ScheduleRow, ...]
    where: Location = NOWHERE


@dataclass(frozen=True)
class Schedule:
    """The task table of a plan, written as its Phụ lục."""

    id: str
    title: str
    columns: tuple[str, ...]
    groups: tuple[ScheduleGroup, ...]
    where: Location = NOWHERE
