"""The page as printed: LibreOffice lays the .docx out, the PDF says where each line fell.

`docgen check --layout` converts every file to PDF with one headless LibreOffice call,
reads each page's words with their positions (poppler's ``pdftotext -bbox-layout``), finds
the text of each body paragraph the reader located in the .docx (closing, headings, table
rows) and reports what only the printed page shows: a split signature block or Nơi nhận,
a last page holding only the closing, a heading last on its page, a table row split across
pages, Nơi nhận not level with the signature, a page number on page 1.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from lxml import etree

from docgen.check.engine import RULES, check_file
from docgen.check.findings import FileReport, Finding
from docgen.check.layout import Layout
from docgen.check.locate import locate
from docgen.check.reader import read_docx
from docgen.check.report import format_json, format_text
from docgen.check.ruleset import Rule
from docgen.check.text import Slot, excerpt, whole
from docgen.check.view import Paragraph
from docgen.errors import UnreadableFileError
from docgen.i18n import _

_HEADING = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s")
_HEADING_LENGTH = 160
_MIN_MATCH = 3
_BACKTRACK = 4000
_LEVEL_TOLERANCE = 4.0  # points between the first lines of Nơi nhận and the signature
_PAGE_NUMBER = re.compile(r"^[-–\s]*\d{1,3}[-–\s]*$")
_CONVERT_TIMEOUT = 600
_XHTML = "{http://www.w3.org/1999/xhtml}"

SOFFICE_MISSING = (
    "docgen check --layout: LibreOffice (soffice) is not installed, so the printed-page "
    "rules (LAYOUT-*) were not checked — install LibreOffice to check them"
)
PDFTOTEXT_MISSING = (
    "docgen check --layout: poppler's pdftotext is not installed, so the printed-page "
    "rules (LAYOUT-*) were not checked — install poppler-utils to check them"
)


def printed_rules() -> dict[str, Rule]:
    """The LAYOUT-* rules of rules.yaml (section `printed`), by id."""
    text = resources.files("docgen.check").joinpath("rules.yaml").read_text("utf-8")
    entries = yaml.safe_load(text).get("printed") or []
    return {
        str(e["id"]): Rule(
            str(e["id"]),
            str(e["severity"]),
            str(e["scope"]),
            str(e["summary"]),
            dict(e.get("params") or {}),
        )
        for e in entries
    }


@dataclass(frozen=True)
class Word:
    page: int
    top: float
    bottom: float
    text: str


@dataclass(frozen=True)
class Printed:
    """The words of a PDF in reading order, and the height of each page."""

    words: list[Word]
    heights: list[float]

    @property
    def pages(self) -> int:
        return len(self.heights)


@dataclass(frozen=True)
class Placed:
    """Where a paragraph's text fell: its first and last word."""

    first: Word
    last: Word


def read_pdf_words(pdf: Path) -> Printed:
    """Every word of `pdf` with its page (1-based) and vertical position in points."""
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as tmp:
        out = Path(tmp) / "words.html"
        subprocess.run(
            ["pdftotext", "-bbox-layout", str(pdf), str(out)],
            check=True,
            capture_output=True,
            timeout=_CONVERT_TIMEOUT,
        )
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        root = etree.parse(str(out), parser).getroot()
    words: list[Word] = []
    heights: list[float] = []
    for number, page in enumerate(root.iter(f"{_XHTML}page"), start=1):
        heights.append(float(page.get("height") or 0))
        for word in page.iter(f"{_XHTML}word"):
            text = unicodedata.normalize("NFC", "".join(word.itertext()))
            words.append(
                Word(number, float(word.get("yMin") or 0), float(word.get("yMax") or 0), text)
            )
    return Printed(words, heights)


def convert_to_pdf(paths: Sequence[Path], outdir: Path) -> dict[Path, Path]:
    """One headless LibreOffice call for all `paths`: each .docx → its PDF in `outdir`."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return {}
    profile = Path(tempfile.mkdtemp(prefix="docgen-lo-", dir=outdir))
    # two files of one name would overwrite each other's PDF: convert copies of unique names
    staged = outdir / "in"
    staged.mkdir()
    names: dict[Path, Path] = {}
    for index, path in enumerate(paths):
        copy = staged / f"{index}.docx"
        shutil.copyfile(path, copy)
        names[path] = outdir / f"{index}.pdf"
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *sorted(str(p) for p in staged.iterdir()),
        ],
        capture_output=True,
        timeout=_CONVERT_TIMEOUT,
        check=False,
    )
    return {path: pdf for path, pdf in names.items() if pdf.is_file()}


def _squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


class _Locator:
    """Finds paragraph texts, in order, in the PDF's word stream."""

    def __init__(self, printed: Printed) -> None:
        self.owner: list[int] = []
        parts: list[str] = []
        for index, word in enumerate(printed.words):
            squashed = _squash(word.text)
            parts.append(squashed)
            self.owner.extend([index] * len(squashed))
        self.stream = "".join(parts)
        self.words = printed.words
        self.cursor = 0

    def place(self, para: Paragraph) -> Placed | None:
        needle = _squash(para.text)
        if len(needle) < _MIN_MATCH:
            return None
        at = self.stream.find(needle, self.cursor)
        if at < 0:
            at = self.stream.find(needle, max(0, self.cursor - _BACKTRACK))
        if at < 0:
            return None
        self.cursor = max(self.cursor, at + len(needle))
        end = at + len(needle) - 1
        return Placed(self.words[self.owner[at]], self.words[self.owner[end]])


class _Checker:
    def __init__(self, layout: Layout, printed: Printed, rules: dict[str, Rule], name: str):
        self.layout, self.printed, self.rules, self.name = layout, printed, rules, name
        locator = _Locator(printed)
        self.where: dict[int, Placed] = {}
        for para in layout.flow.paras:
            if para.part == "body" and not para.in_textbox:
                placed = locator.place(para)
                if placed is not None:
                    self.where[id(para)] = placed

    def at(self, para: Paragraph | None) -> Placed | None:
        return None if para is None else self.where.get(id(para))

    def hit(self, rule_id: str, para: Paragraph | None, expected: str, found: str) -> Finding:
        rule = self.rules[rule_id]
        location = self.layout.where(para) if para is not None else "document"
        text = excerpt(para.text) if para is not None else ""
        return Finding(rule_id, rule.severity, location, text, expected, found, _(rule["do"]))

    def findings(self) -> Iterator[Finding]:
        yield from self.signature_split()
        yield from self.closing_alone()
        yield from self.headings_last()
        yield from self.rows_split()
        yield from self.noinhan_level()
        yield from self.page_number_first()

    def _pages(self, paras: list[Paragraph]) -> set[int]:
        pages: set[int] = set()
        for para in paras:
            placed = self.at(para)
            if placed is not None:
                pages |= set(range(placed.first.page, placed.last.page + 1))
        return pages

    def signature_split(self) -> Iterator[Finding]:
        closing = self.layout.closing
        blocks = (
            ("the signature block", closing.authority + _maybe(closing.name)),
            ("Nơi nhận", _maybe(closing.label) + closing.items),
        )
        for what, slots in blocks:
            paras = _unique([s.para for s in slots])
            pages = self._pages(paras)
            if len(pages) > 1:
                yield self.hit(
                    "LAYOUT-SIG-SPLIT",
                    paras[0],
                    _("{what} on one page").format(what=what),
                    _("it runs over pages {span}").format(span=_span(pages)),
                )

    def _closing_paras(self) -> list[Paragraph]:
        closing = self.layout.closing
        slots = _maybe(closing.label) + closing.items + closing.authority + _maybe(closing.name)
        return _unique([s.para for s in slots])

    def closing_alone(self) -> Iterator[Finding]:
        closing = self.layout.closing
        if closing.start is None:
            return
        placed = [p for p in (self.at(para) for para in self._closing_paras()) if p]
        if not placed:
            return
        page = min(p.first.page for p in placed)
        if page < 2:
            return
        before = self.layout.flow.paras[: closing.start]
        if any((p := self.at(para)) is not None and p.last.page == page for para in before):
            return
        yield self.hit(
            "LAYOUT-CLOSING-ALONE",
            self._closing_paras()[0],
            _("body text above the closing on its page"),
            _("page {page} holds only the closing").format(page=page),
        )

    def headings_last(self) -> Iterator[Finding]:
        body = [p for p in self.layout.body if not p.in_table]
        located = [(p, self.at(p)) for p in body]
        last_page = self.printed.pages
        for (para, placed), (_skip, following) in zip(located, located[1:], strict=False):
            if placed is None or following is None or not _is_heading(para):
                continue
            if placed.last.page < last_page and following.first.page > placed.last.page:
                yield self.hit(
                    "LAYOUT-HEADING-LAST",
                    para,
                    _("the heading on the page of its text"),
                    _("last line of page {page}; its text starts on page {page2}").format(
                        page=placed.last.page, page2=following.first.page
                    ),
                )

    def rows_split(self) -> Iterator[Finding]:
        closing_table = self.layout.closing.table
        for path, table in self.layout.flow.tables.items():
            if table is closing_table or path == _path_of(self.layout.header.table):
                continue
            for number, row in enumerate(table.rows, start=1):
                paras = [p for cell in row for p in cell.paragraphs()]
                # a cell's few characters ("4", "phòng") also stand elsewhere in the printed
                # text, so only texts long enough to be found once tell where a row prints
                pages = self._pages([p for p in paras if _placeable(p.text)])
                if len(pages) > 1:
                    first = next((p for p in paras if p.text), paras[0] if paras else None)
                    yield self.hit(
                        "LAYOUT-ROW-SPLIT",
                        first,
                        _("each table row on one page"),
                        _("row {number} runs over pages {span}").format(
                            number=number, span=_span(pages)
                        ),
                    )

    def noinhan_level(self) -> Iterator[Finding]:
        closing = self.layout.closing
        if closing.label is None or not closing.authority:
            return
        label, sign = self.at(closing.label.para), self.at(closing.authority[0].para)
        if label is None or sign is None:
            return
        if label.first.page != sign.first.page:
            found = _("Nơi nhận on page {page}, the signature on {page2}").format(
                page=label.first.page, page2=sign.first.page
            )
        elif abs(label.first.top - sign.first.top) > _LEVEL_TOLERANCE:
            gap = abs(label.first.top - sign.first.top)
            found = _("their first lines {gap:.0f} pt apart").format(gap=gap)
        else:
            return
        yield self.hit(
            "LAYOUT-NOINHAN-LEVEL",
            closing.label.para,
            _("Nơi nhận's first line level with the signature's"),
            found,
        )

    def page_number_first(self) -> Iterator[Finding]:
        if self.printed.pages < 1:
            return
        section = self.layout.doc.sections[0]
        top = (section.margins["top"] or 1134) / 20
        bottom = self.printed.heights[0] - (section.margins["bottom"] or 1134) / 20
        for word in self.printed.words:
            if word.page != 1:
                break
            outside = word.bottom <= top or word.top >= bottom
            if outside and _PAGE_NUMBER.match(word.text):
                yield self.hit(
                    "LAYOUT-PAGENUM-FIRST",
                    None,
                    _("no page number on page 1"),
                    _("«{text}» printed in the page's margin").format(text=word.text),
                )
                return


def _is_heading(para: Paragraph) -> bool:
    text = para.text.strip()
    if not text or len(text) > _HEADING_LENGTH:
        return False
    if para.style_name.lower().startswith(("dg heading", "heading")):
        return True
    return whole(para).bold or bool(_HEADING.match(text))


def _maybe(slot: Slot | None) -> list[Slot]:
    return [] if slot is None else [slot]


def _unique(paras: list[Paragraph]) -> list[Paragraph]:
    seen: dict[int, Paragraph] = {}
    for para in paras:
        seen.setdefault(id(para), para)
    return list(seen.values())


def _path_of(table: object | None) -> object:
    return getattr(table, "path", None)


def _span(pages: set[int]) -> str:
    return _("{min}–{max}").format(min=min(pages), max=max(pages))


def check_printed(path: Path, pdf: Path, rules: dict[str, Rule] | None = None) -> list[Finding]:
    """The LAYOUT-* findings of one .docx, from its PDF as LibreOffice printed it."""
    doc = read_docx(path, RULES.limits)
    layout = locate(doc, RULES)
    return list(
        _Checker(layout, read_pdf_words(pdf), rules or printed_rules(), str(path)).findings()
    )


def check_with_layout(paths: Sequence[str]) -> tuple[list[FileReport], str | None]:
    """Every file's report with the printed-page findings added, and a note when the
    printed pages could not be checked (LibreOffice or poppler missing)."""
    reports = [check_file(path) for path in paths]
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        return reports, SOFFICE_MISSING
    if shutil.which("pdftotext") is None:
        return reports, PDFTOTEXT_MISSING
    rules = printed_rules()
    readable = [Path(r.path) for r in reports if r.unreadable is None]
    with tempfile.TemporaryDirectory(prefix="docgen-layout-") as tmp:
        pdfs = convert_to_pdf(readable, Path(tmp))
        for report in reports:
            path = Path(report.path)
            if report.unreadable is not None:
                continue
            pdf = pdfs.get(path)
            if pdf is None:
                report.findings.append(_not_printed(_("LibreOffice could not convert it")))
                continue
            try:
                report.findings.extend(check_printed(path, pdf, rules))
            except (UnreadableFileError, subprocess.SubprocessError, OSError, etree.LxmlError):
                report.findings.append(
                    _not_printed(_("the PDF LibreOffice wrote could not be read"))
                )
    return reports, None


def _not_printed(found: str) -> Finding:
    """A warning that this file's printed pages were not checked, and why."""
    return Finding(
        "LAYOUT-CONVERT",
        "warning",
        _("document"),
        "",
        _("its pages printed to PDF"),
        found,
        _(
            "the printed pages were not checked: open and re-save the file in Word, "
            "then check again"
        ),
    )


def run_with_layout(paths: Sequence[str], fmt: str = "text") -> tuple[str, int, str | None]:
    """`docgen check --layout`: the report text, the exit code and the note to print once
    when the printed pages could not be checked (the exit code is then the static check's)."""
    reports, note = check_with_layout(paths)
    code = max(report.exit_code for report in reports)
    text = format_json(reports, code) if fmt == "json" else format_text(reports)
    return text, code, note


#: the shortest cell text whose place on the printed page is read (see rows_split)
_PLACEABLE = 12


def _placeable(text: str) -> bool:
    """True when a cell's text is long enough, and not only figures, to be found once."""
    letters = sum(c.isalpha() for c in text)
    return len(text.strip()) >= _PLACEABLE and letters >= _PLACEABLE // 2
