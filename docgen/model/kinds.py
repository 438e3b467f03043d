"""What a tờ trình and a giấy mời say beyond the common keys of a spec."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from docgen.errors import Location
from docgen.model.entities import NOWHERE

#: the request a tờ trình closes with when its spec says none
DEFAULT_ASKS = "xem xét, quyết định"


@dataclass(frozen=True)
class Submission:
    """A tờ trình's closing "<issuer> kính trình <to> <asks>./." (``kinh_trinh:``).

    ``to`` empty: the Kính gửi's recipient; ``asks`` empty: no request after the name
    ("Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh./.")."""

    to: str = ""
    asks: str = DEFAULT_ASKS
    where: Location = NOWHERE
    at: dict[str, Location] = field(default_factory=dict)

    def loc(self, key: str) -> Location:
        """Where the value of *key* was written (the ``kinh_trinh:`` block when unknown)."""
        return self.at.get(key, self.where)


@dataclass(frozen=True)
class Meeting:
    """A giấy mời's meeting (``meeting:``): when, where, what, who chairs, who attends,
    what to prepare. Texts are composed (they may cite, use variables)."""

    day: date
    start: time
    place: str
    end: time | None = None
    event: str = ""
    content: tuple[str, ...] = ()
    chair: str = ""
    members: tuple[str, ...] = ()
    prepare: tuple[str, ...] = ()
    where: Location = NOWHERE
    at: dict[str, Location] = field(default_factory=dict)

    def loc(self, key: str) -> Location:
        """Where the value of *key* was written (the meeting block when unknown)."""
        return self.at.get(key, self.where)
