"""Find the closing block: Nơi nhận (ô 9b) and the signature (ô 7a, 7b)."""

from __future__ import annotations

import re
from itertools import islice

from docgen.check.layout import Closing, Flow
from docgen.check.text import Slot, fold, is_upper, segments
from docgen.check.view import Cell, Paragraph, Piece, iter_paragraphs

LOOSE_PREFIX = re.compile(r"^(tm|kt|q|tl|tuq|t/m|k/t|t/l)\s*[./:]\s*\S")
_COPY_CODE = re.compile(r"^[A-ZĐ]{1,8}\.?\s*\(\d+\)\.?$")
_SIGNATURE_SPAN = 14
_DASHES = "-–—+•"
_LABEL_LENGTH = 16
_SPACE_INDENT = 20
_NAME_LENGTH = 40


def find_closing(flow: Flow, start: int) -> Closing:
    """The closing block after flow position `start` (Nơi nhận label, items, signature)."""
    closing = Closing()
    later = flow.paras[start:]
    closing.label = next((s for p in later for s in segments(p) if _is_label(s)), None)
    signature: list[Line] = []
    if closing.label is not None:
        closing.items = _items(flow, closing.label)
        closing.start = flow.pos(closing.label.para)
        cell = flow.cell_of(closing.label.para)
        if cell is not None:
            closing.table = flow.table_of(closing.label.para)
            if not closing.items:
                closing.items = _spilled_items(flow, cell)
            signature = _signature_in_table(flow, cell)
        elif not closing.label.whole:
            signature = _right_of_tabs(flow, closing.label)
    if not any(signature):
        signature = _signature_by_prefix(flow, later)
    anchor = next((line.para for line in signature if line is not None), None)
    if anchor is not None and closing.start is None:
        closing.table = flow.table_of(anchor)
        closing.start = flow.pos(anchor)
    first = next(iter_paragraphs([closing.table]), None) if closing.table else None
    if first is not None:
        closing.start = flow.pos(first)
    closing.authority, closing.name = split_signature(signature)
    return closing


Line = Slot | None
"""A signature line, or None for an empty line (the signing space)."""


def _is_label(slot: Slot) -> bool:
    return len(slot.text) <= _LABEL_LENGTH and fold(slot.text).startswith("noi nhan")


def _items(flow: Flow, label: Slot) -> list[Slot]:
    """Recipient lines under the label, up to the drafter's code (ô 12)."""
    own = segments(label.para, tabs=False)
    lines = own[own.index(label) + 1 :] if label in own else []
    in_cell = label.para.in_table
    for para in flow.after(label.para):
        if not para.text:
            if in_cell:
                continue
            break
        lines.extend(segments(para, tabs=False) if label.whole else segments(para)[:1])
    items: list[Slot] = []
    for line in lines:
        if _COPY_CODE.match(line.text) or (not in_cell and line.text[:1] not in _DASHES):
            break
        items.append(line)
    return items


def _signature_cell(flow: Flow, cell: Cell) -> Cell | None:
    """The cell to the right of the Nơi nhận cell, in the same row, that has text."""
    table = flow.table_of(next(iter(cell.paragraphs())))
    if table is None:
        return None
    row = table.rows[cell.row]
    right = [c for c in row if c.col > cell.col and any(p.text for p in c.paragraphs())]
    return right[-1] if right else None


def _column_below(flow: Flow, cell: Cell) -> list[Paragraph]:
    """Paragraphs of the cells under `cell` (same grid column, later rows)."""
    table = flow.table_of(next(iter(cell.paragraphs())))
    if table is None:
        return []
    below = [c for row in table.rows[cell.row + 1 :] for c in row if c.col == cell.col]
    return [p for c in below for p in c.paragraphs()]


def _signature_in_table(flow: Flow, cell: Cell) -> list[Line]:
    """The signature right of the Nơi nhận cell, continued in the rows below it and in the
    paragraph after the table when the cell stops before the name (a block split over rows)."""
    right = _signature_cell(flow, cell)
    if right is None:
        return []
    lines = _lines(list(right.paragraphs()))
    if split_signature(lines)[1] is None:
        lines += _lines(_column_below(flow, right))
    if split_signature(lines)[1] is None:
        name = _name_after_table(flow, right)
        if name is not None:
            lines += [None, name]
    return lines


def _name_after_table(flow: Flow, cell: Cell) -> Slot | None:
    """A short name-like line in the first paragraphs after the table (empty ones skipped)."""
    table = flow.table_of(next(iter(cell.paragraphs())))
    last = list(iter_paragraphs([table]))[-1] if table is not None else None
    if last is None:
        return None
    for para in islice(flow.after(last, same_container=False), _SIGNATURE_SPAN):
        if not para.text:
            continue
        text = para.text
        if len(text) <= _NAME_LENGTH and not is_upper(text) and _name_like(text):
            return segments(para, tabs=False)[-1]
        return None
    return None


def _name_like(text: str) -> bool:
    """A person's name capitalises every word ('Đỗ Tấn Sương'); a heading such as 'Phụ lục'
    on the page after the closing table does not."""
    words = text.split()
    return len(words) >= 2 and all(word[:1].isupper() for word in words)


def _spilled_items(flow: Flow, cell: Cell) -> list[Slot]:
    """Recipient lines in the rows under the Nơi nhận cell (the label alone in its row)."""
    lines = [s for p in _column_below(flow, cell) for s in segments(p, tabs=False)]
    items: list[Slot] = []
    for line in lines:
        if _COPY_CODE.match(line.text):
            break
        items.append(line)
    return items


def _right_of_tabs(flow: Flow, label: Slot) -> list[Line]:
    """A tab layout: what stands right of a tab after the label and on the lines under it.

    Only a stretch after a tab counts: the lines a line break splits off the label's own
    paragraph ('- Như trên;', '- Lưu: VT.') are recipients, and so is any stretch that starts
    with a dash. An empty line is the signing space.
    """
    own = _break_lines(label.para)
    found: list[Line | bool] = []
    for index, line in enumerate(own):
        ids = [id(piece) for piece in line]
        if id(label.pieces[-1]) in ids:
            rest = line[ids.index(id(label.pieces[-1])) + 1 :]  # the label's line after it
            if _ink(rest):
                found.append(_right_of_tab(label.para, rest))
            found.extend(_right_of_tab(label.para, below) for below in own[index + 1 :])
            break
    for para in islice(flow.after(label.para), _SIGNATURE_SPAN):
        found.extend(_right_of_tab(para, line) for line in _break_lines(para))
    lines = [
        line
        for line in found
        if line is None or (isinstance(line, Slot) and line.text[:1] not in _DASHES)
    ]
    return lines if any(lines) else []


def _ink(pieces: tuple[Piece, ...]) -> bool:
    return bool("".join(p.raw for p in pieces if p.kind == "text").strip())


def _break_lines(para: Paragraph) -> list[tuple[Piece, ...]]:
    """The paragraph's lines as split at line and page breaks, tabs kept."""
    lines: list[list[Piece]] = [[]]
    for piece in para.pieces:
        if piece.kind in ("break", "page"):
            lines.append([])
        else:
            lines[-1].append(piece)
    return [tuple(line) for line in lines]


def _right_of_tab(para: Paragraph, line: tuple[Piece, ...]) -> Line | bool:
    """The last stretch after a tab on `line`; None when the line is empty, False when no
    text stands after a tab (the line belongs to the Nơi nhận column)."""
    if not _ink(line):
        return None
    tabs = [i for i, piece in enumerate(line) if piece.kind == "tab"]
    for index in range(len(tabs) - 1, -1, -1):
        end = tabs[index + 1] if index + 1 < len(tabs) else len(line)
        stretch = line[tabs[index] + 1 : end]
        if "".join(p.raw for p in stretch).strip():
            return Slot(para, stretch, False)  # the slot segments() makes of the stretch
    raw = "".join(p.raw for p in line if p.kind == "text")
    if not tabs and len(raw) - len(raw.lstrip(" ")) >= _SPACE_INDENT:
        return Slot(para, line, False)  # a line pushed right with spaces
    return False


def _signature_by_prefix(flow: Flow, later: list[Paragraph]) -> list[Line]:
    """Without a Nơi nhận cell: the first authority line (TM./KT./…) and what follows it."""
    for para in later:
        if LOOSE_PREFIX.match(fold(para.text)):
            return _lines([para, *islice(flow.after(para), _SIGNATURE_SPAN)])
    return []


def _lines(paras: list[Paragraph]) -> list[Line]:
    lines: list[Line] = []
    for para in paras:
        lines.extend(segments(para, tabs=False) or [None])
    return lines


def split_signature(lines: list[Line]) -> tuple[list[Slot], Slot | None]:
    """Authority/title lines (before the signing space) and the name (the last line after it)."""
    groups: list[list[Slot]] = [[]]
    for line in lines:
        if line is None:
            if groups[-1]:
                groups.append([])
        elif fold(line.text).startswith("noi nhan"):
            break
        elif not _aside(line.text):
            groups[-1].append(line)
    groups = [g for g in groups if g]
    if not groups:
        return [], None
    authority = groups[0]
    if len(groups) > 1:
        return authority, groups[-1][-1]
    if len(authority) > 1 and not _title_after_prefix(authority):
        return authority[:-1], authority[-1]
    return authority, None


def _title_after_prefix(lines: list[Slot]) -> bool:
    """The last line is the signer's title, not a name: IN HOA right under a KT./TL./…
    line (a draft leaves the name out: 'KT. CHỦ TỊCH' / 'PHÓ CHỦ TỊCH')."""
    last, before = lines[-1], fold(lines[-2].text)
    return is_upper(last.text) and bool(LOOSE_PREFIX.match(before))


def _aside(text: str) -> bool:
    """A bracketed note such as '(Đã ký)' or '(Ký tên, đóng dấu)'."""
    return text.startswith("(") and text.endswith(")")
