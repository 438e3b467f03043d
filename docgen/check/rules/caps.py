"""Capitalisation heuristics from Phụ lục II (warnings): cited documents, Điều, agency names."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docgen.check.findings import Finding
from docgen.check.rules import rule
from docgen.check.rules.common import Context
from docgen.check.text import is_upper
from docgen.check.view import Paragraph
from docgen.i18n import _

_LOWER = "a-zàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ"
_MARKER = re.compile(r"^([-–—+•*]|[a-zđ]\)|[a-zđ]\.(?= )|\d+(\.\d+)*[.)]|[IVXLC]+\.)\s*")
"""A list marker: the small letter of 'a)' (or 'a.', a point lettered with a full stop)
is no sentence start."""
# Each pattern starts with a character to look for and looks behind only where it is found
# (a look-behind first is tried at every position of every paragraph).
_DIEU = re.compile(r"đ(?<!\wđ)iều \d")
_PART_CAPS = re.compile(rf"(?:K(?<=[{_LOWER},] K)hoản \d|Đ(?<=[{_LOWER},] Đ)iểm [a-zđ]\b)")
_SENTENCE = re.compile(rf"[.?!](?<=[{_LOWER}]{{2}}[.?!]) ([{_LOWER}])")


def _paragraphs(ctx: Context) -> list[Paragraph]:
    notes = [p for part in ctx.layout.doc.notes for p in part.paragraphs()]
    return [p for p in ctx.layout.body + notes if p.text and not is_upper(p.text)]


_URL = re.compile(r"(https?://|www\.)", re.IGNORECASE)


def doc_problems(text: str, cited: re.Pattern[str]) -> list[tuple[str, str]]:
    """(expected, found) pairs for one paragraph."""
    problems: list[tuple[str, str]] = []
    if (match := cited.search(text)) is not None:
        problems.append((match.group(0).capitalize(), match.group(0)))
    if (match := _DIEU.search(text)) is not None:
        problems.append((match.group(0).capitalize(), match.group(0)))
    if (match := _PART_CAPS.search(text)) is not None:
        problems.append((match.group(0).lower(), match.group(0)))
    rest = _MARKER.sub("", text, count=1)
    start = rest[:1]
    if start.isalpha() and start.islower() and not _URL.match(rest):
        problems.append((start.upper(), f"'{start}' at the start"))
    if (match := _SENTENCE.search(text)) is not None:
        problems.append((match.group(1).upper(), f"'{match.group(1)}' after a full stop"))
    return problems


@rule("ND30-CAPS-DOC")
def caps_doc(ctx: Context) -> Iterator[Finding]:
    cited = re.compile(r"\b(" + "|".join(ctx.rule["cited_types"]) + r") số \d")
    for para in _paragraphs(ctx):
        for expected, found in doc_problems(para.text, cited):
            yield ctx.hit(para, expected, found, _("capitalise as Phụ lục II says"))


@rule("ND30-CAPS-ORG")
def caps_org(ctx: Context) -> Iterator[Finding]:
    forms = [(re.compile(pattern), right) for pattern, right in ctx.rule["wrong_forms"].items()]
    anyone = re.compile("|".join(f"(?:{pattern})" for pattern in ctx.rule["wrong_forms"]))
    for para in ctx.layout.doc.paragraphs():
        if not para.text or is_upper(para.text) or anyone.search(para.text) is None:
            continue
        for pattern, right in forms:
            if (match := pattern.search(para.text)) is not None:
                yield ctx.hit(
                    para,
                    right,
                    match.group(0),
                    _("agency names capitalise only their first word and proper names"),
                )
