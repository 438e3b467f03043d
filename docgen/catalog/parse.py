"""Turn loaded YAML blocks into model entities (one small parser per kind)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from docgen.catalog import keys
from docgen.catalog.fields import Fields, levels_of, refuse_bool, school_types_of
from docgen.catalog.parse_report import parse_measures
from docgen.catalog.yamlio import MDict, is_bool, where_of
from docgen.errors import CatalogError, DocgenError, Location
from docgen.i18n import N_, _
from docgen.model.entities import (
    DEPTH,
    LEVELS,
    ROLES,
    DeadlineCase,
    Level,
    Milestone,
    Org,
    OrgType,
    Reference,
    Signer,
    Target,
    TaskList,
    TaskNode,
    YearRange,
)
from docgen.model.spec import NhuTren
from docgen.vn.schoolyear import SchoolYear
from docgen.vn.text import nfc, suggest

#: the keys of each record (and their types): docgen/catalog/keys.py
STATUSES = keys.STATUSES
NODE_KEYS = keys.TASK_ITEM


def parse_level(data: Any, where: Location) -> Level:
    """A hierarchy level with its lead time and its types of organisation."""
    f = Fields(data, N_("level"), where, keys.LEVEL)
    types = tuple(f.each("types", parse_org_type))
    seen: dict[str, OrgType] = {}
    for kind in types:
        if kind.id in seen:
            raise CatalogError(
                _("level '{id}' has type '{id2}' twice (first at {where})").format(
                    id=f.text("id"), id2=kind.id, where=seen[kind.id].where
                ),
                where=kind.where,
                hint=_("type ids must be unique within a level; rename one"),
            )
        seen[kind.id] = kind
    return Level(
        id=f.choice("id", LEVELS),
        name=f.text("name", ""),
        lead_working_days=f.number(
            "lead_working_days",
            0,
            between=(0, MAX_LEAD_WORKING_DAYS),
            hint=_("the working days a level's deadline comes before its parent's, e.g. 3"),
        )
        or 0,
        where=f.where,
        types=types,
    )


def parse_org_type(data: Any, where: Location) -> OrgType:
    """A type of organisation of a level: ``{id: phuong, name: phường}``."""
    f = Fields(data, N_("organisation type"), where, keys.ORG_TYPE)
    return OrgType(id=f.name("id", N_("the type id")), name=f.text("name"), where=f.where)


def parse_signer(data: Any, where: Location) -> Signer:
    """A signer of an organisation."""
    f = Fields(data, N_("signer"), where, keys.ORG_SIGNER)
    return Signer(
        id=f.text("id"),
        name=f.text("name"),
        title=f.text("title"),
        role=f.choice("role", ROLES, "head"),
        where=f.where,
    )


def parse_org(data: Any, where: Location) -> Org:
    """An organisation of the hierarchy."""
    f = Fields(data, N_("organisation"), where, keys.ORG)
    units = {str(k): nfc(str(v)) for k, v in f.mapping("units").items()}
    successor = f.opt_str("successor")
    successor_unit = f.opt_str("successor_unit")
    if successor_unit and not successor:
        raise CatalogError(
            _("organisation '{id}' names a successor_unit but no successor").format(
                id=f.text("id")
            ),
            where=f.at("successor_unit"),
            hint=_("add 'successor: <id>' (the organisation whose unit took over its duties)"),
        )
    return Org(
        id=f.name("id", N_("the organisation id")),
        name=f.text("name"),
        short=f.text("short", ""),
        level=f.choice("level", LEVELS),
        abbr=f.text("abbr"),
        place=f.text("place"),
        parent=f.opt_str("parent"),
        chu_quan=f.texts("chu_quan"),
        header_lines=f.texts("header"),
        collective=f.opt_str("collective"),
        head_title=f.text("head_title", ""),
        self_name=f.text("self_name", ""),
        units=units,
        signers=tuple(f.each("signers", parse_signer)),
        school_types=f.texts("school_types"),
        valid_from=f.day("valid_from"),
        valid_to=f.day("valid_to"),
        successor=successor,
        successor_unit=successor_unit,
        where=f.where,
        type=f.text("type", ""),
    )


def successor_unit_error(org: Org, successor: Org) -> CatalogError | None:
    """The error when *org*'s ``successor_unit`` is not a unit of its *successor*."""
    if not org.successor_unit or org.successor_unit in successor.units:
        return None
    known = ", ".join(successor.units) or "none in the catalog"
    return CatalogError(
        _(
            "successor_unit '{successor_unit}' of organisation '{id}' is not a unit "
            "of its successor '{id2}'"
        ).format(successor_unit=org.successor_unit, id=org.id, id2=successor.id),
        where=org.where,
        hint=_("units of {id}: {known}").format(id=successor.id, known=known),
    )


def successor_unit_problems(orgs: Mapping[str, Org]) -> list[CatalogError]:
    """Every ``successor_unit`` that its successor does not have (an unknown successor is
    reported by the catalog's own check)."""
    errors = []
    for org in orgs.values():
        successor = orgs.get(org.successor or "")
        error = successor_unit_error(org, successor) if successor is not None else None
        if error is not None:
            errors.append(error)
    return errors


def parse_reference(data: Any, where: Location) -> Reference:
    """A citable document."""
    f = Fields(data, N_("reference"), where, keys.REFERENCE)
    number = f.text("number", "")
    ref_id = f.text("id", number)
    if not ref_id:
        raise CatalogError(_("reference has neither 'id' nor 'number'"), where=f.where)
    status = f.choice("status", STATUSES, "in_force")
    superseded_by = f.opt_str("superseded_by")
    if status == "superseded" and not superseded_by:
        raise CatalogError(
            _("reference '{ref_id}' is superseded but names no successor").format(ref_id=ref_id),
            where=f.at("status"),
            hint=_("add 'superseded_by: <id>'"),
        )
    return Reference(
        id=ref_id,
        type=f.text("type"),
        number=number,
        issuer=f.text("issuer", ""),
        issuer_short=f.text("issuer_short", ""),
        date=f.day("date"),
        subject=f.text("subject", ""),
        status=status,
        superseded_by=superseded_by,
        tags=f.texts("tags"),
        where=f.where,
    )


#: what may follow "Như" on the first Nơi nhận line of a spec ("Như Điều N" is a quyết
#: định's, made from its executors)
NHU_LINES = keys.NHU_LINES
_DIEU = re.compile(r"điều\s+[0-9]+", re.IGNORECASE)
_NHU_FORMS = (
    "nhu_tren: <purpose> (- Như trên (<purpose>);), true, false (no such line), or "
    "{as: kính gửi, purpose: …}"
)


def parse_nhu_tren(f: Fields, key: str = "nhu_tren") -> NhuTren:
    """The first Nơi nhận line (:class:`~docgen.model.spec.NhuTren`) as a spec writes it:
    a text is the purpose of "Như trên" (``nhu_tren: thực hiện``); ``true`` is "- Như
    trên;", ``false`` no such line; ``{as: kính gửi, purpose: …}`` names the line ("trên"
    or "kính gửi")."""
    value = f.raw(key)
    where = f.at(key)
    if value is None or value == "":
        return NhuTren()
    if is_bool(value):
        return NhuTren(line="trên" if value.lower() == "true" else "")
    if isinstance(value, str):
        return NhuTren(purpose=f.text(key))
    if not isinstance(value, MDict):
        raise CatalogError(
            _("'{key}' cannot be a list").format(key=key),
            where=where,
            hint=_("write {nhu_forms}").format(nhu_forms=_NHU_FORMS),
        )
    sub = Fields(value, key, where, keys.NHU_TREN)
    line = sub.text("as", "trên")
    if _DIEU.fullmatch(line):
        raise CatalogError(
            _("'{key}' cannot be 'Như {line}' in this kind of document").format(key=key, line=line),
            where=where_of(value.get("as"), where),
            hint=_(
                "'- Như Điều N;' opens a quyết định's Nơi nhận, made from its "
                "'executors:' (kind: quyet_dinh); here use as: trên or as: kính gửi"
            ),
        )
    if line.lower() in NHU_LINES:
        line = line.lower()
    else:
        guess = suggest(line, NHU_LINES)
        maybe = f"did you mean '{guess}'? " if guess else ""
        raise CatalogError(
            _("'{key}' cannot be 'Như {line}'").format(key=key, line=line),
            where=where_of(value.get("as"), where),
            hint=_("{maybe}use as: trên or as: kính gửi").format(maybe=maybe),
        )
    return NhuTren(line=line, purpose=sub.text("purpose", ""))


def parse_years(text: str, where: Location) -> YearRange:
    """'2025-2026', '2022-2023..2024-2025', '2025-2026..' or '..2024-2025'."""
    try:
        if ".." not in text:
            year = SchoolYear.parse(text)
            return YearRange(year, year)
        first, _, last = text.partition("..")
        return YearRange(
            SchoolYear.parse(first) if first.strip() else None,
            SchoolYear.parse(last) if last.strip() else None,
        )
    except DocgenError as exc:
        raise CatalogError(
            exc.message, where=where, hint=_("write years: 2025-2026 or 2022-2023..2024-2025")
        ) from None


def parse_node(data: Any, where: Location, default_id: str = "") -> TaskNode:
    """A section, item or point of a task outline (a bare text is an item with that text)."""
    refuse_bool(data, "a task item", where)
    if isinstance(data, str):
        return TaskNode(id=default_id, text=str(data).strip(), where=where)
    f = Fields(data, N_("task item"), where, NODE_KEYS)
    if not (f.has("title") or f.has("text") or f.has("items") or f.has("intro")):
        raise CatalogError(
            _("task item has neither 'title' nor 'text'"), where=f.where, hint=_("add 'text: …'")
        )
    node_id = f.text("id", default_id)
    children = tuple(
        parse_node(item, _where(item, f.at("items")), f"{node_id}.{n}")
        for n, item in enumerate(f.blocks("items"), 1)
    )
    return TaskNode(
        id=node_id,
        title=f.text("title", ""),
        text=f.text("text", ""),
        intro=f.texts("intro"),
        outro=f.texts("outro"),
        children=children,
        bullets=f.choice("bullets", keys.BULLETS, "auto"),
        levels=levels_of(f),
        school_types=f.texts("school_types"),
        years=parse_years(f.text("years"), f.at("years")) if f.has("years") else YearRange(),
        refs=f.texts("refs"),
        where=f.where,
    )


def _where(value: Any, default: Location) -> Location:
    return getattr(value, "where", default)


def parse_task_list(data: Any, where: Location) -> TaskList:
    """A named outline of sections."""
    f = Fields(data, N_("task list"), where, keys.TASK_LIST)
    list_id = f.text("id")
    sections = tuple(
        parse_node(item, _where(item, f.at("sections")), f"{list_id}.{n}")
        for n, item in enumerate(f.blocks("sections"), 1)
    )
    return TaskList(
        id=list_id,
        title=f.text("title", ""),
        sections=sections,
        where=f.where,
        owner=f.text("owner", ""),
    )


#: a level's deadline comes at most this many working days before its parent's (a term)
MAX_LEAD_WORKING_DAYS = 120


def parse_milestone(data: Any, where: Location) -> Milestone:
    """A milestone of a school year with one deadline per level.

    A level's deadline is a date (``truong: 2026-01-10``) or a block: its ``date`` and/or
    ``lead_working_days`` (this milestone's lead time for the level, over levels.yaml's) and
    ``cases``, each for the units with one of its ``school_types`` and/or reporting to an
    organisation of level ``report_to``, with a ``date`` or a ``lead_working_days`` of its
    own (the first case that matches a unit wins).
    """
    f = Fields(data, N_("milestone"), where, keys.MILESTONE)
    deadlines: dict[str, date] = {}
    leads: dict[str, int] = {}
    cases: list[DeadlineCase] = []
    year = f.school_year("school_year", required=True)
    assert year is not None
    raw = f.mapping("deadlines")
    sub = Fields(raw, N_("deadlines"), f.at("deadlines"), LEVELS) if raw else None
    for level in raw:
        assert sub is not None
        if not isinstance(raw[level], dict):
            day = sub.day(level, required=True)
            assert day is not None
            deadlines[level] = _in_year(day, year, sub.at(level))
            continue
        block = Fields(raw[level], f"the deadline of '{level}'", sub.at(level), LEVEL_DEADLINE)
        day = block.day("date")
        if day is not None:
            deadlines[level] = _in_year(day, year, block.at("date"))
        lead = _lead(block)
        if lead is not None:
            leads[level] = lead
        cases += [_case(level, item, year) for item in block.each("cases", _raw)]
        if day is None and lead is None and not block.has("cases"):
            raise CatalogError(
                _(
                    "the deadline of '{level}' has neither 'date', 'lead_working_days' nor 'cases'"
                ).format(level=level),
                where=block.where,
                hint=_("write '{level}: YYYY-MM-DD', or give 'date:' or 'cases:' under it").format(
                    level=level
                ),
            )
    return Milestone(
        id=f.text("id"),
        title=f.text("title"),
        school_year=year,
        deadlines=deadlines,
        where=f.where,
        owner=f.text("owner", ""),
        leads=leads,
        cases=tuple(cases),
    )


#: keys of a level's deadline written as a block, and of one of its cases
LEVEL_DEADLINE = keys.LEVEL_DEADLINE
CASE_KEYS = keys.DEADLINE_CASE


def _raw(data: Any, where: Location) -> tuple[Any, Location]:
    return data, where


def _lead(f: Fields) -> int | None:
    return (
        f.number(
            "lead_working_days",
            0,
            between=(0, MAX_LEAD_WORKING_DAYS),
            hint=_("the working days this deadline comes before the one it reports to, e.g. 3"),
        )
        if f.has("lead_working_days")
        else None
    )


def _case(level: str, item: tuple[Any, Location], year: SchoolYear) -> DeadlineCase:
    """One case of a level's deadline: whom it is for, and its date or lead time."""
    f = Fields(item[0], f"a case of the deadline of '{level}'", item[1], CASE_KEYS)
    school_types = school_types_of(f)
    report_to = f.choice("report_to", LEVELS) if f.has("report_to") else ""
    if report_to and DEPTH[report_to] >= DEPTH[level]:
        raise CatalogError(
            _("a '{level}' unit cannot report to level '{report_to}'").format(
                level=level, report_to=report_to
            ),
            where=f.at("report_to"),
            hint=_("report_to is a level above: {levels}").format(
                levels=", ".join(lv for lv in LEVELS if DEPTH[lv] < DEPTH[level])
            ),
        )
    if not school_types and not report_to:
        raise CatalogError(
            _(
                "a case of the deadline of '{level}' says neither 'school_types' nor 'report_to'"
            ).format(level=level),
            where=f.where,
            hint=_(
                "say whom it is for (school_types: [thpt], report_to: so), or give the "
                "level its 'date:'"
            ),
        )
    day = f.day("date")
    lead = _lead(f)
    if (day is None) == (lead is None):
        raise CatalogError(
            "a case gives "
            + ("both 'date' and" if day else "neither 'date' nor")
            + " 'lead_working_days'",
            where=f.where,
            hint=_("give it one of them"),
        )
    return DeadlineCase(
        level=level,
        school_types=school_types,
        report_to=report_to,
        day=_in_year(day, year, f.at("date")) if day is not None else None,
        lead_working_days=lead,
        where=f.where,
    )


def _in_year(day: date, year: SchoolYear, where: Location) -> date:
    if not year.start - 1 <= day.year <= year.start + 2:
        raise CatalogError(
            _("the deadline {day} is far outside the school year {start}-{start2}").format(
                day=day.isoformat(), start=year.start, start2=year.start + 1
            ),
            where=where,
            hint=_("date it within the school year, {start}-08 to {start2}-07").format(
                start=year.start, start2=year.start + 1
            ),
        )
    return day


def parse_target(data: Any, where: Location) -> Target:
    """A quantitative target: a share between 0 and 100 %, and the figures it is measured by.

    ``threshold: 50%`` alone (a target nothing measures yet), ``figure: id`` with
    ``threshold:``, or ``measures: [{figure: id, threshold: 50%}, …]``; without any, the
    report's author assesses it.
    """
    f = Fields(data, N_("target"), where, keys.TARGET)
    measures = parse_measures(f)
    threshold = float(measures[0].threshold) if measures else 0.0
    if f.has("threshold") and not measures:
        text = f.text("threshold").rstrip("%").replace(",", ".")
        try:
            threshold = float(text) / 100
        except ValueError:
            raise CatalogError(
                _("threshold must be a percentage such as 50%, found '{text}'").format(text=text),
                where=f.at("threshold"),
            ) from None
    return Target(
        id=f.text("id"),
        text=f.text("text"),
        threshold=threshold,
        ref=f.opt_str("ref"),
        where=f.where,
        measures=measures,
        lines=f.texts("lines"),
        owner=f.text("owner", ""),
    )
