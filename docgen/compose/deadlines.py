"""Deadlines per level: from the catalog, or derived from the parent level's deadline
minus the level's lead time in Vietnamese working days.

A level the milestone does not date gets the deadline of the level directly above it (itself
dated or derived) minus its own ``lead_working_days`` (the milestone's for that level, else
catalogs/levels.yaml's). A unit (an organisation) of a level may have a deadline of its own:
the first of the milestone's cases for its level that matches its school types and the level
it reports to (its parent's) gives a date, or a lead time before the deadline of the level it
reports to. A unit that reports to a level the milestone dates (or can derive) counts its lead
time from there (a THPT school under the Sở: from the Sở's date, not the xã's). Counting
working days always lands on one; a date that still falls on a day off (a lead of 0 below a
parent dated on a Saturday) moves to the previous working day under the "previous" policy,
or is kept under "keep". A date the catalog gives is never moved: it is what the parent
wrote. Every date on a day off says so in ``day_off``, for reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from docgen.catalog.catalog import Catalog
from docgen.errors import CatalogError, DocgenError
from docgen.i18n import _
from docgen.model.entities import DEPTH, LEVELS, DeadlineCase, Milestone, Org
from docgen.vn.workdays import add_working_days, holiday_name, is_working_day, previous_working_day

POLICIES = ("previous", "keep")


@dataclass(frozen=True)
class Deadline:
    """A computed deadline and how it was reached (for reports and manifests).

    ``moved_from`` is the day off the policy moved it from; ``day_off`` names the day off
    (a holiday, or "weekend") the deadline itself falls on, if it does.
    """

    milestone: str
    level: str
    day: date
    derived: bool = False
    note: str = ""
    moved_from: date | None = None
    day_off: str = ""
    #: whom the milestone's case that gave it is for ("school types thpt; reporting to so")
    case: str = ""


def day_off(day: date) -> str:
    """The holiday's name, "weekend", or "" for a working day."""
    if is_working_day(day):
        return ""
    return holiday_name(day) or "weekend"


def parent_level(catalog: Catalog, level: str) -> str | None:
    """The level directly above *level* (the current one where two share a depth)."""
    above = [lv for lv in reversed(LEVELS) if DEPTH[lv] == DEPTH[level] - 1]
    return above[0] if above else None


def check_policy(policy: str) -> str:
    """*policy*, if it is one of :data:`POLICIES`."""
    if policy not in POLICIES:
        raise DocgenError(
            _("unknown deadline policy '{policy}'").format(policy=policy),
            hint=_("use 'previous' or 'keep'"),
        )
    return policy


def deadline(
    catalog: Catalog,
    ms: Milestone,
    level: str,
    policy: str = POLICIES[0],
    *,
    unit: Org | None = None,
) -> Deadline:
    """The deadline of *ms* for *level* (catalog value, else derived from the level above);
    a derived one on a day off follows *policy* (one of :data:`POLICIES`). For a *unit* of
    that level, the milestone's first case that matches it, and the level it reports to."""
    policy = check_policy(policy)
    school_types, report_to = unit_of(catalog, unit)
    case = _case(ms, level, school_types, report_to) if unit is not None else None
    whom = _whom(case) if case is not None else ""
    if case is not None and case.day is not None:
        day = case.day
        return Deadline(ms.id, level, day, note=f"for {whom}", day_off=day_off(day), case=whom)
    lead = case.lead_working_days if case is not None else None
    if lead is None and level in ms.deadlines:
        day = ms.deadlines[level]
        return Deadline(ms.id, level, day, day_off=day_off(day))
    if lead is None:
        lead = ms.leads.get(level, catalog.lead_days(level))
    above = _source(ms, level, report_to)
    if above is None:
        raise CatalogError(
            _("milestone '{id}' ({school_year}) has no deadline for '{level}' or above").format(
                id=ms.id, school_year=ms.school_year, level=level
            ),
            where=ms.where,
            hint=_("add '{level}: YYYY-MM-DD' under its deadlines").format(level=level),
        )
    base = deadline(catalog, ms, above, policy)
    day = add_working_days(base.day, -lead) if lead else base.day
    note = (f"for {whom}: " if whom else "") + (
        f"{lead} working days before {above} ({base.day.isoformat()})"
    )
    off = day_off(day)
    moved_from = None
    if off and policy == "previous":
        moved_from, day = day, previous_working_day(day)
        note += f"; {moved_from.isoformat()} is a day off ({off}), moved to {day.isoformat()}"
        off = ""
    elif off:
        note += f"; {day.isoformat()} is a day off ({off}), kept"
    return Deadline(
        ms.id,
        level,
        day,
        derived=True,
        note=note,
        moved_from=moved_from,
        day_off=off,
        case=whom,
    )


def unit_of(catalog: Catalog, unit: Org | None) -> tuple[tuple[str, ...], str]:
    """What picks a unit's deadline: its school types and the level it reports to (its
    parent's; "" without a unit or a parent the catalog knows)."""
    if unit is None:
        return (), ""
    parent = catalog.orgs.get(unit.parent or "")
    return unit.school_types, parent.level if parent is not None else ""


def _case(
    ms: Milestone, level: str, school_types: tuple[str, ...], report_to: str
) -> DeadlineCase | None:
    return next((c for c in ms.cases if c.matches(level, school_types, report_to)), None)


def _whom(case: DeadlineCase) -> str:
    parts = []
    if case.school_types:
        parts.append("school types " + ", ".join(case.school_types))
    if case.report_to:
        parts.append(f"reporting to {case.report_to}")
    return "; ".join(parts)


def _source(ms: Milestone, level: str, report_to: str) -> str | None:
    """The level a derived deadline counts back from: the one the unit reports to when the
    milestone dates it or can derive it, else the level above (:func:`_level_above`)."""
    if report_to and DEPTH[report_to] < DEPTH[level] and _dated_or_derived(ms, report_to):
        return report_to
    return _level_above(ms, level)


def _dated_or_derived(ms: Milestone, level: str) -> bool:
    return level in ms.deadlines or _level_above(ms, level) is not None


def _level_above(ms: Milestone, level: str) -> str | None:
    """The level one depth up to derive from: one the milestone dates, else one that can be
    derived itself (the current hierarchy first: xã before the former Phòng)."""
    depth = DEPTH[level]
    above = [lv for lv in reversed(LEVELS) if DEPTH[lv] == depth - 1]
    dated = [lv for lv in above if lv in ms.deadlines]
    if dated:
        return dated[0]
    if any(DEPTH[lv] < depth - 1 for lv in ms.deadlines):
        return above[0] if above else None
    return None
