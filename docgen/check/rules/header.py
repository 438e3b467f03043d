"""Quốc hiệu, Tiêu ngữ and the agency name (ô 1, ô 2), with their rule lines."""

from __future__ import annotations

from collections.abc import Iterator

from docgen.check.findings import WARNING, Finding
from docgen.check.rulelines import RuleLine, slot_width
from docgen.check.rules import rule
from docgen.check.rules.common import Context, Want, check_style, cm, is_official
from docgen.check.text import Slot
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
            f"in the {wanted} header cell",
            f"in the {found} header cell",
            f"{what} belongs in the {wanted} column of the header",
        )
    ]


@rule("ND30-QH-TEXT")
def qh_text(ctx: Context) -> Iterator[Finding]:
    qh, texts = ctx.layout.header.qh, ctx.rule["texts"]
    if qh is None:
        yield ctx.hit("page 1", texts[0], "no Quốc hiệu", "page 1 has no Quốc hiệu")
    elif qh.text not in texts:
        yield ctx.hit(qh, texts[0], qh.text, "the Quốc hiệu must read exactly as in the decree")


@rule("ND30-QH-STYLE")
def qh_style(ctx: Context) -> Iterator[Finding]:
    qh = ctx.layout.header.qh
    if qh is not None:
        want = Want(bold=True, italic=False, sizes=ctx.rule["sizes"], centred=True)
        yield from check_style(ctx, qh, want, "the Quốc hiệu")
        yield from wrong_column(ctx, qh, "right", "the Quốc hiệu")


@rule("ND30-TN-TEXT")
def tn_text(ctx: Context) -> Iterator[Finding]:
    header, text = ctx.layout.header, ctx.rule["text"]
    if header.qh is not None and header.tn is None:
        yield ctx.hit(header.qh, text, "no Tiêu ngữ", "the Tiêu ngữ must follow the Quốc hiệu")
    elif header.tn is not None and header.tn.text != text:
        found = header.tn.text
        why = "the Tiêu ngữ must read exactly as in the decree"
        if any(d in found for d in _EN_DASHES):
            why = "the Tiêu ngữ uses hyphens (-) with a space each side, not dashes"
        yield ctx.hit(header.tn, text, found, why)


@rule("ND30-TN-STYLE")
def tn_style(ctx: Context) -> Iterator[Finding]:
    header = ctx.layout.header
    if header.tn is None:
        return
    want = Want(bold=True, italic=False, sizes=ctx.rule["sizes"], centred=True)
    yield from check_style(ctx, header.tn, want, "the Tiêu ngữ")
    if header.qh_tn_gap:
        yield ctx.hit(
            header.tn,
            "the Tiêu ngữ right under the Quốc hiệu",
            f"{header.qh_tn_gap} empty paragraph(s) between them",
            "no empty line between the Quốc hiệu and the Tiêu ngữ",
        )


@rule("ND30-TN-LINE")
def tn_line(ctx: Context) -> Iterator[Finding]:
    header = ctx.layout.header
    if header.tn is None:
        return
    text = slot_width(header.tn)
    expected = f"a solid line about {cm(text)} long (the Tiêu ngữ's length ±15 %)"
    problem = line_problem(header.tn_line)
    if problem is not None:
        yield ctx.hit(header.tn, expected, problem, "the Tiêu ngữ needs a solid line under it")
        return
    assert header.tn_line is not None
    length = header.tn_line.length
    if length is not None and text > 0 and abs(length / text - 1) > ctx.rule["tolerance"]:
        yield ctx.hit(
            header.tn,
            expected,
            f"a line {cm(length)} long",
            "the line under the Tiêu ngữ must be as long as the text",
        )


def line_problem(line: RuleLine | None) -> str | None:
    if line is None:
        return "no line"
    if not line.solid:
        return "a line that is not solid"
    return None


@rule("ND30-CQ-CASE")
def cq_case(ctx: Context) -> Iterator[Finding]:
    header = ctx.layout.header
    if not header.agency and header.table is not None:
        yield ctx.hit(
            "header block",
            "the issuing agency's name, IN HOA, left of the Quốc hiệu",
            "no agency name",
            "the header has no issuing agency name",
        )
    for slot in header.chu_quan + header.agency:
        if slot.text != slot.text.upper():
            yield ctx.hit(slot, slot.text.upper(), slot.text, "agency names are written IN HOA")
    for slot in header.agency:
        short = [a for a in ctx.rule["abbreviations"] if a in slot.text.split()]
        if short:
            yield ctx.hit(
                slot,
                "the issuing agency's full name",
                ", ".join(short),
                "the issuing agency's own name is written out in full",
                WARNING,
            )


@rule("ND30-CQ-STYLE")
def cq_style(ctx: Context) -> Iterator[Finding]:
    header, sizes = ctx.layout.header, ctx.rule["sizes"]
    for slot in header.chu_quan:
        yield from check_style(
            ctx, slot, Want(False, False, sizes, True), "the parent agency (chủ quản) line"
        )
    for slot in header.agency:
        yield from check_style(
            ctx, slot, Want(True, False, sizes, True), "the issuing agency's name"
        )


@rule("ND30-CQ-LINE")
def cq_line(ctx: Context) -> Iterator[Finding]:
    header = ctx.layout.header
    if not header.agency or not is_official(ctx.layout):
        return
    last = header.agency[-1]
    longest = max(upper_width(s) for s in header.agency)
    expected = f"a solid centred line {ratio_words(ctx, longest)}"
    problem = line_problem(header.cq_line)
    if problem is not None:
        yield ctx.hit(last, expected, problem, "the agency name needs a short solid line under it")
        return
    assert header.cq_line is not None
    yield from ratio_problem(ctx, last, header.cq_line, longest, "the agency name")


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
    expected = f"a solid centred line {ratio_words(ctx, text)}"
    slack = ctx.rule["slack"]
    if line.length is not None and text > 0:
        ratio = line.length / text
        if not ctx.rule["min_ratio"] - slack <= ratio <= ctx.rule["max_ratio"] + slack:
            yield ctx.hit(
                at,
                expected,
                f"a line {cm(line.length)} long ({ratio:.0%} of the text)",
                f"the line under {what} must be 1/3 to 1/2 as long as the text",
            )
    if line.centred is False:
        yield ctx.hit(
            at, expected, "a line that is not centred", f"the line under {what} must be centred"
        )
