"""Read a .docx defensively into the neutral view (sections, blocks, headers, notes)."""

from __future__ import annotations

import posixpath
from pathlib import Path

from lxml import etree

from docgen.check.numbering import Numbering
from docgen.check.ooxml import (
    PKG_REL_NS,
    R_NS,
    STRICT_W_NS,
    W_NS,
    attr,
    child,
    integer,
    local,
    twips,
    val,
    w,
)
from docgen.check.safexml import parse_optional, parse_part
from docgen.check.safezip import Limits, Package
from docgen.check.styles import DEFAULT_TAB, StyleSheet
from docgen.check.view import Block, Document, HeaderPart, Section
from docgen.check.walker import Place, TooManyParagraphsError, Walker, block_children
from docgen.errors import UnreadableFileError

Rels = dict[str, tuple[str, str]]
_DEFAULT_MAIN = "word/document.xml"
_SKIPPED_NOTES = {"separator", "continuationSeparator", "continuationNotice"}
_P, _TC = w("p"), w("tc")


def read_docx(path: str | Path, limits: Limits) -> Document:
    """The document's neutral view; UnreadableFileError when it cannot be read safely."""
    package = Package(Path(path), limits)
    try:
        return _read(package)
    finally:
        package.close()


def _read(package: Package) -> Document:
    main = _main_part(package)
    root = parse_part(package, main)
    body = _body(package, root, main)
    budget = _Budget(package)
    budget.count(root)
    rels = _relationships(package, main)
    styles = StyleSheet(_related(package, rels, "styles"), _related(package, rels, "theme"))
    walker = Walker(
        styles,
        Numbering(_related(package, rels, "numbering")),
        package.limits.max_paragraphs,
        _default_tab(_related(package, rels, "settings")),
    )
    try:
        sect_elements = _section_elements(body)
        sections = [_section(i, element) for i, element in enumerate(sect_elements, start=1)]
        blocks = _body_blocks(walker, body, sections)
        _attach_headers(package, rels, walker, budget, sect_elements, sections)
        notes = _notes(package, rels, walker, budget, sections[0])
    except TooManyParagraphsError as exc:
        raise budget.refuse(f"more than {exc.limit}") from exc
    return Document(blocks, sections, notes, walker.page_breaks)


class _Budget:
    """Paragraphs and table cells in the parts read so far, refused past max_paragraphs.

    Counted on the parsed tree before it is walked, so an oversized part costs its parse
    only; the walker counts again what it really reads (text boxes may nest).
    """

    def __init__(self, package: Package) -> None:
        self.package = package
        self.limit = package.limits.max_paragraphs
        self.seen = 0

    def count(self, root: etree._Element) -> None:
        self.seen += sum(1 for _ in root.iter(_P, _TC))
        if self.seen > self.limit:
            raise self.refuse(str(self.seen))

    def refuse(self, how_many: str) -> UnreadableFileError:
        return self.package.refuse(
            f"the document has {how_many} paragraphs and table cells (limit {self.limit}); "
            "refusing it as too large to check",
            "split it into smaller documents",
        )


def _main_part(package: Package) -> str:
    if "_rels/.rels" not in package:
        return _DEFAULT_MAIN
    for rel_type, target in _relationships(package, "").values():
        if rel_type == "officeDocument":
            return target
    return _DEFAULT_MAIN


def _body(package: Package, root: etree._Element, main: str) -> etree._Element:
    if root.tag == f"{{{STRICT_W_NS}}}document":
        raise package.refuse(
            "Strict Open XML documents are not supported",
            "save it as a Word Document (.docx), not Strict Open XML",
        )
    if root.tag != f"{{{W_NS}}}document":
        raise package.refuse(f"{main} is not a WordprocessingML document")
    body = child(root, "body")
    if body is None:
        raise package.refuse(f"{main} has no body")
    return body


def _relationships(package: Package, part: str) -> Rels:
    """rId → (relationship type's last word, target part name) for `part` ('' = package)."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    root = parse_optional(package, rels_name)
    rels: Rels = {}
    if root is None:
        return rels
    for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
        rel_id, target = rel.get("Id"), rel.get("Target")
        if not rel_id or not target or rel.get("TargetMode") == "External":
            continue
        kind = (rel.get("Type") or "").rstrip("/").rsplit("/", 1)[-1]
        rels[rel_id] = (kind, package.resolve(part, target))
    return rels


def _related(package: Package, rels: Rels, kind: str) -> etree._Element | None:
    for rel_type, target in rels.values():
        if rel_type == kind:
            return parse_optional(package, target)
    return None


def _default_tab(settings: etree._Element | None) -> int:
    """settings.xml's default tab stop interval (Word's 1.27 cm when it names none)."""
    stop = twips(val(settings, "defaultTabStop"), 0, 31680)
    return stop if stop else DEFAULT_TAB


def _section_elements(body: etree._Element) -> list[etree._Element | None]:
    """sectPr of each section in order; the body's own one last (None if missing)."""
    elements: list[etree._Element | None] = []
    for element in block_children(body):
        if local(element) == "p":
            sect = child(child(element, "pPr"), "sectPr")
            if sect is not None:
                elements.append(sect)
    elements.append(child(body, "sectPr"))
    return elements


def _section(index: int, sect: etree._Element | None) -> Section:
    size, margins = child(sect, "pgSz"), child(sect, "pgMar")
    start = integer(attr(child(sect, "pgNumType"), "start"))
    title = child(sect, "titlePg")
    return Section(
        index=index,
        width=twips(attr(size, "w"), 0),
        height=twips(attr(size, "h"), 0),
        orient=attr(size, "orient") or "portrait",
        margins={side: twips(attr(margins, side)) for side in ("top", "bottom", "left", "right")},
        title_page=title is not None and (attr(title, "val") or "1") not in ("0", "false", "off"),
        page_start=start,
    )


def text_width(section: Section) -> int | None:
    left, right = section.margins["left"], section.margins["right"]
    if section.width is None or left is None or right is None:
        return None
    return section.width - left - right


def _body_blocks(walker: Walker, body: etree._Element, sections: list[Section]) -> list[Block]:
    """Top-level blocks; a paragraph carrying a sectPr closes its section."""
    blocks: list[Block] = []
    counts = {"paragraph": 0, "table": 0}
    index = 0
    for element in block_children(body):
        name = "paragraph" if local(element) == "p" else "table"
        counts[name] += 1
        section = sections[min(index, len(sections) - 1)]
        place = Place("body", section.index, text_width(section))
        path = ((name, counts[name]),)
        if name == "paragraph":
            blocks.extend(walker.paragraph(element, path, place))
            if child(child(element, "pPr"), "sectPr") is not None:
                index += 1
        else:
            blocks.append(walker.table(element, path, place))
    return blocks


def _attach_headers(
    package: Package,
    rels: Rels,
    walker: Walker,
    budget: _Budget,
    sect_elements: list[etree._Element | None],
    sections: list[Section],
) -> None:
    """Header/footer parts per section, inheriting from the previous section when absent."""
    parsed: dict[str, HeaderPart] = {}
    previous: dict[str, dict[str, HeaderPart]] = {"header": {}, "footer": {}}
    for section, sect in zip(sections, sect_elements, strict=False):
        for kind in ("header", "footer"):
            own = dict(previous[kind])
            for ref in [] if sect is None else sect.findall(w(kind + "Reference")):
                target = rels.get(ref.get(f"{{{R_NS}}}id") or "")
                if target is None:
                    continue
                ref_type = attr(ref, "type") or "default"
                if target[1] not in parsed:
                    label = f"{_kind_label(kind, ref_type)} (section {section.index})"
                    parsed[target[1]] = _header_part(
                        package, walker, budget, target[1], label, section
                    )
                own[ref_type] = parsed[target[1]]
            previous[kind] = own
            setattr(section, kind + "s", own)


def _kind_label(kind: str, ref_type: str) -> str:
    prefix = {"first": "first-page ", "even": "even-page "}.get(ref_type, "")
    return f"{prefix}page {kind}"


def _header_part(
    package: Package, walker: Walker, budget: _Budget, name: str, label: str, section: Section
) -> HeaderPart:
    root = parse_part(package, name)
    budget.count(root)
    place = Place(label, section.index, text_width(section))
    return HeaderPart(name, label, walker.blocks(root, (), place))


def _notes(
    package: Package, rels: Rels, walker: Walker, budget: _Budget, section: Section
) -> list[HeaderPart]:
    notes: list[HeaderPart] = []
    for kind in ("footnote", "endnote"):
        root = _related(package, rels, kind + "s")
        if root is not None:
            budget.count(root)
        for note in [] if root is None else root.findall(w(kind)):
            if (attr(note, "type") or "normal") in _SKIPPED_NOTES:
                continue
            label = f"{kind} {attr(note, 'id')}"
            place = Place(label, section.index, text_width(section))
            notes.append(HeaderPart(label, label, walker.blocks(note, (), place)))
    return notes
