"""`docgen catalog`: work with the YAML catalogs."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.support import default_catalog, load_catalog, reports_errors
from docgen.i18n import _


@click.group()
def catalog() -> None:
    """Work with the YAML catalogs (organisations, references, tasks, milestones)."""


@catalog.command("check")
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@reports_errors
def catalog_check(folder: Path | None) -> None:
    """Validate every catalog file in FOLDER (default: $DOCGEN_CATALOG, else ./catalogs,
    else the installed catalogs): ids resolve, no duplicates, dates valid. All problems are
    listed in one run; the folder read is named."""
    folder = folder or default_catalog()
    cat = load_catalog(folder)
    click.echo(
        _(
            "catalog OK: {orgs} organisations, {references} references, {tasks} task lists, "
            "{milestones} milestones ({files} files in {folder})"
        ).format(
            orgs=len(cat.orgs),
            references=len(cat.references),
            tasks=len(cat.task_lists),
            milestones=len(cat.milestones),
            files=len(cat.files),
            folder=folder,
        )
    )
