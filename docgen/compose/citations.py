"""Citations of references: short ("Quyết định số 131/QĐ-TTg") and long forms.

Each form takes the issuer to write: ``None`` for the form's own (none in the short form,
the reference's issuer in the dated and long forms), ``""`` for none, or a text (the
issuer's short name, "Bộ GDĐT"). :func:`short_issuer` finds that short name.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from docgen.catalog.catalog import Catalog
from docgen.errors import DocgenError
from docgen.i18n import _
from docgen.model.entities import Reference
from docgen.vn.dates import long_date, short_date
from docgen.vn.text import suggest

FORMS = ("auto", "short", "dated", "long")
DATE_STYLES = ("short", "long")
#: how a call may write the issuer: in full, by its short name, or not at all
ISSUER_FORMS = ("full", "short", "none")
#: what a suffix may start with that is not preceded by a space
_CLOSING = ",;:.)"


def cite_short(ref: Reference, issuer: str | None = None) -> str:
    """Type and number: "Quyết định số 131/QĐ-TTg" (a law without number: "Luật Giáo dục");
    with *issuer*, "… của Bộ GDĐT"."""
    if not ref.number:
        return f"{ref.type} {ref.subject}".strip()
    text = f"{ref.type} số {ref.number}"
    return f"{text} của {issuer}" if issuer else text


def cite_dated(ref: Reference, date_style: str = "short", issuer: str | None = None) -> str:
    """Type, number, date and issuer (*issuer* when given, "" for none), without the trích
    yếu."""
    if not ref.number:
        return cite_short(ref)
    parts = [cite_short(ref)]
    if ref.date is not None:
        when = long_date(ref.date) if date_style == "long" else f"ngày {short_date(ref.date)}"
        parts.append(when)
    who = ref.issuer if issuer is None else issuer
    if who:
        parts.append(f"của {who}")
    return " ".join(parts)


def cite_long(ref: Reference, date_style: str = "short", issuer: str | None = None) -> str:
    """Type, number, date, issuer and trích yếu, as a first citation is written."""
    text = cite_dated(ref, date_style, issuer)
    if ref.number and ref.subject:
        text += " " + ref.subject
    return text


def cite_basis(ref: Reference) -> str:
    """As a Căn cứ line cites: the long form with its date written out ("Nghị định số
    123/2013/NĐ-CP ngày 14 tháng 10 năm 2013 của Chính phủ …"); a law without a number by
    its name and the day it was passed ("Luật Luật sư ngày 29 tháng 6 năm 2006")."""
    if ref.number:
        return cite_long(ref, "long")
    return f"{cite_short(ref)} {long_date(ref.date)}" if ref.date else cite_short(ref)


def with_suffix(text: str, suffix: str) -> str:
    """*text* followed by *suffix* ("và các văn bản liên quan"), after a space unless the
    suffix starts with a comma, semicolon, colon, full stop or closing bracket."""
    suffix = suffix.strip()
    if not suffix:
        return text
    return text + suffix if suffix[0] in _CLOSING else f"{text} {suffix}"


@lru_cache(maxsize=1024)  # a reference is cited in every document of a cascade
def cite(
    ref: Reference,
    form: str = "short",
    date_style: str = "short",
    issuer: str | None = None,
    suffix: str = "",
) -> str:
    """A citation in the given form ("short", "dated" or "long"), with the issuer *issuer*
    (``None``: the form's own; ``""``: none) and *suffix* after it."""
    check_choice("cite", "form", form, FORMS[1:])
    check_choice("cite", "date", date_style, DATE_STYLES)
    if form == "long":
        text = cite_long(ref, date_style, issuer)
    elif form == "dated":
        text = cite_dated(ref, date_style, issuer)
    else:
        text = cite_short(ref, issuer)
    return with_suffix(text, suffix)


@lru_cache(maxsize=1024)
def footnote_text(
    refs: tuple[Reference, ...],
    date_style: str = "short",
    issuers: tuple[str | None, ...] = (),
    suffix: str = "",
) -> str:
    """A footnote citing several references in long form, joined by "; ", then *suffix*,
    ending ".". *issuers* are the issuers to write, one per reference (default: each
    reference's own)."""
    whom = issuers or (None,) * len(refs)
    text = "; ".join(cite_long(r, date_style, i) for r, i in zip(refs, whom, strict=True))
    text = with_suffix(text, suffix)
    return text if text.endswith(".") else text + "."


def check_choice(function: str, option: str, value: Any, choices: tuple[str, ...]) -> str:
    """*value*, if it is one of *choices*; else an error that names them (and the closest)."""
    if isinstance(value, str) and value in choices:
        return value
    shown = f"'{value}'" if isinstance(value, str) else _shown(value)
    guess = suggest(value, choices) if isinstance(value, str) else None
    allowed = ", ".join(f"'{c}'" for c in choices)
    raise DocgenError(
        _("{function}() has no {option} {shown}").format(
            function=function, option=option, shown=shown
        ),
        hint=_("did you mean '{guess}'? ({option}: {allowed})").format(
            guess=guess, option=option, allowed=allowed
        )
        if guess
        else _("{option}: {allowed}").format(option=option, allowed=allowed),
    )


def _shown(value: Any) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    if value is None:
        return "none"
    return "given as a number" if isinstance(value, (int, float)) else "of that kind"


def issuer_form(value: Any) -> str:
    """The issuer option of a call: "full", "short" or "none" (``false`` means "none";
    ``none``, the option left out, "")."""
    if value is None:
        return ""
    if value is False:
        return "none"
    if not isinstance(value, str):
        raise DocgenError(
            _("issuer= cannot be {shown}").format(shown=_shown(value)),
            hint=_("write issuer='full', issuer='short' or issuer='none' (or issuer=false)"),
        )
    return check_choice("cite", "issuer", value, ISSUER_FORMS)


def short_issuer(ref: Reference, names: Mapping[str, str]) -> str:
    """The short name of *ref*'s issuer: the reference's own ``issuer_short``, else the
    ``short`` of the organisation of that name ("Ủy ban nhân dân tỉnh Quảng Ngãi" → "UBND
    tỉnh"), also at the end of a longer issuer ("Bộ trưởng Bộ Giáo dục và Đào tạo" →
    "Bộ trưởng Bộ GDĐT"); the issuer as written when no short name is known.

    *names* maps organisation names, case-folded, to their short names
    (:func:`short_names`)."""
    if ref.issuer_short:
        return ref.issuer_short
    words = ref.issuer.split()
    for start in range(len(words)):
        found = names.get(" ".join(words[start:]).casefold())
        if found:
            return " ".join([*words[:start], found])
    return ref.issuer


#: short-name indexes by catalog: (the catalog, its number of organisations, the index)
_INDEXES: dict[int, tuple[weakref.ref[Any], int, Mapping[str, str]]] = {}


def short_names(catalog: Catalog) -> Mapping[str, str]:
    """Organisation name (case-folded) → short name, for the organisations of *catalog*,
    made once per catalog (again if organisations are added); a name two organisations
    share with different short names is left out (it cannot say which)."""
    # a view of the catalog (Catalog.seen_by) shares its organisations with the whole one
    catalog = getattr(catalog, "_whole", None) or catalog
    key, orgs = id(catalog), catalog.orgs
    found = _INDEXES.get(key)
    if found is not None and found[0]() is catalog and found[1] == len(orgs):
        return found[2]
    index: dict[str, str] = {}
    clash: set[str] = set()
    for org in orgs.values():
        name = org.name.casefold()
        if not org.short or org.short == org.name or name in clash:
            continue
        if index.setdefault(name, org.short) != org.short:
            clash.add(name)
            del index[name]

    def forget(ref: weakref.ref[Any], key: int = key) -> None:
        entry = _INDEXES.get(key)
        if entry is not None and entry[0] is ref:
            del _INDEXES[key]

    _INDEXES[key] = (weakref.ref(catalog, forget), len(orgs), index)
    return index
