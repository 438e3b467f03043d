"""Spans → WordprocessingML runs (the only place body text becomes XML)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from markupsafe import Markup

from docgen.compose.inline import Span

FOOTNOTE_RUN = (
    '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
    '<w:footnoteReference w:id="{n}"/></w:r>'
)
#: the start of a text run, by emphasis: plain, italic, bold, bold italic
_STARTS = tuple(
    "<w:r>" + (f"<w:rPr>{props}</w:rPr>" if props else "") + '<w:t xml:space="preserve">'
    for props in ("", "<w:i/><w:iCs/>", "<w:b/><w:bCs/>", "<w:b/><w:bCs/><w:i/><w:iCs/>")
)
_END = "</w:t></w:r>"


def run_xml(span: Span) -> str:
    """One run: text with bold/italic, or a footnote reference."""
    if span.footnote:
        return FOOTNOTE_RUN.format(n=span.footnote)
    text = span.text
    if "&" in text or "<" in text or ">" in text:
        text = escape(text)
    return _STARTS[(2 if span.bold else 0) + (1 if span.italic else 0)] + text + _END


def runs_markup(spans: tuple[Span, ...]) -> Markup:
    """Runs as Markup, so that autoescaping Jinja inserts them as XML."""
    # what Markup(str) makes, without Markup.__new__'s checks for other kinds of argument
    return str.__new__(Markup, "".join(map(run_xml, spans)))
