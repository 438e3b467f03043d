"""Reports: the statistics and targets tables, written from the figures' totals.

The totals are handed in (:class:`docgen.model.totals.Totals`, read and added up from the
units' figure files by :mod:`docgen.figures` in the workflows); nothing here reads a file.
Every cell is computed: a figure is the sum of its parts over the sum of its totals (never an
average of rates), written with :mod:`docgen.vn.numbers`; a target is "Đạt" when each of its
figures reaches its threshold exactly (a share of 1/2 meets 50 %), "Không đạt" otherwise.
Targets no figure measures are assessed by the report's author (spec ``assessments:``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from docgen.catalog.catalog import Catalog
from docgen.compose.inline import plain, spans
from docgen.compose.outline import Block, Outline
from docgen.errors import CatalogError, DocgenError, Location
from docgen.i18n import _
from docgen.model.entities import Target, TaskNode
from docgen.model.report import Figure, ReportTable, Tally
from docgen.model.spec import BodyBlock
from docgen.model.totals import Totals
from docgen.vn.numbers import fmt_count, fmt_int, fmt_percent, fmt_ratio, rate
from docgen.vn.text import roman

DAT, KHONG_DAT, NO_DATA = "Đạt", "Không đạt", "Chưa có số liệu"
NO_FIGURE = "không có số liệu"


# -- figures ------------------------------------------------------------------------------------
def show(figure: Figure, tally: Tally, how: str = "") -> str:
    """A figure as a report writes it ("868/3.629, đạt tỉ lệ: 23,9%", "03/03 trường, …")."""
    how = how or figure.show
    if how == "list":
        names = ", ".join(tally.names)
        return f"{fmt_count(len(tally.names))} ({names})" if names else fmt_count(0)
    if how == "num":
        return fmt_int(tally.num)
    if how == "den":
        return fmt_int(tally.den)
    if not tally.den:
        return NO_FIGURE
    percent = fmt_percent(rate(tally.num, tally.den))
    if how == "percent":
        return percent
    if how == "count":
        unit = f" {figure.unit}" if figure.unit else ""
        return f"{fmt_count(tally.num)}/{fmt_count(tally.den)}{unit}, đạt tỉ lệ: {percent}"
    if figure.unit:
        return f"{fmt_int(tally.num)}/{fmt_int(tally.den)} {figure.unit}, đạt tỉ lệ: {percent}"
    return fmt_ratio(tally.num, tally.den)


@dataclass
class FigureText:
    """``figure("id", "percent")`` in the text language: a figure of the totals, written."""

    catalog: Catalog
    totals: Totals | None

    def __call__(self, figure_id: str, how: str = "") -> str:
        """A figure of the report's totals (a báo cáo with ``data:``), written as its
        catalog ``show:`` says, or *how*: ``ratio``, ``percent``, ``count``, ``num`` (the
        part), ``den`` (the total) or ``list`` (the names listed).

        {{ figure("gv-may-tinh") }}
        {{ figure("gv-may-tinh", "percent") }}
        {{ figure("gv-may-tinh", "den") }}
        """
        figure = self.catalog.figure(figure_id)
        if self.totals is None:
            raise DocgenError(
                _("figure() needs the units' data"), hint=_("add 'data: <folder of figure files>'")
            )
        if how and how not in ("ratio", "percent", "count", "num", "den", "list"):
            raise DocgenError(
                _("unknown way to write a figure: '{how}'").format(how=how),
                hint=_("use ratio, percent, count, num, den or list"),
            )
        return show(figure, self.totals.tallies[figure.id], how)


def coverage_text(totals: Totals) -> str:
    """ "Số liệu tổng hợp từ báo cáo của 08/08 đơn vị; chưa báo cáo: …." """
    data = totals.data
    count = f"{fmt_count(len(data.units))}/{fmt_count(len(data.expected))}"
    text = f"Số liệu tổng hợp từ báo cáo của {count} đơn vị"
    missing = data.missing
    if missing:
        text += "; chưa báo cáo: " + ", ".join(o.short or o.name for o in missing)
    return text + "."


# -- targets ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Verdict:
    """The result of one target and how it was reached ("23,4% < 50%")."""

    result: str
    computed: bool
    detail: str = ""


def judge(
    target: Target, totals: Totals | None, assessments: dict[str, str], catalog: Catalog
) -> Verdict:
    """Đạt when every measure reaches its threshold (≥, exactly); else Không đạt."""
    if not target.computed:
        if target.id not in assessments:
            raise CatalogError(
                _("target '{id}' has no figure to compute its result from").format(id=target.id),
                where=target.where,
                hint=_("assess it in the spec: 'assessments:' then '{id}: Đạt'").format(
                    id=target.id
                ),
            )
        return Verdict(assessments[target.id], computed=False, detail="assessed")
    if totals is None:
        raise DocgenError(_("the targets table needs the units' data"), hint=_("add 'data: …'"))
    details: list[str] = []
    met = True
    for measure in target.measures:
        tally = totals.tallies[measure.figure]
        share = tally.share
        if share is None:
            return Verdict(NO_DATA, computed=True, detail=f"{measure.figure}: no total")
        ok = share >= measure.threshold
        met = met and ok
        figure = catalog.figure(measure.figure)
        details.append(
            f"{figure.id} {show(figure, tally, 'percent')} "
            f"{'≥' if ok else '<'} {_percent(measure.threshold)}"
        )
    return Verdict(DAT if met else KHONG_DAT, computed=True, detail="; ".join(details))


def _percent(share: Fraction) -> str:
    return fmt_percent(rate(share.numerator, share.denominator))


# -- tables -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StatRow:
    """A row of the statistics table: what is counted and the figure lines."""

    text: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class StatGroup:
    """A numbered group of the statistics table."""

    number: str
    title: str
    rows: tuple[StatRow, ...]


@dataclass(frozen=True)
class TargetRow:
    """One target: its text lines and its result."""

    lines: tuple[str, ...]
    result: str
    computed: bool
    detail: str


@dataclass(frozen=True)
class TargetArea:
    """A numbered area of targets ("1 | Về tiếp cận giáo dục trực tuyến")."""

    number: str
    title: str
    targets: tuple[TargetRow, ...]


@dataclass(frozen=True)
class TargetGroup:
    """A group of areas ("I. Đổi mới mạnh mẽ …")."""

    title: str
    areas: tuple[TargetArea, ...]


@dataclass(frozen=True)
class TableView:
    """A composed report table, ready for the template."""

    kind: str
    columns: tuple[str, ...]
    groups: tuple[StatGroup, ...] | tuple[TargetGroup, ...]


@dataclass(frozen=True)
class TableBlock(Block):
    """A body block that is a table (``style`` is the table kind)."""

    table: TableView | None = None


@dataclass
class ReportComposer:
    """Composes the report tables of one document."""

    catalog: Catalog
    compose: Callable[[str, Location], str]
    totals: Totals | None
    assessments: dict[str, str] = field(default_factory=dict)
    judged: set[str] = field(default_factory=set)

    def blocks(self, block: BodyBlock, outline: Outline) -> list[Block]:
        """The section heading, the table and (after statistics) who reported."""
        table = self.catalog.report_table(block.table, block.where)
        title = block.text or table.title
        out: list[Block] = []
        if title:
            out += outline.section(TaskNode(id=table.id, title=title, where=block.where))
        view = self._statistics(table) if table.kind == "statistics" else self._targets(table)
        out.append(TableBlock(table.kind, (), view))
        if table.kind == "statistics" and self.totals is not None:
            out.append(Block("para", spans(coverage_text(self.totals))))
        return out

    def _text(self, text: str, where: Location) -> str:
        return plain(spans(self.compose(text, where)))

    def _statistics(self, table: ReportTable) -> TableView:
        groups = tuple(
            StatGroup(
                str(n),
                self._text(group.title, group.where),
                tuple(
                    StatRow(
                        self._text(row.text, row.where),
                        tuple(self._text(line, row.where) for line in row.lines),
                    )
                    for row in group.rows
                ),
            )
            for n, group in enumerate(table.groups, 1)
        )
        return TableView(table.kind, table.columns, groups)

    def _targets(self, table: ReportTable) -> TableView:
        number = 0
        groups: list[TargetGroup] = []
        for g, group in enumerate(table.groups, 1):
            areas: list[TargetArea] = []
            for row in group.rows:
                number += 1
                targets = tuple(self._target(t, row.where) for t in row.targets)
                areas.append(TargetArea(str(number), self._text(row.text, row.where), targets))
            title = f"{roman(g)}. {self._text(group.title, group.where)}"
            groups.append(TargetGroup(title, tuple(areas)))
        return TableView(table.kind, table.columns, tuple(groups))

    def _target(self, target_id: str, where: Location) -> TargetRow:
        target = self.catalog.target(target_id, where)
        verdict = judge(target, self.totals, self.assessments, self.catalog)
        self.judged.add(target.id)
        lines = tuple(self._text(t, target.where) for t in (target.text, *target.lines))
        return TargetRow(lines, verdict.result, verdict.computed, verdict.detail)

    def check_assessments(self, where: Location) -> None:
        """An assessment must be of a target shown here that no figure measures."""
        for target_id in self.assessments:
            target = self.catalog.target(target_id, where)
            if target.computed:
                raise CatalogError(
                    _(
                        "target '{target_id}' is computed from the figures; it cannot be assessed"
                    ).format(target_id=target_id),
                    where=where,
                    hint=_("remove '{target_id}' from 'assessments:'").format(target_id=target_id),
                )
            if target_id not in self.judged:
                raise CatalogError(
                    _("target '{target_id}' is in no targets table of this report").format(
                        target_id=target_id
                    ),
                    where=where,
                    hint=_("remove it from 'assessments:' or add its table to the body"),
                )
