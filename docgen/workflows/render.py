"""Render one spec file into a .docx."""

from __future__ import annotations

from pathlib import Path

from docgen.catalog.catalog import Catalog
from docgen.catalog.specfile import load_spec
from docgen.compose.context import build_context
from docgen.render.docx import render_to_file
from docgen.render.templates import find_template


def render_spec(spec_path: Path, out_dir: Path, catalog: Catalog, force: bool = False) -> Path:
    """Compose and render *spec_path* into ``out_dir/<name>.docx``; returns the path."""
    spec = load_spec(spec_path)
    ctx = build_context(spec, catalog)
    template = find_template(spec.kind, spec.template, spec_path.parent)
    return render_to_file(ctx, template, out_dir / f"{spec.name}.docx", force=force)
