"""Spans → WordprocessingML runs (the only place body text becomes XML)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from markupsafe import Markup

from docgen.compose.inline import Span

FOOTNOTE_RUN = (
    '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
    '<w:footnoteReference w:id="{n}"/></w:r>'
)


def run_xml(span: Span) -> str:
    """One run: text with bold/italic, or a footnote reference."""
    if span.footnote:
        return FOOTNOTE_RUN.format(n=span.footnote)
    props = ("<w:b/><w:bCs/>" if span.bold else "") + ("<w:i/><w:iCs/>" if span.italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(span.text)}</w:t></w:r>'


def runs_markup(spans: tuple[Span, ...]) -> Markup:
    """Runs as Markup, so that autoescaping Jinja inserts them as XML."""
    return Markup("".join(run_xml(s) for s in spans))
