"""Drawings in a run: straight-line shapes (with their widths) and text boxes."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from docgen.check.ooxml import (
    A_NS,
    EMU_PER_TWIP,
    MC_NS,
    V_NS,
    WP_NS,
    WPS_NS,
    integer,
    local,
    namespace,
    twips,
)

_LINE_SHAPES = {"line", "straightConnector1"}
_TEXTBOX_INSET = 288


def inside_fallback(box: etree._Element, top: etree._Element) -> bool:
    """True when `box` sits in an mc:Fallback below `top` (a copy of the mc:Choice content)."""
    node = box.getparent()
    while node is not None and node is not top:
        if namespace(node) == MC_NS and local(node) == "Fallback":
            return True
        node = node.getparent()
    return False


def drawing_shapes(node: etree._Element) -> Iterator[tuple[int | None, bool, int | None]]:
    """(width in twips, is a straight line, left offset in twips when the shape gives one)
    for each DrawingML or VML shape under `node`."""
    for extent_holder in node.iter(f"{{{WP_NS}}}inline", f"{{{WP_NS}}}anchor"):
        if inside_fallback(extent_holder, node):
            continue
        extent = extent_holder.find(f"{{{WP_NS}}}extent")
        width = _emu(extent.get("cx")) if extent is not None else None
        geometry = extent_holder.find(f".//{{{A_NS}}}prstGeom")
        prst = geometry.get("prst") if geometry is not None else None
        is_line = prst in _LINE_SHAPES or extent_holder.find(f".//{{{WPS_NS}}}cNvCnPr") is not None
        offset = extent_holder.find(f"{{{WP_NS}}}positionH/{{{WP_NS}}}posOffset")
        left = _emu_signed(offset.text) if offset is not None else None
        yield width, bool(is_line), left
    for line in node.iter(f"{{{V_NS}}}line"):
        if not inside_fallback(line, node):
            yield _vml_line_width(line), True, _vml_left(line)


def _vml_ends(line: etree._Element) -> tuple[int, int] | None:
    """The x of a VML line's two ends, in twips."""
    try:
        x1 = _vml_length(line.get("from", "0,0").split(",")[0])
        x2 = _vml_length(line.get("to", "0,0").split(",")[0])
    except (ValueError, IndexError):
        return None
    return None if x1 is None or x2 is None else (x1, x2)


def _vml_line_width(line: etree._Element) -> int | None:
    ends = _vml_ends(line)
    return None if ends is None else abs(ends[1] - ends[0])


def _vml_left(line: etree._Element) -> int | None:
    ends = _vml_ends(line)
    return None if ends is None else min(ends)


def _vml_length(value: str) -> int | None:
    """A VML length; bare numbers are points."""
    value = value.strip()
    return twips(value + "pt") if value and value[-1].isdigit() else twips(value)


def box_width(box: etree._Element) -> int | None:
    """Inner width of the text box holding `box` (a w:txbxContent), when its extent is known."""
    node = box.getparent()
    while node is not None:
        if namespace(node) == WP_NS and local(node) in ("inline", "anchor"):
            extent = node.find(f"{{{WP_NS}}}extent")
            width = _emu(extent.get("cx")) if extent is not None else None
            return None if width is None else max(0, width - _TEXTBOX_INSET)
        if namespace(node) == V_NS and local(node) in _VML_BOXES:
            width = _vml_style_width(node.get("style") or "")
            return None if width is None else max(0, width - _TEXTBOX_INSET)
        node = node.getparent()
    return None


_VML_BOXES = {"shape", "rect", "roundrect", "oval"}


def _vml_style_width(style: str) -> int | None:
    """The 'width:…' of a VML shape's CSS-like style (points when no unit is given)."""
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        if name.strip().lower() == "width" and value.strip():
            return _vml_length(value)
    return None


def _emu(value: str | None) -> int | None:
    emu = integer(value, 0, _MAX_EMU)
    return None if emu is None else emu // EMU_PER_TWIP


def _emu_signed(value: str | None) -> int | None:
    emu = integer((value or "").strip(), -_MAX_EMU, _MAX_EMU)
    return None if emu is None else emu // EMU_PER_TWIP


_MAX_EMU = 27273042316900  # ST_PositiveCoordinate
