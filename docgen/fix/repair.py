"""The repairs of `docgen fix`, made in the Word XML of each part with lxml."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from docgen.check.engine import RULES
from docgen.check.locate import locate
from docgen.check.reader import read_docx
from docgen.errors import DocgenError
from docgen.fix.sizes import SizeFix, apply_sizes, size_fixes
from docgen.i18n import _
from docgen.vn.dates import day_str, month_str

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FONT = "Times New Roman"
A4 = (11906, 16838)
A4_TOLERANCE = 20
#: NĐ30 margins in twips (1 mm = 56.7): side → (least, most)
MARGINS = {"top": (1134, 1418), "bottom": (1134, 1418), "left": (1701, 1985), "right": (850, 1134)}
_TEXT_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_STYLE_PARTS = re.compile(r"^word/(styles|document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_FONT_SLOTS = ("ascii", "hAnsi", "cs")
_THEME_SLOTS = ("asciiTheme", "hAnsiTheme", "cstheme")
#: fonts whose glyphs are symbols or whose text is in a legacy encoding: a new font name
#: would change what prints, so they are left as they are
_KEPT_FONTS = ("symbol", "wingdings", "webdings", "marlett")
_DATE = re.compile(r"\b[Nn]gày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+\d{4}")
_AUTHORITY = re.compile(r"^\s*(K\s*/\s*T|T\s*/\s*M|T\s*/\s*L)\s*[.:]?\s*(?=\S)")
_MOTTO = re.compile(r"Độc\s*lập\s*[-–—]\s*Tự\s*do\s*[-–—]\s*Hạnh\s*phúc")
_MOTTO_TEXT = "Độc lập - Tự do - Hạnh phúc"
_LUU = re.compile(r"^\s*[-–+•]?\s*Lưu\s*:")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


@dataclass(frozen=True)
class Change:
    """One repair: which rule it answers, where, and the text or value before and after."""

    rule: str
    where: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.where}: {self.rule}: «{self.before}» → «{self.after}»"


@dataclass
class Repaired:
    """The repaired .docx, as bytes, and every change made to it."""

    data: bytes
    changes: list[Change] = field(default_factory=list)


def repair(path: str | Path) -> Repaired:
    """The repairs of the .docx at `path`; UnreadableFileError when it cannot be read safely."""
    path = Path(path)
    # refuses what the checker refuses (size, zip bombs, XML); finds the components
    sizes = size_fixes(locate(read_docx(path, RULES.limits), RULES), RULES)
    with zipfile.ZipFile(path) as package:
        entries = [(info, package.read(info)) for info in package.infolist()]
    changes: list[Change] = []
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            if _STYLE_PARTS.match(info.filename):
                data = _repair_part(info.filename, data, changes, sizes)
            target.writestr(info, data)
    return Repaired(out.getvalue(), changes)


def _repair_part(name: str, data: bytes, changes: list[Change], sizes: list[SizeFix]) -> bytes:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise DocgenError(
            _("{name} is not well-formed XML").format(name=name), hint=_("re-save it in Word")
        ) from exc
    before = len(changes)
    if name == "word/document.xml":
        changes.extend(_page(root))
        body = root.find(w("body"))
        for fix in [] if body is None else apply_sizes(body, sizes):
            changes.append(
                Change(
                    fix.rule,
                    f"{fix.component}: «{fix.text}»",
                    f"{fix.was:g} pt",
                    f"{fix.size:g} pt",
                )
            )
    changes.extend(_fonts(root, name))
    if _TEXT_PARTS.match(name):
        changes.extend(_texts(root, name))
    if len(changes) == before:
        return data
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return result


def _page(root: etree._Element) -> Iterator[Change]:
    for number, sect in enumerate(root.iter(w("sectPr")), start=1):
        where = f"section {number}"
        size = sect.find(w("pgSz"))
        if size is not None:
            landscape = size.get(w("orient")) == "landscape"
            want = tuple(reversed(A4)) if landscape else A4
            have = (_twips(size.get(w("w"))), _twips(size.get(w("h"))))
            if any(h is None or abs(h - v) > A4_TOLERANCE for h, v in zip(have, want, strict=True)):
                size.set(w("w"), str(want[0]))
                size.set(w("h"), str(want[1]))
                yield Change(
                    "ND30-PAPER-A4",
                    where,
                    f"{_mm(have[0])} × {_mm(have[1])}",
                    f"{_mm(want[0])} × {_mm(want[1])} (A4)",
                )
        margins = sect.find(w("pgMar"))
        for side, (least, most) in MARGINS.items():
            value = None if margins is None else _twips(margins.get(w(side)))
            if margins is None or value is None or value < 0 or least <= value <= most:
                continue
            fixed = min(max(value, least), most)
            margins.set(w(side), str(fixed))
            yield Change(
                f"ND30-MARGIN-{side.upper()}", where, f"{side} {_mm(value)}", f"{side} {_mm(fixed)}"
            )


def _twips(value: str | None) -> int | None:
    try:
        return None if value is None else round(float(value))
    except ValueError:
        return None


def _mm(twips: int | None) -> str:
    return "none" if twips is None else f"{twips / 56.7:.0f} mm"


def _fonts(root: etree._Element, name: str) -> Iterator[Change]:
    replaced: Counter[str] = Counter()
    for fonts in root.iter(w("rFonts")):
        for slot in _FONT_SLOTS:
            font = fonts.get(w(slot))
            if font is not None and font != FONT and not _kept(font):
                fonts.set(w(slot), FONT)
                replaced[font] += 1
        for slot, plain in zip(_THEME_SLOTS, _FONT_SLOTS, strict=True):
            if fonts.get(w(slot)) is not None:
                del fonts.attrib[w(slot)]
                fonts.set(w(plain), FONT)
                replaced["the theme font"] += 1
    if name == "word/styles.xml":
        replaced.update(_default_font(root))
    for font, count in sorted(replaced.items()):
        yield Change("ND30-FONT-FAMILY", f"{name} ({count} place(s))", font, FONT)


def _kept(font: str) -> bool:
    folded = font.lower()
    legacy = tuple(RULES.data["legacy_font_prefixes"])
    return folded.startswith(_KEPT_FONTS) or folded.startswith(legacy)


def _default_font(root: etree._Element) -> Counter[str]:
    """The document defaults name Times New Roman (what unstyled text prints in)."""
    defaults = root.find(w("docDefaults"))
    if defaults is None:
        defaults = etree.Element(w("docDefaults"))
        root.insert(0, defaults)
    rpr_default = _child(defaults, "rPrDefault", first=True)
    rpr = _child(rpr_default, "rPr")
    fonts = rpr.find(w("rFonts"))
    if fonts is not None and all(fonts.get(w(s)) for s in _FONT_SLOTS):
        return Counter()
    if fonts is None:
        fonts = etree.Element(w("rFonts"))
        rpr.insert(0, fonts)
    for slot in _FONT_SLOTS:
        fonts.set(w(slot), fonts.get(w(slot)) or FONT)
    return Counter({"no default font": 1})


def _child(parent: etree._Element, tag: str, first: bool = False) -> etree._Element:
    found = parent.find(w(tag))
    if found is None:
        found = etree.Element(w(tag))
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found


# --- text ---------------------------------------------------------------------------------

Edit = tuple[int, int, str]
Fixer = Callable[[str], list[Edit]]


def _texts(root: etree._Element, name: str) -> Iterator[Change]:
    label = (
        "body" if name == "word/document.xml" else name.removeprefix("word/").removesuffix(".xml")
    )
    for number, para in enumerate(root.iter(w("p")), start=1):
        nodes = [t for t in para.iter(w("t")) if _owner(t) is para]
        if not nodes:
            continue
        where = f"{label} paragraph {number}"
        for node in nodes:
            text = node.text or ""
            nfc = unicodedata.normalize("NFC", text)
            if nfc != text:
                node.text = nfc
                yield Change("ND30-UNICODE-NFC", where, _show(text), _show(nfc))
        for rule, fixer in _FIXERS:
            full = "".join(n.text or "" for n in nodes)
            edits = fixer(full)
            if not edits:
                continue
            for start, end, new in sorted(edits, reverse=True):
                _apply(nodes, start, end, new)
            after = "".join(n.text or "" for n in nodes)
            yield Change(rule, where, _show(full), _show(after))


def _show(text: str) -> str:
    text = text.strip()
    return text if len(text) <= 80 else text[:77] + "…"


def _owner(node: etree._Element) -> etree._Element | None:
    parent = node.getparent()
    while parent is not None and parent.tag != w("p"):
        parent = parent.getparent()
    return parent


def _apply(nodes: list[etree._Element], start: int, end: int, new: str) -> None:
    """Replace characters start:end of the paragraph's text by `new`, in the run holding
    `start` (the runs after it lose the characters of the range they held)."""
    offset, placed = 0, False
    for node in nodes:
        text = node.text or ""
        low, high = offset, offset + len(text)
        offset = high
        if not placed:
            if start < low or start > high or (start == high and start != end):
                continue
            text = text[: start - low] + new + text[min(end, high) - low :]
            placed = True
        elif low >= end:
            break
        else:
            text = text[min(end, high) - low :]
        node.text = text
        if text != text.strip():
            node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _dates(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for match in _DATE.finditer(text):
        for group, form in ((1, day_str), (2, month_str)):
            digits = match.group(group)
            try:
                wanted = form(int(digits))
            except DocgenError:
                return []
            if wanted != digits:
                edits.append((match.start(group), match.end(group), wanted))
    return edits


def _authority(text: str) -> list[Edit]:
    match = _AUTHORITY.match(text)
    if match is None:
        return []
    letters = re.sub(r"\W", "", match.group(1))
    return [(match.start(1), match.end(), f"{letters}. ")]


def _motto(text: str) -> list[Edit]:
    return [
        (m.start(), m.end(), _MOTTO_TEXT) for m in _MOTTO.finditer(text) if m.group() != _MOTTO_TEXT
    ]


def _luu(text: str) -> list[Edit]:
    stripped = text.rstrip()
    if not _LUU.match(text) or stripped.endswith(".") or len(stripped) < len("- Lưu: VT"):
        return []
    if stripped[-1] in ";,":
        return [(len(stripped) - 1, len(stripped), ".")]
    return [(len(stripped), len(stripped), ".")]


_FIXERS: tuple[tuple[str, Fixer], ...] = (
    ("ND30-DATE-ZERO", _dates),
    ("ND30-SIG-PREFIX", _authority),
    ("ND30-TN-TEXT", _motto),
    ("ND30-NN-LUU", _luu),
)
