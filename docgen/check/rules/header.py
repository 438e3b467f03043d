"""Quốc hiệu, Tiêu ngữ and the agency name (ô 1, ô 2), with their rule lines."""

from __future__ import annotations

from collections.abc import Iterator

from docgen.check.findings import WARNING, Finding
from docgen.check.rulelines import RuleLine, slot_width
from docgen.check.rules import rule
from docgen.check.rules.common import Context, Want, check_style, cm, is_official
from docgen.check.text import Slot
from docgen.i18n import N_, _
from docgen.typo import text_width_twips

_EN_DASHES = "–—"


def column(ctx: Context, slot: Slot) -> str | None:
    """'left' or 'right' when the slot is in the header table's first or last column."""
    header = ctx.layout.header
    cell = ctx.layout.flow.cell_of(slot.para)
    if (
        header.table is None
        or cell is None
        or ctx.layout.flow.table_of(slot.para) is not header.table
    ):
        return None
    row = header.table.rows[cell.row]
    if cell.col == min(c.col for c in row) and len(row) > 1:
        return "left"
    return "right" if cell.col == max(c.col for c in row) else "middle"


def wrong_column(ctx: Context, slot: Slot, wanted: str, what: str) -> list[Finding]:
    found = column(ctx, slot)
    if found is None or found == wanted:
        return []
    return [
        ctx.hit(
            slot,
            _("in the {wanted} header cell").format(wanted=_(wanted)),
            _("in the {found} header cell").format(found=_(found)),
            _("{what} belongs in the {wanted} column of the header").format(
                what=_(what), wanted=_(wanted)
            ),
        )
    ]


@rule("ND30-QH-TEXT")
def qh_text(ctx: Context) -> Iterator[Finding]:
    qh, texts = ctx.layout.header.qh, ctx.rule["texts"]
    if qh is None:
        yield ctx.hit(_("page 1"), texts[0], _("no Quốc hiệu"), _("page 1 has no Quốc hiệu"))
    elif qh.text not in texts:
        yield ctx.hit(qh, texts[0], qh.text, _("the Quốc hiệu must read exactly as in the decree"))


@rule("ND30-QH-STYLE")
def qh_style(ctx: Context) -> Iterator[Finding]:
    qh = ctx.layout.header.qh
    if qh is not None:
        want = Want(bold=True, italic=False, sizes=ctx.rule["sizes"], centred=True)
        yield from check_style(ctx, qh, want, N_("the Quốc hiệu"))
        yield from wrong_column(ctx, qh, "right", N_("the Quốc hiệu"))


@rule("ND30-TN-TEXT")
def tn_text(ctx: Context) -> Iterator[Finding]:
    header, text = ctx.layout.header, ctx.rule["text"]
    if header.qh is not None and header.tn is None:
        yield ctx.hit(
            header.qh, text, _("no Tiêu ngữ"), _("the Tiêu ngữ must follow the Quốc hiệu")
        )
    elif header.tn is not None and header.tn.text != text:
        found = header.tn.text
        why = _("the Tiêu ngữ must read exactly as in the decree")
        if any(d in found for d in _EN_DASHES):
            why = _("the Tiêu ngữ uses hyphens (-) with a space each side, not dashes")
        yield ctx.hit(header.tn, text, found, why)


@rule("ND30-TN-STYLE")
def tn_style(ctx: Context) -> Iterator[Finding]:
    header = ctx.layout.header
    if header.tn is None:
        return
    want = Want(bold=True, italic=False, sizes=ctx.rule["sizes"], centred=True)
    yield from check_style(ctx, header.tn, want, N_("the Tiêu ngữ"))
    if header.qh_tn_gap:
        yield ctx.hit(
            header.tn,
            _("the Tiêu ngữ right under the Quốc hiệu"),
            _("{qh_tn_gap} empty paragraph(s) between them").format(qh_tn_gap=header.qh_tn_gap),
            _("no empty line between the Quốc hiệu and the Tiêu ngữ"),
        )


@rule("ND30-TN-LINE")
def tn_line(ctx: Context) -> Iterator[Finding]:
    header = ctx.layout.header
    if header.tn is None:
        return
    text = slot_width(header.tn)
    expected = _("a solid line about {cm} long (the Tiêu ngữ's length ±15 %)").format(cm=cm(text))
    problem = line_problem(header.tn_line)
    if problem is not None:
        yield ctx.hit(header.tn, expected, problem, _("the Tiêu ngữ needs a solid line under it"))
        return
    assert header.tn_line is not None
    length = header.tn_line.length
    if length is not None and text > 0 and abs(length / text - 1) > ctx.rule["tolerance"]:
        yield ctx.hit(
            header.tn,
            expected,
            _("a line {cm} long").format(cm=cm(length)),
            _("the line under the Tiêu ngữ must be as long as the text"),
        )


def line_problem(line: RuleLine | None) -> str | None:
    if line is None:
        return _("no line")
    if not line.solid:
        return _("a line that is not solid")
    return None


@rule("ND30-CQ-CASE")
def cq_case(ctx: Context) -> Iterator[Finding]:
    header = ctx.layout.header
    if not header.agency and header.table is not None:
        yield ctx.hit(
            _("header block"),
            _("the issuing agency's name, IN HOA, left of the Quốc hiệu"),
            _("no agency name"),
            _("the header has no issuing agency name"),
        )
    for slot in header.chu_quan + header.agency:
        if slot.text != slot.text.upper():
            yield ctx.hit(slot, slot.text.upper(), slot.text, _("agency names are written IN HOA"))
    for slot in header.agency:
        short = [a for a in ctx.rule["abbreviations"] if a in slot.text.split()]
        if short:
            yield ctx.hit(
                slot,
                _("the issuing agency's full name"),
                ", ".join(short),
                _("the issuing agency's own name is written out in full"),
                WARNING,
            )


@rule("ND30-CQ-STYLE")
def cq_style(ctx: Context) -> Iterator[Finding]:
    header, sizes = ctx.layout.header, ctx.rule["sizes"]
    for slot in header.chu_quan:
        yield from check_style(
            ctx, slot, Want(False, False, sizes, True), N_("the parent agency (chủ quản) line")
        )
    for slot in header.agency:
        yield from check_style(
            ctx, slot, Want(True, False, sizes, True), N_("the issuing agency's name")
        )


@rule("ND30-CQ-LINE")
def cq_line(ctx: Context) -> Iterator[Finding]:
    header = ctx.layout.header
    if not header.agency or not is_official(ctx.layout):
        return
    last = header.agency[-1]
    longest = max(upper_width(s) for s in header.agency)
    expected = _("a solid centred line {ratio_words}").format(ratio_words=ratio_words(ctx, longest))
    problem = line_problem(header.cq_line)
    if problem is not None:
        yield ctx.hit(
            last, expected, problem, _("the agency name needs a short solid line under it")
        )
        return
    assert header.cq_line is not None
    yield from ratio_problem(ctx, last, header.cq_line, longest, N_("the agency name"))


def upper_width(slot: Slot) -> int:
    """Width of the agency name as printed IN HOA (its case is ND30-CQ-CASE's business); a
    name longer than its cell wraps, so its longest printed line is at most the cell's width
    between the paragraph's indents."""
    width = text_width_twips(slot.text.upper(), slot.size, slot.bold)
    room = slot.para.box_width
    return min(width, room) if room and room > 0 else width


def ratio_words(ctx: Context, text: int) -> str:
    low, high = ctx.rule["min_ratio"], ctx.rule["max_ratio"]
    return f"1/3–1/2 of the text ({cm(text * low)}–{cm(text * high)})"


def ratio_problem(
    ctx: Context, at: Slot, line: RuleLine, text: int, what: str
) -> Iterator[Finding]:
    """Findings when the line is off-centre or not 1/3–1/2 of the text's length."""
    expected = _("a solid centred line {ratio_words}").format(ratio_words=ratio_words(ctx, text))
    slack = ctx.rule["slack"]
    if line.length is not None and text > 0:
        ratio = line.length / text
        if not ctx.rule["min_ratio"] - slack <= ratio <= ctx.rule["max_ratio"] + slack:
            yield ctx.hit(
                at,
                expected,
                _("a line {cm} long ({ratio:.0%} of the text)").format(
                    cm=cm(line.length), ratio=ratio
                ),
                _("the line under {what} must be 1/3 to 1/2 as long as the text").format(
                    what=_(what)
                ),
            )
    if line.centred is False:
        yield ctx.hit(
            at,
            expected,
            _("a line that is not centred"),
            _("the line under {what} must be centred").format(what=_(what)),
        )
