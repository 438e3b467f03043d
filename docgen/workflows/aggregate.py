"""Add up the figures a level's units reported, and write them for the level above.

Schools → xã (or Phòng): the schools' figure files are added up; the result is written as
the xã's own figure file (figures by id, ``gv-may-tinh: 261/261``), which the Sở puts in its
data folder next to the other xã's files. The Sở's report then adds the xã's figures up the
same way: parts with parts, totals with totals, never rates with rates.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docgen.catalog.catalog import Catalog
from docgen.compose.report import coverage_text, show
from docgen.errors import DocgenError
from docgen.figures import add_up, load_data, table_figures
from docgen.i18n import _
from docgen.model.report import Figure
from docgen.model.totals import Totals
from docgen.render.atomic import existing_file
from docgen.workflows.files import first_line_starts, output_path, write_text

MARK = "# docgen aggregate"


@dataclass(frozen=True)
class Aggregate:
    """The figures of one organisation, added up from its units' files."""

    unit: str
    figures: tuple[Figure, ...]
    totals: Totals

    def lines(self) -> list[tuple[Figure, str]]:
        """Each figure as a report writes it."""
        return [(f, show(f, self.totals.tallies[f.id])) for f in self.figures]


def chosen_figures(catalog: Catalog, tables: Iterable[str] = ()) -> list[Figure]:
    """The figures of the given report tables (all the catalog's figures when none)."""
    tables = list(tables)
    if not tables:
        return list(catalog.figures.values())
    ids: set[str] = set()
    for table_id in tables:
        ids |= table_figures(catalog, catalog.report_table(table_id))
    return [f for f in catalog.figures.values() if f.id in ids]


def aggregate(
    source: Path,
    catalog: Catalog,
    unit: str,
    *,
    tables: Iterable[str] = (),
    on: date | None = None,
    year: int | None = None,
) -> Aggregate:
    """Read and add up what the units under *unit* reported in *source*."""
    org = catalog.org(unit)
    figures = chosen_figures(catalog, tables)
    data = load_data(source, catalog, org, figures, on=on, year=year)
    return Aggregate(org.id, tuple(figures), add_up(data, figures))


def figure_file(result: Aggregate, catalog: Catalog) -> str:
    """The organisation's own figure file (YAML), to be read by the level above."""
    org = catalog.org(result.unit)
    data = result.totals.data
    lines = [
        f"{MARK}: figures of {org.name} added up from its units' files ({data.source}).",
        f"# {coverage_text(result.totals)}",
        "# Put this file in the data folder of the level above; do not edit the figures.",
        f"don_vi: {result.unit}",
    ]
    for figure in result.figures:
        tally = result.totals.tallies[figure.id]
        if figure.kind == "distinct":
            value = "[" + ", ".join(json.dumps(n, ensure_ascii=False) for n in tally.names) + "]"
        else:
            value = f"{tally.num}/{tally.den}"
        note = f"  # {figure.text}" if figure.text else ""
        lines.append(f"{figure.id}: {value}{note}")
    return "\n".join(lines) + "\n"


def write_figure_file(target: Path, text: str, force: bool = False) -> Path:
    """Write atomically; a file docgen did not write is only replaced with *force*."""
    target = output_path(target.parent, target.name)
    ours = first_line_starts(MARK)
    if existing_file(target) and not force and not ours(target):
        raise DocgenError(
            _("{target} already exists and was not written by docgen aggregate").format(
                target=target
            ),
            hint=_("choose another output file, or pass --force to replace it"),
        )
    return write_text(target, text, force=force, ours=ours)
