"""Render the sandboxed text language of catalogs and specs into composed plain text."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Template
from jinja2.exceptions import TemplateError, TemplateSyntaxError, UndefinedError

from docgen.catalog.catalog import Catalog
from docgen.catalog.textrefs import parse_text, text_environment
from docgen.compose import citations
from docgen.compose.deadlines import Deadline, deadline
from docgen.compose.inline import FN_CLOSE, FN_OPEN, clean, footnote_mark
from docgen.compose.scope import Scope
from docgen.errors import CatalogError, DocgenError, Location
from docgen.model.entities import LEVELS, Org
from docgen.sandbox import (
    FAILURES,
    NOT_XML,
    Budget,
    LimitError,
    SandboxError,
    failure,
    limits,
    template_line,
    trusted,
)
from docgen.vn.dates import long_date, short_date
from docgen.vn.schoolyear import SchoolYear

_ENV = text_environment()
#: compiled texts, the most recently used kept: the same catalog texts recur in every
#: document of a batch, while a cascade's "Căn cứ" texts name each parent (one per parent)
_CACHE: OrderedDict[str, Template] = OrderedDict()
_CACHE_SIZE = 512
#: a footnote mark of composed text, and its number
_MARK = re.compile(f"{FN_OPEN}(\\d+){FN_CLOSE}")
_DEADLINE_FORMS = ("long", "short")


def _compiled(text: str, where: Location) -> Template:
    """The compiled text, from the cache when it is there."""
    found = _CACHE.get(text)
    if found is None:
        found = _CACHE[text] = _ENV.from_string(parse_text(text, where))
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(text)
    return found


def _at(where: Location, exc: BaseException, text: str) -> Location:
    """Where, in the file, the line of *text* (which starts at *where*) that *exc* was
    raised on is written; *where* when that is not known. A text of several lines is a
    literal block (``|``): YAML folds the lines of any other scalar into one, and a block's
    place is its ``|``, the line above its first."""
    line = template_line(exc)
    if not line or "\n" not in text or where.line is None:
        return where
    return Location(where.file, where.line + line)


def _refused(exc: SandboxError, where: Location, text: str) -> CatalogError:
    return CatalogError(
        f"cannot compose the text: {exc.message}", where=_at(where, exc, text), hint=exc.hint
    )


@dataclass
class TextComposer:
    """Composes the texts of one document: citations, footnotes, deadlines, variables.

    Footnotes are numbered in the order texts are composed, which is document order.
    """

    catalog: Catalog
    school_year: SchoolYear | None
    level: str
    variables: dict[str, Any] = field(default_factory=dict)
    footnotes: list[str] = field(default_factory=list)
    cited: set[str] = field(default_factory=set)
    deadlines: list[Deadline] = field(default_factory=list)
    level_below: str = ""
    #: the run's references and deadline policy over *catalog* (default: the catalog alone)
    scope: Scope | None = None
    #: the issuer: its school types and whom it reports to pick its deadlines
    org: Org | None = None
    _names: dict[str, Any] = field(init=False, repr=False, default_factory=dict)
    #: what the document's texts may still spend (time, loops, output; see docgen.sandbox)
    _budget: Budget | None = field(init=False, repr=False, default=None)
    _composed: int = field(init=False, repr=False, default=0)
    _max_document: int = field(init=False, repr=False, default_factory=lambda: limits().document)

    def __post_init__(self) -> None:
        if self.scope is None:
            self.scope = Scope(self.catalog)

    @property
    def _scope(self) -> Scope:
        assert self.scope is not None  # set in __post_init__
        return self.scope

    def compose(self, text: str, where: Location) -> str:
        """The text with its calls evaluated; footnotes become markers."""
        text = clean(text)
        if "{" not in text:
            self._composed += len(text)
            return text if self._composed <= self._max_document else self._counted(text, where)
        first = len(self.footnotes)
        try:
            template = _compiled(text, where)  # inside: folding constants may raise, too
            if not self._names:  # globals, functions and variables: the same for every text
                self._names.update(template.globals, **self._functions(), **self.variables)
            if self._budget is None:
                self._budget = Budget(limits())
            # Template.render, without copying the names for every text: they are read only
            context = template.new_context(self._names, shared=True)
            context.budget = self._budget  # type: ignore[attr-defined]
            out = str(_ENV.concat(template.root_render_func(context)))  # type: ignore[attr-defined]
        except TemplateSyntaxError as exc:  # found when compiling (nested too deep)
            raise CatalogError(
                f"cannot read the text: {exc.message}", where=where, hint=getattr(exc, "hint", None)
            ) from None
        except SandboxError as exc:
            raise _refused(exc, where, text) from None
        except DocgenError as exc:
            if exc.file is None:
                raise CatalogError(exc.message, where=where, hint=exc.hint) from None
            raise
        except UndefinedError as exc:
            raise CatalogError(
                f"unknown name in the text: {exc.message}",
                where=where,
                hint="available: cite, fn, note, deadline, " + ", ".join(sorted(self.variables)),
            ) from None
        except FAILURES as exc:
            found = failure(exc)
            if found is None:
                raise
            raise _refused(found, where, text) from None
        except TemplateError as exc:
            raise CatalogError(
                f"cannot compose the text: {exc}", where=_at(where, exc, text)
            ) from None
        self._composed += len(out)
        return self._counted(self._checked(out, first, where), where)

    def _counted(self, text: str, where: Location) -> str:
        """*text*, once counted against the document's size, if the texts are not over it."""
        if self._composed > self._max_document:
            exc = LimitError(
                "the document's texts come to more than {} characters",
                "document",
                "shorten the texts",
            )
            raise _refused(exc, where, text)
        return text

    def _checked(self, out: str, first: int, where: Location) -> str:
        """*out*, a text just composed, if it holds only characters Word can, and footnote
        marks only of the fn() and note() calls of this text (footnotes after *first*),
        each once."""
        bad = NOT_XML.search(out)
        if bad:
            raise CatalogError(
                f"the text writes U+{ord(bad.group()):04X}, which a Word document cannot hold",
                where=where,
                hint="remove that character (or the escape that makes it)",
            )
        issued = set(range(first + 1, len(self.footnotes) + 1))
        if FN_OPEN not in out and FN_CLOSE not in out and not issued:
            return out
        printed = [int(m.group(1)) for m in _MARK.finditer(out)]
        if (
            len(set(printed)) != len(printed)
            or not issued.issuperset(printed)
            or (len(printed) != out.count(FN_OPEN) or out.count(FN_OPEN) != out.count(FN_CLOSE))
        ):
            raise CatalogError(
                "the text writes footnote marks (U+E000, U+E001) of its own, or one twice",
                where=where,
                hint="footnotes come only from fn() and note(), one call for each mark",
            )
        if len(printed) != len(issued):
            raise CatalogError(
                "the text makes a footnote with fn() or note() and does not print it",
                where=where,
                hint="write {{ fn(…) }} where the footnote goes",
            )
        return out

    def _functions(self) -> dict[str, Callable[..., str]]:
        return {
            "cite": self.cite,
            "fn": self.fn,
            "note": self.note,
            "deadline": self.deadline,
        }

    @trusted
    def cite(self, ref_id: str, form: str = "auto", date: str = "short") -> str:
        """A citation; "auto" is long the first time a reference is cited, short after."""
        _texts("cite", ref_id, form, date)
        ref = self._scope.ref(ref_id)
        if form == "auto":
            form = "short" if ref.id in self.cited else "long"
        self.cited.add(ref.id)
        return citations.cite(ref, form, date)

    @trusted
    def fn(self, *ref_ids: str, date: str = "short", prefix: str = "") -> str:
        """A footnote citing references in long form; returns its mark."""
        _texts("fn", *ref_ids, date, prefix)
        refs = tuple(self._scope.ref(r) for r in ref_ids)
        self.cited.update(r.id for r in refs)
        return self.note(prefix + citations.footnote_text(refs, date))

    @trusted
    def note(self, text: str) -> str:
        """A footnote with free text; returns its mark."""
        note = clean(str(text))
        bad = NOT_XML.search(note)
        if bad:
            raise DocgenError(
                f"the footnote writes U+{ord(bad.group()):04X}, which Word cannot hold",
                hint="remove that character",
            )
        self.footnotes.append(self._counted_note(note))
        return footnote_mark(len(self.footnotes))

    def _counted_note(self, note: str) -> str:
        self._composed += len(note)
        if len(note) > limits().text or self._composed > limits().document:
            which = "text" if len(note) > limits().text else "document"
            raise DocgenError(
                f"the footnotes come to more than {getattr(limits(), which):,} characters"
                f" (limit DOCGEN_MAX_{which.upper()})",
                hint=f"shorten them, or raise DOCGEN_MAX_{which.upper()}",
            )
        return note

    @trusted
    def deadline(self, milestone: str, level: str = "issuer", form: str = "long") -> str:
        """The deadline of a milestone for a level ("issuer", "below" or a level id)."""
        _texts("deadline", milestone, level, form)
        if self.school_year is None:
            raise DocgenError("deadline() needs the spec's school_year", hint="add 'school_year:'")
        target = {"issuer": self.level, "below": self.level_below}.get(level, level)
        if target and target not in LEVELS:
            raise DocgenError(
                f"deadline() has no level '{level}'",
                hint="use 'issuer', 'below' or one of " + ", ".join(LEVELS),
            )
        if form not in _DEADLINE_FORMS:
            raise DocgenError(f"deadline() has no form '{form}'", hint="use 'long' or 'short'")
        if not target:
            raise DocgenError(f"no level below '{self.level}' for deadline()")
        ms = self.catalog.milestone(milestone, self.school_year)
        unit = self.org if target == self.level else None
        found = deadline(self.catalog, ms, target, self._scope.deadline_policy, unit=unit)
        self.deadlines.append(found)
        return long_date(found.day) if form == "long" else short_date(found.day)


#: the kinds of value a text may pass where docgen's functions take text, in plain words
_KINDS = {
    type(None): "nothing (none)",
    bool: "true/false",
    int: "a number",
    float: "a number",
    list: "a list",
    tuple: "a list",
    dict: "a mapping",
}


def _texts(function: str, *values: Any) -> None:
    """Refuse arguments of docgen's functions that are not text (a number, a list…)."""
    for value in values:
        if not isinstance(value, str):
            raise DocgenError(
                f"{function}() takes text in quotes, not {_KINDS.get(type(value), 'a value')}"
                f" ({value!r:.40})",
                hint=f'write {function}("…")',
            )
