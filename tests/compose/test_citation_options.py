"""The options of a citation per call: the issuer in full, short or left out, a suffix;
short names of organisations; Nơi nhận's first line."""

from __future__ import annotations

from dataclasses import replace

import pytest

from docgen.catalog.catalog import Catalog
from docgen.compose.citations import cite, footnote_text, short_issuer, short_names
from docgen.compose.closing import noi_nhan
from docgen.compose.text import TextComposer
from docgen.errors import CatalogError, Location
from docgen.model.spec import NhuTren
from docgen.vn.schoolyear import SchoolYear

HERE = Location("test.yaml", 1)


def composer(catalog: Catalog) -> TextComposer:
    return TextComposer(catalog=catalog, school_year=SchoolYear(2025), level="xa")


def test_the_issuer_in_full_short_or_left_out(catalog: Catalog) -> None:
    texts = composer(catalog)
    full = texts.compose('{{ cite("21/KH-UBND-QNg", "dated") }}', HERE)
    short = texts.compose('{{ cite("21/KH-UBND-QNg", "dated", issuer="short") }}', HERE)
    none = texts.compose('{{ cite("21/KH-UBND-QNg", "dated", issuer=false) }}', HERE)
    named = texts.compose('{{ cite("21/KH-UBND-QNg", "dated", issuer="none") }}', HERE)
    assert full == "Kế hoạch số 21/KH-UBND ngày 07/02/2023 của Ủy ban nhân dân tỉnh Quảng Ngãi"
    assert short == "Kế hoạch số 21/KH-UBND ngày 07/02/2023 của UBND tỉnh"
    assert none == named == "Kế hoạch số 21/KH-UBND ngày 07/02/2023"


def test_a_short_citation_names_its_issuer_only_when_asked(catalog: Catalog) -> None:
    texts = composer(catalog)
    assert texts.compose('{{ cite("4725/QĐ-BGDĐT", "short") }}', HERE) == (
        "Quyết định số 4725/QĐ-BGDĐT"
    )
    assert texts.compose('{{ cite("4725/QĐ-BGDĐT", "short", issuer="short") }}', HERE) == (
        "Quyết định số 4725/QĐ-BGDĐT của Bộ GDĐT"
    )
    assert texts.compose('{{ cite("131/QĐ-TTg", "short", issuer="full") }}', HERE) == (
        "Quyết định số 131/QĐ-TTg của Thủ tướng Chính phủ"
    )


def test_auto_keeps_the_issuer_option_on_both_forms(catalog: Catalog) -> None:
    texts = composer(catalog)
    text = texts.compose(
        '{{ cite("21/KH-UBND-QNg", issuer=false) }}; {{ cite("21/KH-UBND-QNg", issuer=false) }}',
        HERE,
    )
    first, second = text.split("; ")
    assert first.startswith("Kế hoạch số 21/KH-UBND ngày 07/02/2023 về việc triển khai")
    assert "Ủy ban" not in first
    assert second == "Kế hoạch số 21/KH-UBND"


def test_a_suffix_follows_the_citation(catalog: Catalog) -> None:
    texts = composer(catalog)
    text = texts.compose(
        '{{ cite("21/KH-UBND-QNg", "dated", issuer="short", suffix="và các văn bản liên quan") }}',
        HERE,
    )
    assert text.endswith("của UBND tỉnh và các văn bản liên quan")
    comma = texts.compose('{{ cite("131/QĐ-TTg", "short", suffix=", gọi là Đề án") }}', HERE)
    assert comma == "Quyết định số 131/QĐ-TTg, gọi là Đề án"


def test_a_footnote_with_short_issuers_and_a_suffix(catalog: Catalog) -> None:
    texts = composer(catalog)
    texts.compose(
        '{{ fn("03/2024/TT-BGDĐT", "19/2020/TT-BGDĐT", issuer="short",'
        ' suffix="và các văn bản liên quan") }}',
        HERE,
    )
    note = texts.footnotes[0]
    assert note.startswith("Thông tư số 03/2024/TT-BGDĐT ngày 18/3/2024 của Bộ GDĐT ban hành")
    assert "; Thông tư số 19/2020/TT-BGDĐT ngày 29/6/2020 của Bộ GDĐT quy định" in note
    assert note.endswith(" và các văn bản liên quan.")
    texts.compose('{{ fn("21/2019/TT-BGDĐT", issuer=false) }}', HERE)
    assert texts.footnotes[1].startswith("Thông tư số 21/2019/TT-BGDĐT ngày 29/11/2019 ban hành")


def test_short_issuer_from_the_org_the_reference_own_or_as_written(catalog: Catalog) -> None:
    names = short_names(catalog)
    assert short_issuer(catalog.ref("1491/SGDĐT-QLCLGDCNTT"), names) == "Sở GDĐT"
    minister = catalog.ref("09/2021/TT-BGDĐT")
    assert minister.issuer == "Bộ trưởng Bộ Giáo dục và Đào tạo"
    assert short_issuer(minister, names) == "Bộ trưởng Bộ GDĐT"
    kon_tum = catalog.ref("1469/KH-UBND-KT")  # the UBND tỉnh Kon Tum is no organisation here
    assert short_issuer(kon_tum, names) == "Ủy ban nhân dân tỉnh Kon Tum"
    own = replace(kon_tum, issuer_short="UBND tỉnh Kon Tum")
    assert cite(own, "dated", issuer=short_issuer(own, names)).endswith("của UBND tỉnh Kon Tum")
    assert short_names(catalog) is names  # made once per catalog, and its views
    assert short_names(catalog.seen_by("ubnd-xa-sa-thay")) is names


def test_a_shared_name_with_two_short_names_is_not_guessed(catalog: Catalog) -> None:
    org = catalog.org("sgddt-kon-tum")
    orgs = {"a": org, "b": replace(org, id="b", short="Sở GD&ĐT")}
    names = short_names(Catalog(orgs=orgs))
    assert org.name.casefold() not in names


def test_footnote_text_is_cached_by_its_options(catalog: Catalog) -> None:
    ref = catalog.ref("131/QĐ-TTg")
    assert footnote_text((ref,)) != footnote_text((ref,), "short", ("",), "")
    assert footnote_text((ref,), "short", ("",), "và các văn bản liên quan").endswith("liên quan.")


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ('{{ cite("131/QĐ-TTg", issuer="shrt") }}', "did you mean 'short'?"),
        ('{{ cite("131/QĐ-TTg", issuer=true) }}', "issuer=false"),
        ('{{ cite("131/QĐ-TTg", "shot") }}', "cite() has no form 'shot'"),
        ('{{ cite("131/QĐ-TTg", sufix="x") }}', "cite() has no option 'sufix'"),
        ('{{ fn("131/QĐ-TTg", issuer="x") }}', "has no issuer 'x'"),
        ("{{ fn() }}", "fn() names no reference"),
        ('{{ cite("131/QĐ-TTg", suffix=1) }}', "cite() takes text in quotes"),
    ],
)
def test_wrong_options_are_said(catalog: Catalog, text: str, expect: str) -> None:
    with pytest.raises(CatalogError) as caught:
        composer(catalog).compose(text, HERE)
    assert expect in str(caught.value)
    assert caught.value.file == "test.yaml"


def test_noi_nhan_first_line() -> None:
    luu = ["VP"]
    assert noi_nhan(True, [], luu)[0] == "- Như trên;"
    assert noi_nhan(True, [], luu, "thực hiện")[0] == "- Như trên (thực hiện);"
    assert noi_nhan(True, [], luu, NhuTren("kính gửi"))[0] == "- Như kính gửi;"
    assert noi_nhan(True, [], luu, NhuTren(line=""))[0] == "- Lưu: VT, VP."
    assert noi_nhan(False, [], luu, NhuTren("kính gửi"))[0] == "- Lưu: VT, VP."
