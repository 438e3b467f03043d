"""A YAML file as data, and edits applied to its text where the loader's marks say each value
is, so that comments, order and layout stay as the author wrote them.

:func:`outline` reads what a decision needs to know of a file (each value's key, place, text
and shape); the decision answers with edits, plain data (:class:`Edit`, :class:`DropKey`,
:class:`AddKey`, :class:`AddEntries`), which :func:`apply_edits` makes in the text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import yaml

from docgen.errors import DocgenError, Location
from docgen.i18n import _

# -- the file as data ----------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """One value of the file: the key it is under (a list item: its list's key), where it
    starts, its text (None for a list or mapping), and for a mapping or list whether it is
    written in block style with at least one item."""

    key: str
    where: Location
    text: str | None = None
    block: bool = False


@dataclass(frozen=True)
class Outline:
    """A YAML mapping's values: each top-level key's, and every scalar under each."""

    name: str
    #: the whole file is one flow mapping (``{…}``)
    flow: bool
    top: Mapping[str, Value]
    scalars: Mapping[str, tuple[Value, ...]]

    def text(self, key: str) -> str | None:
        """The text of a top-level scalar (None: no such key, or not a scalar)."""
        value = self.top.get(key)
        return value.text if value is not None else None


def outline(text: str, name: str) -> Outline:
    """The :class:`Outline` of a YAML text whose top level is a mapping."""
    root = _root(text, name)
    top: dict[str, Value] = {}
    under: dict[str, tuple[Value, ...]] = {}
    for key, node in root.value:
        top[str(key.value)] = _value(str(key.value), node, name)
        under[str(key.value)] = tuple(
            _value(parent, scalar, name) for parent, scalar in _scalars(node, str(key.value))
        )
    return Outline(name, bool(root.flow_style), MappingProxyType(top), MappingProxyType(under))


def _root(text: str, name: str) -> yaml.MappingNode:
    root = yaml.compose(text, Loader=yaml.BaseLoader)
    if not isinstance(root, yaml.MappingNode):
        raise DocgenError(_("expected a block of keys"), file=name, line=1)
    return root


def _value(key: str, node: yaml.Node, name: str) -> Value:
    where = _loc(node, name)
    if isinstance(node, yaml.ScalarNode):
        return Value(key, where, str(node.value))
    return Value(key, where, None, bool(node.value) and getattr(node, "flow_style", None) is False)


def _loc(node: yaml.Node, name: str) -> Location:
    mark = node.start_mark
    return Location(name, mark.line + 1, mark.column + 1)


def _scalars(node: yaml.Node, key: str) -> Iterator[tuple[str, yaml.ScalarNode]]:
    """Every scalar under *node* with the key it is (or its list is) the value of."""
    if isinstance(node, yaml.ScalarNode):
        yield key, node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item, key)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield from _scalars(v, str(k.value))


# -- edits ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """The scalar at *where* changes: its whole value *old* becomes *new* (``part``: each
    occurrence of *old* in its text becomes *new*); *reason* says which change it makes."""

    where: Location
    old: str
    new: str
    reason: str
    part: bool = False


@dataclass(frozen=True)
class DropKey:
    """The line of the top-level *key* goes."""

    key: str
    reason: str


@dataclass(frozen=True)
class AddKey:
    """A top-level ``key: value`` line, after the line of the top-level key *after* (at the
    end of the file, with *reason* as a comment, when that line ends in a comment)."""

    key: str
    value: str
    after: str
    reason: str


@dataclass(frozen=True)
class AddEntries:
    """``"name": "value"`` entries added to the block mapping of the top-level *key*, or a
    new *key* with them at the end of the file under the comment lines *comment*."""

    key: str
    entries: tuple[tuple[str, str], ...]
    comment: tuple[str, ...]


AnyEdit = Edit | DropKey | AddKey | AddEntries


def apply_edits(text: str, name: str, edits: Iterable[AnyEdit]) -> str:
    """*text* with *edits* made, in order (several edits of one scalar build on each other)."""
    source = _Source(text, name)
    for edit in edits:
        if isinstance(edit, Edit):
            source.edit(edit)
        elif isinstance(edit, DropKey):
            source.drop_line(edit.key)
        elif isinstance(edit, AddKey):
            source.add_after(edit)
        else:
            source.add_entries(edit)
    return source.result()


class _Source:
    """The text and its nodes; edits replace the slices of nodes, drop lines of top-level
    keys or append text."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self.root = _root(text, name)
        self.slices: dict[int, tuple[int, str]] = {}
        self.dropped: list[tuple[int, int]] = []
        self.appended: list[str] = []
        self.at: dict[tuple[int | None, int | None], yaml.Node] = {}
        for key, node in self.root.value:  # scalars first: a mapping starts at its first key
            for _parent, scalar in _scalars(node, str(key.value)):
                self.at.setdefault(self._place(scalar), scalar)
        for _key, node in self.root.value:
            self.at.setdefault(self._place(node), node)

    def _place(self, node: yaml.Node) -> tuple[int | None, int | None]:
        where = _loc(node, self.name)
        return where.line, where.column

    def node(self, where: Location) -> yaml.Node:
        return self.at[where.line, where.column]

    def value(self, key: str) -> yaml.Node | None:
        return next((v for k, v in self.root.value if k.value == key), None)

    def current(self, node: yaml.Node) -> str:
        start, end = node.start_mark.index, node.end_mark.index
        return self.slices[start][1] if start in self.slices else self.text[start:end]

    def put(self, node: yaml.Node, text: str) -> None:
        self.slices[node.start_mark.index] = (node.end_mark.index, text)

    def edit(self, edit: Edit) -> None:
        node = self.node(edit.where)
        if edit.part:
            self.put(node, self.current(node).replace(edit.old, edit.new))
            return
        value = edit.new  # a one-line scalar, keeping its quotes
        style = getattr(node, "style", None)
        if style == '"':
            value = json.dumps(value, ensure_ascii=False)
        elif style == "'":
            value = "'" + value.replace("'", "''") + "'"
        self.put(node, value)

    def drop_line(self, key: str) -> None:
        for k, v in self.root.value:
            if k.value == key:
                start = self.text.rfind("\n", 0, k.start_mark.index) + 1
                end = self.text.find("\n", v.end_mark.index)
                self.dropped.append((start, len(self.text) if end < 0 else end + 1))

    def add_after(self, edit: AddKey) -> None:
        key, node = next((k, v) for k, v in self.root.value if k.value == edit.after)
        end = self.text.find("\n", node.end_mark.index)
        rest = self.text[node.end_mark.index : end if end >= 0 else None]
        line = f"{edit.key}: {edit.value}"
        if not rest.strip():
            indent = " " * key.start_mark.column
            self.put(node, self.current(node) + "\n" + indent + line)
        else:
            self.appended.append(f"# docgen rollover: {edit.reason}\n{line}\n")

    def add_entries(self, edit: AddEntries) -> None:
        node = self.value(edit.key)
        block = isinstance(node, yaml.MappingNode) and bool(node.value) and node.flow_style is False
        indent = node.value[0][0].start_mark.column if block and node is not None else 2
        lines = "".join(
            f"{' ' * indent}{json.dumps(k, ensure_ascii=False)}: "
            f"{json.dumps(v, ensure_ascii=False)}\n"
            for k, v in edit.entries
        )
        if block and node is not None:
            current = self.current(node)
            body = current.rstrip("\n")
            self.put(node, body + "\n" + lines.rstrip("\n") + current[len(body) :])
            return
        first, *more = edit.comment
        comment = f"# docgen rollover: {first}\n" + "".join(f"# {line}\n" for line in more)
        self.appended.append(f"{comment}{edit.key}:\n{lines}")

    def result(self) -> str:
        edits = [(s, e, t) for s, (e, t) in self.slices.items()]
        edits += [(s, e, "") for s, e in self.dropped]
        out = self.text
        for start, end, text in sorted(edits, reverse=True):
            out = out[:start] + text + out[end:]
        if self.appended:
            out = out.rstrip("\n") + "\n" + "".join(self.appended)
        return out
