"""Where each NĐ30 component sits in a document: the map the rules read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from docgen.check.rulelines import RuleLine
from docgen.check.text import Slot
from docgen.check.view import Block, Cell, Document, Paragraph, Path, Section, Table
from docgen.i18n import N_, _

T = TypeVar("T")


#: the words of a place in a document (walker paths), translated when shown
PLACE_WORDS = {
    "paragraph": N_("paragraph"),
    "table": N_("table"),
    "row": N_("row"),
    "cell": N_("cell"),
    "textbox": N_("text box"),
}


class Flow:
    """All body paragraphs in reading order, with positions and containers."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.paras = list(doc.paragraphs())
        self._index = {id(p): i for i, p in enumerate(self.paras)}
        self.tables = {block.path: block for block in doc.body if isinstance(block, Table)}

    @cached_property
    def section_starts(self) -> dict[int, Block]:
        """The first top-level block with content (text or a table) of each section."""
        starts: dict[int, Block] = {}
        for block in self.doc.body:
            if isinstance(block, Table) or block.text:
                starts.setdefault(block.section, block)
        return starts

    def pos(self, para: Paragraph) -> int:
        return self._index[id(para)]

    def after(self, para: Paragraph, same_container: bool = True) -> Iterator[Paragraph]:
        """Paragraphs after `para`; with `same_container`, only while in its cell or flow."""
        home = para.path[:-1]
        for other in self.paras[self.pos(para) + 1 :]:
            if same_container and other.path[:-1] != home:
                if other.path[: len(home)] == home and len(other.path) > len(home) + 1:
                    continue  # nested table or text box inside the same container
                return
            yield other

    def table_of(self, para: Paragraph) -> Table | None:
        """The top-level table holding `para`, if any."""
        if para.path and para.path[0][0] == "table":
            return self.tables.get(para.path[:1])
        return None

    def cell_of(self, para: Paragraph) -> Cell | None:
        table = self.table_of(para)
        if table is None or len(para.path) < 3:
            return None
        row, cell = para.path[1][1], para.path[2][1]
        cells = table.rows[row - 1] if row - 1 < len(table.rows) else []
        return cells[cell - 1] if cell - 1 < len(cells) else None


@dataclass
class Header:
    """Page-1 header components (ô 1–4, 5b, 10, 11)."""

    table: Table | None = None
    zone: list[Paragraph] = field(default_factory=list)
    qh: Slot | None = None
    tn: Slot | None = None
    qh_tn_gap: int = 0
    tn_line: RuleLine | None = None
    chu_quan: list[Slot] = field(default_factory=list)
    agency: list[Slot] = field(default_factory=list)
    cq_line: RuleLine | None = None
    so: Slot | None = None
    vv: Slot | None = None
    date: Slot | None = None
    marks: list[Slot] = field(default_factory=list)


@dataclass
class Title:
    """Type name (ô 5a) and trích yếu with its line."""

    type_title: Slot | None = None
    type_code: str | None = None
    gap: int = 0
    trich_yeu: list[Slot] = field(default_factory=list)
    line: RuleLine | None = None


@dataclass
class Closing:
    """Nơi nhận (ô 9b) and the signature (ô 7a, 7b)."""

    table: Table | None = None
    label: Slot | None = None
    items: list[Slot] = field(default_factory=list)
    authority: list[Slot] = field(default_factory=list)
    name: Slot | None = None
    start: int | None = None


@dataclass
class Appendix:
    """One appendix: heading, title lines, the (Kèm theo …) line and its section."""

    heading: Slot
    title: list[Slot]
    kem_theo: Slot | None
    section: Section
    starts_section: bool


@dataclass
class Layout:
    """The located components of one document."""

    doc: Document
    flow: Flow
    header: Header
    title: Title
    kind: str  # "congvan", "typed" or "unknown"
    kinh_gui: Slot | None
    kinh_gui_items: list[Slot]
    body: list[Paragraph]
    closing: Closing
    appendices: list[Appendix]
    names: dict[Path, str] = field(default_factory=dict)
    not_governed: str | None = None
    """The heading of a document NĐ30 does not govern (a speech, a list…), when it is one."""
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()` once per document: what several rules need (the prose paragraphs)."""
        if key not in self._memo:
            self._memo[key] = compute()
        value: T = self._memo[key]
        return value

    def where(self, para: Paragraph) -> str:
        """Where a paragraph is, in plain words: 'header block, row 1, cell 2, paragraph 1'."""
        tokens = list(para.path)
        words: list[str] = []
        if tokens and tuple(tokens[:1]) in self.names:
            words.append(_(self.names[tuple(tokens[:1])]))
            tokens = tokens[1:]
        words += [
            _("{kind} {number}").format(kind=_(PLACE_WORDS.get(kind, kind)), number=number)
            for kind, number in tokens
        ]
        text = ", ".join(words)
        if para.part != "body":
            return f"{_(para.part)}, {text}" if text else _(para.part)
        return _("body {place}").format(place=text) if para.path[0][0] == "paragraph" else text
