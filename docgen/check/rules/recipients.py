"""Nơi nhận (ô 9b): the label, the recipient lines, 'Như trên' and 'Lưu: VT'."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docgen.check.findings import WARNING, Finding
from docgen.check.rules import rule
from docgen.check.rules.common import Context, Want, alignment_words, check_style, is_official
from docgen.check.text import fold
from docgen.i18n import N_, _


@rule("ND30-NN-LABEL")
def nn_label(ctx: Context) -> Iterator[Finding]:
    label = ctx.layout.closing.label
    text = ctx.rule["text"]
    if label is None:
        if is_official(ctx.layout):
            yield ctx.hit(
                _("closing block"),
                text,
                _("no Nơi nhận"),
                _("the document lists its recipients under 'Nơi nhận:'"),
            )
        return
    if label.text != text:
        yield ctx.hit(label, text, label.text, _("the label reads '{text}'").format(text=text))
    yield from check_style(
        ctx, label, Want(True, True, ctx.rule["sizes"]), N_("the Nơi nhận label")
    )
    alignment = label.para.props.alignment
    if label.whole and alignment not in (None, *ctx.rule["alignments"]):
        yield ctx.hit(
            label, _("flush left"), alignment_words(alignment), _("the label is flush left")
        )
    yield from _level(ctx)


def _level(ctx: Context) -> Iterator[Finding]:
    closing, flow = ctx.layout.closing, ctx.layout.flow
    if closing.label is None or not closing.authority:
        return
    label_cell = flow.cell_of(closing.label.para)
    sign_cell = flow.cell_of(closing.authority[0].para)
    if label_cell is not None and sign_cell is not None and label_cell.row != sign_cell.row:
        yield ctx.hit(
            closing.label,
            _("level with the first signature line"),
            _("row {row}, signature in row {row2}").format(
                row=label_cell.row + 1, row2=sign_cell.row + 1
            ),
            _("the Nơi nhận label starts level with the signature"),
        )


@rule("ND30-NN-ITEMS")
def nn_items(ctx: Context) -> Iterator[Finding]:
    closing = ctx.layout.closing
    if closing.label is None:
        return
    if not closing.items:
        yield ctx.hit(
            closing.label, _("one recipient per line"), _("none"), _("Nơi nhận lists no recipient")
        )
    want = Want(italic=False, sizes=ctx.rule["sizes"])
    for index, item in enumerate(closing.items):
        if not item.text.startswith("- "):
            yield ctx.hit(
                item, _("- <recipient>"), item.text[:2], _("each recipient line starts with '- '")
            )
        if index < len(closing.items) - 1 and not item.text.endswith(";"):
            yield ctx.hit(
                item,
                _("ends with ';'"),
                _("ends with '{text}'").format(text=item.text[-1:]),
                _("each recipient line but the last ends with ';'"),
            )
        yield from check_style(ctx, item, want, N_("the recipient line"))


@rule("ND30-NN-LUU")
def nn_luu(ctx: Context) -> Iterator[Finding]:
    items = ctx.layout.closing.items
    if items and not re.fullmatch(ctx.rule["pattern"], items[-1].text):
        last = items[-1].text
        yield ctx.hit(items[-1], _("- Lưu: VT, <unit>."), last, _luu_advice(last))


def _luu_advice(last: str) -> str:
    if not fold(last).startswith(("- luu", "-luu")):
        return _("the last recipient line is the file copy '- Lưu: VT, <unit>.'")
    if not last.endswith("."):
        return _("end the file copy line '- Lưu: …' with '.'")
    return _("write the file copy line as '- Lưu: VT, <unit>.'")


@rule("ND30-NN-NHUTREN")
def nn_nhu_tren(ctx: Context) -> Iterator[Finding]:
    items = ctx.layout.closing.items
    if ctx.layout.kinh_gui is None or not items:
        return
    articles = ctx.rule["articles"]
    decides = ctx.layout.title.type_code in articles["kinds"]
    first = items[0].text
    if re.fullmatch(ctx.rule["tolerated"], first):
        yield ctx.hit(
            items[0],
            "- Như trên;",
            first,
            _(
                "NĐ30 writes '- Như trên;'; '- Như kính gửi;' is common usage, "
                "not the decree's form"
            ),
            severity=WARNING,
        )
        return
    if not re.fullmatch(articles["pattern"] if decides else ctx.rule["pattern"], first):
        advice = "with a Kính gửi, the first recipient line is '- Như trên;'"
        if fold(items[0].text).startswith("- nhu dieu"):
            advice += " ('- Như Điều N;' is a quyết định's, whose article N names its executors)"
        yield ctx.hit(items[0], _("- Như trên;"), items[0].text, advice)
