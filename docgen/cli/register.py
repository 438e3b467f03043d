"""`docgen register`: the register of documents issued (Sổ đăng ký văn bản đi)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from docgen.cli.support import reports_errors
from docgen.i18n import N_, _

if TYPE_CHECKING:
    from docgen.register import Register

register_option = click.option(
    "--register",
    "register_target",
    default=None,
    metavar="PATH|URL",
    help=N_(
        "The register: an SQLite file or a postgresql:// URL (default: $DOCGEN_REGISTER, "
        "else ./register.sqlite)."
    ),
)
timeout_option = click.option(
    "--wait",
    "timeout",
    type=click.FloatRange(min=0),
    default=10.0,
    show_default=True,
    metavar="SECONDS",
    help=N_("Seconds to wait for a register another docgen is using."),
)


@contextmanager
def open_register(target: str | None, timeout: float, migrate: bool = True) -> Iterator[Register]:
    from docgen.register import Register

    with Register.open(target, timeout=timeout, migrate=migrate) as reg:
        yield reg


@click.group()
def register() -> None:
    """The register of documents issued: list it, withdraw a number, export it."""


@register.command("list")
@click.option("--year", type=int, required=True, help=N_("The year of the series."))
@click.option("--issuer", default=None, help=N_("Only this issuer's series (an organisation id)."))
@register_option
@timeout_option
@reports_errors
def list_(year: int, issuer: str | None, register_target: str | None, timeout: float) -> None:
    """Print the register of YEAR, number by number."""
    from docgen.register.export import text_lines

    with open_register(register_target, timeout, migrate=False) as reg:
        rows = reg.entries(year, issuer)
    if not rows:
        line = (
            _("no document in the register for {year} ({issuer})")
            if issuer
            else _("no document in the register for {year}")
        )
        click.echo(line.format(year=year, issuer=issuer))
        return
    for line in text_lines(rows):
        click.echo(line)


@register.command()
@click.argument("number", type=click.IntRange(min=1))
@click.option("--issuer", required=True, help=N_("The issuer (an organisation id)."))
@click.option("--year", type=int, required=True, help=N_("The year of the series."))
@click.option("--reason", required=True, help=N_("Why the document is withdrawn (Ghi chú)."))
@register_option
@timeout_option
@reports_errors
def void(
    number: int, issuer: str, year: int, reason: str, register_target: str | None, timeout: float
) -> None:
    """Record that number NUMBER of ISSUER's YEAR series is withdrawn. It is never given
    again; its files are left where they are."""
    with open_register(register_target, timeout) as reg:
        entry = reg.void(issuer, year, number, reason)
    click.echo(
        _("withdrew {symbol} ({issuer}, {year}): {note}").format(
            symbol=entry.symbol, issuer=issuer, year=year, note=entry.note
        )
    )


@register.command()
@click.option("--year", type=int, required=True, help=N_("The year of the series."))
@click.option("--issuer", default=None, help=N_("Only this issuer's series (an organisation id)."))
@click.option(
    "-o",
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("The file to write: .xlsx (Phụ lục IV layout) or .csv."),
)
@click.option("--force", is_flag=True, help=N_("Replace the output file if it exists."))
@register_option
@timeout_option
@reports_errors
def export(
    year: int,
    issuer: str | None,
    out: Path,
    force: bool,
    register_target: str | None,
    timeout: float,
) -> None:
    """Write the Sổ đăng ký văn bản đi of YEAR (NĐ30 Phụ lục IV) as .xlsx or .csv."""
    from docgen.workflows.issue import write_register

    with open_register(register_target, timeout, migrate=False) as reg:
        rows = reg.entries(year, issuer)
    write_register(rows, out, year, force=force)
    click.echo(_("wrote {path} ({count} entries)").format(path=out, count=len(rows)))
