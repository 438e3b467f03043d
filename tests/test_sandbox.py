"""docgen's sandbox: the same answers as Jinja's, faster on dicts and on docgen's own calls."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError, UndefinedError

from docgen.sandbox import Sandbox, trusted


def render(source: str, **names: Any) -> str:
    return Sandbox(undefined=StrictUndefined).from_string(source).render(**names)


def test_dict_keys_and_dict_methods() -> None:
    data = {"name": "UBND xã", "items": "a key, not the method"}
    assert render("{{ d.name }} / {{ d['name'] }}", d=data) == "UBND xã / UBND xã"
    assert render("{{ d.items() | list | length }}", d=data) == "2"  # the method wins, as in Jinja
    with pytest.raises(UndefinedError):
        render("{{ d.missing }}", d=data)


def test_trusted_functions_are_called_and_others_still_checked() -> None:
    @trusted
    def cite(ref: str, form: str = "short") -> str:
        return f"{form}:{ref}"

    def unsafe() -> str:
        return "never"

    unsafe.unsafe_callable = True  # type: ignore[attr-defined]
    assert render('{{ cite("131/QĐ-TTg", form="long") }}', cite=cite) == "long:131/QĐ-TTg"
    with pytest.raises(SecurityError):
        render("{{ f() }}", f=unsafe)


def test_a_template_cannot_reach_the_mark() -> None:
    @trusted
    def cite() -> str:
        return "x"

    with pytest.raises(SecurityError):
        render("{{ cite._docgen_trusted }}", cite=cite)
