"""`docgen aggregate`: add up the figures a level's units reported (schools → xã → Sở)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from docgen.cli.support import catalog_option, load_catalog, reports_errors
from docgen.i18n import N_, _


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    from docgen.errors import DocgenError
    from docgen.vn.dates import parse_date

    if not value:
        return None
    try:
        return parse_date(value)
    except DocgenError as exc:
        raise click.BadParameter(f"{exc.message} — {exc.hint}") from None


@click.command("aggregate")
@click.argument("data", type=click.Path(path_type=Path))
@click.option(
    "--unit",
    required=True,
    help=N_("Catalog id of the organisation whose units reported (e.g. ubnd-xa-ngok-bay)."),
)
@click.option(
    "--table",
    "tables",
    multiple=True,
    help=N_("Only the figures of this report table (repeatable; default: every figure)."),
)
@click.option(
    "--on",
    "on",
    callback=_day,
    help=N_("Day the report speaks of (YYYY-MM-DD): which units were expected to report."),
)
@click.option(
    "-o",
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=N_("Write UNIT's own figure file (YAML) for the data folder of the level above."),
)
@catalog_option
@click.option("--force", is_flag=True, help=N_("Replace OUT even if docgen did not write it."))
@reports_errors
def aggregate(
    data: Path,
    unit: str,
    tables: tuple[str, ...],
    on: date | None,
    out: Path | None,
    catalog_dir: Path | None,
    force: bool,
) -> None:
    """Add up the figures in DATA (a file or a folder of .yaml/.csv/.xlsx files, one row
    per unit) for UNIT, and print them; with -o, write UNIT's figure file for the level
    above. Any wrong value is reported as file:row — nothing is written then.

    \b
    docgen aggregate examples/data/ngok-bay --unit ubnd-xa-ngok-bay -o ngok-bay.yaml
    docgen aggregate so-lieu-cac-xa/ --unit sgddt-quang-ngai
    """
    from docgen.compose.report import coverage_text
    from docgen.workflows.aggregate import aggregate as add_up
    from docgen.workflows.aggregate import figure_file, write_figure_file

    catalog = load_catalog(catalog_dir)
    result = add_up(data, catalog, unit, tables=tables, on=on, year=on.year if on else None)
    click.echo(f"{unit}: {coverage_text(result.totals)}")
    for figure, text in result.lines():
        click.echo(f"  {figure.id}: {text}")
    if out is not None:
        path = write_figure_file(out, figure_file(result, catalog), force=force)
        click.echo(_("wrote {path}").format(path=path))
