"""Type name and trích yếu (ô 5a), and a công văn's V/v line (ô 5b)."""

from __future__ import annotations

from collections.abc import Iterator

from docgen.check.findings import Finding
from docgen.check.locate import type_code
from docgen.check.rulelines import slot_width
from docgen.check.rules import rule
from docgen.check.rules.common import Context, Want, check_style, is_official
from docgen.check.rules.header import line_problem, ratio_problem, ratio_words, wrong_column
from docgen.i18n import N_, _


@rule("ND30-TYPE-TITLE")
def type_title(ctx: Context) -> Iterator[Finding]:
    layout, types = ctx.layout, ctx.data["types"]
    slot = layout.title.type_title
    if slot is None:
        code = type_code(layout.header.so)
        if layout.kind == "typed" and code in types:
            yield ctx.hit(
                layout.header.so or _("page 1"),
                types[code],
                _("no type name"),
                _("the ký hiệu says {code}, so the document shows {types} under the header").format(
                    code=code, types=types[code]
                ),
            )
        return
    expected = types[layout.title.type_code]
    if slot.text != expected:
        yield ctx.hit(slot, expected, slot.text, _("the type name is written IN HOA"))
    want = Want(bold=True, italic=False, sizes=ctx.rule["sizes"], centred=True)
    yield from check_style(ctx, slot, want, N_("the type name"))


@rule("ND30-TRICHYEU")
def trich_yeu(ctx: Context) -> Iterator[Finding]:
    title = ctx.layout.title
    if title.type_title is None:
        return
    if not title.trich_yeu:
        yield ctx.hit(
            title.type_title,
            _("a trích yếu under the type name"),
            _("none"),
            _("a typed document states its subject (trích yếu) under its type name"),
        )
        return
    if title.gap:
        yield ctx.hit(
            title.trich_yeu[0],
            _("right under the type name"),
            _("{gap} empty paragraph(s) before it").format(gap=title.gap),
            _("no empty line between the type name and the trích yếu"),
        )
    want = Want(bold=True, italic=False, sizes=ctx.rule["sizes"], centred=True)
    for slot in title.trich_yeu:
        yield from check_style(ctx, slot, want, N_("the trích yếu"))
    yield from _line(ctx)


def _line(ctx: Context) -> Iterator[Finding]:
    title = ctx.layout.title
    last = title.trich_yeu[-1]
    text = max(slot_width(s) for s in title.trich_yeu)
    if last.para.box_width is not None:
        text = min(text, last.para.box_width)
    problem = line_problem(title.line)
    if problem is not None:
        yield ctx.hit(
            last,
            _("a solid centred line {ratio_words}").format(ratio_words=ratio_words(ctx, text)),
            problem,
            _("the trích yếu needs a short solid line under it"),
        )
    elif title.line is not None:
        yield from ratio_problem(ctx, last, title.line, text, N_("the trích yếu"))


@rule("ND30-VV")
def vv(ctx: Context) -> Iterator[Finding]:
    layout = ctx.layout
    slot = layout.header.vv
    if slot is None:
        if layout.kind == "congvan" and is_official(layout) and layout.header.so is not None:
            yield ctx.hit(
                layout.header.so,
                _("a 'V/v …' line under the Số line"),
                _("none"),
                _("a công văn states its subject as 'V/v …' under the Số line"),
            )
        return
    if layout.title.type_title is not None:
        yield ctx.hit(
            slot,
            _("no V/v line in a typed document"),
            slot.text,
            _("only a công văn has a V/v line; a typed document has its trích yếu"),
        )
    if not slot.text.startswith("V/v "):
        yield ctx.hit(slot, _("V/v <subject>"), slot.text[:12], _("the line starts 'V/v '"))
    yield from check_style(ctx, slot, Want(False, False, ctx.rule["sizes"]), N_("the V/v line"))
    yield from wrong_column(ctx, slot, "left", N_("the V/v line"))
    if not _spaced(ctx):
        yield ctx.hit(
            slot,
            _("at least 6 pt above it"),
            _("{space_before:g} pt").format(space_before=slot.para.props.space_before / 20),
            _("leave 6 pt between the Số line and the V/v line"),
        )


def _spaced(ctx: Context) -> bool:
    flow, slot = ctx.layout.flow, ctx.layout.header.vv
    assert slot is not None
    if slot.para.props.space_before >= ctx.rule["min_before"] or not slot.whole:
        return True
    index = flow.pos(slot.para)
    before = flow.paras[index - 1] if index else None
    if before is None or before.path[:-1] != slot.para.path[:-1]:
        return True
    return before.props.space_after >= ctx.rule["min_before"] or not before.text
