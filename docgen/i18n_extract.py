"""Babel extractors for the texts of docgen that are not ``_()`` calls (see babel.cfg).

* :func:`extract_cli`: a module of the command line: its ``_()``/``N_()``/``lazy()`` texts
  (babel's Python extractor) and the docstring of each click command or group (the help
  that ``docgen X --help`` shows, as :func:`inspect.cleandoc` gives it to click);
* :func:`extract_rules`: the checker's rules (docgen/check/rules.yaml): each rule's
  ``summary`` and ``scope`` (``docgen check --rules``) and its ``do`` (a finding's message).

Used only by ``pybabel extract`` (``make messages``) and the catalog's test, never at run
time.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

#: (line, function name, message(s), comments), as babel's extractors yield them
_Result = tuple[Any, ...]


def _is_click_command(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for deco in node.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name in {"command", "group"}:
            return True
    return False


def command_docstrings(source: str) -> Iterator[tuple[int, str]]:
    """(line, help text) of each click command or group defined in *source*."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _is_click_command(node):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                yield node.lineno, inspect.cleandoc(doc)


def extract_cli(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: dict[str, Any],
) -> Iterator[_Result]:
    from babel.messages.extract import extract_python

    yield from extract_python(fileobj, keywords, comment_tags, options)  # type: ignore[arg-type]
    fileobj.seek(0)
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    for line, doc in command_docstrings(source):
        yield line, None, doc, []


#: the texts of a rule of rules.yaml a person reads (its params: only these)
RULE_TEXTS = ("summary", "scope")
RULE_PARAM_TEXTS = ("do",)


def rule_texts(data: Any) -> Iterator[str]:
    """The texts a person reads in the rules of rules.yaml (*data*, as loaded)."""
    for entries in data.values():
        if not isinstance(entries, list):
            continue
        for entry in entries:
            if not isinstance(entry, dict) or "id" not in entry:
                continue
            for name in RULE_TEXTS:
                if isinstance(entry.get(name), str):
                    yield entry[name]
            params = entry.get("params") or {}
            for name in RULE_PARAM_TEXTS:
                if isinstance(params.get(name), str):
                    yield params[name]


def extract_rules(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: dict[str, Any],
) -> Iterator[_Result]:
    import yaml

    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    for message in rule_texts(yaml.safe_load(text)):
        line = next((n for n, t in enumerate(lines, 1) if message in t), 0)
        yield line, None, message, []
