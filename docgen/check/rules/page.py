"""Page setup: A4 paper and the four margins, per section."""

from __future__ import annotations

from collections.abc import Iterator

from docgen.check.findings import Finding
from docgen.check.rules import rule
from docgen.check.rules.common import Context
from docgen.check.view import Section

_MM = 56.7


def _mm(twips: int) -> str:
    return f"{twips / _MM:.1f}".rstrip("0").rstrip(".") + " mm"


@rule("ND30-PAPER-A4")
def paper_a4(ctx: Context) -> Iterator[Finding]:
    for section in ctx.layout.doc.sections:
        problem = _paper_problem(ctx, section)
        if problem is not None:
            expected, found, message = problem
            yield ctx.hit(f"section {section.index}", expected, found, message)


def _paper_problem(ctx: Context, section: Section) -> tuple[str, str, str] | None:
    width, height, tol = ctx.rule["width"], ctx.rule["height"], ctx.rule["tolerance"]
    expected = "A4, 210 × 297 mm"
    if section.width is None or section.height is None:
        return expected, "no paper size", "the section does not set its paper size"
    found = f"{_mm(section.width)} × {_mm(section.height)}, {section.orient}"
    portrait = abs(section.width - width) <= tol and abs(section.height - height) <= tol
    landscape = abs(section.width - height) <= tol and abs(section.height - width) <= tol
    if not portrait and not landscape:
        return expected, found, "the paper is not A4"
    if landscape and section.orient != "landscape":
        return (
            "orient=landscape for a landscape page",
            found,
            "the page is wider than high but not marked landscape",
        )
    if portrait and section.orient == "landscape":
        return (
            "orient=portrait for a portrait page",
            found,
            "the page is marked landscape but is higher than wide",
        )
    if landscape and section.index == 1:
        return "portrait", found, "the first section must be portrait"
    return None


@rule("ND30-MARGIN-TOP", "ND30-MARGIN-BOTTOM", "ND30-MARGIN-LEFT", "ND30-MARGIN-RIGHT")
def margin(ctx: Context) -> Iterator[Finding]:
    side, low, high = ctx.rule["side"], ctx.rule["min"], ctx.rule["max"]
    tol = ctx.rule["tolerance"]
    expected = f"{_mm(low)}–{_mm(high)} ({low}–{high} twips)"
    for section in ctx.layout.doc.sections:
        value = section.margins.get(side)
        where = f"section {section.index}"
        if value is None:
            yield ctx.hit(where, expected, "not set", f"the {side} margin is not set")
        elif not low - tol <= abs(value) <= high + tol:
            yield ctx.hit(
                where,
                expected,
                f"{_mm(abs(value))} ({value} twips)",
                f"the {side} margin is outside {_mm(low)}–{_mm(high)}",
            )
