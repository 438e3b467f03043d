"""Render spec files into .docx files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from docgen.catalog.catalog import Catalog
from docgen.catalog.specfile import load_spec
from docgen.compose.context import build_context
from docgen.figures import spec_totals
from docgen.render.batch import Job, iter_render
from docgen.render.templates import find_template


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
    cores); yields each file once it is written, in the order of *spec_paths*."""
    return iter_render(_jobs(spec_paths, out_dir, catalog), jobs, force=force)


def _jobs(spec_paths: Iterable[Path], out_dir: Path, catalog: Catalog) -> Iterator[Job]:
    for spec_path in spec_paths:
        spec = load_spec(spec_path)
        ctx = build_context(spec, catalog, spec_totals(spec, catalog))
        template = find_template(spec.kind, spec.template, spec_path.parent)
        yield Job(ctx, template, out_dir / f"{spec.name}.docx")
