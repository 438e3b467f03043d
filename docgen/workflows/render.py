"""Render spec files into .docx files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from docgen.catalog.catalog import Catalog
from docgen.catalog.specfile import load_spec
from docgen.compose.context import build_context
from docgen.errors import DocgenError, ErrorList
from docgen.figures import spec_totals
from docgen.model.spec import DocumentSpec
from docgen.render.batch import Job, iter_render
from docgen.render.templates import find_template
from docgen.workflows.files import Outputs


def render_spec(spec_path: Path, out_dir: Path, catalog: Catalog, force: bool = False) -> Path:
    """Compose and render *spec_path* into ``out_dir/<name>.docx``; returns the path."""
    return next(render_specs([spec_path], out_dir, catalog, force=force, jobs=1))


def render_specs(
    spec_paths: Iterable[Path],
    out_dir: Path,
    catalog: Catalog,
    force: bool = False,
    jobs: int | None = None,
) -> Iterator[Path]:
    """Compose each spec (here, in order) and render them on *jobs* processes (default: all
    cores); yields each file once it is written, in the order of *spec_paths*.

    Every spec is read, and every output path checked, first: a spec that cannot be read,
    a name that would leave *out_dir*, or two specs of one name stop the run before
    anything is written (all such problems are reported together)."""
    planned = plan_outputs(spec_paths, out_dir)
    return iter_render(_jobs(planned, catalog), jobs, force=force)


def plan_outputs(
    spec_paths: Iterable[Path], out_dir: Path
) -> list[tuple[Path, DocumentSpec, Path]]:
    """(spec file, spec, output file) of every spec, or an ErrorList of every problem."""
    planned: list[tuple[Path, DocumentSpec, Path]] = []
    errors: list[DocgenError] = []
    outputs = Outputs()
    for spec_path in spec_paths:
        try:
            spec = load_spec(spec_path)
            where = spec.loc("name")
            target = outputs.add(out_dir, f"{spec.name}.docx", f"{where}", where)
        except DocgenError as exc:
            errors.append(exc)
            continue
        planned.append((spec_path, spec, target))
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ErrorList(errors)
    return planned


def _jobs(planned: list[tuple[Path, DocumentSpec, Path]], catalog: Catalog) -> Iterator[Job]:
    for spec_path, spec, target in planned:
        ctx = build_context(spec, catalog, spec_totals(spec, catalog))
        template = find_template(spec.kind, spec.template, spec_path.parent)
        yield Job(ctx, template, target)
