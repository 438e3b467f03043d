"""Tables as data: columns (a group of sub-columns under one merged heading allowed) and
rows → the cells a template lays out.

The template's table has a grid of :data:`GRID` equal columns; each cell spans a whole
number of them, computed here from the columns' relative widths, so the template needs no
width of its own and the same table fits a portrait or a landscape page (its width is the
page's). A column heading over two rows is merged vertically (``merge`` restart/continue).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from docgen.model.appendix import Column, TableSpec

#: the equal columns of a template's table grid (a cell spans a number of them)
GRID = 48
#: the paragraph style of each kind of cell (the template holds one paragraph a style)
CELL_STYLES = ("text", "center", "left", "group", "head")


@dataclass(frozen=True)
class Cell:
    """One cell: its text, the grid columns it spans, its style (:data:`CELL_STYLES`) and,
    in a heading, whether it starts or continues a vertical merge."""

    text: str
    span: int
    style: str = "text"
    merge: str = ""


@dataclass(frozen=True)
class Table:
    """A table ready for the template: one or two heading rows (repeated on each page) and
    the body rows (never split across pages)."""

    head: tuple[Cell, ...]
    sub: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""


def grid_spans(widths: Sequence[int], grid: int = GRID) -> list[int]:
    """*widths* (relative) as whole grid columns adding up to *grid*, each at least one
    (largest remainder first, the leftmost on a tie)."""
    if not widths:
        return []
    if len(widths) > grid:
        raise ValueError(f"more than {grid} columns")
    total = sum(widths)
    shares = [Fraction(w * (grid - len(widths)), total) for w in widths]
    spans = [1 + int(s) for s in shares]
    left = grid - sum(spans)
    order = sorted(range(len(widths)), key=lambda i: (-(shares[i] - int(shares[i])), i))
    for i in order[:left]:
        spans[i] += 1
    return spans


def heading(columns: Sequence[Column], spans: Sequence[int]) -> tuple[tuple[Cell, ...], ...]:
    """The heading rows: one, or two when a column groups sub-columns (a plain column's
    heading then spans both rows)."""
    grouped = any(col.columns for col in columns)
    top: list[Cell] = []
    sub: list[Cell] = []
    at = 0
    for col in columns:
        leaves = col.leaves()
        width = sum(spans[at : at + len(leaves)])
        if col.columns:
            top.append(Cell(col.head, width, "head"))
            sub += [Cell(leaf.head, spans[at + k], "head") for k, leaf in enumerate(leaves)]
        else:
            top.append(Cell(col.head, width, "head", "restart" if grouped else ""))
            if grouped:
                sub.append(Cell("", width, "head", "continue"))
        at += len(leaves)
    return tuple(top), tuple(sub)


def value_rows(
    spec: TableSpec, spans: Sequence[int], values: Iterable[Sequence[str]]
) -> tuple[tuple[Cell, ...], ...]:
    """Body rows of *values* (one text a value column; with ``numbered`` the first column
    is 1, 2, 3 … and the values fill the others)."""
    leaves = spec.leaves()
    rows = []
    for n, row in enumerate(values, 1):
        texts = [str(n), *row] if spec.numbered else list(row)
        rows.append(
            tuple(
                Cell(text, span, _align(leaf, i, spec.numbered))
                for i, (text, span, leaf) in enumerate(zip(texts, spans, leaves, strict=True))
            )
        )
    return tuple(rows)


def group_row(number: str, title: str, spans: Sequence[int]) -> tuple[Cell, ...]:
    """A row heading a group of rows: its number (bold, centred) and its title across
    the other columns."""
    return (Cell(number, spans[0], "head"), Cell(title, sum(spans[1:]), "group"))


def table(
    spec: TableSpec,
    values: Iterable[Sequence[str]] | None = None,
    rows: Sequence[tuple[Cell, ...]] | None = None,
) -> Table:
    """The table of *spec*: its heading, and body rows made of *values* (or ready *rows*)."""
    spans = grid_spans([leaf.width for leaf in spec.leaves()])
    top, sub = heading(spec.columns, spans)
    body = tuple(rows) if rows is not None else value_rows(spec, spans, values or ())
    return Table(top, sub, body, spec.caption)


def _align(leaf: Column, index: int, numbered: bool) -> str:
    if index == 0 and numbered:
        return "center"
    return leaf.align
