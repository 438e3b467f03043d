"""`docgen schema`: write the JSON Schemas (schema/) and docs/spec.md from the key tables."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.cli.support import reports_errors
from docgen.i18n import N_, _


@click.command("schema")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help=N_("The repository to write schema/ and docs/spec.md into."),
)
@click.option("--check", is_flag=True, help=N_("Write nothing; exit 1 if a file is not current."))
@click.option(
    "--mark",
    is_flag=True,
    help=N_(
        "Also start every examples/*.yaml and catalogs/ file with the line naming its "
        "schema (# yaml-language-server: $schema=…), where it does not."
    ),
)
@reports_errors
def schema(root: Path, check: bool, mark: bool) -> None:
    """Write schema/*.schema.json (the JSON Schema of spec and catalog files, for editors)
    and docs/spec.md (every key and text function) from docgen/catalog/keys.py, the tables
    the parsers check files with. Only files that are not current are written."""
    from docgen.workflows import specdoc

    if check:
        stale = specdoc.stale(root) + [str(p) for p in specdoc.unmarked(root)]
        for path in stale:
            click.echo(_("not current: {path}").format(path=path), err=True)
        if stale:
            click.echo(_("run `docgen schema --mark` (make schema) and commit the files"), err=True)
            sys.exit(1)
        click.echo(_("schema/ and docs/spec.md are current"))
        return
    written = specdoc.write(root) + [str(p) for p in (specdoc.mark(root) if mark else [])]
    for path in written:
        click.echo(_("wrote {path}").format(path=path))
    if not written:
        click.echo(_("schema/ and docs/spec.md are current"))
