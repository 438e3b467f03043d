"""`docgen issue`: give a spec the next number of its issuer's register, write the final
.docx and record it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from docgen.cli.register import open_register, register_option, timeout_option
from docgen.cli.support import catalog_option, load_catalog, out_folder_option, reports_errors
from docgen.i18n import N_, _


def parse_day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    """--date YYYY-MM-DD (or D/M/YYYY)."""
    if value is None:
        return None
    from docgen.errors import DocgenError
    from docgen.vn.dates import parse_date

    try:
        return parse_date(value)
    except DocgenError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
@out_folder_option(N_("Folder for the issued .docx files."))
@click.option(
    "--date",
    "day",
    callback=parse_day,
    default=None,
    metavar="YYYY-MM-DD",
    help=N_("The day of issue (default: the spec's 'date:', else today)."),
)
@register_option
@timeout_option
@click.option(
    "--dry-run", is_flag=True, help=N_("Show the number each spec would take; write nothing.")
)
@click.option(
    "--pdf", is_flag=True, help=N_("Also write the PDF of each document (not available yet).")
)
@click.option("--force", is_flag=True, help=N_("Replace output files even if edited by hand."))
@catalog_option
@reports_errors
def issue(
    specs: tuple[Path, ...],
    out_dir: Path,
    day: date | None,
    register_target: str | None,
    timeout: float,
    dry_run: bool,
    pdf: bool,
    force: bool,
    catalog_dir: Path | None,
) -> None:
    """Issue each SPEC (.yaml): take the next number of its issuer's series for the year of
    issue, write OUT/<name>.docx with "Số: 07/…" and the day filled in, and record it in the
    register (Sổ đăng ký văn bản đi).

    \b
    Issuing the same spec again gives back its number and day. Numbers run from 01 each
    year, per issuer; one is never given twice (withdraw one with 'docgen register void').
    """
    from docgen.workflows.issue import issue_spec, plan_issue

    catalog = load_catalog(catalog_dir)
    with open_register(register_target, timeout, migrate=not dry_run) as register:
        for spec in specs:
            if dry_run:
                plan = plan_issue(spec, out_dir, catalog, register, on=day, pdf=pdf)
                line = (
                    _("{spec}: has {symbol} ({issuer}, {day}); would write {files}")
                    if plan.reused
                    else _("{spec}: would take {symbol} ({issuer}, {day}); would write {files}")
                )
                click.echo(
                    line.format(
                        spec=spec,
                        symbol=plan.symbol,
                        issuer=plan.issuer,
                        day=plan.day.isoformat(),
                        files=", ".join(str(p) for p in plan.files),
                    )
                )
                continue
            done = issue_spec(spec, out_dir, catalog, register, on=day, force=force, pdf=pdf)
            line = (
                _("issued again {symbol} ({issuer}, {day}): {files}")
                if done.reused
                else _("issued {symbol} ({issuer}, {day}): {files}")
            )
            click.echo(
                line.format(
                    symbol=done.symbol,
                    issuer=done.issuer,
                    day=done.day.isoformat(),
                    files=", ".join(str(p) for p in done.files),
                )
            )
