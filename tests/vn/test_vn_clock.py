"""A giấy mời's Thời gian: hours and minutes, weekday (babel), the NĐ30 date."""

from __future__ import annotations

from datetime import date, time

import pytest

from docgen.errors import DocgenError
from docgen.vn.clock import day_with_weekday, moment, parse_time, time_str, weekday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08:00", time(8, 0)),
        ("8:30", time(8, 30)),
        ("14h00", time(14, 0)),
        ("14h", time(14, 0)),
        ("7 giờ 30 phút", time(7, 30)),
        (" 23:59 ", time(23, 59)),
    ],
)
def test_a_time_is_read_as_clerks_write_it(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "8:60", "tám giờ", "08:0", "", "０８:００", "8.30"])
def test_a_wrong_time_says_how_to_write_one(text: str) -> None:
    with pytest.raises(DocgenError) as caught:
        parse_time(text)
    assert caught.value.hint == "write the time as HH:MM, e.g. 08:00 or 14:30"


def test_hours_and_minutes_have_two_digits() -> None:
    assert time_str(time(8, 0)) == "08 giờ 00 phút"
    assert time_str(time(14, 5)) == "14 giờ 05 phút"


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 1, 12), "thứ Hai"),
        (date(2026, 1, 15), "thứ Năm"),
        (date(2026, 1, 17), "thứ Bảy"),
        (date(2026, 1, 18), "Chủ nhật"),
    ],
)
def test_weekdays_are_babels_in_running_text(day: date, name: str) -> None:
    assert weekday(day) == name


def test_a_meeting_time_reads_as_in_nd30_documents() -> None:
    day = date(2026, 1, 15)
    assert day_with_weekday(day) == "thứ Năm, ngày 15 tháng 01 năm 2026"
    assert moment(day, time(8, 0)) == "08 giờ 00 phút, thứ Năm, ngày 15 tháng 01 năm 2026"
    assert moment(date(2025, 10, 9), time(8, 0), time(11, 30)) == (
        "từ 08 giờ 00 phút đến 11 giờ 30 phút, thứ Năm, ngày 09 tháng 10 năm 2025"
    )


def test_a_meeting_cannot_end_before_it_starts() -> None:
    with pytest.raises(DocgenError, match="ends"):
        moment(date(2026, 1, 15), time(14, 0), time(8, 0))
