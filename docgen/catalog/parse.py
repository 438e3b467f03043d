"""Turn loaded YAML blocks into model entities (one small parser per kind)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docgen.catalog.fields import Fields
from docgen.catalog.parse_report import parse_measures
from docgen.errors import CatalogError, DocgenError, Location
from docgen.model.entities import (
    LEVELS,
    ROLES,
    Level,
    Milestone,
    Org,
    Reference,
    Signer,
    Target,
    TaskList,
    TaskNode,
    YearRange,
)
from docgen.vn.schoolyear import SchoolYear
from docgen.vn.text import nfc

STATUSES = ("in_force", "superseded", "expired")
NODE_KEYS = (
    "id",
    "title",
    "text",
    "intro",
    "outro",
    "items",
    "bullets",
    "levels",
    "school_types",
    "years",
    "refs",
)


def parse_level(data: Any, where: Location) -> Level:
    """A hierarchy level with its lead time."""
    f = Fields(data, "level", where, ("id", "name", "lead_working_days"))
    return Level(
        id=f.choice("id", LEVELS),
        name=f.text("name", ""),
        lead_working_days=f.number(
            "lead_working_days",
            0,
            between=(0, MAX_LEAD_WORKING_DAYS),
            hint="the working days a level's deadline comes before its parent's, e.g. 3",
        )
        or 0,
        where=f.where,
    )


def parse_signer(data: Any, where: Location) -> Signer:
    """A signer of an organisation."""
    f = Fields(data, "signer", where, ("id", "name", "title", "role"))
    return Signer(
        id=f.text("id"),
        name=f.text("name"),
        title=f.text("title"),
        role=f.choice("role", ROLES, "head"),
        where=f.where,
    )


def parse_org(data: Any, where: Location) -> Org:
    """An organisation of the hierarchy."""
    f = Fields(
        data,
        "organisation",
        where,
        (
            "id",
            "name",
            "short",
            "level",
            "abbr",
            "place",
            "parent",
            "chu_quan",
            "header",
            "collective",
            "head_title",
            "self_name",
            "units",
            "signers",
            "school_types",
            "valid_from",
            "valid_to",
            "successor",
            "successor_unit",
        ),
    )
    units = {str(k): nfc(str(v)) for k, v in f.mapping("units").items()}
    successor = f.opt_str("successor")
    successor_unit = f.opt_str("successor_unit")
    if successor_unit and not successor:
        raise CatalogError(
            f"organisation '{f.text('id')}' names a successor_unit but no successor",
            where=f.at("successor_unit"),
            hint="add 'successor: <id>' (the organisation whose unit took over its duties)",
        )
    return Org(
        id=f.name("id", "the organisation id"),
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
    )


def successor_unit_error(org: Org, successor: Org) -> CatalogError | None:
    """The error when *org*'s ``successor_unit`` is not a unit of its *successor*."""
    if not org.successor_unit or org.successor_unit in successor.units:
        return None
    known = ", ".join(successor.units) or "none in the catalog"
    return CatalogError(
        f"successor_unit '{org.successor_unit}' of organisation '{org.id}' is not a unit of "
        f"its successor '{successor.id}'",
        where=org.where,
        hint=f"units of {successor.id}: {known}",
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
    f = Fields(
        data,
        "reference",
        where,
        ("id", "type", "number", "date", "issuer", "subject", "status", "superseded_by", "tags"),
    )
    number = f.text("number", "")
    ref_id = f.text("id", number)
    if not ref_id:
        raise CatalogError("reference has neither 'id' nor 'number'", where=f.where)
    status = f.choice("status", STATUSES, "in_force")
    superseded_by = f.opt_str("superseded_by")
    if status == "superseded" and not superseded_by:
        raise CatalogError(
            f"reference '{ref_id}' is superseded but names no successor",
            where=f.at("status"),
            hint="add 'superseded_by: <id>'",
        )
    return Reference(
        id=ref_id,
        type=f.text("type"),
        number=number,
        issuer=f.text("issuer", ""),
        date=f.day("date"),
        subject=f.text("subject", ""),
        status=status,
        superseded_by=superseded_by,
        tags=f.texts("tags"),
        where=f.where,
    )


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
            exc.message, where=where, hint="write years: 2025-2026 or 2022-2023..2024-2025"
        ) from None


def parse_node(data: Any, where: Location, default_id: str = "") -> TaskNode:
    """A section, item or point of a task outline (a bare text is an item with that text)."""
    if isinstance(data, str):
        return TaskNode(id=default_id, text=str(data).strip(), where=where)
    f = Fields(data, "task item", where, NODE_KEYS)
    if not (f.has("title") or f.has("text") or f.has("items") or f.has("intro")):
        raise CatalogError(
            "task item has neither 'title' nor 'text'", where=f.where, hint="add 'text: …'"
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
        bullets=f.choice("bullets", ("auto", "dash"), "auto"),
        levels=_levels(f),
        school_types=f.texts("school_types"),
        years=parse_years(f.text("years"), f.at("years")) if f.has("years") else YearRange(),
        refs=f.texts("refs"),
        where=f.where,
    )


def _levels(f: Fields) -> tuple[str, ...]:
    levels = f.texts("levels")
    for level in levels:
        if level not in LEVELS:
            raise CatalogError(
                f"unknown level '{level}'", where=f.at("levels"), hint=f"use {', '.join(LEVELS)}"
            )
    return levels


def _where(value: Any, default: Location) -> Location:
    return getattr(value, "where", default)


def parse_task_list(data: Any, where: Location) -> TaskList:
    """A named outline of sections."""
    f = Fields(data, "task list", where, ("id", "title", "sections"))
    list_id = f.text("id")
    sections = tuple(
        parse_node(item, _where(item, f.at("sections")), f"{list_id}.{n}")
        for n, item in enumerate(f.blocks("sections"), 1)
    )
    return TaskList(id=list_id, title=f.text("title", ""), sections=sections, where=f.where)


#: a level's deadline comes at most this many working days before its parent's (a term)
MAX_LEAD_WORKING_DAYS = 120


def parse_milestone(data: Any, where: Location) -> Milestone:
    """A milestone of a school year with one deadline per level."""
    f = Fields(data, "milestone", where, ("id", "title", "school_year", "deadlines"))
    deadlines = {}
    year = f.school_year("school_year", required=True)
    assert year is not None
    raw = f.mapping("deadlines")
    sub = Fields(raw, "deadlines", f.at("deadlines"), LEVELS) if raw else None
    for level in raw:
        assert sub is not None
        day = sub.day(level, required=True)
        assert day is not None
        if not year.start - 1 <= day.year <= year.start + 2:
            raise CatalogError(
                f"the deadline {day.isoformat()} is far outside the school year"
                f" {year.start}-{year.start + 1}",
                where=sub.at(level),
                hint=f"date it within the school year, {year.start}-08 to {year.start + 1}-07",
            )
        deadlines[level] = day
    return Milestone(
        id=f.text("id"), title=f.text("title"), school_year=year, deadlines=deadlines, where=f.where
    )


def parse_target(data: Any, where: Location) -> Target:
    """A quantitative target: a share between 0 and 100 %, and the figures it is measured by.

    ``threshold: 50%`` alone (a target nothing measures yet), ``figure: id`` with
    ``threshold:``, or ``measures: [{figure: id, threshold: 50%}, …]``; without any, the
    report's author assesses it.
    """
    f = Fields(
        data, "target", where, ("id", "text", "threshold", "ref", "figure", "measures", "lines")
    )
    measures = parse_measures(f)
    threshold = float(measures[0].threshold) if measures else 0.0
    if f.has("threshold") and not measures:
        text = f.text("threshold").rstrip("%").replace(",", ".")
        try:
            threshold = float(text) / 100
        except ValueError:
            raise CatalogError(
                f"threshold must be a percentage such as 50%, found '{text}'",
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
    )
