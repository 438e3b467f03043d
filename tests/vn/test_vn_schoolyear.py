"""Tests for docgen.vn.schoolyear."""

from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from docgen.errors import DocgenError
from docgen.vn.schoolyear import SchoolYear


@pytest.mark.parametrize("text", ["2025-2026", "2025 - 2026", "2025–2026", " 2025 – 2026 "])
def test_parse(text: str) -> None:
    assert SchoolYear.parse(text) == SchoolYear(2025)


@pytest.mark.parametrize("text", ["2025-2027", "2026-2025", "2025", "25-26", "2025/2026", ""])
def test_parse_rejects(text: str) -> None:
    with pytest.raises(DocgenError):
        SchoolYear.parse(text)


def test_parse_hint_for_non_consecutive() -> None:
    with pytest.raises(DocgenError) as info:
        SchoolYear.parse("2025-2027")
    assert info.value.hint == "did you mean 2025-2026?"


def test_labels_and_str() -> None:
    year = SchoolYear(2025)
    assert year.end == 2026
    assert year.label() == "2025-2026"
    assert year.label(spaced=True) == "2025 - 2026"
    assert str(year) == "2025-2026"


def test_next_shift_and_order() -> None:
    year = SchoolYear(2025)
    assert year.next() == SchoolYear(2026)
    assert year.shift(-2) == SchoolYear(2023)
    assert year.shift(0) == year
    assert SchoolYear(2024) < year < year.next()
    assert sorted([SchoolYear(2026), SchoolYear(2024)]) == [SchoolYear(2024), SchoolYear(2026)]


def test_frozen_and_hashable() -> None:
    year = SchoolYear(2025)
    with pytest.raises(FrozenInstanceError):
        year.start = 2024  # type: ignore[misc]
    assert len({year, SchoolYear(2025)}) == 1


def test_contains_boundaries() -> None:
    year = SchoolYear(2025)
    assert year.contains(date(2025, 8, 1))
    assert year.contains(date(2026, 7, 31))
    assert year.contains(date(2026, 1, 5))
    assert not year.contains(date(2025, 7, 31))
    assert not year.contains(date(2026, 8, 1))


def test_of() -> None:
    assert SchoolYear.of(date(2025, 8, 1)) == SchoolYear(2025)
    assert SchoolYear.of(date(2026, 7, 31)) == SchoolYear(2025)
    assert SchoolYear.of(date(2025, 7, 31)) == SchoolYear(2024)


def test_rejects_bad_start() -> None:
    with pytest.raises(DocgenError):
        SchoolYear(25)
