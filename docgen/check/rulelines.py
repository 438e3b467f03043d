"""Short rule lines under the Tiêu ngữ, the agency name and the trích yếu: find and measure them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from docgen.check.text import Slot
from docgen.check.view import Paragraph
from docgen.typo import text_width_twips

SOLID = {"single", "thick"}
_NO_LINE = {"none", "nil"}
_LINE_CHARS = set("_─—━=-")
_MIN_LINE_CHARS = 3


@dataclass(frozen=True)
class RuleLine:
    """A drawn line: how it is made, how long it is, and whether it is solid and centred."""

    kind: str  # "border", "underline", "shape", "text"
    para: Paragraph
    length: int | None
    solid: bool
    centred: bool | None


def slot_width(slot: Slot) -> int:
    """Estimated printed width of a slot's text at its size and weight."""
    return text_width_twips(slot.text, slot.size, slot.bold)


def find_line(
    slot: Slot,
    following: Iterable[Paragraph],
    centre_tolerance: int = 120,
    side: str | None = None,
) -> RuleLine | None:
    """The line drawn under `slot`: underline, own border, or the next empty paragraph's.

    `side` ("left" or "right") picks among several lines anchored in one paragraph: a
    header typed as paragraphs anchors the agency's line and the Tiêu ngữ's side by side."""
    if slot.ink and all(p.props.underline for p in slot.ink):
        solid = all(p.props.underline in SOLID for p in slot.ink)
        return RuleLine("underline", slot.para, slot_width(slot), solid, True)
    own = _border_line(slot.para, "bottom", centre_tolerance)
    if own is not None:
        return own
    for para in _next_quiet(following):
        line = _para_line(para, centre_tolerance, side)
        if line is not None:
            return line
    return _shape_line(slot.para, side)


def anchored_below(paras: Iterable[Paragraph], side: str | None = None) -> RuleLine | None:
    """A line shape anchored in the first paragraphs of the cell below (Word keeps the
    anchor where the drawing was dropped, often the next row's date or Số line)."""
    for count, para in enumerate(paras):
        if count >= 2:
            return None
        line = _shape_line(para, side)
        if line is not None:
            return line
    return None


def _next_quiet(following: Iterable[Paragraph], limit: int = 2) -> Iterable[Paragraph]:
    """Up to `limit` following paragraphs, stopping at the first with ordinary text."""
    for count, para in enumerate(following):
        if count >= limit:
            return
        yield para
        if para.text and not _is_line_text(para.text):
            return


def _para_line(para: Paragraph, centre_tolerance: int, side: str | None) -> RuleLine | None:
    if para.text and _is_line_text(para.text):
        size = para.pieces[0].props.size if para.pieces else para.mark.size
        return RuleLine("text", para, text_width_twips(para.text, size), "=" not in para.text, None)
    if not para.text:
        for edge in ("bottom", "top"):
            line = _border_line(para, edge, centre_tolerance)
            if line is not None:
                return line
    return _shape_line(para, side)


def _border_line(para: Paragraph, side: str, centre_tolerance: int) -> RuleLine | None:
    border = para.props.borders.get(side)
    if border is None or border.style in _NO_LINE:
        return None
    centred = abs(para.props.ind_left - para.props.ind_right) <= centre_tolerance
    return RuleLine("border", para, para.box_width, border.style in SOLID, centred)


def _shape_line(para: Paragraph, side: str | None = None) -> RuleLine | None:
    lines = [shape for shape in para.shapes if shape.line]
    if not lines:
        return None
    placed = [shape for shape in lines if shape.left is not None]
    chosen = lines[0]
    if side is not None and len(placed) > 1:
        pick = min if side == "left" else max
        chosen = pick(placed, key=lambda shape: shape.left or 0)
    return RuleLine("shape", para, chosen.width, True, None)


def _is_line_text(text: str) -> bool:
    stripped = text.replace(" ", "")
    return len(stripped) >= _MIN_LINE_CHARS and set(stripped) <= _LINE_CHARS
