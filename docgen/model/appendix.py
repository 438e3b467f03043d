"""A Phụ lục as a spec writes it: a title, an orientation and a list of blocks (NĐ30 §6).

A block is a paragraph (``text``, in a body style or centred as a ``title``), a numbered
section (the outline the body has), a report form's own two-column header (``form``) or a
table. A table's rows come from the spec, a figure file, the catalog's references (a danh
mục văn bản) or a catalog schedule (a plan's task table, with its milestones' dates).
"""

from __future__ import annotations

from dataclasses import dataclass

from docgen.errors import Location
from docgen.model.entities import NOWHERE, TaskNode

#: how a cell's text is set: as body text, centred, or left without justification
ALIGNS = ("text", "center", "left")
#: where a table's rows come from
SOURCES = ("rows", "file", "references", "schedule")


@dataclass(frozen=True)
class Column:
    """A table column, or a group of columns under one merged heading (``columns``)."""

    head: str
    width: int = 1
    key: str = ""
    align: str = "text"
    columns: tuple[Column, ...] = ()
    where: Location = NOWHERE

    def leaves(self) -> tuple[Column, ...]:
        """The columns that hold values: this one, or its sub-columns."""
        return tuple(c for sub in self.columns for c in sub.leaves()) if self.columns else (self,)


@dataclass(frozen=True)
class TableSpec:
    """A table block: its columns and where its rows come from (``source``, one of
    :data:`SOURCES`); ``numbered`` fills the first column with 1, 2, 3 …"""

    columns: tuple[Column, ...]
    source: str = "rows"
    rows: tuple[tuple[str, ...], ...] = ()
    file: str = ""
    references: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    schedule: str = ""
    numbered: bool = False
    caption: str = ""
    where: Location = NOWHERE

    def leaves(self) -> tuple[Column, ...]:
        """The columns that hold values, left to right."""
        return tuple(c for col in self.columns for c in col.leaves())


@dataclass(frozen=True)
class AppendixBlock:
    """One block of a Phụ lục: ``text`` (``style`` para/heading/basis/title), ``section``
    (``node``), ``form`` (the left column's ``lines`` and a date line) or ``table``."""

    kind: str
    text: str = ""
    style: str = "para"
    node: TaskNode | None = None
    lines: tuple[str, ...] = ()
    date_line: str = ""
    table: TableSpec | None = None
    where: Location = NOWHERE


@dataclass(frozen=True)
class AppendixSpec:
    """One Phụ lục: its title (the schedule's own when empty), its blocks, its page."""

    title: str
    blocks: tuple[AppendixBlock, ...]
    landscape: bool = False
    where: Location = NOWHERE
    #: a quyết định's quy chế, quy định…: "(Ban hành kèm theo Quyết định số …)"
    ban_hanh: bool = False

    def schedules(self) -> tuple[str, ...]:
        """The catalog schedules its tables show."""
        return tuple(
            b.table.schedule for b in self.blocks if b.table is not None and b.table.schedule
        )

    def files(self) -> tuple[str, ...]:
        """The figure files its tables read (relative to the spec)."""
        return tuple(b.table.file for b in self.blocks if b.table is not None and b.table.file)
