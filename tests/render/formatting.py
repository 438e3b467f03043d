"""A normalised dump of a .docx's text and formatting, to compare two renderings of it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RSID = ("rsidR", "rsidRPr", "rsidRDefault", "rsidP", "rsidSect", "rsidTr", "rsidDel")


def _props(element: etree._Element | None) -> str:
    """A property element as canonical XML, revision ids left out."""
    if element is None:
        return ""
    copy = etree.fromstring(etree.tostring(element))
    for node in copy.iter():
        for name in _RSID:
            node.attrib.pop(f"{W}{name}", None)
    return etree.tostring(copy, method="c14n").decode()


def _part(root: etree._Element) -> list[str]:
    lines: list[str] = []
    kinds = [f"{W}{name}" for name in ("p", "tcPr", "trPr", "tblPr", "tblGrid", "sectPr")]
    for node in root.iter(*kinds):
        if node.tag != f"{W}p":
            if node.getparent() is not None and node.getparent().tag != f"{W}pPr":
                lines.append(_props(node))
            continue
        runs = []
        for run in node.iter(f"{W}r"):
            text = "".join(t.text or "" for t in run.iter(f"{W}t"))
            marks = [etree.QName(c).localname for c in run if c.tag not in (f"{W}rPr", f"{W}t")]
            if text or marks:
                runs.append(f"{_props(run.find(f'{W}rPr'))}{marks}{text!r}")
        lines.append(f"P {_props(node.find(f'{W}pPr'))} | " + " ".join(runs))
    return lines


def formatting(path: Path) -> dict[str, list[str]]:
    """Paragraphs (their properties, runs with theirs, text), table, row, cell and section
    properties of the document, its footnotes, headers and footers; and the core title."""
    dump: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as z:
        for name in sorted(z.namelist()):
            if (
                name.startswith("word/")
                and name.endswith(".xml")
                and (
                    "document" in name
                    or "footnotes" in name
                    or "header" in name
                    or "footer" in name
                )
            ):
                dump[name] = _part(etree.fromstring(z.read(name)))
        core = etree.fromstring(z.read("docProps/core.xml"))
        dump["title"] = [t.text or "" for t in core.iter("{http://purl.org/dc/elements/1.1/}title")]
    return dump
