"""The sandboxed Jinja environment docgen renders untrusted texts and templates with.

``x.name`` on a plain dict: Jinja's sandbox first looks for an attribute, fails (raising and
catching AttributeError, most of what such a lookup costs) and then takes the item. A plain
dict has no attribute of its own but those of its class, so taking the item first, when the
name is none of those, gives the same answer, checks included.
"""

from __future__ import annotations

from typing import Any

from jinja2.sandbox import SandboxedEnvironment

_DICT_ATTRIBUTES = frozenset(dir(dict))


class Sandbox(SandboxedEnvironment):
    """SandboxedEnvironment, with ``dict.key`` looked up as an item first."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)
