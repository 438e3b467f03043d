"""The catalog: every organisation, reference, task list and milestone, indexed by id."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from docgen.catalog import parse, parse_report
from docgen.catalog.parse_cascade import parse_cascade_profile
from docgen.catalog.textrefs import cited_ids
from docgen.catalog.yamlio import MDict, load_yaml, place_of, where_of
from docgen.errors import CatalogError, DocgenError, Location, combined
from docgen.model.cascade import TOKENS, CascadeProfile
from docgen.model.entities import LEVELS, Level, Milestone, Org, Reference, Target, TaskList
from docgen.model.report import Figure, ReportTable, Schedule
from docgen.vn.schoolyear import SchoolYear
from docgen.vn.text import suggest

T = TypeVar("T")

SECTIONS: dict[str, Callable[[Any, Location], Any]] = {
    "levels": parse.parse_level,
    "orgs": parse.parse_org,
    "references": parse.parse_reference,
    "task_lists": parse.parse_task_list,
    "milestones": parse.parse_milestone,
    "targets": parse.parse_target,
    "figures": parse_report.parse_figure,
    "report_tables": parse_report.parse_report_table,
    "schedules": parse_report.parse_schedule,
    "cascade": parse_cascade_profile,
}


@dataclass
class Catalog:
    """All catalog entities by id, with lookups that suggest the closest id on a typo."""

    levels: dict[str, Level] = field(default_factory=dict)
    orgs: dict[str, Org] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)
    task_lists: dict[str, TaskList] = field(default_factory=dict)
    milestones: dict[str, Milestone] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    report_tables: dict[str, ReportTable] = field(default_factory=dict)
    schedules: dict[str, Schedule] = field(default_factory=dict)
    cascade: dict[str, CascadeProfile] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    #: children by parent id, made on first use (and again if organisations are added)
    _children: tuple[int, dict[str, list[Org]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    # -- lookups ---------------------------------------------------------------------------
    def org(self, org_id: str, where: Location | None = None) -> Org:
        """The organisation with this id, or a clear error."""
        return _get(self.orgs, org_id, "organisation", where)

    def ref(self, ref_id: str, where: Location | None = None) -> Reference:
        """The reference with this id, or a clear error."""
        return _get(self.references, ref_id, "reference", where)

    def task_list(self, list_id: str, where: Location | None = None) -> TaskList:
        """The task list with this id, or a clear error."""
        return _get(self.task_lists, list_id, "task list", where)

    def milestone(self, ms_id: str, year: SchoolYear, where: Location | None = None) -> Milestone:
        """The milestone *ms_id* of school year *year*."""
        key = f"{ms_id}@{year}"
        if key in self.milestones:
            return self.milestones[key]
        known = sorted({m.id for m in self.milestones.values()})
        if ms_id in known:
            years = sorted(str(m.school_year) for m in self.milestones.values() if m.id == ms_id)
            raise CatalogError(
                f"milestone '{ms_id}' has no dates for {year}",
                where=where,
                hint=f"add it to the milestones catalog (known years: {', '.join(years)})",
            )
        return _get({}, ms_id, "milestone", where, known)

    def figure(self, figure_id: str, where: Location | None = None) -> Figure:
        """The figure with this id, or a clear error."""
        return _get(self.figures, figure_id, "figure", where)

    def target(self, target_id: str, where: Location | None = None) -> Target:
        """The target with this id, or a clear error."""
        return _get(self.targets, target_id, "target", where)

    def report_table(self, table_id: str, where: Location | None = None) -> ReportTable:
        """The report table with this id, or a clear error."""
        return _get(self.report_tables, table_id, "report table", where)

    def schedule(self, schedule_id: str, where: Location | None = None) -> Schedule:
        """The schedule (a plan's task table) with this id, or a clear error."""
        return _get(self.schedules, schedule_id, "schedule", where)

    def children(self, org_id: str, on: date | None = None) -> list[Org]:
        """Organisations whose parent is *org_id*, in catalog order (those that exist *on*
        that day, when one is given: see :func:`document_day`)."""
        index = self._children
        if index is None or index[0] != len(self.orgs):
            by_parent: dict[str, list[Org]] = {}
            for org in self.orgs.values():
                if org.parent:
                    by_parent.setdefault(org.parent, []).append(org)
            index = self._children = (len(self.orgs), by_parent)
        found = index[1].get(org_id, ())
        return [o for o in found if o.exists_on(on)] if on is not None else list(found)

    def successors(self, org: Org) -> Iterator[Org]:
        """*org*'s successor, that one's, and so on: each once (a cycle ends the chain, as
        does an id the catalog does not have)."""
        seen = {org.id}
        while org.successor and org.successor in self.orgs and org.successor not in seen:
            org = self.orgs[org.successor]
            seen.add(org.id)
            yield org

    def existing_on(self, org: Org, day: date) -> Org | None:
        """*org* if it exists on *day*, else the first of its :meth:`successors` that does
        (None: no organisation of the chain exists then)."""
        if org.exists_on(day):
            return org
        return next((s for s in self.successors(org) if s.exists_on(day)), None)

    def in_force(self, ref: Reference) -> Reference:
        """*ref*, or the reference that replaces it when it is superseded (following the
        chain of ``superseded_by``, each once)."""
        seen = {ref.id}
        while ref.status == "superseded" and ref.superseded_by:
            ref = self.ref(ref.superseded_by, ref.where)
            if ref.id in seen:
                break
            seen.add(ref.id)
        return ref

    def cascade_profile(self, org: Org) -> CascadeProfile:
        """The organisation's cascade profile over its level's (either may be absent)."""
        level = self.cascade.get(org.level, CascadeProfile(id=org.level))
        own = self.cascade.get(org.id)
        return own.over(level) if own is not None else level

    def lead_days(self, level: str) -> int:
        """Working days a level's deadline comes before its parent's."""
        return self.levels[level].lead_working_days if level in self.levels else 0

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def load(cls, folder: str | Path) -> Catalog:
        """Load every *.yaml under *folder*; report all problems at once."""
        root = Path(folder)
        if not root.is_dir():
            raise CatalogError(
                "catalog folder not found", file=root, hint="give the catalogs/ folder"
            )
        cat = cls()
        errors: list[DocgenError] = []
        for path in sorted(root.rglob("*.y*ml")):
            try:
                cat._add_file(path, errors)
            except DocgenError as exc:
                errors.append(exc)
        errors.extend(cat.problems())
        if errors:
            raise combined(errors)
        return cat

    def _add_file(self, path: Path, errors: list[DocgenError]) -> None:
        data = load_yaml(path)
        self.files.append(str(path))
        top = Location(str(path), 1)
        if not isinstance(data, dict):
            raise CatalogError("a catalog file must start with a key such as 'orgs:'", where=top)
        for key, items in data.items():
            if key not in SECTIONS:
                guess = suggest(key, SECTIONS)
                raise CatalogError(
                    f"unknown catalog section '{key}'",
                    where=data.key_where(key, top) if isinstance(data, MDict) else top,
                    hint=f"did you mean '{guess}'?" if guess else f"use {', '.join(SECTIONS)}",
                )
            if not isinstance(items, list):
                raise CatalogError(f"'{key}' must be a list", where=where_of(items, top))
            for item in items:
                try:
                    self._add(key, SECTIONS[key](item, where_of(item, top)))
                except DocgenError as exc:
                    errors.append(exc)

    def _add(self, section: str, entity: Any) -> None:
        table: dict[str, Any] = getattr(self, section)
        key = entity.id
        if isinstance(entity, Milestone):
            key = f"{entity.id}@{entity.school_year}"
        if isinstance(entity, TaskList) and key in table:
            table[key] = _merge_task_lists(table[key], entity)
            return
        if key in table:
            raise CatalogError(
                f"duplicate id '{key}' (first defined at {table[key].where})",
                where=entity.where,
                hint="ids must be unique; rename one",
            )
        table[key] = entity

    # -- checking --------------------------------------------------------------------------
    def problems(self) -> list[DocgenError]:
        """Every dangling id or inconsistency across files."""
        errors: list[DocgenError] = []
        errors += self._org_problems()
        for ref in self.references.values():
            if ref.superseded_by:
                errors += _missing(self.references, [ref.superseded_by], "reference", ref.where)
        for tl in self.task_lists.values():
            for node in tl.walk():
                ids = list(node.refs)
                for text in (node.title, node.text, *node.intro, *node.outro):
                    ids += cited_ids(text, node.where)
                for ref_id in dict.fromkeys(ids):  # a text citing one twice: said once
                    if ref_id not in self.references:  # said at the line that cites it
                        where = place_of(ref_id, node.where)
                        errors += _missing(self.references, [ref_id], "reference", where)
        for target in self.targets.values():
            if target.ref:
                errors += _missing(self.references, [target.ref], "reference", target.where)
        errors += self._report_problems()
        errors += self._cascade_problems()
        return errors

    def _cascade_problems(self) -> list[DocgenError]:
        """A profile names a level or an organisation; its ids resolve."""
        errors: list[DocgenError] = []
        for profile in self.cascade.values():
            where = profile.where
            org = self.orgs.get(profile.id)
            if profile.id not in LEVELS and org is None:
                guess = suggest(profile.id, [*LEVELS, *self.orgs])
                errors.append(
                    CatalogError(
                        f"cascade profile '{profile.id}' names neither a level nor an organisation",
                        where=where,
                        hint=f"did you mean '{guess}'?"
                        if guess
                        else f"levels: {', '.join(LEVELS)}",
                    )
                )
            if org is not None and profile.signer and org.signer(profile.signer) is None:
                known = ", ".join(s.id for s in org.signers) or "none"
                errors.append(
                    CatalogError(
                        f"'{profile.signer}' is not a signer of '{org.id}'",
                        where=where,
                        hint=f"signers of {org.id}: {known}",
                    )
                )
            names = [*(profile.recipients or ()), *(c.text for c in profile.cc or ())]
            ids = [n for n in names if _looks_like_id(n) and n not in TOKENS]
            errors += _missing(self.orgs, ids, "organisation", where)
            for block in profile.body or ():
                cited = [i for i in cited_ids(block.text, block.where) if i not in TOKENS]
                errors += _missing(self.references, cited, "reference", block.where)
                if block.kind == "tasks" and block.task_list not in TOKENS:
                    errors += _missing(self.task_lists, [block.task_list], "task list", block.where)
        return errors

    def _report_problems(self) -> list[DocgenError]:
        """Figures, targets and milestones named by targets, report tables and schedules."""
        errors: list[DocgenError] = []
        for target in self.targets.values():
            for measure in target.measures:
                errors += _missing(self.figures, [measure.figure], "figure", measure.where)
        for table in self.report_tables.values():
            for group in table.groups:
                for row in group.rows:
                    errors += _missing(self.targets, row.targets, "target", row.where)
                    for line in row.lines:
                        ids = parse_report.figure_calls(line, row.where)
                        errors += _missing(self.figures, ids, "figure", row.where)
        known = dict.fromkeys(m.id for m in self.milestones.values())
        for schedule in self.schedules.values():
            for actor in schedule.groups:
                for task in actor.rows:
                    errors += _missing(known, [task.milestone], "milestone", task.where)
        return errors

    def _org_problems(self) -> list[DocgenError]:
        errors: list[DocgenError] = list(parse.successor_unit_problems(self.orgs))
        for org in self.orgs.values():
            errors += _missing(
                self.orgs, [org.parent] if org.parent else [], "organisation", org.where
            )
            if org.successor:
                errors += _missing(self.orgs, [org.successor], "organisation", org.where)
            parent = self.orgs.get(org.parent or "")
            if parent and parent.depth >= org.depth:
                errors.append(
                    CatalogError(
                        f"organisation '{org.id}' ({org.level}) cannot be under '{parent.id}' "
                        f"({parent.level})",
                        where=org.where,
                        hint="a parent must be a level above its child",
                    )
                )
        errors += self._cycles()
        return errors

    def _cycles(self) -> list[DocgenError]:
        errors: list[DocgenError] = []
        for org in self.orgs.values():
            seen = [org.id]
            current = org
            while current.parent and current.parent in self.orgs:
                if current.parent in seen:
                    chain = " → ".join([*seen, current.parent])
                    errors.append(
                        CatalogError(f"organisation parents form a cycle: {chain}", where=org.where)
                    )
                    break
                seen.append(current.parent)
                current = self.orgs[current.parent]
        return errors


def document_day(day: date | None, school_year: SchoolYear | None, year: int) -> date:
    """The day the organisations of a document must exist on: its date, else the first day
    of its school year (1 August), else 1 January of its year."""
    if day is not None:
        return day
    if school_year is not None:
        return date(school_year.start, 8, 1)
    return date(year, 1, 1)


def _looks_like_id(text: str) -> bool:
    """Specs name organisations by id (lower case, no spaces); other text is literal."""
    return " " not in text and text.islower()


def _merge_task_lists(first: TaskList, more: TaskList) -> TaskList:
    """A task list may be spread over several files (one per school year): sections append."""
    known = {s.id: s for s in first.sections}
    for section in more.sections:
        if section.id in known:
            raise CatalogError(
                f"task list '{first.id}' has section '{section.id}' twice "
                f"(first at {known[section.id].where})",
                where=section.where,
                hint="section ids must be unique within a task list",
            )
    return replace(first, title=first.title or more.title, sections=first.sections + more.sections)


def _get(
    table: dict[str, T],
    key: str,
    what: str,
    where: Location | None,
    known: Iterable[str] | None = None,
) -> T:
    if key in table:
        return table[key]
    guess = suggest(key, list(known) if known is not None else list(table))
    raise CatalogError(
        f"unknown {what} '{key}'",
        where=where,
        hint=f"did you mean '{guess}'?" if guess else f"add it to the {what} catalog",
    )


def _missing(
    table: dict[str, Any], ids: Iterable[str], what: str, where: Location
) -> list[DocgenError]:
    errors: list[DocgenError] = []
    for key in ids:
        try:
            _get(table, key, what, where)
        except DocgenError as exc:
            errors.append(exc)
    return errors
