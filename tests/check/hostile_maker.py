"""Broken and hostile .docx files built with zipfile: corrupt streams, bit flips, absurd
numbers and dense content inside the size limits. Used by test_check_hostile.py and by
benchmarks/bench_check_hostile.py (which measures what the tests only check)."""

from __future__ import annotations

import random
import zipfile
from collections.abc import Callable
from pathlib import Path

from docgen.check.engine import RULES

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)
A4_SECTION = (
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1134" w:bottom="1134" w:left="1701" w:right="1134"/></w:sectPr>'
)
PART_BYTES = RULES.limits.max_part_bytes - 4096
"""Just under the size one XML part may have (8 MiB)."""


def write_zip(path: Path, parts: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def document(body: str, section: str = A4_SECTION) -> str:
    return (
        f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        f"<w:body>{body}{section}</w:body></w:document>"
    )


def paragraph(text: str = "Nội dung.", ppr: str = "", rpr: str = "") -> str:
    run_pr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    para_pr = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return f"<w:p>{para_pr}<w:r>{run_pr}<w:t>{text}</w:t></w:r></w:p>"


def one_document(path: Path, body: str, section: str = A4_SECTION, **parts: str) -> Path:
    """A package of word/document.xml (and the given word/ parts, no relationships)."""
    extra = {f"word/{name}.xml": xml for name, xml in parts.items()}
    return write_zip(path, {"word/document.xml": document(body, section), **extra})


# ---- corrupt bytes -------------------------------------------------------------------
def corrupt_deflate(source: Path, path: Path, part: str = "word/document.xml") -> Path:
    """`source` with garbage in the middle of one part's deflate stream (the zip directory
    stays intact, so only inflating that part fails: zlib.error or a CRC mismatch)."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(part)
    header = info.header_offset
    name_len = int.from_bytes(data[header + 26 : header + 28], "little")
    extra_len = int.from_bytes(data[header + 28 : header + 30], "little")
    start = header + 30 + name_len + extra_len
    middle = start + info.compress_size // 3
    for offset in range(min(64, info.compress_size // 3)):
        data[middle + offset] = 0xFF ^ (offset * 37 & 0xFF)
    path.write_bytes(bytes(data))
    return path


def bit_flips(source: Path, out: Path, count: int, seed: int = 30) -> list[Path]:
    """`count` copies of `source`, each with 1–8 random bits flipped (seeded)."""
    data = source.read_bytes()
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        mutant = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            mutant[rng.randrange(len(mutant))] ^= 1 << rng.randrange(8)
        path = out / f"flip-{index:03d}.docx"
        path.write_bytes(bytes(mutant))
        paths.append(path)
    return paths


# ---- absurd numbers ------------------------------------------------------------------
BAD_NUMBERS = {
    "400 digits": "9" * 400,
    "5000 digits": "7" * 5000,
    "exponent": "1e400",
    "negative": "-2147483649",
    "float": "1134.75",
    "empty": "",
    "not a number": "abc",
    "unicode digits": "\u0663\u0664\u00b2",
    "infinity": "inf",
    "nan": "NaN",
    "huge unit": "9" * 400 + "cm",
}


def _numeric_parts(value: str) -> dict[str, tuple[str, str]]:
    """Where each numeric attribute goes: name → (section XML, body XML)."""
    v = value
    grid = (
        f'<w:tbl><w:tblGrid><w:gridCol w:w="{v}"/><w:gridCol w:w="4000"/></w:tblGrid>'
        f'<w:tr><w:trPr><w:gridBefore w:val="{v}"/></w:trPr><w:tc><w:tcPr>'
        f'<w:gridSpan w:val="{v}"/><w:tcW w:w="{v}" w:type="dxa"/></w:tcPr>'
        f"{paragraph()}</w:tc><w:tc>{paragraph()}</w:tc></w:tr></w:tbl>"
    )
    section = A4_SECTION
    body = paragraph()
    return {
        "pgSz": (f'<w:sectPr><w:pgSz w:w="{v}" w:h="{v}"/></w:sectPr>', body),
        "pgMar": (
            f'<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="{v}" '
            f'w:bottom="{v}" w:left="{v}" w:right="{v}"/><w:pgNumType w:start="{v}"/>'
            "</w:sectPr>",
            body,
        ),
        "sz": (section, paragraph(rpr=f'<w:sz w:val="{v}"/><w:szCs w:val="{v}"/>') * 3),
        "ind": (
            section,
            paragraph(ppr=f'<w:ind w:left="{v}" w:right="{v}" w:firstLine="{v}" w:hanging="{v}"/>')
            + paragraph(ppr=f'<w:ind w:firstLineChars="{v}"/>'),
        ),
        "spacing": (
            section,
            paragraph(
                ppr=f'<w:spacing w:before="{v}" w:after="{v}" w:line="{v}" '
                f'w:beforeLines="{v}" w:afterLines="{v}"/><w:outlineLvl w:val="{v}"/>'
            ),
        ),
        "border": (
            section,
            paragraph(ppr=f'<w:pBdr><w:bottom w:val="single" w:sz="{v}"/></w:pBdr>'),
        ),
        "grid": (section, grid),
        "cell margins": (
            section,
            f'<w:tbl><w:tblPr><w:tblCellMar><w:left w:w="{v}"/><w:right w:w="{v}"/>'
            f"</w:tblCellMar></w:tblPr><w:tr><w:tc>{paragraph()}</w:tc></w:tr></w:tbl>",
        ),
        "drawing": (
            section,
            '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/'
            f'drawingml/2006/wordprocessingDrawing"><wp:extent cx="{v}" cy="{v}"/>'
            "</wp:inline></w:drawing></w:r></w:p>"
            '<w:p><w:r><w:pict><v:line xmlns:v="urn:schemas-microsoft-com:vml" '
            f'from="{v},0" to="0,{v}"/></w:pict></w:r></w:p>',
        ),
        "symbol": (section, f'<w:p><w:r><w:sym w:char="{v}"/></w:r></w:p>'),
        "numbers in text": (
            section,
            paragraph(f"Số: {v}/UBND-VP")
            + paragraph(f"Kon Tum, ngày {v} tháng {v} năm 2025")
            + paragraph(f"Kon Tum, ngày {v[:2]} tháng {v[:2]} năm {v[:4]}"),
        ),
    }


NUMERIC_ATTRIBUTES = sorted(_numeric_parts("0"))


def bad_number(path: Path, where: str, value: str) -> Path:
    section, body = _numeric_parts(value)[where]
    return one_document(path, body, section)


# ---- dense content inside the limits -------------------------------------------------
def elements_in(xml: str) -> int:
    """XML elements in a piece of markup (its start and empty tags)."""
    return xml.count("<") - xml.count("</")


def _fill(
    unit: Callable[[int], str], budget: int, elements: int | None = None, start: int = 0
) -> str:
    """As many units as fit in `budget` bytes and `elements` elements (unit i may vary)."""
    pieces: list[str] = []
    size = count = 0
    index = start
    while True:
        piece = unit(index)
        size += len(piece.encode())
        count += elements_in(piece)
        if size > budget or (elements is not None and count > elements):
            return "".join(pieces)
        pieces.append(piece)
        index += 1


def _body_budget() -> int:
    return PART_BYTES - len(document("").encode()) - 64


def _runs(
    unit: Callable[[int], str], elements: int | None, paragraphs: int = 1, ppr: str = ""
) -> str:
    """Paragraphs of runs filling one part to just under the part limit (or `elements`)."""
    budget = _body_budget() // paragraphs - 16 - len(ppr)
    each = None if elements is None else elements // paragraphs - 1 - elements_in(ppr)
    return "".join(
        f"<w:p>{ppr}{_fill(unit, budget, each, p * 10**6)}</w:p>" for p in range(paragraphs)
    )


MAX_PARAGRAPHS = RULES.limits.max_paragraphs
"""Paragraphs and table cells a document may have."""
AT_LIMIT = RULES.limits.max_elements - 100
"""Just under the XML elements all the parts read may have."""

Dense = Callable[[int | None], str]
DENSE: dict[str, Dense] = {
    "tiny runs": lambda n: _runs(lambda i: "<w:r><w:t>a</w:t></w:r>", n),
    "empty runs": lambda n: _runs(lambda i: "<w:r/>", n),
    "runs with a property each": lambda n: _runs(
        lambda i: "<w:r><w:rPr><w:b/></w:rPr><w:t>a</w:t></w:r>", n, paragraphs=1000
    ),
    "runs with distinct properties": lambda n: _runs(
        lambda i: (
            f'<w:r><w:rPr><w:rFonts w:ascii="F{i}"/><w:sz w:val="{20 + i % 9}"/>'
            "</w:rPr><w:t>a</w:t></w:r>"
        ),
        n,
        paragraphs=200,
    ),
    "tabs": lambda n: _runs(lambda i: "<w:r>" + "<w:tab/>" * 50 + "</w:r>", n),
    "paragraphs with distinct properties": lambda n: _runs(
        lambda i: f'<w:r><w:rPr><w:sz w:val="{20 + i % 9}"/></w:rPr><w:t>x{i} </w:t></w:r>',
        n,
        paragraphs=MAX_PARAGRAPHS - 10,
        ppr='<w:pPr><w:jc w:val="both"/></w:pPr>',
    ),
    "table cells": lambda n: (
        "<w:tbl>"
        + "".join(
            "<w:tr>" + "<w:tc><w:p><w:r><w:t>ô</w:t></w:r></w:p></w:tc>" * 10 + "</w:tr>"
            for _ in range((MAX_PARAGRAPHS - 20) // 20)
        )
        + "</w:tbl>"
    ),
    "sections": lambda n: (
        (
            '<w:p><w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:pPr>'
            "<w:r><w:t>Mục.</w:t></w:r></w:p>"
        )
        * (MAX_PARAGRAPHS - 10)
    ),
    "nested hyperlinks": lambda n: (
        "<w:p>"
        + "<w:hyperlink>" * 250
        + "<w:r><w:t>x</w:t></w:r>"
        + "</w:hyperlink>" * 250
        + "</w:p>"
    ),
    "nested tables": lambda n: (
        "<w:tbl><w:tr><w:tc>" * 80 + paragraph() + "</w:tc></w:tr></w:tbl>" * 80 + paragraph()
    ),
}


def dense(path: Path, kind: str, elements: int | None = None) -> Path:
    """A document of the DENSE kind: 8 MiB of it, or as much as `elements` XML elements."""
    return one_document(path, DENSE[kind](elements))


def _styles_chain(count: int) -> str:
    """`count` paragraph styles, each based on the one before (a long basedOn chain)."""
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="S{i}"><w:name w:val="S{i}"/>'
        f'<w:basedOn w:val="S{i - 1}"/><w:rPr><w:sz w:val="{20 + i % 9}"/></w:rPr></w:style>'
        for i in range(count)
    )
    return f'<?xml version="1.0"?><w:styles xmlns:w="{W_NS}">{styles}</w:styles>'


def many_styles(path: Path, count: int = 2 * MAX_PARAGRAPHS - 40) -> Path:
    """Every other style of a `count`-long basedOn chain, each in a paragraph."""
    body = "".join(paragraph(ppr=f'<w:pStyle w:val="S{i}"/>') for i in range(0, count, 2))
    rels = (
        f'<?xml version="1.0"?><Relationships xmlns="{REL_NS}"><Relationship Id="rId1" '
        f'Type="{_REL_TYPE}styles" Target="styles.xml"/></Relationships>'
    )
    return write_zip(
        path,
        {
            "word/document.xml": document(body),
            "word/styles.xml": _styles_chain(count),
            "word/_rels/document.xml.rels": rels,
        },
    )


def three_dense_parts(path: Path) -> Path:
    """document.xml, a header and the footnotes, each just under 8 MiB of tiny runs."""
    runs = _fill(lambda i: "<w:r><w:t>a</w:t></w:r>", _body_budget() - 1024)
    header = f'<?xml version="1.0"?><w:hdr xmlns:w="{W_NS}"><w:p>{runs}</w:p></w:hdr>'
    notes = (
        f'<?xml version="1.0"?><w:footnotes xmlns:w="{W_NS}"><w:footnote w:id="1">'
        f"<w:p>{runs}</w:p></w:footnote></w:footnotes>"
    )
    section = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId1"/>'
        '<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
    )
    rels = (
        f'<?xml version="1.0"?><Relationships xmlns="{REL_NS}">'
        f'<Relationship Id="rId1" Type="{_REL_TYPE}header" Target="header1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL_TYPE}footnotes" Target="footnotes.xml"/>'
        "</Relationships>"
    )
    return write_zip(
        path,
        {
            "word/document.xml": document(f"<w:p>{runs}</w:p>", section),
            "word/header1.xml": header,
            "word/footnotes.xml": notes,
            "word/_rels/document.xml.rels": rels,
        },
    )
