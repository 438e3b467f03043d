"""Inline text: runs of plain, bold or italic text and footnote marks.

Composed texts are plain strings with ``**bold**`` and private-use markers for footnotes;
:func:`spans` turns them into :class:`Span` objects that the renderer writes as Word runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from docgen.sandbox import FN_CLOSE, FN_OPEN

__all__ = ["FN_CLOSE", "FN_OPEN", "Span", "clean", "footnote_mark", "plain", "spans"]
_TOKEN = re.compile(r"(\*\*|\ue000\d+\ue001)")
_PRIVATE = re.compile("[\ue000-\ue001]")


@dataclass(frozen=True)
class Span:
    """A piece of text with its emphasis, or a footnote reference (``footnote`` > 0)."""

    text: str = ""
    bold: bool = False
    italic: bool = False
    footnote: int = 0


def footnote_mark(number: int) -> str:
    """The marker a composed text carries where footnote *number* is referenced."""
    return f"{FN_OPEN}{number}{FN_CLOSE}"


def clean(text: str) -> str:
    """Remove marker characters a user could have typed, so they cannot fake a footnote."""
    if FN_OPEN not in text and FN_CLOSE not in text:
        return text
    return _PRIVATE.sub("", text)


@lru_cache(maxsize=4096)  # the same catalog texts recur in every document of a batch
def spans(text: str, *, bold: bool = False, italic: bool = False) -> tuple[Span, ...]:
    """Split a composed text into spans; ``**`` toggles bold (immutable: shared by callers)."""
    if "*" not in text and FN_OPEN not in text:  # most paragraphs: one span, no marks
        return (Span(text, bold=bold, italic=italic),) if text else ()
    out: list[Span] = []
    for token in _TOKEN.split(text):
        if token == "**":
            bold = not bold
        elif token.startswith(FN_OPEN):
            out.append(Span(footnote=int(token[1:-1])))
        elif token:
            out.append(Span(token, bold=bold, italic=italic))
    return tuple(out)


def plain(parts: tuple[Span, ...]) -> str:
    """The text of spans without emphasis or footnote marks."""
    return "".join(s.text for s in parts)
