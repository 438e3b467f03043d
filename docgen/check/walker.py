"""Walk WordprocessingML content (body, cells, text boxes, headers, notes) into view blocks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from docgen.check.drawings import box_width, drawing_shapes, inside_fallback
from docgen.check.numbering import Numbering
from docgen.check.ooxml import (
    MC_NS,
    W_NS,
    attr,
    child,
    integer,
    local,
    qname,
    twips,
    val,
    w,
)
from docgen.check.styles import (
    DEFAULT_CELL_MARGIN,
    DEFAULT_TAB,
    Props,
    StyleSheet,
    cell_margins,
    para_dict,
    para_props,
    run_dict,
    run_props,
)
from docgen.check.view import (
    Block,
    Cell,
    Field,
    Paragraph,
    ParaProps,
    Path,
    Piece,
    RunProps,
    Shape,
    Table,
)

_TRANSPARENT = {"hyperlink", "smartTag", "ins", "moveTo", "customXml", "bdo", "dir", "sdtContent"}
_SKIPPED = {"del", "moveFrom", "pPr", "rPr", "sdtPr", "sdtEndPr"}
_NO_BORDER = {"none", "nil", ""}


@dataclass
class Place:
    """What a walk needs to know about where it is."""

    part: str
    section: int
    width: int | None
    table_style: str | None = None
    in_table: bool = False
    in_textbox: bool = False


@dataclass
class _RunState:
    """Pieces, fields and shapes gathered from one paragraph's runs."""

    base: Props
    base_key: tuple[str | None, str | None]
    pieces: list[Piece] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    textboxes: list[tuple[etree._Element, int | None]] = field(default_factory=list)
    open_fields: list[dict[str, Any]] = field(default_factory=list)
    page_breaks: int = 0


@dataclass(frozen=True)
class _ParaLook:
    """What a paragraph's pPr (with its style) makes of it; shared by equal pPr elements."""

    style_id: str | None
    style_name: str
    run_base: Props
    props: ParaProps
    mark: RunProps


class TooManyParagraphsError(Exception):
    """More paragraphs and table cells were walked than the reader allows."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {limit} paragraphs and table cells")
        self.limit = limit


class Walker:
    """Turns block-level XML into Paragraph and Table views."""

    def __init__(
        self,
        styles: StyleSheet,
        numbering: Numbering,
        max_paragraphs: int | None = None,
        default_tab: int = DEFAULT_TAB,
    ) -> None:
        self.styles = styles
        self.default_tab = default_tab
        self.numbering = numbering
        self.page_breaks = 0
        self.max_paragraphs = max_paragraphs
        self.walked = 0
        self._run_cache: dict[tuple[str | None, str | None, bytes], RunProps] = {}
        self._base_cache: dict[tuple[str | None, str | None], tuple[Props, Props]] = {}
        self._para_cache: dict[tuple[str | None, bytes], _ParaLook] = {}

    def _count(self) -> None:
        """One more paragraph or cell; past the limit the walk stops (nested text boxes too)."""
        self.walked += 1
        if self.max_paragraphs is not None and self.walked > self.max_paragraphs:
            raise TooManyParagraphsError(self.max_paragraphs)

    def blocks(self, parent: etree._Element, prefix: Path, place: Place) -> list[Block]:
        """Paragraphs and tables under `parent`, text-box paragraphs after their anchor."""
        blocks: list[Block] = []
        counts = {"paragraph": 0, "table": 0}
        for element in block_children(parent):
            name = local(element)
            if name == "p":
                counts["paragraph"] += 1
                blocks.extend(
                    self.paragraph(element, (*prefix, ("paragraph", counts["paragraph"])), place)
                )
            elif name == "tbl":
                counts["table"] += 1
                blocks.append(self.table(element, (*prefix, ("table", counts["table"])), place))
        return blocks

    def paragraph(self, element: etree._Element, path: Path, place: Place) -> list[Block]:
        """The paragraph, followed by the paragraphs of the text boxes anchored in it."""
        self._count()
        look = self._para_look(child(element, "pPr"), place.table_style)
        state = _RunState(look.run_base, (place.table_style, look.style_id))
        self._inline(element, state)
        if not place.in_table:  # LibreOffice prints no break for one in a cell (vb137: 1 page)
            self.page_breaks += state.page_breaks
        para = Paragraph(
            path=path,
            part=place.part,
            section=place.section,
            style_name=look.style_name,
            props=look.props,
            pieces=state.pieces,
            mark=look.mark,
            fields=state.fields,
            shapes=state.shapes,
            container_width=place.width,
            in_table=place.in_table,
            in_textbox=place.in_textbox,
        )
        result: list[Block] = [para]
        for index, (box, width) in enumerate(state.textboxes, start=1):
            inner = Place(place.part, place.section, width, None, place.in_table, True)
            result.extend(self.blocks(box, (*path, ("text box", index)), inner))
        return result

    def _para_look(self, ppr: etree._Element | None, table_style: str | None) -> _ParaLook:
        """Effective paragraph formatting, worked out once per distinct pPr (and table style)."""
        key = (table_style, b"" if ppr is None else etree.tostring(ppr))
        look = self._para_cache.get(key)
        if look is None:
            style_id = val(ppr, "pStyle") or self.styles.default_id("paragraph")
            run_base, para_base = self._base(table_style, style_id)
            direct = para_dict(ppr)
            num_id = direct.get("num_id", para_base.get("num_id"))
            ilvl = direct.get("num_ilvl", para_base.get("num_ilvl"))
            num_format, level = self.numbering.level(num_id, ilvl)
            mark = run_props({**run_base, **run_dict(child(ppr, "rPr"), self.styles.theme)})
            props = para_props(
                {**para_base, **level, **direct}, num_format, mark.size, self.default_tab
            )
            look = _ParaLook(style_id, self.styles.name(style_id), run_base, props, mark)
            self._para_cache[key] = look
        return look

    def _base(self, table_style: str | None, style_id: str | None) -> tuple[Props, Props]:
        """Run and paragraph properties from defaults, table and paragraph style (read-only)."""
        key = (table_style, style_id)
        cached = self._base_cache.get(key)
        if cached is None:
            table_run, table_para = (
                self.styles.style_props(table_style) if table_style else ({}, {})
            )
            run, para = self.styles.style_props(style_id)
            cached = (
                {**self.styles.run_defaults, **table_run, **run},
                {**self.styles.para_defaults, **table_para, **para},
            )
            self._base_cache[key] = cached
        return cached

    def table(self, element: etree._Element, path: Path, place: Place) -> Table:
        tbl_pr = child(element, "tblPr")
        style_id = val(tbl_pr, "tblStyle") or self.styles.default_id("table")
        grid = [twips(attr(col, "w"), 0) or 0 for col in _grid(element)]
        margins = {
            "left": DEFAULT_CELL_MARGIN,
            "right": DEFAULT_CELL_MARGIN,
            **self.styles.cell_margins(style_id),
            **cell_margins(child(tbl_pr, "tblCellMar")),
        }
        rows: list[list[Cell]] = []
        for row_index, row in enumerate(_rows(element), start=1):
            column = _int(val(child(row, "trPr"), "gridBefore"))
            cells: list[Cell] = []
            for cell_index, cell in enumerate(_cells(row), start=1):
                self._count()
                tc_pr = child(cell, "tcPr")
                span = max(1, _int(val(tc_pr, "gridSpan")) or 1)
                width = sum(grid[column : column + span]) if grid[column : column + span] else None
                width = width or _dxa(child(tc_pr, "tcW"))
                pad = {**margins, **cell_margins(child(tc_pr, "tcMar"))}
                inner_width = None if width is None else width - pad["left"] - pad["right"]
                inner = Place(
                    place.part, place.section, inner_width, style_id, True, place.in_textbox
                )
                cell_path = (*path, ("row", row_index), ("cell", cell_index))
                cells.append(
                    Cell(row_index - 1, column, width, self.blocks(cell, cell_path, inner))
                )
                column += span
            rows.append(cells)
        return Table(path, place.section, rows, self._bordered(element, style_id))

    def _bordered(self, element: etree._Element, style_id: str | None) -> bool:
        """Whether any table or cell border shows (direct borders override the style's)."""
        levels = [child(child(s, "tblPr"), "tblBorders") for s in self.styles.chain(style_id)]
        levels.append(child(child(element, "tblPr"), "tblBorders"))
        table = next((b for b in reversed(levels) if b is not None), None)
        cells = element.iter(w("tcBorders"))
        return (table is not None and _visible(table)) or any(_visible(c) for c in cells)

    # ---- runs -------------------------------------------------------------------------
    def _inline(self, element: etree._Element, state: _RunState) -> None:
        for node in element:
            space, name = qname(node)
            if space == MC_NS and name == "AlternateContent":
                chosen = _choice(node)
                if chosen is not None:
                    self._inline(chosen, state)
            elif space != W_NS or name in _SKIPPED:
                continue
            elif name == "r":
                self._run(node, state)
            elif name == "fldSimple":
                self._simple_field(node, state)
            elif name in _TRANSPARENT or name == "sdt":
                self._inline(node, state)

    def _simple_field(self, node: etree._Element, state: _RunState) -> None:
        start = len(state.pieces)
        self._inline(node, state)
        first = next((p.props for p in state.pieces[start:]), None)
        if first is None:
            first_run = node.find(w("r"))
            first = (
                self._props(first_run, state) if first_run is not None else run_props(state.base)
            )
        state.fields.append(Field(attr(node, "instr") or "", first))

    def _props(self, run: etree._Element, state: _RunState) -> RunProps:
        rpr = child(run, "rPr")
        key = (*state.base_key, b"" if rpr is None else etree.tostring(rpr))
        cached = self._run_cache.get(key)
        if cached is None:
            style_id = val(rpr, "rStyle") or self.styles.default_id("character")
            style_run, _skip = self.styles.style_props(style_id)
            cached = run_props({**state.base, **style_run, **run_dict(rpr, self.styles.theme)})
            self._run_cache[key] = cached
        return cached

    def _run(self, run: etree._Element, state: _RunState) -> None:
        props = self._props(run, state)
        pieces, fields = state.pieces, state.open_fields
        for node in run:
            tag = node.tag
            kind = _RUN_TEXT.get(tag)
            if kind is not None:  # the common case first: text, tabs, breaks
                if props.hidden or (fields and fields[-1]["phase"] == "instr"):
                    continue
                if kind == "t":
                    pieces.append(Piece("text", node.text or "", props))
                    if fields and fields[-1]["props"] is None:
                        fields[-1]["props"] = props
                else:
                    self._content(node, kind, props, state)
            elif tag == _ALTERNATE:
                chosen = _choice(node)
                if chosen is not None:
                    self._objects(chosen, state)
            elif tag in _OBJECTS:
                self._objects(node, state)
            elif tag in _FIELD_PARTS:
                self._field_part(node, props, state)

    def _content(self, node: etree._Element, name: str, props: RunProps, state: _RunState) -> None:
        if name in ("tab", "ptab"):
            state.pieces.append(Piece("tab", "\t", props))
        elif name == "br" and attr(node, "type") == "page":
            state.page_breaks += 1
            state.pieces.append(Piece("page", "\n", props))
        elif name in ("br", "cr"):
            state.pieces.append(Piece("break", "\n", props))
        elif name == "noBreakHyphen":
            state.pieces.append(Piece("text", "-", props))
        elif name == "sym" and (code := attr(node, "char")):
            state.pieces.append(Piece("text", _symbol(code), props))

    def _field_part(self, node: etree._Element, props: RunProps, state: _RunState) -> None:
        if local(node) == "instrText":
            if state.open_fields:
                state.open_fields[-1]["instr"] += node.text or ""
            return
        kind = attr(node, "fldCharType")
        if kind == "begin":
            state.open_fields.append({"instr": "", "phase": "instr", "props": None, "begin": props})
        elif kind == "separate" and state.open_fields:
            state.open_fields[-1]["phase"] = "result"
        elif kind == "end" and state.open_fields:
            done = state.open_fields.pop()
            state.fields.append(Field(done["instr"].strip(), done["props"] or done["begin"]))

    def _objects(self, node: etree._Element, state: _RunState) -> None:
        """Shapes and text boxes inside a drawing, VML picture or object."""
        for shape_width, is_line, left in drawing_shapes(node):
            state.shapes.append(Shape(is_line, shape_width, left))
        for box in node.iter(_TXBX):
            if inside_fallback(box, node) or _inside_box(box, node):
                continue  # a Fallback copy, or a box in a box (read with its outer box)
            width = box_width(box)
            state.textboxes.append((box, width))


_TXBX = w("txbxContent")
_ALTERNATE = f"{{{MC_NS}}}AlternateContent"
_RUN_TEXT = {w(name): name for name in ("t", "tab", "ptab", "br", "cr", "noBreakHyphen", "sym")}
_OBJECTS = {w("drawing"), w("pict"), w("object")}
_FIELD_PARTS = {w("fldChar"), w("instrText")}


def _inside_box(box: etree._Element, top: etree._Element) -> bool:
    """True when `box` sits in another text box below `top`."""
    node = box.getparent()
    while node is not None and node is not top:
        if node.tag == _TXBX:
            return True
        node = node.getparent()
    return False


def block_children(parent: etree._Element) -> Iterator[etree._Element]:
    """Block-level children, looking through content controls and markup compatibility."""
    for element in parent:
        space, name = qname(element)
        if space == MC_NS and name == "AlternateContent":
            chosen = _choice(element)
            if chosen is not None:
                yield from block_children(chosen)
        elif space != W_NS:
            continue
        elif name in ("sdt", "customXml", "ins", "moveTo"):
            content = child(element, "sdtContent") if name == "sdt" else element
            if content is not None:
                yield from block_children(content)
        elif name in ("p", "tbl"):
            yield element


def _choice(alternate: etree._Element) -> etree._Element | None:
    choice = alternate.find(f"{{{MC_NS}}}Choice")
    return choice if choice is not None else alternate.find(f"{{{MC_NS}}}Fallback")


def _grid(table: etree._Element) -> list[etree._Element]:
    grid = child(table, "tblGrid")
    return [] if grid is None else grid.findall(w("gridCol"))


def _rows(table: etree._Element) -> Iterator[etree._Element]:
    yield from block_children_of(table, "tr")


def _cells(row: etree._Element) -> Iterator[etree._Element]:
    yield from block_children_of(row, "tc")


def block_children_of(parent: etree._Element, wanted: str) -> Iterator[etree._Element]:
    """Children named `wanted`, looking through sdt/customXml wrappers."""
    for element in parent:
        space, name = qname(element)
        if space != W_NS:
            continue
        if name == wanted:
            yield element
        elif name in ("sdt", "customXml"):
            content = child(element, "sdtContent") if name == "sdt" else element
            if content is not None:
                yield from block_children_of(content, wanted)


def _dxa(width: etree._Element | None) -> int | None:
    if width is None or (attr(width, "type") or "dxa") != "dxa":
        return None
    return twips(attr(width, "w"))


def _int(value: str | None) -> int:
    return integer(value, 0) or 0


def _visible(borders: etree._Element) -> bool:
    return any((attr(side, "val") or "") not in _NO_BORDER for side in borders)


def _symbol(code: str) -> str:
    try:
        number = int(code, 16)
    except ValueError:
        return ""
    if 0xF000 <= number <= 0xF0FF:
        number -= 0xF000
    return chr(number) if 0 < number < 0x110000 else ""


def element_at(body: etree._Element, path: Path) -> etree._Element | None:
    """The w:p or w:tbl a view's `path` names under `body` (walked as the reader walks it),
    or None when the path leads into a text box or nowhere."""
    node: etree._Element | None = body
    for kind, number in path:
        if node is None:
            return None
        if kind == "paragraph":
            found = [e for e in block_children(node) if local(e) == "p"]
        elif kind == "table":
            found = [e for e in block_children(node) if local(e) == "tbl"]
        elif kind == "row":
            found = list(_rows(node))
        elif kind == "cell":
            found = list(_cells(node))
        else:
            return None
        node = found[number - 1] if 0 < number <= len(found) else None
    return node
