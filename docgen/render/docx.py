"""Render a composed context into a .docx with docxtpl (sandboxed, autoescaped, strict).

The post-processing steps (:func:`finish_body`, :func:`footnotes_blob`,
:func:`stamp_properties`) are shared with the compiled path (:mod:`docgen.render.compiled`),
so that both write the same document.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.exceptions import TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from docgen.compose.context import DocContext
from docgen.compose.inline import Span
from docgen.errors import TemplateError
from docgen.render.atomic import MARK, fingerprint, write_atomic
from docgen.render.footnotes import add_footnotes
from docgen.render.rules import fit_rules
from docgen.render.runs import runs_markup
from docgen.render.sections import drop_empty_last_section
from docgen.render.xmlns import FOOTNOTES_CT, W_NS
from docgen.sandbox import Sandbox

EMPTY_FOOTNOTES = (
    b'<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
)
#: python-docx's CT_Document.sectPr_lst, compiled once
_SECTIONS = etree.XPath("./w:body/w:p/w:pPr/w:sectPr | ./w:body/w:sectPr", namespaces={"w": W_NS})
#: how every docgen template environment is configured (see :func:`template_environment`)
ENVIRONMENT_OPTIONS: dict[str, Any] = {"autoescape": True, "undefined": StrictUndefined}


def template_environment() -> SandboxedEnvironment:
    """Templates are untrusted: sandboxed, autoescaped, and a missing variable is an error."""
    return Sandbox(**ENVIRONMENT_OPTIONS)


def template_vars(ctx: DocContext) -> dict[str, Any]:
    """The variables a template sees; body blocks carry their runs as ready XML."""
    body = [
        {"style": b.style, "runs": runs_markup(b.spans), "table": getattr(b, "table", None)}
        for b in ctx.body
    ]
    return context_vars(ctx, body)


def context_vars(ctx: DocContext, body: Any) -> dict[str, Any]:
    """template_vars, with *body* given for the body blocks."""
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
        "appendices": ctx.appendices,
        **ctx.extra,
    }


def check_template_file(path: Path) -> None:
    """Refuse anything that is not a .docx file."""
    if not path.is_file():
        raise TemplateError("template not found", file=path, hint="check the 'template:' path")
    if not zipfile.is_zipfile(path):
        raise TemplateError(
            "not a Word .docx file", file=path, hint="save the template as .docx (Word 2007+)"
        )


def load_template(path: Path) -> DocxTemplate:
    """Open a .docx template, refusing anything that is not one."""
    check_template_file(path)
    try:
        return DocxTemplate(str(path))
    except (KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise TemplateError(f"cannot read the template: {exc}", file=path) from None


def render_error(exc: JinjaTemplateError, template_path: Path) -> TemplateError:
    """A Jinja error raised by docxtpl, as a message that names the template and the place."""
    where = " / ".join(s.strip() for s in getattr(exc, "docx_context", []) if s.strip())
    return TemplateError(
        f"the template cannot be rendered: {exc.message}",
        file=template_path,
        hint=f"near: {where[:160]}" if where else "check the {{ }} tags in the template",
    )


def render_document(tpl: DocxTemplate, ctx: DocContext, template_path: Path) -> None:
    """Render *ctx* into the loaded template (in memory) and post-process it."""
    try:
        tpl.render(template_vars(ctx), template_environment(), autoescape=True)
    except JinjaTemplateError as exc:
        raise render_error(exc, template_path) from None
    document = tpl.docx
    finish_body(document.element)
    if ctx.footnotes:
        part = footnotes_part(document)
        part._blob = footnotes_blob(part.blob, ctx.footnotes)
    # the document part as python-docx will save it (XmlPart.blob), fingerprinted
    signed = fingerprint(serialize_part_xml(document.part.element))
    stamp_properties(document.core_properties, ctx, signed)


def render_to_file(ctx: DocContext, template_path: Path, target: Path, force: bool = False) -> Path:
    """Render and save atomically to *target*."""
    tpl = load_template(template_path)
    render_document(tpl, ctx, template_path)
    return write_atomic(target, lambda tmp: tpl.save(str(tmp)), force=force)


def finish_body(document_element: Any) -> None:
    """Post-process the rendered w:document: size the rule lines to the text above them; a
    last section (the appendices') that rendered empty goes."""
    drop_empty_last_section(document_element.body)
    fit_rules(document_element.body, text_width(document_element))


def text_width(document_element: Any) -> int:
    """Width between the margins of the first section, in twips."""
    section = _SECTIONS(document_element)[0]
    width = section.page_width - section.left_margin - section.right_margin
    return int(width) // 635  # EMU → twips


def footnotes_part(document: Any) -> Part:
    """The package's footnotes part, added (empty) when the template has none."""
    package = document.part.package
    for part in package.parts:
        if part.content_type == FOOTNOTES_CT:
            return part
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, EMPTY_FOOTNOTES, package)
    document.part.relate_to(part, RT.FOOTNOTES)
    return part


def footnotes_blob(blob: bytes, notes: list[tuple[Span, ...]]) -> bytes:
    """The footnotes part *blob* with *notes* appended as footnotes 1..n."""
    root = etree.fromstring(blob)
    add_footnotes(root, notes)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def stamp_properties(props: CoreProperties, ctx: DocContext, signed: str) -> None:
    """Title from the trích yếu; docgen as author and the document part's fingerprint
    *signed*, so that re-rendering may replace the file as long as nobody saved it since."""
    stamp_subject(props, ctx.subject, signed)


def stamp_subject(props: CoreProperties, subject: str, signed: str) -> None:
    """stamp_properties, for a document whose trích yếu is *subject*."""
    props.title = subject[:250]
    props.author = MARK
    props.last_modified_by = MARK
    props.identifier = signed
