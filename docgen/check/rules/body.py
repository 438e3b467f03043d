"""Body text (ô 6): size, alignment, indent, spacing, line spacing, điểm order, end mark."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from docgen.check.findings import Finding
from docgen.check.rules import rule
from docgen.check.rules.common import Context, alignment_words, cm, prose, size_range, sizes_ok
from docgen.check.text import size_words, whole
from docgen.check.view import Paragraph
from docgen.i18n import _

_POINT = re.compile(r"^([a-zđ])\)\s")
_RESET = re.compile(r"^(\d+(\.\d+)*\.|[IVXLC]+\.|Điều \d+|Chương |Mục |Phần )")


def _weights(para: Paragraph) -> Counter[float]:
    counts: Counter[float] = Counter()
    for piece in whole(para).ink:
        counts[piece.props.size] += len(piece.raw)
    return counts


@rule("ND30-BODY-SIZE")
def body_size(ctx: Context) -> Iterator[Finding]:
    paras = prose(ctx.layout)
    total: Counter[float] = Counter()
    for para in paras:
        total.update(_weights(para))
    if not total:
        return
    main = total.most_common(1)[0][0]
    wanted = ctx.rule["sizes"]
    for para in paras:
        sizes = sorted(_weights(para))
        if not sizes_ok(sizes, wanted):
            yield ctx.hit(
                para,
                size_range(wanted),
                size_words(sizes),
                _("body text is {size_range}").format(size_range=size_range(wanted)),
            )
        elif sizes_ok([main], wanted) and sizes != [main]:
            yield ctx.hit(
                para,
                _("{main:g} pt like the rest of the body").format(main=main),
                size_words(sizes),
                _("the body keeps one size throughout"),
            )


@rule("ND30-BODY-ALIGN")
def body_align(ctx: Context) -> Iterator[Finding]:
    allowed = ctx.rule["alignments"]
    for para in prose(ctx.layout):
        if para.props.alignment not in allowed:
            yield ctx.hit(
                para,
                _("justified"),
                alignment_words(para.props.alignment),
                _("body paragraphs are justified"),
            )


@rule("ND30-BODY-INDENT")
def body_indent(ctx: Context) -> Iterator[Finding]:
    indents, tol = ctx.rule["indents"], ctx.rule["tolerance"]
    expected = " or ".join(f"{cm(i)} ({i} twips)" for i in indents)
    for para in prose(ctx.layout):
        first = para.printed_first_line
        if not any(abs(first - i) <= tol for i in indents):
            found = (
                _("hanging {cm}").format(cm=cm(-first))
                if first < 0
                else _("{cm} ({first} twips)").format(cm=cm(first), first=first)
            )
            yield ctx.hit(
                para,
                _("first-line indent {expected}").format(expected=expected),
                found,
                _("body paragraphs start with a 1 cm or 1.27 cm first-line indent"),
            )


@rule("ND30-BODY-SPACING")
def body_spacing(ctx: Context) -> Iterator[Finding]:
    flow, least = ctx.layout.flow, ctx.rule["min"] - ctx.rule["tolerance"]
    body = ctx.layout.body
    for para in prose(ctx.layout):
        if para.props.contextual_spacing and _same_style_beside(flow.paras, flow.pos(para)):
            yield ctx.hit(
                para,
                _("no 'don't add space between paragraphs of the same style'"),
                _("contextualSpacing"),
                _("contextual spacing removes the 6 pt gap"),
            )
        if para is body[0] or para.props.auto_space_before:
            continue
        index = flow.pos(para)
        before = flow.paras[index - 1]
        gap = max(para.props.space_before, before.props.space_after if before.text else least)
        if gap < least:
            yield ctx.hit(
                para,
                _("at least 6 pt between paragraphs"),
                _("{gap:g} pt").format(gap=gap / 20),
                _("leave at least 6 pt between body paragraphs"),
            )


def _same_style_beside(paras: list[Paragraph], index: int) -> bool:
    """Contextual spacing only drops the space next to a paragraph of the same style (a
    'List Paragraph' between 'Normal' ones keeps its gaps, as the page shows)."""
    style = paras[index].style_name
    return any(
        0 <= other < len(paras) and paras[other].style_name == style
        for other in (index - 1, index + 1)
    )


@rule("ND30-BODY-LINE")
def body_line(ctx: Context) -> Iterator[Finding]:
    for para in prose(ctx.layout):
        problem = _line_problem(ctx, para)
        if problem is not None:
            yield ctx.hit(
                para,
                _("single to 1.5 lines"),
                problem,
                _("line spacing is between single and 1.5 lines"),
            )


def _line_problem(ctx: Context, para: Paragraph) -> str | None:
    line, rule_kind = para.props.line, para.props.line_rule
    if line is None:
        return None
    if rule_kind == "auto":
        ok = ctx.rule["auto_min"] <= line <= ctx.rule["auto_max"]
        return None if ok else f"{line / 240:.2f} lines"
    single = whole(para).size * ctx.rule["single_factor"] * 20
    tol = ctx.rule["tolerance"]
    too_big = line > 1.5 * single * (1 + tol)
    too_small = rule_kind == "exact" and line < single * (1 - tol)
    return f"{rule_kind} {line / 20:g} pt" if too_big or too_small else None


@rule("ND30-POINTS")
def points(ctx: Context) -> Iterator[Finding]:
    letters: str = ctx.rule["letters"]
    expected, seen = 0, set[str]()
    for para in ctx.layout.body:
        if _RESET.match(para.text) or _numbered_heading(para):
            expected, seen = 0, set()
            continue
        match = _POINT.match(para.text.lstrip(_QUOTES))
        if match is None:
            continue
        letter = match.group(1)
        want = letters[expected] if expected < len(letters) else "?"
        if letter not in letters:
            yield ctx.hit(
                para,
                _("{want})").format(want=want),
                _("{letter})").format(letter=letter),
                _("{letter} is not a Vietnamese letter").format(letter=letter),
            )
        elif letter in seen:
            yield ctx.hit(
                para,
                _("{want})").format(want=want),
                _("{letter}) again").format(letter=letter),
                _("điểm {letter}) is repeated").format(letter=letter),
            )
        elif letter != want:
            yield ctx.hit(
                para,
                _("{want})").format(want=want),
                _("{letter})").format(letter=letter),
                _("điểm letters follow a b c d đ e g …"),
            )
        seen.add(letter)
        expected = (letters.index(letter) if letter in letters else expected) + 1
    yield from _latin_lettering(ctx, letters)


_QUOTES = "\"'“”‘’«»"
"""A quoted passage ('“a) …') keeps its lettering: the quote is not part of the point."""


def _numbered_heading(para: Paragraph) -> bool:
    """A heading Word numbers itself (1., I., 1.1): the điểm under it start again at a)."""
    return para.props.num_format not in (None, "lowerLetter", "bullet", "none")


def _latin_lettering(ctx: Context, letters: str) -> Iterator[Finding]:
    """Word's automatic a), b) lists count in the Latin alphabet: the 5th item on is wrong."""
    run = 0
    for para in ctx.layout.body:
        run = run + 1 if para.props.num_format == "lowerLetter" else 0
        if letters.index("đ") < run <= len(letters):
            latin = chr(ord("a") + run - 1)
            yield ctx.hit(
                para,
                _("{letters})").format(letters=letters[run - 1]),
                _("automatic {latin})").format(latin=latin),
                _("automatic lettering skips đ and uses f, j, w, z; type the letters"),
            )


@rule("ND30-END-MARK")
def end_mark(ctx: Context) -> Iterator[Finding]:
    body, mark = ctx.layout.body, ctx.rule["mark"]
    if body and not body[-1].text.endswith(mark):
        yield ctx.hit(
            body[-1],
            _("ends with '{mark}'").format(mark=mark),
            _("ends with '{text}'").format(text=body[-1].text[-3:]),
            _("the body's last paragraph ends with '{mark}'").format(mark=mark),
        )
