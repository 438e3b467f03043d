"""The register as NĐ30 Phụ lục IV lays out the Sổ đăng ký văn bản đi: an openpyxl workbook
(one sheet per issuer), CSV rows, or lines for a terminal. Nothing here writes a file."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby

from docgen.register.store import Entry
from docgen.vn.dates import short_date

TITLE = "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
#: the columns of the Phụ lục IV register, in order
COLUMNS: tuple[str, ...] = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ghi chú",
)
#: after the Phụ lục IV columns, in the CSV only: for a register of several issuers
CSV_EXTRA: tuple[str, ...] = ("Cơ quan ban hành", "Trạng thái")
WIDTHS = (16, 12, 48, 22, 36, 20, 9, 24)
STATE_NOTES = {"reserved": "Đang ban hành (chưa ghi xong)"}


def title_and_subject(entry: Entry) -> str:
    """ "Công văn V/v hướng dẫn …", "Kế hoạch Triển khai …"."""
    if entry.kind == "Công văn":
        return f"{entry.kind} V/v {entry.subject}"
    return f"{entry.kind} {entry.subject}"


def row(entry: Entry) -> list[str | int]:
    """One line of the register, in the order of :data:`COLUMNS`."""
    note = entry.note or STATE_NOTES.get(entry.state, "")
    return [
        entry.symbol,
        short_date(entry.issued_on),
        title_and_subject(entry),
        entry.signer,
        "; ".join(entry.recipients),
        ", ".join(entry.luu),
        entry.copies,
        note,
    ]


def csv_text(entries: Iterable[Entry]) -> str:
    """The register as CSV (UTF-8 text; Phụ lục IV columns, then issuer and state)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*COLUMNS, *CSV_EXTRA])
    for entry in entries:
        writer.writerow([*row(entry), entry.issuer, entry.state])
    return out.getvalue()


def workbook(entries: Sequence[Entry], year: int) -> object:
    """An openpyxl Workbook: per issuer a sheet with the title, the year, the numbers it
    spans, the Phụ lục IV column heads, their numbers (1)…(8) and one row per entry."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    groups = [(k, list(g)) for k, g in groupby(entries, key=lambda e: e.issuer)] or [("", [])]
    for issuer, rows in groups:
        sheet = book.create_sheet(title=_sheet_title(issuer or str(year)))
        last = get_column_letter(len(COLUMNS))
        lines = [TITLE, f"Năm {year}" + (f" — {issuer}" if issuer else "")]
        if rows:
            lines.append(f"Từ số {rows[0].number:02d} đến số {rows[-1].number:02d}")
        for i, text in enumerate(lines, start=1):
            sheet.merge_cells(f"A{i}:{last}{i}")
            cell = sheet.cell(row=i, column=1, value=text)
            cell.font = Font(name="Times New Roman", bold=i == 1, size=14 if i == 1 else 12)
            cell.alignment = centre
        head = len(lines) + 2
        for col, (name, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True), start=1):
            sheet.column_dimensions[get_column_letter(col)].width = width
            for r, label in ((head, name), (head + 1, f"({col})")):
                cell = sheet.cell(row=r, column=col, value=label)
                cell.font = Font(name="Times New Roman", bold=r == head, size=12)
                cell.alignment = centre
                cell.border = box
        for r, entry in enumerate(rows, start=head + 2):
            for col, value in enumerate(row(entry), start=1):
                cell = sheet.cell(row=r, column=col, value=value)
                cell.font = Font(name="Times New Roman", size=12, strike=entry.state == "void")
                cell.alignment = wrap
                cell.border = box
        sheet.freeze_panes = sheet.cell(row=head + 2, column=1)
        sheet.print_title_rows = f"{head}:{head + 1}"
        sheet.page_setup.orientation = "landscape"
    return book


def _sheet_title(text: str) -> str:
    for bad in "[]:*?/\\":
        text = text.replace(bad, "-")
    return text[:31]


def text_lines(entries: Iterable[Entry]) -> Iterator[str]:
    """The register for a terminal: number, day, state, issuer, type and subject."""
    for entry in entries:
        text = entry.note or STATE_NOTES.get(entry.state, "")
        note = f"  [{text}]" if text else ""
        yield (
            f"{entry.symbol:<24} {short_date(entry.issued_on):<10}  {entry.state:<8}  "
            f"{entry.issuer}  {title_and_subject(entry)}{note}"
        )
