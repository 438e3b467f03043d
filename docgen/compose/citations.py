"""Citations of references: short ("Quyết định số 131/QĐ-TTg") and long forms."""

from __future__ import annotations

from functools import lru_cache

from docgen.errors import DocgenError
from docgen.model.entities import Reference
from docgen.vn.dates import long_date, short_date

FORMS = ("auto", "short", "dated", "long")
DATE_STYLES = ("short", "long")


def cite_short(ref: Reference) -> str:
    """Type and number: "Quyết định số 131/QĐ-TTg" (a law without number: "Luật Giáo dục")."""
    if not ref.number:
        return f"{ref.type} {ref.subject}".strip()
    return f"{ref.type} số {ref.number}"


def cite_dated(ref: Reference, date_style: str = "short") -> str:
    """Type, number, date and issuer, without the trích yếu."""
    if not ref.number:
        return cite_short(ref)
    parts = [cite_short(ref)]
    if ref.date is not None:
        when = long_date(ref.date) if date_style == "long" else f"ngày {short_date(ref.date)}"
        parts.append(when)
    if ref.issuer:
        parts.append(f"của {ref.issuer}")
    return " ".join(parts)


def cite_long(ref: Reference, date_style: str = "short") -> str:
    """Type, number, date, issuer and trích yếu, as a first citation is written."""
    text = cite_dated(ref, date_style)
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


@lru_cache(maxsize=1024)  # a reference is cited in every document of a cascade
def cite(ref: Reference, form: str = "short", date_style: str = "short") -> str:
    """A citation in the given form ("short", "dated" or "long")."""
    if form not in FORMS[1:]:
        raise DocgenError(f"unknown citation form '{form}'", hint="use 'short', 'dated' or 'long'")
    if date_style not in DATE_STYLES:
        raise DocgenError(f"unknown date style '{date_style}'", hint="use 'short' or 'long'")
    if form == "long":
        return cite_long(ref, date_style)
    return cite_dated(ref, date_style) if form == "dated" else cite_short(ref)


@lru_cache(maxsize=1024)
def footnote_text(refs: tuple[Reference, ...], date_style: str = "short") -> str:
    """A footnote citing several references in long form, joined by "; " and ending "."."""
    text = "; ".join(cite_long(r, date_style) for r in refs)
    return text if text.endswith(".") else text + "."
