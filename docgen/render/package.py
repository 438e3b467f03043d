"""A .docx as a dict of its members (name → bytes), read and written with the standard
library's zipfile: where its parts are (by their relationships), and the few parts docgen
adds to a package (an empty footnotes part, the ``docgen-template`` custom property)."""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from docgen.errors import TemplateError
from docgen.i18n import _
from docgen.render.xmlns import FOOTNOTES_CT, W_NS

Members = dict[str, bytes]

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PACKAGE_RT = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
DOCUMENT_RT = _RT + "officeDocument"
FOOTNOTES_RT = _RT + "footnotes"
CORE_RT = _PACKAGE_RT + "core-properties"
CUSTOM_RT = _RT + "custom-properties"
CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CORE_CT = "application/vnd.openxmlformats-package.core-properties+xml"
#: the custom document property that marks a template in docgen's format
MARK_PROPERTY = "docgen-template"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
#: a footnotes part without notes: the separator above the notes and its continuation
EMPTY_FOOTNOTES = (
    f'<w:footnotes xmlns:w="{W_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
).encode()
EMPTY_CORE = (
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
)


#: what reading a damaged package raises: zipfile (a bad CRC, an unknown method), zlib (a
#: corrupt deflate stream), lxml (XML that is not well-formed, entities), a missing part
UNREADABLE = (
    OSError,
    zipfile.BadZipFile,
    zlib.error,
    ValueError,
    RuntimeError,
    NotImplementedError,
    EOFError,
    KeyError,
    etree.XMLSyntaxError,
)


def unreadable(exc: BaseException, path: Path) -> TemplateError:
    """*exc*, raised reading the template *path* (one of UNREADABLE), said plainly."""
    if isinstance(exc, etree.XMLSyntaxError):
        what = f"a part of it is not well-formed XML ({exc.msg})"
    elif isinstance(exc, KeyError):
        what = f"it lacks a part a Word document has ({exc.args[0] if exc.args else ''})"
    elif isinstance(exc, OSError) and not isinstance(exc, zipfile.BadZipFile):
        what = exc.strerror or "the file cannot be read"
    else:
        what = "a part of it is damaged (it cannot be decompressed, or its checksum is wrong)"
    return TemplateError(
        _("cannot read the template: {what}").format(what=what),
        file=path,
        hint=_("open it in Word or LibreOffice and save it again as .docx"),
    )


def _read(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member, inflated no further than the size its directory declares (zipfile's own
    read() inflates a lying member in full before cutting it; this one then finds the
    checksum wrong)."""
    with z.open(info) as stream:
        return stream.read(info.file_size)


def read_members(path: Path) -> Members:
    """Every member of the zip at *path*; a file that is not one is a TemplateError."""
    try:
        with zipfile.ZipFile(path) as z:
            return {info.filename: _read(z, info) for info in z.infolist() if not info.is_dir()}
    except UNREADABLE as exc:
        raise unreadable(exc, path) from None


def write_members(members: Members, level: int = 6) -> bytes:
    """The zip of *members*, in their order, deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def parse(data: bytes) -> etree._Element:
    """An XML part (no entities resolved, nothing fetched)."""
    return etree.fromstring(data, _PARSER)


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def rels_name(part: str) -> str:
    """The relationships part of *part* ("" for the package's own)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def targets(members: Members, part: str, rel_type: str) -> list[str]:
    """The members *part* relates to with *rel_type*."""
    data = members.get(rels_name(part))
    if data is None:
        return []
    folder = posixpath.dirname(part)
    found = []
    for rel in parse(data).iter(f"{{{RELS_NS}}}Relationship"):
        if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found.append(posixpath.normpath(path))
    return found


def main_part(members: Members) -> str:
    """The document part (word/document.xml in files from Word and LibreOffice)."""
    found = [t for t in targets(members, "", DOCUMENT_RT) if t in members]
    if not found:
        raise KeyError("no document part")
    return found[0]


def content_types(members: Members) -> dict[str, str]:
    """Each part's content type, as [Content_Types].xml overrides it."""
    root = parse(members["[Content_Types].xml"])
    return {
        o.get("PartName", "").lstrip("/"): o.get("ContentType", "")
        for o in root.iter(f"{{{CT_NS}}}Override")
    }


def add_part(members: Members, owner: str, name: str, data: bytes, ctype: str, rtype: str) -> None:
    """Add part *name* to the package, related to from *owner* ("" for the package)."""
    members[name] = data
    types = parse(members["[Content_Types].xml"])
    etree.SubElement(types, f"{{{CT_NS}}}Override", PartName=f"/{name}", ContentType=ctype)
    members["[Content_Types].xml"] = serialize(types)
    rels_part = rels_name(owner)
    rels = (
        parse(members[rels_part])
        if rels_part in members
        else etree.Element(f"{{{RELS_NS}}}Relationships", nsmap={None: RELS_NS})
    )
    ids = {r.get("Id") for r in rels}
    rid = next(f"rIdDg{n}" for n in range(1, len(ids) + 2) if f"rIdDg{n}" not in ids)
    target = posixpath.relpath(name, posixpath.dirname(owner) or ".")
    etree.SubElement(rels, f"{{{RELS_NS}}}Relationship", Id=rid, Type=rtype, Target=target)
    members[rels_part] = serialize(rels)


def footnotes_name(members: Members) -> str:
    """The footnotes part, added (empty) when the package has none."""
    document = main_part(members)
    found = [t for t in targets(members, document, FOOTNOTES_RT) if t in members]
    if found:
        return found[0]
    name = posixpath.join(posixpath.dirname(document), "footnotes.xml")
    add_part(members, document, name, EMPTY_FOOTNOTES, FOOTNOTES_CT, FOOTNOTES_RT)
    return name


def core_name(members: Members) -> str:
    """The core properties part, added (empty) when the package has none."""
    found = [t for t in targets(members, "", CORE_RT) if t in members]
    if found:
        return found[0]
    add_part(members, "", "docProps/core.xml", EMPTY_CORE, CORE_CT, CORE_RT)
    return "docProps/core.xml"


_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def is_marked(members: Members) -> bool:
    """True when the package carries the custom property ``docgen-template``."""
    for name in targets(members, "", CUSTOM_RT):
        if name in members:
            root = parse(members[name])
            if any(p.get("name") == MARK_PROPERTY for p in root):
                return True
    return False


def mark(members: Members, version: int = 1) -> None:
    """Set the custom property ``docgen-template`` (adding the custom properties part)."""
    if is_marked(members):
        return
    names = [n for n in targets(members, "", CUSTOM_RT) if n in members]
    if names:
        root = parse(members[names[0]])
    else:
        root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    pid = 1 + max((int(p.get("pid", "1")) for p in root if p.get("pid", "").isdigit()), default=1)
    prop = etree.SubElement(
        root, f"{{{_CUSTOM_NS}}}property", fmtid=_FMTID, pid=str(pid), name=MARK_PROPERTY
    )
    etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = str(version)
    if names:
        members[names[0]] = serialize(root)
    else:
        add_part(members, "", "docProps/custom.xml", serialize(root), CUSTOM_CT, CUSTOM_RT)


#: the styles docgen's footnotes use (docgen.render.footnotes, docgen.render.runs): their
#: ids, their names (LibreOffice saves them under other ids), and a definition of their own
FOOTNOTE_STYLES = {
    "FootnoteText": ("footnote text", "paragraph", '<w:rPr><w:sz w:val="20"/></w:rPr>'),
    "FootnoteReference": (
        "footnote reference",
        "character",
        '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>',
    ),
}


def add_footnote_styles(members: Members) -> None:
    """Define FootnoteText and FootnoteReference where the style sheet lacks those ids: as the
    styles of the same name under another id (LibreOffice's Footnote, FootnoteAnchor), or
    with a look of their own."""
    names = [n for n in targets(members, main_part(members), _RT + "styles") if n in members]
    if not names:
        return
    root = parse(members[names[0]])
    styles = list(root.iter(f"{{{W_NS}}}style"))
    ids = {s.get(f"{{{W_NS}}}styleId") for s in styles}
    by_name = {}
    for style in styles:
        name = style.find(f"{{{W_NS}}}name")
        if name is not None:
            by_name[name.get(f"{{{W_NS}}}val", "").lower()] = style.get(f"{{{W_NS}}}styleId")
    added = False
    for sid, (name, kind, look) in FOOTNOTE_STYLES.items():
        if sid in ids:
            continue
        base = by_name.get(name)
        based = f'<w:basedOn w:val="{base}"/>' if base else ""
        root.append(
            parse(
                f'<w:style xmlns:w="{W_NS}" w:type="{kind}" w:styleId="{sid}">'
                f'<w:name w:val="docgen {name}"/>{based}{"" if base else look}</w:style>'.encode()
            )
        )
        added = True
    if added:
        members[names[0]] = serialize(root)
