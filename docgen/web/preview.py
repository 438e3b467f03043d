"""What the document page shows of a rendered draft: its pages as images (through the PDF
LibreOffice makes, drawn by pdfium), or its text when LibreOffice is not installed; and
`docgen check`'s findings."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.check.engine import check_file
from docgen.check.findings import FileReport
from docgen.errors import DocgenError
from docgen.workflows.files import write_file

#: pixels per inch of a page image (an A4 page: 744 × 1052 pixels)
PAGE_DPI = 90


def has_libreoffice() -> bool:
    return any(shutil.which(name) for name in ("soffice", "libreoffice"))


def make_pdf(docx: Path) -> Path:
    """The PDF of *docx*, beside it (replacing the PDF of an earlier render)."""
    from docgen.render.pdf import to_pdf

    return to_pdf([docx], jobs=1)[0]


def page_images(pdf: Path, target: Callable[[int], Path], max_pages: int) -> list[Path]:
    """Draw each page of *pdf* (at most *max_pages*) into the PNG ``target(n)``."""
    import pypdfium2 as pdfium

    written: list[Path] = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for index in range(min(len(document), max_pages)):
            page = document[index]
            image = page.render(scale=PAGE_DPI / 72).to_pil()
            page.close()
            path = target(index + 1)

            def save(tmp: Path, image: Any = image) -> None:
                image.save(tmp, format="PNG")

            write_file(path, save, force=True)
            written.append(path)
    finally:
        document.close()
    return written


def text_preview(docx: Path, limit: int = 400) -> list[str]:
    """The paragraphs of *docx* (tables' cells too), as text, at most *limit*."""
    import docx as python_docx

    try:
        document = python_docx.Document(str(docx))
    except Exception as exc:  # a damaged file: say so on the page
        raise DocgenError(f"không đọc được {docx.name}: {type(exc).__name__}") from None
    found: list[str] = []
    for paragraph in document.paragraphs:
        found.append(paragraph.text)
    for table in document.tables:
        for row in table.rows:
            found.append(" | ".join(cell.text for cell in row.cells))
    return found[:limit]


@dataclass(frozen=True)
class Findings:
    """`docgen check` of one file, for the page."""

    report: FileReport

    @property
    def errors(self) -> int:
        return sum(1 for f in self.report.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.report.findings if f.severity != "error")


def check(docx: Path) -> Findings:
    return Findings(check_file(docx))
