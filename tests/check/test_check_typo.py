"""docgen.typo: the shared width estimate for Times New Roman lines."""

from __future__ import annotations

import unicodedata

from docgen.typo import text_width_twips

TN = "Độc lập - Tự do - Hạnh phúc"


def test_tieu_ngu_at_14pt_bold_is_about_six_centimetres() -> None:
    width_cm = text_width_twips(TN, 14, bold=True) / 567
    assert 5.1 <= width_cm <= 6.9  # the decree's ≈6.0 cm, ±15 %


def test_diacritics_and_normal_form_do_not_change_the_width() -> None:
    assert text_width_twips("Hạnh phúc", 14) == text_width_twips("Hanh phuc", 14)
    nfd = unicodedata.normalize("NFD", TN)
    assert text_width_twips(nfd, 14, True) == text_width_twips(TN, 14, True)


def test_classes_and_scaling() -> None:
    assert text_width_twips("", 14) == 0
    assert text_width_twips("A", 10) == round(0.68 * 10 * 20)
    assert text_width_twips("A", 10, bold=True) == round(0.72 * 10 * 20)
    assert text_width_twips("a", 10) == round(0.46 * 200)
    assert text_width_twips("1", 10) == 100
    assert text_width_twips(" ", 10) == 50
    assert text_width_twips(".", 10) == 56
    assert abs(text_width_twips("ABC", 26) - 2 * text_width_twips("ABC", 13)) <= 1
