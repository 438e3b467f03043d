"""Vietnamese text helpers: Unicode NFC, IN HOA, outline labels, fuzzy suggestions."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from docgen.errors import DocgenError
from docgen.i18n import _

POINT_LETTERS: tuple[str, ...] = tuple("a b c d đ e g h i k l m n o p q r s t u v x y".split())
"""The Vietnamese alphabet used for điểm (NĐ30 §3.6): no f, j, w, z."""

_ROMAN: tuple[tuple[int, str], ...] = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def nfc(s: str) -> str:
    """Return ``s`` in Unicode NFC (nothing else is changed)."""
    return unicodedata.normalize("NFC", s)


def upper(s: str) -> str:
    """Return ``s`` IN HOA, NFC-normalised before and after upper-casing."""
    return nfc(nfc(s).upper())


def _check_index(i: int, what: str) -> None:
    """Raise DocgenError unless ``i`` is a 1-based index."""
    if i < 1:
        raise DocgenError(
            _("{what} must be 1 or more, got {i}").format(what=what, i=i),
            hint=_("numbering starts at 1"),
        )


def point_label(i: int) -> str:
    """Return the 1-based điểm label: a) … y), then doubled letters aa) … yy), aaa) …"""
    _check_index(i, "point index")
    rounds, pos = divmod(i - 1, len(POINT_LETTERS))
    return POINT_LETTERS[pos] * (rounds + 1) + ")"


def roman(n: int) -> str:
    """Return ``n`` (1..3999) in upper-case Roman numerals."""
    if not 1 <= n <= 3999:
        raise DocgenError(
            _("cannot write {n} in Roman numerals").format(n=n),
            hint=_("use a number from 1 to 3999"),
        )
    parts: list[str] = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        parts.append(letters * count)
    return "".join(parts)


@lru_cache(maxsize=1024)
def outline_label(depth: int, i: int) -> str:
    """Return the heading label for level ``depth`` (0 "I.", 1 "1.", 2 "a)", 3 and deeper "-")."""
    _check_index(i, "item index")
    if depth == 0:
        return f"{roman(i)}."
    if depth == 1:
        return f"{i}."
    if depth == 2:
        return point_label(i)
    if depth >= 3:
        return "-"
    raise DocgenError(
        _("outline depth must be 0 or more, got {depth}").format(depth=depth),
        hint=_("0 is the top level"),
    )


def ascii_fold(s: str) -> str:
    """Return ``s`` lower-cased without diacritics, đ/Đ folded to d (for comparisons only)."""
    s = nfc(s).replace("đ", "d").replace("Đ", "D")
    stripped = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return stripped.lower()


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate closest to ``word`` (exact fold match, else difflib ≥ 0.75) or None."""
    folded: dict[str, str] = {}
    for candidate in candidates:
        folded.setdefault(ascii_fold(candidate), candidate)
    key = ascii_fold(word)
    if key in folded:
        return folded[key]
    close = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.75)
    return folded[close[0]] if close else None
