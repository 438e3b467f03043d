"""Page setup: A4 paper and the four margins, per section."""

from __future__ import annotations

from collections.abc import Iterator

from docgen.check.findings import Finding
from docgen.check.rules import rule
from docgen.check.rules.common import Context
from docgen.check.view import Section
from docgen.i18n import N_, _

_MM = 56.7

#: the margins' sides (rules.yaml's side), translated where shown
SIDES = (N_("top"), N_("bottom"), N_("left"), N_("right"))


def _mm(twips: int) -> str:
    return f"{twips / _MM:.1f}".rstrip("0").rstrip(".") + " mm"


@rule("ND30-PAPER-A4")
def paper_a4(ctx: Context) -> Iterator[Finding]:
    for section in ctx.layout.doc.sections:
        problem = _paper_problem(ctx, section)
        if problem is not None:
            expected, found, message = problem
            yield ctx.hit(
                _("section {index}").format(index=section.index), expected, found, message
            )


def _paper_problem(ctx: Context, section: Section) -> tuple[str, str, str] | None:
    width, height, tol = ctx.rule["width"], ctx.rule["height"], ctx.rule["tolerance"]
    expected = _("A4, 210 × 297 mm")
    if section.width is None or section.height is None:
        return expected, _("no paper size"), _("the section does not set its paper size")
    found = _("{mm} × {mm2}, {orient}").format(
        mm=_mm(section.width), mm2=_mm(section.height), orient=section.orient
    )
    portrait = abs(section.width - width) <= tol and abs(section.height - height) <= tol
    landscape = abs(section.width - height) <= tol and abs(section.height - width) <= tol
    if not portrait and not landscape:
        return expected, found, _("the paper is not A4")
    if landscape and section.orient != "landscape":
        return (
            _("orient=landscape for a landscape page"),
            found,
            _("the page is wider than high but not marked landscape"),
        )
    if portrait and section.orient == "landscape":
        return (
            _("orient=portrait for a portrait page"),
            found,
            _("the page is marked landscape but is higher than wide"),
        )
    if landscape and section.index == 1:
        return _("portrait"), found, _("the first section must be portrait")
    return None


@rule("ND30-MARGIN-TOP", "ND30-MARGIN-BOTTOM", "ND30-MARGIN-LEFT", "ND30-MARGIN-RIGHT")
def margin(ctx: Context) -> Iterator[Finding]:
    side, low, high = ctx.rule["side"], ctx.rule["min"], ctx.rule["max"]
    tol = ctx.rule["tolerance"]
    expected = _("{mm}–{mm2} ({low}–{high} twips)").format(
        mm=_mm(low), mm2=_mm(high), low=low, high=high
    )
    for section in ctx.layout.doc.sections:
        value = section.margins.get(side)
        where = _("section {index}").format(index=section.index)
        if value is None:
            yield ctx.hit(
                where,
                expected,
                _("not set"),
                _("the {side} margin is not set").format(side=_(side)),
            )
        elif not low - tol <= abs(value) <= high + tol:
            yield ctx.hit(
                where,
                expected,
                _("{mm} ({value} twips)").format(mm=_mm(abs(value)), value=value),
                _("the {side} margin is outside {mm}–{mm2}").format(
                    side=side, mm=_mm(low), mm2=_mm(high)
                ),
            )
