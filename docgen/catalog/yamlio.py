"""YAML loading that keeps where every value came from.

Every scalar is read as a string (``yaml.BaseLoader``: no ``no`` → False, no ``05`` → 5) and
carries its :class:`Location`, so the schema layer can say ``catalogs/refs.yaml:12:5``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from docgen.errors import CatalogError, Location
from docgen.vn.text import nfc

MAX_BYTES = 5 * 1024 * 1024
#: libyaml's parser where PyYAML was built with it (6× faster, less memory), same results
_LOADER: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class MStr(str):
    """A string that remembers its location."""

    where: Location

    def __new__(cls, value: str, where: Location) -> MStr:
        obj = super().__new__(cls, value)
        obj.where = where
        return obj


class MDict(dict[str, Any]):
    """A mapping that remembers its location and the location of each key."""

    where: Location
    key_where: dict[str, Location]


class MList(list[Any]):
    """A sequence that remembers its location."""

    where: Location


def where_of(value: Any, default: Location) -> Location:
    """The location of a loaded value, or *default* for plain Python values."""
    return getattr(value, "where", default)


def _loc(path: str, node: yaml.Node) -> Location:
    mark = node.start_mark
    return Location(path, mark.line + 1, mark.column + 1)


def _convert(path: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return MStr(nfc(str(node.value)), _loc(path, node))
    if isinstance(node, yaml.SequenceNode):
        seq = MList(_convert(path, item) for item in node.value)
        seq.where = _loc(path, node)
        return seq
    if isinstance(node, yaml.MappingNode):
        out = MDict()
        out.where = _loc(path, node)
        out.key_where = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise CatalogError("a key must be plain text", where=_loc(path, key_node))
            key = nfc(str(key_node.value))
            if key in out:
                first = out.key_where[key]
                raise CatalogError(
                    f"key '{key}' appears twice in the same block (first at line {first.line})",
                    where=_loc(path, key_node),
                    hint="keep one of them",
                )
            out[key] = _convert(path, value_node)
            out.key_where[key] = _loc(path, key_node)
        return out
    raise CatalogError("unsupported YAML construct", where=_loc(path, node))


def read_text(path: str | Path) -> str:
    """Read a UTF-8 text file, refusing missing, empty, huge or binary files clearly."""
    p = Path(path)
    if not p.exists():
        raise CatalogError("file not found", file=p, hint="check the path")
    if p.is_dir():
        raise CatalogError("is a folder, not a file", file=p)
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise CatalogError(f"file is too large ({size} bytes)", file=p, hint="split it up")
    raw = p.read_bytes()
    if b"\x00" in raw:
        raise CatalogError("not a text file (binary content)", file=p, hint="give a YAML file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CatalogError(
            "not valid UTF-8 text", file=p, line=line, hint="save the file as UTF-8"
        ) from None


def load_yaml(path: str | Path) -> Any:
    """Load one YAML document with locations; errors become `file:line: message`."""
    return load_yaml_text(read_text(path), str(path))


def load_yaml_text(text: str, name: str) -> Any:
    """Load YAML *text* as if read from the file *name* (for text made in memory)."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise CatalogError(
            f"invalid YAML: {problem}",
            file=name,
            line=line,
            column=col,
            hint="check indentation and quoting (text with ': ' or '#' needs quotes)",
        ) from None
    except yaml.YAMLError as exc:
        raise CatalogError(f"invalid YAML: {exc}", file=name) from None
    if node is None:
        raise CatalogError("file is empty", file=name, hint="see examples/ for the expected keys")
    return _convert(name, node)
