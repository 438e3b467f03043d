"""Page numbers: a centred PAGE field in the header, 13–14 pt, none on page 1."""

from __future__ import annotations

from collections.abc import Iterator

from docgen.check.findings import Finding
from docgen.check.pages import estimate_pages
from docgen.check.rules import rule
from docgen.check.rules.common import Context, alignment_words, size_range, sizes_ok
from docgen.check.view import Field, HeaderPart, Paragraph, Section
from docgen.i18n import _


def page_fields(part: HeaderPart | None) -> list[tuple[Paragraph, Field]]:
    if part is None:
        return []
    return [(p, f) for p in part.paragraphs() for f in p.fields if f.name == "PAGE"]


@rule("ND30-PAGENUM")
def page_number(ctx: Context) -> Iterator[Finding]:
    doc = ctx.layout.doc
    if estimate_pages(doc, ctx.rule["single_factor"]) < 2:
        return
    first = doc.sections[0]
    default = page_fields(first.headers.get("default"))
    where = "section 1, page header"
    expected = _("a centred PAGE field in the header")
    if not default:
        in_footer = any(page_fields(part) for part in first.footers.values())
        found = _("a page number in the footer") if in_footer else _("no page number")
        yield ctx.hit(where, expected, found, _("pages after the first are numbered at the top"))
        return
    yield from _field_style(ctx, default)
    yield from _first_page(ctx, first)


def _field_style(ctx: Context, fields: list[tuple[Paragraph, Field]]) -> Iterator[Finding]:
    sizes = ctx.rule["sizes"]
    for para, field in fields:
        if para.props.alignment != "center":
            yield ctx.hit(
                para,
                _("centred"),
                alignment_words(para.props.alignment),
                _("the page number is centred"),
            )
        if not sizes_ok([field.props.size], sizes) or field.props.italic:
            found = f"{field.props.size:g} pt" + (", italic" if field.props.italic else "")
            yield ctx.hit(
                para,
                _("{size_range}, upright").format(size_range=size_range(sizes)),
                found,
                _("the page number is {size_range} upright").format(size_range=size_range(sizes)),
            )


def _first_page(ctx: Context, first: Section) -> Iterator[Finding]:
    if not first.title_page:
        yield ctx.hit(
            _("section 1"),
            _("no page number on page 1 (different first page)"),
            _("the number shows on page 1"),
            _("page 1 carries no page number"),
        )
    elif page_fields(first.headers.get("first")):
        yield ctx.hit(
            _("section 1, first-page header"),
            _("an empty first-page header"),
            _("a PAGE field"),
            _("page 1 carries no page number"),
        )
