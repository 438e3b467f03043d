"""Số and ký hiệu (ô 3): pattern, leading zero, year, style, type code."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docgen.check.findings import Finding
from docgen.check.locate import type_code
from docgen.check.rules import rule
from docgen.check.rules.common import Context, Want, check_style
from docgen.check.rules.header import wrong_column
from docgen.check.text import excerpt, number_value
from docgen.i18n import N_, _

_NUMBER = re.compile(r"^Số\s*[:.]?\s*(\d+)\s*/")
_YEAR = re.compile(r"/\d{4}/")


@rule("ND30-SO-FORMAT")
def so_format(ctx: Context) -> Iterator[Finding]:
    so = ctx.layout.header.so
    expected = _("Số: <number>/<KÝ HIỆU>, e.g. Số: 12/UBND-VX")
    if so is None:
        if ctx.layout.header.qh is not None:
            yield ctx.hit(
                _("page 1"), expected, _("no Số line"), _("page 1 has no Số, ký hiệu line")
            )
        return
    if re.fullmatch(ctx.rule["pattern"], so.text):
        return
    after = so.text.split("/", 1)[1] if "/" in so.text else ""
    why = _("write the Số line as 'Số: <number>/<KÝ-HIỆU>'")
    if after.strip() and " " in after.strip():
        why = _("the ký hiệu must not contain spaces")
    elif after.strip() and "-" not in after:
        why = _(
            "the ký hiệu joins the type code or issuer and the drafting unit with "
            "'-' (e.g. 12/UBND-VX, 05/QĐ-UBND)"
        )
    yield ctx.hit(so, expected, so.text, why)


@rule("ND30-SO-ZERO")
def so_zero(ctx: Context) -> Iterator[Finding]:
    so = ctx.layout.header.so
    match = _NUMBER.match(so.text) if so is not None else None
    if so is None or match is None:
        return
    digits = match.group(1)
    value, found = number_value(digits), excerpt(digits)
    if 1 <= value <= 9 and digits != f"0{value}":
        yield ctx.hit(
            so,
            _("0{value}").format(value=value),
            found,
            _("numbers 1–9 are written with a leading zero"),
        )
    elif value >= 10 and digits.startswith("0"):
        yield ctx.hit(so, excerpt(str(value)), found, _("numbers from 10 up have no leading zero"))
    elif value == 0:
        yield ctx.hit(so, _("a number from 01"), found, _("document numbers start at 01"))


@rule("ND30-SO-NOYEAR")
def so_noyear(ctx: Context) -> Iterator[Finding]:
    so = ctx.layout.header.so
    if so is not None and _YEAR.search(so.text):
        yield ctx.hit(
            so,
            _("no year in an administrative number"),
            so.text,
            _("the /YYYY/ segment belongs to legal-normative documents only"),
        )


@rule("ND30-SO-STYLE")
def so_style(ctx: Context) -> Iterator[Finding]:
    so = ctx.layout.header.so
    if so is not None:
        want = Want(bold=False, italic=False, sizes=ctx.rule["sizes"], centred=True)
        yield from check_style(ctx, so, want, N_("the Số line"))
        yield from wrong_column(ctx, so, "left", N_("the Số line"))


@rule("ND30-KYHIEU-TYPE")
def kyhieu_type(ctx: Context) -> Iterator[Finding]:
    layout = ctx.layout
    so, title, types = layout.header.so, layout.title, ctx.data["types"]
    code = type_code(so)
    if so is None or code is None:
        return
    if title.type_code is not None and code != title.type_code:
        yield ctx.hit(
            so,
            _("/{type_code}-… for {types}").format(
                type_code=title.type_code, types=types[title.type_code]
            ),
            _("/{code}-…").format(code=code),
            _("the ký hiệu must start with the type code {type_code}").format(
                type_code=title.type_code
            ),
        )
    elif layout.kind == "congvan":
        yield from _congvan_code(ctx, code)


def _congvan_code(ctx: Context, code: str) -> Iterator[Finding]:
    so = ctx.layout.header.so
    assert so is not None
    expected = _("<ISSUER>-<UNIT>, e.g. 12/UBND-VX")
    if code in ctx.data["not_type_codes"]:
        yield ctx.hit(
            so,
            expected,
            code,
            _(
                "{code} is not a type code in the decree; a công văn's ký hiệu is the "
                "issuer's and the drafting unit's abbreviations"
            ).format(code=code),
        )
    elif code in ctx.data["types"] and ctx.layout.header.vv is not None:
        yield ctx.hit(
            so, expected, code, _("a công văn has no type code ({code})").format(code=code)
        )
    # a ký hiệu of one group (count < 2) is ND30-SO-FORMAT's finding: one fault, one finding
