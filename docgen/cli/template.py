"""`docgen template check` and `docgen template import`: templates in docgen's format."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from docgen.cli.support import catalog_option, default_catalog, reports_errors
from docgen.errors import DocgenError
from docgen.i18n import N_, _


@click.group("template")
def template() -> None:
    """Check a Word template, or import a docxtpl-style one into docgen's format.

    A docgen template is an ordinary .docx whose tags are in its text ({{ x }}, {%p … %},
    {%tr … %}, {{r x }}, {% vm %}); docgen compiles it once into Jinja over the Word XML.
    A template that is not imported renders with plain docxtpl.
    """


@template.command("check")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--spec",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=N_(
        "Spec to render the sample from (default: an example of the template's "
        "kind, examples/<kind>*.yaml)."
    ),
)
@catalog_option
@reports_errors
def template_check(path: Path, spec: Path | None, catalog_dir: Path | None) -> None:
    """Check the template PATH: the styles it uses are defined, its tags compile, and a
    sample rendered from an example spec passes `docgen check` with no error."""
    from docgen.catalog.catalog import Catalog
    from docgen.catalog.specfile import load_spec
    from docgen.check import check_file
    from docgen.compose.context import build_context
    from docgen.figures import spec_totals
    from docgen.render.compiled import CompiledTemplate
    from docgen.render.importer import is_docgen_format, tag_count, template_problems

    problems = template_problems(path)
    sample = spec or _example_for(path)
    catalog = Catalog.load(catalog_dir or default_catalog())
    loaded = load_spec(sample)
    ctx = build_context(loaded, catalog, spec_totals(loaded, catalog))
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "sample.docx"
        CompiledTemplate(path).render_to_file(ctx, out)
        report = check_file(out)
    problems += [
        _("{path}: sample from {sample}: {rule} {message}").format(
            path=path, sample=sample, rule=f.rule, message=f.message
        )
        for f in report.errors
    ]
    for line in problems:
        click.echo(_("error: {message}").format(message=line), err=True)
    if problems:
        raise SystemExit(1)
    click.echo(
        _("template OK: {path} ({tags} tags; sample from {sample} passes docgen check)").format(
            path=path, tags=tag_count(path), sample=sample
        )
    )
    if not is_docgen_format(path):
        click.echo(
            _(
                "note: not marked docgen-template, so it renders with plain docxtpl; "
                "run 'docgen template import {path} -o NEW.docx' to use docgen's engine"
            ).format(path=path)
        )


@template.command("import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--out",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help=N_("The .docx to write, in docgen's format."),
)
@click.option("--force", is_flag=True, help=N_("Replace OUT if it exists."))
@reports_errors
def template_import(source: Path, target: Path, force: bool) -> None:
    """Turn SOURCE, a docxtpl-style .docx, into docgen's format once (tags joined into
    whole runs, marked with the custom property docgen-template), or say what it cannot
    take (sub-documents, {%r %} tags, {% hm %}, cellbg, {%- -%})."""
    from docgen.render.importer import import_template, tag_count

    written = import_template(source, target, force=force)
    click.echo(
        _("wrote {path} ({tags} tags), in docgen's format").format(
            path=written, tags=tag_count(written)
        )
    )


def _example_for(path: Path) -> Path:
    kind = path.stem
    for folder in (Path.cwd() / "examples", Path(__file__).resolve().parents[1] / "examples"):
        found = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
        for candidate in found:
            if f"kind: {kind}" in candidate.read_text(encoding="utf-8"):
                return candidate
    raise DocgenError(
        _("no example spec of kind '{kind}' to render a sample from").format(kind=kind),
        file=path,
        hint=_("give one with --spec SPEC.yaml"),
    )
