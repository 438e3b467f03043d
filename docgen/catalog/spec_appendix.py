"""A spec's ``appendices:``, parsed into :class:`docgen.model.appendix.AppendixSpec`.

Each entry is a catalog schedule id (the plan's task table, landscape, as before) or a
block of keys::

    - title: Danh mục văn bản chỉ đạo
      orientation: landscape          # portrait (the default) or landscape
      ban_hanh: yes                   # a quyết định's quy chế: "(Ban hành kèm theo …)"
      blocks:
        - form: [UBND XÃ ……, TRƯỜNG ……]  # the report form's own two-column header
        - title: BÁO CÁO …             # a centred bold line
        - heading: 1. Kết quả          # a bold body heading
        - "A paragraph, with {{ cite(…) }} as in the body"
        - section: {title: …, items: […]}   # numbered as the body's outline
        - table: {columns: […], rows: […] | file: x.csv | references: […] | tags: […]
                  | schedule: id, numbered: yes, caption: …}
"""

from __future__ import annotations

from typing import Any

from docgen.catalog import keys
from docgen.catalog.fields import Fields
from docgen.catalog.parse import parse_node
from docgen.catalog.yamlio import where_of
from docgen.errors import CatalogError, Location
from docgen.i18n import _
from docgen.model.appendix import ALIGNS, AppendixBlock, AppendixSpec, Column, TableSpec

ORIENTATIONS = keys.ORIENTATIONS
#: the keys of a block and a table: docgen/catalog/keys.py
BLOCK_KEYS = tuple(keys.APPENDIX_BLOCK)
TABLE_KEYS = tuple(keys.APPENDIX_TABLE)
#: the columns of a danh mục văn bản when the spec names none
REFERENCE_COLUMNS = (
    Column("TT", 2, "tt", "center"),
    Column("Số, ký hiệu", 5, "number", "center"),
    Column("Ngày ban hành", 4, "date", "center"),
    Column("Cơ quan ban hành", 6, "issuer", "left"),
    Column("Trích yếu nội dung", 13, "subject", "text"),
)
#: a column's width is a share of the table's; these bound the share a spec may give
WIDTHS = (1, 100)
#: a table's columns, all levels counted
MAX_COLUMNS = 24


def parse_appendices(data: Any, where: Location) -> tuple[AppendixSpec, ...]:
    """Every entry of ``appendices:`` (a list)."""
    if data is None or data == "":
        return ()
    if isinstance(data, str):
        data = [data]
    if not isinstance(data, list):
        raise CatalogError(
            _("'appendices' must be a list (lines starting with '- ')"),
            where=where_of(data, where),
            hint=_("- <schedule id>, or - {title: …, blocks: […]}"),
        )
    return tuple(parse_appendix(item, where_of(item, where)) for item in data)


def parse_appendix(data: Any, where: Location) -> AppendixSpec:
    """One Phụ lục: a schedule id, or title, orientation and blocks."""
    if isinstance(data, str):
        table = TableSpec(columns=(), source="schedule", schedule=str(data).strip(), where=where)
        return AppendixSpec("", (AppendixBlock("table", table=table, where=where),), True, where)
    f = Fields(data, "appendix", where, keys.APPENDIX)
    blocks = tuple(f.each("blocks", parse_appendix_block))
    if not blocks:
        raise CatalogError(
            _("the appendix has no blocks"),
            where=f.where,
            hint=_("add 'blocks:' with paragraphs, sections, a form header or tables"),
        )
    title = f.text("title", "")
    if not title and not any(b.table is not None and b.table.schedule for b in blocks):
        raise CatalogError(
            _("the appendix has no 'title'"), where=f.where, hint=_("add 'title: …'")
        )
    landscape = f.choice("orientation", ORIENTATIONS, "portrait") == "landscape"
    return AppendixSpec(title, blocks, landscape, f.where, f.flag("ban_hanh", False))


def parse_appendix_block(data: Any, where: Location) -> AppendixBlock:
    """One block of a Phụ lục."""
    if isinstance(data, str):
        return AppendixBlock("text", text=str(data).strip(), where=where_of(data, where))
    f = Fields(data, "appendix block", where, keys.APPENDIX_BLOCK)
    kinds = [k for k in ("text", "title", "heading", "section", "form", "table") if f.has(k)]
    if len(kinds) != 1:
        raise CatalogError(
            "an appendix block is one of text, title, heading, section, form or table"
            + (f", found {' and '.join(kinds)}" if kinds else ""),
            where=f.where,
            hint=_("write each as its own '- ' item"),
        )
    kind = kinds[0]
    if kind == "section":
        node = parse_node(f.raw("section"), f.at("section"), "section")
        return AppendixBlock("section", node=node, where=f.where)
    if kind == "form":
        lines = ("TÊN ĐƠN VỊ",) if f.raw("form") in ("yes", "true") else f.texts("form")
        return AppendixBlock("form", lines=lines, date_line=f.text("date_line", ""), where=f.where)
    if kind == "table":
        return AppendixBlock("table", table=parse_table(f.raw("table"), f.at("table")))
    style = {"title": "title", "heading": "heading"}.get(kind)
    if style is None:
        style = f.choice("style", keys.APPENDIX_STYLES, "para")
    return AppendixBlock("text", text=f.text(kind), style=style, where=f.where)


def parse_table(data: Any, where: Location) -> TableSpec:
    """A table block: columns, and rows from one source."""
    if isinstance(data, str):
        raise CatalogError(
            _("a table block needs its columns and rows, found the text '{data}'").format(
                data=data
            ),
            where=where_of(data, where),
            hint=_("table: {columns: [TT, Nội dung], rows: [[1, …]]}, or schedule: <id>"),
        )
    f = Fields(data, "table", where, keys.APPENDIX_TABLE)
    sources = [k for k in ("rows", "file", "references", "tags", "schedule") if f.has(k)]
    if len(sources) != 1:
        raise CatalogError(
            "a table takes its rows from one of rows, file, references, tags or schedule"
            + (f", found {' and '.join(sources)}" if sources else ""),
            where=f.where,
            hint=_(
                "rows: [[…], …] (written here), file: figures.csv, references: [ids], tags: [tag] "
                "(a danh mục văn bản) or schedule: <id> (a plan's task table)"
            ),
        )
    source = sources[0]
    columns = tuple(f.each("columns", _column))
    if source in ("references", "tags") and not columns:
        columns = REFERENCE_COLUMNS
    if source != "schedule" and not columns:
        raise CatalogError(
            _("the table has no 'columns'"), where=f.where, hint=_("add 'columns: […]'")
        )
    table = TableSpec(
        columns=columns,
        source="references" if source == "tags" else source,
        rows=tuple(_row(item, where_of(item, f.at("rows"))) for item in f.blocks("rows")),
        file=f.text("file", ""),
        references=f.texts("references"),
        tags=f.texts("tags"),
        schedule=f.text("schedule", ""),
        numbered=f.flag("numbered", source in ("references", "tags")),
        caption=f.text("caption", ""),
        where=f.where,
    )
    _check_shape(table, f)
    return table


def _column(data: Any, where: Location) -> Column:
    if isinstance(data, str):
        return Column(str(data).strip(), where=where_of(data, where))
    f = Fields(data, "column", where, keys.APPENDIX_COLUMN)
    subs = tuple(f.each("columns", _column))
    width = f.number("width", 1, between=WIDTHS, hint="a share of the table, e.g. 1 to 10")
    return Column(
        f.text("head"),
        width or 1,
        f.text("key", ""),
        f.choice("align", ALIGNS, "text"),
        subs,
        f.where,
    )


def _row(data: Any, where: Location) -> tuple[str, ...]:
    if not isinstance(data, list) or not all(isinstance(v, str) for v in data):
        raise CatalogError(
            _("a table row is a list of cell texts"),
            where=where,
            hint=_("write it as [1, Trường A, 120] (one value a column)"),
        )
    return tuple(str(v).strip() for v in data)


def _check_shape(table: TableSpec, f: Fields) -> None:
    leaves = table.leaves()
    if len(leaves) > MAX_COLUMNS:
        raise CatalogError(
            _("the table has {count} columns, more than {most}").format(
                count=len(leaves), most=MAX_COLUMNS
            ),
            where=f.at("columns"),
            hint=_("split it into two tables"),
        )
    for col in table.columns:
        for sub in col.columns:
            if sub.columns:
                raise CatalogError(
                    _("a column group's sub-columns cannot have sub-columns of their own"),
                    where=sub.where,
                    hint=_("a table's heading has two rows at most"),
                )
    width = len(leaves) - (1 if table.numbered else 0)
    for n, (row, item) in enumerate(zip(table.rows, f.blocks("rows"), strict=True), 1):
        if len(row) != width:
            raise CatalogError(
                f"row {n} of the table has {len(row)} cells, the table {width} columns"
                + (" (the first is numbered by docgen)" if table.numbered else ""),
                where=where_of(item, f.at("rows")),
                hint=_(
                    "give one value a column, '' for an empty cell; quote a text with a comma in "
                    "[ ]"
                ),
            )
    if table.file and any(not c.key for c in leaves[1 if table.numbered else 0 :]):
        raise CatalogError(
            _("a table read from a file names the file's column of each of its columns"),
            where=f.at("columns"),
            hint=_("give each column 'key: <header of the file's column>'"),
        )
