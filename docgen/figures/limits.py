"""How much of a figure source docgen reads: caps that keep a hostile or mistaken file from
costing unbounded time or memory, and the wording of what went past them.

A school's figure file is one row of some twenty values; a Sở's is a table of its xã, a few
hundred rows. The caps are far above that and far below what would hurt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.errors import DataError, Location
from docgen.i18n import _
from docgen.vn.numbers import fmt_int

KIB = 1024
MIB = 1024 * KIB

#: the largest file of each kind (bytes on disk)
FILE_BYTES = {".yaml": 1 * MIB, ".yml": 1 * MIB, ".csv": 8 * MIB, ".xlsx": 20 * MIB}
#: one part of a workbook (its sheet, its shared strings…), uncompressed
PART_BYTES = 16 * MIB
#: entries of a workbook's zip directory
ZIP_ENTRIES = 1_000
#: everything read from one source (a file or a folder), counting workbooks uncompressed
SOURCE_BYTES = 64 * MIB
#: files of one data folder
FILES = 2_000
#: rows of figures in one source, all its files together
ROWS = 10_000
#: columns of a table
COLUMNS = 200
#: values kept from one source (rows × columns that hold something)
CELLS = 200_000
#: cells (filled or not) and shared strings one workbook part may hold
PART_ITEMS = 500_000
#: characters of one value
FIELD_CHARS = 10_000
#: names in one list value ("K12Online; OLM.vn; …")
NAMES = 200
#: the largest count a figure file may give (a whole country's pupils are far fewer)
COUNT = 1_000_000_000
#: problems listed before "… and N more"
SHOWN_PROBLEMS = 20


def shown(value: object, width: int = 40) -> str:
    """A value as a message quotes it: at most *width* characters."""
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def too_large(path: Path, size: int, limit: int, what: str = "the file") -> DataError:
    """*what* of *path* is *size* bytes, more than *limit*."""
    return DataError(
        _("{what} is {fmt_int} bytes, more than the {fmt_int2}-byte limit for figure files").format(
            what=what, fmt_int=fmt_int(size), fmt_int2=fmt_int(limit)
        ),
        file=path,
        hint=_("a figure file holds one row per unit; split it, or remove what is not figures"),
    )


def too_long(where: Location, what: str, size: int, at_least: bool = False) -> DataError:
    """A value of *size* characters (*at_least* that many), longer than :data:`FIELD_CHARS`."""
    length = f"more than {fmt_int(size)}" if at_least else fmt_int(size)
    return DataError(
        _("{what} is {length} characters long; a value has at most {fmt_int}").format(
            what=what, length=length, fmt_int=fmt_int(FIELD_CHARS)
        ),
        where=where,
        hint=_(
            "a figure is a number, a yes/no or a short list of names; check what was pasted there"
        ),
    )


@dataclass
class Budget:
    """What is left to read of one source; each reader spends from it and stops, with a
    ``file:line`` message, where a cap is passed."""

    bytes: int = SOURCE_BYTES
    rows: int = ROWS
    cells: int = CELLS

    def spend_bytes(self, path: Path, size: int) -> None:
        """Count *size* bytes of *path*; refuse it past :data:`SOURCE_BYTES` in all."""
        self.bytes -= size
        if self.bytes < 0:
            raise DataError(
                _("the figure files read up to this one hold more than {fmt_int} MiB").format(
                    fmt_int=fmt_int(SOURCE_BYTES // MIB)
                ),
                file=path,
                hint=_(
                    "a figure source is a few files of one row per unit; move other files "
                    "out of the data folder"
                ),
            )

    def spend_row(self, where: Location, cells: int) -> None:
        """Count one row of *cells* values; refuse it past :data:`ROWS` or :data:`CELLS`."""
        self.rows -= 1
        self.cells -= cells
        if self.rows < 0:
            raise DataError(
                _("more than {fmt_int} rows of figures in this data source").format(
                    fmt_int=fmt_int(ROWS)
                ),
                where=where,
                hint=_("give one row per unit; split the table by the organisation it reports to"),
            )
        if self.cells < 0:
            raise DataError(
                _("more than {fmt_int} values in this data source").format(fmt_int=fmt_int(CELLS)),
                where=where,
                hint=_("give one row per unit with the columns the figures need"),
            )
