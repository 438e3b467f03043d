"""The first sheet of an .xlsx workbook, read defensively.

A workbook is a zip of XML parts. Before anything is inflated, the zip directory is checked:
how many entries, and the uncompressed size of each part that will be read (the directory's
sizes bound what inflating can give: :mod:`zipfile` stops there and fails the CRC). The parts
are parsed by :mod:`defusedxml` with DOCTYPEs and entities refused, as a stream: each row is
handled and dropped as soon as it is read, so memory holds one row, and a sheet is read by its
real ``<row>`` and ``<c>`` elements — its ``<dimension>`` (a claim, often stale) is never
consulted. Values are the cached values (what Excel shows), as ``openpyxl`` gives them with
``data_only=True``: numbers, text, TRUE/FALSE.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from docgen.errors import DataError
from docgen.figures.limits import PART_BYTES, PART_ITEMS, ZIP_ENTRIES, Budget, too_large
from docgen.i18n import N_, _
from docgen.vn.numbers import fmt_int

#: the last row and column a sheet can have (Excel's own limits)
MAX_ROW = 1_048_576
MAX_COLUMN = 16_384
#: nesting of elements (a sheet needs 5)
MAX_DEPTH = 32
#: elements inside one row or one shared string
RECORD_ITEMS = 100_000

_EOCD = b"PK\x05\x06"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_INT = re.compile(r"-?[0-9]+")
_FLOAT = re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_RESAVE = N_("open it in Excel or LibreOffice and save it again as .xlsx")


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """A → 1, AA → 27."""
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index


@dataclass(frozen=True)
class SheetRow:
    """The values of one row of a sheet, by column number (empty cells left out)."""

    number: int
    values: dict[int, Any]


class Workbook:
    """An .xlsx file opened for reading its first sheet."""

    def __init__(self, path: Path, budget: Budget) -> None:
        self.path = path
        self.budget = budget  # each part read is spent from it, uncompressed
        self.streams: list[IO[bytes]] = []  # parts opened, closed with the workbook
        self._dates: frozenset[str] = frozenset()  # cell styles that show a date
        _check_directory(path)
        try:
            self.zip = zipfile.ZipFile(path)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise self.damaged(_("its zip directory is damaged")) from None
        self.infos = {i.filename.lstrip("/"): i for i in infos}

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        for stream in self.streams:  # a part whose reading stopped at an error
            stream.close()
        self.zip.close()

    def damaged(self, what: str) -> DataError:
        return DataError(
            _("cannot read the spreadsheet: {what}").format(what=what),
            file=self.path,
            hint=_(_RESAVE),
        )

    # -- parts ---------------------------------------------------------------------------------
    def _open(self, name: str) -> IO[bytes]:
        info = self.infos.get(name)
        if info is None:
            raise self.damaged(_("the package has no part {name}").format(name=name))
        if info.flag_bits & 0x1:
            raise DataError(
                _("the workbook is encrypted (password-protected)"),
                file=self.path,
                hint=_("remove the password in Excel and save it again"),
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise self.damaged(
                _("part {name} uses a compression Excel does not write").format(name=name)
            )
        if info.file_size > PART_BYTES:
            raise too_large(
                self.path, info.file_size, PART_BYTES, f"part {name} of the workbook, uncompressed,"
            )
        self.budget.spend_bytes(self.path, info.file_size)
        stream = self.zip.open(info)
        self.streams.append(stream)
        return stream

    def records(self, name: str, depth: int) -> Iterator[tuple[str, Element]]:
        """Each element at *depth* of part *name* (the root is depth 0), with its subtree
        and the local name of its parent, as soon as it ends; it is dropped after."""
        try:
            with self._open(name) as stream:
                yield from _records(stream, depth)
        except DefusedXmlException:
            raise DataError(
                _(
                    "part {name} of the workbook declares a DOCTYPE or entities; docgen does "
                    "not read such XML"
                ).format(name=name),
                file=self.path,
                hint=_(
                    "Excel never writes them: save the figures again from Excel or "
                    "LibreOffice as .xlsx"
                ),
            ) from None
        except ParseError as exc:
            line, column = exc.position
            raise self.damaged(
                _("part {name} is not well-formed XML (line {line}, column {column})").format(
                    name=name, line=line, column=column
                )
            ) from None
        except _TooMuch as exc:
            raise DataError(
                _("part {name} of the workbook {exc}").format(name=name, exc=exc),
                file=self.path,
                hint=_(_RESAVE),
            ) from None
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):
            raise self.damaged(
                _("part {name} cannot be inflated (its zip data is damaged)").format(name=name)
            ) from None

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, target part) of *part* (none when it has no rels)."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels not in self.infos:
            return {}
        found: dict[str, tuple[str, str]] = {}
        for _skip, rel in self.records(rels, 1):
            if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            target = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            found[rel.get("Id", "")] = (rel.get("Type", ""), target)
        return found

    # -- the first sheet ------------------------------------------------------------------------
    def first_sheet(self) -> tuple[str, str, str | None]:
        """(name, part, shared strings part) of the workbook's first worksheet."""
        book = next(
            (t for k, t in self.relationships("").values() if k.endswith("/officeDocument")),
            "xl/workbook.xml",
        )
        rels = self.relationships(book)
        strings = next((t for k, t in rels.values() if k.endswith("/sharedStrings")), None)
        sheets: list[tuple[str, str]] = []  # all read: a damaged workbook is not half-trusted
        for parent, sheet in self.records(book, 2):
            if parent == "sheets" and _local(sheet.tag) == "sheet":
                rid = next((v for k, v in sheet.attrib.items() if _local(k) == "id"), "")
                sheets.append((sheet.get("name", "Sheet1"), rid))
        for name, rid in sheets:
            kind, target = rels.get(rid, ("", ""))
            if kind.endswith("/worksheet"):
                return name, target, strings
        raise DataError(
            _("the workbook has no sheet"),
            file=self.path,
            hint=_("put the figures on the first sheet: a header row, then one row per unit"),
        )

    def shared_strings(self, part: str | None) -> list[str]:
        """The shared strings table (text of each ``<si>``, runs joined, phonetics left out)."""
        if part is None or part not in self.infos:
            return []
        strings: list[str] = []
        for _skip, item in self.records(part, 1):
            if _local(item.tag) == "si":
                strings.append(_text(item))
                if len(strings) > PART_ITEMS:
                    raise self.damaged(
                        _("more than {fmt_int} shared strings").format(fmt_int=fmt_int(PART_ITEMS))
                    )
        return strings

    def date_styles(self) -> frozenset[str]:
        """The cell styles (``s=`` of a cell: an index into cellXfs) that show a number as a
        date or a time: Excel stores a date as the number of days since 1899-12-30."""
        book = next(
            (t for k, t in self.relationships("").values() if k.endswith("/officeDocument")),
            "xl/workbook.xml",
        )
        part = next(
            (t for k, t in self.relationships(book).values() if k.endswith("/styles")), None
        )
        if part is None or part not in self.infos:
            return frozenset()
        custom: dict[str, str] = {}
        styles: list[str] = []
        for parent, item in self.records(part, 2):
            if parent == "numFmts" and _local(item.tag) == "numFmt":
                custom[item.get("numFmtId", "")] = item.get("formatCode", "")
            elif parent == "cellXfs" and _local(item.tag) == "xf":
                styles.append(item.get("numFmtId", "0"))
                if len(styles) > PART_ITEMS:
                    raise self.damaged(
                        _("more than {fmt_int} cell styles").format(fmt_int=fmt_int(PART_ITEMS))
                    )
        return frozenset(str(i) for i, fmt in enumerate(styles) if _is_date_format(fmt, custom))

    def rows(self) -> tuple[str, Iterator[SheetRow]]:
        """The first sheet's name and its rows that hold a value, in order."""
        name, part, strings_part = self.first_sheet()
        strings = self.shared_strings(strings_part)
        self._dates = self.date_styles()
        return name, self._rows(part, strings)

    def _rows(self, part: str, strings: list[str]) -> Iterator[SheetRow]:
        last = 0
        items = 0
        for parent, row in self.records(part, 2):
            if parent != "sheetData" or _local(row.tag) != "row":
                continue
            r = row.get("r")
            number = last + 1 if r is None else _number(r, MAX_ROW)
            if number is None or number <= last:
                raise self.damaged(
                    _("row '{r}' of {part} is out of place").format(r=row.get("r"), part=part)
                )
            last = number
            values: dict[int, Any] = {}
            column = 0
            for cell in row:
                if _local(cell.tag) != "c":
                    continue
                items += 1
                if items > PART_ITEMS:
                    raise self.damaged(
                        _("{part} holds more than {fmt_int} cells").format(
                            part=part, fmt_int=fmt_int(PART_ITEMS)
                        )
                    )
                column = self._column(cell.get("r"), number, column, part)
                value = self._value(cell, strings, part)
                if value is not None and value != "":
                    values[column] = value
            if values:
                yield SheetRow(number, values)

    def _column(self, ref: str | None, row: int, previous: int, part: str) -> int:
        if ref is None:
            column = previous + 1
        else:
            match = _REF.fullmatch(ref)
            if match is None or int(match[2]) != row:
                raise self.damaged(
                    _("cell '{ref}' of {part} is not in row {row}").format(
                        ref=ref, part=part, row=row
                    )
                )
            column = column_index(match[1])
        if not previous < column <= MAX_COLUMN:
            raise self.damaged(
                _("cell '{ref}' of {part} is out of place").format(ref=ref, part=part)
            )
        return column

    def _value(self, cell: Element, strings: list[str], part: str) -> Any:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            box = next((c for c in cell if _local(c.tag) == "is"), None)
            return None if box is None else _text(box)
        raw = next((c.text or "" for c in cell if _local(c.tag) == "v"), None)
        if raw is None:
            return None
        if kind == "s":
            index = _number(raw.strip(), len(strings) - 1)
            if index is None:
                raise self.damaged(
                    _("cell {r} of {part} names a shared string the workbook does not have").format(
                        r=cell.get("r"), part=part
                    )
                )
            return strings[index]
        if kind == "b":
            return {"1": True, "0": False}.get(raw.strip(), raw)
        if kind == "n":
            text = raw.strip()
            if len(text) > 40:
                return text  # no count has so many digits: to_count says so
            if cell.get("s") in self._dates and _FLOAT.fullmatch(text):
                return _excel_day(float(text))
            if _INT.fullmatch(text):
                return int(text)
            if _FLOAT.fullmatch(text):
                return float(text)
        return raw  # str (a formula's text), e (#N/A…), d (a date as text), or odd numbers


#: Excel's built-in number formats that show a date or a time (ECMA-376 18.8.30)
_DATE_FORMATS = frozenset(map(str, (*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59))))
#: a custom format code's date or time letters, once quoted text, [colours] and \escapes
#: are left out
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def _is_date_format(number_format: str, custom: dict[str, str]) -> bool:
    if number_format in _DATE_FORMATS:
        return True
    code = _FORMAT_NOISE.sub("", custom.get(number_format, "")).lower()
    return any(letter in code for letter in "dmyhs")


def _excel_day(serial: float) -> date | float:
    """The date Excel shows for *serial* (days since 1899-12-30); *serial* itself when it is
    no day at all."""
    try:
        return date(1899, 12, 30) + timedelta(days=int(serial))
    except (OverflowError, ValueError):
        return serial


class _TooMuch(Exception):
    """A part is larger or deeper than any workbook of figures needs."""


def _records(stream: IO[bytes], depth: int) -> Iterator[tuple[str, Element]]:
    stack: list[Element] = []
    inside = 0  # elements of the record being read
    for event, elem in iterparse(stream, events=("start", "end"), forbid_dtd=True):
        if event == "start":
            stack.append(elem)
            if len(stack) > MAX_DEPTH:
                raise _TooMuch(
                    _("nests elements more than {max_depth} deep").format(max_depth=MAX_DEPTH)
                )
            if len(stack) > depth + 1:
                inside += 1
                if inside > RECORD_ITEMS:
                    raise _TooMuch(
                        _("has a row of more than {fmt_int} elements").format(
                            fmt_int=fmt_int(RECORD_ITEMS)
                        )
                    )
            continue
        stack.pop()
        level = len(stack)
        if level == depth and level:
            yield _local(stack[-1].tag), elem
            inside = 0
        if 0 < level <= depth:
            stack[-1].remove(elem)  # read and done with: memory holds one record


def _check_directory(path: Path) -> None:
    """Refuse what is not a zip, or a zip of more entries than a workbook has, before the
    directory is read into memory."""
    with path.open("rb") as fh:
        head = fh.read(8)
        if head.startswith(_OLE):
            raise DataError(
                _("an Excel 97-2003 (.xls) or password-protected workbook"),
                file=path,
                hint=_("save it as an unprotected Excel Workbook (.xlsx)"),
            )
        size = fh.seek(0, 2)
        fh.seek(max(0, size - (1 << 16) - 22))
        tail = fh.read()
    at = tail.rfind(_EOCD)
    if not head.startswith(b"PK") or at < 0 or len(tail) - at < 22:
        raise DataError(
            _("cannot read the spreadsheet: it is not an .xlsx file (not a zip package)"),
            file=path,
            hint=_(_RESAVE),
        )
    entries = struct.unpack("<H", tail[at + 10 : at + 12])[0]
    if entries > ZIP_ENTRIES:
        raise DataError(
            _(
                "cannot read the spreadsheet: its package has {fmt_int} entries, more "
                "than the {fmt_int2} a workbook of figures may have"
            ).format(fmt_int=fmt_int(entries), fmt_int2=fmt_int(ZIP_ENTRIES)),
            file=path,
            hint=_(_RESAVE),
        )


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _text(item: Element) -> str:
    """The text of a string item: its ``<t>``, or its runs' ``<t>`` joined (not ``<rPh>``)."""
    parts: list[str] = []
    for child in item:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts += [t.text or "" for t in child if _local(t.tag) == "t"]
    return "".join(parts)


def _number(value: str, top: int) -> int | None:
    """*value* as a number from 0 to *top* written in ASCII digits, else None."""
    if not (value.isascii() and value.isdigit()) or len(value) > 7:
        return None
    number = int(value)
    return number if number <= top else None
