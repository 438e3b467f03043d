"""`docgen rollover`: roll a spec over to a later school year."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.support import catalog_option, load_catalog, policy_option, reports_errors
from docgen.i18n import N_, _


@click.command()
@click.argument("spec", type=click.Path(path_type=Path))
@click.option(
    "--to",
    "to_year",
    required=True,
    metavar="YYYY-YYYY",
    help=N_("The school year to roll over to, e.g. 2026-2027."),
)
@click.option(
    "-o",
    "--out",
    "out_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("The new spec (.yaml); its change report goes next to it."),
)
@policy_option
@click.option("--force", is_flag=True, help=N_("Replace existing output files."))
@catalog_option
@reports_errors
def rollover(
    spec: Path,
    to_year: str,
    out_file: Path,
    policy: str,
    force: bool,
    catalog_dir: Path | None,
) -> None:
    """Roll SPEC over to the school year --to and write it as OUT.

    \b
    School years and dates move on (same day and month, then the working-day policy);
    task items follow their years; cited references are checked (superseded ones give way
    to their successors, last year's guidance and expired ones are flagged); organisations
    that no longer exist give way to their successors. The change report is printed and
    saved as OUT's name + .changes.md; deadlines the catalog lacks for the new year are
    proposed in OUT's name + .milestones.yaml. Existing files are kept unless --force.
    """
    from docgen.errors import DocgenError
    from docgen.vn.schoolyear import SchoolYear
    from docgen.workflows.rollover import rollover as roll
    from docgen.workflows.rollover_report import change_report, write_rollover

    try:
        to = SchoolYear.parse(to_year)
    except DocgenError as exc:
        raise click.BadParameter(str(exc), param_hint="--to") from None
    catalog = load_catalog(catalog_dir)
    result = roll(spec, to, catalog, policy, out_file)
    written = write_rollover(result, out_file, force=force)
    click.echo(change_report(result, out_file))
    click.echo(_("wrote {path}").format(path=", ".join(str(p) for p in written)))
    if result.human:
        click.echo(
            _("{count} item(s) need a person: see the list above.").format(count=len(result.human))
        )
