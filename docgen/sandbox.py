"""The sandboxed Jinja environment docgen renders untrusted texts and templates with.

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

from collections.abc import Callable
from typing import Any, TypeVar

from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

_DICT_ATTRIBUTES = frozenset(dir(dict))
_TRUSTED = "_docgen_trusted"
F = TypeVar("F", bound=Callable[..., Any])


def trusted(function: F) -> F:
    """Mark one of docgen's own functions (or methods) as safe to call from any template."""
    setattr(function, _TRUSTED, True)
    return function


class Sandbox(SandboxedEnvironment):
    """SandboxedEnvironment, with ``dict.key`` looked up as an item first."""

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
        return super().call(__context, __obj, *args, **kwargs)
