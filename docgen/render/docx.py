"""Render with plain docxtpl (sandboxed, autoescaped, strict): the engine of a template a
user brings that is not in docgen's format (not imported with ``docgen template import``).

Only docxtpl's and python-docx's public API is used; the rendered package is finished as
docgen's own templates finish theirs: rule lines sized (:mod:`docgen.render.rules`), an empty
last section dropped (:mod:`docgen.render.sections`), footnotes written, core properties
stamped and the document part signed (:mod:`docgen.render.atomic`).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from docx.opc.coreprops import CoreProperties
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.exceptions import TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from docgen.compose.appendix import Appendix
from docgen.compose.context import DocContext
from docgen.compose.inline import Span
from docgen.errors import TemplateError
from docgen.i18n import _
from docgen.render import package
from docgen.render.atomic import MARK, UNSIGNED, declared_members
from docgen.render.footnotes import add_footnotes
from docgen.render.hyphens import no_break_hyphens_tree
from docgen.render.rules import fit_rules
from docgen.render.runs import runs_markup
from docgen.render.sections import appendix_sections
from docgen.render.xmlns import W
from docgen.sandbox import FAILURES, Sandbox, failure, per_document

#: how every docgen template environment is configured (see :func:`template_environment`)
ENVIRONMENT_OPTIONS: dict[str, Any] = {"autoescape": True, "undefined": StrictUndefined}


def template_environment(**loading: Any) -> SandboxedEnvironment:
    """Templates are untrusted: sandboxed, autoescaped, and a missing variable is an error.
    Every template environment of docgen is made here; *loading* (``loader``,
    ``bytecode_cache``) says where its templates come from."""
    return Sandbox(**ENVIRONMENT_OPTIONS, **loading)


def template_vars(ctx: DocContext) -> dict[str, Any]:
    """The variables a template sees; body blocks carry their runs as ready XML."""
    body = [
        {"style": b.style, "runs": runs_markup(b.spans), "table": getattr(b, "table", None)}
        for b in ctx.body
    ]
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
        "appendices": [appendix_vars(a) for a in ctx.appendices],
        **_decision_vars(ctx),
        **ctx.extra,
    }


def _decision_vars(ctx: DocContext) -> dict[str, Any]:
    """``decision``: a quyết định's authority line and Căn cứ lines (runs as ready XML);
    nothing for other documents (a quyết định's template names it undefined for them)."""
    if ctx.decision is None:
        return {}
    basis = [{"style": b.style, "runs": runs_markup(b.spans)} for b in ctx.decision.basis]
    return {"decision": {"authority": ctx.decision.authority, "basis": basis}}


def appendix_vars(appendix: Appendix) -> dict[str, Any]:
    """A Phụ lục as a template sees it: its paragraphs carry their runs as ready XML."""
    blocks = [
        {
            "kind": b.kind,
            "runs": runs_markup(b.spans),
            "lines": b.lines,
            "date_line": b.date_line,
            "table": b.table,
        }
        for b in appendix.blocks
    ]
    return {
        "heading": appendix.heading,
        "title": appendix.title,
        "kem_theo": appendix.kem_theo,
        "landscape": appendix.landscape,
        "blocks": blocks,
    }


#: a template's bounds, read from its zip directory before any part is inflated: a Word
#: template has a few dozen parts, its XML a few MB
MAX_TEMPLATE_MEMBERS = 2_000
MAX_TEMPLATE_XML = 16 << 20
MAX_TEMPLATE_TOTAL = 256 << 20


def check_template_file(path: Path) -> None:
    """Refuse anything that is not a .docx file, or is one too large to read (a zip bomb,
    thousands of parts)."""
    if not path.is_file():
        raise TemplateError(
            _("template not found"), file=path, hint=_("check the 'template:' path")
        )
    not_docx = TemplateError(
        _("not a Word .docx file"), file=path, hint=_("save the template as .docx (Word 2007+)")
    )
    if not zipfile.is_zipfile(path):
        raise not_docx
    try:
        found = declared_members(path, MAX_TEMPLATE_MEMBERS)
    except (OSError, ValueError):
        raise not_docx from None
    again = _("save the template again from Word, or use a smaller one")
    if found is None:
        raise TemplateError(
            _("the template holds more than {max_template_members:,} parts").format(
                max_template_members=MAX_TEMPLATE_MEMBERS
            ),
            file=path,
            hint=again,
        )
    xml = [m for m in found if m.name.endswith((".xml", ".rels"))]
    big = next((m for m in xml if m.size > MAX_TEMPLATE_XML), None)
    if big is not None or sum(m.size for m in found) > MAX_TEMPLATE_TOTAL:
        what = _("its part {name}").format(name=big.name) if big else _("its parts together")
        raise TemplateError(
            _(
                "the template is too large to read: {what} would unpack to more than {value} MB"
            ).format(what=what, value=(MAX_TEMPLATE_XML if big else MAX_TEMPLATE_TOTAL) >> 20),
            file=path,
            hint=again,
        )


def load_template(path: Path) -> DocxTemplate:
    """Open a .docx template, refusing anything that is not one."""
    check_template_file(path)
    try:
        return DocxTemplate(str(path))
    except package.UNREADABLE as exc:
        raise package.unreadable(exc, path) from None


def render_error(exc: JinjaTemplateError, template_path: Path, near: str = "") -> TemplateError:
    """A Jinja error as a message that names the template and the place (a limit of the
    sandbox says what to do, too)."""
    exc = failure(exc) or exc if isinstance(exc, SecurityError) else exc  # '__class__'…
    where = near or " / ".join(s.strip() for s in getattr(exc, "docx_context", []) if s.strip())
    near = f"near: {where[:160]}" if where else ""
    todo = getattr(exc, "hint", None) or ("" if near else "check the {{ }} tags in the template")
    return TemplateError(
        _("the template cannot be rendered: {message}").format(message=exc.message),
        file=template_path,
        hint="; ".join(part for part in (todo, near) if part),
    )


def render_failure(exc: Exception, template_path: Path) -> Exception:
    """What went wrong in rendering *template_path* (a division by zero, a character Word
    cannot hold…), as a TemplateError; *exc* itself when it is none of those."""
    found = failure(exc)
    return exc if found is None else render_error(found, template_path)


class DocxtplTemplate:
    """A template rendered by docxtpl, loaded again for every document (docxtpl renders a
    loaded template once)."""

    def __init__(self, path: Path) -> None:
        check_template_file(path)
        self.path = path

    @per_document  # the sandbox's limits count per document, all its parts together
    def render(self, ctx: DocContext) -> bytes:
        """The .docx file of *ctx*, as bytes."""
        tpl = load_template(self.path)
        try:
            tpl.render(template_vars(ctx), template_environment(), autoescape=True)
        except JinjaTemplateError as exc:
            raise render_error(exc, self.path) from None
        except etree.XMLSyntaxError as exc:  # a part docxtpl parses once rendered
            raise package.unreadable(exc, self.path) from None
        except FAILURES as exc:
            raise render_failure(exc, self.path) from None
        document = tpl.docx
        finish_body(document.element)
        stamp(document.core_properties, ctx.subject, UNSIGNED)  # atomic.sign signs it
        buffer = io.BytesIO()
        tpl.save(buffer)
        if not ctx.footnotes:
            return buffer.getvalue()
        with zipfile.ZipFile(buffer) as z:
            members = {info.filename: z.read(info) for info in z.infolist()}
        name = package.footnotes_name(members)
        members[name] = footnotes_blob(members[name], ctx.footnotes)
        return package.write_members(members)


def finish_body(document_element: Any) -> None:
    """Post-process the rendered w:document: the body's section before the appendices, no
    empty last section (:mod:`docgen.render.sections`), no-break hyphens, the rule lines
    sized to the text above them."""
    appendix_sections(document_element.body)
    no_break_hyphens_tree(document_element.body)
    fit_rules(document_element.body, text_width(document_element))


def text_width(document_element: Any) -> int:
    """Width between the margins of the first section, in twips."""
    section = next(document_element.iter(f"{W}sectPr"))
    size, margins = section.find(f"{W}pgSz"), section.find(f"{W}pgMar")
    return int(size.get(f"{W}w")) - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right"))


def footnotes_blob(blob: bytes, notes: list[tuple[Span, ...]]) -> bytes:
    """The footnotes part *blob* with *notes* appended as footnotes 1..n."""
    root = package.parse(blob)
    add_footnotes(root, notes)
    return package.serialize(root)


def stamp(props: CoreProperties, subject: str, signed: str) -> None:
    """Title from the trích yếu; docgen as author, and *signed* as the identifier (the
    placeholder :func:`docgen.render.atomic.sign` replaces by the package's fingerprint)."""
    props.title = subject[:250]
    props.author = MARK
    props.last_modified_by = MARK
    props.identifier = signed
