"""Times of day and weekdays the NĐ30 way, as a giấy mời writes its Thời gian:
"08 giờ 00 phút, thứ Năm, ngày 15 tháng 01 năm 2026"."""

from __future__ import annotations

import re
from datetime import date, time

from babel.dates import format_date

from docgen.errors import DocgenError
from docgen.i18n import _
from docgen.vn.dates import long_date

_TIME_RE = re.compile(r"(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})?\s*(?:phút)?", re.IGNORECASE)


def parse_time(text: str) -> time:
    """Read "08:00", "8:30", "14h00", "14h" or "8 giờ 30 phút" as a time of day."""
    cleaned = text.strip()
    found = _TIME_RE.fullmatch(cleaned)
    if found is not None and all(c.isascii() for c in cleaned if c.isdigit()):
        hour, minute = int(found[1]), int(found[2] or 0)
        if hour <= 23 and minute <= 59:
            return time(hour, minute)
    raise DocgenError(
        _("not a time of day: {text!r}").format(text=text),
        hint=_("write the time as HH:MM, e.g. 08:00 or 14:30"),
    )


def time_str(t: time) -> str:
    """ "08 giờ 00 phút": hour and minute always two digits, as the date's day is."""
    return f"{t.hour:02d} giờ {t.minute:02d} phút"


def weekday(d: date) -> str:
    """ "thứ Năm", "Chủ nhật" (babel's Vietnamese day names, in running text)."""
    name = format_date(d, "EEEE", locale="vi")
    if name.startswith("Thứ "):
        return "thứ " + name[4:]
    return name[:1].upper() + name[1:].lower()  # "Chủ Nhật" → "Chủ nhật"


def day_with_weekday(d: date) -> str:
    """ "thứ Năm, ngày 15 tháng 01 năm 2026"."""
    return f"{weekday(d)}, {long_date(d)}"


def moment(d: date, start: time, end: time | None = None) -> str:
    """A meeting's Thời gian: "08 giờ 00 phút, thứ Năm, ngày 15 tháng 01 năm 2026", or with
    an end "từ 08 giờ 00 phút đến 11 giờ 30 phút, thứ Năm, ngày …"."""
    if end is None:
        return f"{time_str(start)}, {day_with_weekday(d)}"
    if end <= start:
        raise DocgenError(
            _("the meeting ends ({end}) before it starts ({start})").format(
                end=time_str(end), start=time_str(start)
            ),
            hint=_("give an end time after the start time"),
        )
    return f"từ {time_str(start)} đến {time_str(end)}, {day_with_weekday(d)}"
