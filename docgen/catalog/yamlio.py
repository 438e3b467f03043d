"""YAML loading that keeps where every value came from.

Every scalar is read as a string (``yaml.BaseLoader``: no ``no`` → False, no ``05`` → 5) and
carries its :class:`Location`, so the schema layer can say ``catalogs/refs.yaml:12:5``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from docgen.errors import CatalogError, Location
from docgen.i18n import _
from docgen.sandbox import FN_CLOSE, FN_OPEN, limits, variable
from docgen.vn.text import nfc

MAX_BYTES = 5 * 1024 * 1024
#: libyaml's parser where PyYAML was built with it (6× faster, less memory), same results
_LOADER: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
#: docgen's private footnote marks: removed from every value read (only fn() makes them)
_NO_MARKS = str.maketrans("", "", FN_OPEN + FN_CLOSE)


class MStr(str):
    """A string that remembers its location."""

    _at: tuple[str, int, int]  # file, line, column: made a Location only when asked for

    def __new__(cls, value: str, at: tuple[str, int, int]) -> MStr:
        obj = super().__new__(cls, value)
        obj._at = at
        return obj

    @property
    def where(self) -> Location:
        return Location(*self._at)


class MBool(MStr):
    """A plain (unquoted) ``true`` or ``false``: a YAML boolean, kept as its text so that a
    field that wants text can refuse it and one that wants yes/no can take it."""


#: the plain scalars YAML 1.2 (and editors' YAML servers) read as booleans
BOOLEANS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})


def is_bool(value: Any) -> bool:
    """True for a plain ``true``/``false`` read from YAML."""
    return isinstance(value, MBool)


class MDict(dict[str, Any]):
    """A mapping that remembers its location and the location of each key."""

    _at: tuple[str, int, int]
    _keys: dict[str, tuple[str, int, int]]

    @property
    def where(self) -> Location:
        return Location(*self._at)

    def key_where(self, key: str, default: Location) -> Location:
        """The location of *key*, or *default* when the mapping has no such key."""
        at = self._keys.get(key)
        return Location(*at) if at is not None else default


class MList(list[Any]):
    """A sequence that remembers its location."""

    _at: tuple[str, int, int]

    @property
    def where(self) -> Location:
        return Location(*self._at)


def where_of(value: Any, default: Location) -> Location:
    """The location of a loaded value, or *default* for plain Python values."""
    return getattr(value, "where", default)


def _at(path: str, mark: Any) -> tuple[str, int, int]:
    return (path, mark.line + 1, mark.column + 1)


def _build(path: str, text: str) -> Any:
    """The document of *text* as MDict/MList/MStr, from the parser's events (every scalar a
    string, as yaml.BaseLoader gives it; no node tree is built).

    An alias is the value its anchor names, shared, not copied; what the document amounts to
    with every alias written out (its characters, and one for each value) is kept under
    :attr:`~docgen.sandbox.Limits.yaml`, so that a "billion laughs" is refused here and not
    printed by a template later."""
    anchors: dict[str, Any] = {}
    sizes: dict[str, int] = {}  # of each anchored value, once complete
    # open containers: the container, its key marks (mappings), the key waiting for a value,
    # its anchor
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    expanded = 0
    events: Any = yaml.parse(text, Loader=_LOADER)
    for event in events:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            scalar = nfc(event.value)
            if FN_OPEN in scalar or FN_CLOSE in scalar:
                scalar = scalar.translate(_NO_MARKS)
            plain_bool = not event.style and scalar in BOOLEANS  # "" from libyaml, None in Python
            value: Any = (MBool if plain_bool else MStr)(scalar, _at(path, event.start_mark))
            expanded += len(scalar) + 1
            if event.anchor:
                sizes[event.anchor] = len(scalar) + 1
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            value = MDict() if kind is yaml.MappingStartEvent else MList()
            value._at = _at(path, event.start_mark)
            if event.anchor:
                anchors[event.anchor] = value
            stack.append([value, {}, None, event.anchor, expanded])
            expanded += 1
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value, marks, _skip, anchor, before = stack.pop()
            if isinstance(value, MDict):
                value._keys = marks
            if anchor:
                sizes[anchor] = expanded - before
        elif kind is yaml.AliasEvent:
            where = Location(*_at(path, event.start_mark))
            if event.anchor not in anchors:
                raise CatalogError(
                    _("found undefined alias '{anchor}'").format(anchor=event.anchor), where=where
                )
            if event.anchor not in sizes:
                raise CatalogError(
                    _("alias '*{anchor}' is inside the value it names").format(anchor=event.anchor),
                    where=where,
                    hint=_("a value cannot contain itself"),
                )
            value = anchors[event.anchor]
            expanded += sizes[event.anchor]
            if expanded > limits().yaml:
                raise CatalogError(
                    _(
                        "with its aliases written out, the file comes to more than {yaml:,} "
                        "characters (limit {yaml2})"
                    ).format(yaml=limits().yaml, yaml2=variable("yaml")),
                    where=where,
                    hint=_("use fewer aliases, or raise {yaml}").format(yaml=variable("yaml")),
                )
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise CatalogError(
                    _("expected a single document in the stream, found another"),
                    where=Location(*_at(path, event.start_mark)),
                    hint=_("remove the '---' line (one catalog or spec per file)"),
                )
            continue
        else:
            continue
        if kind is yaml.ScalarEvent and event.anchor:
            anchors[event.anchor] = value
        if not stack:
            root = value
            continue
        top = stack[-1]
        container = top[0]
        if isinstance(container, MList):
            container.append(value)
        elif top[2] is None:  # a key
            if not isinstance(value, MStr):
                raise CatalogError(_("a key must be plain text"), where=value.where)
            key = str(value)
            if key in top[1]:
                first = top[1][key][1]
                raise CatalogError(
                    _("key '{key}' appears twice in the same block (first at line {first})").format(
                        key=key, first=first
                    ),
                    where=value.where,
                    hint=_("keep one of them"),
                )
            top[1][key] = value._at
            top[2] = key
        else:
            container[top[2]] = value
            top[2] = None
    return root


def place_of(needle: str, where: Location, lines: int = 200) -> Location:
    """Where *needle* is first written in the file of *where*, from its line on: the line of
    a call inside a text of several lines (the text's own place is where it starts). *where*
    itself when the file cannot be read or does not have it."""
    if not where.line:
        return where
    try:
        rows = nfc(Path(where.file).read_text(encoding="utf-8-sig")).splitlines()
    except (OSError, UnicodeDecodeError):
        return where
    for n in range(where.line - 1, min(len(rows), where.line - 1 + lines)):
        column = rows[n].find(needle)
        if column >= 0:
            return Location(where.file, n + 1, column + 1)
    return where


def read_text(path: str | Path) -> str:
    """Read a UTF-8 text file, refusing missing, empty, huge or binary files clearly."""
    p = Path(path)
    if not p.exists():
        raise CatalogError(_("file not found"), file=p, hint=_("check the path"))
    if p.is_dir():
        raise CatalogError(_("is a folder, not a file"), file=p)
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise CatalogError(
            _("file is too large ({size} bytes)").format(size=size), file=p, hint=_("split it up")
        )
    raw = p.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(raw):
        raise CatalogError(
            _("the file is saved as UTF-16 (Notepad's 'Unicode'), not UTF-8"),
            file=p,
            hint=_("save it again as UTF-8 (Notepad: File → Save As → Encoding: UTF-8)"),
        )
    if b"\x00" in raw:
        raise CatalogError(
            _("not a text file (binary content)"), file=p, hint=_("give a YAML file")
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CatalogError(
            _("not valid UTF-8 text"), file=p, line=line, hint=_("save the file as UTF-8")
        ) from None


def _looks_utf16(raw: bytes) -> bool:
    """True when text without a byte-order mark has the zero bytes of UTF-16 (every second
    byte zero in its first kilobyte, as ASCII letters are in UTF-16)."""
    head = raw[:1024]
    if len(head) < 4:
        return False
    evens, odds = head[0::2], head[1::2]
    return evens.count(0) * 4 > len(evens) * 3 or odds.count(0) * 4 > len(odds) * 3


def load_yaml(path: str | Path) -> Any:
    """Load one YAML document with locations; errors become `file:line: message`."""
    return load_yaml_text(read_text(path), str(path))


def _tab_at(text: str, line: int, column: int) -> bool:
    """True when the 0-based *line* has a tab at or before *column* among its leading blanks."""
    rows = text.splitlines()
    if not 0 <= line < len(rows):
        return False
    lead = rows[line][: len(rows[line]) - len(rows[line].lstrip(" \t"))]
    return "\t" in lead or rows[line][column : column + 1] == "\t"


def load_yaml_text(text: str, name: str) -> Any:
    """Load YAML *text* as if read from the file *name* (for text made in memory)."""
    try:
        data = _build(name, text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        if mark is not None and _tab_at(text, mark.line, mark.column):
            raise CatalogError(
                _("a tab character indents this line; YAML indents with spaces only"),
                file=name,
                line=line,
                column=col,
                hint=_(
                    "replace the tab with spaces (two per level), as the lines above are indented"
                ),
            ) from None
        raise CatalogError(
            _("invalid YAML: {problem}").format(problem=problem),
            file=name,
            line=line,
            column=col,
            hint=_("check indentation and quoting (text with ': ' or '#' needs quotes)"),
        ) from None
    except yaml.YAMLError as exc:
        raise CatalogError(_("invalid YAML: {exc}").format(exc=exc), file=name) from None
    if data is None:
        raise CatalogError(
            _("file is empty"), file=name, hint=_("see examples/ for the expected keys")
        )
    return data
