"""Urgency and circulation marks (ô 10b, 11): wording, bold 13–14 pt, boxed."""

from __future__ import annotations

from collections.abc import Iterator

from docgen.check.findings import Finding
from docgen.check.rules import rule
from docgen.check.rules.common import Context, Want, check_style
from docgen.check.text import Slot
from docgen.i18n import N_, _

_BOX_SIDES = 3


def boxed(ctx: Context, slot: Slot) -> bool:
    """In a bordered paragraph, run border, bordered table or text box."""
    para = slot.para
    sides = [b for b in para.props.borders.values() if b.style not in ("none", "nil")]
    if len(sides) >= _BOX_SIDES or any(p.props.boxed for p in slot.ink) or para.in_textbox:
        return True
    table = ctx.layout.flow.table_of(para)
    return table is not None and table.bordered and table is not ctx.layout.header.table


@rule("ND30-MARKS")
def marks(ctx: Context) -> Iterator[Finding]:
    texts = ctx.rule["texts"]
    for slot in ctx.layout.header.marks:
        if slot.text not in texts:
            yield ctx.hit(slot, slot.text.upper(), slot.text, _("the mark is written IN HOA"))
        yield from check_style(ctx, slot, Want(True, False, ctx.rule["sizes"]), N_("the mark"))
        if not boxed(ctx, slot):
            yield ctx.hit(
                slot, _("in a single-line box"), _("no box"), _("the mark is printed in a box")
            )
