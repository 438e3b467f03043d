"""Tests for docgen.vn.numbers."""

from decimal import Decimal

import pytest

from docgen.errors import DocgenError
from docgen.vn.numbers import fmt_count, fmt_int, fmt_percent, fmt_ratio, rate, round_half_up


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (3629, "3.629"),
        (261, "261"),
        (45000, "45.000"),
        (0, "0"),
        (1234567, "1.234.567"),
        (-3629, "-3.629"),
    ],
)
def test_fmt_int(n: int, text: str) -> None:
    assert fmt_int(n) == text


def test_fmt_count() -> None:
    assert fmt_count(4) == "04"
    assert fmt_count(8) == "08"
    assert fmt_count(0) == "00"
    assert fmt_count(261) == "261"
    assert fmt_count(3629) == "3.629"
    assert fmt_count(7, width=3) == "007"
    with pytest.raises(DocgenError):
        fmt_count(-1)


def test_round_half_up() -> None:
    assert round_half_up(Decimal("2.5"), 0) == Decimal("3")
    assert round_half_up(0.125, 2) == Decimal("0.13")
    assert round_half_up(2.675, 2) == Decimal("2.68")
    assert round_half_up(Decimal("-2.5"), 0) == Decimal("-3")
    assert round_half_up(7, 1) == Decimal("7.0")
    with pytest.raises(DocgenError):
        round_half_up(1, -1)


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (0.239, 1, "23,9%"),
        (1, 1, "100%"),
        (Decimal(1), 1, "100%"),
        (0.0785, 1, "7,9%"),
        (0.0775, 1, "7,8%"),
        (0.5, 2, "50%"),
        (0.505, 2, "50,50%"),
        (0.12345, 0, "12%"),
        (0, 1, "0%"),
        (-0.0001, 1, "0%"),
        (12.3456, 1, "1.234,6%"),
        (0.9996, 1, "100%"),
    ],
)
def test_fmt_percent(value: Decimal | float, digits: int, text: str) -> None:
    assert fmt_percent(value, digits) == text


def test_rate() -> None:
    assert rate(1, 4) == Decimal("0.25")
    assert rate(261, 261) == 1
    assert rate(1, 3) == Decimal(1) / Decimal(3)
    with pytest.raises(DocgenError, match="0"):
        rate(5, 0)


def test_fmt_ratio() -> None:
    assert fmt_ratio(868, 3629) == "868/3.629, đạt tỉ lệ: 23,9%"
    assert fmt_ratio(261, 261) == "261/261, đạt tỉ lệ: 100%"
    assert fmt_ratio(0, 12) == "0/12, đạt tỉ lệ: 0%"
    assert fmt_ratio(1, 3, digits=2) == "1/3, đạt tỉ lệ: 33,33%"
    with pytest.raises(DocgenError):
        fmt_ratio(1, 0)


def test_fmt_ratio_half_up_on_exact_fraction() -> None:
    # 157/2000 = 7.85 % exactly: half-up gives 7,9 (banker's rounding would give 7,8).
    assert fmt_ratio(157, 2000) == "157/2.000, đạt tỉ lệ: 7,9%"
