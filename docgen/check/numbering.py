"""Automatic numbering: the format and paragraph properties of each list level."""

from __future__ import annotations

from lxml import etree

from docgen.check.ooxml import attr, child, val, w
from docgen.check.styles import Props, para_dict


class Numbering:
    """numId + level → (number format, paragraph properties of that level)."""

    def __init__(self, root: etree._Element | None) -> None:
        self._levels: dict[tuple[str, str], tuple[str | None, Props]] = {}
        if root is None:
            return
        abstract = {attr(a, "abstractNumId"): a for a in root.findall(w("abstractNum"))}
        for num in root.findall(w("num")):
            definition = abstract.get(val(num, "abstractNumId"))
            num_id = attr(num, "numId")
            if definition is None or num_id is None:
                continue
            for level in definition.findall(w("lvl")):
                ilvl = attr(level, "ilvl") or "0"
                self._levels[(num_id, ilvl)] = (
                    val(level, "numFmt"),
                    para_dict(child(level, "pPr")),
                )

    def level(self, num_id: str | None, ilvl: str | None) -> tuple[str | None, Props]:
        """Format and properties of a level; (None, {}) when unknown or not numbered."""
        if num_id in (None, "0"):
            return None, {}
        return self._levels.get((str(num_id), ilvl or "0"), (None, {}))
