"""Render the sandboxed text language of catalogs and specs into composed plain text."""

from __future__ import annotations

import functools
import inspect
import re
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from jinja2 import StrictUndefined, Template, Undefined
from jinja2.exceptions import TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.utils import missing

from docgen.catalog.catalog import Catalog
from docgen.catalog.textrefs import DEADLINE_FORMS, DEADLINE_LEVELS, parse_text, text_environment
from docgen.compose import citations
from docgen.compose.citations import check_choice, issuer_form
from docgen.compose.deadlines import Deadline, deadline
from docgen.compose.inline import FN_CLOSE, FN_OPEN, clean, footnote_mark
from docgen.compose.scope import Scope
from docgen.errors import CatalogError, DocgenError, Location
from docgen.i18n import N_, _
from docgen.model.entities import Org, Reference
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
from docgen.vn.text import suggest

F = TypeVar("F", bound=Callable[..., Any])


class UnknownName(UndefinedError):
    """A text used a name, or an attribute of a value, that is not there."""

    def __init__(self, message: str | None, obj: Any, name: str | None) -> None:
        super().__init__(message)
        self.obj = obj
        self.name = name


class _Unknown(StrictUndefined):
    """StrictUndefined that says which value lacked which name (see :class:`UnknownName`)."""

    __slots__ = ()

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
        if self._undefined_exception is not UndefinedError:  # the sandbox's (unsafe access)
            raise self._undefined_exception(self._undefined_message)
        raise UnknownName(self._undefined_message, self._undefined_obj, self._undefined_name)


# StrictUndefined binds its operators to Undefined's method itself: bind them to ours
for _name, _value in vars(StrictUndefined).items():
    if _value is Undefined._fail_with_undefined_error:
        setattr(_Unknown, _name, _Unknown._fail_with_undefined_error)
for _name in dir(Undefined):
    if getattr(Undefined, _name, None) is Undefined._fail_with_undefined_error:
        setattr(_Unknown, _name, _Unknown._fail_with_undefined_error)

_ENV = text_environment()
_ENV.undefined = _Unknown
#: compiled texts, the most recently used kept: the same catalog texts recur in every
#: document of a batch, while a cascade's "Căn cứ" texts name each parent (one per parent)
_CACHE: OrderedDict[str, Template] = OrderedDict()
_CACHE_SIZE = 512
#: Python's words for a call that gives one option twice
_REPEATED = re.compile(r"keyword argument repeated: (\w+)")
#: a footnote mark of composed text, and its number
_MARK = re.compile(f"{FN_OPEN}(\\d+){FN_CLOSE}")


def _compiled(text: str, where: Location) -> Template:
    """The compiled text, from the cache when it is there."""
    found = _CACHE.get(text)
    if found is None:
        try:
            found = _ENV.from_string(parse_text(text, where))
        except SyntaxError as exc:  # Python's, of the code Jinja makes (an option twice)
            twice = _REPEATED.search(str(exc.msg))
            raise CatalogError(
                _("cannot read the text: a call gives the option '{group}' twice").format(
                    group=twice.group(1)
                )
                if twice
                else _("cannot read the text: a call is not written as a text may write it"),
                where=where,
                hint=_("give each option of a call once"),
            ) from None
        _CACHE[text] = found
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
        _("cannot compose the text: {message}").format(message=exc.message),
        where=_at(where, exc, text),
        hint=exc.hint,
    )


def _text_function(method: F) -> F:
    """One of the functions a text calls: trusted by the sandbox, and a call with arguments
    it does not take (an option misspelt, a value too many) said in the words of the text."""
    signature = inspect.signature(method)

    @functools.wraps(method)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except TypeError:
            params = list(signature.parameters.values())[1:]  # without self
            problem = _arguments_problem(method.__name__, params, usage_of(method), args, kwargs)
            if problem is None:
                raise
            raise problem from None

    return trusted(call)  # type: ignore[return-value]


def _checked_callable(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A function a text is given as a variable (``figure``), whose wrong arguments are
    said as those of docgen's own functions are (not as Python's ``__call__()``)."""
    try:
        params = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):  # no signature to check against
        return function

    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except TypeError:
            problem = _arguments_problem(name, params, usage_of(function, name), args, kwargs)
            if problem is None:
                raise
            raise problem from None

    return call


def _arguments_problem(
    name: str, params: list[inspect.Parameter], example: str, args: Any, kwargs: Any
) -> DocgenError | None:
    """What is wrong with calling the text function *name* (its parameters *params*) with
    *args* and *kwargs*, if the arguments are what is wrong (None when they fit)."""
    named = [p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    usage = f"write {example}"
    options = [p.name for p in params if p.kind == p.KEYWORD_ONLY]
    for key in kwargs:
        if key not in named:
            maybe = _did_you_mean(suggest(key, named))
            takes = ", ".join(named)
            return DocgenError(
                _("{name}() has no option '{key}'").format(name=name, key=key),
                hint=_("{maybe}{name}() takes {takes}").format(maybe=maybe, name=name, takes=takes),
            )
    in_order = [p for p in params if p.kind == p.POSITIONAL_OR_KEYWORD]
    if len(args) > len(in_order) and not any(p.kind == p.VAR_POSITIONAL for p in params):
        order = ", ".join(p.name for p in in_order)
        by_name = ", ".join(f"{n}=…" for n in options)
        return DocgenError(
            _(
                "{name}() takes at most {count} values without a name ({order}), found {count2}"
            ).format(name=name, count=len(in_order), order=order, count2=len(args)),
            hint=_("give the others by name ({by_name}); {usage}").format(
                by_name=by_name, usage=usage
            )
            if options
            else usage,
        )
    for param in in_order[: len(args)]:
        if param.name in kwargs:
            return DocgenError(
                _("{name}() is given its {name2} twice").format(name=name, name2=param.name),
                hint=usage,
            )
    for param in in_order[len(args) :]:
        if param.default is param.empty and param.name not in kwargs:
            what = _PARAMETERS.get(param.name, param.name)
            return DocgenError(_("{name}() needs {what}").format(name=name, what=what), hint=usage)
    return None


#: the parameters of the text functions in the words of an error message
_PARAMETERS = {"ref_id": "a reference id", "milestone": "a milestone id", "text": "a text"}
_EXAMPLE = re.compile(r"Example: ``(.+?)``", re.S)


def usage_of(method: Callable[..., Any], name: str = "") -> str:
    """The example call of a text function, from its docstring (or that of its class)."""
    name = name or method.__name__
    doc = method.__doc__ or getattr(type(method), "__doc__", "") or ""
    found = _EXAMPLE.search(doc) or re.search(f"``({re.escape(name)}\\(.*?\\))``", doc, re.S)
    return " ".join(found.group(1).split()) if found else f"{name}(…)"


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
                variables = {
                    k: _checked_callable(k, v) if callable(v) else v
                    for k, v in self.variables.items()
                }
                self._names.update(template.globals, **self._functions(), **variables)
            if self._budget is None:
                self._budget = Budget(limits())
            # Template.render, without copying the names for every text: they are read only
            context = template.new_context(self._names, shared=True)
            context.budget = self._budget  # type: ignore[attr-defined]
            out = str(_ENV.concat(template.root_render_func(context)))  # type: ignore[attr-defined]
        except TemplateSyntaxError as exc:  # found when compiling (nested too deep)
            raise CatalogError(
                _("cannot read the text: {message}").format(message=exc.message),
                where=where,
                hint=getattr(exc, "hint", None),
            ) from None
        except SandboxError as exc:
            raise _refused(exc, where, text) from None
        except DocgenError as exc:
            if exc.file is None:
                raise CatalogError(
                    exc.message, where=_at(where, exc, text), hint=exc.hint
                ) from None
            raise
        except UnknownName as exc:
            message, hint = self._unknown(exc)
            raise CatalogError(message, where=_at(where, exc, text), hint=hint) from None
        except UndefinedError as exc:
            raise CatalogError(
                _("unknown name in the text: {message}").format(message=exc.message),
                where=_at(where, exc, text),
                hint=_("a text may use {names}").format(names=", ".join(self.names())),
            ) from None
        except FAILURES as exc:
            found = failure(exc)
            if found is None:
                raise
            raise _refused(found, where, text) from None
        except TemplateError as exc:
            raise CatalogError(
                _("cannot compose the text: {exc}").format(exc=exc), where=_at(where, exc, text)
            ) from None
        self._composed += len(out)
        return self._counted(self._checked(out, first, where), where)

    def _counted(self, text: str, where: Location) -> str:
        """*text*, once counted against the document's size, if the texts are not over it."""
        if self._composed > self._max_document:
            exc = LimitError(
                _("the document's texts come to more than {} characters"),
                "document",
                _("shorten the texts"),
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
                _("the text writes U+{ord:04X}, which a Word document cannot hold").format(
                    ord=ord(bad.group())
                ),
                where=where,
                hint=_("remove that character (or the escape that makes it)"),
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
                _("the text writes footnote marks (U+E000, U+E001) of its own, or one twice"),
                where=where,
                hint=_("footnotes come only from fn() and note(), one call for each mark"),
            )
        if len(printed) != len(issued):
            raise CatalogError(
                _("the text makes a footnote with fn() or note() and does not print it"),
                where=where,
                hint=_("write {{ fn(…) }} where the footnote goes"),
            )
        return out

    def _functions(self) -> dict[str, Callable[..., str]]:
        return {
            "cite": self.cite,
            "fn": self.fn,
            "note": self.note,
            "deadline": self.deadline,
        }

    def names(self) -> list[str]:
        """The names a text may use: the functions, then the variables (a mapping's keys as
        ``issuer.name``)."""
        out = list(self._functions())
        for key, value in self.variables.items():
            if isinstance(value, Mapping) and value and all(isinstance(k, str) for k in value):
                out += [f"{key}.{k}" for k in value]
            else:
                out.append(key)
        return out

    def _unknown(self, exc: UnknownName) -> tuple[str, str]:
        """The message and hint for a name, or an attribute, a text used and does not have."""
        name = str(exc.name)
        names = self.names()
        if exc.obj is missing:
            # a bare "mention" may mean "issuer.mention": the last parts are candidates too
            candidates = {n.rpartition(".")[2]: n for n in reversed(names)}
            candidates.update({n.partition(".")[0]: n.partition(".")[0] for n in names})
            guess = suggest(name, candidates)
            maybe = _did_you_mean(candidates[guess] if guess else None)
            allowed = ", ".join(names)
            return (
                _("unknown name in the text: '{name}'").format(name=name),
                maybe + _("a text may use {allowed}").format(allowed=allowed),
            )
        owner = next((k for k, v in self.variables.items() if v is exc.obj), None)
        used = f"{owner}.{name}" if owner else name
        shown = f"'{owner}'" if owner else _("the value")
        if isinstance(exc.obj, Mapping):
            keys = [str(k) for k in exc.obj]
            prefix = f"{owner}." if owner else ""
            guess = suggest(name, keys)
            maybe = _did_you_mean(prefix + guess if guess else None)
            has = ", ".join(prefix + k for k in keys)
            return (
                _("unknown name in the text: '{used}' ({shown} has no '{name}')").format(
                    used=used, shown=shown, name=name
                ),
                maybe + _("{shown} has {has}").format(shown=shown, has=has)
                if keys
                else maybe + _("{shown} has no names").format(shown=shown),
            )
        kind = _kind_words(exc.obj)
        return (
            _(
                "unknown name in the text: '{used}' ({shown} is {kind}, which has no '{name}')"
            ).format(used=used, shown=shown, kind=kind, name=name),
            _("write the value alone, e.g. {example}").format(
                example="{{ " + (owner or "year") + " }}"
            ),
        )

    @_text_function
    def cite(
        self,
        ref_id: str,
        form: str = "auto",
        date: str = "short",
        *,
        issuer: str | bool | None = None,
        suffix: str = "",
    ) -> str:
        """A citation of the reference *ref_id*.

        *form*: ``auto`` (long the first time the document cites it, short after), ``short``
        ("Quyết định số 131/QĐ-TTg"), ``dated`` (with its date and issuer) or ``long`` (with
        its trích yếu too); *date*: ``short`` ("ngày 25/01/2022") or ``long`` ("ngày 25
        tháng 01 năm 2022"); *issuer*: ``full`` (the reference's issuer), ``short`` (the
        issuer's short name, "UBND tỉnh", "Bộ GDĐT") or ``none`` / ``false`` (no issuer); left
        out, the form's own (none in the short form, in full in the dated and long forms);
        *suffix*: text written after the citation ("và các văn bản liên quan").

        Example: ``{{ cite("131/QĐ-TTg", "long", issuer="short") }}``.
        """
        _texts("cite", ref_id, form, date, suffix)
        check_choice("cite", "form", form, citations.FORMS)
        check_choice("cite", "date", date, citations.DATE_STYLES)
        ref = self._scope.ref(ref_id)
        if form == "auto":
            form = "short" if ref.id in self.cited else "long"
        self.cited.add(ref.id)
        return citations.cite(ref, form, date, self._issuer(ref, issuer_form(issuer)), suffix)

    @_text_function
    def fn(
        self,
        *ref_ids: str,
        date: str = "short",
        prefix: str = "",
        issuer: str | bool | None = None,
        suffix: str = "",
    ) -> str:
        """A Word footnote citing the references *ref_ids* in long form, joined by "; ";
        returns its mark.

        *date*: ``short`` or ``long``, as for cite(); *prefix*: text before the citations
        ("Thực hiện theo "); *issuer*: ``full`` (default), ``short`` or ``none`` / ``false``,
        for each reference; *suffix*: text after them, before the final "." ("và các văn bản
        liên quan").

        Example: ``{{ fn("03/2024/TT-BGDĐT", issuer="short", suffix="và các văn bản liên
        quan") }}``.
        """
        _texts("fn", *ref_ids, date, prefix, suffix)
        if not ref_ids:
            raise DocgenError(_("fn() names no reference"), hint=_('write fn("131/QĐ-TTg")'))
        check_choice("fn", "date", date, citations.DATE_STYLES)
        how = issuer_form(issuer)
        refs = tuple(self._scope.ref(r) for r in ref_ids)
        self.cited.update(r.id for r in refs)
        issuers = tuple(self._issuer(r, how) for r in refs) if how else ()
        return self.note(prefix + citations.footnote_text(refs, date, issuers, suffix))

    def _issuer(self, ref: Reference, how: str) -> str | None:
        """The issuer to write for *how* ("full", "short", "none"; "" for the form's own)."""
        if how == "short":
            return citations.short_issuer(ref, citations.short_names(self.catalog))
        return {"full": ref.issuer, "none": ""}.get(how)

    @_text_function
    def note(self, text: str) -> str:
        """A Word footnote with the free text *text*; returns its mark.

        Example: ``{{ note("Số liệu tính đến ngày 30/9/2025.") }}``.
        """
        note = clean(str(text))
        bad = NOT_XML.search(note)
        if bad:
            raise DocgenError(
                _("the footnote writes U+{ord:04X}, which Word cannot hold").format(
                    ord=ord(bad.group())
                ),
                hint=_("remove that character"),
            )
        self.footnotes.append(self._counted_note(note))
        return footnote_mark(len(self.footnotes))

    def _counted_note(self, note: str) -> str:
        self._composed += len(note)
        if len(note) > limits().text or self._composed > limits().document:
            which = "text" if len(note) > limits().text else "document"
            raise DocgenError(
                _(
                    "the footnotes come to more than {getattr:,} characters (limit "
                    "DOCGEN_MAX_{which})"
                ).format(getattr=getattr(limits(), which), which=which.upper()),
                hint=_("shorten them, or raise DOCGEN_MAX_{which}").format(which=which.upper()),
            )
        return note

    @_text_function
    def deadline(self, milestone: str, level: str = "issuer", form: str = "long") -> str:
        """The deadline of the milestone *milestone* of the spec's school year.

        *level*: whose deadline: ``issuer`` (the document's issuer), ``below`` (the level
        under it) or a level id (``bo``, ``so``, ``phong``, ``xa``, ``truong``); *form*:
        ``long`` ("ngày 15 tháng 01 năm 2026") or ``short`` ("15/01/2026").

        Example: ``{{ deadline("so-ket-hk1", "below", "short") }}``.
        """
        _texts("deadline", milestone, level, form)
        check_choice("deadline", "level", level, DEADLINE_LEVELS)
        check_choice("deadline", "form", form, DEADLINE_FORMS)
        if self.school_year is None:
            raise DocgenError(
                _("deadline() needs the spec's school_year"), hint=_("add 'school_year:'")
            )
        target = {"issuer": self.level, "below": self.level_below}.get(level, level)
        if not target:
            raise DocgenError(_("no level below '{level}' for deadline()").format(level=self.level))
        ms = self.catalog.milestone(milestone, self.school_year)
        unit = self.org if target == self.level else None
        found = deadline(self.catalog, ms, target, self._scope.deadline_policy, unit=unit)
        self.deadlines.append(found)
        return long_date(found.day) if form == "long" else short_date(found.day)


def _did_you_mean(guess: str | None) -> str:
    return _("did you mean '{guess}'? ").format(guess=guess) if guess else ""


#: the kinds of value a text may pass where docgen's functions take text, in plain words
_KINDS = {
    type(None): N_("nothing (none)"),
    bool: N_("true/false"),
    int: N_("a number"),
    float: N_("a number"),
    list: N_("a list"),
    tuple: N_("a list"),
    dict: N_("a mapping"),
}


def _kind_words(value: Any) -> str:
    """The kind of *value* in plain words, in the reader's language."""
    if type(value) in _KINDS:
        return _(_KINDS[type(value)])
    return _("a text") if isinstance(value, str) else _("a value")


def _texts(function: str, *values: Any) -> None:
    """Refuse arguments of docgen's functions that are not text (a number, a list…)."""
    for value in values:
        if not isinstance(value, str):
            raise DocgenError(
                _("{function}() takes text in quotes, not {get} ({value!r:.40})").format(
                    function=function, get=_kind_words(value), value=value
                ),
                hint=_('write {function}("…")').format(function=function),
            )
