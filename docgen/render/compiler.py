"""docgen's template compiler: a Word template whose tags are in its text, compiled once into
Jinja over the package's XML whose output is the final part.

A template is an ordinary .docx that Word or LibreOffice can edit; its tags are typed in
its text, as docxtpl reads them. The compiler reads the XML of the parts that vary (the
document, headers and footers with tags, the footnotes, the core properties) and

1. **joins the runs a tag is split over**: Word and LibreOffice cut text into runs where
   formatting, spelling marks or revision ids change, so ``{{ header.so }}`` may arrive in
   three runs; each tag is moved whole into the run it starts in (smart quotes in a tag are
   made plain again, ``’`` → ``'``);
2. **lifts block tags** to the element they stand for: ``{%p …%}`` replaces its paragraph by
   the Jinja statement ``{% … %}``, ``{%tr …%}`` its table row (``{#p …#}`` and ``{#tr …#}``
   remove theirs); ``{{r x }}`` replaces the run it is in by ``x``, which must be ready runs
   (docgen's body blocks carry their runs so); ``{%tc …%}`` replaces its table cell (a
   loop over a row's columns), ``{% colspan x %}`` sets its cell's ``w:gridSpan`` to *x*;
   ``{% vm %}`` merges a cell vertically with the copies a ``{%tr for %}`` makes of it;
   every other tag stays where it is, in the text;
3. **parameterises the rule lines**: a paragraph styled ``DG Rule Short`` / ``DG Rule Full``
   (:mod:`docgen.render.rules`) gets ``w:ind w:left="{{ dg_rules[i] }}"``; the value is
   computed before each render from the paragraphs above the rule (a small Jinja source,
   :attr:`Rule.measure`, renders just those), or here once when they have no tag;
4. **emits the last section with** ``{% if %}``: everything after the last section break of
   the body is rendered first (``{% set dg_tail %}``); when it has no text, the break's
   section becomes the document's last one and the empty landscape section is not written;
5. writes the footnotes part with ``{{ dg_notes }}`` in place of its notes, and the core
   properties with ``{{ dg_title }}`` (the trích yếu), docgen as author and
   ``{{ dg_signed }}`` (the document part's fingerprint, see :mod:`docgen.render.atomic`).

Tags docxtpl has and this compiler does not take are refused with a message that names
them: ``{{tc``, ``{%r``, ``{{p``/``{{tr`` (sub-documents), ``{%-``/``-%}`` (paragraph
merging), ``{% hm %}``, ``{% cellbg %}``.
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateSyntaxError
from lxml import etree

from docgen.errors import TemplateError
from docgen.i18n import _
from docgen.render import package
from docgen.render.atomic import MARK
from docgen.render.docx import template_environment
from docgen.render.package import Members
from docgen.render.rules import (
    MEASURED,
    RATIOS,
    container_width,
    rule_indent,
    set_indent,
    style_of,
)
from docgen.render.xmlns import W

#: bumped whenever the compiled form changes (part of the disk cache's key)
COMPILER_VERSION = 4
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_LEVEL = re.compile(r"\{([%{#])(p|tr|tc|r)\s(.*?)\s*[%}#]\}\Z", re.S)
_REFUSED = re.compile(r"\{%-|-%\}|\{%\s*(?:hm|cellbg)\b")
_VM = re.compile(r"\{%\s*vm\s*%\}")
_COLSPAN = re.compile(r"\{%\s*colspan\s+(.*?)\s*%\}", re.S)
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})
_HEADER_FOOTER = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
)
_DC = "http://purl.org/dc/elements/1.1/"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
#: markers around the last section break and the body's section, while the XML is a tree
_MARKS = "\ue000\ue001\ue002\ue003"


@dataclass(frozen=True)
class Rule:
    """A rule line whose length depends on the document: *measure* renders the paragraphs
    above it (in its table cell or the body); *fallback* is written when they have no text."""

    style: str
    container: int
    measure: str
    fallback: str


@dataclass
class Compiled:
    """A template in docgen's format: the Jinja source of each part that varies (the
    document part first, the core properties last), and the members that never change."""

    document: str
    footnotes: str
    core: str
    parts: dict[str, str]
    rules: list[Rule]
    fixed: Members = field(default_factory=dict)


def compile_members(members: Members, source: Path) -> Compiled:
    """Compile the package *members* of the template file *source* (named in errors)."""
    members = dict(members)
    try:
        document = package.main_part(members)
        notes = package.footnotes_name(members)
        package.add_footnote_styles(members)
        core = package.core_name(members)
        types = package.content_types(members)
    except (KeyError, etree.XMLSyntaxError) as exc:
        raise TemplateError(
            _("cannot read the template: {exc}").format(exc=exc), file=source
        ) from None
    compiler = _Compiler(source)
    parts = {document: compiler.document(members[document])}
    for name, ctype in types.items():
        if ctype in _HEADER_FOOTER and name in members:
            xml = compiler.part(members[name])
            if TAG.search(xml):
                parts[name] = xml
    parts[notes] = compiler.footnotes(members[notes])
    parts[core] = compiler.core(members[core])
    fixed = {name: data for name, data in members.items() if name not in parts}
    return Compiled(document, notes, core, parts, compiler.rules, fixed)


def tags_of(members: Members) -> Iterator[str]:
    """Every tag in the text of the template's parts, runs joined (for reports)."""
    for name, data in members.items():
        if name.endswith(".xml") and b"{" in data:
            root = package.parse(data)
            for p in root.iter(f"{W}p"):
                yield from TAG.findall("".join(t.text or "" for t in _own_texts(p)))


class _Compiler:
    def __init__(self, source: Path) -> None:
        self.source = source
        self.rules: list[Rule] = []

    def error(self, message: str, near: str, hint: str) -> TemplateError:
        return TemplateError(
            _("{message} (near: {near})").format(message=message, near=near[:120]),
            file=self.source,
            hint=hint,
        )

    # -- a part ---------------------------------------------------------------------------

    def part(self, data: bytes) -> str:
        return _jinja(package.serialize(self.tree(package.parse(data))))

    def tree(self, root: etree._Element) -> etree._Element:
        """Steps 1 and 2 of the module, in place."""
        paragraphs = list(root.iter(f"{W}p"))
        for p in paragraphs:
            join_tags(p)
            self.check(p)
        for row in list(root.iter(f"{W}tr")):
            lifted = [s for t in row.iter(f"{W}t") for s in _lifted(t.text, "tr")]
            if lifted:
                _replace(row, ["".join(s for s in lifted if s)])
        for cell in list(root.iter(f"{W}tc")):
            lifted = [s for t in cell.iter(f"{W}t") for s in _lifted(t.text, "tc")]
            if lifted:
                _replace(cell, ["".join(s for s in lifted if s)])
        for p in list(root.iter(f"{W}p")):
            lifted = [s for t in _own_texts(p) for s in _lifted(t.text, "p")]
            if lifted:
                _replace(p, ["".join(s for s in lifted if s), *_section_kept(p)])
        for t in list(root.iter(f"{W}t")):
            text = t.text or ""
            if TAG.search(text):
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            if _VM.search(text):
                self.merge_vertically(t)
            if _COLSPAN.search(text):
                self.colspan(t)
            if "{{r" in text:
                _split_run(t)
        return root

    def check(self, p: etree._Element) -> None:
        text = "".join(t.text or "" for t in _own_texts(p))
        for tag in TAG.findall(text):
            found = _LEVEL.match(tag)
            level = (found.group(1), found.group(2)) if found else None
            if level in (
                ("%", "p"),
                ("#", "p"),
                ("%", "tr"),
                ("#", "tr"),
                ("%", "tc"),
                ("#", "tc"),
                ("{", "r"),
            ):
                continue
            if level is not None or _REFUSED.search(tag):
                raise self.error(
                    f"the tag {tag!r} is not supported by docgen's templates",
                    text,
                    "docgen takes {{ x }}, {% … %}, {{r x }}, {%p … %}, {%tr … %} and {% vm %};"
                    " rewrite the tag with those (a table cell loop as a row loop, a "
                    "sub-document or picture as text)",
                )

    def merge_vertically(self, t: etree._Element) -> None:
        cell = next(t.iterancestors(f"{W}tc"), None)
        if cell is None:
            raise self.error("{% vm %} outside a table cell", t.text or "", "put it in a cell")
        tcpr = cell.find(f"{W}tcPr")
        if tcpr is None:
            tcpr = etree.Element(f"{W}tcPr")
            cell.insert(0, tcpr)
        merge = etree.Element(f"{W}vMerge")
        merge.set(f"{W}val", "{% if loop.first %}restart{% else %}continue{% endif %}")
        after = [c for c in tcpr if c.tag in (f"{W}cnfStyle", f"{W}tcW", f"{W}gridSpan")]
        tcpr.insert(tcpr.index(after[-1]) + 1 if after else 0, merge)
        t.text = "{% if loop.first %}" + _VM.sub("", t.text or "") + "{% endif %}"

    def colspan(self, t: etree._Element) -> None:
        """``{% colspan x %}``: the cell spans *x* grid columns (as docxtpl's tag does)."""
        cell = next(t.iterancestors(f"{W}tc"), None)
        found = _COLSPAN.search(t.text or "")
        if cell is None or found is None:
            raise self.error("{% colspan %} outside a table cell", t.text or "", "put it in a cell")
        tcpr = cell.find(f"{W}tcPr")
        if tcpr is None:
            tcpr = etree.Element(f"{W}tcPr")
            cell.insert(0, tcpr)
        for old in tcpr.findall(f"{W}gridSpan"):
            tcpr.remove(old)
        span = etree.Element(f"{W}gridSpan")
        span.set(f"{W}val", "{{ " + found.group(1) + " }}")
        after = [c for c in tcpr if c.tag in (f"{W}cnfStyle", f"{W}tcW")]
        tcpr.insert(tcpr.index(after[-1]) + 1 if after else 0, span)
        t.text = _COLSPAN.sub("", t.text or "")

    # -- the document part ------------------------------------------------------------------

    def document(self, data: bytes) -> str:
        root = self.tree(package.parse(data))
        body = root.find(f"{W}body")
        if body is None:
            raise TemplateError(_("the document has no body"), file=self.source)
        sections = list(body.iter(f"{W}sectPr"))
        page = _text_width(sections[0]) if sections else 9638
        for p in [p for p in body.iter(f"{W}p") if style_of(p) in RATIOS]:
            self.rule(p, page)
        xml = _jinja(package.serialize(root))
        final = body.find(f"{W}sectPr")
        for index in reversed(range(len(_breaks(body))) if final is not None else []):
            # the last break outside any {% %} block (one inside repeats or is optional)
            copy = deepcopy(root)
            copy_body = copy.find(f"{W}body")
            assert copy_body is not None
            _mark_last_section(copy_body, _breaks(copy_body)[index])
            candidate = _last_section(_jinja(package.serialize(copy)))
            with contextlib.suppress(TemplateSyntaxError):
                template_environment().parse(candidate)
                xml = candidate
                break
        return re.sub(r"<w:p([ >/])", r"\n<w:p\1", xml)  # a line per paragraph, for errors

    def rule(self, p: etree._Element, page: int) -> None:
        style = style_of(p)
        container = container_width(p, page)
        ind = p.find(f"{W}pPr/{W}ind")
        fallback = ind.get(f"{W}left", "0") if ind is not None else "0"
        measure = _before(p)
        if not TAG.search(measure):
            side = rule_indent(style, measured(measure), container)
            value = str(side) if side is not None else fallback
        else:
            try:
                template_environment().parse(measure)
            except TemplateSyntaxError:
                raise self.error(
                    "a rule line inside a {%p … %} block",
                    style,
                    "put the DG Rule paragraph after the block that makes the text above it",
                ) from None
            value = f"{{{{ dg_rules[{len(self.rules)}] }}}}"
            self.rules.append(Rule(style, container, measure, fallback))
        set_indent(p, value, value)

    # -- footnotes and properties -------------------------------------------------------------

    def footnotes(self, data: bytes) -> str:
        root = package.parse(data)
        for note in root.findall(f"{W}footnote"):
            if int(note.get(f"{W}id", "0")) > 0:
                root.remove(note)
        self.tree(root)
        if len(root):
            root[-1].tail = (root[-1].tail or "") + "{{ dg_notes }}"
        else:
            root.text = (root.text or "") + "{{ dg_notes }}"
        return _jinja(package.serialize(root))

    def core(self, data: bytes) -> str:
        root = package.parse(data)
        for ns, prefix, name, text in (
            (_DC, "dc", "title", "{{ dg_title }}"),
            (_DC, "dc", "creator", MARK),
            (_CP, "cp", "lastModifiedBy", MARK),
            (_DC, "dc", "identifier", "{{ dg_signed }}"),
        ):
            element = root.find(f"{{{ns}}}{name}")
            if element is None:
                element = etree.SubElement(root, f"{{{ns}}}{name}", nsmap={prefix: ns})
            element.text = text
        return _jinja(package.serialize(root))


# -- step 1: tags whole in one run ------------------------------------------------------------


def _own_texts(p: etree._Element) -> list[etree._Element]:
    """The w:t of *p* itself (not of a text box's paragraphs inside it)."""
    return [t for t in p.iter(f"{W}t") if next(t.iterancestors(f"{W}p"), None) is p]


def join_tags(p: etree._Element) -> None:
    texts = _own_texts(p)
    pieces = [t.text or "" for t in texts]
    full = "".join(pieces)
    if "{" not in full:
        return
    owner = [i for i, piece in enumerate(pieces) for _ in piece]
    tags = list(TAG.finditer(full))
    if not tags:
        return
    chars = list(full)
    for tag in tags:
        start, end = tag.span()
        for k in range(start, end):
            owner[k] = owner[start]
            chars[k] = chars[k].translate(_QUOTES)
    joined = [""] * len(texts)
    for k, char in enumerate(chars):
        joined[owner[k]] += char
    for t, before, after in zip(texts, pieces, joined, strict=True):
        if after == before:
            continue
        t.text = after
        run = t.getparent()
        if not after and run is not None:
            run.remove(t)
            if run.tag == f"{W}r" and all(c.tag == f"{W}rPr" for c in run):
                _replace(run, [])


# -- step 2: block tags lifted ------------------------------------------------------------------


def _lifted(text: str | None, level: str) -> list[str]:
    """The Jinja statements of the *level* tags in *text* ("" for a comment)."""
    found = []
    for tag in TAG.findall(text or ""):
        match = _LEVEL.match(tag)
        if match and match.group(2) == level and match.group(1) in "%#":
            found.append("{% " + match.group(3) + " %}" if match.group(1) == "%" else "")
    return found


def _section_kept(p: etree._Element) -> list[etree._Element]:
    """A section break on a {%p %} paragraph (where LibreOffice moves one from the empty
    paragraph after it), kept as an empty paragraph right after the tag."""
    section = p.find(f"{W}pPr/{W}sectPr")
    if section is None:
        return []
    kept = etree.Element(f"{W}p")
    etree.SubElement(kept, f"{W}pPr").append(section)
    return [kept]


def _split_run(t: etree._Element) -> None:
    """``{{r x }}`` in a run: the run's other text keeps its run, *x* goes between."""
    run = t.getparent()
    if run is None or run.tag != f"{W}r":
        return
    items: list[etree._Element | str] = []
    for i, piece in enumerate(re.split(r"\{\{r\s(.*?)\}\}", t.text or "", flags=re.S)):
        if i % 2:
            items.append("{{ " + piece.strip() + " }}")
        elif piece:
            copy = deepcopy(run)
            copy.find(f"{W}t").text = piece  # type: ignore[union-attr]
            items.append(copy)
    _replace(run, items)


def _replace(element: etree._Element, items: list[etree._Element | str]) -> None:
    """Put *items* (elements and Jinja text) where *element* is, keeping the text after it."""
    parent = element.getparent()
    assert parent is not None
    anchor = element.getprevious()
    index = parent.index(element)
    tail = element.tail or ""
    parent.remove(element)
    for item in [*items, tail]:
        if isinstance(item, str):
            if anchor is None:
                parent.text = (parent.text or "") + item
            else:
                anchor.tail = (anchor.tail or "") + item
        else:
            item.tail = None
            parent.insert(index, item)
            index += 1
            anchor = item


def _jinja(xml: bytes) -> str:
    """The serialised tree as Jinja: the tags as typed (lxml escaped their < > &)."""
    return TAG.sub(lambda m: html.unescape(m.group(0)), xml.decode("utf-8"))


# -- step 3: rule lines -------------------------------------------------------------------------


def _before(rule: etree._Element) -> str:
    """Jinja that renders the paragraphs before *rule* in its container (tables skipped, a
    paragraph whose text is not measured written as an empty one)."""
    parent = rule.getparent()
    assert parent is not None
    out = [parent.text or ""]
    for sibling in parent:
        if sibling is rule:
            break
        if sibling.tag == f"{W}p":
            text = style_of(sibling) in MEASURED
            out.append(etree.tostring(sibling, with_tail=False).decode() if text else "<w:p/>")
        out.append(sibling.tail or "")
    xml = re.sub(r'\s+xmlns(?::[\w.-]+)?="[^"]*"', "", "".join(out))  # declared by the part
    return TAG.sub(lambda m: html.unescape(m.group(0)), xml)


_PARAGRAPH = re.compile(r"<w:p\b[^>]*?(?:/>|>(.*?)</w:p>)", re.S)
_STYLE = re.compile(r'<w:pStyle w:val="([^"]*)"')
_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def measured(xml: str) -> list[tuple[str, str]]:
    """(style, text) of each paragraph in rendered XML."""
    found = []
    for match in _PARAGRAPH.finditer(xml):
        inner = match.group(1) or ""
        style = _STYLE.search(inner)
        text = html.unescape("".join(_TEXT.findall(inner)))
        found.append((style.group(1) if style else "", text))
    return found


def _text_width(section: etree._Element) -> int:
    size, margins = section.find(f"{W}pgSz"), section.find(f"{W}pgMar")
    try:
        width = int(size.get(f"{W}w", "11906")) if size is not None else 11906
        left = int(margins.get(f"{W}left", "1701")) if margins is not None else 1701
        right = int(margins.get(f"{W}right", "850")) if margins is not None else 850
    except ValueError:
        return 9355
    return width - left - right


# -- step 4: the last section -------------------------------------------------------------------


def _breaks(body: etree._Element) -> list[etree._Element]:
    """The section-break paragraphs of the body."""
    return [c for c in body if c.tag == f"{W}p" and c.find(f"{W}pPr/{W}sectPr") is not None]


def _mark_last_section(body: etree._Element, last: etree._Element) -> None:
    final = body.find(f"{W}sectPr")
    assert final is not None
    before = last.getprevious()
    if before is None:
        body.text = (body.text or "") + _MARKS[0]
    else:
        before.tail = (before.tail or "") + _MARKS[0]
    last.tail = _MARKS[1] + (last.tail or "")
    prev = final.getprevious()
    assert prev is not None
    prev.tail = (prev.tail or "") + _MARKS[2]
    final.tail = _MARKS[3] + (final.tail or "")


def _last_section(xml: str) -> str:
    head, rest = xml.split(_MARKS[0])
    brk, rest = rest.split(_MARKS[1])
    tail, rest = rest.split(_MARKS[2])
    final, end = rest.split(_MARKS[3])
    section = re.search(r"<w:sectPr\b[^>]*?(?:/>|>.*?</w:sectPr>)", brk, re.S)
    assert section is not None
    unbroken = brk[: section.start()] + brk[section.end() :]
    return (
        f"{head}{{% set dg_tail %}}{tail}{{% endset %}}{{% if dg_tail is dg_content %}}"
        f"{brk}{{{{ dg_tail }}}}{final}{{% else %}}{unbroken}{section.group(0)}{{% endif %}}{end}"
    )
