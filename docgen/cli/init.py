"""`docgen init`: start one's own workspace."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.support import catalog_option, default_catalog, default_examples, reports_errors
from docgen.i18n import N_, _


@click.command()
@click.argument("folder", type=click.Path(path_type=Path))
@catalog_option
@click.option(
    "--empty",
    is_flag=True,
    help=N_("Start from a skeleton with one organisation instead of a copy of the catalogs."),
)
@reports_errors
def init(folder: Path, catalog_dir: Path | None, empty: bool) -> None:
    """Start a workspace in FOLDER (a new or empty folder): a copy of the catalogs (or, with
    --empty, a skeleton with one organisation), one example spec per kind and a README in
    Vietnamese. Then run docgen inside FOLDER: it uses FOLDER/catalogs."""
    from docgen.workflows.init import init_workspace

    catalogs = catalog_dir or default_catalog()
    done = init_workspace(folder, catalogs=catalogs, examples=default_examples(), empty=empty)
    source = (
        _("a skeleton with one organisation")
        if empty
        else _("the catalogs of {folder}").format(folder=catalogs)
    )
    click.echo(
        _("started a workspace in {folder} from {source}: {count} files").format(
            folder=folder, source=source, count=len(done.files)
        )
    )
    click.echo(
        _(
            "next: cd {folder} && docgen catalog check && docgen render examples/*.yaml -o out"
        ).format(folder=folder)
    )
