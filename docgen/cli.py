"""The docgen command line: parse arguments, call the library, report. Nothing else."""

from __future__ import annotations

from pathlib import Path

import click

from docgen import __version__
from docgen.catalog.catalog import Catalog
from docgen.cli_support import catalog_option, default_catalog, reports_errors


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
def main() -> None:
    """docgen writes Vietnamese official documents (công văn, kế hoạch, báo cáo) to the
    format of Nghị định 30/2020/NĐ-CP from YAML catalogs and Word templates.

    \b
    Typical use:
      docgen catalog check                 validate the catalogs
      docgen render examples/*.yaml -o out write one .docx per spec
      docgen check out/*.docx              check any .docx against NĐ30
    """


@main.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder for the .docx files.",
)
@catalog_option
@click.option("--force", is_flag=True, help="Replace output files even if edited by hand.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    show_default="0: one process, or all cores for large batches",
    help="Processes to render with; a few specs are rendered in this one.",
)
@reports_errors
def render(
    specs: tuple[Path, ...], out_dir: Path, catalog_dir: Path | None, force: bool, jobs: int
) -> None:
    """Render each SPEC (.yaml) into OUT/<name>.docx.

    The name comes from the spec's 'name:' key, else from the file name. Files are written
    in the order given; at the first error, the files before it are kept and none after.
    """
    from docgen.workflows.render import render_specs

    catalog = Catalog.load(catalog_dir or default_catalog())
    for path in render_specs(specs, out_dir, catalog, force=force, jobs=jobs or None):
        click.echo(f"wrote {path}")


@main.group()
def catalog() -> None:
    """Work with the YAML catalogs (organisations, references, tasks, milestones)."""


@catalog.command("check")
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@reports_errors
def catalog_check(folder: Path | None) -> None:
    """Validate every catalog file in FOLDER (default: ./catalogs): ids resolve, no
    duplicates, dates valid. All problems are listed in one run."""
    cat = Catalog.load(folder or default_catalog())
    click.echo(
        f"catalog OK: {len(cat.orgs)} organisations, {len(cat.references)} references, "
        f"{len(cat.task_lists)} task lists, {len(cat.milestones)} milestones "
        f"({len(cat.files)} files)"
    )


# Commands that live in their own modules (one per workflow) are registered here.
# -- command registrations --
from docgen.cli_cascade import cascade, rollover  # noqa: E402
from docgen.cli_check import check  # noqa: E402
from docgen.cli_report import aggregate  # noqa: E402
from docgen.cli_template import template  # noqa: E402

main.add_command(check)
main.add_command(aggregate)
main.add_command(cascade)
main.add_command(rollover)
main.add_command(template)

if __name__ == "__main__":  # pragma: no cover
    main()
