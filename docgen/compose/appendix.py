"""A document's Phụ lục: heading, title, "(Kèm theo …)" line and blocks (NĐ30 §6).

An appendix is a list of blocks (:mod:`docgen.model.appendix`): paragraphs, the outline
numbered as the body's, a report form's own header, tables. A table's rows come from the
spec, a figure file (read by the workflow, handed in as *files*), the catalog's references
(a danh mục văn bản) or a catalog schedule, whose dates are the milestones' deadlines for
each row's actor level, so the Phụ lục and the body (``deadline()``) cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from docgen.catalog.catalog import Catalog
from docgen.compose.deadlines import deadline
from docgen.compose.inline import Span, plain, spans
from docgen.compose.outline import Outline
from docgen.compose.table import Cell, Table, grid_spans, group_row, table
from docgen.errors import CatalogError, Location
from docgen.i18n import _
from docgen.model.appendix import AppendixBlock, AppendixSpec, Column, TableSpec
from docgen.model.entities import Org, Reference, TaskNode
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
#: the relative widths of a schedule's four columns (TT, task, time, product)
SCHEDULE_WIDTHS = (3, 25, 10, 10)
#: what a danh mục văn bản column may show of a reference, by its ``key``
REFERENCE_FIELDS: dict[str, Callable[[Reference], str]] = {
    "number": lambda r: r.number,
    "date": lambda r: short_date(r.date) if r.date else "",
    "issuer": lambda r: r.issuer,
    "type": lambda r: r.type,
    "subject": lambda r: f"{r.type} {r.subject.removeprefix('về việc ')}".strip(),
}
#: rows read from figure files: file (as the spec names it) → rows of a column's ``key``
#: (as the spec writes it) → text
Files = Mapping[str, Sequence[Mapping[str, str]]]
Compose = Callable[[str, Location], str]


@dataclass(frozen=True)
class AppendixPart:
    """One block of a Phụ lục, for the template: ``kind`` is a paragraph style (para,
    heading, basis, title) with its ``spans``, ``form`` (the left column's ``lines`` and a
    ``date_line``) or ``table``."""

    kind: str
    spans: tuple[Span, ...] = ()
    lines: tuple[str, ...] = ()
    date_line: str = ""
    table: Table | None = None


@dataclass(frozen=True)
class Appendix:
    """One Phụ lục, ready for the template."""

    heading: str
    title: tuple[str, ...]
    kem_theo: str
    blocks: tuple[AppendixPart, ...]
    landscape: bool = False

    @property
    def tables(self) -> tuple[Table, ...]:
        """Its tables, in order."""
        return tuple(b.table for b in self.blocks if b.table is not None)


def heading(index: int, count: int) -> str:
    """ "Phụ lục" for a single appendix, "Phụ lục I", "Phụ lục II" … for several."""
    return f"Phụ lục {roman(index)}" if count > 1 else "Phụ lục"


def kem_theo(spec: DocumentSpec, org: Org, symbol: str, ban_hanh: bool = False) -> str:
    """ "(Kèm theo Kế hoạch số 21/KH-UBND ngày 05 tháng 3 năm 2025 của UBND xã …)"; a draft
    leaves the number and the day blank. What a quyết định issues (a quy chế, a quy định:
    *ban_hanh*) reads "(Ban hành kèm theo Quyết định số …)"."""
    number = f"số {symbol}" if spec.number is not None else f"số{BLANK}{symbol}"
    when = long_date(spec.date) if spec.date else f"ngày{BLANK}tháng{BLANK}năm {spec.year}"
    lead = "Ban hành kèm theo" if ban_hanh else "Kèm theo"
    return f"({lead} {canonical_type(spec.kind)} {number} {when} của {org.short or org.name})"


@dataclass
class AppendixComposer:
    """Composes the appendices of one document."""

    spec: DocumentSpec
    catalog: Catalog
    org: Org
    compose: Compose
    levels: dict[str, str]
    symbol: str
    policy: str = "previous"
    files: Files | None = None
    keep: Callable[[TaskNode], bool] = lambda node: True

    def build(self) -> list[Appendix]:
        """Every Phụ lục of the spec, in order."""
        count = len(self.spec.appendices)
        return [self.appendix(a, i, count) for i, a in enumerate(self.spec.appendices, 1)]

    def appendix(self, spec: AppendixSpec, index: int, count: int) -> Appendix:
        outline = Outline(compose=self.compose, keep=self.keep)
        title = spec.title
        parts: list[AppendixPart] = []
        for block in spec.blocks:
            if block.table is not None and block.table.schedule and not title:
                title = self.catalog.schedule(block.table.schedule, block.table.where).title
            parts += self.block(block, outline)
        where = spec.where
        if spec.ban_hanh and self.spec.kind != "quyet_dinh":
            raise CatalogError(
                _("'ban_hanh' is for a quyết định's phụ lục, and this spec is a {kind}").format(
                    kind=self.spec.kind
                ),
                where=where,
                hint=_("remove 'ban_hanh:' (the line reads '(Kèm theo …)')"),
            )
        return Appendix(
            heading(index, count),
            (upper(self.text(title, where)),),
            kem_theo(self.spec, self.org, self.symbol, spec.ban_hanh),
            tuple(parts),
            spec.landscape,
        )

    def block(self, block: AppendixBlock, outline: Outline) -> list[AppendixPart]:
        if block.kind == "table" and block.table is not None:
            return [AppendixPart("table", table=self.table(block.table))]
        if block.kind == "form":
            lines = tuple(upper(self.text(line, block.where)) for line in block.lines)
            day = self.text(block.date_line, block.where)
            return [AppendixPart("form", lines=lines, date_line=day)]
        if block.kind == "section" and block.node is not None:
            return [AppendixPart(b.style, b.spans) for b in outline.section(block.node)]
        if block.style == "title":
            return [AppendixPart("title", spans(upper(self.text(block.text, block.where))))]
        paragraph = outline.paragraph(block.text, block.where, block.style)
        return [AppendixPart(paragraph.style, paragraph.spans)]

    # -- tables --------------------------------------------------------------------------
    def table(self, spec: TableSpec) -> Table:
        if spec.source == "schedule":
            return self.schedule_table(spec)
        if spec.source == "references":
            return table(spec, [self.reference_row(spec, r) for r in self.references(spec)])
        if spec.source == "file":
            return table(spec, self.file_rows(spec))
        values = [[self.text(cell, spec.where) for cell in row] for row in spec.rows]
        return table(spec, values)

    def references(self, spec: TableSpec) -> list[Reference]:
        if spec.references:
            return [self.catalog.ref(ref_id, spec.where) for ref_id in spec.references]
        wanted = set(spec.tags)
        found = [r for r in self.catalog.references.values() if wanted & set(r.tags)]
        if not found:
            known = sorted({t for r in self.catalog.references.values() for t in r.tags})
            raise CatalogError(
                _("no reference of the catalog has the tag {tags}").format(
                    tags=" or ".join(spec.tags)
                ),
                where=spec.where,
                hint=_("tags in the catalog: {known}").format(known=", ".join(known)),
            )
        return sorted(found, key=lambda r: (r.date is None, r.date))

    def reference_row(self, spec: TableSpec, ref: Reference) -> list[str]:
        leaves = spec.leaves()[1 if spec.numbered else 0 :]
        return [_reference_field(leaf, ref, spec.where) for leaf in leaves]

    def file_rows(self, spec: TableSpec) -> list[list[str]]:
        rows = (self.files or {}).get(spec.file)
        if rows is None:  # the workflow reads every file the spec names
            raise CatalogError(
                _("the figure file '{file}' was not read").format(file=spec.file),
                where=spec.where,
                hint=_("render the spec with docgen render"),
            )
        leaves = spec.leaves()[1 if spec.numbered else 0 :]
        out = []
        for row in rows:
            out.append([row.get(leaf.key, "") for leaf in leaves])
        return out

    def schedule_table(self, spec: TableSpec) -> Table:
        schedule = self.catalog.schedule(spec.schedule, spec.where)
        widths = [leaf.width for leaf in spec.leaves()] if spec.columns else SCHEDULE_WIDTHS
        columns = spec.columns or tuple(
            Column(head, width) for head, width in zip(schedule.columns, widths, strict=True)
        )
        shaped = TableSpec(columns=columns, caption=spec.caption, where=spec.where)
        spans = grid_spans(widths)
        return table(shaped, rows=self.schedule_rows(schedule, spans))

    def schedule_rows(self, schedule: Schedule, spans: list[int]) -> list[tuple[Cell, ...]]:
        if self.spec.school_year is None:
            raise CatalogError(
                _("a Phụ lục of tasks needs the spec's school year"),
                where=self.spec.loc("appendices"),
                hint=_("add 'school_year: 2024-2025'"),
            )
        rows: list[tuple[Cell, ...]] = []
        groups = 0
        for group in schedule.groups:
            level = self.levels.get(group.level, group.level)
            kept = [r for r in group.rows if not r.levels or self.org.level in r.levels]
            if not kept or not level:
                continue
            groups += 1
            title = upper(self.text(group.title, group.where))
            rows.append(group_row(roman(groups), title, spans))
            for number, row in enumerate(kept, 1):
                texts = (
                    (str(number), "center"),
                    (self.text(row.text, row.where), "text"),
                    (self.time(row, level), "center"),
                    (self.text(row.product, row.where), "center"),
                )
                rows.append(tuple(Cell(t, s, a) for (t, a), s in zip(texts, spans, strict=True)))
        return rows

    def time(self, row: ScheduleRow, level: str) -> str:
        assert self.spec.school_year is not None
        milestone = self.catalog.milestone(row.milestone, self.spec.school_year, row.where)
        return TIME_PHRASES[row.form](deadline(self.catalog, milestone, level, self.policy).day)

    def text(self, text: str, where: Location) -> str:
        return plain(spans(self.compose(text, where))) if text else ""


def _reference_field(leaf: Column, ref: Reference, where: Location) -> str:
    show = REFERENCE_FIELDS.get(leaf.key)
    if show is None:
        raise CatalogError(
            _("a danh mục văn bản column cannot show '{key}'").format(key=leaf.key or leaf.head),
            where=leaf.where if leaf.where.file else where,
            hint=_("give 'key:' one of {keys}").format(keys=", ".join(REFERENCE_FIELDS)),
        )
    return show(ref)


def check_mentioned(body_text: str, appendices: list[Appendix], where: Location) -> None:
    """NĐ30 §6: the main text must mention every appendix."""
    for appendix in appendices:
        if not re.search(re.escape(appendix.heading) + r"(?![IVXLC])", body_text):
            raise CatalogError(
                _("the text never mentions its '{heading}'").format(heading=appendix.heading),
                where=where,
                hint=_(
                    "NĐ30 wants every appendix named in the text, e.g. '(chi tiết tại "
                    "{heading} kèm theo)'"
                ).format(heading=appendix.heading),
            )
