"""The schools' figures on the desk: the workbook a school fills, checking and keeping what
it sends, who has reported to the xã, and the xã's totals.

A school's file is kept as ``so-lieu/XA/SCHOOL.xlsx`` — the folder is the figure folder
`docgen aggregate` and a báo cáo's ``data:`` read, one file per school. An upload is read by
docgen.figures (the same caps and checks as the command line) in a folder of its own before
it replaces the school's file; its problems are shown by row, in Vietnamese.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docgen.catalog.catalog import Catalog
from docgen.errors import DocgenError, ErrorList
from docgen.figures import add_up, load_data
from docgen.model.entities import Org
from docgen.model.report import Figure
from docgen.model.totals import Totals
from docgen.web.workspace import FIGURES, Workspace
from docgen.workflows.aggregate import chosen_figures
from docgen.workflows.files import write_file

#: an upload larger than this is refused before it is read
MAX_BYTES = 2 * 1024 * 1024
#: the first bytes of an .xlsx (a zip)
ZIP_MAGIC = b"PK\x03\x04"


def school_figures(catalog: Catalog, school: Org) -> list[Figure]:
    """The catalog's figures a school of this type reports."""
    return [
        f
        for f in chosen_figures(catalog)
        if not f.school_types
        or not school.school_types
        or set(f.school_types) & set(school.school_types)
    ]


def columns(catalog: Catalog, school: Org) -> list[str]:
    """The columns of the school's workbook: don_vi, ten_truong, then each figure's total
    column (``of``) before its own."""
    found = ["don_vi", "ten_truong"]
    for figure in school_figures(catalog, school):
        for column in (figure.of, figure.column):
            if column and column not in found:
                found.append(column)
    return found


def template_bytes(catalog: Catalog, school: Org) -> bytes:
    """The workbook the school fills (see :func:`template_workbook`), as bytes."""
    folder = Path(tempfile.mkdtemp(prefix="docgen-template-"))
    try:
        path = folder / f"{school.id}.xlsx"
        template_workbook(catalog, school, path)
        return path.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def template_workbook(catalog: Catalog, school: Org, target: Path) -> None:
    """Write the workbook the school fills: a header row, and its own row started."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "so-lieu"
    header = columns(catalog, school)
    sheet.append(header)
    sheet.append([school.id, school.name])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    texts = {f.column: f.text for f in school_figures(catalog, school)}
    notes = book.create_sheet("huong-dan")
    notes.append(["cột", "nội dung"])
    notes.append(["don_vi", "mã trường trong danh mục (giữ nguyên)"])
    for column in header[2:]:
        notes.append([column, texts.get(column, "tổng số (mẫu số của cột sau)")])
    notes.append(
        ["", "Danh sách (nền tảng) cách nhau bằng dấu ';'; cột có/không ghi có hoặc không."]
    )
    book.save(target)


@dataclass(frozen=True)
class Problem:
    """One problem of an upload: the row (0: the file as a whole) and what to do."""

    row: int
    text: str


def check_upload(
    catalog: Catalog, xa: Org, school: Org, content: bytes, figures: list[Figure]
) -> list[Problem]:
    """What is wrong with *content* as the figures of *school* (empty: nothing)."""
    if len(content) > MAX_BYTES:
        return [Problem(0, f"Tệp quá lớn ({len(content):,} byte); tối đa 2 MB.")]
    if not content.startswith(ZIP_MAGIC):
        return [Problem(0, "Tệp không phải bảng tính Excel (.xlsx): hãy dùng tệp mẫu.")]
    folder = Path(tempfile.mkdtemp(prefix="docgen-upload-"))
    try:
        path = folder / f"{school.id}.xlsx"
        path.write_bytes(content)
        try:
            data = load_data(folder, catalog, xa, figures)
        except ErrorList as exc:
            return [_problem(e) for e in exc.errors] + (
                [Problem(0, f"… và {exc.more} lỗi khác.")] if exc.more else []
            )
        except DocgenError as exc:
            return [_problem(exc)]
        others = [u for u in data.units if u.org.id != school.id]
        found = [
            Problem(
                u.where.line or 0,
                f"Dòng ghi số liệu của {u.org.name}: chỉ gửi số liệu của trường mình.",
            )
            for u in others
        ]
        if not any(u.org.id == school.id for u in data.units):
            found.append(Problem(0, f"Tệp không có dòng nào của {school.name} (cột don_vi)."))
        return found
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def keep_upload(workspace: Workspace, xa: str, school: str, content: bytes) -> Path:
    """Put the school's checked file in place (replacing the one it sent before)."""
    target = workspace.file(FIGURES, xa, school, ".xlsx")

    def save(tmp: Path) -> None:
        tmp.write_bytes(content)

    return write_file(target, save, force=True)


@dataclass(frozen=True)
class Reported:
    """Who under a xã has sent figures, and the totals of what they sent."""

    xa: Org
    sent: dict[str, date]
    expected: list[Org]
    totals: Totals | None
    problems: list[Problem]

    @property
    def missing(self) -> list[Org]:
        return [o for o in self.expected if o.id not in self.sent]


def reported(workspace: Workspace, catalog: Catalog, xa: Org) -> Reported:
    """The schools under *xa*, which of them sent a file (and when), and the totals."""
    folder = workspace.folder(FIGURES, xa.id)
    expected = catalog.children(xa.id, on=date.today())
    sent: dict[str, date] = {}
    for school in expected:
        path = workspace.file(FIGURES, xa.id, school.id, ".xlsx")
        if path.is_file():
            sent[school.id] = date.fromtimestamp(path.stat().st_mtime)
    totals = None
    problems: list[Problem] = []
    if sent:
        figures = chosen_figures(catalog)
        try:
            data = load_data(folder, catalog, xa, figures, on=date.today())
            totals = add_up(data, figures)
        except ErrorList as exc:
            problems = [_problem(e) for e in exc.errors]
        except DocgenError as exc:
            problems = [_problem(exc)]
    return Reported(xa, sent, expected, totals, problems)


# -- problems in Vietnamese --------------------------------------------------------------------

_CELL = r"cell (?P<cell>[A-Z]+\d+) \('(?P<col>[^']+)'\)"
#: English message of docgen.figures → Vietnamese (the named groups carry over)
_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(_CELL + r" must be a whole number, found (?P<v>.*)"),
        "ô {cell} (cột {col}) phải là số nguyên, đang ghi {v} — "
        "ghi số bằng chữ số, ví dụ 3629 hoặc 3.629",
    ),
    (
        re.compile(_CELL + r" must be a number, found (?P<v>.*)"),
        "ô {cell} (cột {col}) phải là số, đang ghi {v} — ghi số bằng chữ số",
    ),
    (
        re.compile(_CELL + r" cannot be negative, found (?P<v>.*)"),
        "ô {cell} (cột {col}) không được âm, đang ghi {v} — ghi 0 nếu không có",
    ),
    (
        re.compile(_CELL + r" must be có or không, found (?P<v>.*)"),
        "ô {cell} (cột {col}) phải ghi “có” hoặc “không”, đang ghi {v}",
    ),
    (
        re.compile(_CELL + r" must be written with the digits 0-9, found (?P<v>.*)"),
        "ô {cell} (cột {col}) phải viết bằng chữ số 0-9, đang ghi {v}",
    ),
    (
        re.compile(_CELL + r" part (?P<a>\d+) is more than total (?P<b>\d+)"),
        "ô {cell} (cột {col}): phần {a} lớn hơn tổng {b}",
    ),
    (
        re.compile(_CELL + r" is (?P<v>.*), more than any count can be .*"),
        "ô {cell} (cột {col}) ghi {v}, lớn quá mức một số đếm có thể có — kiểm tra lại",
    ),
    (
        re.compile(
            r"cell (?P<a>[A-Z]+\d+ \('[^']+'\)) is (?P<n>\d+), "
            r"more than cell (?P<b>[A-Z]+\d+ \('[^']+'\)) \((?P<d>\d+)\)"
        ),
        "ô {a} ghi {n}, lớn hơn ô {b} ({d}) — phần không thể lớn hơn tổng; kiểm tra cả hai số",
    ),
    (
        re.compile(r"column '(?P<col>[^']+)' is missing.*"),
        "thiếu cột {col} — dùng tệp mẫu của trang",
    ),
    (
        re.compile(r"unknown unit '(?P<v>[^']*)'"),
        "không có đơn vị “{v}” trong danh mục — giữ nguyên mã trường ở cột don_vi",
    ),
    (re.compile(r"the row names no unit"), "dòng không ghi mã trường (cột don_vi)"),
    (
        re.compile(r"'(?P<v>[^']+)' is reported twice.*"),
        "{v} được ghi hai lần — mỗi trường một dòng",
    ),
    (re.compile(r"'(?P<v>[^']+)' is not a unit of .*"), "{v} không thuộc xã này"),
    (re.compile(r"the file holds no row of figures"), "tệp không có dòng số liệu nào"),
]


def vietnamese(message: str) -> str:
    """*message* of docgen.figures in Vietnamese (as it is, when it is not one of those)."""
    for pattern, text in _MESSAGES:
        match = pattern.fullmatch(message)
        if match:
            return text.format(**match.groupdict())
    return message


def _problem(exc: DocgenError) -> Problem:
    row = exc.line or 0
    text = vietnamese(exc.message)
    if text == exc.message and exc.hint:
        text = f"{text} — {exc.hint}"
    return Problem(row, text[:1].upper() + text[1:])
