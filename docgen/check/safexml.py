"""Parse package XML without DTDs, entities, network access or huge trees."""

from __future__ import annotations

from lxml import etree

from docgen.check.safezip import Package

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    huge_tree=False,
    load_dtd=False,
    dtd_validation=False,
    remove_comments=True,
    remove_pis=True,
)
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")


def parse_part(package: Package, name: str) -> etree._Element:
    """The root element of part `name`; a DOCTYPE, entity or malformed XML refuses the file."""
    data = package.read(name)
    if any(marker in data for marker in _DTD_MARKERS):
        raise package.refuse(f"{name} declares a DOCTYPE or entities; refusing it")
    package.count_elements(name, data)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise package.refuse(f"{name} is not well-formed XML: {exc.msg}") from exc
    except (etree.LxmlError, ValueError) as exc:
        raise package.refuse(f"{name} cannot be parsed as XML: {exc}") from exc
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise package.refuse(f"{name} declares a DOCTYPE; refusing it")
    return root


def parse_optional(package: Package, name: str) -> etree._Element | None:
    """Like parse_part, but None when the package has no such part."""
    if name not in package:
        return None
    return parse_part(package, name)
