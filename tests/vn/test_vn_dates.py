"""Tests for docgen.vn.dates."""

import re
from datetime import date

import pytest

from docgen.errors import DocgenError
from docgen.vn.dates import (
    BLANK,
    date_line,
    day_str,
    long_date,
    month_str,
    month_year,
    parse_date,
    short_date,
)

DATE_LINE_RE = re.compile(
    r"^(\S.*?), ngày (0[1-9]|[12]\d|3[01]) tháng (0[12]|[3-9]|1[0-2]) năm (\d{4})$"
)


def test_day_str() -> None:
    assert day_str(5) == "05"
    assert day_str(25) == "25"
    assert day_str(1) == "01"


def test_month_str_nd30_rule() -> None:
    assert [month_str(m) for m in range(1, 13)] == [
        "01",
        "02",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
        "10",
        "11",
        "12",
    ]


@pytest.mark.parametrize(
    ("func", "value"), [(day_str, 0), (day_str, 32), (month_str, 0), (month_str, 13)]
)
def test_day_month_out_of_range(func: object, value: int) -> None:
    with pytest.raises(DocgenError):
        func(value)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (date(2025, 10, 9), "ngày 09 tháng 10 năm 2025"),
        (date(2020, 3, 5), "ngày 05 tháng 3 năm 2020"),
        (date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),
        (date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
    ],
)
def test_long_date(d: date, text: str) -> None:
    assert long_date(d) == text


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (date(2022, 1, 25), "25/01/2022"),
        (date(2023, 2, 7), "07/02/2023"),
        (date(2021, 3, 30), "30/3/2021"),
        (date(2025, 10, 9), "09/10/2025"),
    ],
)
def test_short_date(d: date, text: str) -> None:
    assert short_date(d) == text


def test_month_year() -> None:
    assert month_year(date(2024, 9, 1)) == "9/2024"
    assert month_year(date(2025, 1, 31)) == "01/2025"
    assert month_year(date(2025, 12, 31)) == "12/2025"


def test_date_line_matches_spec_regex() -> None:
    line = date_line("Quảng Ninh", date(2026, 1, 5))
    assert line == "Quảng Ninh, ngày 05 tháng 01 năm 2026"
    assert DATE_LINE_RE.match(line)
    assert DATE_LINE_RE.match(date_line("Thành phố Hồ Chí Minh", date(2019, 6, 29)))


def test_date_line_nfc_place() -> None:
    decomposed = "Sa Tha\u0302\u0300y"
    assert date_line(decomposed, date(2025, 3, 5)) == "Sa Thầy, ngày 05 tháng 3 năm 2025"


def test_date_line_draft() -> None:
    assert BLANK == "      "
    assert date_line("Sa Thầy", None, 2025) == "Sa Thầy, ngày      tháng      năm 2025"


def test_date_line_errors() -> None:
    with pytest.raises(DocgenError, match="year"):
        date_line("Sa Thầy", None)
    with pytest.raises(DocgenError, match="place"):
        date_line("  ", date(2025, 1, 1))
    with pytest.raises(DocgenError, match="does not match"):
        date_line("Hà Nội", date(2025, 1, 1), 2024)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-05", date(2026, 1, 5)),
        ("05/01/2026", date(2026, 1, 5)),
        ("5/1/2026", date(2026, 1, 5)),
        (" 29/02/2024 ", date(2024, 2, 29)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "tomorrow", "2026-1-5", "01/05/26", "20260105", "2026/01/05"],
)
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(DocgenError) as info:
        parse_date(text)
    assert info.value.message == f"not a valid date: {text!r}"
    hint = info.value.hint or ""
    assert "YYYY-MM-DD" in hint and "day/month/year" in hint


@pytest.mark.parametrize(
    ("text", "why", "hint"),
    [
        ("2026-13-01", "there is no month 13", "YYYY-MM-DD"),
        ("13/13/2025", "there is no month 13", "day/month/year"),
        ("2025-02-29", "month 2 of 2025 has 28 days", "from 1 to 28"),
        ("31/02/2025", "month 2 of 2025 has 28 days", "from 1 to 28"),
        ("31/4/2025", "month 4 of 2025 has 30 days", "from 1 to 30"),
    ],
)
def test_parse_date_says_which_part_does_not_exist(text: str, why: str, hint: str) -> None:
    with pytest.raises(DocgenError) as info:
        parse_date(text)
    assert info.value.message == f"not a valid date: {text!r} — {why}"
    assert hint in (info.value.hint or "")


def test_parse_date_reads_day_first() -> None:
    # 09/10/2025 is 9 October in Vietnamese order, never 10 September
    assert parse_date("09/10/2025") == date(2025, 10, 9)
