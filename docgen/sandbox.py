"""The sandboxed Jinja environment docgen renders untrusted texts and templates with.

Jinja's sandbox stops escapes (private attributes, unsafe callables); this one also bounds
what a text or template may cost, with the :class:`Limits` (README, "Limits"):

- every string or list a text or template builds (``*``, ``+``, ``~``, ``%``, ``format``,
  ``center``, ``join``, ``indent``, ``wordwrap``, literals …) is checked *before* it is
  built, against the size limit of the environment (:attr:`Limits.text`);
- what one render outputs (every ``{{ }}`` of one document, every macro, block and the
  whole render) against :attr:`Limits.document` (templates) or :attr:`Limits.text` (texts);
- ``range()`` lengths, loop iterations and calls nested in one another (macro recursion)
  per document, and numbers over Python's 4,300 digits;
- wall time per document: a deadline checked from the hooks (calls, operators, loops,
  filters), no signal, so that it works in worker processes as well.

The checks sit in the sandbox's own hooks (``call``, ``call_binop``, ``finalize``,
``concat``), in the filters, and in a code generator that routes loops, ``~`` and list
literals through the environment. A breach raises :class:`LimitError`, a Jinja
``TemplateRuntimeError`` (so every caller's handling of template errors applies) that
names the limit and says what to do; Python's own arithmetic errors (division by zero,
overflow…) raised in a hook become :class:`SandboxError` the same way, and
:func:`failure` turns any of them, raised anywhere in a render, into one.
``{% include %}``, ``{% import %}``, ``{% from %}`` and ``{% extends %}`` are refused when a
text or template is parsed: texts and templates cannot read other files.

``x.name`` on a plain dict: Jinja's sandbox first looks for an attribute, fails (raising and
catching AttributeError, most of what such a lookup costs) and then takes the item. A plain
dict has no attribute of its own but those of its class, so taking the item first, when the
name is none of those, gives the same answer, checks included.

docgen's own functions offered to texts (``cite``, ``fn``, ``deadline`` …) are marked
:func:`trusted`: they are called as they are, without the checks the sandbox and Jinja's
context make on any callable (whether it is safe, whether it wants the context), which they
would pass.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import os
import re
import sys
import time
import types
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from jinja2 import nodes, pass_context
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.exceptions import SecurityError, TemplateRuntimeError, TemplateSyntaxError
from jinja2.runtime import BlockReference, Context, LoopContext, Macro
from jinja2.sandbox import (
    SandboxedEnvironment,
    SandboxedEscapeFormatter,
    SandboxedFormatter,
    modifies_known_mutable,
)
from jinja2.utils import Namespace
from markupsafe import Markup

from docgen.errors import DocgenError
from docgen.i18n import _

_DICT_ATTRIBUTES = frozenset(dir(dict))
_TRUSTED = "_docgen_trusted"
F = TypeVar("F", bound=Callable[..., Any])

#: docgen's private marks of a footnote reference in composed text (see compose/inline.py);
#: no text may write them: only fn() and note() do
FN_OPEN, FN_CLOSE = "\ue000", "\ue001"
#: characters an XML document (a .docx part) cannot hold
NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
#: half of a UTF-16 pair alone: no encoding can write it (the other characters XML refuses
#: are left out of the document by the renderer)
SURROGATE = re.compile("[\ud800-\udfff]")
#: the digits Python turns an integer into text with, at most
MAX_DIGITS = sys.get_int_max_str_digits() or 4300
_MAX_BITS = MAX_DIGITS * 3322 // 1000  # log2(10) bits a digit
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class Limits:
    """What rendering one text or document may cost; each is overridable by the environment
    variable ``DOCGEN_MAX_<FIELD>`` (``DOCGEN_MAX_TEXT=2000000``)."""

    text: int = 1_000_000  #: characters a text renders; any string or list a render builds
    document: int = 5_000_000  #: characters of a document: its texts, each template part
    range: int = 100_000  #: numbers a range() may give
    loop: int = 1_000_000  #: loop iterations in one document
    depth: int = 50  #: calls nested in one another (a macro calling itself)
    seconds: float = 10.0  #: wall time to render one document
    yaml: int = 10_000_000  #: characters a YAML file amounts to, its aliases expanded

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Limits:
        """The defaults, with the ``DOCGEN_MAX_…`` variables of *environ* applied."""
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            name = variable(f.name)
            raw = environ.get(name, "").strip().replace("_", "")
            if not raw:
                continue
            kind: Any = type(f.default)
            try:
                value = kind(raw)
            except ValueError:
                value = 0
            if not value > 0:
                raise DocgenError(
                    _("{name} must be a positive {value}, not '{environ}'").format(
                        name=name,
                        value=_("number") if kind is float else _("whole number"),
                        environ=environ[name],
                    ),
                    hint=_("unset it for the default ({default:,})").format(default=f.default),
                )
            values[f.name] = value
        return cls(**values)


def variable(limit: str) -> str:
    """The environment variable that sets *limit* ("text" → "DOCGEN_MAX_TEXT")."""
    return f"DOCGEN_MAX_{limit.upper()}"


@functools.cache
def limits() -> Limits:
    """The limits of this process (read from the environment once)."""
    return Limits.from_env()


class SandboxError(TemplateRuntimeError):
    """A text or template asked for something that cannot be computed or is not allowed;
    ``hint`` says what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint

    @property
    def lineno(self) -> int | None:
        """The line of the source it was raised on (docxtpl reads it to show the place)."""
        return template_line(self)


class Refused(TemplateSyntaxError):
    """A text or template that cannot be rendered at all (it reads other files, writes
    characters Word cannot hold, is nested too deep); ``hint`` says what to do."""

    def __init__(
        self, message: str, lineno: int, name: str | None, filename: str | None, hint: str
    ) -> None:
        super().__init__(message, lineno, name, filename)
        self.hint = hint


class Forbidden(SandboxError, SecurityError):
    """Something the sandbox does not allow a text or template (to call, to reach, to
    change), said in the text's words."""


class LimitError(SandboxError):
    """A text or template went over one of the :class:`Limits` (``limit`` names which)."""

    def __init__(self, message: str, limit: str, hint: str) -> None:
        value = getattr(limits(), limit, None)
        shown = f"{value:,}" if value is not None else ""
        super().__init__(
            _("{message} (limit {variable})").format(
                message=message.format(shown), variable=variable(limit)
            ),
            _("{hint}, or raise {variable}").format(hint=hint, variable=variable(limit)),
        )
        self.limit = limit
        if _document:  # the document starts over: rendered again to find the place (as
            _document.clear()  # docxtpl does), it meets the same breach


def failure(exc: BaseException) -> SandboxError | None:
    """*exc*, raised while rendering, as a SandboxError; None for errors that are not about
    what the text computes (a docgen or Jinja error, a bug)."""
    if isinstance(exc, SandboxError):
        return exc
    if isinstance(exc, ZeroDivisionError):
        return SandboxError(_("division by zero"), _("check the divisor"))
    if isinstance(exc, OverflowError):
        return SandboxError(
            _("a number too large (or infinite) to compute"), _("compute with smaller numbers")
        )
    if isinstance(exc, RecursionError):
        return LimitError(_("calls or values nested too deep"), "depth", _("nest less"))
    if isinstance(exc, MemoryError):
        return LimitError(
            _("not enough memory to render it"), "text", _("build smaller values and loop less")
        )
    if isinstance(exc, UnicodeError):
        text = getattr(exc, "object", None)
        found = NOT_XML.search(text) if isinstance(text, str) else None
        char = f"U+{ord(found.group()):04X}" if found else "a character"
        return SandboxError(
            _("it writes {char}, which a Word document cannot hold").format(char=char),
            _("remove that character"),
        )
    if isinstance(exc, ValueError) and "digits" in str(exc):
        return SandboxError(
            _("a number of more than {max_digits:,} digits").format(max_digits=MAX_DIGITS),
            _("compute with smaller numbers"),
        )
    if isinstance(exc, ValueError):
        return SandboxError(
            _("a value that cannot be used: {exc}").format(exc=exc), _("check the values")
        )
    if isinstance(exc, SecurityError) and not isinstance(exc, SandboxError):
        return Forbidden(
            "it reaches into the program behind the values (a name starting with '_', or a"
            " method a text may not call)",
            "write only the values and functions a text offers, e.g. {{ issuer }} or"
            " {{ cite('131/QĐ-TTg') }}",
        )
    if isinstance(exc, TypeError):
        return _misused(str(exc))
    if isinstance(exc, IndexError):
        return SandboxError(
            _(
                "it asks for an item that is not there (a place of format() with no "
                "value, or a position past the end of a list)"
            ),
            _("give format() one value for each {} and use positions the list has"),
        )
    if isinstance(exc, (LookupError, AttributeError)):
        return SandboxError(
            _(
                "a filter or method is used on a kind of value it does not apply to "
                "(dictsort on a list, a key a value does not have…)"
            ),
            _("use filters on values of their kind: dictsort on a mapping, sum on numbers"),
        )
    return None


#: how each function a text calls is written, to say how when a call is wrong
_USAGE = {
    "cite": "cite('131/QĐ-TTg') or cite('131/QĐ-TTg', form='short')",
    "fn": "fn('131/QĐ-TTg') or fn('131/QĐ-TTg', '29/2021/TT-BGDĐT')",
    "note": "note('the footnote text')",
    "deadline": "deadline('tong-ket') or deadline('tong-ket', level='below')",
}
_CALLED = re.compile(r"(\w+)\(\) (?:missing|got|takes)")


def _misused(message: str) -> SandboxError:
    """A TypeError of a text (a call with the wrong arguments, adding a number to a word…)
    said in the words of the text, not of Python."""
    called = _CALLED.search(message)
    if called and called.group(1) in _USAGE:
        name = called.group(1)
        return SandboxError(
            _("{name}() is called with the wrong arguments").format(name=name),
            _("write {usage}").format(usage=_USAGE[name]),
        )
    if "not callable" in message:
        return SandboxError(
            _(
                "it calls something that is not a function (only cite, fn, note and "
                "deadline can be called)"
            ),
            _("write the value without (), e.g. {{ issuer }}"),
        )
    if called:
        return SandboxError(
            _("{group}() is called with the wrong arguments").format(group=called.group(1)),
            _("check what the function or filter takes"),
        )
    return SandboxError(
        _(
            "it combines values of kinds that do not go together (a number and a "
            "text, a list and a number…)"
        ),
        _("convert first, e.g. {{ n|string ~ ' ngày' }} or {{ '5'|int + 1 }}"),
    )


#: the errors :func:`failure` knows, to catch around a render
FAILURES = (
    ArithmeticError,
    RecursionError,
    MemoryError,
    ValueError,
    SecurityError,
    TypeError,
    LookupError,
    AttributeError,
)


def template_line(exc: BaseException) -> int | None:
    """The line of the text or template (its source) where *exc* was raised, if known."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        frame_globals = tb.tb_frame.f_globals
        if frame_globals.get("__jinja_exception__") is exc:  # rewritten by Jinja's debug
            line = tb.tb_lineno
        else:
            template = frame_globals.get("__jinja_template__")
            if template is not None:
                line = template.get_corresponding_lineno(tb.tb_lineno)
        tb = tb.tb_next
    return line


def trusted(function: F) -> F:
    """Mark one of docgen's own functions (or methods) as safe to call from any template."""
    setattr(function, _TRUSTED, True)
    return function


# -- what one document may still spend ----------------------------------------------------


class Budget:
    """Loop iterations, nesting, output and time left to one document's renders."""

    __slots__ = ("limits", "deadline", "loops", "depth", "output", "made")

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        self.loops = 0
        self.depth = 0
        self.output = 0  # characters printed anew (lists, dicts, escaped strings)
        self.made = 0  # characters of the values built

    def tick(self) -> None:
        """Refuse to go on past the deadline."""
        if time.monotonic() > self.deadline:
            raise LimitError(
                _("rendering one document takes more than {} seconds"),
                "seconds",
                _("simplify the loops and calls of the text or template"),
            )

    def loop(self, count: int) -> None:
        """*count* more loop iterations."""
        self.loops += count
        if self.loops > self.limits.loop:
            raise LimitError(
                _("loops run more than {} times in one document"), "loop", _("loop over less")
            )
        self.tick()

    def built(self, value: Any, env: Sandbox) -> Any:
        """*value*, just built by the text or template, counted against the document."""
        self.made += len(value) if isinstance(value, (str, bytes)) else 0
        if self.made > self.limits.document:
            raise LimitError(
                _("the {source_name}s of one document build more than {{}} characters").format(
                    source_name=env.source_name
                ),
                "document",
                _("build fewer strings"),
            )
        return value


#: the budget shared by the renders of the document being rendered (see :func:`per_document`)
_document: list[Budget] | None = None


def per_document(function: F) -> F:
    """Decorate a function that renders one document: every render inside shares one
    :class:`Budget` (made at the first hook that needs it)."""

    @functools.wraps(function)
    def rendering(*args: Any, **kwargs: Any) -> Any:
        global _document
        before, _document = _document, []
        try:
            return function(*args, **kwargs)
        finally:
            _document = before

    return rendering  # type: ignore[return-value]


def budget_of(context: Context) -> Budget:
    """The budget of the render *context* belongs to (its document's, or its own)."""
    found: Budget | None = context.__dict__.get("budget")
    if found is not None:
        return found
    shared = _document
    if shared is None:
        budget = Budget(limits())
    elif shared:
        budget = shared[0]
    else:
        budget = Budget(limits())
        shared.append(budget)
    context.budget = budget  # type: ignore[attr-defined]
    return budget


# -- sizes ----------------------------------------------------------------------------------

_SEQUENCES: tuple[type, ...] = (
    list,
    tuple,
    set,
    frozenset,
    deque,
    type({}.keys()),
    type({}.values()),
    type({}.items()),
)


def size(value: Any, limit: int) -> int:
    """About how many characters ``str(value)`` has; once over *limit*, any number over it
    (a value shared in several places counts each time, as its text repeats it)."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, int):
        return value.bit_length() * 1233 // 4096 + 1  # × log10(2)
    if value is None or isinstance(value, float):
        return 24
    memo: dict[int, int] = {}
    return _size(value, limit, memo, 0)


def _size(value: Any, limit: int, memo: dict[int, int], depth: int) -> int:
    if isinstance(value, (str, bytes)):
        return len(value) + 2
    if isinstance(value, (int, float)) or value is None:
        return size(value, limit)
    if isinstance(value, Mapping):
        items: Iterable[Any] = (x for pair in value.items() for x in pair)
    elif isinstance(value, _SEQUENCES):
        items = value  # type: ignore[assignment]
    elif isinstance(value, Namespace):
        items = object.__getattribute__(value, "_Namespace__attrs").values()
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = (getattr(value, f.name) for f in dataclasses.fields(value))
    else:
        return 20  # a function, a loop, an object of docgen's: short
    key = id(value)
    found = memo.get(key)
    if found is not None:
        return found
    memo[key] = 5  # "[...]": a value inside itself
    if depth > 100:
        raise LimitError(_("values nested more than 100 deep"), "depth", _("nest less"))
    total = 2
    for item in items:
        total += _size(item, limit, memo, depth + 1) + 2
        if total > limit:
            break
    memo[key] = total
    return total


def _too_big(env: Sandbox) -> LimitError:
    return LimitError(
        _("the {source_name} builds a value of more than {{}} characters").format(
            source_name=env.source_name
        ),
        "text",
        _("make smaller strings and lists"),
    )


# -- the code generator: loops, '~' and literals through the environment --------------------


class _Generator(CodeGenerator):
    """Jinja's code generator, the iterables of loops, ``~`` and literals made of variables
    handed to the environment to count and check (Jinja allows no node type of one's own)."""

    _iterables: dict[int, nodes.Node]

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        if not hasattr(self, "_iterables"):
            self._iterables = {}
        self._iterables[id(node.iter)] = node.iter
        super().visit_For(node, frame)

    def visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> Any:
        if getattr(self, "_iterables", None) and self._iterables.get(id(node)) is node:
            self.write("environment.docgen_loop(context, ")
            super().visit(node, *args, **kwargs)
            self.write(")")
            return None
        return super().visit(node, *args, **kwargs)

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            func_name = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            func_name = "markup_join"
        else:
            func_name = "str_join"
        self.write(f"environment.docgen_concat(context, {func_name}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def _sized(self, node: nodes.Expr, frame: Frame, visit: Callable[..., None]) -> None:
        try:
            node.as_const(frame.eval_ctx)
        except nodes.Impossible:
            self.write("environment.docgen_sized(context, ")
            visit(node, frame)
            self.write(")")
        else:
            visit(node, frame)  # made of constants: as large as the source, no larger

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        self._sized(node, frame, super().visit_List)

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        self._sized(node, frame, super().visit_Dict)

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        if node.ctx == "load":
            self._sized(node, frame, super().visit_Tuple)
        else:
            super().visit_Tuple(node, frame)


# -- checks of the operations that make large values ------------------------------------------


def _numbers_over(text: str, limit: int) -> int:
    """The sum of the numbers written in *text* (widths, precisions); over *limit* if any is."""
    total = 0
    for digits in _NUMBER.findall(text):
        if len(digits) > 12:
            return limit + 1
        total += int(digits)
    return total


def _percent_size(env: Sandbox, fmt: str | bytes, args: Any) -> int:
    """How long ``fmt % args`` can be, about (before it is made)."""
    limit = env.max_value
    text = fmt.decode("latin-1") if isinstance(fmt, bytes) else fmt
    if "%" not in text:
        return len(text)
    total = len(text) + _numbers_over(text, limit)
    if isinstance(args, Mapping):
        values = list(args.values())
        biggest = max((size(v, limit) for v in values), default=0)
        return total + text.count("%") * biggest
    values = list(args) if isinstance(args, tuple) else [args]
    if "*" in text:
        total += sum(v for v in values if isinstance(v, int) and v > 0)
    return total + sum(size(v, limit) for v in values)


def _check_repeat(env: Sandbox, left: Any, right: Any) -> None:
    if isinstance(left, int) and not isinstance(left, bool):
        left, right = right, left
    if not isinstance(right, int):
        return
    if isinstance(left, int):
        if left.bit_length() + right.bit_length() > _MAX_BITS + 1:
            raise _too_many_digits()
    elif isinstance(left, (str, bytes, list, tuple)) and right > 0:
        if size(left, env.max_value) * right > env.max_value:
            raise _too_big(env)


def _check_power(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        if right > _MAX_BITS or right * (abs(left).bit_length() - 1) > _MAX_BITS:
            raise _too_many_digits()


def _too_many_digits() -> SandboxError:
    return SandboxError(
        _("a number of more than {max_digits:,} digits").format(max_digits=MAX_DIGITS),
        _("compute with smaller numbers"),
    )


def _string_method(
    env: Sandbox, text: Any, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[Any, ...]:
    """Refuse a method call of a str or bytes whose result would be too large, or one that
    changes a list, dict or set; the arguments to call it with (an iterable to join is read
    once, here)."""
    limit = env.max_value
    if modifies_known_mutable(text, name):
        raise Forbidden(
            f"texts and templates cannot change a {type(text).__name__}",
            "build a new value instead, e.g. {{ items + [x] }}",
        )
    if not isinstance(text, (str, bytes)):
        return args
    length = len(text)
    if name in ("center", "ljust", "rjust", "zfill"):
        width = args[0] if args else kwargs.get("width", 0)
        estimate = width if isinstance(width, int) else 0
    elif name == "expandtabs":
        tabsize = args[0] if args else kwargs.get("tabsize", 8)
        tabs = text.count("\t") if isinstance(text, str) else text.count(b"\t")
        estimate = length + tabs * (tabsize if isinstance(tabsize, int) else 0)
    elif name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        count = args[2] if len(args) > 2 else kwargs.get("count", -1)
        if not isinstance(old, type(text)) or not isinstance(new, type(text)):
            return args
        found = length + 1 if not old else text.count(old)  # type: ignore[arg-type]
        if isinstance(count, int) and count >= 0:
            found = min(found, count)
        estimate = length + found * (len(new) - len(old))
    elif name == "join" and args:
        items = list(args[0])
        estimate = length * max(len(items) - 1, 0) + sum(size(i, limit) for i in items)
        args = (items, *args[1:])
    elif name == "translate" and args and isinstance(args[0], Mapping):
        longest = max((size(v, limit) for v in args[0].values()), default=1)
        estimate = length * max(longest, 1)
    else:
        return args
    if estimate > limit:
        raise _too_big(env)
    return args


def _check_field(env: Sandbox, value: Any, spec: str) -> None:
    limit = env.max_value
    if _numbers_over(spec, limit) > limit:
        raise _too_big(env)
    if size(value, limit) > limit:
        raise _too_big(env)


class _Bounded:
    """A formatter of ``str.format`` that refuses fields, and results, over the limit."""

    _total = 0

    def format_field(self, value: Any, format_spec: str) -> Any:
        env: Sandbox = self._env  # type: ignore[attr-defined]
        _check_field(env, value, format_spec)
        text = super().format_field(value, format_spec)  # type: ignore[misc]
        self._total += len(text)
        if self._total > env.max_value:
            raise _too_big(env)
        return text


class _Formatter(_Bounded, SandboxedFormatter):
    pass


class _EscapeFormatter(_Bounded, SandboxedEscapeFormatter):
    pass


# -- filters --------------------------------------------------------------------------------


def _check_center(env: Sandbox, a: dict[str, Any]) -> None:
    width = a.get("width", 80)
    if isinstance(width, int) and width > env.max_value:
        raise _too_big(env)


def _check_indent(env: Sandbox, a: dict[str, Any]) -> None:
    text, width = str(a.get("s", "")), a.get("width", 4)
    each = width if isinstance(width, int) else len(str(width))
    if len(text) + (text.count("\n") + 1) * max(each, 0) > env.max_value:
        raise _too_big(env)


def _check_wordwrap(env: Sandbox, a: dict[str, Any]) -> None:
    text, width = str(a.get("s", "")), a.get("width", 79)
    wrap = a.get("wrapstring") or "\n"
    lines = len(text) // max(width, 1) + 1 if isinstance(width, int) else 1
    if len(text) + lines * len(str(wrap)) > env.max_value:
        raise _too_big(env)


def _check_join(env: Sandbox, a: dict[str, Any]) -> None:
    items = a["value"] = list(a["value"])
    joiner = str(a.get("d", ""))
    limit = env.max_value
    if len(joiner) * max(len(items) - 1, 0) + sum(size(i, limit) for i in items) > limit:
        raise _too_big(env)


def _check_format(env: Sandbox, a: dict[str, Any]) -> None:
    if _percent_size(env, str(a["value"]), a.get("args") or a.get("kwargs") or ()) > env.max_value:
        raise _too_big(env)


def _check_replace(env: Sandbox, a: dict[str, Any]) -> None:
    count = a.get("count")
    arguments = (str(a["old"]), str(a["new"]), -1 if count is None else count)
    _string_method(env, str(a["s"]), "replace", arguments, {})


def _check_batch(env: Sandbox, a: dict[str, Any]) -> None:
    count = a.get("linecount", a.get("slices", 0))
    if isinstance(count, int) and count > env.limits.range:
        raise LimitError(_("a batch or slice of more than {} items"), "range", _("use fewer"))
    if a.get("fill_with") is not None and isinstance(count, int):
        if size(a["fill_with"], env.max_value) * count > env.max_value:
            raise _too_big(env)


_FILTER_CHECKS: dict[str, Callable[[Sandbox, dict[str, Any]], None]] = {
    "center": _check_center,
    "indent": _check_indent,
    "wordwrap": _check_wordwrap,
    "join": _check_join,
    "format": _check_format,
    "replace": _check_replace,
    "batch": _check_batch,
    "slice": _check_batch,
}


def _bounded_filter(env: Sandbox, name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    """*original*, its arguments checked first (for the filters that grow values), its result
    after; Python's errors in it become SandboxErrors."""
    check = _FILTER_CHECKS.get(name)
    signature = inspect.signature(original) if check is not None else None
    wants = getattr(original, "jinja_pass_arg", None)
    first = {
        "context": lambda c: c,
        "eval_context": lambda c: c.eval_ctx,
        "environment": lambda c: c.environment,
    }.get(getattr(wants, "name", ""))

    def bounded(context: Context, *args: Any, **kwargs: Any) -> Any:
        budget = budget_of(context)
        budget.tick()
        if first is not None:
            args = (first(context), *args)
        if signature is not None and check is not None:
            bound = signature.bind(*args, **kwargs)
            check(env, bound.arguments)
            args, kwargs = bound.args, bound.kwargs
        try:
            result = original(*args, **kwargs)
        except FAILURES as exc:
            raise failure(exc) or exc from None
        return budget.built(env.checked(result), env)

    return pass_context(functools.wraps(original)(bounded))


def _failing_to_sandbox(test: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(test)
    def checked(*args: Any, **kwargs: Any) -> Any:
        try:
            return test(*args, **kwargs)
        except FAILURES as exc:
            raise failure(exc) or exc from None

    return checked


_METHODS = (types.BuiltinMethodType, types.MethodType)
#: callables whose result is a render of the template's own (bounded as output)
_RENDERS = (Macro, BlockReference, LoopContext)

_REFUSED = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from",
    nodes.Extends: "extends",
}


class Sandbox(SandboxedEnvironment):
    """SandboxedEnvironment, with ``dict.key`` looked up as an item first, and bounded (see
    the module). *source* names what it renders in messages ("text", "template"); a text's
    output is bounded by :attr:`Limits.text`, a template's by :attr:`Limits.document`."""

    code_generator_class = _Generator
    intercepted_binops = frozenset(("*", "**", "+", "%", "/", "//"))

    def __init__(self, *args: Any, source: str = "template", **kwargs: Any) -> None:
        kwargs.setdefault("finalize", self._finalize)
        super().__init__(*args, **kwargs)
        self.source_name = source
        self.globals["range"] = self._range
        self.globals.pop("lipsum", None)  # lipsum(10**9) makes a billion paragraphs
        self.filters = {k: _bounded_filter(self, k, f) for k, f in self.filters.items()}
        self.tests = {k: _failing_to_sandbox(f) for k, f in self.tests.items()}  # type: ignore[arg-type]

    @functools.cached_property
    def limits(self) -> Limits:
        return limits()

    @functools.cached_property
    def max_value(self) -> int:
        """The largest string or list a render may build, in characters."""
        return self.limits.text

    @functools.cached_property
    def max_output(self) -> int:
        """The most one render may output, in characters."""
        return self.limits.text if self.source_name == "text" else self.limits.document

    # -- parsing: no other file ---------------------------------------------------------

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        try:
            tree = super()._parse(source, name, filename)
        except (RecursionError, ValueError, MemoryError) as exc:
            raise self._unreadable(exc, name, filename) from None
        for node in tree.find_all(tuple(_REFUSED)):
            word = _REFUSED[type(node)]
            raise Refused(
                f"{{% {word} %}} is not allowed: a {self.source_name} cannot read other files",
                node.lineno,
                name,
                filename,
                f"write what it needs in the {self.source_name} itself",
            )
        for const in tree.find_all(nodes.Const):
            if isinstance(const.value, str) and NOT_XML.search(const.value):
                found = NOT_XML.search(const.value)
                assert found is not None
                raise Refused(
                    f"U+{ord(found.group()):04X} cannot be written in a Word document",
                    const.lineno,
                    name,
                    filename,
                    "remove that escape from the string",
                )
        return tree

    def _generate(
        self,
        source: nodes.Template,
        name: str | None,
        filename: str | None,
        defer_init: bool = False,
    ) -> str:
        try:
            return super()._generate(source, name, filename, defer_init)  # type: ignore[no-any-return]
        except (RecursionError, MemoryError) as exc:
            raise self._unreadable(exc, name, filename) from None

    def _unreadable(self, exc: BaseException, name: str | None, filename: str | None) -> Refused:
        what = (
            f"a number of more than {MAX_DIGITS:,} digits"
            if isinstance(exc, ValueError)
            else "brackets or expressions nested too deep"
        )
        return Refused(what, 1, name, filename, f"write the {self.source_name} more simply")

    # -- hooks the generated code calls -------------------------------------------------

    def _finalize(self, context: Context, value: Any) -> Any:
        """Every ``{{ }}`` goes through here. Its text is made anew each time for a list or a
        dict (and a str a template escapes, but for short ones): that is counted against
        the document's output."""
        if isinstance(value, str):
            bad = SURROGATE.search(value)
            if bad is not None:  # cannot be encoded: docxtpl's recovering parser loses the text
                raise SandboxError(
                    _("it writes U+{ord:04X}, which a Word document cannot hold").format(
                        ord=ord(bad.group())
                    ),
                    _("remove that character"),
                )
            if type(value) is Markup or not self.autoescape or len(value) < 64:
                return value  # printed as it is (or made anew, but short: the loop limit)
            count = len(value)
        else:
            count = size(value, self.max_output)
        budget = budget_of(context)
        budget.output += count
        if budget.output > self.max_output:
            raise self._output_over()
        return value

    _finalize = pass_context(_finalize)  # type: ignore[assignment]

    def _output_over(self) -> LimitError:
        if self.source_name == "text":
            return LimitError(
                _("the text renders more than {} characters"), "text", _("shorten the text")
            )
        return LimitError(
            _("the document renders more than {} characters"), "document", _("shorten the document")
        )

    def concat(self, pieces: Iterable[str]) -> str:  # type: ignore[override]
        """Jinja's join of a render, a macro or a block: bounded."""
        if type(pieces) is not list:
            pieces = list(pieces)
        if sum(map(len, pieces)) > self.max_output:
            raise self._output_over()
        return "".join(pieces)

    def docgen_loop(self, context: Context, iterable: Any) -> Any:
        budget = budget_of(context)
        try:
            count = len(iterable)
        except TypeError:  # a generator: counted as it goes
            return self._counted(budget, iterable)
        budget.loop(count)
        return iterable

    @staticmethod
    def _counted(budget: Budget, iterable: Iterable[Any]) -> Iterator[Any]:
        for n, item in enumerate(iterable):
            if not n & 255:
                budget.loop(256)
            yield item

    def docgen_concat(
        self, context: Context, join: Callable[[Any], str], parts: tuple[Any, ...]
    ) -> str:
        budget = budget_of(context)
        budget.tick()
        limit = self.max_value
        total = 0
        for part in parts:
            total += len(part) if isinstance(part, str) else size(part, limit)
        if total > limit:
            raise _too_big(self)
        return budget.built(join(parts), self)  # type: ignore[no-any-return]

    def docgen_sized(self, context: Context, value: Any) -> Any:
        budget_of(context).tick()
        if size(value, self.max_value) > self.max_value:
            raise _too_big(self)
        return value

    def checked(self, value: Any) -> Any:
        """*value*, if it is not over the size limit."""
        if isinstance(value, (str, bytes)):
            if len(value) > self.max_value:
                raise _too_big(self)
        elif isinstance(value, (Mapping, Namespace, *_SEQUENCES)):
            if size(value, self.max_value) > self.max_value:
                raise _too_big(self)
        return value

    @trusted
    def _range(self, *args: int) -> range:
        numbers = range(*args)
        try:
            count = len(numbers)
        except OverflowError:
            count = self.limits.range + 1
        if count > self.limits.range:
            raise LimitError(
                _("range() of more than {} numbers"), "range", _("loop over fewer numbers")
            )
        return numbers

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        budget = budget_of(context)
        budget.tick()
        if operator == "*":
            _check_repeat(self, left, right)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "+":
            if isinstance(left, (str, bytes, list, tuple)) and isinstance(right, type(left)):
                if size(left, self.max_value) + size(right, self.max_value) > self.max_value:
                    raise _too_big(self)
        elif operator == "%" and isinstance(left, (str, bytes)):
            if _percent_size(self, left, right) > self.max_value:
                raise _too_big(self)
        try:
            result = self.binop_table[operator](left, right)
        except FAILURES as exc:
            raise failure(exc) or exc from None
        if isinstance(result, int) and result.bit_length() > _MAX_BITS:
            raise _too_many_digits()
        return budget.built(self.checked(result), self)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Jinja's sandboxed ``str.format``, with fields and result bounded."""
        if not isinstance(value, (types.MethodType, types.BuiltinMethodType)) or (
            value.__name__ not in ("format", "format_map")
        ):
            return None
        f_self: Any = value.__self__
        if not isinstance(f_self, str):
            return None
        str_type: type[str] = type(f_self)
        is_format_map = value.__name__ == "format_map"

        def wrapper(*args: Any, **kwargs: Any) -> str:
            formatter: _Bounded
            if isinstance(f_self, Markup):
                formatter = _EscapeFormatter(self, escape=f_self.escape)
            else:
                formatter = _Formatter(self)
            if is_format_map:
                if kwargs:
                    raise TypeError("format_map() takes no keyword arguments")
                if len(args) != 1:
                    raise TypeError(f"format_map() takes exactly one argument ({len(args)} given)")
                kwargs, args = args[0], ()
            return str_type(formatter.vformat(f_self, args, kwargs))  # type: ignore[attr-defined]

        return functools.update_wrapper(wrapper, value)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        if getattr(__obj, _TRUSTED, False):  # a bound method reads it from its function
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            return __obj(*args, **kwargs)
        budget = budget_of(__context)
        budget.tick()
        if budget.depth >= budget.limits.depth:
            raise LimitError(
                _("calls nested more than {} deep (a macro calling itself?)"),
                "depth",
                _("call less deep"),
            )
        owner = getattr(__obj, "__self__", None)
        if owner is not None and isinstance(__obj, _METHODS):
            args = _string_method(__self, owner, __obj.__name__, args, kwargs)
        budget.depth += 1
        try:
            result = super().call(__context, __obj, *args, **kwargs)
        except FAILURES as exc:
            raise failure(exc) or exc from None
        finally:
            budget.depth -= 1
        if isinstance(__obj, _RENDERS):  # its output: bounded by concat
            return result
        return budget.built(__self.checked(result), __self)
