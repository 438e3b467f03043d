"""Fonts, colour and Unicode form of every run (body, tables, text boxes, headers, notes)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from docgen.check.findings import Finding
from docgen.check.rules import rule
from docgen.check.rules.common import Context
from docgen.check.view import Paragraph, Piece
from docgen.i18n import _

_CJK_START = 0x2E80
_SPACE = re.compile(r"\s+")
_ASCII = re.compile(r"[\x00-\x7f]")
_H_ANSI = re.compile("[\x80-\u2e7f]")
_EAST_ASIA = re.compile("[\u2e80-\U0010ffff]")


def piece_fonts(piece: Piece, unnamed: str) -> set[str]:
    """Fonts Word would use for the piece's visible characters (by script slot)."""
    fonts = piece.props.fonts
    if piece.raw.isascii() and not piece.props.complex_script:
        return {fonts.ascii or unnamed} if piece.raw.strip() else set()
    ink = _SPACE.sub("", piece.raw)
    if not ink:
        return set()
    if piece.props.complex_script:
        return {fonts.cs or unnamed}
    used: set[str] = set()
    slots = ((_ASCII, fonts.ascii), (_H_ANSI, fonts.h_ansi), (_EAST_ASIA, fonts.east_asia))
    for pattern, name in slots:
        if pattern.search(ink):
            used.add(name or unnamed)
    return used


def paragraph_fonts(para: Paragraph, unnamed: str) -> set[str]:
    """Every font the paragraph's visible text uses (worked out once per paragraph)."""
    key = ("fonts", unnamed)
    used = para.memo.get(key)
    if used is None:
        used = para.memo[key] = frozenset(
            f for p in _text_pieces(para) for f in piece_fonts(p, unnamed)
        )
    return set(used)


def _is_legacy(font: str, prefixes: list[str]) -> bool:
    return font.lower().startswith(tuple(prefixes))


def _text_pieces(para: Paragraph) -> list[Piece]:
    return [p for p in para.pieces if p.kind == "text" and p.raw.strip()]


@rule("ND30-FONT-FAMILY")
def font_family(ctx: Context) -> Iterator[Finding]:
    allowed = set(ctx.rule["fonts"])
    prefixes = list(ctx.data["legacy_font_prefixes"])  # reported by ND30-UNICODE-NFC
    unnamed = ctx.data["unnamed_font"]
    for para in ctx.layout.doc.all_paragraphs():
        used = paragraph_fonts(para, unnamed)
        wrong = sorted(f for f in used - allowed if not _is_legacy(f, prefixes))
        if wrong:
            yield ctx.hit(para, ", ".join(sorted(allowed)), ", ".join(wrong), _font_advice(wrong))


def _font_advice(wrong: list[str]) -> str:
    """What to do: a face name ('Times New Roman Bold') is a misspelt font, not a font."""
    faces = [f for f in wrong if f.lower().startswith("times new roman")]
    if faces:
        return _(
            "the font is named '{faces}', which is no installed font (other programs "
            "show a substitute) — select the text and choose Times New Roman, with "
            "Bold or Italic set as a style, not in the font name"
        ).format(faces=faces[0])
    return _("text is set in {wrong} — select it and choose Times New Roman").format(
        wrong=", ".join(wrong)
    )


@rule("ND30-FONT-COLOR")
def font_color(ctx: Context) -> Iterator[Finding]:
    colors = {c.lower() for c in ctx.rule["colors"]}
    themes = set(ctx.rule["theme_colors"])
    darkest = int(ctx.rule["near_black"])
    for para in ctx.layout.doc.all_paragraphs():
        wrong = sorted(
            {_color(p) for p in _text_pieces(para) if not _black(p, colors, themes, darkest)}
        )
        if wrong:
            yield ctx.hit(
                para,
                _("black (automatic or 000000)"),
                ", ".join(wrong),
                _("text must be black — select it and set the font colour to Automatic or Black"),
            )


def _black(piece: Piece, colors: set[str], themes: set[str], darkest: int) -> bool:
    props = piece.props
    if props.theme_color is not None:
        return props.theme_color in themes
    return props.color is None or props.color.lower() in colors or _near_black(props.color, darkest)


def _near_black(color: str, darkest: int) -> bool:
    """#0C0C0C prints black: every channel at or under `darkest`."""
    try:
        channels = [int(color[i : i + 2], 16) for i in (0, 2, 4)]
    except ValueError:
        return False
    return len(color) == 6 and max(channels) <= darkest


def _color(piece: Piece) -> str:
    if piece.props.theme_color:
        name = _THEME_WORDS.get(piece.props.theme_color, piece.props.theme_color)
        return f"the theme's {name} colour"
    return f"#{piece.props.color}"


_THEME_WORDS = {"hyperlink": "hyperlink (blue)", "followedHyperlink": "visited-link (purple)"}


@rule("ND30-UNICODE-NFC")
def unicode_nfc(ctx: Context) -> Iterator[Finding]:
    prefixes = list(ctx.data["legacy_font_prefixes"])
    unnamed = ctx.data["unnamed_font"]
    for para in ctx.layout.doc.all_paragraphs():
        raw = para.raw
        if raw != unicodedata.normalize("NFC", raw):
            yield ctx.hit(
                para,
                _("precomposed Unicode (NFC)"),
                _("decomposed accents (NFD)"),
                _(
                    "the accents are typed as separate marks (Unicode tổ hợp) — convert the "
                    "text to Unicode dựng sẵn (e.g. Unikey's conversion tool, Unicode tổ hợp "
                    "→ Unicode) and save again"
                ),
            )
        legacy = sorted(f for f in paragraph_fonts(para, unnamed) if _is_legacy(f, prefixes))
        if legacy:
            yield ctx.hit(
                para,
                _("a Unicode font (Times New Roman)"),
                ", ".join(legacy),
                _(
                    "text uses a legacy (TCVN3/VNI) Vietnamese font — convert it to Unicode "
                    "(e.g. Unikey's conversion tool) and set it in Times New Roman"
                ),
            )
