"""Numbers and percentages in Vietnamese notation ("3.629", "23,9%"), rounded half-up."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

from docgen.errors import DocgenError
from docgen.i18n import _

LOCALE = "vi"


def _to_decimal(x: Decimal | float | int) -> Decimal:
    """Return ``x`` as a Decimal; floats go through str() so 0.0785 stays 0.0785."""
    return x if isinstance(x, Decimal) else Decimal(str(x))


def fmt_int(n: int) -> str:
    """Return ``n`` with Vietnamese thousands separators ("3.629")."""
    return format_decimal(n, format="#,##0", locale=LOCALE)


def fmt_count(n: int, width: int = 2) -> str:
    """Return a count zero-padded to ``width`` digits ("04"); wider counts as fmt_int ("3.629")."""
    if n < 0:
        raise DocgenError(_("a count cannot be negative: {n}").format(n=n))
    return f"{n:0{width}d}" if len(str(n)) < width else fmt_int(n)


def round_half_up(x: Decimal | float | int, digits: int) -> Decimal:
    """Round ``x`` to ``digits`` decimal places, halves away from zero."""
    if digits < 0:
        raise DocgenError(_("digits must be 0 or more, got {digits}").format(digits=digits))
    return _to_decimal(x).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def fmt_percent(value: Decimal | float, digits: int = 1) -> str:
    """Return the fraction ``value`` as a percentage ("23,9%"); whole numbers lose ",0" ("100%")."""
    pct = round_half_up(_to_decimal(value) * 100, digits)
    if pct.is_zero():
        pct = abs(pct)
    whole = pct == pct.to_integral_value()
    pattern = "#,##0" if whole or digits == 0 else "#,##0." + "0" * digits
    return format_decimal(pct, format=pattern, locale=LOCALE) + "%"


def rate(num: int, den: int) -> Decimal:
    """Return num/den as a Decimal (28 significant digits)."""
    if den == 0:
        raise DocgenError(
            _("cannot compute a rate of {num}/0").format(num=num), hint=_("the total must not be 0")
        )
    return Decimal(num) / Decimal(den)


def fmt_ratio(num: int, den: int, digits: int = 1) -> str:
    """Return "num/den, đạt tỉ lệ: p%" ("868/3.629, đạt tỉ lệ: 23,9%")."""
    percent = fmt_percent(rate(num, den), digits)
    return f"{fmt_int(num)}/{fmt_int(den)}, đạt tỉ lệ: {percent}"
