"""Figures are added up part with part and total with total, written the Vietnamese way, and
a target is met when every figure reaches its threshold exactly (50 % of 50 % is Đạt)."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest

from docgen.catalog.catalog import Catalog
from docgen.catalog.parse_report import parse_threshold
from docgen.compose.report import DAT, KHONG_DAT, NO_DATA, judge, show
from docgen.errors import CatalogError, Location
from docgen.figures import add_up
from docgen.model.entities import Measure
from docgen.model.report import Tally
from docgen.model.totals import DataSet, UnitData

HERE = Location("test")


def totals_of(catalog: Catalog, figure: str, *tallies: Tally):  # type: ignore[no-untyped-def]
    parent = catalog.org("ubnd-xa-ngok-bay")
    schools = catalog.children(parent.id)
    pairs = zip(schools, tallies, strict=False)
    units = tuple(UnitData(org, {figure: t}, HERE) for org, t in pairs)
    return add_up(DataSet("test", parent, units, tuple(schools)), [catalog.figure(figure)])


def test_rate_is_of_the_sums_not_the_average_of_rates(catalog: Catalog) -> None:
    totals = totals_of(catalog, "hs-may-tinh", Tally(1, 1), Tally(1, 9))
    assert totals.tallies["hs-may-tinh"] == Tally(2, 10)
    text = show(catalog.figure("hs-may-tinh"), totals.tallies["hs-may-tinh"])
    assert text == "2/10, đạt tỉ lệ: 20%"  # the average of 100 % and 11,1 % would be 55,6 %


@pytest.mark.parametrize(
    ("figure", "tally", "how", "expected"),
    [
        ("hs-may-tinh", Tally(868, 3629), "", "868/3.629, đạt tỉ lệ: 23,9%"),
        ("gv-may-tinh", Tally(261, 261), "", "261/261, đạt tỉ lệ: 100%"),
        ("hs-nen-tang", Tally(848, 3629), "", "848/3.629, đạt tỉ lệ: 23,4%"),
        ("ty-trong-truc-tuyen", Tally(390, 5000), "", "7,8%"),
        ("thcs-quan-tri", Tally(3, 3), "", "03/03 trường, đạt tỉ lệ: 100%"),
        ("csvc-ho-so", Tally(8, 8), "", "08/08 trường, đạt tỉ lệ: 100%"),
        ("nguoi-hoc-ho-so", Tally(4860, 4860), "", "4.860/4.860, đạt tỉ lệ: 100%"),
        ("nen-tang", Tally(names=("K12Online", "OLM.vn")), "", "02 (K12Online, OLM.vn)"),
        ("chu-ky-so", Tally(8, 8), "num", "8"),
        ("hs-may-tinh", Tally(0, 0), "", "không có số liệu"),
        ("hs-may-tinh", Tally(1, 3), "percent", "33,3%"),
        ("hs-may-tinh", Tally(1, 8), "percent", "12,5%"),  # half-up, not half-even
    ],
)
def test_figures_are_written_as_reports_write_them(
    catalog: Catalog, figure: str, tally: Tally, how: str, expected: str
) -> None:
    assert show(catalog.figure(figure), tally, how) == expected


def test_distinct_names_are_merged_in_order_without_case_duplicates() -> None:
    total = Tally(names=("K12Online", "Zoom")) + Tally(names=("zoom", "LMS"))
    assert total.names == ("K12Online", "Zoom", "LMS")


@pytest.mark.parametrize(
    ("num", "den", "threshold", "expected"),
    [
        (1, 2, "50%", DAT),  # exactly the threshold
        (1815, 3630, "50%", DAT),
        (1814, 3630, "50%", KHONG_DAT),  # 49,97 % is written "50%" but misses
        (49_999, 100_000, "50%", KHONG_DAT),
        (1, 10, "10%", DAT),  # 0.1 as a float would miss its own threshold
        (39, 500, "10%", KHONG_DAT),  # seed 004: 7,8 % against 10 %
        (848, 3629, "50%", KHONG_DAT),  # seed 004: 23,4 % against 50 %
        (4, 5, "80%", DAT),
        (3, 3, "100%", DAT),
        (260, 261, "100%", KHONG_DAT),
        (0, 5, "0%", DAT),
    ],
)
def test_target_met_at_or_above_its_threshold(
    catalog: Catalog, num: int, den: int, threshold: str, expected: str
) -> None:
    target = replace(
        catalog.target("qd131-nen-tang"),
        measures=(Measure("hs-nen-tang", parse_threshold(threshold, HERE)),),
    )
    totals = totals_of(catalog, "hs-nen-tang", Tally(num, den))
    assert judge(target, totals, {}, catalog).result == expected


def test_every_measure_must_be_met(catalog: Catalog) -> None:
    target = catalog.target("qd131-tiep-can")  # 50 % of pupils and 100 % of teachers
    parent = catalog.org("ubnd-xa-ngok-bay")
    school = catalog.org("th-thcs-ngok-bay")
    pupils_ok = {"hs-may-tinh": Tally(5, 10), "hs-internet": Tally(5, 10)}
    teachers = {"gv-may-tinh": Tally(10, 10), "gv-internet": Tally(9, 10)}
    figures = [catalog.figure(m.figure) for m in target.measures]
    data = DataSet("t", parent, (UnitData(school, pupils_ok | teachers, HERE),), (school,))
    verdict = judge(target, add_up(data, figures), {}, catalog)
    assert verdict.result == KHONG_DAT and "gv-internet 90% < 100%" in verdict.detail
    teachers["gv-internet"] = Tally(10, 10)
    data = DataSet("t", parent, (UnitData(school, pupils_ok | teachers, HERE),), (school,))
    assert judge(target, add_up(data, figures), {}, catalog).result == DAT


def test_no_total_is_no_verdict(catalog: Catalog) -> None:
    totals = totals_of(catalog, "hs-nen-tang", Tally(0, 0))
    assert judge(catalog.target("qd131-nen-tang"), totals, {}, catalog).result == NO_DATA


def test_a_target_without_figures_needs_the_authors_assessment(catalog: Catalog) -> None:
    target = catalog.target("qd131-kho-hoc-lieu")
    assert not target.computed
    assert judge(target, None, {target.id: "Đạt"}, catalog).result == "Đạt"
    with pytest.raises(CatalogError, match="no figure to compute its result from"):
        judge(target, None, {}, catalog)


@pytest.mark.parametrize(
    ("text", "value"),
    [("50%", Fraction(1, 2)), ("7,5%", Fraction(3, 40)), ("100", Fraction(1)), ("0%", 0)],
)
def test_thresholds_are_exact(text: str, value: Fraction) -> None:
    assert parse_threshold(text, HERE) == value


@pytest.mark.parametrize("text", ["half", "150%", "-5%"])
def test_bad_thresholds(text: str) -> None:
    with pytest.raises(CatalogError, match="threshold must be"):
        parse_threshold(text, HERE)
