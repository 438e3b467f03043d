"""Edit a YAML file as text, where the loader's marks say each value is, so that comments,
order and layout stay as the author wrote them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

import yaml

from docgen.errors import DocgenError, Location


class SourceEdits:
    """A YAML text with its nodes; edits replace the slices of scalar nodes, drop lines of
    top-level keys or append text."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        root = yaml.compose(text, Loader=yaml.BaseLoader)
        if not isinstance(root, yaml.MappingNode):
            raise DocgenError("expected a block of keys", file=name, line=1)
        self.root = root
        self.slices: dict[int, tuple[int, str]] = {}
        self.dropped: list[tuple[int, int]] = []
        self.appended: list[str] = []

    def value(self, key: str) -> yaml.Node | None:
        """The node under a top-level key."""
        return next((v for k, v in self.root.value if k.value == key), None)

    def loc(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.name, mark.line + 1, mark.column + 1)

    def current(self, node: yaml.Node) -> str:
        start, end = node.start_mark.index, node.end_mark.index
        return self.slices[start][1] if start in self.slices else self.text[start:end]

    def put(self, node: yaml.Node, text: str) -> None:
        self.slices[node.start_mark.index] = (node.end_mark.index, text)

    def set(self, node: yaml.Node, value: str) -> None:
        """Replace a one-line scalar, keeping its quotes."""
        style = getattr(node, "style", None)
        if style == '"':
            value = json.dumps(value, ensure_ascii=False)
        elif style == "'":
            value = "'" + value.replace("'", "''") + "'"
        self.put(node, value)

    def sub(
        self, node: yaml.Node, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]
    ) -> None:
        self.put(node, pattern.sub(repl, self.current(node)))

    def drop_line(self, key: str) -> None:
        """Remove the line of a top-level ``key: value``."""
        for k, v in self.root.value:
            if k.value == key:
                start = self.text.rfind("\n", 0, k.start_mark.index) + 1
                end = self.text.find("\n", v.end_mark.index)
                self.dropped.append((start, len(self.text) if end < 0 else end + 1))

    def append(self, text: str) -> None:
        self.appended.append(text)

    def apply(self) -> str:
        edits = [(s, e, t) for s, (e, t) in self.slices.items()]
        edits += [(s, e, "") for s, e in self.dropped]
        out = self.text
        for start, end, text in sorted(edits, reverse=True):
            out = out[:start] + text + out[end:]
        if self.appended:
            out = out.rstrip("\n") + "\n" + "".join(self.appended)
        return out


def scalars(node: yaml.Node, key: str = "") -> Iterator[tuple[str, yaml.ScalarNode]]:
    """Every scalar under *node* with the key it is (or its list is) the value of."""
    if isinstance(node, yaml.ScalarNode):
        yield key, node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from scalars(item, key)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield from scalars(v, str(k.value))
