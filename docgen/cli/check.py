"""`docgen check`: the NĐ30 checker for any .docx (no catalog or spec needed)."""

from __future__ import annotations

import sys

import click

from docgen.cli.support import reports_errors
from docgen.i18n import N_, _


@click.command("check")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help=N_("Report as readable text or as JSON."),
)
@click.option("--rules", "list_rules", is_flag=True, help=N_("List the rules and exit."))
@click.option(
    "--layout",
    is_flag=True,
    help=N_("Also check the pages as printed (LibreOffice lays them out)."),
)
@reports_errors
def check(files: tuple[str, ...], fmt: str, list_rules: bool, layout: bool) -> None:
    """Check FILES (.docx) against the format rules of Nghị định 30/2020/NĐ-CP.

    Every finding names its rule, severity, where it is (with a short excerpt), what was
    expected and what was found. Exit code: 0 no error, 1 errors found, 2 a file could not
    be read. Works on any .docx, not only docgen's.
    """
    from docgen.check import run

    if not files and not list_rules:
        raise click.UsageError(_("give one or more .docx files (or --rules)"))
    if layout and files and not list_rules:
        from docgen.check.printed import run_with_layout

        out, code, note = run_with_layout(list(files), fmt)
        if note is not None:
            click.echo(note, err=True)
    else:
        out, code = run(list(files), fmt, list_rules)
    click.echo(out)
    sys.exit(code)
