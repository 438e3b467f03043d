"""Where NĐ30 Phụ lục I puts each signature's image, found from the text of the PDF.

- the signer's (ô 7c): between the authority/title lines (7a) and the signer's name (7b),
  in the right half of the closing block — the block beside ``Nơi nhận:`` on the last page
  that has one (an appendix may follow it);
- the agency's (ô 14, for an electronic document): at the top right of page 1, above the
  Quốc hiệu, with its signing time.

Boxes are in PDF user space: (x1, y1, x2, y2), origin at the bottom left of the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError

from docgen.errors import DocgenError, UnreadableFileError
from docgen.i18n import _

_RECIPIENTS = re.compile(r"^\s*Nơi nhận\s*:")
_QUOC_HIEU = re.compile(r"CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM")
#: the smallest box a stamp gets (pt): wide enough for a name and a time at 9-10 pt
MIN_WIDTH, MIN_HEIGHT = 170.0, 34.0
AGENCY_HEIGHT = 30.0


@dataclass(frozen=True)
class Place:
    """A stamp's page (0-based) and box."""

    page: int
    box: tuple[int, int, int, int]


def signer_place(path: Path) -> Place:
    """The space for the signer's signature between the title lines and the name."""
    with _open(path) as pdf:
        for index in range(len(pdf.pages) - 1, -1, -1):
            page = pdf.pages[index]
            lines = page.extract_text_lines()
            recipients = [ln for ln in lines if _RECIPIENTS.match(ln["text"])]
            if not recipients:
                continue
            return Place(index, _between_title_and_name(page, lines, recipients[-1], path))
    raise DocgenError(
        _("no signature block found: no page has a 'Nơi nhận:' line"),
        file=path,
        hint=_("sign a document docgen rendered, or one laid out as NĐ30 Phụ lục I"),
    )


def _between_title_and_name(
    page: Any, lines: list[dict[str, Any]], recipients: dict[str, Any], path: Path
) -> tuple[int, int, int, int]:
    middle = float(page.width) * 0.45
    block = [
        ln
        for ln in lines
        if ln["x0"] >= middle and ln["top"] >= recipients["top"] - 40 and _bold(ln)
    ]
    block.sort(key=lambda ln: ln["top"])
    gaps = [(b["top"] - a["bottom"], a, b) for a, b in zip(block, block[1:], strict=False)]
    if not gaps:
        raise DocgenError(
            _("the signature block has no signer's name under its title"),
            file=path,
            hint=_("sign a document with a signer"),
        )
    _gap, above, below = max(gaps, key=lambda g: g[0])
    centre = (min(ln["x0"] for ln in block) + max(ln["x1"] for ln in block)) / 2
    width = max(MIN_WIDTH, max(ln["x1"] - ln["x0"] for ln in block))
    top, bottom = above["bottom"] + 2, below["top"] - 2
    if bottom - top < MIN_HEIGHT:  # no room left for it: overlap the lines around it
        middle_y = (top + bottom) / 2
        top, bottom = middle_y - MIN_HEIGHT / 2, middle_y + MIN_HEIGHT / 2
    x1 = min(centre - width / 2, float(page.width) - width - 10)
    return _box(page, x1, top, x1 + width, bottom)


def agency_place(path: Path) -> Place:
    """Above the Quốc hiệu at the top right of page 1 (the page's top right corner when
    there is no Quốc hiệu)."""
    with _open(path) as pdf:
        page = pdf.pages[0]
        found = page.search(_QUOC_HIEU, regex=True)
        width = MIN_WIDTH + 60
        if found:
            right, top = found[0]["x1"], found[0]["top"]
        else:
            right, top = float(page.width) - 40, 60.0
        bottom = max(top - 2, AGENCY_HEIGHT + 4)
        return Place(0, _box(page, right - width, bottom - AGENCY_HEIGHT, right, bottom))


def _box(page: Any, x1: float, top: float, x2: float, bottom: float) -> tuple[int, int, int, int]:
    """pdfplumber's top-down coordinates → a PDF box, origin bottom left."""
    height = float(page.height)
    return (round(x1), round(height - bottom), round(x2), round(height - top))


def _bold(line: dict[str, Any]) -> bool:
    return any("Bold" in ch.get("fontname", "") for ch in line["chars"])


def _open(path: Path) -> Any:
    try:
        return pdfplumber.open(path)
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as err:
        raise UnreadableFileError(
            _("not a PDF file, or a damaged one"), file=path, hint=_("give the PDF docgen rendered")
        ) from err
    except OSError as err:
        raise UnreadableFileError(
            _("cannot read it ({strerror})").format(strerror=err.strerror), file=path
        ) from None
