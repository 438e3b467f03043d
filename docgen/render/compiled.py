"""Compiled templates: a .docx template read, preprocessed and compiled once, rendered often.

For every document, docxtpl opens the package, runs its regex preprocessing, compiles the Jinja
template and deflates every part again. A :class:`CompiledTemplate` does all of that once, with
docxtpl's and python-docx's own functions; each document then costs the Jinja render of the
parts that vary, the post-processing of :mod:`docgen.render.docx` and writing the zip, where
the parts that never change are copied as the deflated bytes made at load time. The document
is the one :func:`docgen.render.docx.render_document` writes (tests/render prove it).

**The planned body.** docxtpl parses the rendered body with lxml (``fix_tables``), and the
post-processing works on that tree; parsing and serialising cost more than rendering. When
the template's own structure proves that this round trip cannot change anything but the
rule lines — checked once, by :func:`_plan_body`, on the Jinja syntax tree — the rendered
text goes into the file as it is, and only the rule paragraphs are replaced: each sized by
:func:`docgen.render.rules.fit_rule` on its table cell cut down to what precedes it (parsed
once per distinct cell, then remembered). A document whose values could still make the round
trip matter (characters XML does not allow, docxtpl's ``\\n \\t \\a \\f`` listings, …) takes
the full path, as does every template the plan does not cover.

A compiled template is not thread-safe (docxtpl keeps the part being rendered on itself): use
one per process, as :mod:`docgen.render.batch` does.
"""

from __future__ import annotations

import copy
import io
import itertools
import os
import re
import struct
import time
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.coreprops import CoreProperties
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.oxml import serialize_part_xml
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from jinja2 import Template, nodes
from jinja2.exceptions import TemplateError as JinjaTemplateError
from jinja2.exceptions import TemplateSyntaxError
from lxml import etree
from markupsafe import Markup

from docgen.compose.context import DocContext
from docgen.compose.inline import Span
from docgen.errors import TemplateError
from docgen.render.atomic import fingerprint, write_atomic
from docgen.render.docx import (
    EMPTY_FOOTNOTES,
    ENVIRONMENT_OPTIONS,
    check_template_file,
    context_vars,
    finish_body,
    footnotes_blob,
    footnotes_part,
    render_error,
    stamp_subject,
    template_vars,
    text_width,
)
from docgen.render.footnotes import add_footnotes, footnote_xml
from docgen.render.rules import RATIOS, fit_rule, is_rule
from docgen.render.runs import runs_markup
from docgen.render.sections import drop_empty_last_section
from docgen.render.xmlns import FOOTNOTES_CT, W_NS, W
from docgen.sandbox import Sandbox

#: zlib level of the parts rendered per document (fixed parts get zipfile's default, once)
DOCUMENT_LEVEL = 1
#: the characters docxtpl's resolve_listing turns into tabs, breaks and paragraphs
_LISTING = (b"\n", b"\t", b"\a", b"\f")
#: how docxtpl's render_xml_part gives back the tags escaped in a template ({_{ → {{ …)
_UNESCAPES = ((b"{_{", b"{{"), (b"}_}", b"}}"), (b"{_%", b"{%"), (b"%_}", b"%}"))
#: control characters: XML refuses most of them, and lxml's recovering parser in docxtpl's
#: fix_tables drops them (\t \n \r are allowed but rewritten by resolve_listing or the parser)
_CONTROLS = bytes(range(32))
_READ_ERRORS = (
    KeyError,
    ValueError,
    zipfile.BadZipFile,
    PackageNotFoundError,
    etree.XMLSyntaxError,
)


class CompiledTemplate:
    """A Word template prepared once; :meth:`render` makes one .docx per context."""

    def __init__(self, path: Path) -> None:
        check_template_file(path)
        self.path = path
        self._data = path.read_bytes()
        self._env = _MemoEnvironment()
        self._engine = _Engine(io.BytesIO(self._data))
        self._deflate = _Deflater(DOCUMENT_LEVEL)
        try:
            self._engine.render_init()
            self._prepare(self._engine.docx)
        except _READ_ERRORS as exc:
            raise TemplateError(f"cannot read the template: {exc}", file=path) from None
        except JinjaTemplateError as exc:
            raise render_error(exc, path) from None
        self._footnoted: tuple[_Archive, str] | None = None

    def render(self, ctx: DocContext) -> bytes:
        """The .docx file of *ctx*, as bytes."""
        return self._render(template_vars(ctx), ctx.footnotes, ctx.subject)

    def render_prepared(self, prepared: PreparedContext) -> bytes:
        """The .docx file of the context *prepared* was made of, as bytes."""
        return self._render(prepared.template_vars(), prepared.footnotes, prepared.subject)

    def _render(
        self, context: dict[str, Any], notes: list[tuple[Span, ...]], subject: str
    ) -> bytes:
        blobs = self._render_parts(context, subject)
        archive = self._archive
        if notes:
            if self._notes is None:
                archive, name = self._footnoted_layout()
                blobs[name] = _notes_blob(_EMPTY_NOTES, EMPTY_FOOTNOTES, notes)
            elif self._notes in blobs:
                name = self._notes
                blobs[name] = footnotes_blob(blobs[name], notes)
            else:
                name = self._notes
                blobs[name] = _notes_blob(self._notes_shape, self._fixed[name], notes)
        return archive.build(blobs, self._deflate)

    def render_to_file(self, ctx: DocContext, target: Path, force: bool = False) -> Path:
        """Render and save to *target*, whole or not at all (see :mod:`docgen.render.atomic`)."""
        data = self.render(ctx)

        def write(tmp: Path) -> None:
            tmp.write_bytes(data)

        return write_atomic(target, write, force=force)

    @property
    def planned(self) -> bool:
        """True when the body is rendered without docxtpl's lxml round trip (see the module)."""
        return self._plan is not None

    # -- once per template ------------------------------------------------------------

    def _prepare(self, document: Any) -> None:
        """Preprocess and compile every part docxtpl renders; render those without tags."""
        engine = self._engine
        document.core_properties  # noqa: B018 -- created if missing, as docxtpl's render does
        self._body = self._compile(document.part, engine.get_xml())
        self._shell = copy.deepcopy(document.element)  # each document's body goes in a copy
        self._shell.body.clear()
        self._plan = _plan_body(self._env, self._body.xml, self._shell)
        self._fixed: dict[str, bytes] = {}  # parts without any tag, rendered here once
        self._parts: list[_Part] = []  # headers and footers
        for uri in (engine.HEADER_URI, engine.FOOTER_URI):
            for _rel, part in engine.get_headers_footers(uri):
                xml = engine.get_part_xml(part)
                encoding = engine.get_headers_footers_encoding(xml)
                self._keep(self._parts, self._compile(part, xml, encoding), self._render_xml_part)
        parts = list(document.part.package.parts)
        notes = [p for p in parts if p.content_type == FOOTNOTES_CT]
        self._notes = notes[0].partname.membername if notes else None
        self._footnotes: list[_Part] = []
        for part in notes:
            source = self._compile(part, part.blob.decode("utf-8"))
            self._keep(self._footnotes, source, self._render_footnotes)
        self._notes_shape = None
        if self._notes is not None and self._notes in self._fixed:
            self._notes_shape = _NotesShape.of(self._fixed[self._notes])
        core = next(p for p in parts if p.content_type == CT.OPC_CORE_PROPERTIES)
        self._core_name = core.partname.membername
        self._prepare_core(core.blob)
        self._rendered = {self._body.name, self._core_name}
        self._rendered |= {p.name for p in self._parts + self._footnotes}
        self._archive = self._pack(document)

    def _compile(self, part: Any, xml: str, encoding: str = "utf-8") -> _Part:
        """docxtpl's patch_xml, and the Jinja template its render_xml_part would compile."""
        patched = self._engine.patch_xml(xml)
        capture = _Capture()
        self._engine.render_xml_part(patched, part, {}, capture)
        try:
            template = self._env.from_string(capture.source)
        except TemplateSyntaxError:
            self._engine.render_xml_part(patched, part, {}, self._env)  # docxtpl's own error
            raise
        constant = self._env.is_constant(capture.source)
        return _Part(part, part.partname.membername, patched, template, constant, encoding)

    def _keep(self, variable: list[_Part], source: _Part, render: Any) -> None:
        """Render a part without tags now; keep the others for each document."""
        if source.constant:
            self._fixed[source.name] = render(source, {})
        else:
            variable.append(source)

    def _prepare_core(self, blob: bytes) -> None:
        """docxtpl renders six core properties as templates: without tags, that is done here,
        and the part is kept as the bytes around its title (the only value that varies)."""
        probe = _MemoEnvironment()
        element = parse_xml(blob)
        try:
            _render_properties(CoreProperties(element), {}, probe)
            constant = all(probe.is_constant(source) for source in probe.sources)
        except JinjaTemplateError:
            constant = False
        self._core_constant = constant
        self._core = element if constant else parse_xml(blob)
        self._core_shape = _CoreShape.of(self._core) if constant else None

    def _pack(self, document: Any, *rendered: str) -> _Archive:
        """The members of *document* as python-docx saves it; fixed ones deflated here."""
        buffer = io.BytesIO()
        document.save(buffer)
        layout: list[_Zipped | str] = []
        with zipfile.ZipFile(buffer) as z:
            for info in z.infolist():
                name = info.filename
                if name in self._rendered or name in rendered:
                    layout.append(name)
                else:
                    blob = self._fixed[name] if name in self._fixed else z.read(info)
                    layout.append(_Zipped.deflate(name, blob))
        return _Archive(tuple(layout))

    def _footnoted_layout(self) -> tuple[_Archive, str]:
        """The layout once an empty footnotes part is added (as render_document adds it), and
        that part's name."""
        if self._footnoted is None:
            document = Document(io.BytesIO(self._data))
            document.core_properties  # noqa: B018 -- as in _prepare
            name = footnotes_part(document).partname.membername
            self._footnoted = (self._pack(document, name), name)
        return self._footnoted

    # -- once per document ------------------------------------------------------------

    def _render_parts(self, context: dict[str, Any], subject: str) -> dict[str, bytes]:
        """Every part that varies, in the order docxtpl renders them, post-processed."""
        try:
            body = self._render_document(context)
            blobs = {self._body.name: body}
            for source in self._parts:
                blobs[source.name] = self._render_xml_part(source, context)
            blobs[self._core_name] = self._render_core(context, subject, fingerprint(body))
            for source in self._footnotes:
                blobs[source.name] = self._render_footnotes(source, context)
        except JinjaTemplateError as exc:
            raise render_error(exc, self.path) from None
        return blobs

    def _render_document(self, context: dict[str, Any]) -> bytes:
        """The document part: planned when the template and these values allow it."""
        if self._plan is not None:
            xml = self._render_planned(self._plan, context)
            if xml is not None:
                return xml
        return self._render_body(context)

    def _render_planned(self, plan: _BodyPlan, context: dict[str, Any]) -> bytes | None:
        """The body rendered as text, put in the document as it is (see :func:`_plan_body`);
        None when these values need docxtpl's listings or its recovering parser."""
        source = self._body
        self._engine.current_rendering_part = source.part
        try:
            text = plan.template.render(context)
        except JinjaTemplateError:
            self._engine.render_xml_part(source.xml, source.part, context, self._env)
            raise
        if "\ufffe" in text or "\uffff" in text:
            return None  # not XML characters: lxml's recovering parser would drop them
        xml = text.encode("utf-8")
        if len(xml.translate(None, _CONTROLS)) != len(xml):
            return None  # control characters (and listings: \n \t \a \f), see _CONTROLS
        if b"_" in xml and (b"{_" in xml or b"_}" in xml):
            for escaped, tag in _UNESCAPES:
                xml = xml.replace(escaped, tag)
        return plan.finish(xml)

    def _render_xml(self, source: _Part, context: dict[str, Any]) -> bytes:
        """docxtpl's render_xml_part, with the template compiled once; its text as UTF-8.

        Its regex substitutions after rendering are the plain byte replacements below (fast
        on bytes, where they mean the same as on text); the rest is docxtpl's own code.
        """
        engine = self._engine
        engine.current_rendering_part = source.part
        try:
            text = source.template.render(context)
        except JinjaTemplateError:
            engine.render_xml_part(source.xml, source.part, context, self._env)  # adds where
            raise
        xml = text.encode("utf-8")
        xml = xml.replace(b"\n<w:p ", b"<w:p ").replace(b"\n<w:p>", b"<w:p>")
        if b"_" in xml and (b"{_" in xml or b"_}" in xml):
            for escaped, tag in _UNESCAPES:
                xml = xml.replace(escaped, tag)
        if any(char in xml for char in _LISTING):
            xml = str(engine.resolve_listing(xml.decode("utf-8"))).encode("utf-8")
        return xml

    def _render_body(self, context: dict[str, Any]) -> bytes:
        """docxtpl's build_xml, fix_tables, fix_docpr_ids and map_tree, then finish_body."""
        xml = self._render_xml(self._body, context)
        tree = self._engine.fix_tables(xml)
        if b"docPr" in xml:
            DocxTemplate.fix_docpr_ids(SimpleNamespace(docx_ids_index=1000), tree)
        root = copy.deepcopy(self._shell)
        root.replace(root.body, tree)
        finish_body(root)
        return serialize_part_xml(root)

    def _render_xml_part(self, source: _Part, context: dict[str, Any]) -> bytes:
        """A header or footer, as docxtpl's build_headers_footers_xml and XmlPart.load."""
        xml = self._render_xml(source, context)
        if source.encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
            xml = xml.decode("utf-8").encode(source.encoding)
        return serialize_part_xml(parse_xml(xml))

    def _render_footnotes(self, source: _Part, context: dict[str, Any]) -> bytes:
        """The footnotes part, as docxtpl's render_footnotes."""
        return self._render_xml(source, context)

    def _render_core(self, context: dict[str, Any], subject: str, signed: str) -> bytes:
        """The core properties: rendered as docxtpl does (unless done once), then stamped
        with the trích yếu and the document part's fingerprint *signed*."""
        shape = self._core_shape
        if shape is not None:
            title = subject[:250]
            # printable: lxml would neither refuse it nor write a character reference
            if isinstance(title, str) and title.isprintable():
                return shape.fill(_escape_text(title).encode("utf-8"), signed.encode("ascii"))
        element = copy.deepcopy(self._core)
        props = CoreProperties(element)
        if not self._core_constant:
            _render_properties(props, context, self._env)
        stamp_subject(props, subject, signed)
        return serialize_part_xml(element)


@dataclass(frozen=True)
class PreparedContext:
    """What a template needs of a DocContext (template_vars, the footnotes, the trích yếu),
    packed to cross to another process cheaply: the runs of the body blocks as one string
    instead of hundreds of Span objects, whose pickling, unpickling and freeing cost as much
    as rendering the document. :meth:`CompiledTemplate.render_prepared` renders it."""

    variables: dict[str, Any]  # template_vars without the body blocks
    styles: tuple[str, ...]  # the body blocks: their styles,
    runs: str  # their runs, one after another,
    ends: tuple[int, ...]  # where each block's runs end in *runs*,
    tables: tuple[tuple[int, Any], ...]  # and their tables (by block), where they have one
    footnotes: list[tuple[Span, ...]]
    subject: str

    @classmethod
    def of(cls, ctx: DocContext) -> PreparedContext:
        blocks = ctx.body
        runs = [runs_markup(block.spans) for block in blocks]
        tables = tuple(
            (i, table)
            for i, block in enumerate(blocks)
            if (table := getattr(block, "table", None)) is not None
        )
        return cls(
            context_vars(ctx, None),
            tuple(block.style for block in blocks),
            "".join(runs),
            tuple(itertools.accumulate(map(len, runs))),
            tables,
            ctx.footnotes,
            ctx.subject,
        )

    def template_vars(self) -> dict[str, Any]:
        """template_vars of the context."""
        runs, ends, new = self.runs, self.ends, str.__new__
        starts = (0, *ends[:-1])
        # each block's runs as runs_markup returned them (and as it makes them)
        body = [
            {"style": style, "runs": new(Markup, runs[start:end]), "table": None}
            for style, start, end in zip(self.styles, starts, ends, strict=True)
        ]
        for i, table in self.tables:
            body[i]["table"] = table
        variables = dict(self.variables)
        if variables.get("body", body) is None:  # not replaced by the spec's own "body"
            variables["body"] = body
        return variables


_CACHE: OrderedDict[Path, tuple[tuple[int, int], CompiledTemplate]] = OrderedDict()
_CACHE_SIZE = 16


def compiled_template(path: Path) -> CompiledTemplate:
    """The compiled template of *path*, kept per process (compiled again if the file changes)."""
    try:
        stat = path.stat()
    except OSError:
        stat = None
    version = (stat.st_mtime_ns, stat.st_size) if stat is not None else (-1, -1)
    found = _CACHE.get(path)
    if found is None or found[0] != version:
        found = _CACHE[path] = (version, CompiledTemplate(path))
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    _CACHE.move_to_end(path)
    return found[1]


# -- docxtpl and Jinja, driven one part at a time ---------------------------------------

class _MemoEnvironment(Sandbox):
    """The docgen template environment, compiling each source only the first time it is seen
    (docxtpl's render_properties and error reporting call ``from_string`` every time)."""

    def __init__(self) -> None:
        super().__init__(**ENVIRONMENT_OPTIONS)
        self._compiled: dict[str, Template] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        found = self._compiled.get(source)
        if found is None:
            found = self._compiled[source] = super().from_string(source)
        return found

    @property
    def sources(self) -> list[str]:
        """The sources compiled so far."""
        return list(self._compiled)

    def is_constant(self, source: str) -> bool:
        """True when *source* has no Jinja tag at all: its output depends on no context."""
        return all(
            isinstance(node, nodes.Output)
            and all(isinstance(child, nodes.TemplateData) for child in node.nodes)
            for node in self.parse(source).body
        )


class _Capture:
    """Stands in for the Jinja environment to learn the source docxtpl compiles for a part."""

    source = ""

    def from_string(self, source: str) -> _Capture:
        self.source = source
        return self

    def render(self, context: dict[str, Any]) -> str:
        return ""


class _Engine(DocxTemplate):  # type: ignore[misc]
    """docxtpl itself, used for its preprocessing and its steps, part by part."""

    def resolve_listing(self, xml: str) -> str:
        # docxtpl's regexes there only rewrite these characters: without any, nothing changes
        if not any(char in xml for char in ("\n", "\t", "\a", "\f")):
            return xml
        return str(super().resolve_listing(xml))


def _render_properties(props: CoreProperties, context: dict[str, Any], env: Any) -> None:
    """docxtpl's own render_properties, applied to one document's core properties."""
    holder = SimpleNamespace(docx=SimpleNamespace(core_properties=props))
    DocxTemplate.render_properties(holder, context, env)


@dataclass(frozen=True)
class _Part:
    """One XML part docxtpl renders: preprocessed (patch_xml) and compiled."""

    part: Any
    name: str
    xml: str
    template: Template
    constant: bool
    encoding: str = "utf-8"


# -- the planned body -------------------------------------------------------------------


class _Unplanned(Exception):
    """The body template does something only docxtpl's full path is proven to reproduce."""


#: a start, end or empty tag (groups: "/" of an end tag, name, attributes, "/" of an empty
#: tag), or a comment, processing instruction or CDATA section (no group)
_TAG = re.compile(
    r"<(?:!--.*?--|\?.*?\?|!\[CDATA\[.*?\]\]"
    r"|(/?)([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)"
    r"((?:\s+[^\s=/<>]+\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*)\s*(/?))>",
    re.S,
)
_ATTRIBUTE = re.compile(r"([^\s=]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
#: docxtpl puts a newline before every paragraph of the source and takes it out of the result
_PARAGRAPH = re.compile(r"<w:p[ >]")
#: Jinja whitespace control, which could eat those newlines
_TRIM = re.compile(r"\{[%{#]-|-[%}#]\}")
#: elements whose Jinja structures would change a table's shape (what fix_tables looks at)
_TABLE_PARTS = ("w:tbl", "w:tr", "w:tc", "w:tblGrid", "w:tcPr")
_XMLNS = re.compile(rb"\s+xmlns(?::[\w.\-]+)?=\"[^\"]*\"")
#: stands for what Jinja writes in an attribute value, while the planner reads a tag
_VARIES = "\N{REPLACEMENT CHARACTER}"
#: what the style names of all rule paragraphs start with
_RULE_MARK = os.path.commonprefix(list(RATIOS)).encode("utf-8")
#: rule sizes remembered per template (each a few hundred bytes), for cells seen before
_FITTED_MAX = 512


@dataclass(frozen=True)
class _Break:
    """A section-break paragraph of the template, exactly as written there; and that
    paragraph followed by the section, as drop_empty_last_section leaves them."""

    xml: bytes
    dropped: bytes


@dataclass
class _BodyPlan:
    """How a body whose structure is proven fixed goes into the document without lxml.

    *template* is the body without docxtpl's newlines before paragraphs (they only come back
    out); the rendered text starts with the body's start tag (*head* bytes) and ends with
    ``</w:body>``, and goes between *prefix* and *suffix* (the serialised w:document around
    an empty body). The rule paragraphs are found by their exact text and replaced.
    """

    template: Template
    head: int
    prefix: bytes
    suffix: bytes
    namespaces: bytes  # the body's namespace declarations, to parse a cell on its own
    rules: tuple[bytes, ...]  # the rule paragraphs, as written (in a w:tc or the w:body)
    page_width: int
    final: bytes  # the body's w:sectPr, as written
    breaks: tuple[_Break, ...]
    fitted: dict[tuple[int, bytes], bytes] = field(default_factory=dict)

    def finish(self, xml: bytes) -> bytes | None:
        """The document part: *xml* (the rendered body) in the document, rules sized."""
        if self.breaks:
            found = self._sections(xml)
            if found is None:
                return None
            xml = found
        end = len(xml) - len(b"</w:body>")
        pieces = [self.prefix]
        done = self.head
        for at, i in self._rules_in(xml):
            if at < done:
                return None  # overlapping rule texts: not what the plan proved
            fitted = self._fitted(xml, at, i)
            if fitted is None:
                return None
            pieces += (xml[done:at], fitted)
            done = at + len(self.rules[i])
        pieces += (xml[done:end], self.suffix)
        return b"".join(pieces)

    def _rules_in(self, xml: bytes) -> Iterator[tuple[int, int]]:
        """Where the rule paragraphs are in *xml*, and which: found from the part of their
        style names all rules share (one pass), else rule by rule."""
        mark = _RULE_MARK
        if not mark:
            yield from sorted((at, i) for i, r in enumerate(self.rules) for at in _find_all(xml, r))
            return
        at = xml.find(mark, self.head)
        while at >= 0:
            for i, rule in enumerate(self.rules):
                start = at - rule.index(mark)
                if start >= 0 and xml.startswith(rule, start):
                    yield start, i
                    break
            at = xml.find(mark, at + 1)

    def _fitted(self, xml: bytes, at: int, i: int) -> bytes | None:
        """Rule *i* at *at*, sized: the same for the same container contents before it."""
        cell = max(xml.rfind(b"<w:tc>", 0, at), xml.rfind(b"<w:tc ", 0, at))
        if cell <= xml.rfind(b"</w:tc>", 0, at):
            cell = -1  # in the body (tables are not nested: the planner saw to it)
        key = (i, xml[cell if cell >= 0 else self.head : at])
        found = self.fitted.get(key)
        if found is None:
            try:
                found = self._fit(xml, cell, at, self.rules[i])
            except (etree.XMLSyntaxError, ValueError, IndexError, TypeError):
                return None
            if len(self.fitted) >= _FITTED_MAX:
                self.fitted.clear()
            self.fitted[key] = found
        return found

    def _fit(self, xml: bytes, cell: int, at: int, rule: bytes) -> bytes:
        """Parse the container (the cell starting at *cell*, or the body) up to and with the
        rule at *at*, and size the rule as fit_rules does."""
        if cell >= 0:  # "<w:tc" + the namespaces + the rest of the cell's start tag …
            fragment = b"<w:tc" + self.namespaces + xml[cell + 5 : at] + rule + b"</w:tc>"
        else:
            fragment = xml[:at] + rule + b"</w:body>"
        p = etree.fromstring(fragment)[-1]
        if p.tag != f"{W}p":
            raise ValueError("not a paragraph")
        fit_rule(p, self.page_width)
        return _unqualified(
            etree.tostring(p, encoding="UTF-8", xml_declaration=False, with_tail=False)
        )

    def _sections(self, xml: bytes) -> bytes | None:
        """drop_empty_last_section, on the text: a last section break followed by nothing
        gives the body its section. None if only lxml can tell (empty paragraphs after it)."""
        final = len(xml) - len(b"</w:body>") - len(self.final)
        at, i = max((xml.rfind(b.xml, 0, final), i) for i, b in enumerate(self.breaks))
        if at < 0:
            return xml
        last = self.breaks[i]
        after = xml[at + len(last.xml) : final]
        if not after:
            return xml[:at] + last.dropped + b"</w:body>"
        if b"<w:tbl" in after:
            return xml  # a table: the last section is not empty
        body = etree.fromstring(xml[: self.head] + last.xml + after + self.final + b"</w:body>")
        section = body.find(f"{W}sectPr")
        drop_empty_last_section(body)
        return xml if body.find(f"{W}sectPr") is section else None


def _unqualified(xml: bytes) -> bytes:
    """An element as lxml writes it on its own, without the namespace declarations it adds
    to its start tag (its parent in the document declares them)."""
    end = xml.index(b">")
    return _XMLNS.sub(b"", xml[:end]) + xml[end:]


def _find_all(data: bytes, needle: bytes) -> Iterator[int]:
    at = data.find(needle)
    while at >= 0:
        yield at
        at = data.find(needle, at + len(needle))


def _plan_body(env: _MemoEnvironment, source: str, shell: Any) -> _BodyPlan | None:
    """The plan for the body *source* (after docxtpl's patch_xml), or None when docxtpl's
    lxml round trip could change the document in a way the plan does not reproduce.

    Proven here, for every context: the output is well-formed (each Jinja structure opens
    and closes the same elements, values are escaped text or docgen's own runs); fix_tables
    changes nothing (no structure repeats or drops cells, no nested tables, every table has
    an unconditional full row); there are no drawings (fix_docpr_ids); the rule paragraphs,
    the section breaks and the body's own section are literal text of the template, found
    as such in the output (drop_empty_last_section is then done on the text); docxtpl's
    newlines before paragraphs come out again exactly.
    """
    try:
        return _BodyPlanner(env, source, shell).plan()
    except (_Unplanned, TemplateSyntaxError, etree.XMLSyntaxError, ValueError):
        return None


@dataclass
class _Open:
    """An element open at this point of the template, as the planner walks it."""

    name: str
    serial: int
    data: int  # index of the template text where its start tag is
    start: int  # offset of the start tag there
    rule: bool = False  # a paragraph with a rule's w:pStyle
    section: bool = False  # a paragraph that ends a section (w:pPr/w:sectPr)
    cells: int = 0  # w:tr: its w:tc; w:tbl: its w:gridCol (-1 before its w:tblGrid)
    span: int = 0  # w:tr: the grid columns its cells span
    grid_span: int | None = None  # w:tc: its w:gridSpan
    properties: int = 0  # w:tc: its w:tcPr
    conditional: bool = False  # w:tr: inside a Jinja structure of its table
    rows: list[tuple[int, int, bool]] = field(default_factory=list)  # w:tbl


class _BodyPlanner:
    """Walks the body's Jinja syntax tree, following the XML of its text (see _plan_body)."""

    def __init__(self, env: _MemoEnvironment, source: str, shell: Any) -> None:
        self.env = env
        self.source = source
        self.shell = shell
        self.stack: list[_Open] = []
        self.structures: list[tuple[int, ...]] = []  # open elements where each one began
        self.serial = 0
        self.texts: list[str] = []  # the template's text, piece by piece
        self.rules: list[str] = []
        self.sections = 0  # w:sectPr seen
        self.breaks: list[str] = []  # section-break paragraphs, as written
        self.final = ""  # the body's own w:sectPr, as written
        # a tag with Jinja in its attribute values: what was read of it, where it started,
        # and the quote of the value being read
        self.partial: list[str] | None = None
        self.partial_at = (0, 0)
        self.quote = ""

    def plan(self) -> _BodyPlan:
        source = self.source
        if "docPr" in source or _TRIM.search(source):
            raise _Unplanned("drawings or whitespace control")
        self.walk(self.env.parse(source).body)
        text = "".join(self.texts)
        if self.stack or self.partial or not self.texts or not self.final:
            raise _Unplanned("not a whole body")
        if not self.texts[-1].endswith(self.final + "</w:body>"):
            raise _Unplanned("the body's section is not last")
        if len(_PARAGRAPH.findall(text)) != len(_PARAGRAPH.findall(source)):
            raise _Unplanned("a paragraph tag inside a Jinja tag")
        if any(char in text for char in _CONTROLS.decode("ascii")):
            raise _Unplanned("control characters or listings in the template")
        head = _TAG.match(self.texts[0])
        if head is None or head.start() != 0 or head.group(2) != "w:body" or head.group(1):
            raise _Unplanned("the body does not start the template")
        body_tag = head.group(0)
        literals = (body_tag, self.final, *self.rules, *self.breaks)
        if any(m in x for x in literals for m in ("{_", "_}")):
            raise _Unplanned("braces in text the plan looks for")  # docxtpl's {_{ → {{ …
        body = etree.fromstring(body_tag if head.group(4) else body_tag[:-1] + "/>")
        if body.attrib or any(self.shell.nsmap.get(k) != v for k, v in body.nsmap.items()):
            raise _Unplanned("attributes or namespaces of the body's own")
        # the whole template text (every branch once) must be XML that uses w: for Word's
        # namespace only, and the rule literals must be rules
        whole = etree.fromstring(text)
        for element in whole.iter():
            if isinstance(element.tag, str) and (element.prefix == "w") != (
                element.tag.startswith(W)
            ):
                raise _Unplanned("another prefix for Word's namespace")
        rules: list[bytes] = []
        for literal in dict.fromkeys(self.rules):
            if "xmlns" in literal or len(_PARAGRAPH.findall(literal)) != 1:
                raise _Unplanned("a rule paragraph written unusually")
            if is_rule(etree.fromstring(body_tag + literal + "</w:body>")[0]):
                rules.append(literal.encode("utf-8"))
        document = copy.deepcopy(self.shell)
        document.replace(document.body, parse_xml(text.encode("utf-8")))
        try:
            page_width = text_width(document)
        except (IndexError, TypeError, AttributeError) as exc:
            raise _Unplanned(f"no page width: {exc}") from None
        breaks = tuple(self.section_break(body_tag, b) for b in dict.fromkeys(self.breaks))
        empty = copy.deepcopy(self.shell)
        xml = serialize_part_xml(empty)
        if xml.count(b"<w:body/>") != 1:
            raise _Unplanned("an unusual document element")
        before, after = xml.split(b"<w:body/>")
        namespaces = body_tag[len("<w:body") : -1].rstrip("/").encode("utf-8")
        return _BodyPlan(
            template=self.env.from_string(source),
            head=len(body_tag.encode("utf-8")),
            prefix=before + b"<w:body>",
            suffix=b"</w:body>" + after,
            namespaces=namespaces,
            rules=tuple(rules),
            page_width=page_width,
            final=self.final.encode("utf-8"),
            breaks=breaks,
        )

    def section_break(self, body_tag: str, literal: str) -> _Break:
        """A section-break paragraph, and what drop_empty_last_section makes of it and the
        body's section when nothing follows it."""
        if "xmlns" in literal or "xmlns" in self.final:
            raise _Unplanned("a section written unusually")
        body = etree.fromstring(body_tag + literal + self.final + "</w:body>")
        final = body.find(f"{W}sectPr")
        drop_empty_last_section(body)
        if body.find(f"{W}sectPr") is final or len(body) != 2:
            raise _Unplanned("a section break drop_empty_last_section does not drop")
        written = []
        for element in body:
            out = etree.tostring(element, encoding="UTF-8", xml_declaration=False, with_tail=False)
            written.append(_unqualified(out))
        return _Break(literal.encode("utf-8"), b"".join(written))

    # -- the Jinja tree --

    def walk(self, body: Sequence[nodes.Node]) -> None:
        for node in body:
            if self.partial is not None and not isinstance(node, nodes.Output):
                self.in_value([node])
                self.partial.append(_VARIES)
            elif isinstance(node, nodes.Output):
                for child in node.nodes:
                    if isinstance(child, nodes.TemplateData):
                        self.text(child.data)
                    else:
                        self.value(child)
            elif isinstance(node, nodes.If):
                self.check(node.test)
                branches = [node.body, *(n.body for n in node.elif_), node.else_]
                self.check(*(n.test for n in node.elif_))
                self.structure(branches)
            elif isinstance(node, nodes.For):
                if node.recursive:
                    raise _Unplanned("a recursive loop")
                self.check(node.iter, node.test)
                self.structure([node.body, node.else_])
            elif isinstance(node, nodes.With):
                self.check(*node.values)
                self.structure([node.body])
            elif isinstance(node, nodes.Assign):
                self.check(node.node)
            else:
                raise _Unplanned(f"a {type(node).__name__} tag")

    def structure(self, branches: list[list[nodes.Node]]) -> None:
        """A Jinja structure: every branch must close exactly what it opens."""
        if not self.stack:
            raise _Unplanned("a Jinja structure outside the body")
        inner = next((e.name for e in reversed(self.stack) if e.name in _TABLE_PARTS), None)
        if inner in ("w:tr", "w:tblGrid", "w:tcPr"):
            raise _Unplanned(f"a Jinja structure in a {inner}")
        snapshot = tuple(e.serial for e in self.stack)
        self.structures.append(snapshot)
        for branch in branches:
            self.walk(branch)
            if tuple(e.serial for e in self.stack) != snapshot:
                raise _Unplanned("a Jinja structure that opens or closes elements")
        self.structures.pop()

    def value(self, expr: nodes.Node) -> None:
        """A ``{{ }}``: escaped text, or docgen's runs as they are (``b.runs``)."""
        if not self.stack:
            raise _Unplanned("a value outside the body")
        if self.partial is not None:
            self.in_value([expr])
            self.partial.append(_VARIES)
        elif _names_runs(expr) and _inside(expr) is not None:
            self.check(_inside(expr))
        else:
            self.check(expr)

    def in_value(self, body: Sequence[nodes.Node]) -> None:
        """Jinja inside an attribute value (``w:val="{% if … %}restart{% else %}…"``): text
        that stays in the value, escaped values (quotes become references), no runs."""
        if not self.quote:
            raise _Unplanned("a Jinja tag in a tag but not in an attribute value")
        for node in body:
            if isinstance(node, nodes.TemplateData):
                if any(char in node.data for char in "\"'<>&"):
                    raise _Unplanned("a Jinja structure that changes a tag")
                self.texts.append(node.data)
            elif isinstance(node, nodes.Output):
                self.in_value(node.nodes)
            elif isinstance(node, nodes.If):
                self.check(node.test, *(n.test for n in node.elif_))
                self.in_value([*node.body, *node.elif_, *node.else_])
            elif isinstance(node, nodes.For) and not node.recursive:
                self.check(node.iter, node.test)
                self.in_value([*node.body, *node.else_])
            elif isinstance(node, nodes.Expr):
                self.check(node)
            else:
                raise _Unplanned(f"a {type(node).__name__} in an attribute value")

    def check(self, *exprs: nodes.Node | None) -> None:
        """No Markup but the runs themselves: no |safe, no runs taken apart or changed."""
        for expr in exprs:
            if expr is None:
                continue
            for node in (expr, *expr.find_all(nodes.Node)):
                if isinstance(node, nodes.Filter) and node.name == "safe":
                    raise _Unplanned("|safe")
                if isinstance(node, (nodes.MarkSafe, nodes.MarkSafeIfAutoescape)):
                    raise _Unplanned("markup")
                if _names_runs(node):
                    raise _Unplanned("runs used in an expression")

    # -- the XML of the template's text --

    def text(self, data: str) -> None:
        index = len(self.texts)
        self.texts.append(data)
        at = 0
        if self.partial is not None:  # the rest of a tag with Jinja in it
            end, self.quote = _tag_end(data, 0, self.quote)
            if end < 0:
                self.partial.append(data)
                return
            whole = "".join(self.partial) + data[:end]
            self.partial = None
            tag = _TAG.fullmatch(whole)
            if tag is None or tag.group(2) in ("w:pStyle", "w:gridSpan"):
                raise _Unplanned("a tag cut by a Jinja tag, or not XML")
            self.tag(tag, *self.partial_at, index, end)
            at = end
        at = data.find("<", at)
        while at >= 0:
            tag = _TAG.match(data, at)
            if tag is None:
                end, self.quote = _tag_end(data, at + 1, "")
                if end >= 0:
                    raise _Unplanned("not XML")
                self.partial, self.partial_at = [data[at:]], (index, at)
                return
            self.tag(tag, index, at, index, tag.end())
            at = data.find("<", tag.end())

    def tag(self, tag: re.Match[str], index: int, start: int, end_index: int, end: int) -> None:
        """A tag that starts at *start* in text *index* and ends at *end* in *end_index*."""
        closing, name, attributes, empty = tag.groups()
        if name is None:
            return  # comment, processing instruction, CDATA
        if closing:
            if attributes or empty:
                raise _Unplanned("not XML")
            self.close(name, end_index, end)
            return
        self.open(name, attributes, index, start)
        if empty:
            self.close(name, end_index, end)

    def open(self, name: str, attributes: str, index: int, start: int) -> None:
        stack = self.stack
        parent = stack[-1] if stack else None
        element = _Open(name, self.serial, index, start)
        self.serial += 1
        up = parent.name if parent is not None else ""
        if (name == "w:body") == bool(stack) or self.final:
            raise _Unplanned("a body in the body, or something after the body's section")
        elif name == "w:tbl":
            if any(e.name == "w:tbl" for e in stack):
                raise _Unplanned("a table in a table")
            element.cells = -1
        elif name == "w:tblGrid":
            if up != "w:tbl" or stack[-1].cells != -1:
                raise _Unplanned("a table grid out of place")
            stack[-1].cells = 0
        elif name == "w:gridCol" and up == "w:tblGrid":
            stack[-2].cells += 1
        elif name == "w:tr":
            if up != "w:tbl":
                raise _Unplanned("a row out of place")
            element.conditional = any(stack[-1].serial in s for s in self.structures)
        elif name == "w:tc" and up != "w:tr":
            raise _Unplanned("a cell out of place")
        elif name == "w:tcPr" and up == "w:tc":
            cell = stack[-1]
            cell.properties += 1
            if cell.properties > 1 or any(cell.serial in s for s in self.structures):
                raise _Unplanned("cell properties in a Jinja structure")
        elif name == "w:gridSpan" and up == "w:tcPr" and stack[-2].name == "w:tc":
            cell = stack[-2]
            if cell.grid_span is None:
                try:
                    cell.grid_span = int(_attribute(attributes, "w:val") or "")
                except ValueError:
                    raise _Unplanned("a grid span without a number") from None
        elif name == "w:pStyle" and up == "w:pPr" and stack[-2].name == "w:p":
            if _attribute(attributes, "w:val") in RATIOS:
                stack[-2].rule = True
        elif name == "w:sectPr":
            self.sections += 1
            if self.sections == 1 and self.structures:
                raise _Unplanned("the first section in a Jinja structure")  # the page width
            if up == "w:body":
                if self.structures or self.final:
                    raise _Unplanned("the body's section in a Jinja structure")
            elif up == "w:pPr" and stack[-2].name == "w:p" and len(stack) == 3:
                stack[-2].section = True  # w:body/w:p/w:pPr/w:sectPr
            else:
                raise _Unplanned("a section out of place")
        stack.append(element)

    def close(self, name: str, index: int, end: int) -> None:
        stack = self.stack
        if not stack or stack[-1].name != name:
            raise _Unplanned("not XML")
        element = stack.pop()
        parent = stack[-1] if stack else None
        if name == "w:tc" and parent is not None:
            parent.cells += 1
            parent.span += 1 if element.grid_span is None else element.grid_span
        elif name == "w:tr" and parent is not None:
            parent.rows.append((element.cells, element.span, element.conditional))
        elif name == "w:tbl":
            columns = element.cells
            if columns < 0:
                raise _Unplanned("a table without a grid")
            full = max((span for _, span, maybe in element.rows if not maybe), default=0)
            if full < columns or any(cells > columns for cells, _, _ in element.rows):
                raise _Unplanned("a table fix_tables would change")
        elif name == "w:p" and element.section:
            if element.data != index or element.rule:
                raise _Unplanned("a section break with Jinja tags in it")
            self.breaks.append(self.texts[index][element.start : end])
        elif name == "w:sectPr" and parent is not None and parent.name == "w:body":
            if element.data != index:
                raise _Unplanned("the body's section with Jinja tags in it")
            self.final = self.texts[index][element.start : end]
        elif name == "w:p" and element.rule:
            if element.data != index or parent is None:
                raise _Unplanned("a rule paragraph with Jinja tags in it")
            if parent.name not in ("w:tc", "w:body"):
                raise _Unplanned(f"a rule paragraph in a {parent.name}")
            self.rules.append(self.texts[index][element.start : end])


def _tag_end(data: str, at: int, quote: str) -> tuple[int, str]:
    """Where the tag being read ends in *data* (after its ">"; -1 if not there), and the
    quote of the attribute value being read at the end of *data*."""
    for i in range(at, len(data)):
        char = data[i]
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == ">":
            return i + 1, ""
        elif char == "<":
            raise _Unplanned("not XML")
    return -1, quote


def _names_runs(node: nodes.Node) -> bool:
    """``x.runs`` or ``x['runs']``."""
    if isinstance(node, nodes.Getattr):
        return node.attr == "runs"
    return (
        isinstance(node, nodes.Getitem)
        and isinstance(node.arg, nodes.Const)
        and node.arg.value == "runs"
    )


def _inside(node: nodes.Node) -> nodes.Node | None:
    """What ``x.runs`` or ``x['runs']`` is taken from."""
    return node.node if isinstance(node, (nodes.Getattr, nodes.Getitem)) else None


def _attribute(attributes: str, name: str) -> str | None:
    for match in _ATTRIBUTE.finditer(attributes):
        if match.group(1) == name:
            value = match.group(2) if match.group(2) is not None else match.group(3)
            return str(value)
    return None


# -- footnotes and core properties: the serialised part around what varies ------------------


def _escape_text(text: str) -> str:
    """Text as lxml writes it in an element."""
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


_MARK = "docgen-varies-8f3c1e"


@dataclass(frozen=True)
class _NotesShape:
    """A footnotes part as footnotes_blob writes it, cut where the notes go."""

    prefix: bytes
    suffix: bytes

    @classmethod
    def of(cls, blob: bytes) -> _NotesShape | None:
        try:
            root = etree.fromstring(blob)
            add_footnotes(root, [])  # drops the notes a document's own replace
        except (etree.XMLSyntaxError, ValueError):
            return None
        if root.prefix != "w" or root.nsmap.get("w") != W_NS:
            return None
        etree.SubElement(root, f"{W}footnote", {f"{W}id": _MARK})
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        mark = f'<w:footnote w:id="{_MARK}"/>'.encode()
        if xml.count(mark) != 1:
            return None
        prefix, suffix = xml.split(mark)
        return cls(prefix, suffix)


#: how footnote_xml starts each note, declaring the namespace its parent declares
_NOTE_START = f'<w:footnote xmlns:w="{W_NS}" '
_EMPTY_NOTES = _NotesShape.of(EMPTY_FOOTNOTES)


def _notes_blob(shape: _NotesShape | None, base: bytes, notes: list[tuple[Span, ...]]) -> bytes:
    """footnotes_blob(base, notes), written as text when *shape* is known."""
    if shape is None:
        return footnotes_blob(base, notes)
    written = []
    for number, spans in enumerate(notes, 1):
        note = footnote_xml(number, spans)
        if not note.startswith(_NOTE_START):
            return footnotes_blob(base, notes)
        written.append("<w:footnote " + note[len(_NOTE_START) :])
    text = "".join(written)
    xml = text.encode("utf-8")
    if len(xml.translate(None, _CONTROLS)) != len(xml) or "\ufffe" in text or "\uffff" in text:
        return footnotes_blob(base, notes)  # as lxml parses (or refuses) them
    return shape.prefix + xml + shape.suffix


_SIGNED = "docgen-signed-5b2d90"


@dataclass(frozen=True)
class _CoreShape:
    """The core properties as stamp_subject leaves them, cut where the title and the
    fingerprint go (in the order they are written)."""

    pieces: tuple[bytes, bytes, bytes]
    title_first: bool

    @classmethod
    def of(cls, core: Any) -> _CoreShape | None:
        element = copy.deepcopy(core)
        stamp_subject(CoreProperties(element), _MARK, _SIGNED)
        xml = serialize_part_xml(element)
        title, signed = _MARK.encode(), _SIGNED.encode()
        if xml.count(title) != 1 or xml.count(signed) != 1:
            return None
        title_first = xml.index(title) < xml.index(signed)
        first, second = (title, signed) if title_first else (signed, title)
        before, rest = xml.split(first)
        between, after = rest.split(second)
        return cls((before, between, after), title_first)

    def fill(self, title: bytes, signed: bytes) -> bytes:
        first, second = (title, signed) if self.title_first else (signed, title)
        before, between, after = self.pieces
        return before + first + between + second + after


# -- the zip: fixed members deflated once, copied into every document -------------------


@dataclass(frozen=True)
class _Zipped:
    """One zip member, deflated."""

    name: str
    crc: int
    size: int
    data: bytes

    @classmethod
    def deflate(cls, name: str, blob: bytes, level: int = zlib.Z_DEFAULT_COMPRESSION) -> _Zipped:
        """Compress *blob* as zipfile does (raw deflate, by default at zipfile's level)."""
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        return cls(name, zlib.crc32(blob), len(blob), packer.compress(blob) + packer.flush())


#: the last block of a deflate stream, empty (fixed Huffman codes, end of block)
_LAST_BLOCK = b"\x03\x00"


class _Deflater:
    """Raw deflate for the parts rendered per document, from one long-lived zlib stream, with
    the deflated bytes of recent pieces kept for the next documents of a batch.

    Setting up a zlib stream costs about as much as deflating a small part; after a full
    flush a stream starts afresh (nothing after it refers to what came before), so the bytes
    a piece gives up to its flush decode to that piece alone, whatever came before or comes
    after; pieces' bytes put one after the other, closed with an empty last block, are a
    complete deflate stream. A part is cut into pieces of about PIECE bytes, each ending at
    the end of a paragraph, so that documents which differ in a few places (the recipient,
    the school) share most pieces, and those are deflated once per batch.
    """

    def __init__(self, level: int) -> None:
        self._level = level
        self._stream: Any = None
        # a piece, by its length and ends (the whole piece is compared), and its bytes
        self._done: dict[tuple[int, bytes, bytes], tuple[bytes, bytes]] = {}

    def __call__(self, blob: bytes) -> bytes:
        if self._stream is None:
            self._stream = zlib.compressobj(self._level, zlib.DEFLATED, -15)
        try:
            pieces = [self._piece(blob[start:end]) for start, end in _pieces(blob)]
        except BaseException:
            self._stream = None  # in an unknown state
            raise
        pieces.append(_LAST_BLOCK)
        return b"".join(pieces)

    def _piece(self, piece: bytes) -> bytes:
        key = (len(piece), piece[:64], piece[-64:])
        found = self._done.get(key)
        if found is not None and found[0] == piece:
            return found[1]
        stream = self._stream
        deflated: bytes = stream.compress(piece) + stream.flush(zlib.Z_FULL_FLUSH)
        if len(self._done) >= _PIECES_KEPT:
            del self._done[next(iter(self._done))]  # the oldest
        self._done[key] = (piece, deflated)
        return deflated


#: about how long a piece of a part is (deflate compresses a piece on its own)
_PIECE = 4096
#: pieces kept, with their deflated bytes: a few megabytes
_PIECES_KEPT = 512


def _pieces(blob: bytes) -> Iterator[tuple[int, int]]:
    """Where *blob* is cut: at the first end of a paragraph after every PIECE bytes."""
    start = 0
    size = len(blob)
    while size - start > _PIECE + _PIECE // 2:
        end = blob.find(b"</w:p>", start + _PIECE)
        if end < 0 or size - end < _PIECE // 2:
            break
        end += len(b"</w:p>")
        yield start, end
        start = end
    yield start, size


# the records zipfile writes (APPNOTE.TXT 4.3.7, 4.3.12, 4.3.16), for deflated members
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL_HEAD = struct.Struct("<4s4B4HL2L5HL")  # all but the offset, which varies
_OFFSET = struct.Struct("<L")
_END = struct.Struct("<4s4H2LH")
_UNIX, _VERSION, _MODE = 3, 20, 0o600 << 16


class _Archive:
    """The members of a package in python-docx's order: the deflated bytes of a member that
    never changes, or the name of one rendered per document. Written as zipfile.writestr
    would write them, with the records of the fixed members made once per timestamp."""

    def __init__(self, layout: tuple[_Zipped | str, ...]) -> None:
        self.layout = layout
        self._stamp: tuple[int, int] | None = None
        self._records: list[_Records | None] = []

    def build(
        self,
        rendered: dict[str, bytes],
        deflate: Callable[[bytes], bytes],
        when: time.struct_time | None = None,
    ) -> bytes:
        """The zip of this layout, the members named in *rendered* deflated now."""
        when = when or time.localtime()
        stamp = (
            (when.tm_hour << 11) | (when.tm_min << 5) | (when.tm_sec // 2),
            ((max(when.tm_year, 1980) - 1980) << 9) | (when.tm_mon << 5) | when.tm_mday,
        )
        if stamp != self._stamp:
            self._records = [
                None if isinstance(m, str) else _records(m, stamp) for m in self.layout
            ]
            self._stamp = stamp
        chunks: list[bytes] = []
        directory: list[bytes] = []
        offset = 0
        for member, records in zip(self.layout, self._records, strict=True):
            if isinstance(member, _Zipped) and records is not None and member.name not in rendered:
                data = member.data
            else:
                name = member if isinstance(member, str) else member.name
                blob = rendered[name]
                zipped = _Zipped(name, zlib.crc32(blob), len(blob), deflate(blob))
                records = _records(zipped, stamp)
                data = zipped.data
            local, central, name_bytes = records
            chunks += (local, data)
            directory += (central, _OFFSET.pack(offset), name_bytes)
            offset += len(local) + len(data)
        count = len(self.layout)
        central_dir = b"".join(directory)
        end = _END.pack(b"PK\x05\x06", 0, 0, count, count, len(central_dir), offset, 0)
        return b"".join(chunks) + central_dir + end


#: a member's local header with its name, its central record up to the offset, its name
_Records = tuple[bytes, bytes, bytes]


def _records(m: _Zipped, stamp: tuple[int, int]) -> _Records:
    """The records of a member but the offset in the central one (it varies)."""
    name = m.name.encode("utf-8")
    flags = 0 if m.name.isascii() else 0x800
    common = (flags, zipfile.ZIP_DEFLATED, *stamp, m.crc, len(m.data), m.size)
    local = _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, *common, len(name), 0) + name
    record = (b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, *common, len(name), 0, 0, 0, 0, _MODE)
    return local, _CENTRAL_HEAD.pack(*record), name
