"""Căn cứ lines (ô 6): standalone basis lines are italic, end ';', the last '.'."""

from __future__ import annotations

from collections.abc import Iterator

from docgen.check.findings import Finding
from docgen.check.rules import rule
from docgen.check.rules.common import Context
from docgen.check.text import fold, whole
from docgen.check.view import Paragraph
from docgen.i18n import _

_ENDINGS = (";", ".", ",")
_CLOSERS = ("theo de nghi", "xet de nghi", "theo don de nghi", "theo to trinh", "xet to trinh")
"""What a quyết định's basis block ends with: the proposal it acts on ('Xét đề nghị …')."""
_FOLLOWERS = ("quyet dinh", "quyet nghi", *_CLOSERS)


def basis_runs(body: list[Paragraph]) -> list[tuple[list[Paragraph], Paragraph | None]]:
    """Runs of consecutive standalone basis lines, each with the paragraph after it."""
    runs: list[tuple[list[Paragraph], Paragraph | None]] = []
    current: list[Paragraph] = []
    for para in body:
        text = fold(para.text)
        starts = text.startswith("can cu ") or (current and text.startswith(_CLOSERS))
        if starts and para.text.endswith(_ENDINGS):
            current.append(para)
            continue
        if current:
            runs.append((current, para))
        current = []
    if current:
        runs.append((current, None))
    return [(run, nxt) for run, nxt in runs if _is_basis_block(run, nxt)]


def _is_basis_block(run: list[Paragraph], nxt: Paragraph | None) -> bool:
    """A lone 'Căn cứ …, X does Y.' sentence is prose; a real basis block is not."""
    if len(run) > 1 or run[0].text.endswith((";", ",")) or whole(run[0]).italic:
        return True
    return nxt is not None and fold(nxt.text).startswith(_FOLLOWERS)


@rule("ND30-CANCU")
def can_cu(ctx: Context) -> Iterator[Finding]:
    if ctx.layout.title.type_code not in ctx.rule["kinds"]:
        return
    for run, _skip in basis_runs(ctx.layout.body):
        for index, para in enumerate(run):
            last = index == len(run) - 1
            end = "." if last else ";"
            if not whole(para).italic:
                yield ctx.hit(para, _("italic"), _("upright"), _("căn cứ lines are italic"))
            if not para.text.endswith(end):
                yield ctx.hit(
                    para,
                    _("ends with '{end}'").format(end=end),
                    _("ends with '{text}'").format(text=para.text[-1]),
                    _("the last căn cứ ends with '.'")
                    if last
                    else _("each căn cứ but the last ends with ';'"),
                )
