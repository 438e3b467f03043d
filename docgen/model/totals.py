"""What the units under one organisation reported, and their figures added up.

Pure data: :mod:`docgen.figures` reads the figure files into a :class:`DataSet` and adds it up
into :class:`Totals`; the workflows hand the totals to :mod:`docgen.compose`, which writes
them (it reads no file itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docgen.errors import Location
from docgen.model.entities import Org
from docgen.model.report import Tally


@dataclass(frozen=True)
class UnitData:
    """The figures one unit reported."""

    org: Org
    tallies: dict[str, Tally]
    where: Location


@dataclass(frozen=True)
class DataSet:
    """What the units under one organisation reported, in catalog order, and who is missing."""

    source: str
    parent: Org
    units: tuple[UnitData, ...]
    expected: tuple[Org, ...]

    @property
    def missing(self) -> tuple[Org, ...]:
        """Expected units that sent nothing."""
        sent = {u.org.id for u in self.units}
        return tuple(o for o in self.expected if o.id not in sent)


@dataclass(frozen=True)
class Totals:
    """The figures of a report: each figure added up over the units that reported."""

    tallies: dict[str, Tally]
    data: DataSet
    #: rows of the figure files a Phụ lục's tables show: file (as the spec names it) →
    #: rows of column key → text
    tables: dict[str, tuple[dict[str, str], ...]] = field(default_factory=dict)

    @property
    def reported(self) -> tuple[Org, ...]:
        """The units whose figures are in the totals."""
        return tuple(u.org for u in self.data.units)
