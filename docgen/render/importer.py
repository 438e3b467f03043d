"""``docgen template check`` and ``docgen template import``, on the render side: what a
template lacks (styles it names but does not define, tags docgen's compiler does not take),
and a clerk's docxtpl-style .docx turned into docgen's format once (tags joined into whole
runs, the ``docgen-template`` property set), still an ordinary Word file."""

from __future__ import annotations

import re
from pathlib import Path

from docgen.errors import DocgenError
from docgen.i18n import _
from docgen.render import package
from docgen.render.atomic import write_atomic
from docgen.render.compiled import CompiledTemplate
from docgen.render.compiler import compile_members, join_tags, tags_of
from docgen.render.docx import check_template_file
from docgen.render.templates import is_stock
from docgen.render.xmlns import W

#: styles the rendered body and footnotes use whatever the template (docgen.render.runs,
#: docgen.render.footnotes)
REQUIRED_STYLES = ("FootnoteText", "FootnoteReference")
_USED = re.compile(rb'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"')
_DEFINED = re.compile(rb'w:styleId="([^"]+)"')


def template_problems(path: Path) -> list[str]:
    """What keeps *path* from being a docgen template (nothing: an empty list). Tags the
    compiler does not take raise a TemplateError that names them."""
    check_template_file(path)
    members = package.read_members(path)
    compile_members(members, path)  # raises on a tag it does not take
    styles = next((n for n in members if n.endswith("/styles.xml")), None)
    defined = set(_DEFINED.findall(members[styles])) if styles else set()
    used = {s for n, data in members.items() if n.endswith(".xml") for s in _USED.findall(data)}
    required = {s.encode() for s in REQUIRED_STYLES}
    missing = sorted(s.decode() for s in (used | required) - defined)
    return [
        f"{path}: the style '{name}' is used but not defined — add it to the template's styles"
        for name in missing
    ]


def import_template(source: Path, target: Path, force: bool = False) -> Path:
    """Write *source* (a docxtpl-style template) to *target* in docgen's format."""
    check_template_file(source)
    members = package.read_members(source)
    compile_members(members, source)  # says plainly what it cannot take, before writing
    for name in [n for n in members if n.startswith("word/") and n.endswith(".xml")]:
        if b"{" in members[name]:
            root = package.parse(members[name])
            for p in root.iter(f"{W}p"):
                join_tags(p)
            members[name] = package.serialize(root)
    package.mark(members)
    data = package.write_members(members)

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    if target.exists() and not force:
        raise DocgenError(
            _("{target} already exists").format(target=target),
            hint=_("choose another name, or pass --force"),
        )
    written = write_atomic(target, write, force=True)
    CompiledTemplate(written)  # it compiles as written
    return written


def is_docgen_format(path: Path) -> bool:
    """True for a stock template or one marked docgen-template (docgen's engine renders it)."""
    return is_stock(path) or package.is_marked(package.read_members(path))


def tag_count(path: Path) -> int:
    """How many tags the template's text has, runs joined (for the report)."""
    return len(list(tags_of(package.read_members(path))))
