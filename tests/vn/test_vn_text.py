"""Tests for docgen.vn.text."""

import unicodedata

import pytest

from docgen.errors import DocgenError
from docgen.vn.text import (
    POINT_LETTERS,
    ascii_fold,
    nfc,
    outline_label,
    point_label,
    roman,
    suggest,
    upper,
)


def test_nfc_composes_decomposed_text() -> None:
    decomposed = unicodedata.normalize("NFD", "Thầy")
    assert decomposed != "Thầy"
    assert nfc(decomposed) == "Thầy"
    assert nfc("  x  ") == "  x  "


def test_upper_vietnamese() -> None:
    assert upper("Ủy ban nhân dân xã Sa Thầy") == "ỦY BAN NHÂN DÂN XÃ SA THẦY"
    assert upper(unicodedata.normalize("NFD", "đào tạo")) == "ĐÀO TẠO"
    assert unicodedata.is_normalized("NFC", upper(unicodedata.normalize("NFD", "Hòa")))


def test_point_letters_alphabet() -> None:
    assert len(POINT_LETTERS) == 23
    assert "đ" in POINT_LETTERS
    assert not {"f", "j", "w", "z"} & set(POINT_LETTERS)
    assert POINT_LETTERS[-1] == "y"


@pytest.mark.parametrize(
    ("i", "label"),
    [
        (1, "a)"),
        (4, "d)"),
        (5, "đ)"),
        (6, "e)"),
        (7, "g)"),
        (23, "y)"),
        (24, "aa)"),
        (28, "đđ)"),
        (46, "yy)"),
        (47, "aaa)"),
    ],
)
def test_point_label(i: int, label: str) -> None:
    assert point_label(i) == label


@pytest.mark.parametrize("i", [0, -1])
def test_point_label_rejects_non_positive(i: int) -> None:
    with pytest.raises(DocgenError):
        point_label(i)


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "I"),
        (4, "IV"),
        (9, "IX"),
        (12, "XII"),
        (14, "XIV"),
        (40, "XL"),
        (1994, "MCMXCIV"),
        (3999, "MMMCMXCIX"),
    ],
)
def test_roman(n: int, text: str) -> None:
    assert roman(n) == text


@pytest.mark.parametrize("n", [0, -3, 4000])
def test_roman_out_of_range(n: int) -> None:
    with pytest.raises(DocgenError, match="Roman"):
        roman(n)


def test_outline_label() -> None:
    assert outline_label(0, 1) == "I."
    assert outline_label(0, 4) == "IV."
    assert outline_label(1, 3) == "3."
    assert outline_label(2, 5) == "đ)"
    assert outline_label(3, 9) == "-"
    assert outline_label(5, 1) == "-"


def test_outline_label_errors() -> None:
    with pytest.raises(DocgenError):
        outline_label(-1, 1)
    with pytest.raises(DocgenError):
        outline_label(1, 0)


def test_ascii_fold() -> None:
    assert ascii_fold("131/QĐ-TTg") == ascii_fold("131/QD-TTg") == "131/qd-ttg"
    assert ascii_fold("Đề án đổi mới") == "de an doi moi"
    assert ascii_fold(unicodedata.normalize("NFD", "Kế hoạch")) == "ke hoach"
    assert ascii_fold("") == ""


def test_suggest_exact_fold_match_first() -> None:
    assert suggest("ke hoach", ["Kế hoạch", "Báo cáo"]) == "Kế hoạch"
    assert suggest("131/QD-TTg", ["131/QĐ-TTg", "131/QĐ-TT"]) == "131/QĐ-TTg"


def test_suggest_close_match_and_none() -> None:
    assert suggest("Ke hoac", ["Kế hoạch", "Báo cáo"]) == "Kế hoạch"
    assert suggest("xyz", ["Kế hoạch", "Báo cáo"]) is None
    assert suggest("anything", []) is None
