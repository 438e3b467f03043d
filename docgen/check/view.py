"""A neutral view of a Word document: what the rules look at, with no XML in sight.

The reader builds it; rules and the layout finder only read it. Lengths are twips
(1/20 pt), sizes points, text NFC unless a field says `raw`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

Path = tuple[tuple[str, int], ...]
"""Where a paragraph sits, outermost first: (("table", 1), ("row", 2), ("paragraph", 3))."""


@dataclass(frozen=True)
class Fonts:
    """Font names per script slot (None when nothing in the document says)."""

    ascii: str | None = None
    h_ansi: str | None = None
    cs: str | None = None
    east_asia: str | None = None


@dataclass(frozen=True)
class RunProps:
    """Effective character formatting: run → character style → paragraph style → defaults."""

    fonts: Fonts = Fonts()
    bold: bool = False
    italic: bool = False
    caps: bool = False
    size: float = 10.0
    color: str | None = None
    theme_color: str | None = None
    underline: str | None = None
    vert_align: str | None = None
    hidden: bool = False
    boxed: bool = False
    complex_script: bool = False


@dataclass(frozen=True)
class Border:
    """One side of a paragraph border."""

    style: str
    size: int = 0


@dataclass(frozen=True)
class ParaProps:
    """Effective paragraph formatting (direct → numbering → style chain → defaults)."""

    alignment: str | None = None
    ind_left: int = 0
    ind_right: int = 0
    first_line: int = 0
    space_before: int = 0
    space_after: int = 0
    auto_space_before: bool = False
    line: int | None = None
    line_rule: str = "auto"
    contextual_spacing: bool = False
    borders: dict[str, Border] = field(default_factory=dict)
    outline_level: int | None = None
    num_format: str | None = None
    tab_stops: tuple[int, ...] = ()
    default_tab: int = 720


@dataclass(frozen=True)
class Piece:
    """A stretch of a run: text, a tab or a line break, with its run's formatting."""

    kind: str  # "text", "tab", "break", "page"
    raw: str
    props: RunProps

    @property
    def text(self) -> str:
        """The text as printed: NFC, upper case when the run has `caps`."""
        text = unicodedata.normalize("NFC", self.raw)
        return text.upper() if self.props.caps else text


@dataclass(frozen=True)
class Field:
    """A Word field in a paragraph (PAGE, NUMPAGES, …) and the formatting of its result."""

    instr: str
    props: RunProps

    @property
    def name(self) -> str:
        words = self.instr.split()
        return words[0].upper() if words else ""


@dataclass(frozen=True)
class Shape:
    """A drawn shape anchored in a paragraph; `line` when it is a straight line."""

    line: bool
    width: int | None
    left: int | None = None
    """Offset of its left end from the anchor's column, in twips, when the shape says."""


@dataclass(eq=False)
class Paragraph:
    """One paragraph: its pieces of text, effective formatting and place in the document."""

    path: Path
    part: str
    section: int
    style_name: str
    props: ParaProps
    pieces: list[Piece]
    mark: RunProps
    fields: list[Field] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    container_width: int | None = None
    in_table: bool = False
    in_textbox: bool = False
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)
    """What the finders and rules work out from the paragraph once (its slots, its fonts)."""

    @cached_property
    def raw(self) -> str:
        return "".join(piece.raw for piece in self.pieces)

    @cached_property
    def text(self) -> str:
        """The text as printed (NFC, caps applied), stripped."""
        return "".join(piece.text for piece in self.pieces).strip()

    @cached_property
    def printed_first_line(self) -> int:
        """The first line's indent as printed: tabs before the first word move it on to the
        next tab stop (the paragraph's own, else the document's default stops), as a clerk
        who indents with the Tab key sees it."""
        start = self.props.ind_left + self.props.first_line
        stops = self.props.tab_stops
        if self.props.first_line < 0:  # a hanging indent's left edge is a stop of its own
            stops = tuple(sorted({*stops, self.props.ind_left}))
        for piece in self.pieces:
            if piece.kind == "text" and not piece.raw:
                continue
            if piece.kind != "tab":
                break
            start = _next_stop(start, stops, self.props.default_tab)
        return start - self.props.ind_left

    @property
    def box_width(self) -> int | None:
        """Width between the paragraph's indents, when its container's width is known."""
        if self.container_width is None:
            return None
        return self.container_width - self.props.ind_left - self.props.ind_right


@dataclass(eq=False)
class Cell:
    """A table cell: its grid column, width and content."""

    row: int
    col: int
    width: int | None
    blocks: list[Block]

    def paragraphs(self) -> Iterator[Paragraph]:
        return iter_paragraphs(self.blocks)


@dataclass(eq=False)
class Table:
    """A table (top-level or nested) and whether any of its borders is visible."""

    path: Path
    section: int
    rows: list[list[Cell]]
    bordered: bool

    def cells(self) -> Iterator[Cell]:
        for row in self.rows:
            yield from row


Block = Paragraph | Table


@dataclass(eq=False)
class Section:
    """Page setup of one section and the header/footer parts it shows."""

    index: int
    width: int | None
    height: int | None
    orient: str
    margins: dict[str, int | None]
    title_page: bool
    page_start: int | None
    headers: dict[str, HeaderPart] = field(default_factory=dict)
    footers: dict[str, HeaderPart] = field(default_factory=dict)


@dataclass(eq=False)
class HeaderPart:
    """A header, footer or notes part, read into blocks."""

    name: str
    label: str
    blocks: list[Block]

    def paragraphs(self) -> Iterator[Paragraph]:
        return iter_paragraphs(self.blocks)


@dataclass(eq=False)
class Document:
    """The whole document: body blocks in order, sections, notes."""

    body: list[Block]
    sections: list[Section]
    notes: list[HeaderPart]
    explicit_page_breaks: int = 0

    def paragraphs(self) -> Iterator[Paragraph]:
        """Every body paragraph in reading order, inside tables and text boxes too."""
        return iter_paragraphs(self.body)

    def all_paragraphs(self) -> Iterator[Paragraph]:
        """Body, headers, footers and notes."""
        yield from self.paragraphs()
        seen: set[str] = set()
        for section in self.sections:
            for part in [*section.headers.values(), *section.footers.values()]:
                if part.name not in seen:
                    seen.add(part.name)
                    yield from part.paragraphs()
        for note in self.notes:
            yield from note.paragraphs()


def iter_paragraphs(blocks: list[Block]) -> Iterator[Paragraph]:
    """Paragraphs of `blocks` in reading order, descending into tables."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
        else:
            for cell in block.cells():
                yield from iter_paragraphs(cell.blocks)


def _next_stop(position: int, stops: tuple[int, ...], default: int) -> int:
    """Where a tab at `position` (twips from the left margin) takes the text."""
    for stop in stops:
        if stop > position:
            return stop
    if default <= 0:
        return position
    return (position // default + 1) * default
