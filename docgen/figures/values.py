"""The values of figure cells: counts, yes/no answers, lists of names, part/total ratios.

A count is written in the digits 0-9 ("3629", or "3.629" with Vietnamese thousands
separators) or is an Excel whole number, from 0 to :data:`~docgen.figures.limits.COUNT`.
Other digits (``①``, ``²``, ``٣``, full-width ``３``) are refused with a message, never
converted: a clerk's figure is what Excel and the eye both read.
"""

from __future__ import annotations

import math
import re

from docgen.errors import DataError
from docgen.figures.limits import COUNT, NAMES, shown
from docgen.figures.read import Cell
from docgen.i18n import N_, _
from docgen.vn.numbers import fmt_int
from docgen.vn.text import ascii_fold, nfc

_DIGITS = re.compile(r"[0-9]+")
_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")  # "3.629": Vietnamese thousands separators
_NEGATIVE = re.compile(r"-\s*[0-9][0-9.]*")
_RATIO = re.compile(r"\s*([0-9.]+)\s*/\s*([0-9.]+)\s*")
_YES = frozenset(ascii_fold(v) for v in ("có", "yes", "y", "x", "1", "true", "đạt"))
_NO = frozenset(ascii_fold(v) for v in ("không", "no", "n", "0", "false", ""))
_COUNT_HINT = N_("write the count in digits (3629 or 3.629)")


def to_count(cell: Cell) -> int:
    """A whole number of 0 or more ("3629", "3.629", an Excel number)."""
    value = cell.value
    if isinstance(value, bool):
        raise _bad(
            cell,
            _("must be a number, found {value}").format(value=value),
            _("write the count in digits"),
        )
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if value < 0:
            raise _negative(cell, str(value))
        return _in_range(cell, value)
    text = value.strip() if isinstance(value, str) else ""
    if len(text) <= 40:
        if _DIGITS.fullmatch(text):
            return _in_range(cell, int(text))
        if _GROUPED.fullmatch(text):
            return _in_range(cell, int(text.replace(".", "")))
        if _NEGATIVE.fullmatch(text):
            raise _negative(cell, text)
    if isinstance(value, str) and _foreign_digits(text):
        raise _bad(
            cell,
            _("must be written with the digits 0-9, found '{shown}'").format(shown=shown(text)),
            _(
                "retype the number with the keyboard's digits 0-9 (not ①, ² or other "
                "scripts' digits)"
            ),
        )
    if isinstance(value, str) and len(text) > 40 and _DIGITS.fullmatch(text):
        raise _too_big(cell, f"a number of {fmt_int(len(text))} digits")
    found = (
        "an empty cell"
        if value in (None, "")
        else ("a list" if isinstance(value, list) else f"'{shown(value)}'")
    )
    raise _bad(cell, _("must be a whole number, found {found}").format(found=found), _(_COUNT_HINT))


def _in_range(cell: Cell, number: int) -> int:
    if number > COUNT:
        digits = len(str(number))
        raise _too_big(cell, fmt_int(number) if digits <= 20 else f"a number of {digits} digits")
    return number


def _too_big(cell: Cell, found: str) -> DataError:
    return _bad(
        cell,
        _("is {found}, more than any count can be ({fmt_int})").format(
            found=found, fmt_int=fmt_int(COUNT)
        ),
        _("check the value: a count of people, schools or lessons is far smaller"),
    )


def _negative(cell: Cell, text: str) -> DataError:
    return _bad(
        cell,
        _("cannot be negative, found {shown}").format(shown=shown(text)),
        _("a count is 0 or more; write 0 when there is none"),
    )


def _foreign_digits(text: str) -> bool:
    """True when *text* has digits other than 0-9 (①, ², ٣, ３ …)."""
    return any(not ch.isascii() and (ch.isdigit() or ch.isnumeric()) for ch in text)


def to_flag(cell: Cell) -> bool:
    """yes/no: có/không, x/empty, 1/0, an Excel TRUE/FALSE."""
    value = cell.value
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = ascii_fold(value).strip()
        if text in _YES:
            return True
        if text in _NO:
            return False
    if value is None:
        return False
    raise _bad(
        cell,
        _("must be có or không, found '{shown}'").format(shown=shown(value)),
        _("write có / không (or x / empty)"),
    )


def to_names(cell: Cell) -> tuple[str, ...]:
    """A list of names: a YAML list or a text separated by ';' (or new lines)."""
    value = cell.value
    if value is None:
        return ()
    items = list(value) if isinstance(value, list) else re.split(r"[;\n]", str(value))
    names: list[str] = []
    seen: set[str] = set()
    for item in items:
        name = nfc(str(item)).strip()
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    if len(names) > NAMES:
        raise _bad(
            cell,
            _("lists {fmt_int} names, more than {names}").format(
                fmt_int=fmt_int(len(names)), names=NAMES
            ),
            _("list the names themselves, separated by ';'"),
        )
    return tuple(names)


def to_ratio(cell: Cell) -> tuple[int, int]:
    """ "261/261" (part/total) as an aggregate file writes it."""
    text = str(cell.value if cell.value is not None else "")
    match = _RATIO.fullmatch(text) if len(text) <= 100 else None
    if match is None:
        if _foreign_digits(text):
            raise _bad(
                cell,
                _("must be written with the digits 0-9, found '{shown}'").format(shown=shown(text)),
                _("retype the figure as part/total with the digits 0-9"),
            )
        raise _bad(
            cell,
            _("must be part/total such as 261/261, found '{shown}'").format(shown=shown(text)),
            _("write the figure as 'part/total'"),
        )
    num, den = (to_count(Cell(g, cell.where, cell.name)) for g in match.groups())
    if num > den:
        raise _bad(
            cell,
            _("part {num} is more than total {den}").format(num=num, den=den),
            _("a part cannot exceed its total"),
        )
    return num, den


def _bad(cell: Cell, what: str, hint: str) -> DataError:
    return DataError(
        _("{name} {what}").format(name=cell.name, what=what), where=cell.where, hint=hint
    )
