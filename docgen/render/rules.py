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
    """Set the indents of every rule paragraph under *body*."""
    for p in _rule_paragraphs(body):
        fit_rule(p, page_text_width)


def fit_rule(p: etree._Element, page_text_width: int) -> None:
    """Set the indents of one rule paragraph, from the paragraphs before it in its parent (a
    table cell or the body): the compiled path calls this on a cell or body cut down to what
    comes before the rule."""
    _fit(p, RATIOS[_style(p)], _container_width(p, page_text_width))


def is_rule(p: etree._Element) -> bool:
    """True for a paragraph :func:`fit_rules` sizes (given it has the rule's w:pStyle)."""
    return _style(p) in RATIOS


def _rule_paragraphs(body: etree._Element) -> list[etree._Element]:
    """The paragraphs styled as rules, in document order.

    Found from their w:pStyle (one pass in C) rather than by looking into every paragraph,
    which is what a batch of thousands of documents would otherwise spend its time on.
    """
    found: list[etree._Element] = []
    for node in body.iter(f"{W}pStyle"):
        if node.get(f"{W}val") not in RATIOS:
            continue
        ppr = node.getparent()
        p = ppr.getparent() if ppr is not None and ppr.tag == f"{W}pPr" else None
        if p is not None and p.tag == f"{W}p" and _style(p) in RATIOS and p not in found:
            found.append(p)
    return found


def _style(p: etree._Element) -> str:
    node = p.find(f"{W}pPr/{W}pStyle")
    return node.get(f"{W}val", "") if node is not None else ""


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def _measured_width(rule: etree._Element) -> int:
    """Width of the longest line of the text paragraphs right above the rule."""
    widths: list[int] = []
    style = ""
    for prev in rule.itersiblings(f"{W}p", preceding=True):
        prev_style = _style(prev)
        text = _text(prev)
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


def _container_width(p: etree._Element, page_text_width: int) -> int:
    cell = next(p.iterancestors(f"{W}tc"), None)
    if cell is not None:
        width = cell.find(f"{W}tcPr/{W}tcW")
        if width is not None and width.get(f"{W}w", "").isdigit():
            return int(width.get(f"{W}w", "0"))
    return page_text_width


def _fit(rule: etree._Element, ratio: float, container: int) -> None:
    text_width = min(_measured_width(rule), container)
    if not text_width:
        return
    side = max(0, int((container - text_width * ratio) / 2))
    ppr = rule.find(f"{W}pPr")
    if ppr is None:
        ppr = etree.SubElement(rule, f"{W}pPr")
        rule.insert(0, ppr)
    ind = ppr.find(f"{W}ind")
    if ind is None:
        ind = etree.SubElement(ppr, f"{W}ind")
    ind.set(f"{W}left", str(side))
    ind.set(f"{W}right", str(side))
    _order_ppr(ppr)


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
