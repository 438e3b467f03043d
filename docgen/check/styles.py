"""Effective formatting: direct properties over styles (basedOn chains) over document defaults."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lxml import etree

from docgen.check.ooxml import A_NS, W_NS, attr, child, integer, local, on_off, twips, val, w
from docgen.check.view import Border, Fonts, ParaProps, RunProps

Props = dict[str, Any]

_THEME_SLOTS = {"major": "majorFont", "minor": "minorFont"}
_THEME_SCRIPTS = {"Ascii": "latin", "HAnsi": "latin", "EastAsia": "ea", "Bidi": "cs"}
_FONT_SLOTS = (
    ("ascii", "font_ascii"),
    ("hAnsi", "font_hansi"),
    ("cs", "font_cs"),
    ("eastAsia", "font_ea"),
)
_TOGGLES = (
    ("b", "bold"),
    ("i", "italic"),
    ("caps", "caps"),
    ("vanish", "hidden"),
    ("rtl", "rtl"),
    ("cs", "cs"),
)
_FONT_ATTRS = tuple(
    (w(slot), w(slot + "Theme"), w(slot.lower() + "theme"), key) for slot, key in _FONT_SLOTS
)
_TOGGLE_TAGS = {w(tag): key for tag, key in _TOGGLES}
_VALUED_TAGS = {w("u"): "underline", w("vertAlign"): "vert_align"}
_RFONTS, _SZ, _COLOR, _BDR, _VAL = w("rFonts"), w("sz"), w("color"), w("bdr"), w("val")
_MAX_CHAIN = 24
_MAX_HALF_POINTS = 3276  # ST_HpsMeasure: 1638 pt
_MAX_CHARS = 10**6  # hundredths of a character or a line
DEFAULT_CELL_MARGIN = 108
DEFAULT_TAB = 720
"""Word's default tab stop (1.27 cm) when settings.xml names none."""


def theme_fonts(theme: etree._Element | None) -> dict[str, str]:
    """Theme font names keyed as in `w:asciiTheme` values (`minorHAnsi` → 'Calibri')."""
    fonts: dict[str, str] = {}
    if theme is None:
        return fonts
    for prefix, tag in _THEME_SLOTS.items():
        font = theme.find(f".//{{{A_NS}}}{tag}")
        if font is None:
            continue
        for suffix, script in _THEME_SCRIPTS.items():
            face = font.find(f"{{{A_NS}}}{script}")
            if face is not None and face.get("typeface"):
                fonts[prefix + suffix] = face.get("typeface", "")
    return fonts


def run_dict(rpr: etree._Element | None, theme: Mapping[str, str]) -> Props:
    """The character properties set on one level (only what it says).

    One pass over the rPr's children (the first of each name counts), as a document may
    hold tens of thousands of distinct run properties."""
    props: Props = {}
    if rpr is None:
        return props
    seen: set[Any] = set()
    for node in rpr:
        tag = node.tag
        if tag in seen:
            continue
        seen.add(tag)
        if (toggle := _TOGGLE_TAGS.get(tag)) is not None:
            props[toggle] = on_off(node)
        elif tag == _RFONTS:
            _fonts(node, theme, props)
        elif tag == _SZ:
            size = integer(node.get(_VAL), 0, _MAX_HALF_POINTS)
            if size is not None:
                props["size"] = size / 2
        elif tag == _COLOR:
            props["color"] = node.get(_VAL)
            props["theme_color"] = node.get(w("themeColor"))
        elif (key := _VALUED_TAGS.get(tag)) is not None:
            props[key] = node.get(_VAL) or "single"
        elif tag == _BDR:
            props["boxed"] = (node.get(_VAL) or "none") not in ("none", "nil")
    return props


def _fonts(fonts: etree._Element, theme: Mapping[str, str], props: Props) -> None:
    get = fonts.get
    for plain, themed_name, themed_lower, key in _FONT_ATTRS:
        themed = get(themed_name) or get(themed_lower)
        name = theme.get(themed) if themed else get(plain)
        if themed and name is None:
            name = get(plain)
        if name:
            props[key] = name


def para_dict(ppr: etree._Element | None) -> Props:
    """The paragraph properties set on one level (only what it says)."""
    props: Props = {}
    if ppr is None:
        return props
    if (jc := val(ppr, "jc")) is not None:
        props["alignment"] = jc
    props.update(_indent(child(ppr, "ind")))
    props.update(_spacing(child(ppr, "spacing")))
    contextual = on_off(child(ppr, "contextualSpacing"))
    if contextual is not None:
        props["contextual"] = contextual
    for side, border in _borders(child(ppr, "pBdr")).items():
        props["border_" + side] = border
    level = integer(val(ppr, "outlineLvl"), 0, 9)
    if level is not None:
        props["outline"] = level
    stops = _tab_stops(child(ppr, "tabs"))
    if stops is not None:
        props["tabs"] = stops
    num = child(ppr, "numPr")
    if num is not None:
        props["num_id"] = val(num, "numId")
        props["num_ilvl"] = val(num, "ilvl") or "0"
    return props


def _tab_stops(tabs: etree._Element | None) -> tuple[int, ...] | None:
    """The positions of the tab stops a level sets (cleared and bar stops left out)."""
    if tabs is None:
        return None
    stops = {
        pos
        for tab in tabs
        if local(tab) == "tab"
        and (attr(tab, "val") or "left") not in ("clear", "bar")
        and (pos := twips(attr(tab, "pos"))) is not None
    }
    return tuple(sorted(stops))


def _indent(ind: etree._Element | None) -> Props:
    props: Props = {}
    if ind is None:
        return props
    for names, key in ((("left", "start"), "ind_left"), (("right", "end"), "ind_right")):
        for name in names:
            if (value := twips(attr(ind, name))) is not None:
                props[key] = value
                break
    first, hanging = twips(attr(ind, "firstLine")), twips(attr(ind, "hanging"))
    if hanging is not None:
        props["first_line"] = -hanging
    elif first is not None:
        props["first_line"] = first
    elif (chars := integer(attr(ind, "firstLineChars"), -_MAX_CHARS, _MAX_CHARS)) is not None:
        props["first_line_chars"] = chars
    return props


def _spacing(spacing: etree._Element | None) -> Props:
    props: Props = {}
    if spacing is None:
        return props
    for name, key in (("before", "before"), ("after", "after"), ("line", "line")):
        if (value := twips(attr(spacing, name))) is not None:
            props[key] = value
    for name, key in (("beforeLines", "before"), ("afterLines", "after")):
        lines = integer(attr(spacing, name), 0, _MAX_CHARS)
        if key not in props and lines is not None:
            props[key] = lines * 240 // 100
    if (rule := attr(spacing, "lineRule")) is not None:
        props["line_rule"] = rule
    if on_off_attr(attr(spacing, "beforeAutospacing")):
        props["auto_before"] = True
    return props


def on_off_attr(value: str | None) -> bool:
    return value is not None and value.lower() in ("1", "true", "on")


def _borders(pbdr: etree._Element | None) -> dict[str, Border]:
    sides: dict[str, Border] = {}
    if pbdr is None:
        return sides
    for side in ("top", "bottom", "left", "right"):
        element = child(pbdr, side)
        if element is not None:
            size = integer(attr(element, "sz"), 0) or 0
            sides[side] = Border(attr(element, "val") or "none", size)
    return sides


def run_props(props: Props) -> RunProps:
    """Freeze merged character properties."""
    fonts = Fonts(
        props.get("font_ascii"), props.get("font_hansi"), props.get("font_cs"), props.get("font_ea")
    )
    underline = props.get("underline")
    return RunProps(
        fonts=fonts,
        bold=bool(props.get("bold", False)),
        italic=bool(props.get("italic", False)),
        caps=bool(props.get("caps", False)),
        size=float(props.get("size", 10.0)),
        color=props.get("color"),
        theme_color=props.get("theme_color"),
        underline=None if underline in (None, "none") else underline,
        vert_align=props.get("vert_align"),
        hidden=bool(props.get("hidden", False)),
        boxed=bool(props.get("boxed", False)),
        complex_script=bool(props.get("rtl", False) or props.get("cs", False)),
    )


def para_props(
    props: Props, num_format: str | None, size: float, default_tab: int = DEFAULT_TAB
) -> ParaProps:
    """Freeze merged paragraph properties; `size` converts character-unit indents."""
    first_line = props.get("first_line")
    if first_line is None and "first_line_chars" in props:
        first_line = round(props["first_line_chars"] * size * 20 / 100)
    borders = {
        side: props[key]
        for side in ("top", "bottom", "left", "right")
        if (key := "border_" + side) in props
    }
    return ParaProps(
        alignment=props.get("alignment"),
        ind_left=props.get("ind_left", 0),
        ind_right=props.get("ind_right", 0),
        first_line=first_line or 0,
        space_before=props.get("before", 0),
        space_after=props.get("after", 0),
        auto_space_before=bool(props.get("auto_before", False)),
        line=props.get("line"),
        line_rule=props.get("line_rule", "auto"),
        contextual_spacing=bool(props.get("contextual", False)),
        borders=borders,
        outline_level=props.get("outline"),
        num_format=num_format,
        tab_stops=props.get("tabs", ()),
        default_tab=default_tab,
    )


class StyleSheet:
    """Styles, document defaults and theme fonts of one document, with cached chains."""

    def __init__(self, styles: etree._Element | None, theme: etree._Element | None) -> None:
        self.theme = theme_fonts(theme)
        self._styles: dict[str, etree._Element] = {}
        self._defaults: dict[str, str] = {}
        self._based: dict[str, str | None] = {}
        self._cache: dict[str | None, tuple[Props, Props]] = {}
        self._own: dict[str, tuple[Props, Props]] = {}
        self._chains: dict[str | None, list[str]] = {}
        defaults = child(styles, "docDefaults")
        self.run_defaults = run_dict(_find(defaults, "rPrDefault/w:rPr"), self.theme)
        self.para_defaults = para_dict(_find(defaults, "pPrDefault/w:pPr"))
        for style in [] if styles is None else styles.findall(w("style")):
            style_id = attr(style, "styleId")
            kind = attr(style, "type") or "paragraph"
            if style_id:
                self._styles[style_id] = style
                self._based[style_id] = val(style, "basedOn")
                if on_off_attr(attr(style, "default")):
                    self._defaults.setdefault(kind, style_id)

    def default_id(self, kind: str) -> str | None:
        return self._defaults.get(kind)

    def name(self, style_id: str | None) -> str:
        style = self._styles.get(style_id or "")
        return (val(style, "name") or style_id or "") if style is not None else (style_id or "")

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """The style and its basedOn ancestors, base first (cycles and runaway depth cut)."""
        return [self._styles[i] for i in self._chain_ids(style_id)]

    def _chain_ids(self, style_id: str | None) -> list[str]:
        ids = self._chains.get(style_id)
        if ids is None:
            ids = []
            current = style_id
            while current and current in self._styles and current not in ids:
                ids.append(current)
                if len(ids) == _MAX_CHAIN:
                    break
                current = self._based[current]
            ids.reverse()
            self._chains[style_id] = ids
        return ids

    def style_props(self, style_id: str | None) -> tuple[Props, Props]:
        """(character, paragraph) properties a style chain sets, merged base → derived;
        from the nearest ancestor already merged, so a long chain costs its length once."""
        cached = self._cache.get(style_id)
        if cached is None:
            ids = self._chain_ids(style_id)
            run: Props = {}
            para: Props = {}
            start = 0
            for index in range(len(ids) - 2, -1, -1):
                known = self._cache.get(ids[index])
                if known is not None:
                    run, para = dict(known[0]), dict(known[1])
                    start = index + 1
                    break
            for level in ids[start:]:
                own_run, own_para = self._own_props(level)
                run.update(own_run)
                para.update(own_para)
            cached = self._cache[style_id] = (run, para)
        return cached

    def _own_props(self, style_id: str) -> tuple[Props, Props]:
        """What one style itself sets, read once however many chains it is in."""
        own = self._own.get(style_id)
        if own is None:
            style = self._styles[style_id]
            own = (run_dict(child(style, "rPr"), self.theme), para_dict(child(style, "pPr")))
            self._own[style_id] = own
        return own

    def cell_margins(self, style_id: str | None) -> dict[str, int]:
        """Left/right cell margins a table style chain sets."""
        margins: dict[str, int] = {}
        for style in self.chain(style_id):
            margins.update(cell_margins(_find(style, "tblPr/w:tblCellMar")))
        return margins


def cell_margins(mar: etree._Element | None) -> dict[str, int]:
    """Left/right margins of a `tblCellMar`/`tcMar` element."""
    margins: dict[str, int] = {}
    if mar is None:
        return margins
    for names, key in ((("left", "start"), "left"), (("right", "end"), "right")):
        for name in names:
            element = child(mar, name)
            if element is not None and (value := twips(attr(element, "w"))) is not None:
                margins[key] = value
                break
    return margins


def _find(element: etree._Element | None, path: str) -> etree._Element | None:
    if element is None:
        return None
    return element.find("w:" + path, namespaces={"w": W_NS})
