"""Render documents from templates in docgen's format (:mod:`docgen.render.compiler`).

A template is compiled once (and the compiled form kept on disk, keyed by the template's
bytes and docgen's version: :func:`load_compiled`); each document then costs the Jinja
renders of its parts, whose output is final, and a zip: the members that never change are
deflated once into a base zip, which each document copies and appends its own parts to,
stored (standard ``zipfile``). :func:`template_engine` picks the engine of a template file: this
one for the stock templates and templates marked ``docgen-template`` (``docgen template
import``), plain docxtpl (:mod:`docgen.render.docx`) for any other.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import io
import json
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, Protocol

from jinja2 import BytecodeCache, DictLoader, FileSystemBytecodeCache, Template
from jinja2.bccache import Bucket
from jinja2.exceptions import TemplateError as JinjaTemplateError
from jinja2.exceptions import TemplateSyntaxError
from markupsafe import Markup

from docgen import __version__
from docgen.compose.context import DocContext
from docgen.render import package
from docgen.render.atomic import UNSIGNED, new_temp, write_atomic
from docgen.render.compiler import COMPILER_VERSION, Compiled, Rule, compile_members, measured
from docgen.render.docx import (
    DocxtplTemplate,
    check_template_file,
    render_error,
    render_failure,
    template_environment,
    template_vars,
)
from docgen.render.footnotes import footnote_xml
from docgen.render.hyphens import no_break_hyphens
from docgen.render.rules import rule_indent
from docgen.render.sections import finish_sections
from docgen.render.templates import is_stock
from docgen.sandbox import FAILURES, per_document

#: how the parts written per document go into the zip: stored, as deflating them (even at
#: zlib's fastest level) doubles what a document costs (benchmarks/bench_render.py --deflate)
DOCUMENT_COMPRESSION = zipfile.ZIP_STORED
DOCUMENT_LEVEL: int | None = None
#: rule sizes an engine keeps (by the text above the rule)
_SIZES_KEPT = 256
#: characters XML does not allow (a value carrying one would make the part unreadable)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CONTROLS = bytes(c for c in range(32) if c not in (9, 10, 13))
#: what makes a rendered last section worth keeping: text, a drawing, a table
_CONTENT = re.compile(r"<w:t(?:\s[^>]*)?>\s*[^<\s]|<w:(?:drawing|pict|object|tbl|sdt)[\s>/]")


class Engine(Protocol):
    path: Path

    def render(self, ctx: DocContext) -> bytes: ...


class CompiledTemplate:
    """A template in docgen's format, ready to render: :meth:`render` makes one .docx."""

    def __init__(self, path: Path, members: package.Members | None = None) -> None:
        check_template_file(path)
        self.path = path
        compiled = load_compiled(path, members)
        sources = [*compiled.parts.values(), *(rule.measure for rule in compiled.rules)]
        self._names = {source: hashlib.sha256(source.encode()).hexdigest() for source in sources}
        loader = DictLoader({name: source for source, name in self._names.items()})
        env = template_environment(loader=loader, bytecode_cache=_bytecode_cache())
        env.tests["dg_content"] = lambda xml: _CONTENT.search(str(xml)) is not None
        self._sources = compiled.parts
        self._parts = {name: self._compile(env, source) for name, source in compiled.parts.items()}
        self._document = compiled.document
        self._core = compiled.core
        self._rules = [(rule, self._compile(env, rule.measure)) for rule in compiled.rules]
        self._fixed = compiled.fixed
        self._base: bytes | None = None  # the zip of the fixed members, deflated once
        self._sizes: dict[tuple[Rule, str], str] = {}

    def _compile(self, env: Any, source: str) -> Template:
        """The Jinja template of *source*: its Python code from the disk cache when there
        (Jinja's bytecode cache, keyed by the source), else compiled now and kept there."""
        try:
            return env.get_template(self._names[source])
        except TemplateSyntaxError as exc:
            raise render_error(exc, self.path, _near(source, exc.lineno)) from None

    @per_document  # the sandbox's limits count per document, all its parts together
    def render(self, ctx: DocContext) -> bytes:
        """The .docx file of *ctx*, as bytes."""
        context = template_vars(ctx)
        notes = "".join(footnote_xml(n, spans) for n, spans in enumerate(ctx.footnotes, 1))
        context["dg_notes"] = Markup(notes)
        context["dg_title"] = ctx.subject[:250]
        written: dict[str, bytes] = {}
        name = self._document
        try:
            context["dg_rules"] = [self._rule(rule, t, context) for rule, t in self._rules]
            context["dg_signed"] = UNSIGNED  # atomic.sign writes the package's fingerprint
            for name, template in self._parts.items():
                xml = template.render(context)
                if name == self._document:
                    xml = no_break_hyphens(finish_sections(xml))
                written[name] = _xml_text(xml)
        except JinjaTemplateError as exc:
            raise render_error(exc, self.path, _near(self._sources[name], _line(exc))) from None
        except FAILURES as exc:  # what the template computes: division by zero, surrogates…
            raise render_failure(exc, self.path) from None
        return self._zip(written)

    def _rule(self, rule: Rule, measure: Template, context: dict[str, Any]) -> str:
        """The indent of a rule line, from the paragraphs above it as rendered (sized once
        per text: in a batch the agency above the rule is the same in every document)."""
        above = measure.render(context)
        key = (rule, above)
        found = self._sizes.get(key)
        if found is None:
            side = rule_indent(rule.style, measured(above), rule.container)
            found = str(side) if side is not None else rule.fallback
            if len(self._sizes) >= _SIZES_KEPT:
                self._sizes.clear()
            self._sizes[key] = found
        return found

    def _zip(self, parts: dict[str, bytes]) -> bytes:
        """The fixed members with *parts* after them, as a zip: the standard zipfile
        appending to a copy of the base zip (a hand-written writer measured 1.1-1.3× faster
        on an idle machine, not the 1.3× that would pay for it: benchmarks/bench_render.py)."""
        if self._base is None:
            self._base = package.write_members(self._fixed)
        buffer = io.BytesIO(self._base)
        level = DOCUMENT_LEVEL
        with zipfile.ZipFile(buffer, "a", DOCUMENT_COMPRESSION, compresslevel=level) as z:
            for name, data in parts.items():
                z.writestr(name, data)
        return buffer.getvalue()

    def render_to_file(self, ctx: DocContext, target: Path, force: bool = False) -> Path:
        """Render and save to *target*, whole or not at all (see :mod:`docgen.render.atomic`)."""
        data = self.render(ctx)

        def write(tmp: Path) -> None:
            tmp.write_bytes(data)

        return write_atomic(target, write, force=force)


def _xml_text(text: str) -> bytes:
    """*text* as UTF-8, without the characters XML does not allow (checked in C first)."""
    data = text.encode("utf-8")
    if "\ufffe" not in text and "\uffff" not in text:
        if len(data.translate(None, _CONTROLS)) == len(data):
            return data
    return _NOT_XML.sub("", text).encode("utf-8")


def _line(exc: BaseException) -> int | None:
    """The template line a Jinja error was raised at (Jinja maps its frames to lines)."""
    if isinstance(exc, TemplateSyntaxError):
        return exc.lineno
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _near(source: str, line: int | None) -> str:
    """The text of the template around *line* (its tags, without the XML)."""
    if not line:
        return ""
    lines = source.splitlines()[max(line - 2, 0) : line + 1]
    texts = (html.unescape(re.sub(r"<[^>]+>", "", text)).strip() for text in lines)
    return " / ".join(text for text in texts if text)


# -- which engine, kept per process --------------------------------------------------------

_ENGINES: dict[Path, tuple[tuple[int, int], Engine]] = {}
_KEPT = 16


def template_engine(path: Path) -> Engine:
    """The engine of the template *path*, made once per process (again if the file changes):
    docgen's for the stock templates and those marked ``docgen-template``, else docxtpl."""
    try:
        stat = path.stat()
        version = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        version = (-1, -1)
    found = _ENGINES.get(path)
    if found is None or found[0] != version:
        check_template_file(path)
        members = package.read_members(path)
        try:
            ours = is_stock(path) or package.is_marked(members)
            engine: Engine = CompiledTemplate(path, members) if ours else DocxtplTemplate(path)
        except (SyntaxError, *package.UNREADABLE) as exc:
            raise package.unreadable(exc, path) from None
        if len(_ENGINES) >= _KEPT:
            del _ENGINES[next(iter(_ENGINES))]
        found = _ENGINES[path] = (version, engine)
    return found[1]


def forget_engines() -> None:
    """Drop the engines this process made (the next use makes them again, as a new process
    would: from the disk cache when it has them)."""
    _ENGINES.clear()


#: the name the batch renderer and the benchmarks know it by
compiled_template: Callable[[Path], Engine] = template_engine


# -- the disk cache --------------------------------------------------------------------------


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/docgen (~/.cache/docgen)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "docgen"


def load_compiled(path: Path, members: package.Members | None = None) -> Compiled:
    """The compiled form of the template *path*: from the disk cache when an entry for these
    bytes and this docgen is there and whole; else compiled now and written there (a cache
    that cannot be read or written is only slower)."""
    data = path.read_bytes()
    key = hashlib.sha256(data + f"|{__version__}|{COMPILER_VERSION}".encode()).hexdigest()
    entry = cache_dir() / f"{key[:40]}.json"
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        return _from_json(json.loads(entry.read_text(encoding="utf-8")))
    if members is None:
        members = package.read_members(path)
    compiled = compile_members(members, path)
    with contextlib.suppress(OSError):
        _write_entry(entry, _to_json(compiled))
    return compiled


def _to_json(compiled: Compiled) -> str:
    value = asdict(compiled)
    value["fixed"] = {n: base64.b64encode(d).decode("ascii") for n, d in compiled.fixed.items()}
    return json.dumps(value, ensure_ascii=False)


def _from_json(value: dict[str, Any]) -> Compiled:
    fixed = {n: base64.b64decode(d, validate=True) for n, d in value["fixed"].items()}
    rules = [Rule(**rule) for rule in value["rules"]]
    parts = {str(n): str(s) for n, s in value["parts"].items()}
    compiled = Compiled(value["document"], value["footnotes"], value["core"], parts, rules, fixed)
    if {compiled.document, compiled.footnotes, compiled.core} - set(parts):
        raise KeyError("incomplete entry")
    return compiled


class _BytecodeCache(FileSystemBytecodeCache):
    """Jinja's bytecode cache on disk, where an entry that cannot be read or written only
    means compiling again (Jinja's own lets a damaged entry or a read-only folder raise)."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged entry, whatever unpickling it raised
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> BytecodeCache | None:
    """Where the Python code Jinja compiles the parts into is kept (None: not kept)."""
    folder = cache_dir() / f"jinja-{__version__}-{COMPILER_VERSION}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _BytecodeCache(str(folder))


def _write_entry(entry: Path, text: str) -> None:
    entry.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = new_temp(entry)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, entry)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
