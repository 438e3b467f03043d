"""A plan's Phụ lục: its heading, title, "(Kèm theo …)" line and task table (NĐ30 §6).

The rows come from a catalog schedule; each date is the deadline of a milestone for the
row's actor level, so the Phụ lục and the body (``deadline()``) cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from docgen.catalog.catalog import Catalog
from docgen.compose.deadlines import deadline
from docgen.compose.inline import plain, spans
from docgen.errors import CatalogError, Location
from docgen.model.entities import Org
from docgen.model.report import Schedule, ScheduleRow
from docgen.model.spec import DocumentSpec
from docgen.vn.dates import BLANK, long_date, month_year, short_date
from docgen.vn.kyhieu import canonical_type
from docgen.vn.text import roman, upper

#: how a row's deadline is written, by its form
TIME_PHRASES: dict[str, Callable[..., str]] = {
    "by": lambda d: f"Chậm nhất {short_date(d)}",
    "before": lambda d: f"Trước ngày {short_date(d)}",
    "month": lambda d: f"Trong tháng {month_year(d)}",
}


@dataclass(frozen=True)
class AppendixRow:
    """A row of the task table: a group heading (``group``) or a task."""

    number: str
    text: str
    time: str = ""
    product: str = ""
    group: bool = False


@dataclass(frozen=True)
class Appendix:
    """One Phụ lục, ready for the template."""

    heading: str
    title: tuple[str, ...]
    kem_theo: str
    columns: tuple[str, ...]
    rows: tuple[AppendixRow, ...]


def heading(index: int, count: int) -> str:
    """ "Phụ lục" for a single appendix, "Phụ lục I", "Phụ lục II" … for several."""
    return f"Phụ lục {roman(index)}" if count > 1 else "Phụ lục"


def kem_theo(spec: DocumentSpec, org: Org, symbol: str) -> str:
    """ "(Kèm theo Kế hoạch số 21/KH-UBND ngày 05 tháng 3 năm 2025 của UBND xã …)"; a draft
    leaves the number and the day blank."""
    number = f"số {symbol}" if spec.number is not None else f"số{BLANK}{symbol}"
    when = long_date(spec.date) if spec.date else f"ngày{BLANK}tháng{BLANK}năm {spec.year}"
    return f"(Kèm theo {canonical_type(spec.kind)} {number} {when} của {org.short or org.name})"


def build_appendices(
    spec: DocumentSpec,
    catalog: Catalog,
    org: Org,
    compose: Callable[[str, Location], str],
    levels: dict[str, str],
    symbol: str,
    policy: str = "previous",
) -> list[Appendix]:
    """The Phụ lục of each schedule the spec names, in order (derived dates on a day off
    follow the deadline *policy*)."""
    count = len(spec.appendices)
    out: list[Appendix] = []
    for index, schedule_id in enumerate(spec.appendices, 1):
        schedule = catalog.schedule(schedule_id, spec.loc("appendices"))
        rows = _rows(schedule, spec, catalog, org, compose, levels, policy)
        title = upper(_text(compose, schedule.title, schedule.where))
        out.append(
            Appendix(
                heading(index, count), (title,), kem_theo(spec, org, symbol), schedule.columns, rows
            )
        )
    return out


def _rows(
    schedule: Schedule,
    spec: DocumentSpec,
    catalog: Catalog,
    org: Org,
    compose: Callable[[str, Location], str],
    levels: dict[str, str],
    policy: str,
) -> tuple[AppendixRow, ...]:
    if spec.school_year is None:
        raise CatalogError(
            "a Phụ lục of tasks needs the spec's school year",
            where=spec.loc("appendices"),
            hint="add 'school_year: 2024-2025'",
        )
    rows: list[AppendixRow] = []
    groups = 0
    for group in schedule.groups:
        level = levels.get(group.level, group.level)
        kept = [r for r in group.rows if not r.levels or org.level in r.levels]
        if not kept or not level:
            continue
        groups += 1
        rows.append(
            AppendixRow(roman(groups), upper(_text(compose, group.title, group.where)), group=True)
        )
        for number, row in enumerate(kept, 1):
            rows.append(
                AppendixRow(
                    str(number),
                    _text(compose, row.text, row.where),
                    _time(row, spec, catalog, level, policy),
                    _text(compose, row.product, row.where),
                )
            )
    return tuple(rows)


def _time(row: ScheduleRow, spec: DocumentSpec, catalog: Catalog, level: str, policy: str) -> str:
    assert spec.school_year is not None
    milestone = catalog.milestone(row.milestone, spec.school_year, row.where)
    return TIME_PHRASES[row.form](deadline(catalog, milestone, level, policy).day)


def _text(compose: Callable[[str, Location], str], text: str, where: Location) -> str:
    return plain(spans(compose(text, where))) if text else ""


def check_mentioned(body_text: str, appendices: list[Appendix], where: Location) -> None:
    """NĐ30 §6: the main text must mention every appendix."""
    for appendix in appendices:
        if not re.search(re.escape(appendix.heading) + r"(?![IVXLC])", body_text):
            raise CatalogError(
                f"the text never mentions its '{appendix.heading}'",
                where=where,
                hint=f"NĐ30 wants every appendix named in the text, e.g. "
                f"'(chi tiết tại {appendix.heading} kèm theo)'",
            )
