"""Estimated printed width of one line of Times New Roman text (shared by renderer and checker).

A heuristic, not a font metric: every character counts a fixed share of the em (the font
size) by class — capitals 0.72 em bold / 0.68 regular, lower case 0.46, digits 0.50,
spaces 0.25, narrow punctuation 0.28, anything else 0.50. Vietnamese diacritics do not
change a letter's width, so the text is NFC-normalised and classed by its letters. The
renderer sizes the short rule lines under the agency name and the Tiêu ngữ with it, and
`docgen check` (ND30-TN-LINE, ND30-CQ-LINE, ND30-TRICHYEU) measures the same way.
"""

from __future__ import annotations

import unicodedata

CAPITAL_BOLD_EM = 0.72
CAPITAL_EM = 0.68
LOWER_EM = 0.46
DIGIT_EM = 0.50
SPACE_EM = 0.25
NARROW_EM = 0.28
OTHER_EM = 0.50
NARROW_PUNCTUATION = frozenset(".,:;!'\"()[]{}-/|`‘’“”")
TWIPS_PER_POINT = 20


def char_em(char: str, bold: bool = False) -> float:
    """Width of one character in ems, by the class it belongs to."""
    if char.isspace():
        return SPACE_EM
    if char in NARROW_PUNCTUATION:
        return NARROW_EM
    if char.isdigit():
        return DIGIT_EM
    if char.isupper():
        return CAPITAL_BOLD_EM if bold else CAPITAL_EM
    if char.isalpha():
        return LOWER_EM
    if unicodedata.combining(char):
        return 0.0
    return OTHER_EM


def text_width_twips(text: str, size_pt: float, bold: bool = False) -> int:
    """Estimated width in twips of `text` printed on one line at `size_pt` points."""
    ems = sum(char_em(char, bold) for char in unicodedata.normalize("NFC", text))
    return round(ems * size_pt * TWIPS_PER_POINT)
