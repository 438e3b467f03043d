"""The little text language of catalogs and specs (sandboxed Jinja), and a static scan of it.

Texts may call ``cite("131/QĐ-TTg")``, ``fn("21/KH-UBND")`` (a footnote), ``note("…")``,
``deadline("so-ket-hk1", "below")`` and use ``**bold**``. This module only parses: it finds the
reference ids a text cites so that ``docgen catalog check`` can resolve them without rendering.
"""

from __future__ import annotations

from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from docgen.catalog.yamlio import place_of
from docgen.errors import CatalogError, Location
from docgen.i18n import _
from docgen.model.entities import LEVELS
from docgen.sandbox import Sandbox
from docgen.vn.text import suggest

CITING_CALLS = ("cite", "fn")
#: deadline(milestone, level, form): the forms, and the levels besides the level ids
DEADLINE_FORMS = ("long", "short")
DEADLINE_LEVELS = ("issuer", "below", *LEVELS)


def text_environment() -> SandboxedEnvironment:
    """A sandboxed Jinja environment for untrusted catalog/spec texts."""
    return Sandbox(
        source="text",
        undefined=StrictUndefined,
        autoescape=False,  # the output is plain text; Word XML escaping happens when rendering
        keep_trailing_newline=False,
    )


_ENV = text_environment()


def parse_text(text: str, where: Location) -> nodes.Template:
    """Parse a text; a syntax error points at the YAML line."""
    try:
        return _ENV.parse(text)
    except TemplateSyntaxError as exc:
        line = (where.line or 1) + (exc.lineno or 1) - 1
        raise CatalogError(
            _("cannot read the text: {message}").format(message=exc.message),
            file=where.file,
            line=line,
            hint=getattr(exc, "hint", None) or _('write calls as {{ cite("131/QĐ-TTg") }}'),
        ) from None


def cited_ids(text: str, where: Location) -> list[str]:
    """Reference ids passed as constants to cite()/fn() in *text*."""
    if "{" not in text:
        return []
    tree = parse_text(text, where)
    ids: list[str] = []
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in CITING_CALLS:
            args = call.args[:1] if call.node.name == "cite" else call.args
            for arg in args:
                if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                    ids.append(arg.value)
    return ids


def milestone_ids(text: str, where: Location) -> list[str]:
    """Milestone ids passed as constants to deadline() in *text*."""
    return [ms for ms, _level in deadline_calls(text, where)]


def deadline_calls(text: str, where: Location) -> list[tuple[str, str]]:
    """(milestone id, level) of each deadline() call with constant arguments in *text*; the
    level is "issuer" (the default), "below" or a level id."""
    if "{" not in text:
        return []
    calls: list[tuple[str, str]] = []
    for call in parse_text(text, where).find_all(nodes.Call):
        if not (isinstance(call.node, nodes.Name) and call.node.name == "deadline"):
            continue
        args = [a.value if isinstance(a, nodes.Const) else None for a in call.args]
        args += [
            kw.value.value
            for kw in call.kwargs
            if kw.key == "level" and isinstance(kw.value, nodes.Const)
        ]
        if args and isinstance(args[0], str):
            level = args[1] if len(args) > 1 and isinstance(args[1], str) else "issuer"
            calls.append((args[0], level))
    return calls


def deadline_problems(text: str, where: Location) -> list[CatalogError]:
    """The level or form of each deadline() call of *text*, written as a constant, that
    deadline() does not take (said by ``docgen catalog check``, before any render)."""
    if "deadline" not in text:
        return []
    problems: list[CatalogError] = []
    for call in parse_text(text, where).find_all(nodes.Call):
        if not (isinstance(call.node, nodes.Name) and call.node.name == "deadline"):
            continue
        given = dict(zip(("milestone", "level", "form"), call.args, strict=False))
        given.update((kw.key, kw.value) for kw in call.kwargs)
        for option, choices in (("level", DEADLINE_LEVELS), ("form", DEADLINE_FORMS)):
            node = given.get(option)
            value = node.value if isinstance(node, nodes.Const) else None
            if isinstance(value, str) and value not in choices:
                guess = suggest(value, choices)
                maybe = f"did you mean '{guess}'? " if guess else ""
                allowed = ", ".join(choices)
                problems.append(
                    CatalogError(
                        _("deadline() has no {option} '{value}'").format(
                            option=option, value=value
                        ),
                        where=_quoted_place(value, where),
                        hint=_("{maybe}{option}: {allowed}").format(
                            maybe=maybe, option=option, allowed=allowed
                        ),
                    )
                )
    return problems


def _quoted_place(value: str, where: Location) -> Location:
    """Where *value* is written in quotes, from *where* on (the line of a call in a text)."""
    for quote in ('"', "'"):
        found = place_of(f"{quote}{value}{quote}", where)
        if found is not where:
            return found
    return where
