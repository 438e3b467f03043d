"""No-break hyphens: U+2011 in rendered text becomes Word's ``w:noBreakHyphen`` (a hyphen
Word and LibreOffice print with the run's own font and never break a line at; the
character itself is missing from Times New Roman's metric twin)."""

from __future__ import annotations

from copy import deepcopy

from lxml import etree

from docgen.render.xmlns import W

HYPHEN = "\u2011"
_IN_TEXT = '</w:t><w:noBreakHyphen/><w:t xml:space="preserve">'


def no_break_hyphens(xml: str) -> str:
    """A rendered part, U+2011 written as ``w:noBreakHyphen`` (it only occurs in w:t text:
    XML attributes docgen writes never hold it)."""
    return xml.replace(HYPHEN, _IN_TEXT) if HYPHEN in xml else xml


def no_break_hyphens_tree(root: etree._Element) -> None:
    """:func:`no_break_hyphens` on a parsed part."""
    for t in [t for t in root.iter(f"{W}t") if t.text and HYPHEN in t.text]:
        pieces = (t.text or "").split(HYPHEN)
        t.text = pieces[0]
        at = t
        for piece in pieces[1:]:
            hyphen = etree.Element(f"{W}noBreakHyphen")
            at.addnext(hyphen)
            text = deepcopy(t)
            text.text = piece
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            hyphen.addnext(text)
            at = text
