"""Text helpers: loose matching, excerpts, and slots (a paragraph's lines or tab stretches)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from docgen.check.view import Paragraph, Piece

_SPACES = re.compile(r"\s+")
_EXCERPT = 60
_FOLD_LIMIT = 120


def fold(text: str, limit: int = _FOLD_LIMIT) -> str:
    """Lower case, no diacritics, đ → d, single spaces: for finding a component loosely.

    Only the first `limit` characters count: enough to recognise any component.
    """
    decomposed = unicodedata.normalize("NFD", text.strip()[:limit])
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped.replace("đ", "d").replace("Đ", "D").lower()).strip()


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

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces).strip()

    @property
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


def whole(para: Paragraph) -> Slot:
    return Slot(para, tuple(para.pieces), True)


def segments(para: Paragraph, tabs: bool = True) -> list[Slot]:
    """The paragraph's non-blank lines (and tab-separated stretches when `tabs`)."""
    cut = {"break", "page", "tab"} if tabs else {"break", "page"}
    groups: list[list[Piece]] = [[]]
    for piece in para.pieces:
        if piece.kind in cut:
            groups.append([])
        else:
            groups[-1].append(piece)
    filled = [g for g in groups if "".join(p.raw for p in g).strip()]
    if len(filled) == 1 and len(groups) == 1:
        return [whole(para)]
    return [Slot(para, tuple(g), False) for g in filled]


def size_words(sizes: list[float]) -> str:
    """'12 pt', '12 and 14 pt'."""
    if not sizes:
        return "no text"
    shown = [f"{s:g}" for s in sizes]
    return (", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]) + " pt"
