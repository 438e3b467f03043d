"""The catalog: every organisation, reference, task list and milestone, indexed by id.

Task lists, milestones and targets belong to an owner (an organisation's id: a Bộ, a Sở, a
xã), given by the entry's ``owner:`` or by the ``owner:`` key at the top of its file; one
without either is shared by every document. Ids are unique per owner, so two provinces may
both have a ``cntt-cds``. A document sees the entries of its issuer and of the issuer's
superiors, the nearest owner's first (:meth:`Catalog.seen_by`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from copy import copy
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from docgen.catalog import parse, parse_report
from docgen.catalog.parse_cascade import parse_cascade_profile
from docgen.catalog.textrefs import cited_ids, deadline_problems
from docgen.catalog.yamlio import MDict, load_yaml, place_of, where_of
from docgen.errors import CatalogError, DocgenError, Location, combined
from docgen.i18n import N_, _
from docgen.model.cascade import TOKENS, CascadeProfile
from docgen.model.entities import (
    LEVELS,
    Level,
    Milestone,
    Org,
    OrgType,
    Reference,
    Target,
    TaskList,
)
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

#: the sections whose entries belong to an owner, and what one entry of each is called
OWNED: dict[str, str] = {
    "task_lists": N_("task list"),
    "milestones": N_("milestone"),
    "targets": N_("target"),
}

#: the key at the top of a catalog file naming the owner of its entries
OWNER_KEY = "owner"

Owned = TaskList | Milestone | Target


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
    #: the organisation a view is seen by (:meth:`seen_by`), "" for the whole catalog
    _viewer: str = field(default="", init=False, repr=False, compare=False)
    #: the whole catalog a view was made from
    _whole: Catalog | None = field(default=None, init=False, repr=False, compare=False)
    #: views made, by the owners they see
    _views: dict[tuple[object, ...], Catalog] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    #: where each owner was first named (a file's ``owner:`` key, an entry's)
    owner_where: dict[str, Location] = field(default_factory=dict, repr=False, compare=False)

    # -- lookups ---------------------------------------------------------------------------
    def org(self, org_id: str, where: Location | None = None) -> Org:
        """The organisation with this id, or a clear error."""
        return _get(self.orgs, org_id, N_("organisation"), where)

    def ref(self, ref_id: str, where: Location | None = None) -> Reference:
        """The reference with this id, or a clear error."""
        return _get(self.references, ref_id, N_("reference"), where)

    def task_list(self, list_id: str, where: Location | None = None) -> TaskList:
        """The task list with this id (as this view sees it), or a clear error."""
        found: TaskList = self._owned("task_lists", list_id, list_id, where)
        return found

    def milestone(self, ms_id: str, year: SchoolYear, where: Location | None = None) -> Milestone:
        """The milestone *ms_id* of school year *year* (as this view sees it)."""
        key = f"{ms_id}@{year}"
        table = self.milestones
        if key in table:
            return table[key]
        whole = self._whole or self
        if any(_plain_key(e) == key for e in whole._table("milestones").values()):
            elsewhere: Milestone = self._owned("milestones", key, ms_id, where)  # an owner's
            return elsewhere
        known = sorted({m.id for m in table.values()})
        if ms_id in known:
            years = sorted(str(m.school_year) for m in table.values() if m.id == ms_id)
            raise CatalogError(
                f"milestone '{ms_id}' has no dates for {year}"
                + (f" that {self._viewer} sees" if self._viewer else ""),
                where=where,
                hint=_("add it to {owners_file} (known years: {years})").format(
                    owners_file=self._owners_file(), years=", ".join(years)
                ),
            )
        found: Milestone = self._owned("milestones", key, ms_id, where, known)
        return found

    def figure(self, figure_id: str, where: Location | None = None) -> Figure:
        """The figure with this id, or a clear error."""
        return _get(self.figures, figure_id, N_("figure"), where)

    def target(self, target_id: str, where: Location | None = None) -> Target:
        """The target with this id (as this view sees it), or a clear error."""
        found: Target = self._owned("targets", target_id, target_id, where)
        return found

    # -- owners ----------------------------------------------------------------------------
    def owners(self, org_id: str) -> list[str]:
        """*org_id* and its superiors, nearest first (each once; an id the catalog does not
        have ends the chain)."""
        chain: list[str] = []
        current: str | None = org_id
        while current and current not in chain:
            chain.append(current)
            org = self.orgs.get(current)
            current = org.parent if org is not None else None
        return chain

    def seen_by(self, org_id: str) -> Catalog:
        """The catalog as a document of *org_id* sees it: the task lists, milestones and
        targets of the organisation, of its superiors and the shared ones, by plain id (the
        nearest owner's where several have one). Views are made once per chain of owners."""
        whole = self._whole or self
        chain = [o for o in whole.owners(org_id) if o in whole.owner_where]
        key = (*chain, *(len(getattr(whole, s)) for s in OWNED))
        view = whole._views.get(key)
        if view is None:
            view = copy(whole)
            view._whole, view._viewer, view._views = whole, org_id, {}
            rank = {owner: n for n, owner in enumerate(reversed([*chain, ""]))}
            for section in OWNED:
                entries = [e for e in getattr(whole, section).values() if e.owner in rank]
                entries.sort(key=lambda e: rank[e.owner])  # farthest first: the nearest wins
                setattr(view, section, {_plain_key(e): e for e in entries})
            whole._views[key] = view
        elif view._viewer != org_id:
            view = copy(view)
            view._viewer = org_id
        return view

    @property
    def viewer(self) -> str:
        """The organisation this view is seen by ("" for the whole catalog)."""
        return self._viewer

    def _table(self, section: str) -> dict[str, Owned]:
        table: dict[str, Owned] = getattr(self, section)
        return table

    def _owned(
        self,
        section: str,
        key: str,
        shown: str,
        where: Location | None,
        known: Iterable[str] | None = None,
    ) -> Any:
        """The entry *key* of an owned section: this view's, else (the whole catalog) the
        only owner's; an error says who has it when the document cannot see it."""
        table = self._table(section)
        if key in table:
            return table[key]
        what = OWNED[section]
        whole = self._whole or self
        holders = sorted({e.owner for e in whole._table(section).values() if _plain_key(e) == key})
        if holders and not self._viewer and len(holders) == 1:
            return next(e for e in table.values() if _plain_key(e) == key)
        if holders and not self._viewer:
            raise CatalogError(
                _("{what} '{shown}' belongs to several owners ({holders})").format(
                    what=_(what), shown=shown, holders=", ".join(holders)
                ),
                where=where,
                hint=_("look it up as the document of one organisation sees it"),
            )
        if holders:
            raise CatalogError(
                _(
                    "{what} '{shown}' is not one of {viewer}'s nor of its superiors' (it "
                    "belongs to {holders})"
                ).format(
                    what=_(what), shown=shown, viewer=self._viewer, holders=", ".join(holders)
                ),
                where=where,
                hint=_("add a {what} '{shown}' to {owners_file}").format(
                    what=_(what), shown=shown, owners_file=self._owners_file()
                ),
            )
        plain = known if known is not None else sorted({e.id for e in table.values()})
        return _get({}, shown, what, where, plain)

    def _owners_file(self) -> str:
        """Where this view's own entries go, in words."""
        if not self._viewer:
            return "the catalog"
        return f"a catalog file with '{OWNER_KEY}: {self._viewer}' at its top"

    def org_type(self, org: Org) -> OrgType | None:
        """*org*'s type within its level: the one it names, else the one whose name its name
        shows first ("Ủy ban nhân dân phường …"), else its level's first (None: the level
        has no types)."""
        level = self.levels.get(org.level)
        types = level.types if level is not None else ()
        if org.type:
            return next((t for t in types if t.id == org.type), None)
        words = f" {org.name.casefold()} "
        shown = [(words.find(f" {t.name.casefold()} "), n) for n, t in enumerate(types)]
        named = sorted((pos, n) for pos, n in shown if pos >= 0)
        if named:
            return types[named[0][1]]
        return types[0] if types else None

    def report_table(self, table_id: str, where: Location | None = None) -> ReportTable:
        """The report table with this id, or a clear error."""
        return _get(self.report_tables, table_id, N_("report table"), where)

    def schedule(self, schedule_id: str, where: Location | None = None) -> Schedule:
        """The schedule (a plan's task table) with this id, or a clear error."""
        return _get(self.schedules, schedule_id, N_("schedule"), where)

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
        """The organisation's cascade profile over its type's (``{id: xa, type: phuong}``)
        over its level's (any may be absent)."""
        profile = self.cascade.get(org.level, CascadeProfile(id=org.level))
        kind = self.org_type(org)
        typed = self.cascade.get(f"{org.level}/{kind.id}") if kind is not None else None
        if typed is not None:
            profile = typed.over(profile)
        own = self.cascade.get(org.id)
        return own.over(profile) if own is not None else profile

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
                _("catalog folder not found"), file=root, hint=_("give the catalogs/ folder")
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
            raise CatalogError(_("a catalog file must start with a key such as 'orgs:'"), where=top)
        owner = self._file_owner(data, top)
        for key, items in data.items():
            if key == OWNER_KEY:
                continue
            if key not in SECTIONS:
                guess = suggest(key, SECTIONS)
                raise CatalogError(
                    _("unknown catalog section '{key}'").format(key=key),
                    where=data.key_where(key, top) if isinstance(data, MDict) else top,
                    hint=_("did you mean '{guess}'?").format(guess=guess)
                    if guess
                    else _("use {sections}").format(sections=", ".join(SECTIONS)),
                )
            if not isinstance(items, list):
                raise CatalogError(
                    _("'{key}' must be a list").format(key=key), where=where_of(items, top)
                )
            for item in items:
                try:
                    entity = SECTIONS[key](item, where_of(item, top))
                    if key in OWNED:
                        entity = self._owned_by(entity, owner)
                    self._add(key, entity)
                except DocgenError as exc:
                    errors.append(exc)

    def _file_owner(self, data: dict[str, Any], top: Location) -> str:
        """The ``owner:`` at the top of a file ("" when it has none)."""
        if OWNER_KEY not in data:
            return ""
        value = data[OWNER_KEY]
        where = data.key_where(OWNER_KEY, top) if isinstance(data, MDict) else top
        if not isinstance(value, str) or not value.strip():
            raise CatalogError(
                _("'owner' must be the id of an organisation"),
                where=where_of(value, where),
                hint=_("write e.g. 'owner: sgddt-quang-ngai' (its entries belong to it)"),
            )
        owner = value.strip()
        self.owner_where.setdefault(owner, where_of(value, where))
        return owner

    def _owned_by(self, entity: Owned, owner: str) -> Owned:
        """*entity* with the file's *owner* when it names none."""
        if entity.owner:
            self.owner_where.setdefault(entity.owner, entity.where)
            return entity
        return replace(entity, owner=owner) if owner else entity

    def _add(self, section: str, entity: Any) -> None:
        table: dict[str, Any] = getattr(self, section)
        key = _plain_key(entity)
        if getattr(entity, "owner", ""):
            key = f"{entity.owner}/{key}"
        if isinstance(entity, TaskList) and key in table:
            table[key] = _merge_task_lists(table[key], entity)
            return
        if key in table:
            what = OWNED.get(section, "")
            whose = (
                _(" of owner {owner}").format(owner=entity.owner)
                if getattr(entity, "owner", "")
                else ""
            )
            shown = f"'{entity.id}'"
            if isinstance(entity, Milestone):
                shown += _(" for {school_year}").format(school_year=entity.school_year)
            raise CatalogError(
                _("duplicate {value}id {shown}{whose} (first defined at {where})").format(
                    value=_(what) + " " if what else "",
                    shown=shown,
                    whose=whose,
                    where=table[key].where,
                ),
                where=entity.where,
                hint=_duplicate_hint(entity, bool(what)),
            )
        table[key] = entity

    # -- checking --------------------------------------------------------------------------
    def problems(self) -> list[DocgenError]:
        """Every dangling id or inconsistency across files."""
        errors: list[DocgenError] = []
        errors += self._org_problems()
        errors += self._owner_problems()
        for ref in self.references.values():
            if ref.superseded_by:
                errors += _missing(self.references, [ref.superseded_by], N_("reference"), ref.where)
        for tl in self.task_lists.values():
            for node in tl.walk():
                ids = list(node.refs)
                for text in (node.title, node.text, *node.intro, *node.outro):
                    ids += cited_ids(text, node.where)
                    errors += deadline_problems(text, node.where)
                for ref_id in dict.fromkeys(ids):  # a text citing one twice: said once
                    if ref_id not in self.references:  # said at the line that cites it
                        where = place_of(ref_id, node.where)
                        errors += _missing(self.references, [ref_id], N_("reference"), where)
        for target in self.targets.values():
            if target.ref:
                errors += _missing(self.references, [target.ref], N_("reference"), target.where)
        errors += self._report_problems()
        errors += self._cascade_problems()
        return errors

    def _owner_problems(self) -> list[DocgenError]:
        """Every owner is an organisation; every organisation's type is one of its level's."""
        errors: list[DocgenError] = []
        for owner, where in self.owner_where.items():
            if owner not in self.orgs:
                guess = suggest(owner, self.orgs)
                errors.append(
                    CatalogError(
                        _("owner '{owner}' is not an organisation of the catalog").format(
                            owner=owner
                        ),
                        where=where,
                        hint=_("did you mean '{guess}'?").format(guess=guess)
                        if guess
                        else _("give the id of an organisation (catalogs/orgs/)"),
                    )
                )
        for org in self.orgs.values():
            if org.type and self.org_type(org) is None:
                errors.append(self._type_error(org.type, org.level, org.where))
        return errors

    def _type_error(self, kind: str, level: str, where: Location) -> CatalogError:
        level_ = self.levels.get(level)
        types = [t.id for t in level_.types] if level_ is not None else []
        guess = suggest(kind, types)
        return CatalogError(
            _("level '{level}' has no type '{kind}'").format(level=level, kind=kind),
            where=where,
            hint=_("did you mean '{guess}'?").format(guess=guess)
            if guess
            else _("types of {level}: {types}").format(level=level, types=", ".join(types))
            if types
            else _(
                "add it under '{level}' in levels.yaml (types: [{{id: {kind}, name: …}}])"
            ).format(level=level, kind=kind),
        )

    def _has_owned(self, section: str, ids: Iterable[str], where: Location) -> list[DocgenError]:
        """An error for each id no owner has in *section*."""
        known = {e.id: e for e in self._table(section).values()}
        return _missing(known, ids, OWNED[section], where)

    def _cascade_problems(self) -> list[DocgenError]:
        """A profile names a level or an organisation; its ids resolve."""
        errors: list[DocgenError] = []
        for profile in self.cascade.values():
            where = profile.where
            org = self.orgs.get(profile.id)
            if profile.type:
                if profile.id not in LEVELS:
                    errors.append(
                        CatalogError(
                            _("cascade profile '{id}' has a type but is not a level").format(
                                id=profile.id
                            ),
                            where=where,
                            hint=_("'type:' goes with a level: {levels}").format(
                                levels=", ".join(LEVELS)
                            ),
                        )
                    )
                    continue
                level = self.levels.get(profile.id)
                if level is None or all(t.id != profile.type for t in level.types):
                    errors.append(self._type_error(profile.type, profile.id, where))
            if profile.id not in LEVELS and org is None:
                guess = suggest(profile.id, [*LEVELS, *self.orgs])
                errors.append(
                    CatalogError(
                        _(
                            "cascade profile '{id}' names neither a level nor an organisation"
                        ).format(id=profile.id),
                        where=where,
                        hint=_("did you mean '{guess}'?").format(guess=guess)
                        if guess
                        else _("levels: {levels}").format(levels=", ".join(LEVELS)),
                    )
                )
            if org is not None and profile.signer and org.signer(profile.signer) is None:
                known = ", ".join(s.id for s in org.signers) or "none"
                errors.append(
                    CatalogError(
                        _("'{signer}' is not a signer of '{id}'").format(
                            signer=profile.signer, id=org.id
                        ),
                        where=where,
                        hint=_("signers of {id}: {known}").format(id=org.id, known=known),
                    )
                )
            names = [*(profile.recipients or ()), *(c.text for c in profile.cc or ())]
            ids = [n for n in names if _looks_like_id(n) and n not in TOKENS]
            errors += _missing(self.orgs, ids, N_("organisation"), where)
            for block in profile.body or ():
                cited = [i for i in cited_ids(block.text, block.where) if i not in TOKENS]
                errors += _missing(self.references, cited, N_("reference"), block.where)
                if block.kind == "tasks" and block.task_list not in TOKENS:
                    if org is not None:  # as the organisation's documents see them
                        seen = self.seen_by(org.id).task_lists
                        errors += _missing(seen, [block.task_list], N_("task list"), block.where)
                    else:  # a level's: some owner has it
                        errors += self._has_owned("task_lists", [block.task_list], block.where)
        return errors

    def _report_problems(self) -> list[DocgenError]:
        """Figures, targets and milestones named by targets, report tables and schedules."""
        errors: list[DocgenError] = []
        for target in self.targets.values():
            for measure in target.measures:
                errors += _missing(self.figures, [measure.figure], N_("figure"), measure.where)
        for table in self.report_tables.values():
            for group in table.groups:
                for row in group.rows:
                    errors += self._has_owned("targets", row.targets, row.where)
                    for line in row.lines:
                        ids = parse_report.figure_calls(line, row.where)
                        errors += _missing(self.figures, ids, N_("figure"), row.where)
        known = dict.fromkeys(m.id for m in self.milestones.values())
        for schedule in self.schedules.values():
            for actor in schedule.groups:
                for task in actor.rows:
                    errors += _missing(known, [task.milestone], N_("milestone"), task.where)
        return errors

    def _org_problems(self) -> list[DocgenError]:
        errors: list[DocgenError] = list(parse.successor_unit_problems(self.orgs))
        for org in self.orgs.values():
            errors += _missing(
                self.orgs, [org.parent] if org.parent else [], N_("organisation"), org.where
            )
            if org.successor:
                errors += _missing(self.orgs, [org.successor], N_("organisation"), org.where)
            parent = self.orgs.get(org.parent or "")
            if parent and parent.depth >= org.depth:
                errors.append(
                    CatalogError(
                        _(
                            "organisation '{id}' ({level}) cannot be under '{id2}' ({level2})"
                        ).format(id=org.id, level=org.level, id2=parent.id, level2=parent.level),
                        where=org.where,
                        hint=_("a parent must be a level above its child"),
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
                        CatalogError(
                            _("organisation parents form a cycle: {chain}").format(chain=chain),
                            where=org.where,
                        )
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


def _plain_key(entity: Any) -> str:
    """An entry's key within its owner: its id (a milestone's with its school year, a
    profile for a type of organisation's with that type)."""
    if isinstance(entity, Milestone):
        return f"{entity.id}@{entity.school_year}"
    if isinstance(entity, CascadeProfile) and entity.type:
        return f"{entity.id}/{entity.type}"
    return str(entity.id)


def _duplicate_hint(entity: Any, owned: bool) -> str:
    """What to do about a duplicate id: always in the file of the entry said twice."""
    file = entity.where.file
    if not owned:
        return f"ids must be unique: rename this one in {file}"
    if entity.owner:
        return f"ids must be unique per owner: rename this one in {file}"
    return (
        f"ids must be unique per owner: rename this one in {file}, or put "
        f"'{OWNER_KEY}: <organisation id>' at the top of {file}"
    )


def _looks_like_id(text: str) -> bool:
    """Specs name organisations by id (lower case, no spaces); other text is literal."""
    return " " not in text and text.islower()


def _merge_task_lists(first: TaskList, more: TaskList) -> TaskList:
    """A task list may be spread over several files (one per school year): sections append."""
    known = {s.id: s for s in first.sections}
    for section in more.sections:
        if section.id in known:
            raise CatalogError(
                _("task list '{id}' has section '{id2}' twice (first at {where})").format(
                    id=first.id, id2=section.id, where=known[section.id].where
                ),
                where=section.where,
                hint=_(
                    "section ids must be unique within a task list: rename this one in {file}"
                ).format(file=section.where.file),
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
        _("unknown {what} '{key}'").format(what=_(what), key=key),
        where=where,
        hint=_("did you mean '{guess}'?").format(guess=guess)
        if guess
        else _("add it to the {what} catalog").format(what=_(what)),
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
