"""Parsers of the report catalog sections: figures, report tables, schedules, target measures.

Thresholds are read as exact fractions ("50%" → 1/2, "7,5%" → 3/40), so that a share of
exactly 50 % meets a 50 % target.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from jinja2 import nodes

from docgen.catalog import keys
from docgen.catalog.fields import Fields, levels_of, school_types_of
from docgen.catalog.textrefs import parse_text
from docgen.catalog.yamlio import where_of
from docgen.errors import CatalogError, Location
from docgen.i18n import N_, _
from docgen.model.entities import LEVELS, Measure
from docgen.model.report import (
    FIGURE_KINDS,
    FIGURE_SHOWS,
    TABLE_KINDS,
    TIME_FORMS,
    Figure,
    ReportTable,
    Schedule,
    ScheduleGroup,
    ScheduleRow,
    TableGroup,
    TableRow,
)

_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%?")
_COLUMN = re.compile(r"[a-z][a-z0-9_]*")
#: the columns of a plan's Phụ lục when the schedule names none
SCHEDULE_COLUMNS = ("TT", "Nội dung thực hiện", "Thời gian thực hiện", "Sản phẩm")
#: what a schedule group may name as its actor besides a level id
ACTORS = keys.ACTORS


def parse_threshold(text: str, where: Location) -> Fraction:
    """ "50%", "50", "7,5%" → an exact fraction of 1 (0 to 100 %)."""
    match = _PERCENT.fullmatch(text.strip())
    if match is None:
        raise CatalogError(
            _("threshold must be a percentage such as 50%, found '{text}'").format(text=text),
            where=where,
        )
    value = Fraction(match[1].replace(",", ".")) / 100
    if not 0 <= value <= 1:
        raise CatalogError(
            _("threshold must be between 0% and 100%, found '{text}'").format(text=text),
            where=where,
        )
    return value


def parse_measures(f: Fields) -> tuple[Measure, ...]:
    """A target's measures: ``measures: [{figure: id, threshold: 50%}, …]`` or the shorthand
    ``figure: id`` + ``threshold: 50%``."""
    out: list[Measure] = []
    for item in f.blocks("measures"):
        m = Fields(item, N_("measure"), where_of(item, f.at("measures")), keys.MEASURE)
        out.append(
            Measure(
                m.text("figure"), parse_threshold(m.text("threshold"), m.at("threshold")), m.where
            )
        )
    if f.has("figure"):
        if not f.has("threshold"):
            raise CatalogError(
                _("a target measured by a figure needs a threshold"),
                where=f.where,
                hint=_("add 'threshold: 50%'"),
            )
        out.append(
            Measure(
                f.text("figure"),
                parse_threshold(f.text("threshold"), f.at("threshold")),
                f.at("figure"),
            )
        )
    return tuple(out)


def parse_figure(data: Any, where: Location) -> Figure:
    """A figure: ``count: col`` + ``of: col`` (sum), ``schools: col`` or ``distinct: col``."""
    f = Fields(data, N_("figure"), where, keys.FIGURE)
    kinds = [k for k in ("count", "schools", "distinct") if f.has(k)]
    if len(kinds) != 1:
        raise CatalogError(
            _("figure '{id}' must name exactly one of count / schools / distinct").format(
                id=f.text("id", "?")
            ),
            where=f.where,
            hint=_("e.g. 'count: gv_may_tinh' with 'of: gv', or 'schools: quan_tri'"),
        )
    key = kinds[0]
    kind = {"count": "sum", "schools": "schools", "distinct": "distinct"}[key]
    assert kind in FIGURE_KINDS
    if kind == "sum" and not f.has("of"):
        raise CatalogError(
            _("a 'count:' figure needs 'of:' (the column of the total)"),
            where=f.where,
            hint=_("e.g. 'of: gv'"),
        )
    if kind != "sum" and f.has("of"):
        raise CatalogError(
            _("'of:' goes with 'count:', not with '{key}:'").format(key=key), where=f.at("of")
        )
    columns = [(key, f.text(key))] + ([("of", f.text("of"))] if f.has("of") else [])
    for name, column in columns:
        if not _COLUMN.fullmatch(column):
            raise CatalogError(
                _("column name '{column}' must be lower-case letters, digits and '_'").format(
                    column=column
                ),
                where=f.at(name),
                hint=_("e.g. gv_may_tinh"),
            )
    types = school_types_of(f)
    default_show = {"sum": "ratio", "schools": "count", "distinct": "list"}[kind]
    return Figure(
        id=f.text("id"),
        kind=kind,
        column=f.text(key),
        of=f.text("of", ""),
        text=f.text("text", ""),
        unit=f.text("unit", ""),
        school_types=types,
        show=f.choice("show", FIGURE_SHOWS, default_show),
        where=f.where,
    )


def _table_row(data: Any, where: Location) -> TableRow:
    f = Fields(data, N_("table row"), where, keys.TABLE_ROW)
    if f.has("lines") == f.has("targets"):
        raise CatalogError(
            _("a table row has either 'lines:' (figures) or 'targets:'"), where=f.where
        )
    return TableRow(f.text("text"), f.texts("lines"), f.texts("targets"), f.where)


def _table_group(data: Any, where: Location) -> TableGroup:
    f = Fields(data, N_("table group"), where, keys.TABLE_GROUP)
    return TableGroup(f.text("title"), tuple(f.each("rows", _table_row)), f.where)


def parse_report_table(data: Any, where: Location) -> ReportTable:
    """A table of a report form: columns and groups of rows."""
    f = Fields(data, N_("report table"), where, keys.REPORT_TABLE)
    kind = f.choice("kind", TABLE_KINDS)
    columns = f.texts("columns")
    if len(columns) != (3 if kind == "statistics" else 4):
        raise CatalogError(
            _("a {kind} table has {value} columns, found {count}").format(
                kind=kind, value=3 if kind == "statistics" else 4, count=len(columns)
            ),
            where=f.at("columns"),
            hint=_("statistics: STT, content, figures; targets: TT, content, target, result"),
        )
    groups = tuple(f.each("groups", _table_group))
    for group in groups:
        for row in group.rows:
            if (kind == "targets") != bool(row.targets):
                raise CatalogError(
                    f"rows of a {kind} table have "
                    + ("'targets:'" if kind == "targets" else "'lines:'"),
                    where=row.where,
                )
    return ReportTable(f.text("id"), kind, f.text("title", ""), columns, groups, f.where)


def _schedule_row(data: Any, where: Location) -> ScheduleRow:
    f = Fields(data, N_("schedule row"), where, keys.SCHEDULE_ROW)
    levels = levels_of(f)
    return ScheduleRow(
        text=f.text("text"),
        milestone=f.text("milestone"),
        form=f.choice("form", TIME_FORMS, "by"),
        product=f.text("product", ""),
        levels=levels,
        where=f.where,
    )


def _schedule_group(data: Any, where: Location) -> ScheduleGroup:
    f = Fields(data, N_("schedule group"), where, keys.SCHEDULE_GROUP)
    level = f.choice("level", (*ACTORS, *LEVELS))
    return ScheduleGroup(level, f.text("title"), tuple(f.each("rows", _schedule_row)), f.where)


def parse_schedule(data: Any, where: Location) -> Schedule:
    """The task table of a plan (its Phụ lục): groups of rows by actor."""
    f = Fields(data, N_("schedule"), where, keys.SCHEDULE)
    columns = f.texts("columns") or SCHEDULE_COLUMNS
    if len(columns) != 4:
        raise CatalogError(
            _("a schedule has 4 columns, found {count}").format(count=len(columns)),
            where=f.at("columns"),
            hint=", ".join(SCHEDULE_COLUMNS),
        )
    return Schedule(
        f.text("id"), f.text("title"), columns, tuple(f.each("groups", _schedule_group)), f.where
    )


def figure_calls(text: str, where: Location) -> list[str]:
    """Figure ids passed as constants to figure() in a text."""
    if "figure" not in text:
        return []
    tree = parse_text(text, where)
    ids: list[str] = []
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name == "figure" and call.args:
            arg = call.args[0]
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                ids.append(arg.value)
    return ids
