"""`docgen render`: one .docx per spec."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.support import (
    catalog_option,
    load_catalog,
    out_folder_option,
    pdf_options,
    reports_errors,
)
from docgen.i18n import N_, _


@click.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
@out_folder_option(N_("Folder for the .docx files."))
@catalog_option
@click.option("--force", is_flag=True, help=N_("Replace output files even if edited by hand."))
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    show_default=N_("0: one process, or all cores for large batches"),
    help=N_("Processes to render with; a few specs are rendered in this one."),
)
@pdf_options
@reports_errors
def render(
    specs: tuple[Path, ...],
    out_dir: Path,
    catalog_dir: Path | None,
    force: bool,
    jobs: int,
    pdf: bool,
    pdfa: bool,
) -> None:
    """Render each SPEC (.yaml) into OUT/<name>.docx.

    The name comes from the spec's 'name:' key, else from the file name. Files are written
    in the order given; at the first error, the files before it are kept and none after.
    """
    from docgen.workflows.render import render_specs

    catalog = load_catalog(catalog_dir)
    written = []
    for path in render_specs(specs, out_dir, catalog, force=force, jobs=jobs or None):
        click.echo(_("wrote {path}").format(path=path))
        written.append(path)
    if pdf or pdfa:
        from docgen.render.pdf import to_pdf

        for path in to_pdf(written, pdfa=pdfa, force=force, jobs=jobs or None):
            click.echo(_("wrote {path}").format(path=path))
