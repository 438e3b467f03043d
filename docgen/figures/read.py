"""Figure files read into rows of cells, each cell knowing where it is.

A data source is a file or a folder of files, each ``.yaml``, ``.csv`` or ``.xlsx`` (first
sheet), holding one row per unit under a header of column names (YAML: ``column: value``
lines, or a list of such blocks). Every file is read within the caps of
:mod:`docgen.figures.limits`; a column named twice is an error, not a silent choice.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.catalog.yamlio import MDict, MList, load_yaml, where_of
from docgen.errors import DataError, DocgenError, Location, combined
from docgen.figures.limits import (
    COLUMNS,
    FIELD_CHARS,
    FILE_BYTES,
    FILES,
    Budget,
    too_large,
    too_long,
)
from docgen.figures.xlsx import Workbook, column_letter
from docgen.i18n import _
from docgen.vn.numbers import fmt_int
from docgen.vn.text import ascii_fold, nfc

SUFFIXES = tuple(FILE_BYTES)
#: files of a data folder that are notes for people, not data
NOTES = (".md", ".txt", ".pdf", ".docx")


@dataclass(frozen=True)
class Cell:
    """One value read from a data file and where it is ("cell C5" in a spreadsheet)."""

    value: Any
    where: Location
    name: str


@dataclass(frozen=True)
class Row:
    """One row of a data file: its cells by normalised column name."""

    cells: dict[str, Cell]
    where: Location
    header: Location
    columns: tuple[str, ...]


def column_key(name: str) -> str:
    """A column header as compared: folded, spaces and dots as '_' ("Đơn vị" → "don_vi")."""
    return re.sub(r"[\s.]+", "_", ascii_fold(str(name)).strip())


# -- which files ------------------------------------------------------------------------------
def data_files(source: Path) -> list[Path]:
    """The data files of a source (a file, or the data files of a folder, sorted)."""
    if not source.exists():
        raise DataError(
            _("data file or folder not found"),
            file=source,
            hint=_("check the 'data:' path (relative to the spec)"),
        )
    if not source.is_dir():
        _regular(source)
        return [source]
    entries: list[Path] = []
    with os.scandir(source) as listing:
        for entry in listing:
            entries.append(Path(entry.path))
            if len(entries) > FILES:
                raise DataError(
                    _("the data folder holds more than {fmt_int} files").format(
                        fmt_int=fmt_int(FILES)
                    ),
                    file=source,
                    hint=_("keep only the units' figure files in it"),
                )
    files: list[Path] = []
    errors: list[DocgenError] = []
    for path in sorted(entries):
        name = path.name.lower()
        if name.startswith((".", "~$", "readme")) or path.is_dir() or name.endswith(NOTES):
            continue
        if path.suffix.lower() in SUFFIXES:
            files.append(path)
        else:
            errors.append(
                DataError(
                    _("not a data file ({value})").format(value=path.suffix or "no extension"),
                    file=path,
                    hint=_(
                        "give each unit's figures as .yaml, .csv or .xlsx (Excel: Save as .xlsx)"
                    ),
                )
            )
    if errors:
        raise combined(errors)
    if not files:
        raise DataError(
            _("the data folder holds no .yaml, .csv or .xlsx file"),
            file=source,
            hint=_("put one file per unit (or one table of units) in it"),
        )
    return files


def _regular(path: Path) -> int:
    """The size of *path*, a regular file (not a device, a pipe or a folder)."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise DataError(
            _("not a regular file"),
            file=path,
            hint=_("give the figure file itself (.yaml, .csv or .xlsx)"),
        )
    return info.st_size


# -- one file ---------------------------------------------------------------------------------
def read_rows(path: Path, budget: Budget) -> list[Row]:
    """Every row of one data file, within the caps (*budget* is what is left of its source)."""
    suffix = path.suffix.lower()
    if suffix not in FILE_BYTES:
        raise DataError(
            _("not a data file ({value})").format(value=suffix or "no extension"),
            file=path,
            hint=_("give the figures as .yaml, .csv or .xlsx"),
        )
    try:
        size = _regular(path)
        if size > FILE_BYTES[suffix]:
            raise too_large(path, size, FILE_BYTES[suffix])
        budget.spend_bytes(path, size)
        if suffix == ".csv":
            return _csv_rows(path, budget)
        if suffix == ".xlsx":
            return _xlsx_rows(path, budget)
        return _yaml_rows(path, budget)
    except OSError as exc:
        raise DataError(
            _("cannot be read ({value})").format(value=exc.strerror or "input/output error"),
            file=path,
            hint=_("check that the file exists and that you may read it"),
        ) from None


class _Header:
    """The header row of a table: the column name at each position, each named once."""

    def __init__(self, names: list[str], where: Location, place: Callable[[int], str]) -> None:
        """*place* names the header cell of a column (1-based)."""
        self.names = tuple(names)
        self.where = where
        self.keys: dict[int, str] = {}  # position → column key, for named columns
        first: dict[str, int] = {}
        errors: list[DocgenError] = []
        for i, name in enumerate(names):
            if not name:
                continue
            key = column_key(name)
            if key in first:
                other = names[first[key]]
                what = (
                    _("column '{name}' appears twice").format(name=name)
                    if other == name
                    else _("columns '{other}' and '{name}' are the same column").format(
                        other=other, name=name
                    )
                )
                errors.append(
                    DataError(
                        _("{what} ({place} and {place2})").format(
                            what=what, place=place(first[key] + 1), place2=place(i + 1)
                        ),
                        where=where,
                        hint=_("keep one of them: rename or delete the other"),
                    )
                )
                continue
            first[key] = i
            self.keys[i] = key
        if errors:
            raise combined(errors)


def _check_width(
    values: list[Any] | dict[int, Any], where: Location, place: Callable[[int], str]
) -> None:
    """A row of at most :data:`COLUMNS` columns and values of at most :data:`FIELD_CHARS`
    characters; *place* names the value at a column (1-based)."""
    items = values.items() if isinstance(values, dict) else enumerate(values, 1)
    for column, value in items:
        if column > COLUMNS:
            raise DataError(
                _("{place} is past column {fmt_int}").format(
                    place=place(column), fmt_int=fmt_int(COLUMNS)
                ),
                where=where,
                hint=_(
                    "a figure table has at most {fmt_int} columns; remove what is beyond them"
                ).format(fmt_int=fmt_int(COLUMNS)),
            )
        if isinstance(value, str) and len(value) > FIELD_CHARS:
            raise too_long(where, place(column), len(value))


def _read(path: Path) -> bytes:
    limit = FILE_BYTES[path.suffix.lower()]
    with path.open("rb") as fh:
        raw = fh.read(limit + 1)
    if len(raw) > limit:
        raise too_large(path, len(raw), limit)
    return raw


def _csv_rows(path: Path, budget: Budget) -> list[Row]:
    raw = _read(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            _("not UTF-8 text"),
            file=path,
            line=line,
            hint=_("save the CSV as 'CSV UTF-8' (Excel) or UTF-8 (LibreOffice)"),
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: _Header | None = None
    rows: list[Row] = []
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            where = Location(str(path), reader.line_num or 1)
            if "field larger than field limit" in str(exc):
                raise too_long(where, "a value", csv.field_size_limit(), at_least=True) from None
            raise DataError(
                _("this line cannot be read as CSV"),
                where=where,
                hint=_('check its quotes: a value that starts with " must end with "'),
            ) from None
        if not any(v.strip() for v in record):
            continue
        where = Location(str(path), reader.line_num)
        _check_width(record, where, _csv_place(header))
        if header is None:
            header = _Header([nfc(v).strip() for v in record], where, lambda c: f"column {c}")
            continue
        cells = {
            key: Cell(
                nfc(record[i]) if i < len(record) else "", where, f"column '{header.names[i]}'"
            )
            for i, key in header.keys.items()
        }
        budget.spend_row(where, len(cells))
        rows.append(Row(cells, where, header.where, header.names))
    return rows


def _csv_place(header: _Header | None) -> Callable[[int], str]:
    """Names the value of a column (1-based) of a CSV line: by its header once known."""
    names = header.names if header is not None else ()
    return lambda c: (
        f"column '{names[c - 1]}'" if c <= len(names) and names[c - 1] else f"value {c} of the line"
    )


def _xlsx_rows(path: Path, budget: Budget) -> list[Row]:
    with Workbook(path, budget) as book:
        _skip, sheet_rows = book.rows()
        header: _Header | None = None
        rows: list[Row] = []
        for sheet_row in sheet_rows:
            values, n = sheet_row.values, sheet_row.number
            if not any(not isinstance(v, str) or v.strip() for v in values.values()):
                continue
            where = Location(str(path), n)
            place = _cell_place(n)
            _check_width(values, where, place)
            if header is None:
                names = [""] * max(values)
                for column, value in values.items():
                    names[column - 1] = nfc(str(value)).strip()
                header = _Header(names, where, place)
                continue
            cells: dict[str, Cell] = {}
            for i, key in header.keys.items():
                value = values.get(i + 1)
                label = f"{place(i + 1)} ('{header.names[i]}')"
                cells[key] = Cell(nfc(value) if isinstance(value, str) else value, where, label)
            budget.spend_row(where, len(cells))
            rows.append(Row(cells, where, header.where, header.names))
        return rows


def _cell_place(row: int) -> Callable[[int], str]:
    """Names the cell of a column (1-based) in *row*: "cell C5"."""
    return lambda column: f"cell {column_letter(column)}{row}"


def _yaml_rows(path: Path, budget: Budget) -> list[Row]:
    try:
        data = load_yaml(path)
    except DocgenError as exc:
        raise DataError(
            exc.message, file=exc.file or path, line=exc.line, column=exc.column, hint=exc.hint
        ) from None
    top = Location(str(path), 1)
    items = list(data) if isinstance(data, MList) else [data]
    rows: list[Row] = []
    for item in items:
        if not isinstance(item, MDict):
            raise DataError(
                _("expected 'column: value' lines for a unit"),
                where=where_of(item, top),
                hint=_("e.g. 'don_vi: th-thcs-ngok-bay' then 'gv: 68'"),
            )
        cells: dict[str, Cell] = {}
        names: dict[str, str] = {}
        for k, v in item.items():
            where = where_of(v, item.key_where(k, item.where))
            key = column_key(k)
            if key in names:
                raise DataError(
                    _("'{names}' and '{k}' name the same column").format(names=names[key], k=k),
                    where=where,
                    hint=_("keep one of them"),
                )
            names[key] = k
            cells[key] = Cell(_yaml_value(k, v, where), where, f"'{k}'")
        budget.spend_row(item.where, len(cells))
        rows.append(Row(cells, item.where, item.where, tuple(item.keys())))
    return rows


def _yaml_value(key: str, value: Any, where: Location) -> Any:
    """A YAML value as a cell holds it: a text, or a list of texts (names)."""
    items = value if isinstance(value, MList) else [value]
    if not all(isinstance(v, str) for v in items):
        raise DataError(
            _("'{key}' must be a value or a list of names, found a nested block").format(key=key),
            where=where,
            hint=_("write '{key}: 12' or '{key}: [A, B]'").format(key=key),
        )
    if sum(len(v) for v in items) > FIELD_CHARS:
        raise too_long(where, f"'{key}'", sum(len(v) for v in items))
    return list(value) if isinstance(value, MList) else value


__all__ = ["Cell", "Row", "column_key", "data_files", "read_rows"]
