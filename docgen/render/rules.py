"""Size the short solid lines under the agency name, the Tiêu ngữ and the trích yếu.

The template draws each line as the bottom border of an empty paragraph styled
``DG Rule Short`` (1/3–1/2 of the text above it, NĐ30) or ``DG Rule Full`` (as long as the
text above it); the length is set here with left/right indents, from an estimate of the width
of the text above (:func:`docgen.typo.text_width_twips`).
"""

from __future__ import annotations

from lxml import etree

from docgen.render.xmlns import W
from docgen.typo import text_width_twips

RATIOS = {"DGRuleShort": 0.4, "DGRuleFull": 1.0}
#: size (pt) and boldness of the styles whose text a rule measures
MEASURED = {
    "DGAgency": (13.0, True),
    "DGTieuNgu": (14.0, True),
    "DGTrichYeu": (14.0, True),
    "DGChuQuan": (13.0, False),
}


def fit_rules(body: etree._Element, page_text_width: int) -> None:
    """Set the indents of every rule paragraph under *body* (a document rendered by docxtpl;
    docgen's own templates get the indents as values, see :mod:`docgen.render.compiler`)."""
    for p in [p for p in body.iter(f"{W}p") if _style(p) in RATIOS]:
        before = [(_style(q), _text(q)) for q in p.itersiblings(f"{W}p", preceding=True)]
        side = rule_indent(_style(p), before[::-1], _container_width(p, page_text_width))
        if side is not None:
            set_indent(p, str(side), str(side))


def rule_indent(style: str, before: list[tuple[str, str]], container: int) -> int | None:
    """The left and right indent of a rule paragraph styled *style* in a container (table cell
    or page) *container* twips wide, from the (style, text) of the paragraphs before it in
    that container, in document order; None when there is no text to measure."""
    text_width = min(_measured_width(before), container)
    if not text_width:
        return None
    return max(0, int((container - text_width * RATIOS[style]) / 2))


def set_indent(p: etree._Element, left: str, right: str) -> None:
    """Write the left and right indent of a paragraph (w:pPr kept in schema order)."""
    ppr = p.find(f"{W}pPr")
    if ppr is None:
        ppr = etree.Element(f"{W}pPr")
        p.insert(0, ppr)
    ind = ppr.find(f"{W}ind")
    if ind is None:
        ind = etree.SubElement(ppr, f"{W}ind")
    ind.set(f"{W}left", left)
    ind.set(f"{W}right", right)
    _order_ppr(ppr)


def style_of(p: etree._Element) -> str:
    """The paragraph style id of *p* ("" without one)."""
    return _style(p)


def _style(p: etree._Element) -> str:
    node = p.find(f"{W}pPr/{W}pStyle")
    return node.get(f"{W}val", "") if node is not None else ""


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def _measured_width(before: list[tuple[str, str]]) -> int:
    """Width of the longest line of the text paragraphs right above the rule."""
    widths: list[int] = []
    style = ""
    for prev_style, text in reversed(before):
        if prev_style not in MEASURED or not text.strip():
            if widths:
                break
            continue
        if style and prev_style != style:
            break
        style = prev_style
        size, bold = MEASURED[prev_style]
        widths.append(text_width_twips(text, size, bold))
    return max(widths, default=0)


def container_width(p: etree._Element, page_text_width: int) -> int:
    """The width of the table cell *p* is in (its w:tcW), else of the page's text."""
    return _container_width(p, page_text_width)


def _container_width(p: etree._Element, page_text_width: int) -> int:
    cell = next(p.iterancestors(f"{W}tc"), None)
    if cell is not None:
        width = cell.find(f"{W}tcPr/{W}tcW")
        if width is not None and width.get(f"{W}w", "").isdigit():
            return int(width.get(f"{W}w", "0"))
    return page_text_width


# w:pPr children must keep the schema order for Word to accept the file
_PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]


_PPR_RANK = {f"{W}{name}": i for i, name in enumerate(_PPR_ORDER)}


def _order_ppr(ppr: etree._Element) -> None:
    rank = _PPR_RANK
    children = sorted(ppr, key=lambda el: rank.get(el.tag, len(rank)))
    for child in children:
        ppr.append(child)
