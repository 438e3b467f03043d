"""Appendices: heading, title and (Kèm theo …) line; own section with numbering from 1."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docgen.check.findings import Finding
from docgen.check.layout import Appendix
from docgen.check.rules import rule
from docgen.check.rules.common import Context, Want, check_style
from docgen.check.text import is_upper
from docgen.i18n import N_, _

_HEADING = re.compile(r"^Phụ lục( (?P<roman>[IVXLC]+))?$")
_LONGEST = 500  # a longer line is not a (Kèm theo …) line; keeps the pattern cheap
_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@rule("ND30-APPX-HEAD")
def appendix_heading(ctx: Context) -> Iterator[Finding]:
    appendices = ctx.layout.appendices
    for index, appendix in enumerate(appendices):
        yield from _heading(ctx, appendix, index, len(appendices))
        yield from _title(ctx, appendix)
        yield from _kem_theo(ctx, appendix)


def _heading(ctx: Context, appendix: Appendix, index: int, count: int) -> Iterator[Finding]:
    heading = appendix.heading
    numeral = _ROMANS[index] if index < len(_ROMANS) else str(index + 1)
    expected = _("Phụ lục {numeral}").format(numeral=numeral) if count > 1 else _("Phụ lục")
    match = _HEADING.match(heading.text)
    if match is None:
        yield ctx.hit(
            heading,
            expected,
            heading.text,
            _("the heading reads 'Phụ lục' in lower case with Roman numerals"),
        )
    elif count > 1 and match.group("roman") != numeral:
        yield ctx.hit(
            heading, expected, heading.text, _("two or more appendices are numbered I, II…")
        )
    want = Want(bold=True, italic=False, sizes=[ctx.rule["size"]], centred=True)
    yield from check_style(ctx, heading, want, N_("the appendix heading"))


def _title(ctx: Context, appendix: Appendix) -> Iterator[Finding]:
    if not appendix.title:
        yield ctx.hit(
            appendix.heading,
            _("a title IN HOA under the heading"),
            _("none"),
            _("an appendix has a title"),
        )
    want = Want(bold=True, italic=False, sizes=ctx.rule["title_sizes"], centred=True)
    for slot in appendix.title:
        if not is_upper(slot.text):
            yield ctx.hit(slot, slot.text.upper(), slot.text, _("the appendix title is IN HOA"))
        yield from check_style(ctx, slot, want, N_("the appendix title"))


def _kem_theo(ctx: Context, appendix: Appendix) -> Iterator[Finding]:
    slot = appendix.kem_theo
    expected = _("(Kèm theo <Type> số … ngày … của …)")
    if slot is None:
        yield ctx.hit(
            appendix.heading, expected, _("none"), _("an appendix says which document it goes with")
        )
        return
    if len(slot.text) > _LONGEST or not re.fullmatch(ctx.rule["kem_theo"], slot.text):
        yield ctx.hit(
            slot, expected, slot.text, _("the line reads '(Kèm theo … số … ngày … của …)'")
        )
    want = Want(italic=True, sizes=ctx.rule["title_sizes"], centred=True)
    yield from check_style(ctx, slot, want, N_("the (Kèm theo …) line"))


@rule("ND30-APPX-PAGES")
def appendix_pages(ctx: Context) -> Iterator[Finding]:
    for appendix in ctx.layout.appendices:
        if not appendix.starts_section:
            yield ctx.hit(
                appendix.heading,
                _("a new section starting with the appendix"),
                _("inside the previous section"),
                _("each appendix starts its own section"),
            )
        elif appendix.section.page_start != ctx.rule["start"]:
            found = (
                _("no restart")
                if appendix.section.page_start is None
                else _("starting at {page_start}").format(page_start=appendix.section.page_start)
            )
            yield ctx.hit(
                appendix.heading,
                _("page numbers restarting at 1"),
                found,
                _("each appendix numbers its pages from 1"),
            )
