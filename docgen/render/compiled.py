"""Compiled templates: a .docx template read, preprocessed and compiled once, rendered often.

For every document, docxtpl opens the package, runs its regex preprocessing, compiles the Jinja
template and deflates every part again. A :class:`CompiledTemplate` does all of that once, with
docxtpl's and python-docx's own functions; each document then costs the Jinja render of the
parts that vary, the post-processing of :mod:`docgen.render.docx` and writing the zip, where
the parts that never change are copied as the deflated bytes made at load time. The document
is the one :func:`docgen.render.docx.render_document` writes (tests/render prove it).

A compiled template is not thread-safe (docxtpl keeps the part being rendered on itself): use
one per process, as :mod:`docgen.render.batch` does.
"""

from __future__ import annotations

import copy
import io
import struct
import time
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
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
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from docgen.compose.context import DocContext
from docgen.errors import TemplateError
from docgen.render.atomic import write_atomic
from docgen.render.docx import (
    EMPTY_FOOTNOTES,
    ENVIRONMENT_OPTIONS,
    check_template_file,
    finish_body,
    footnotes_blob,
    footnotes_part,
    render_error,
    stamp_properties,
    template_vars,
)
from docgen.render.xmlns import FOOTNOTES_CT

#: zlib level of the parts rendered per document (fixed parts get zipfile's default, once)
DOCUMENT_LEVEL = 1
#: the characters docxtpl's resolve_listing turns into tabs, breaks and paragraphs
_LISTING = (b"\n", b"\t", b"\a", b"\f")
#: how docxtpl's render_xml_part gives back the tags escaped in a template ({_{ → {{ …)
_UNESCAPES = ((b"{_{", b"{{"), (b"}_}", b"}}"), (b"{_%", b"{%"), (b"%_}", b"%}"))
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
        try:
            self._engine.render_init()
            self._prepare(self._engine.docx)
        except _READ_ERRORS as exc:
            raise TemplateError(f"cannot read the template: {exc}", file=path) from None
        except JinjaTemplateError as exc:
            raise render_error(exc, path) from None
        self._footnoted: tuple[_Layout, str] | None = None

    def render(self, ctx: DocContext) -> bytes:
        """The .docx file of *ctx*, as bytes."""
        blobs = self._render_parts(ctx)
        layout = self._layout
        if ctx.footnotes:
            if self._notes is None:
                layout, name = self._footnoted_layout()
                base = EMPTY_FOOTNOTES
            else:
                name = self._notes
                base = blobs[name] if name in blobs else self._fixed[name]
            blobs[name] = footnotes_blob(base, ctx.footnotes)
        return _zip_bytes([_member(m, blobs) for m in layout])

    def render_to_file(self, ctx: DocContext, target: Path, force: bool = False) -> Path:
        """Render and save to *target*, whole or not at all (see :mod:`docgen.render.atomic`)."""
        data = self.render(ctx)

        def write(tmp: Path) -> None:
            tmp.write_bytes(data)

        return write_atomic(target, write, force=force)

    # -- once per template ------------------------------------------------------------

    def _prepare(self, document: Any) -> None:
        """Preprocess and compile every part docxtpl renders; render those without tags."""
        engine = self._engine
        document.core_properties  # noqa: B018 -- created if missing, as docxtpl's render does
        self._body = self._compile(document.part, engine.get_xml())
        self._shell = copy.deepcopy(document.element)  # each document's body goes in a copy
        self._shell.body.clear()
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
        core = next(p for p in parts if p.content_type == CT.OPC_CORE_PROPERTIES)
        self._core_name = core.partname.membername
        self._prepare_core(core.blob)
        self._rendered = {self._body.name, self._core_name}
        self._rendered |= {p.name for p in self._parts + self._footnotes}
        self._layout = self._pack(document)

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
        """docxtpl renders six core properties as templates: without tags, that is done here."""
        probe = _MemoEnvironment()
        element = parse_xml(blob)
        try:
            _render_properties(CoreProperties(element), {}, probe)
            constant = all(probe.is_constant(source) for source in probe.sources)
        except JinjaTemplateError:
            constant = False
        self._core_constant = constant
        self._core = element if constant else parse_xml(blob)

    def _pack(self, document: Any, *rendered: str) -> _Layout:
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
        return tuple(layout)

    def _footnoted_layout(self) -> tuple[_Layout, str]:
        """The layout once an empty footnotes part is added (as render_document adds it), and
        that part's name."""
        if self._footnoted is None:
            document = Document(io.BytesIO(self._data))
            document.core_properties  # noqa: B018 -- as in _prepare
            name = footnotes_part(document).partname.membername
            self._footnoted = (self._pack(document, name), name)
        return self._footnoted

    # -- once per document ------------------------------------------------------------

    def _render_parts(self, ctx: DocContext) -> dict[str, bytes]:
        """Every part that varies, in the order docxtpl renders them, post-processed."""
        context = template_vars(ctx)
        try:
            blobs = {self._body.name: self._render_body(context)}
            for source in self._parts:
                blobs[source.name] = self._render_xml_part(source, context)
            blobs[self._core_name] = self._render_core(context, ctx)
            for source in self._footnotes:
                blobs[source.name] = self._render_footnotes(source, context)
        except JinjaTemplateError as exc:
            raise render_error(exc, self.path) from None
        return blobs

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

    def _render_core(self, context: dict[str, Any], ctx: DocContext) -> bytes:
        """The core properties: rendered as docxtpl does (unless done once), then stamped."""
        element = copy.deepcopy(self._core)
        props = CoreProperties(element)
        if not self._core_constant:
            _render_properties(props, context, self._env)
        stamp_properties(props, ctx)
        return serialize_part_xml(element)


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


class _MemoEnvironment(SandboxedEnvironment):
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


#: the members of a package in python-docx's order: the deflated bytes of a member that never
#: changes, or the name of one rendered per document
_Layout = tuple[_Zipped | str, ...]


def _member(member: _Zipped | str, rendered: dict[str, bytes]) -> _Zipped:
    """The member as it goes into this document: rendered now, or deflated at load time."""
    if isinstance(member, _Zipped) and member.name not in rendered:
        return member
    name = member if isinstance(member, str) else member.name
    return _Zipped.deflate(name, rendered[name], DOCUMENT_LEVEL)


# the records zipfile writes (APPNOTE.TXT 4.3.7, 4.3.12, 4.3.16), for deflated members
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_UNIX, _VERSION, _MODE = 3, 20, 0o600 << 16


def _zip_bytes(members: Sequence[_Zipped], when: time.struct_time | None = None) -> bytes:
    """A zip archive of deflated members, with the headers zipfile.writestr would write."""
    when = when or time.localtime()
    dostime = (when.tm_hour << 11) | (when.tm_min << 5) | (when.tm_sec // 2)
    dosdate = ((max(when.tm_year, 1980) - 1980) << 9) | (when.tm_mon << 5) | when.tm_mday
    chunks: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for m in members:
        name = m.name.encode("utf-8")
        flags = 0 if m.name.isascii() else 0x800
        common = (flags, zipfile.ZIP_DEFLATED, dostime, dosdate, m.crc, len(m.data), m.size)
        local = _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, *common, len(name), 0)
        record = (b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, *common, len(name), 0, 0, 0, 0)
        directory += (_CENTRAL.pack(*record, _MODE, offset), name)
        chunks += (local, name, m.data)
        offset += len(local) + len(name) + len(m.data)
    central = b"".join(directory)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(members), len(members), len(central), offset, 0)
    return b"".join(chunks) + central + end
