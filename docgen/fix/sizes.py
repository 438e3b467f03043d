"""Font sizes per component: where the checker finds a component (Quốc hiệu, tên cơ quan,
trích yếu, nội dung, nơi nhận…) printed at a size NĐ30 does not allow, every run of its
paragraph is set to the nearest allowed size. Only when it is unambiguous: the paragraph is
that component alone (not a line among others, not shared with another component), in the
main text (not a text box), with one size throughout."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from docgen.check.layout import Layout
from docgen.check.rules.common import prose
from docgen.check.ruleset import RuleSet
from docgen.check.text import Slot, excerpt, whole
from docgen.check.view import Path
from docgen.check.walker import element_at

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class SizeFix:
    """One paragraph to set at `size` points: the rule whose sizes it answers, the
    component's name, the size it had and a piece of its text."""

    rule: str
    component: str
    path: Path
    size: float
    was: float
    text: str


def size_fixes(layout: Layout, rules: RuleSet) -> list[SizeFix]:
    """The paragraphs of `layout` whose component is at a size its rule does not allow."""
    if layout.not_governed:
        return []  # a form NĐ30 does not govern keeps its sizes
    header, title, closing = layout.header, layout.title, layout.closing
    parts: list[tuple[str, str, Iterable[Slot | None]]] = [
        ("ND30-QH-STYLE", "Quốc hiệu", [header.qh]),
        ("ND30-TN-STYLE", "Tiêu ngữ", [header.tn]),
        ("ND30-CQ-STYLE", "tên cơ quan", [*header.chu_quan, *header.agency]),
        ("ND30-SO-STYLE", "số, ký hiệu", [header.so]),
        ("ND30-DATE-STYLE", "địa danh, ngày tháng", [header.date]),
        ("ND30-TYPE-TITLE", "tên loại", [title.type_title]),
        ("ND30-TRICHYEU", "trích yếu", title.trich_yeu),
        ("ND30-VV", "V/v", [header.vv]),
        ("ND30-NN-LABEL", "Nơi nhận:", [closing.label]),
        ("ND30-NN-ITEMS", "nơi nhận", closing.items),
        ("ND30-SIG-STYLE", "chữ ký", [*closing.authority, closing.name]),
        ("ND30-BODY-SIZE", "nội dung", [whole(p) for p in prose(layout)]),
    ]
    claims: dict[Path, list[SizeFix | None]] = {}
    for rule_id, component, slots in parts:
        if rule_id not in rules.ids:
            continue
        allowed = [float(s) for s in rules[rule_id].params.get("sizes", [])]
        for slot in slots:
            if slot is not None and allowed:
                claims.setdefault(slot.para.path, []).append(
                    _fix(rule_id, component, slot, allowed)
                )
    fixes = []
    for claimed in claims.values():
        if len(claimed) == 1 and claimed[0] is not None:
            fixes.append(claimed[0])
    return fixes


def _fix(rule_id: str, component: str, slot: Slot, allowed: list[float]) -> SizeFix | None:
    """The fix of one slot, or None when it needs none or is not unambiguous."""
    para = slot.para
    if not slot.whole or para.part != "body" or para.in_textbox:
        return None
    if any(kind == "text box" for kind, _ in para.path):
        return None
    sizes = Counter(piece.props.size for piece in slot.ink)
    if len(sizes) != 1:
        return None
    (was,) = sizes
    if was in allowed:
        return None
    size = min(allowed, key=lambda a: (abs(a - was), -a))
    return SizeFix(rule_id, component, para.path, size, was, excerpt(slot.text, 40))


def apply_sizes(body: etree._Element, fixes: list[SizeFix]) -> Iterator[SizeFix]:
    """Set each fix's paragraph runs (and its mark) to the fix's size; yield those made."""
    for fix in fixes:
        para = element_at(body, fix.path)
        if para is None or etree.QName(para).localname != "p":
            continue
        half_points = str(round(fix.size * 2))
        for run in para.iter(_w("r")):
            if run.find(_w("t")) is not None and not _in_text_box(run, para):
                _set_size(_rpr(run, first=True), half_points)
        ppr = para.find(_w("pPr"))
        if ppr is not None:
            _set_size(_rpr(ppr, first=False), half_points)
        yield fix


def _in_text_box(run: etree._Element, para: etree._Element) -> bool:
    """True when the run belongs to a text box anchored in `para`, not to `para` itself."""
    node = run.getparent()
    while node is not None and node is not para:
        if etree.QName(node).localname == "txbxContent":
            return True
        node = node.getparent()
    return False


#: what follows w:sz and w:szCs in a w:rPr (ECMA-376 CT_RPr's sequence)
_AFTER_SIZE = {
    "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
    "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange",
}  # fmt: skip


def _rpr(owner: etree._Element, *, first: bool) -> etree._Element:
    """The w:rPr of a run (its first child) or of a paragraph mark (before w:sectPr and
    w:pPrChange, which end a w:pPr), made when missing."""
    rpr = owner.find(_w("rPr"))
    if rpr is not None:
        return rpr
    rpr = etree.Element(_w("rPr"))
    if first:
        owner.insert(0, rpr)
        return rpr
    later = [c for c in owner if etree.QName(c).localname in ("sectPr", "pPrChange")]
    if later:
        later[0].addprevious(rpr)
    else:
        owner.append(rpr)
    return rpr


def _set_size(rpr: etree._Element, half_points: str) -> None:
    for tag in ("sz", "szCs"):
        node = rpr.find(_w(tag))
        if node is None:
            node = etree.Element(_w(tag))
            after = [c for c in rpr if etree.QName(c).localname in _AFTER_SIZE]
            if tag == "szCs" and rpr.find(_w("sz")) is not None:
                rpr.find(_w("sz")).addnext(node)  # type: ignore[union-attr]
            elif after:
                after[0].addprevious(node)
            else:
                rpr.append(node)
        node.set(_w("val"), half_points)


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"
