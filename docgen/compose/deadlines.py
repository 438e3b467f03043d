"""Deadlines per level: from the catalog, or derived from the parent level's deadline
minus the level's lead time in Vietnamese working days.

A level the milestone does not date gets the deadline of the level directly above it (itself
dated or derived) minus its own ``lead_working_days`` (catalogs/levels.yaml). Counting
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
from docgen.model.entities import DEPTH, LEVELS, Milestone
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
        raise DocgenError(f"unknown deadline policy '{policy}'", hint="use 'previous' or 'keep'")
    return policy


def deadline(catalog: Catalog, ms: Milestone, level: str, policy: str = POLICIES[0]) -> Deadline:
    """The deadline of *ms* for *level* (catalog value, else derived from the level above);
    a derived one on a day off follows *policy* (one of :data:`POLICIES`)."""
    policy = check_policy(policy)
    if level in ms.deadlines:
        day = ms.deadlines[level]
        return Deadline(ms.id, level, day, day_off=day_off(day))
    above = _level_above(ms, level)
    if above is None:
        raise CatalogError(
            f"milestone '{ms.id}' ({ms.school_year}) has no deadline for '{level}' or above",
            where=ms.where,
            hint=f"add '{level}: YYYY-MM-DD' under its deadlines",
        )
    base = deadline(catalog, ms, above, policy)
    lead = catalog.lead_days(level)
    day = add_working_days(base.day, -lead) if lead else base.day
    note = f"{lead} working days before {above} ({base.day.isoformat()})"
    off = day_off(day)
    moved_from = None
    if off and policy == "previous":
        moved_from, day = day, previous_working_day(day)
        note += f"; {moved_from.isoformat()} is a day off ({off}), moved to {day.isoformat()}"
        off = ""
    elif off:
        note += f"; {day.isoformat()} is a day off ({off}), kept"
    return Deadline(ms.id, level, day, derived=True, note=note, moved_from=moved_from, day_off=off)


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
