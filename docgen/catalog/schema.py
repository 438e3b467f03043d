"""JSON Schemas of spec and catalog files, generated from the key tables of
:mod:`docgen.catalog.keys` (the parsers' own key checks), never written by hand.

``schemas()`` gives every file of ``schema/``: ``spec.schema.json`` for a document spec,
``catalog.schema.json`` for a catalog file of any sections, and ``catalog-SECTION.schema.json``
for a file of one section (``orgs``, ``references``…). An editor with a YAML language server
checks and completes a file whose first line names its schema::

    # yaml-language-server: $schema=../schema/spec.schema.json

(:func:`schema_line`). The schemas take values as an editor reads YAML (1.2: ``12`` a number,
``true`` a boolean, ``2025-10-21`` text); :func:`load_as_editor` reads a file the same way,
for checking files against them. ``docgen schema`` writes the files.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from docgen.catalog.keys import CATALOG_SECTIONS, FILE_KEYS, JSON, SPEC, Record, reachable

DRAFT = "http://json-schema.org/draft-07/schema#"
#: the folder of the schemas, from the repository's root
FOLDER = "schema"
SPEC_FILE = "spec.schema.json"
CATALOG_FILE = "catalog.schema.json"
#: the comment that names a file's schema for the YAML language server
MARK = "# yaml-language-server: $schema="


def section_file(section: str) -> str:
    """The schema file of a catalog file holding only *section*."""
    return f"catalog-{section}.schema.json"


def record_schema(record: Record) -> JSON:
    """The JSON Schema of one record: its keys, their types, descriptions and examples."""
    properties: JSON = {}
    for key in record.keys:
        schema = key.type.schema()
        if "$ref" in schema:  # draft-07 ignores what stands beside a $ref
            schema = {"allOf": [schema]}
        doc = key.doc + (f" (default: {key.default})" if key.default else "")
        if key.kinds:
            doc += f" (only in a spec of kind {', '.join(key.kinds)})"
        if key.not_kinds:
            doc += f" (not in a spec of kind {', '.join(key.not_kinds)})"
        schema = {"description": doc, **schema}
        if key.example is not None:
            schema["examples"] = [key.example]
        properties[key.name] = schema
    out: JSON = {
        "title": record.title,
        "description": record.doc,
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    required = [key.name for key in record.keys if key.required]
    if required:
        out["required"] = required
    only = [_only_in(key.name, key.kinds) for key in record.keys if key.kinds]
    only += [_not_in(key.name, key.not_kinds) for key in record.keys if key.not_kinds]
    if only:
        out["allOf"] = only
    return out


def _not_in(name: str, kinds: tuple[str, ...]) -> JSON:
    """*name* is not a key of specs of *kinds*."""
    return {
        "if": {"properties": {"kind": {"enum": list(kinds)}}, "required": ["kind"]},
        "then": {"not": {"required": [name]}},
    }


def _only_in(name: str, kinds: tuple[str, ...]) -> JSON:
    """*name* is a key of specs of *kinds* only (no ``kind:`` is a cong_van)."""
    other: JSON = {"properties": {"kind": {"not": {"enum": list(kinds)}}}}
    if "cong_van" not in kinds:  # a spec without kind: is a công văn
        other = {"anyOf": [other, {"not": {"required": ["kind"]}}]}
    return {"if": other, "then": {"not": {"required": [name]}}}


def _definitions(records: Iterable[Record]) -> JSON:
    return {record.name: record_schema(record) for record in records}


def spec_schema() -> JSON:
    """The schema of a document spec."""
    root = record_schema(SPEC)
    return {
        "$schema": DRAFT,
        **root,
        "title": "docgen document spec",
        "definitions": _definitions(reachable(SPEC)[1:]),
    }


def catalog_schema(sections: Iterable[str] | None = None) -> JSON:
    """The schema of a catalog file holding *sections* (default: any of them)."""
    names = list(CATALOG_SECTIONS) if sections is None else list(sections)
    chosen = [CATALOG_SECTIONS[name] for name in names]
    properties: JSON = {
        s.name: {
            "description": s.doc,
            "type": "array",
            "items": {"$ref": f"#/definitions/{s.record.name}"},
        }
        for s in chosen
    }
    top = Record("catalog_file", "catalog file", "", FILE_KEYS)
    properties.update(record_schema(top)["properties"])
    title = "docgen catalog file" + ("" if sections is None else f": {', '.join(names)}")
    return {
        "$schema": DRAFT,
        "title": title,
        "description": "A file of catalogs/: "
        + "; ".join(f"`{s.name}:` {s.doc}" for s in chosen)
        + ".",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "definitions": _definitions(reachable(*(s.record for s in chosen))),
    }


def schemas() -> dict[str, JSON]:
    """Every schema file of ``schema/``, by file name."""
    out = {SPEC_FILE: spec_schema(), CATALOG_FILE: catalog_schema()}
    for name in CATALOG_SECTIONS:
        out[section_file(name)] = catalog_schema([name])
    return out


def dumps(schema: JSON) -> str:
    """A schema as its file holds it."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def schema_for_catalog(sections: Iterable[str]) -> str:
    """The schema file of a catalog file with these top-level keys."""
    found = [s for s in sections if s in CATALOG_SECTIONS]
    return section_file(found[0]) if len(found) == 1 else CATALOG_FILE


def schema_line(file: Path, root: Path, schema_file: str) -> str:
    """The first line of *file* that names *schema_file* of ``root/schema`` (a path
    relative to the file's folder, as the YAML language server resolves it)."""
    target = os.path.relpath(root / FOLDER / schema_file, start=file.parent)
    return MARK + Path(target).as_posix()


# -- YAML as an editor reads it -----------------------------------------------------------------
class _Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2's core schema (what editors' language servers use): null, true/false,
    numbers; no dates, no yes/no booleans, no octal 010 or sexagesimal 1:30."""


_Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
):
    _Yaml12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), _first)


def _int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)  # 010 is ten in YAML 1.2


_Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int)


def load_as_editor(text: str) -> Any:
    """*text* read as an editor's YAML language server reads it (YAML 1.2 core schema)."""
    return yaml.load(text, Loader=_Yaml12Loader)
