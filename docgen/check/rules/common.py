"""What every rule function receives, and the style comparisons several of them share."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from docgen.check.findings import Finding
from docgen.check.layout import Layout
from docgen.check.ruleset import Rule
from docgen.check.text import Slot, excerpt, is_upper, size_words, whole
from docgen.check.view import Paragraph
from docgen.i18n import N_, _

_SIZE_SLACK = 0.01
_HEADING_STYLES = ("heading", "title", "subtitle", "tiêu đề")
_SHORT_CENTRED = 120


@dataclass(frozen=True)
class Context:
    """The located document, the rule being checked and the shared data."""

    layout: Layout
    rule: Rule
    data: Mapping[str, Any]
    keep: int | None = None
    """How many findings are reported in full; past them hit() only counts (the engine
    reports the rest as a number), so a rule firing on every paragraph stays cheap."""
    hits: list[int] = field(default_factory=lambda: [0])
    styles: dict[int, str] = field(default_factory=dict)
    """The paragraph style each finding (by id) was made at, for grouping style faults."""

    def hit(
        self,
        at: Slot | Paragraph | str,
        expected: str,
        found: str,
        message: str,
        severity: str | None = None,
    ) -> Finding:
        """A finding of this rule at a slot, a paragraph or a named place."""
        self.hits[0] += 1
        if self.keep is not None and self.hits[0] > self.keep:
            return COUNTED
        para = at.para if isinstance(at, Slot) else at if isinstance(at, Paragraph) else None
        if isinstance(at, Slot):
            location, text = self.layout.where(at.para), at.text
        elif isinstance(at, Paragraph):
            location, text = self.layout.where(at), at.text
        else:
            location, text = at, ""
        finding = Finding(
            self.rule.id,
            severity or self.rule.severity,
            location,
            excerpt(text),
            expected,
            found,
            message,
        )
        if para is not None and para.style_name:
            self.styles[id(finding)] = para.style_name
        return finding


COUNTED = Finding("", "", "", "", "", "", _("a finding past the ones reported in full"))
"""What hit() returns past `keep`: the engine drops it and counts it in the '… and N more'."""


@dataclass(frozen=True)
class Want:
    """Expected character and paragraph style of a component."""

    bold: bool | None = None
    italic: bool | None = False
    sizes: Sequence[float] = ()
    centred: bool = False

    def words(self) -> str:
        parts = []
        if self.bold is not None:
            parts.append(_("bold") if self.bold else _("not bold"))
        if self.italic is not None:
            parts.append(_("italic") if self.italic else _("upright"))
        if self.sizes:
            parts.append(size_range(self.sizes))
        if self.centred:
            parts.append(_("centred"))
        return ", ".join(parts)


def size_range(sizes: Sequence[float]) -> str:
    low, high = min(sizes), max(sizes)
    return f"{low:g} pt" if low == high else f"{low:g}–{high:g} pt"


def sizes_ok(found: Sequence[float], wanted: Sequence[float]) -> bool:
    return all(min(wanted) - _SIZE_SLACK <= s <= max(wanted) + _SIZE_SLACK for s in found)


def style_gaps(slot: Slot, want: Want) -> list[str]:
    """What differs from `want`, in plain words ('not bold', '12 pt', 'aligned left')."""
    gaps: list[str] = []
    if want.bold is True and not slot.bold:
        gaps.append(_("partly bold") if slot.any_bold else _("not bold"))
    if want.bold is False and slot.any_bold:
        gaps.append(_("bold"))
    if want.italic is True and not slot.italic:
        gaps.append(_("partly italic") if slot.any_italic else _("not italic"))
    if want.italic is False and slot.any_italic:
        gaps.append(_("italic"))
    if want.sizes and not sizes_ok(slot.sizes, want.sizes):
        gaps.append(size_words(slot.sizes))
    if (
        want.centred
        and slot.whole
        and slot.para.props.alignment != "center"
        and not placed_by_hand(slot.para)
    ):
        gaps.append(
            _("aligned {alignment}").format(alignment=alignment_words(slot.para.props.alignment))
        )
    return gaps


_HAND_PLACED = re.compile(r"^(\t| {6,})")


def placed_by_hand(para: Paragraph) -> bool:
    """A line pushed into place with tabs or a row of spaces (a name typed under the
    signature after the closing table): the page shows it where the clerk put it, so its
    alignment setting says nothing."""
    return _HAND_PLACED.match(para.raw) is not None


def check_style(ctx: Context, slot: Slot, want: Want, what: str) -> list[Finding]:
    """One finding listing every style difference of `slot`, or none."""
    gaps = style_gaps(slot, want)
    if not gaps:
        return []
    return [
        ctx.hit(
            slot,
            want.words(),
            ", ".join(gaps),
            _("{what} should be {words}").format(what=_(what), words=want.words()),
        )
    ]


def alignment_words(alignment: str | None) -> str:
    words = {
        None: N_("left (no alignment set)"),
        "both": N_("justified"),
        "start": N_("left"),
        "end": N_("right"),
        "distribute": N_("distributed"),
        "left": N_("left"),
        "center": N_("centred"),
        "right": N_("right"),
    }
    return _(words.get(alignment, alignment or "left"))


def is_heading(para: Paragraph) -> bool:
    """Headings and display lines, which the body rules leave alone."""
    name = para.style_name.lower()
    if name.startswith(_HEADING_STYLES):
        return True
    if para.props.outline_level is not None and para.props.outline_level < 9:
        return True
    slot = whole(para)
    if slot.bold or is_upper(para.text):
        return True
    return para.props.alignment == "center" and len(para.text) <= _SHORT_CENTRED


def prose(layout: Layout) -> list[Paragraph]:
    """Body paragraphs that are running text (not headings), worked out once per document."""
    paras = layout.memo("prose", lambda: tuple(p for p in layout.body if not is_heading(p)))
    return list(paras)


def cm(twips: int | float) -> str:
    return f"{twips / 567:.2f} cm"


def is_official(layout: Layout) -> bool:
    """True when the document shows NĐ30 furniture (so missing pieces are worth reporting)."""
    return layout.header.qh is not None or layout.header.so is not None
