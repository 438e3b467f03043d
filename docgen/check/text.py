"""Text helpers: loose matching, excerpts, and slots (a paragraph's lines or tab stretches)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from docgen.check.view import Paragraph, Piece
from docgen.i18n import _

_SPACES = re.compile(r"\s+")
_EXCERPT = 60
_FOLD_LIMIT = 120


class _FoldTable(dict[int, str]):
    """str.translate table: each character without its diacritics (đ → d), filled on demand."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code))
        bare = "".join(c for c in decomposed if not unicodedata.combining(c))
        bare = bare.replace("đ", "d").replace("Đ", "D")
        if len(self) < _FOLD_TABLE_SIZE:
            self[code] = bare
        return bare


_FOLD_TABLE_SIZE = 65536
_FOLD = _FoldTable()


def fold(text: str, limit: int = _FOLD_LIMIT) -> str:
    """Lower case, no diacritics, đ → d, single spaces: for finding a component loosely.

    Only the first `limit` characters count: enough to recognise any component. Folding
    character by character equals folding the NFD string: canonical reordering only moves
    combining marks, which are all dropped.
    """
    stripped = text.strip()[:limit].translate(_FOLD)
    return _SPACES.sub(" ", stripped.lower()).strip()


def excerpt(text: str, limit: int = _EXCERPT) -> str:
    """The start of `text` on one line, cut with an ellipsis."""
    flat = _SPACES.sub(" ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def is_upper(text: str) -> bool:
    """True when the text has letters and none of them is lower case."""
    return any(c.isalpha() for c in text) and text == text.upper()


@dataclass(frozen=True)
class Slot:
    """A line of a paragraph, or a tab-separated stretch of it, with its pieces."""

    para: Paragraph
    pieces: tuple[Piece, ...]
    whole: bool

    @cached_property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces).strip()

    @cached_property
    def ink(self) -> list[Piece]:
        """Pieces that print visible characters at normal height."""
        return [
            p
            for p in self.pieces
            if p.kind == "text" and p.raw.strip() and p.props.vert_align in (None, "baseline")
        ]

    @property
    def bold(self) -> bool:
        return bool(self.ink) and all(p.props.bold for p in self.ink)

    @property
    def any_bold(self) -> bool:
        return any(p.props.bold for p in self.ink)

    @property
    def italic(self) -> bool:
        return bool(self.ink) and all(p.props.italic for p in self.ink)

    @property
    def any_italic(self) -> bool:
        return any(p.props.italic for p in self.ink)

    @property
    def sizes(self) -> list[float]:
        return sorted({p.props.size for p in self.ink})

    @property
    def size(self) -> float:
        """The size most of the text is printed at."""
        weights: dict[float, int] = {}
        for piece in self.ink:
            weights[piece.props.size] = weights.get(piece.props.size, 0) + len(piece.raw)
        return max(weights, key=lambda s: weights[s]) if weights else self.para.mark.size


SPACER_PT = 6.0
"""An empty paragraph set this small (or smaller) is a spacer, not an empty line."""


def is_spacer(para: Paragraph) -> bool:
    """An empty paragraph of a few points that clerks use to nudge lines apart: on the
    page it is a sliver of space, not the empty line NĐ30 forbids between components."""
    small = para.mark.size <= SPACER_PT
    exact = para.props.line_rule == "exact" and para.props.line is not None
    return not para.text and (small or (exact and (para.props.line or 0) <= SPACER_PT * 20))


def whole(para: Paragraph) -> Slot:
    """The whole paragraph as one slot (made once per paragraph)."""
    slot = para.memo.get("whole")
    if slot is None:
        slot = para.memo["whole"] = Slot(para, tuple(para.pieces), True)
    assert isinstance(slot, Slot)
    return slot


def segments(para: Paragraph, tabs: bool = True) -> list[Slot]:
    """The paragraph's non-blank lines (and tab-separated stretches when `tabs`)."""
    key = ("segments", tabs)
    slots = para.memo.get(key)
    if slots is None:
        slots = para.memo[key] = tuple(_segments(para, tabs))
    return list(slots)


_SPACE_GAP = re.compile(r"(?<=\S) {6,}(?=[A-ZĐ\u00c0-\u1ef9])")
"""Six or more spaces before a capital: a line centred with spaces ('ỦY BAN NHÂN DÂN
      CỘNG HÒA …') parts there like at a tab. Blanks left for a number or day
('Số:      /UBND', 'ngày      tháng') are followed by '/' or a small letter and stay."""


def _segments(para: Paragraph, tabs: bool) -> list[Slot]:
    cut = {"break", "page", "tab"} if tabs else {"break", "page"}
    groups: list[list[Piece]] = [[]]
    for piece in para.pieces:
        if piece.kind in cut:
            groups.append([])
        else:
            groups[-1].append(piece)
    if tabs:
        groups = [part for group in groups for part in _space_split(group)]
    filled = [g for g in groups if "".join(p.raw for p in g).strip()]
    if len(filled) == 1 and len(groups) == 1:
        return [whole(para)]
    return [Slot(para, tuple(g), False) for g in filled]


def _space_split(group: list[Piece]) -> list[list[Piece]]:
    """`group` cut at each _SPACE_GAP (which may span runs); the spaces are dropped."""
    raw = "".join(p.raw for p in group if p.kind == "text")
    if "      " not in raw or len(group) != sum(p.kind == "text" for p in group):
        return [group]
    cuts = [(m.start(), m.end()) for m in _SPACE_GAP.finditer(raw)]
    if not cuts:
        return [group]
    parts: list[list[Piece]] = [[]]
    offset = 0
    for piece in group:
        start = offset
        offset += len(piece.raw)
        at = start
        for begin, end in cuts:
            if end <= at or begin >= offset:
                continue
            if begin > at:
                parts[-1].append(Piece("text", piece.raw[at - start : begin - start], piece.props))
            parts.append([])
            at = min(end, offset)
        if at < offset:
            parts[-1].append(Piece("text", piece.raw[at - start :], piece.props))
    return [part for part in parts if part]


_MAX_DIGITS = 18


def number_value(digits: str) -> int:
    """The value of a run of decimal digits from the text, capped at 10**18 (int() refuses
    numbers of thousands of digits)."""
    significant = digits.lstrip("0")
    return int(significant or "0") if len(significant) <= _MAX_DIGITS else 10**_MAX_DIGITS


def size_words(sizes: list[float]) -> str:
    """'12 pt', '12 and 14 pt'."""
    if not sizes:
        return _("no text")
    shown = [f"{s:g}" for s in sizes]
    if len(shown) > 1:
        return _("{sizes} and {last} pt").format(sizes=", ".join(shown[:-1]), last=shown[-1])
    return _("{shown} pt").format(shown=shown[0])
