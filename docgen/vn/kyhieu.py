"""Document types of NĐ30 Phụ lục III and the Số / ký hiệu line (spec §3.2, §5)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from docgen.errors import DocgenError
from docgen.i18n import _
from docgen.vn.dates import BLANK
from docgen.vn.text import ascii_fold, nfc, suggest, upper

DOC_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "Nghị quyết": "NQ",
        "Quyết định": "QĐ",
        "Chỉ thị": "CT",
        "Quy chế": "QC",
        "Quy định": "QyĐ",
        "Thông cáo": "TC",
        "Thông báo": "TB",
        "Hướng dẫn": "HD",
        "Chương trình": "CTr",
        "Kế hoạch": "KH",
        "Phương án": "PA",
        "Đề án": "ĐA",
        "Dự án": "DA",
        "Báo cáo": "BC",
        "Biên bản": "BB",
        "Tờ trình": "TTr",
        "Hợp đồng": "HĐ",
        "Công điện": "CĐ",
        "Bản ghi nhớ": "BGN",
        "Bản thỏa thuận": "BTT",
        "Giấy ủy quyền": "GUQ",
        "Giấy mời": "GM",
        "Giấy giới thiệu": "GGT",
        "Giấy nghỉ phép": "GNP",
        "Phiếu gửi": "PG",
        "Phiếu chuyển": "PC",
        "Phiếu báo": "PB",
        "Bản sao y": "SY",
        "Bản trích sao": "TrS",
        "Bản sao lục": "SL",
    }
)
"""Canonical type name → Phụ lục III abbreviation (27 types + 3 copy forms)."""

UNTYPED_KINDS: tuple[str, ...] = ("Công văn", "Thư công")
"""Administrative types without an abbreviation (Điều 7); their ký hiệu is issuer-unit."""

_COPY_TITLES: Mapping[str, str] = {
    "Bản sao y": "SAO Y",
    "Bản trích sao": "TRÍCH SAO",
    "Bản sao lục": "SAO LỤC",
}

SYMBOL_RE: re.Pattern[str] = re.compile(
    r"^Số:\s*(0[1-9]|[1-9]\d+)?\s*/[A-ZĐ][A-Za-zĐđ0-9]*(-[A-ZĐ][A-Za-zĐđ0-9]*)+$"
)
"""The spec §3.2 regex for a whole Số line."""

_GROUP_RE = re.compile(r"[A-ZĐ][A-Za-zĐđ0-9]*")


def _snake(name: str) -> str:
    """Return the snake key of a type name ("Kế hoạch" → "ke_hoach")."""
    return "_".join(ascii_fold(name).replace("-", " ").replace("_", " ").split())


_BY_KEY: Mapping[str, str] = {_snake(n): n for n in (*DOC_TYPES, *UNTYPED_KINDS)}


@lru_cache(maxsize=256)  # asked for every document; an unknown kind raises (not cached)
def canonical_type(kind: str) -> str:
    """Return the canonical type name for a name or snake key (case- and accent-insensitive)."""
    name = _BY_KEY.get(_snake(kind))
    if name is None:
        guess = suggest(kind, [*DOC_TYPES, *UNTYPED_KINDS])
        hint = (
            _("did you mean '{guess}'?").format(guess=guess)
            if guess
            else _("use a type of NĐ30 Phụ lục III")
        )
        raise DocgenError(_("unknown document type: {kind!r}").format(kind=kind), hint=hint)
    return name


def type_code(kind: str) -> str | None:
    """Return the Phụ lục III abbreviation of ``kind`` ("KH"), None for công văn / thư công."""
    return DOC_TYPES.get(canonical_type(kind))


def type_title(kind: str) -> str:
    """Return the IN HOA type name printed as the title ("KẾ HOẠCH"); "" for công văn."""
    name = canonical_type(kind)
    if name in UNTYPED_KINDS:
        return ""
    return _COPY_TITLES.get(name) or upper(name)


def _check_groups(groups: list[str]) -> None:
    """Raise DocgenError unless each group is letters/digits starting with an upper-case letter."""
    for group in groups:
        if not _GROUP_RE.fullmatch(group):
            raise DocgenError(
                _("bad ký hiệu group: {group!r}").format(group=group),
                hint=_("no spaces; each group starts with an upper-case letter, e.g. 'UBND'"),
            )


def check_unit(unit: str) -> str:
    """Return the drafting-unit part of a ký hiệu ("VHXH", "QLCLGDCNTT") in NFC, or raise
    DocgenError saying what is wrong ("VH XH": no spaces)."""
    text = nfc(unit).strip()
    for group in text.split("-"):
        if " " in group:
            raise DocgenError(
                _("the unit {unit!r} has a space; a ký hiệu has none").format(unit=unit),
                hint=_("write it without spaces, e.g. '{replace}'").format(
                    replace=group.replace(" ", "")
                ),
            )
    _check_groups(text.split("-"))
    return text


def _number_str(number: int | None) -> str:
    """Return the document number with a leading zero below 10; "" for an unsigned draft."""
    if number is None:
        return ""
    if number < 1:
        raise DocgenError(
            _("document number must be 1 or more, got {number}").format(number=number)
        )
    return f"{number:02d}"


def symbol(
    number: int | None,
    issuer_abbr: str,
    *,
    type_abbr: str | None = None,
    unit: str | None = None,
) -> str:
    """Return "21/KH-UBND" (typed) or "1491/SGDĐT-QLCLGDCNTT" (công văn: type_abbr None)."""
    if type_abbr is None:
        if not unit:
            raise DocgenError(_("a công văn ký hiệu needs the drafting unit"), hint=_("give unit="))
        groups = [issuer_abbr, *nfc(unit).split("-")]
    else:
        if unit:
            raise DocgenError(
                _("only a công văn carries a drafting-unit group"),
                hint=_("put a typed document's drafting unit in the 'Lưu' line"),
            )
        if nfc(type_abbr) not in DOC_TYPES.values():
            guess = suggest(type_abbr, DOC_TYPES.values())
            hint = (
                _("did you mean '{guess}'?").format(guess=guess)
                if guess
                else _("use a code of NĐ30 Phụ lục III")
            )
            raise DocgenError(
                _("unknown type abbreviation: {type_abbr!r}").format(type_abbr=type_abbr), hint=hint
            )
        groups = [type_abbr, issuer_abbr]
    groups = [nfc(g) for g in groups]
    _check_groups(groups)
    return f"{_number_str(number)}/{'-'.join(groups)}"


def so_line(
    number: int | None,
    issuer_abbr: str,
    *,
    type_abbr: str | None = None,
    unit: str | None = None,
) -> str:
    """Return "Số: 21/KH-UBND"; an unsigned draft leaves six spaces: "Số:      /BC-UBND"."""
    text = symbol(number, issuer_abbr, type_abbr=type_abbr, unit=unit)
    return f"Số: {text}" if number is not None else f"Số:{BLANK}{text}"
