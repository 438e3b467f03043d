"""WordprocessingML names and value parsing shared by the reader modules."""

from __future__ import annotations

import re

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V_NS = "urn:schemas-microsoft-com:vml"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"

EMU_PER_TWIP = 635
_UNIT_TWIPS = {
    "mm": 56.6929,
    "cm": 566.929,
    "in": 1440.0,
    "pt": 20.0,
    "pc": 240.0,
    "pi": 240.0,
    "px": 15.0,
}
_MEASURE = re.compile(
    r"\s*(-?[0-9]{1,15}(?:\.[0-9]{1,15})?)\s*(mm|cm|in|pt|pc|pi|px)?\s*", re.ASCII
)
_INTEGER = re.compile(r"\s*([-+]?[0-9]{1,20})\s*", re.ASCII)
INT32 = 2**31 - 1
"""The largest value of the schema's integer types (ST_TwipsMeasure, ST_DecimalNumber…):
anything beyond is garbage, read as absent."""
_TRUE = {"1", "true", "on"}


_CLARK: dict[str, str] = {}
_SPLIT: dict[str, tuple[str, str]] = {}


def w(tag: str) -> str:
    """Clark name of a w: element or attribute."""
    name = _CLARK.get(tag)
    if name is None:
        name = _CLARK[tag] = f"{{{W_NS}}}{tag}"
    return name


def child(element: etree._Element | None, tag: str) -> etree._Element | None:
    """First w: child named `tag`, or None."""
    if element is None:
        return None
    for found in element.iterchildren(w(tag)):
        return found
    return None


def attr(element: etree._Element | None, name: str) -> str | None:
    """Value of the w: attribute `name` (or None)."""
    return None if element is None else element.get(w(name))


def val(element: etree._Element | None, tag: str) -> str | None:
    """`w:val` of the child `tag`."""
    return attr(child(element, tag), "val")


def twips(value: str | None, low: int = -INT32, high: int = INT32) -> int | None:
    """A twips measure: a plain number or a universal measure like `2cm`; None when absent,
    not a number (`1e400`, `abc`, '') or outside low..high."""
    match = _MEASURE.fullmatch(value) if value is not None else None
    if match is None:
        return None
    number, unit = float(match.group(1)), match.group(2)
    result = round(number * _UNIT_TWIPS[unit]) if unit else round(number)
    return result if low <= result <= high else None


def integer(value: str | None, low: int = -INT32, high: int = INT32) -> int | None:
    """A whole-number attribute (ASCII digits, optional sign) within low..high, else None:
    every numeric attribute is read through this or `twips`, never with int()."""
    match = _INTEGER.fullmatch(value) if value is not None else None
    if match is None:
        return None
    result = int(match.group(1))
    return result if low <= result <= high else None


def on_off(element: etree._Element | None) -> bool | None:
    """A toggle property: None when absent, else its value (no w:val means on)."""
    if element is None:
        return None
    value = attr(element, "val")
    return value is None or value.lower() in _TRUE


_SPLIT_CACHE = 4096


def qname(element: etree._Element) -> tuple[str, str]:
    """(namespace, local name) of an element, ('', '') for comments and processing
    instructions; remembered per tag, as a document uses few names."""
    tag = element.tag
    parts = _SPLIT.get(tag) if isinstance(tag, str) else ("", "")
    if parts is None:
        name = etree.QName(tag)
        parts = (name.namespace or "", name.localname)
        if len(_SPLIT) < _SPLIT_CACHE:
            _SPLIT[tag] = parts
    return parts


def local(element: etree._Element) -> str:
    """Local name of an element (comments and processing instructions give '')."""
    return qname(element)[1]


def namespace(element: etree._Element) -> str:
    return qname(element)[0]
