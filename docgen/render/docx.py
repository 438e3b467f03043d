"""Render a composed context into a .docx with docxtpl (sandboxed, autoescaped, strict)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.exceptions import TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from docgen.compose.context import DocContext
from docgen.errors import TemplateError
from docgen.render.atomic import MARK, write_atomic
from docgen.render.footnotes import add_footnotes
from docgen.render.rules import fit_rules
from docgen.render.runs import runs_markup
from docgen.render.xmlns import FOOTNOTES_CT

EMPTY_FOOTNOTES = (
    b'<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
)


def template_environment() -> SandboxedEnvironment:
    """Templates are untrusted: sandboxed, autoescaped, and a missing variable is an error."""
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def template_vars(ctx: DocContext) -> dict[str, Any]:
    """The variables a template sees; body blocks carry their runs as ready XML."""
    body = [{"style": b.style, "runs": runs_markup(b.spans)} for b in ctx.body]
    return {
        "name": ctx.name,
        "kind": ctx.kind,
        "header": ctx.header,
        "title": ctx.title,
        "subject": ctx.subject,
        "kinh_gui": ctx.kinh_gui,
        "body": body,
        "noi_nhan": ctx.noi_nhan,
        "signature": ctx.signature,
        "symbol": ctx.symbol,
        **ctx.extra,
    }


def load_template(path: Path) -> DocxTemplate:
    """Open a .docx template, refusing anything that is not one."""
    if not path.is_file():
        raise TemplateError("template not found", file=path, hint="check the 'template:' path")
    if not zipfile.is_zipfile(path):
        raise TemplateError(
            "not a Word .docx file", file=path, hint="save the template as .docx (Word 2007+)"
        )
    try:
        return DocxTemplate(str(path))
    except (KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise TemplateError(f"cannot read the template: {exc}", file=path) from None


def render_document(tpl: DocxTemplate, ctx: DocContext, template_path: Path) -> None:
    """Render *ctx* into the loaded template (in memory) and post-process it."""
    try:
        tpl.render(template_vars(ctx), template_environment(), autoescape=True)
    except JinjaTemplateError as exc:
        where = " / ".join(s.strip() for s in getattr(exc, "docx_context", []) if s.strip())
        raise TemplateError(
            f"the template cannot be rendered: {exc.message}",
            file=template_path,
            hint=f"near: {where[:160]}" if where else "check the {{ }} tags in the template",
        ) from None
    document = tpl.docx
    fit_rules(document.element.body, _text_width(document))
    _write_footnotes(document, ctx)
    props = document.core_properties
    props.title = ctx.subject[:250]
    props.author = MARK
    props.last_modified_by = MARK


def render_to_file(ctx: DocContext, template_path: Path, target: Path, force: bool = False) -> Path:
    """Render and save atomically to *target*."""
    tpl = load_template(template_path)
    render_document(tpl, ctx, template_path)
    return write_atomic(target, lambda tmp: tpl.save(str(tmp)), force=force)


def _text_width(document: Any) -> int:
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    return int(width) // 635  # EMU → twips


def _footnotes_part(document: Any) -> Part:
    package = document.part.package
    for part in package.parts:
        if part.content_type == FOOTNOTES_CT:
            return part
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, EMPTY_FOOTNOTES, package)
    document.part.relate_to(part, RT.FOOTNOTES)
    return part


def _write_footnotes(document: Any, ctx: DocContext) -> None:
    if not ctx.footnotes:
        return
    part = _footnotes_part(document)
    root = etree.fromstring(part.blob)
    add_footnotes(root, ctx.footnotes)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
