"""A rough page count: whether a document runs past page 1."""

from __future__ import annotations

import math

from docgen.check.reader import text_width
from docgen.check.text import whole
from docgen.check.view import Block, Document, Paragraph, iter_paragraphs
from docgen.typo import text_width_twips


def estimate_pages(doc: Document, line_factor: float) -> int:
    """1, or 2 for 'more than one': the body's height from text widths, sizes and spacing."""
    if doc.explicit_page_breaks or len(doc.sections) > 1:
        return 2
    section = doc.sections[0]
    width = text_width(section)
    if width is None or section.height is None:
        return 1
    top, bottom = section.margins["top"] or 0, section.margins["bottom"] or 0
    page = max(section.height - abs(top) - abs(bottom), 1)
    used = 0.0
    for block in doc.body:
        used += _block_height(block, width, line_factor)
        if used > page:
            return 2  # the rules only ask whether page 1 is exceeded
    return 1


def _block_height(block: Block, width: int, line_factor: float) -> float:
    if isinstance(block, Paragraph):
        return _para_height(block, width, line_factor)
    return sum(
        max(
            (
                sum(
                    _para_height(p, c.width or width, line_factor)
                    for p in iter_paragraphs(c.blocks)
                )
                for c in row
            ),
            default=0.0,
        )
        for row in block.rows
    )


def _para_height(para: Paragraph, width: int, line_factor: float) -> float:
    if para.in_textbox:
        return 0.0
    size = whole(para).size
    box = max((para.box_width or width), 1)
    lines = max(1, math.ceil(text_width_twips(para.text, size) / box))
    line = size * line_factor * 20
    if para.props.line_rule == "auto" and para.props.line:
        line *= para.props.line / 240
    elif para.props.line:
        line = max(line, para.props.line) if para.props.line_rule == "atLeast" else para.props.line
    return lines * line + para.props.space_before + para.props.space_after
