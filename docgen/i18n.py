"""The language docgen speaks to a person: Vietnamese by default, English on request.

Every text a person reads (help, errors, notes, progress lines, check findings, change
reports) is written in the source as an English msgid and translated through the gettext
catalog of the ``docgen`` domain (``docgen/locale/<lang>/LC_MESSAGES/docgen.mo``, built
from the ``.po`` with babel: ``make messages``). The terms are those of docs/glossary.md.

The language is chosen once, at the start of the command line (``--lang``), else from the
environment: ``DOCGEN_LANG``, then the usual ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and
``LANG`` (the first one set that names a language docgen has; ``C``/``POSIX`` name none);
without any, Vietnamese.

* ``_("unknown reference {ref!r}").format(ref=ref)`` — a message, translated now; keep
  one literal msgid with named placeholders, formatted after translation;
* ``ngettext("{n} problem", "{n} problems", n).format(n=n)`` — with a plural;
* ``N_("...")`` — marks a text for extraction without translating it (a table at module
  level, a click help); translate it with ``_()`` where it is shown;
* ``lazy("...")`` — a text translated each time it is turned into a string.

This module imports nothing of docgen: every layer may use it.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "docgen"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: the languages docgen speaks; the first is the default
LANGUAGES: tuple[str, ...] = ("vi", "en")
DEFAULT = LANGUAGES[0]
#: the environment variables that choose the language, in order
ENV_VARS = ("DOCGEN_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_current: tuple[str, gettext.NullTranslations] | None = None


def _code(value: str) -> str | None:
    """The language of a locale name (``vi_VN.UTF-8`` → ``vi``) if docgen has it, else None."""
    code = value.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else None


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for (see the module's doc), else :data:`DEFAULT`."""
    env = os.environ if environ is None else environ
    for var in ENV_VARS:
        value = env.get(var, "")
        for item in value.split(":"):
            if item.strip().upper() in {"C", "POSIX"} or item.strip().upper().startswith("C."):
                return DEFAULT
            code = _code(item) if item.strip() else None
            if code:
                return code
    return DEFAULT


def _load(language: str) -> gettext.NullTranslations:
    if language == "en":  # the msgids are English
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def set_language(language: str | None) -> str:
    """Speak *language* (``vi``, ``en``, or a locale name such as ``en_US.UTF-8``) from now
    on; None: the one of the environment. Returns the language chosen."""
    global _current
    code = _code(language) if language else language_from_env()
    if code is None:
        raise ValueError(f"unknown language {language!r}: one of {', '.join(LANGUAGES)}")
    _current = (code, _load(code))
    return code


def _translations() -> gettext.NullTranslations:
    if _current is None:
        set_language(None)
    assert _current is not None
    return _current[1]


def current_language() -> str:
    """The language docgen speaks now."""
    _translations()
    assert _current is not None
    return _current[0]


def _(message: str) -> str:
    """*message* (an English msgid) in the current language."""
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """*singular* or *plural* (English msgids) for the count *n*, in the current language."""
    return _translations().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """*message* unchanged: marks it for extraction, to be translated where it is shown."""
    return message


class lazy:  # noqa: N801 - used like a function, as _() is
    """A text translated each time it is turned into a string (module-level texts)."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message

    def __str__(self) -> str:
        return _(self.message)

    def __repr__(self) -> str:
        return f"lazy({self.message!r})"

    def format(self, *args: object, **kwargs: object) -> str:
        return str(self).format(*args, **kwargs)
