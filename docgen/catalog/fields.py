"""Typed access to loaded YAML mappings, with errors that point at the line."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TypeVar

from docgen.catalog.yamlio import MDict, MList, MStr, is_bool, where_of
from docgen.errors import CatalogError, DocgenError, Location
from docgen.i18n import _
from docgen.model.entities import LEVELS, SCHOOL_TYPES
from docgen.names import check_name
from docgen.vn.dates import parse_date
from docgen.vn.schoolyear import SchoolYear
from docgen.vn.text import suggest

T = TypeVar("T")
#: a whole number as a person writes it (int() would also take "٣", "+3", " 3" or "1_000")
_WHOLE = re.compile(r"-?[0-9]+")


def _prose_taken_for_key(data: dict[Any, Any], key: Any) -> bool:
    """True when a one-key block looks like a sentence with ': ' in it ("Lưu ý: gửi bản
    giấy"): a key with a space or a letter outside ASCII, and a text (or nothing) after it."""
    if len(data) != 1 or not isinstance(key, str):
        return False
    value = data[key]
    prose_key = " " in key.strip() or any(not c.isascii() for c in key)
    return prose_key and (value is None or isinstance(value, str))


class Fields:
    """A YAML mapping read as a record of one kind ("organisation", "reference"…).

    *allowed* is the keys it may have: a :class:`docgen.catalog.keys.Record` (which also
    checks each key's value against its declared type), or any names."""

    def __init__(self, data: Any, what: str, where: Location, allowed: Iterable[str]) -> None:
        if not isinstance(data, dict):
            raise CatalogError(
                _("expected a block of keys for {what}, found {describe}").format(
                    what=_(what), describe=_describe(data)
                ),
                where=where_of(data, where),
            )
        self.data = data
        self.what = what
        self.where = where_of(data, where)
        names = tuple(allowed)
        for key in data:
            if key not in names:
                if _prose_taken_for_key(data, key):
                    value = str(data[key] or "").strip()
                    raise CatalogError(
                        _(
                            "the text '{key}: {value}' holds ': ', so YAML read '{key}' as a key"
                        ).format(key=key, value=value),
                        where=self.key_where(key),
                        hint=_('put the whole text in quotes: "{key}: {value}"').format(
                            key=key, value=value
                        ),
                    )
                guess = suggest(key, names)
                raise CatalogError(
                    _("unknown key '{key}' in {what}").format(key=key, what=_(what)),
                    where=self.key_where(key),
                    hint=_("did you mean '{guess}'?").format(guess=guess)
                    if guess
                    else _("allowed: {allowed}").format(allowed=", ".join(names)),
                )
        # a Record of docgen.catalog.keys also checks the type of every key present
        check = getattr(allowed, "check", None)
        if check is not None:
            check(self)

    def key_where(self, key: str) -> Location:
        """Location of *key* (or of the block when absent)."""
        if isinstance(self.data, MDict):
            return self.data.key_where(key, self.where)
        return self.where

    def at(self, key: str) -> Location:
        """Location of the value under *key*."""
        return where_of(self.data.get(key), self.key_where(key))

    def has(self, key: str) -> bool:
        """True when the key is present and not empty."""
        value = self.data.get(key)
        return value is not None and value != ""

    def raw(self, key: str) -> Any:
        """The loaded value as it is."""
        return self.data.get(key)

    def text(self, key: str, default: str | None = None, *, kind: str = "") -> str:
        """A text value; required when *default* is None. *kind* says what the value is
        (a number, a date…) when a true/false or a list is found instead."""
        value = self.data.get(key)
        if value is None or value == "":
            if default is None:
                raise CatalogError(
                    _("{what} has no '{key}'").format(what=_(self.what), key=key),
                    where=self.where,
                    hint=_("add '{key}: …'").format(key=key),
                )
            return default
        if (not isinstance(value, str) or is_bool(value)) and kind:
            raise CatalogError(
                _("'{key}' must be {kind}, found {describe}").format(
                    key=key, kind=kind, describe=_describe(value)
                ),
                where=self.at(key),
            )
        if not isinstance(value, str) or is_bool(value):
            raise CatalogError(
                _("'{key}' must be text, found {describe}").format(
                    key=key, describe=_describe(value)
                ),
                where=self.at(key),
                hint=_('write the text (in quotes, {key}: "{value}", if it is that word)').format(
                    key=key, value=value
                )
                if is_bool(value)
                else None,
            )
        return str(value).strip()

    def opt_str(self, key: str) -> str | None:
        """A text value or None."""
        return self.text(key, "") or None

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of texts (a single text counts as a list of one)."""
        value = self.data.get(key)
        if value is None or value == "":
            return ()
        if isinstance(value, str) and not is_bool(value):
            return (str(value).strip(),)
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and item and _prose_taken_for_key(item, next(iter(item))):
                    first = next(iter(item))
                    text = f"{first}: {str(item[first] or '').strip()}"
                    raise CatalogError(
                        _(
                            "the text '{text}' holds ': ', so YAML read it as a key and a value"
                        ).format(text=text),
                        where=where_of(item, self.at(key)),
                        hint=_('put the whole text in quotes: - "{text}"').format(text=text),
                    )
        if not isinstance(value, list):
            raise CatalogError(
                _("'{key}' must be a list of texts, found {describe}").format(
                    key=key, describe=_describe(value)
                ),
                where=self.at(key),
            )
        for item in value:
            if not isinstance(item, str) or is_bool(item):
                raise CatalogError(
                    _("'{key}' must be a list of texts, and one is {describe}").format(
                        key=key, describe=_describe(item)
                    ),
                    where=where_of(item, self.at(key)),
                    hint=_("write each as text (in quotes if it is the word true or false)"),
                )
        return tuple(str(v).strip() for v in value)

    def blocks(self, key: str) -> list[Any]:
        """A list of blocks (empty when absent)."""
        value = self.data.get(key)
        if value is None or value == "":
            return []
        if not isinstance(value, list):
            raise CatalogError(
                _("'{key}' must be a list (lines starting with '- ')").format(key=key),
                where=self.at(key),
            )
        return value

    def mapping(self, key: str) -> dict[str, Any]:
        """A block of keys (empty when absent)."""
        value = self.data.get(key)
        if value is None or value == "":
            return {}
        if not isinstance(value, dict):
            raise CatalogError(
                _("'{key}' must be a block of 'key: value' lines").format(key=key),
                where=self.at(key),
            )
        return value

    def day(self, key: str, required: bool = False) -> date | None:
        """A date written YYYY-MM-DD (or DD/MM/YYYY)."""
        text = self.text(key, None if required else "", kind="a date such as 2025-10-21")
        if not text:
            return None
        self._ascii_digits(key, text, "2025-10-21")
        try:
            return parse_date(text)
        except DocgenError as exc:
            raise CatalogError(exc.message, where=self.at(key), hint=exc.hint) from None

    def number(
        self,
        key: str,
        default: int | None = None,
        between: tuple[int, int] | None = None,
        hint: str = "",
    ) -> int | None:
        """A whole number; within *between* (lowest, highest) when given."""
        text = self.text(key, "" if default is not None else None, kind="a whole number")
        if not text:
            return default
        if not _WHOLE.fullmatch(text):
            self._ascii_digits(key, text, "12")
            raise CatalogError(
                _("'{key}' must be a whole number, found '{text}'").format(key=key, text=text),
                where=self.at(key),
                hint=_("write it with the digits 0-9, e.g. 12"),
            )
        if between is not None:
            low, high = between
            # compared as text first: a number of hundreds of digits is never converted
            if len(text.lstrip("-")) > len(str(high)) + 1 or not low <= int(text) <= high:
                shown = text if len(text) <= 20 else text[:12] + f"… ({len(text)} characters)"
                raise CatalogError(
                    _("'{key}' must be between {low:,} and {high:,}, found {shown}").format(
                        key=key, low=low, high=high, shown=shown
                    ),
                    where=self.at(key),
                    hint=hint
                    or _("write a number from {low} to {high}").format(low=low, high=high),
                )
        return int(text)

    def name(self, key: str, what: str, default: str | None = None) -> str:
        """A text that becomes a file name: checked against :func:`docgen.names.check_name`."""
        value = self.text(key, default)
        return check_name(value, what, self.at(key) if self.has(key) else self.where)

    def _ascii_digits(self, key: str, text: str, example: str) -> None:
        """Refuse digits other than 0-9 (Arabic-Indic, full-width…), which int() and the
        date patterns would read silently."""
        odd = next((c for c in text if c.isdigit() and not c.isascii()), None)
        if odd is not None:
            raise CatalogError(
                _("'{key}' has the digit '{odd}' (U+{ord:04X}), not one of 0-9").format(
                    key=key, odd=odd, ord=ord(odd)
                ),
                where=self.at(key),
                hint=_("write it with the digits 0-9, e.g. {example}").format(example=example),
            )

    def flag(self, key: str, default: bool = False) -> bool:
        """true/false (also yes/no, có/không)."""
        value = self.data.get(key)
        if value is None or value == "":
            return default
        text = value.strip().lower() if isinstance(value, str) else ""
        if text in ("yes", "true", "có", "1"):
            return True
        if text in ("no", "false", "không", "0"):
            return False
        raise CatalogError(
            _("'{key}' must be true or false, found {describe}").format(
                key=key, describe=_describe(value)
            ),
            where=self.at(key),
            hint=_("write {key}: true or {key}: false").format(key=key),
        )

    def school_year(self, key: str, required: bool = False) -> SchoolYear | None:
        """A school year such as 2025-2026."""
        text = self.text(key, None if required else "", kind="a school year such as 2025-2026")
        if not text:
            return None
        self._ascii_digits(key, text, "2025-2026")
        try:
            return SchoolYear.parse(text)
        except DocgenError as exc:
            raise CatalogError(exc.message, where=self.at(key), hint=exc.hint) from None

    def choice(self, key: str, choices: Iterable[str], default: str | None = None) -> str:
        """One of a fixed set of words."""
        choices = tuple(choices)
        text = self.text(key, default, kind=f"one of: {', '.join(choices)}")
        if text not in choices:
            guess = suggest(text, choices)
            raise CatalogError(
                _("'{key}' cannot be '{text}'").format(key=key, text=text),
                where=self.at(key),
                hint=_("did you mean '{guess}'?").format(guess=guess)
                if guess
                else _("use one of: {choices}").format(choices=", ".join(choices)),
            )
        return text

    def each(self, key: str, parse: Callable[[Any, Location], T]) -> list[T]:
        """Parse every block of the list under *key*."""
        return [parse(item, where_of(item, self.at(key))) for item in self.blocks(key)]


def refuse_bool(value: Any, what: str, where: Location) -> None:
    """Refuse a plain YAML ``true``/``false`` written where *what* (a text) goes."""
    if is_bool(value):
        raise CatalogError(
            _("{what} must be text, found the value {value} (true/false)").format(
                what=_(what), value=value
            ),
            where=where_of(value, where),
            hint=_('write the text (in quotes, "{value}", if it is that word)').format(value=value),
        )


def _describe(value: Any) -> str:
    if is_bool(value):
        return f"the value {value} (true/false)"
    if isinstance(value, (MList, list)):
        return _("a list")
    if isinstance(value, (MDict, dict)):
        return _("a block of keys")
    if isinstance(value, (MStr, str)):
        return _("the text '{value}'").format(value=value)
    return type(value).__name__


def levels_of(f: Fields, key: str = "levels") -> tuple[str, ...]:
    """The list of levels under *key*, each one of :data:`LEVELS`."""
    levels = f.texts(key)
    for level in levels:
        if level not in LEVELS:
            raise CatalogError(
                _("unknown level '{level}'").format(level=level),
                where=f.at(key),
                hint=_("use {levels}").format(levels=", ".join(LEVELS)),
            )
    return levels


def school_types_of(f: Fields, key: str = "school_types") -> tuple[str, ...]:
    """The list of school types under *key*, each one of :data:`SCHOOL_TYPES`."""
    types = f.texts(key)
    for school_type in types:
        if school_type not in SCHOOL_TYPES:
            raise CatalogError(
                _("unknown school type '{school_type}'").format(school_type=school_type),
                where=f.at(key),
                hint=_("use {school_types}").format(school_types=", ".join(SCHOOL_TYPES)),
            )
    return types
