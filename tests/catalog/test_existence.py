"""One definition of the day a document's organisations must exist on, and of successor
chains (organisations and references), as the cascade, the rollover and the figures use."""

from __future__ import annotations

from datetime import date

from docgen.catalog.catalog import Catalog, document_day
from docgen.model.entities import Org, Reference
from docgen.vn.schoolyear import SchoolYear


def org(org_id: str, **kw: object) -> Org:
    return Org(org_id, org_id, kw.pop("level", "xa"), "UBND", "A", **kw)  # type: ignore[arg-type]


def test_the_day_is_the_date_else_the_school_years_first_day_else_new_year() -> None:
    assert document_day(date(2026, 3, 2), SchoolYear(2025), 2026) == date(2026, 3, 2)
    assert document_day(None, SchoolYear(2025), 2026) == date(2025, 8, 1)
    assert document_day(None, None, 2026) == date(2026, 1, 1)


def test_successors_and_the_one_existing_on_a_day() -> None:
    old = org("old", valid_to=date(2025, 6, 30), successor="mid")
    mid = org("mid", valid_from=date(2025, 7, 1), valid_to=date(2025, 12, 31), successor="new")
    new = org("new", valid_from=date(2026, 1, 1), successor="old")  # a cycle ends the chain
    catalog = Catalog(orgs={o.id: o for o in (old, mid, new)})
    assert [o.id for o in catalog.successors(old)] == ["mid", "new"]
    assert catalog.existing_on(old, date(2025, 1, 1)) is old
    assert catalog.existing_on(old, date(2025, 9, 1)) is mid
    assert catalog.existing_on(old, date(2026, 9, 1)) is new
    assert [o.id for o in catalog.successors(mid)] == ["new", "old"]  # each once
    assert catalog.existing_on(org("x", valid_to=date(2020, 1, 1)), date(2025, 1, 1)) is None
    assert [o.id for o in catalog.successors(org("lone", successor="unknown"))] == []


def test_children_on_a_day() -> None:
    parent = org("so", level="so")
    gone = org("a", parent="so", valid_to=date(2025, 6, 30))
    kept = org("b", parent="so")
    catalog = Catalog(orgs={o.id: o for o in (parent, gone, kept)})
    assert catalog.children("so") == [gone, kept]
    assert catalog.children("so", date(2025, 9, 1)) == [kept]


def test_the_reference_in_force() -> None:
    refs = [
        Reference("a", "Thông tư", "1", "Bộ", status="superseded", superseded_by="b"),
        Reference("b", "Thông tư", "2", "Bộ", status="superseded", superseded_by="c"),
        Reference("c", "Thông tư", "3", "Bộ"),
    ]
    catalog = Catalog(references={r.id: r for r in refs})
    assert catalog.in_force(refs[0]).id == "c"
    assert catalog.in_force(refs[2]) is refs[2]
