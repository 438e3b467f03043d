"""Deadlines per level: from the catalog, or derived from the parent level's deadline
minus the level's lead time in Vietnamese working days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from docgen.catalog.catalog import Catalog
from docgen.errors import CatalogError
from docgen.model.entities import DEPTH, Milestone
from docgen.vn.workdays import add_working_days, holiday_name, is_working_day, previous_working_day

POLICIES = ("previous", "keep")


@dataclass(frozen=True)
class Deadline:
    """A computed deadline and how it was reached (for reports and manifests)."""

    milestone: str
    level: str
    day: date
    derived: bool = False
    note: str = ""


def parent_level(catalog: Catalog, level: str) -> str | None:
    """The level directly above *level* that the milestone defines, if any."""
    above = [lv for lv, d in DEPTH.items() if d == DEPTH[level] - 1]
    return above[0] if above else None


def deadline(catalog: Catalog, ms: Milestone, level: str, policy: str = "previous") -> Deadline:
    """The deadline of *ms* for *level* (catalog value, else derived from the level above)."""
    if level in ms.deadlines:
        return Deadline(ms.id, level, ms.deadlines[level])
    above = _defined_above(ms, level)
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
    if policy == "previous" and not is_working_day(day):
        moved = previous_working_day(day)
        why = holiday_name(day) or "weekend"
        note += f"; {day.isoformat()} is a day off ({why}), moved to {moved.isoformat()}"
        day = moved
    return Deadline(ms.id, level, day, derived=True, note=note)


def _defined_above(ms: Milestone, level: str) -> str | None:
    depth = DEPTH[level]
    candidates = [lv for lv in ms.deadlines if DEPTH[lv] < depth]
    return max(candidates, key=lambda lv: DEPTH[lv]) if candidates else None
