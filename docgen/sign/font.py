"""The stamps' font: Liberation Serif (Times New Roman's metric twin), embedded, so that
Vietnamese letters show.

pyHanko's OpenType engine writes glyph widths and advances in the font's own units, which
PDF reads as thousandths of an em: right for fonts of 1000 units per em, twice too wide for
TrueType fonts of 2048 such as Liberation Serif. :class:`ThousandthsFactory` scales the
shaper and the widths to 1000 units per em.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

from docgen.errors import DocgenError
from docgen.i18n import _

_FONT_FILES = (
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
)
EM = 1000


class _Thousandths(GlyphAccumulator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._factor = EM / self.units_per_em
        self.units_per_em = EM
        self.hb_font.scale = (EM, EM)

    def _get_cid_and_width(self, glyph_id: int) -> tuple[int, int]:
        if glyph_id not in self._glyphs:
            cid, width = super()._get_cid_and_width(glyph_id)
            self._glyphs[glyph_id] = (cid, round(width * self._factor))
        return self._glyphs[glyph_id]


class ThousandthsFactory(GlyphAccumulatorFactory):
    """A :class:`GlyphAccumulatorFactory` whose engine writes widths in 1/1000 em."""

    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return _Thousandths(
            writer=writer,
            # in memory: pyHanko never closes the file it is given
            font_handle=io.BytesIO(Path(self.font_file).read_bytes()),
            font_size=self.font_size,
            ot_script_tag=self.ot_script_tag,
            ot_language_tag=self.ot_language_tag,
            writing_direction=self.writing_direction,
            bcp47_lang_code=self.bcp47_lang_code,
            obj_stream=obj_stream,
        )


def stamp_font() -> ThousandthsFactory:
    """Liberation Serif from the system's fonts, or a :class:`DocgenError` saying how to
    install it."""
    for candidate in _FONT_FILES:
        if Path(candidate).is_file():
            return ThousandthsFactory(candidate)
    if shutil.which("fc-match"):
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", "Liberation Serif"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        if "liberation" in found.lower() and found.lower().endswith(".ttf"):
            return ThousandthsFactory(found)
    raise DocgenError(
        _("the font Liberation Serif is needed for the signature stamp"),
        hint=_("install it: apt-get install fonts-liberation2"),
    )
