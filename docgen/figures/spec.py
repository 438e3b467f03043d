"""The figures a spec uses, and its totals read from the figure files it names."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docgen.catalog.catalog import Catalog
from docgen.catalog.parse_report import figure_calls
from docgen.errors import CatalogError, DataError, Location
from docgen.figures.limits import Budget
from docgen.figures.load import add_up, load_data
from docgen.figures.read import Row, column_key, read_rows
from docgen.i18n import _
from docgen.model.entities import TaskNode
from docgen.model.report import Figure, ReportTable
from docgen.model.spec import DocumentSpec
from docgen.model.totals import DataSet, Totals
from docgen.vn.dates import short_date
from docgen.vn.numbers import fmt_int


def needed_figures(spec: DocumentSpec, catalog: Catalog) -> list[Figure]:
    """The figures a spec's texts and tables use, in catalog order."""
    catalog = catalog.seen_by(spec.issuer)  # the targets its issuer's owners have
    ids: set[str] = set()
    for text, where in _spec_texts(spec):
        ids.update(figure_calls(text, where))
    for block in spec.body:
        if block.kind == "table":
            ids.update(table_figures(catalog, catalog.report_table(block.table, block.where)))
    for figure_id in ids:
        catalog.figure(figure_id, spec.where)  # an unknown id is reported with a suggestion
    return [f for f in catalog.figures.values() if f.id in ids]


def table_figures(catalog: Catalog, table: ReportTable) -> set[str]:
    """The ids of the figures a report table shows or judges its targets by."""
    ids: set[str] = set()
    for group in table.groups:
        for row in group.rows:
            for line in row.lines:
                ids.update(figure_calls(line, row.where))
            for target_id in row.targets:
                ids.update(m.figure for m in catalog.target(target_id, row.where).measures)
    return ids


def _spec_texts(spec: DocumentSpec) -> list[tuple[str, Location]]:
    texts = [(spec.subject, spec.loc("subject"))]
    for block in spec.body:
        texts.append((block.text, block.where))
        if block.node is not None:
            texts += _node_texts(block.node)
    return texts


def _node_texts(node: TaskNode) -> list[tuple[str, Location]]:
    out = [(t, node.where) for t in (node.title, node.text, *node.intro, *node.outro)]
    for child in node.children:
        out += _node_texts(child)
    return out


def spec_source(spec: DocumentSpec) -> Path:
    """The figure files a spec names (``data:``, relative to the spec's own folder)."""
    source = Path(spec.data)
    if not source.is_absolute() and spec.path:
        source = Path(spec.path).parent / source
    return source


def spec_totals(spec: DocumentSpec, catalog: Catalog) -> Totals | None:
    """Read and add up the units' figures a spec uses (None when it uses none and names no
    data); what the workflows hand to :func:`docgen.compose.context.build_context`."""
    figures = needed_figures(spec, catalog)
    tables = appendix_tables(spec)
    org = catalog.org(spec.issuer, spec.loc("issuer"))
    if not spec.data:
        if figures:
            raise CatalogError(
                _("the report uses figures but names no data"),
                where=spec.where,
                hint=_("add 'data: <folder of the units' figure files>' (relative to the spec)"),
            )
        return Totals({}, DataSet("", org, (), ()), tables) if tables else None
    data = load_data(spec_source(spec), catalog, org, figures, on=spec.date, year=spec.year)
    totals = add_up(data, figures)
    return Totals(totals.tallies, totals.data, tables) if tables else totals


def appendix_tables(spec: DocumentSpec) -> dict[str, tuple[dict[str, str], ...]]:
    """The rows of each figure file a Phụ lục's table shows (relative to the spec): for
    each of the table's columns, by its ``key``, the text of the file's column of that
    header (compared as figure columns are, :func:`column_key`): a count with thousands
    separators, a date as NĐ30 writes it."""
    tables: dict[str, tuple[dict[str, str], ...]] = {}
    budget = Budget()
    for appendix in spec.appendices:
        for block in appendix.blocks:
            table = block.table
            if table is None or not table.file:
                continue
            path = Path(table.file)
            if not path.is_absolute() and spec.path:
                path = Path(spec.path).parent / path
            keys = [leaf.key for leaf in table.leaves() if leaf.key]
            rows = read_rows(path, budget)
            tables[table.file] = tuple(_table_row(row, keys, table.where) for row in rows)
    return tables


def _table_row(row: Row, keys: list[str], where: Location) -> dict[str, str]:
    out = {}
    for key in keys:
        cell = row.cells.get(column_key(key))
        if cell is None:
            raise DataError(
                _(
                    "the file has no column '{key}' (a column of the Phụ lục's table, at {where})"
                ).format(key=key, where=where),
                where=row.header,
                hint=_("its columns: {columns}").format(columns=", ".join(row.columns)),
            )
        out[key] = _cell_text(cell.value)
    return out


def _cell_text(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return "" if value is None else ("x" if value else "")
    if isinstance(value, int):
        return fmt_int(value)
    if isinstance(value, date):
        return short_date(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v).strip() for v in value)
    return str(value).strip()
