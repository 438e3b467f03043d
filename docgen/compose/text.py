"""Render the sandboxed text language of catalogs and specs into composed plain text."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Template
from jinja2.exceptions import SecurityError, TemplateError, UndefinedError

from docgen.catalog.catalog import Catalog
from docgen.catalog.textrefs import parse_text, text_environment
from docgen.compose import citations
from docgen.compose.deadlines import Deadline, deadline
from docgen.compose.inline import clean, footnote_mark
from docgen.compose.scope import Scope
from docgen.errors import CatalogError, DocgenError, Location
from docgen.sandbox import trusted
from docgen.vn.dates import long_date, short_date
from docgen.vn.schoolyear import SchoolYear

_ENV = text_environment()
#: compiled texts, the most recently used kept: the same catalog texts recur in every
#: document of a batch, while a cascade's "Căn cứ" texts name each parent (one per parent)
_CACHE: OrderedDict[str, Template] = OrderedDict()
_CACHE_SIZE = 512


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
    _names: dict[str, Any] = field(init=False, repr=False, default_factory=dict)

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
            return text
        template = _compiled(text, where)
        try:
            if not self._names:  # globals, functions and variables: the same for every text
                self._names.update(template.globals, **self._functions(), **self.variables)
            # Template.render, without copying the names for every text: they are read only
            context = template.new_context(self._names, shared=True)
            return str(_ENV.concat(template.root_render_func(context)))  # type: ignore[attr-defined]
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
        except (SecurityError, TemplateError, TypeError, ValueError) as exc:
            raise CatalogError(f"cannot compose the text: {exc}", where=where) from None

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
        ref = self._scope.ref(ref_id)
        if form == "auto":
            form = "short" if ref.id in self.cited else "long"
        self.cited.add(ref.id)
        return citations.cite(ref, form, date)

    @trusted
    def fn(self, *ref_ids: str, date: str = "short", prefix: str = "") -> str:
        """A footnote citing references in long form; returns its mark."""
        refs = tuple(self._scope.ref(r) for r in ref_ids)
        self.cited.update(r.id for r in refs)
        return self.note(prefix + citations.footnote_text(refs, date))

    @trusted
    def note(self, text: str) -> str:
        """A footnote with free text; returns its mark."""
        self.footnotes.append(clean(str(text)))
        return footnote_mark(len(self.footnotes))

    @trusted
    def deadline(self, milestone: str, level: str = "issuer", form: str = "long") -> str:
        """The deadline of a milestone for a level ("issuer", "below" or a level id)."""
        if self.school_year is None:
            raise DocgenError("deadline() needs the spec's school_year", hint="add 'school_year:'")
        target = {"issuer": self.level, "below": self.level_below}.get(level, level)
        if not target:
            raise DocgenError(f"no level below '{self.level}' for deadline()")
        ms = self.catalog.milestone(milestone, self.school_year)
        found = deadline(self.catalog, ms, target, self._scope.deadline_policy)
        self.deadlines.append(found)
        return long_date(found.day) if form == "long" else short_date(found.day)
