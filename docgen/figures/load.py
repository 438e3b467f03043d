"""A whole figure source read for one organisation: each unit's figures, all problems at once.

A school gives raw columns (``gv``, ``gv_may_tinh``, a yes/no ``quan_tri``, a list
``nen_tang``); a xã or Phòng gives the figures it added up, by figure id (``gv-may-tinh:
261/261``, ``nen-tang: K12Online; OLM.vn``), as ``docgen aggregate`` writes them. Every problem
is reported with its file and row (``file:row: what — what to do``), the first
:data:`~docgen.figures.limits.SHOWN_PROBLEMS` of them listed and the rest counted, and nothing
is computed from a source with a problem.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from docgen.catalog.catalog import Catalog
from docgen.errors import DataError, DocgenError, ErrorList, Location, flatten
from docgen.figures.limits import SHOWN_PROBLEMS, Budget, shown
from docgen.figures.read import Cell, Row, column_key, data_files, read_rows
from docgen.figures.values import to_count, to_flag, to_names, to_ratio
from docgen.i18n import _
from docgen.model.entities import Org
from docgen.model.report import Figure, Tally
from docgen.model.totals import DataSet, Totals, UnitData
from docgen.vn.text import ascii_fold, nfc, suggest

#: names the unit column may have (compared folded: "Đơn vị" = "don_vi")
UNIT_COLUMNS = ("don_vi", "unit", "ma_don_vi")
SCHOOL_LEVEL = "truong"


class Problems:
    """The problems of one source: each once, the first few kept, the others counted."""

    def __init__(self, shown: int = SHOWN_PROBLEMS) -> None:
        self.shown = shown
        self.kept: list[DocgenError] = []
        self.more = 0
        self._keys: set[object] = set()

    def add(self, error: DocgenError) -> None:
        for err in flatten([error]):
            key = getattr(err, "key", None)
            if key is not None:  # a missing column: once per file, however many rows
                if key in self._keys:
                    continue
                self._keys.add(key)
            if len(self.kept) < self.shown:
                self.kept.append(err)
            else:
                self.more += 1

    def __bool__(self) -> bool:
        return bool(self.kept)

    def error(self) -> DocgenError:
        """One error for them all."""
        if len(self.kept) == 1 and not self.more:
            return self.kept[0]
        return ErrorList(self.kept, more=self.more)


# -- units ------------------------------------------------------------------------------------
def expected_units(catalog: Catalog, parent: Org, on: date | None, year: int | None) -> list[Org]:
    """The units directly under *parent* that exist on the report's date; for a draft with
    only a year, those that exist on some day of it (a unit founded mid-year reports for it)."""
    if on is not None:
        return catalog.children(parent.id, on=on)
    units = catalog.children(parent.id)
    if year is None:
        return units
    return [o for o in units if o.exists_during(date(year, 1, 1), date(year, 12, 31))]


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
        self.guesses: dict[str, str | None] = {}  # unknown unit → the closest known

    def resolve(self, row: Row) -> Org:
        cell = next((row.cells[k] for k in UNIT_COLUMNS if k in row.cells), None)
        if cell is None or not str(cell.value or "").strip():
            raise DataError(
                _("the row names no unit"),
                where=row.where if cell is None else cell.where,
                hint=_("add a 'don_vi' column with the unit's catalog id, e.g. th-thcs-ngok-bay"),
            )
        text = nfc(str(cell.value)).strip()
        org = self.index.get(ascii_fold(text))
        if org is None:
            key = ascii_fold(text)
            if key not in self.guesses:
                kids = [o.id for o in self.catalog.children(self.parent.id)]
                self.guesses[key] = suggest(text, kids)
            guess = self.guesses[key]
            raise DataError(
                _("unknown unit '{shown}'").format(shown=shown(text)),
                where=cell.where,
                hint=_("did you mean '{guess}'?").format(guess=guess)
                if guess
                else _("add it to the catalog (catalogs/orgs) under '{id}'").format(
                    id=self.parent.id
                ),
            )
        if org.parent != self.parent.id:
            raise DataError(
                _("'{id}' is not a unit of {mention} ('{id2}')").format(
                    id=org.id, mention=self.parent.mention, id2=self.parent.id
                ),
                where=cell.where,
                hint=_("remove the row or move the file to its own report"),
            )
        if org.id in self.seen:
            raise DataError(
                _("'{id}' is reported twice (first at {seen})").format(
                    id=org.id, seen=self.seen[org.id]
                ),
                where=cell.where,
                hint=_("keep one row per unit"),
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
        raise ErrorList(_once(errors))
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
            _("{name} is {num}, more than {name2} ({den})").format(
                name=cells[0].name, num=num, name2=cells[1].name, den=den
            ),
            where=cells[0].where,
            hint=_("a part cannot exceed its total; check both figures"),
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
        raise ErrorList(_once(errors))
    return out


class MissingColumn(DataError):
    """A column the figures need is not in the file (reported once per file)."""

    def __init__(self, column: str, figure: Figure, row: Row) -> None:
        guess = _guess(column, row.columns)
        super().__init__(
            f"column '{column}' is missing (needed for figure '{figure.id}')",
            where=row.header,
            hint=_("did you mean '{guess}'?").format(guess=guess)
            if guess
            else _("add a '{column}' column").format(column=column),
        )
        self.key = (row.header.file, column)


@functools.lru_cache(maxsize=256)
def _guess(column: str, columns: tuple[str, ...]) -> str | None:
    """The header closest to *column* (once per file, not once per row)."""
    return suggest(column, [c for c in columns if c])


def _column(row: Row, name: str, figure: Figure) -> Cell:
    cell = row.cells.get(column_key(name))
    if cell is None:
        raise MissingColumn(name, figure, row)
    return cell


def _once(errors: Iterable[DocgenError]) -> list[DocgenError]:
    """Each problem of a row once (a wrong column two figures need is said once)."""
    seen: set[str] = set()
    out: list[DocgenError] = []
    for err in flatten(errors):
        if str(err) not in seen:
            seen.add(str(err))
            out.append(err)
    return out


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
    budget = Budget()
    found: list[UnitData] = []
    problems = Problems()
    try:
        files = data_files(source)
    except DocgenError as exc:  # thousands of foreign files are listed like any problems
        problems.add(exc)
        raise problems.error() from None
    for path in files:
        try:
            rows = read_rows(path, budget)
        except DocgenError as exc:
            problems.add(exc)
            if budget.bytes < 0 or budget.rows < 0 or budget.cells < 0:
                break  # the source is past its caps: the files after this one are not read
            continue
        if not rows:
            problems.add(
                DataError(
                    _("the file holds no row of figures"),
                    file=path,
                    hint=_("a header row and one row per unit"),
                )
            )
        for row in rows:
            try:
                org = units.resolve(row)
                tallies = (
                    school_tallies(row, org, figures)
                    if org.level == SCHOOL_LEVEL
                    else unit_tallies(row, figures)
                )
                found.append(UnitData(org, tallies, row.where))
            except DocgenError as exc:
                problems.add(exc)
    if problems:
        raise problems.error()
    order = {o.id: i for i, o in enumerate(catalog.orgs.values())}
    found.sort(key=lambda u: order[u.org.id])
    return DataSet(
        str(source), parent, tuple(found), tuple(expected_units(catalog, parent, on, year))
    )


def add_up(data: DataSet, figures: Iterable[Figure]) -> Totals:
    """Sum every figure over the units (parts with parts, totals with totals)."""
    tallies: dict[str, Tally] = {}
    for figure in figures:
        total = Tally()
        for unit in data.units:
            total = total + unit.tallies.get(figure.id, Tally())
        tallies[figure.id] = total
    return Totals(tallies, data)
