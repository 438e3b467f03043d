"""The one rule for names that become file names: a spec's ``name:``, an organisation's id.

A name is one file name on every system docgen's users copy files to: letters (Vietnamese
ones too), digits, ``-``, ``_`` and ``.`` (not first, not last); no path separator, no
control or bidirectional character, none of the names Windows reserves (CON, NUL, COM1…),
not empty, and short enough to leave room for the suffix and docgen's temporary names.
"""

from __future__ import annotations

import re
import unicodedata

from docgen.errors import CatalogError, Location
from docgen.i18n import N_, _

#: characters of a name, at most (a Vietnamese letter takes 2-3 of the 255 bytes of a file name)
MAX_LENGTH = 80
#: the names Windows gives to devices, with or without an extension
RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{device}{n}" for device in ("COM", "LPT") for n in range(1, 10)]
)
_PUNCTUATION = frozenset("-_.")
#: Unicode categories of the letters of a name: letters, and combining marks after one
#: (a Vietnamese letter typed decomposed: "ệ" as e + dấu mũ + dấu nặng)
_LETTERS = ("Lu", "Ll", "Lt", "Lm", "Lo")
_MARKS = ("Mn", "Mc")
_ASCII_DIGIT = re.compile(r"[0-9]")

EXAMPLE = N_("e.g. 'truong-thcs-sa-thay' or 'sa-thay-2025'")


def name_problem(value: str) -> str | None:
    """What is wrong with *value* as a name that becomes a file name; None when it is fine."""
    if not value:
        return _("is empty")
    if len(value) > MAX_LENGTH:
        return _("is {count} characters long; at most {max_length}").format(
            count=len(value), max_length=MAX_LENGTH
        )
    previous = ""
    for char in value:
        problem = _char_problem(char, previous)
        if problem:
            return problem
        previous = char
    if value[0] == ".":
        return _("starts with '.' (a hidden file)")
    if value[-1] == ".":
        return _("ends with '.'")
    stem = value.split(".", 1)[0]
    if stem.upper() in RESERVED:
        return _("is a device name Windows reserves ('{stem}')").format(stem=stem)
    return None


def _char_problem(char: str, previous: str) -> str | None:
    if char in _PUNCTUATION or _ASCII_DIGIT.fullmatch(char):
        return None
    category = unicodedata.category(char)
    if category in _LETTERS:
        return None
    if category in _MARKS and previous and previous not in _PUNCTUATION:
        return None
    if char in "/\\":
        return _("contains '{char}', a path separator").format(char=char)
    if char.isspace():
        return _("contains a space or line break")
    if category.startswith("C"):  # controls, format (bidirectional) and unassigned characters
        return _("contains the invisible character U+{ord:04X}").format(ord=ord(char))
    if category == "Nd":
        return _("contains the digit '{char}' (U+{ord:04X}); write digits as 0-9").format(
            char=char, ord=ord(char)
        )
    return _("contains '{char}'").format(char=char)


def check_name(value: str, what: str, where: Location | None = None) -> str:
    """*value*, or a CatalogError at *where* saying what is wrong with it as *what*."""
    problem = name_problem(value)
    if problem is None:
        return value
    raise CatalogError(
        _("{what} {shown} {problem}").format(what=_(what), shown=_shown(value), problem=problem),
        where=where,
        hint=_(
            "a name becomes a file name: use letters, digits, '-', '_' and '.' (not first), "
            "{example}"
        ).format(example=_(EXAMPLE)),
    )


def _shown(value: str) -> str:
    """*value* quoted, its invisible characters written as escapes."""
    shown = "".join(
        c if c.isprintable() and unicodedata.category(c)[0] != "C" else f"\\u{ord(c):04x}"
        for c in value[:MAX_LENGTH]
    )
    return f"'{shown}'" + ("…" if len(value) > MAX_LENGTH else "")
