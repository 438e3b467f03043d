"""Figure files: what each unit (a school, or a xã/Phòng that added its schools up) reports.

A data source is a file or a folder of files, each ``.yaml``, ``.csv`` or ``.xlsx`` (first
sheet), holding one row per unit: a ``don_vi`` column (the unit's catalog id or name) and the
columns the figures need. A school gives raw columns (``gv``, ``gv_may_tinh``, a yes/no
``quan_tri``, a list ``nen_tang``); a xã or Phòng gives the figures it added up, by figure id
(``gv-may-tinh: 261/261``, ``nen-tang: K12Online; OLM.vn``), as ``docgen aggregate`` writes
them. Every problem is reported with its file and row (``file:row: what — what to do``), all
of them in one run, and nothing is computed from a source with a problem.
"""

from __future__ import annotations

import csv
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from docgen.catalog.catalog import Catalog
from docgen.catalog.yamlio import MDict, MList, load_yaml, where_of
from docgen.errors import DataError, DocgenError, ErrorList, Location
from docgen.model.entities import Org
from docgen.model.report import Figure, Tally
from docgen.vn.text import ascii_fold, nfc, suggest

SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx")
#: files of a data folder that are notes for people, not data
NOTES = (".md", ".txt", ".pdf", ".docx")
#: names the unit column may have (compared folded: "Đơn vị" = "don_vi")
UNIT_COLUMNS = ("don_vi", "unit", "ma_don_vi")
SCHOOL_LEVEL = "truong"
MAX_BYTES = 20 * 1024 * 1024

_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")  # "3.629": Vietnamese thousands separators
_RATIO = re.compile(r"\s*([\d.]+)\s*/\s*([\d.]+)\s*")
_YES = ("có", "co", "yes", "y", "x", "1", "true", "đạt", "dat")
_NO = ("không", "khong", "no", "n", "0", "false", "")


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


@dataclass(frozen=True)
class UnitData:
    """The figures one unit reported."""

    org: Org
    tallies: dict[str, Tally]
    where: Location


@dataclass(frozen=True)
class DataSet:
    """What the units under one organisation reported, in catalog order, and who is missing."""

    source: str
    parent: Org
    units: tuple[UnitData, ...]
    expected: tuple[Org, ...]

    @property
    def missing(self) -> tuple[Org, ...]:
        """Expected units that sent nothing."""
        sent = {u.org.id for u in self.units}
        return tuple(o for o in self.expected if o.id not in sent)


def column_key(name: str) -> str:
    """A column header as compared: folded, spaces and dots as '_' ("Đơn vị" → "don_vi")."""
    return re.sub(r"[\s.]+", "_", ascii_fold(str(name)).strip())


# -- reading files ----------------------------------------------------------------------------
def data_files(source: Path) -> list[Path]:
    """The data files of a source (a file, or the data files of a folder, sorted)."""
    if not source.exists():
        raise DataError("data file or folder not found", file=source,
                        hint="check the 'data:' path (relative to the spec)")
    if source.is_file():
        return [source]
    files: list[Path] = []
    errors: list[DocgenError] = []
    for path in sorted(source.iterdir()):
        name = path.name.lower()
        if name.startswith((".", "~$")) or path.is_dir() or name.endswith(NOTES):
            continue
        if name.startswith("readme"):
            continue
        if path.suffix.lower() in SUFFIXES:
            files.append(path)
        else:
            errors.append(DataError(
                f"not a data file ({path.suffix or 'no extension'})", file=path,
                hint="give each unit's figures as .yaml, .csv or .xlsx (Excel: Save as .xlsx)",
            ))
    if errors:
        raise errors[0] if len(errors) == 1 else ErrorList(errors)
    if not files:
        raise DataError("the data folder holds no .yaml, .csv or .xlsx file", file=source,
                        hint="put one file per unit (or one table of units) in it")
    return files


def read_rows(path: Path) -> list[Row]:
    """Every row of one data file."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DataError(f"file is too large ({size} bytes)", file=path, hint="split it up")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path)
    if suffix == ".xlsx":
        return _xlsx_rows(path)
    return _yaml_rows(path)


def _yaml_rows(path: Path) -> list[Row]:
    try:
        data = load_yaml(path)
    except DocgenError as exc:
        raise DataError(exc.message, file=exc.file or path, line=exc.line, column=exc.column,
                        hint=exc.hint) from None
    top = Location(str(path), 1)
    items = list(data) if isinstance(data, MList) else [data]
    rows: list[Row] = []
    for item in items:
        if not isinstance(item, MDict):
            raise DataError("expected 'column: value' lines for a unit",
                            where=where_of(item, top),
                            hint="e.g. 'don_vi: th-thcs-ngok-bay' then 'gv: 68'")
        cells = {
            column_key(k): Cell(v, where_of(v, item.key_where(k, item.where)), f"'{k}'")
            for k, v in item.items()
        }
        rows.append(Row(cells, item.where, item.where, tuple(item.keys())))
    return rows


def _csv_rows(path: Path) -> list[Row]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError("not UTF-8 text", file=path, line=line,
                        hint="save the CSV as 'CSV UTF-8' (Excel) or UTF-8 (LibreOffice)") from None
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    header: list[str] | None = None
    header_at = Location(str(path), 1)
    rows: list[Row] = []
    for record in reader:
        line = reader.line_num
        if not any(v.strip() for v in record):
            continue
        if header is None:
            header, header_at = [nfc(v).strip() for v in record], Location(str(path), line)
            continue
        where = Location(str(path), line)
        cells = {
            column_key(name): Cell(nfc(value), where, f"column '{name}'")
            for name, value in zip(header, record, strict=False)
            if name
        }
        rows.append(Row(cells, where, header_at, tuple(header)))
    return rows


def _xlsx_rows(path: Path) -> list[Row]:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it cannot read
            book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise DataError(f"cannot read the spreadsheet ({exc.__class__.__name__}: {exc})",
                        file=path,
                        hint="open it in Excel or LibreOffice and save it again as .xlsx") from None
    try:
        sheet = book.worksheets[0]
        header: list[str] | None = None
        header_at = Location(str(path), 1)
        rows: list[Row] = []
        for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1):
            if not any(v is not None and str(v).strip() for v in values):
                continue
            if header is None:
                header = [nfc(str(v)).strip() if v is not None else "" for v in values]
                header_at = Location(str(path), number)
                continue
            where = Location(str(path), number)
            cells = {}
            for index, (name, value) in enumerate(zip(header, values, strict=False), 1):
                if name:
                    shown = nfc(value) if isinstance(value, str) else value
                    label = f"cell {get_column_letter(index)}{number} ('{name}')"
                    cells[column_key(name)] = Cell(shown, where, label)
            rows.append(Row(cells, where, header_at, tuple(header)))
        return rows
    finally:
        book.close()


# -- values -----------------------------------------------------------------------------------
def to_count(cell: Cell) -> int:
    """A whole number of 0 or more ("3629", "3.629", an Excel number)."""
    value = cell.value
    if isinstance(value, bool):
        raise _bad(cell, f"must be a number, found {value}", "write the count in digits")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    elif isinstance(value, str) and _GROUPED.fullmatch(value.strip()):
        number = int(value.strip().replace(".", ""))
    elif isinstance(value, str) and re.fullmatch(r"-\s*[\d.]+", value.strip()):
        number = -1
    else:
        shown = "an empty cell" if value in (None, "") else f"'{value}'"
        raise _bad(cell, f"must be a whole number, found {shown}",
                   "write the count in digits (3629 or 3.629)")
    if number < 0:
        raise _bad(cell, f"cannot be negative, found {str(value).strip()}",
                   "a count is 0 or more; write 0 when there is none")
    return number


def to_flag(cell: Cell) -> bool:
    """yes/no: có/không, x/empty, 1/0, an Excel TRUE/FALSE."""
    value = cell.value
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = ascii_fold(str(value if value is not None else "")).strip()
    if text in {ascii_fold(v) for v in _YES}:
        return True
    if text in {ascii_fold(v) for v in _NO}:
        return False
    raise _bad(cell, f"must be có or không, found '{value}'", "write có / không (or x / empty)")


def to_names(cell: Cell) -> tuple[str, ...]:
    """A list of names: a YAML list or a text separated by ';' (or new lines)."""
    value = cell.value
    if value is None:
        return ()
    items = list(value) if isinstance(value, list) else re.split(r"[;\n]", str(value))
    names: list[str] = []
    for item in items:
        name = nfc(str(item)).strip()
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return tuple(names)


def to_ratio(cell: Cell) -> tuple[int, int]:
    """ "261/261" (part/total) as an aggregate file writes it."""
    match = _RATIO.fullmatch(str(cell.value if cell.value is not None else ""))
    if match is None:
        raise _bad(cell, f"must be part/total such as 261/261, found '{cell.value}'",
                   "write the figure as 'part/total'")
    num, den = (to_count(Cell(g, cell.where, cell.name)) for g in match.groups())
    if num > den:
        raise _bad(cell, f"part {num} is more than total {den}", "a part cannot exceed its total")
    return num, den


def _bad(cell: Cell, what: str, hint: str) -> DataError:
    return DataError(f"{cell.name} {what}", where=cell.where, hint=hint)


# -- units ------------------------------------------------------------------------------------
def expected_units(catalog: Catalog, parent: Org, on: date | None, year: int | None) -> list[Org]:
    """The units directly under *parent* that existed when the report was made."""
    units = catalog.children(parent.id)
    if on is not None:
        return [o for o in units if o.exists_on(on)]
    if year is not None:  # a draft: units that existed at some time of its year
        first, last = date(year, 1, 1), date(year, 12, 31)
        return [
            o for o in units
            if (o.valid_from is None or o.valid_from <= last)
            and (o.valid_to is None or o.valid_to >= first)
        ]
    return units


class _Units:
    """Resolves a row's unit (id or name) among the catalog, and remembers who reported."""

    def __init__(self, catalog: Catalog, parent: Org) -> None:
        self.catalog = catalog
        self.parent = parent
        self.index: dict[str, Org] = {}
        for org in catalog.orgs.values():
            for key in (org.id, org.name, org.short):
                if key:
                    self.index.setdefault(ascii_fold(key).strip(), org)
        self.seen: dict[str, Location] = {}

    def resolve(self, row: Row) -> Org:
        cell = next((row.cells[k] for k in UNIT_COLUMNS if k in row.cells), None)
        if cell is None or not str(cell.value or "").strip():
            raise DataError(
                "the row names no unit", where=row.where if cell is None else cell.where,
                hint="add a 'don_vi' column with the unit's catalog id, e.g. th-thcs-ngok-bay",
            )
        text = nfc(str(cell.value)).strip()
        org = self.index.get(ascii_fold(text))
        if org is None:
            guess = suggest(text, [o.id for o in self.catalog.children(self.parent.id)])
            raise DataError(
                f"unknown unit '{text}'", where=cell.where,
                hint=f"did you mean '{guess}'?" if guess
                else f"add it to the catalog (catalogs/orgs) under '{self.parent.id}'",
            )
        if org.parent != self.parent.id:
            raise DataError(
                f"'{org.id}' is not a unit of {self.parent.mention} ('{self.parent.id}')",
                where=cell.where, hint="remove the row or move the file to its own report",
            )
        if org.id in self.seen:
            raise DataError(
                f"'{org.id}' is reported twice (first at {self.seen[org.id]})", where=cell.where,
                hint="keep one row per unit",
            )
        self.seen[org.id] = cell.where
        return org


# -- figures of one row -----------------------------------------------------------------------
def school_tallies(row: Row, org: Org, figures: Sequence[Figure]) -> dict[str, Tally]:
    """A school's raw columns turned into the tallies of *figures* (those it counts for)."""
    out: dict[str, Tally] = {}
    errors: list[DocgenError] = []
    for figure in figures:
        if not figure.applies_to(org.school_types):
            continue
        try:
            out[figure.id] = _school_tally(row, figure)
        except DocgenError as exc:
            errors.append(exc)
    if errors:
        raise ErrorList(errors)
    return out


def _school_tally(row: Row, figure: Figure) -> Tally:
    cells = [_column(row, name, figure) for name in figure.columns()]
    if figure.kind == "distinct":
        return Tally(names=to_names(cells[0]))
    if figure.kind == "schools":
        return Tally(num=int(to_flag(cells[0])), den=1)
    num, den = to_count(cells[0]), to_count(cells[1])
    if num > den:
        raise DataError(
            f"{cells[0].name} is {num}, more than {cells[1].name} ({den})",
            where=cells[0].where,
            hint="a part cannot exceed its total; check both figures",
        )
    return Tally(num=num, den=den)


def unit_tallies(row: Row, figures: Sequence[Figure]) -> dict[str, Tally]:
    """A xã's or Phòng's row: the figures it added up, by figure id."""
    out: dict[str, Tally] = {}
    errors: list[DocgenError] = []
    for figure in figures:
        try:
            cell = _column(row, figure.id, figure)
            if figure.kind == "distinct":
                out[figure.id] = Tally(names=to_names(cell))
            else:
                num, den = to_ratio(cell)
                out[figure.id] = Tally(num=num, den=den)
        except DocgenError as exc:
            errors.append(exc)
    if errors:
        raise ErrorList(errors)
    return out


class MissingColumn(DataError):
    """A column the figures need is not in the file (reported once per file)."""

    def __init__(self, column: str, figure: Figure, row: Row) -> None:
        found = [c for c in row.columns if c]
        guess = suggest(column, found)
        super().__init__(
            f"column '{column}' is missing (needed for figure '{figure.id}')",
            where=row.header,
            hint=f"did you mean '{guess}'?" if guess else f"add a '{column}' column",
        )
        self.key = (row.header.file, column)


def _column(row: Row, name: str, figure: Figure) -> Cell:
    cell = row.cells.get(column_key(name))
    if cell is None:
        raise MissingColumn(name, figure, row)
    return cell


# -- a whole source ---------------------------------------------------------------------------
def load_data(
    source: Path,
    catalog: Catalog,
    parent: Org,
    figures: Iterable[Figure],
    *,
    on: date | None = None,
    year: int | None = None,
) -> DataSet:
    """Read every unit's figures under *parent* from *source*; all problems in one error."""
    figures = list(figures)
    units = _Units(catalog, parent)
    found: list[UnitData] = []
    errors: list[DocgenError] = []
    for path in data_files(source):
        try:
            rows = read_rows(path)
        except DocgenError as exc:
            errors.append(exc)
            continue
        if not rows:
            errors.append(DataError("the file holds no row of figures", file=path,
                                    hint="a header row and one row per unit"))
        for row in rows:
            try:
                org = units.resolve(row)
                tallies = (school_tallies(row, org, figures) if org.level == SCHOOL_LEVEL
                           else unit_tallies(row, figures))
                found.append(UnitData(org, tallies, row.where))
            except DocgenError as exc:
                errors.append(exc)
    problems = _dedupe(_flatten(errors))
    if problems:
        raise problems[0] if len(problems) == 1 else ErrorList(problems)
    order = {o.id: i for i, o in enumerate(catalog.orgs.values())}
    found.sort(key=lambda u: order[u.org.id])
    return DataSet(str(source), parent, tuple(found),
                   tuple(expected_units(catalog, parent, on, year)))


def _flatten(errors: list[DocgenError]) -> Iterator[DocgenError]:
    for err in errors:
        if isinstance(err, ErrorList):
            yield from _flatten(err.errors)
        else:
            yield err


def _dedupe(errors: Iterable[DocgenError]) -> list[DocgenError]:
    """Each problem once (a column two figures need is missing, or wrong, only once)."""
    seen: set[object] = set()
    out: list[DocgenError] = []
    for err in errors:
        key = getattr(err, "key", None) or str(err)
        if key not in seen:
            seen.add(key)
            out.append(err)
    return out
