"""School years ("năm học 2025-2026"), running 1 August of the start year to 31 July."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from docgen.errors import DocgenError
from docgen.i18n import _

_RE = re.compile(r"(\d{4})\s*[-–—]\s*(\d{4})")


@dataclass(frozen=True, order=True)
class SchoolYear:
    """A school year named by its start year; it runs 1 August start → 31 July end."""

    start: int

    def __post_init__(self) -> None:
        """Reject years that cannot be written with four digits."""
        if not 1000 <= self.start <= 9998:
            raise DocgenError(
                _("not a school year start: {start}").format(start=self.start), hint=_("e.g. 2025")
            )

    @classmethod
    def parse(cls, text: str) -> SchoolYear:
        """Parse "2025-2026", "2025 - 2026" or "2025–2026" (consecutive years)."""
        match = _RE.fullmatch(text.strip())
        if not match:
            raise DocgenError(
                _("not a school year: {text!r}").format(text=text), hint=_("write it as 2025-2026")
            )
        start, end = int(match[1]), int(match[2])
        if end != start + 1:
            raise DocgenError(
                _("school year {text!r} must span two consecutive years").format(text=text),
                hint=_("did you mean {start}-{start2}?").format(start=start, start2=start + 1),
            )
        return cls(start)

    @classmethod
    def of(cls, d: date) -> SchoolYear:
        """Return the school year that contains ``d``."""
        return cls(d.year if d.month >= 8 else d.year - 1)

    @property
    def end(self) -> int:
        """Return the calendar year in which the school year ends."""
        return self.start + 1

    def label(self, spaced: bool = False) -> str:
        """Return "2025-2026", or "2025 - 2026" when ``spaced``."""
        sep = " - " if spaced else "-"
        return f"{self.start}{sep}{self.end}"

    def next(self) -> SchoolYear:
        """Return the following school year."""
        return self.shift(1)

    def shift(self, n: int) -> SchoolYear:
        """Return the school year ``n`` years later (earlier when negative)."""
        return SchoolYear(self.start + n)

    def contains(self, d: date) -> bool:
        """Return True if ``d`` falls between 1 August start and 31 July end, inclusive."""
        return date(self.start, 8, 1) <= d <= date(self.end, 7, 31)

    def __str__(self) -> str:
        """Return "2025-2026"."""
        return self.label()


#: a school year or period in running text: "2025-2026", "2025 - 2026", "2022- 2025"
_YEARS_IN_TEXT = re.compile(r"\b((?:19|20|21)\d\d)( ?)-( ?)((?:19|20|21)\d\d)\b")
NO_BREAK_SPACE = "\u00a0"
NO_BREAK_HYPHEN = "\u2011"


def unbroken_years(text: str) -> str:
    """*text* with each "2025-2026" kept on one line: a written space around the hyphen
    becomes a no-break space (the hyphen cannot break between them), an unspaced hyphen a
    no-break hyphen (U+2011, which the Word writer turns into ``w:noBreakHyphen``)."""

    def keep(match: re.Match[str]) -> str:
        start, before, after, end = match.groups()
        if before or after:
            return f"{start}{NO_BREAK_SPACE}-{NO_BREAK_SPACE}{end}"
        return f"{start}{NO_BREAK_HYPHEN}{end}"

    return _YEARS_IN_TEXT.sub(keep, text)
