"""Type name and trích yếu (ô 5a), and a công văn's V/v line (ô 5b)."""

from __future__ import annotations

from collections.abc import Iterator

from docgen.check.findings import Finding
from docgen.check.locate import type_code
from docgen.check.rulelines import slot_width
from docgen.check.rules import rule
from docgen.check.rules.common import Context, Want, check_style, is_official
from docgen.check.rules.header import line_problem, ratio_problem, ratio_words, wrong_column


@rule("ND30-TYPE-TITLE")
def type_title(ctx: Context) -> Iterator[Finding]:
    layout, types = ctx.layout, ctx.data["types"]
    slot = layout.title.type_title
    if slot is None:
        code = type_code(layout.header.so)
        if layout.kind == "typed" and code in types:
            yield ctx.hit(
                layout.header.so or "page 1",
                types[code],
                "no type name",
                f"the ký hiệu says {code}, so the document shows {types[code]} under the header",
            )
        return
    expected = types[layout.title.type_code]
    if slot.text != expected:
        yield ctx.hit(slot, expected, slot.text, "the type name is written IN HOA")
    want = Want(bold=True, italic=False, sizes=ctx.rule["sizes"], centred=True)
    yield from check_style(ctx, slot, want, "the type name")


@rule("ND30-TRICHYEU")
def trich_yeu(ctx: Context) -> Iterator[Finding]:
    title = ctx.layout.title
    if title.type_title is None:
        return
    if not title.trich_yeu:
        yield ctx.hit(
            title.type_title,
            "a trích yếu under the type name",
            "none",
            "a typed document states its subject (trích yếu) under its type name",
        )
        return
    if title.gap:
        yield ctx.hit(
            title.trich_yeu[0],
            "right under the type name",
            f"{title.gap} empty paragraph(s) before it",
            "no empty line between the type name and the trích yếu",
        )
    want = Want(bold=True, italic=False, sizes=ctx.rule["sizes"], centred=True)
    for slot in title.trich_yeu:
        yield from check_style(ctx, slot, want, "the trích yếu")
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
            f"a solid centred line {ratio_words(ctx, text)}",
            problem,
            "the trích yếu needs a short solid line under it",
        )
    elif title.line is not None:
        yield from ratio_problem(ctx, last, title.line, text, "the trích yếu")


@rule("ND30-VV")
def vv(ctx: Context) -> Iterator[Finding]:
    layout = ctx.layout
    slot = layout.header.vv
    if slot is None:
        if layout.kind == "congvan" and is_official(layout) and layout.header.so is not None:
            yield ctx.hit(
                layout.header.so,
                "a 'V/v …' line under the Số line",
                "none",
                "a công văn states its subject as 'V/v …' under the Số line",
            )
        return
    if layout.title.type_title is not None:
        yield ctx.hit(
            slot,
            "no V/v line in a typed document",
            slot.text,
            "only a công văn has a V/v line; a typed document has its trích yếu",
        )
    if not slot.text.startswith("V/v "):
        yield ctx.hit(slot, "V/v <subject>", slot.text[:12], "the line starts 'V/v '")
    yield from check_style(ctx, slot, Want(False, False, ctx.rule["sizes"]), "the V/v line")
    yield from wrong_column(ctx, slot, "left", "the V/v line")
    if not _spaced(ctx):
        yield ctx.hit(
            slot,
            "at least 6 pt above it",
            f"{slot.para.props.space_before / 20:g} pt",
            "leave 6 pt between the Số line and the V/v line",
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
