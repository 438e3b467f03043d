"""Body outline: task nodes and free paragraphs → numbered blocks (I. / 1. / a) / -)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from docgen.compose.inline import Span, spans
from docgen.errors import Location
from docgen.model.entities import TaskNode
from docgen.vn.text import outline_label, upper

STYLES = ("heading", "para", "basis")

Compose = Callable[[str, Location], str]


@dataclass(frozen=True)
class Block:
    """One body paragraph: its style (heading, para, basis) and its spans."""

    style: str
    spans: tuple[Span, ...]


@dataclass
class Outline:
    """Numbers sections across the whole body and flattens nodes into blocks."""

    compose: Compose
    keep: Callable[[TaskNode], bool]
    sections: int = 0

    def section(self, node: TaskNode, skip: frozenset[str] = frozenset()) -> list[Block]:
        """A top-level section ("I. TITLE") with its items, but those whose id is in *skip*
        (the items after them are numbered on)."""
        if not self.keep(node) or node.id in skip:
            return []
        self.sections += 1
        return self._node(node, 0, outline_label(0, self.sections), skip)

    def paragraph(self, text: str, where: Location, style: str = "para") -> Block:
        """A free paragraph of the body."""
        return _block(style, "", self.compose(text, where), False)

    def _node(
        self, node: TaskNode, depth: int, label: str, skip: frozenset[str] = frozenset()
    ) -> list[Block]:
        blocks: list[Block] = []
        title = upper(node.title) if depth == 0 else node.title
        text = self.compose(node.text, node.where) if node.text else ""
        if title:
            blocks.append(_block("heading", label, self.compose(title, node.where), True))
            if text:
                blocks.append(_block("para", "", text, False))
        elif text:
            blocks.append(_block("para", label, text, False))
        blocks += [self.paragraph(t, node.where) for t in node.intro]
        return blocks + self.children(node, depth, skip)

    def children(
        self, node: TaskNode, depth: int, skip: frozenset[str] = frozenset()
    ) -> list[Block]:
        """The items under *node*, which stands at *depth*: numbered for the next depth
        (1 "1.", 2 "a)", deeper or ``bullets: dash`` "-"), each with its own items; then
        the node's closing paragraphs (``outro``)."""
        blocks: list[Block] = []
        kept = [c for c in node.children if c.id not in skip and self.keep(c)]
        for n, child in enumerate(kept, 1):
            child_label = "-" if node.bullets == "dash" else outline_label(depth + 1, n)
            blocks += self._node(child, depth + 1, child_label, skip)
        blocks += [self.paragraph(t, node.where) for t in node.outro]
        return blocks


@lru_cache(maxsize=4096)  # the same items recur in every document of a batch; Blocks are frozen
def _block(style: str, label: str, text: str, bold: bool) -> Block:
    """A paragraph of *style* with *label* before it; a basis (căn cứ) is italic."""
    head = f"{label} " if label else ""
    return Block(style, spans(head + text, bold=bold, italic=style == "basis"))
