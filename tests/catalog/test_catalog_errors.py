"""Catalog mistakes are reported as file:line: message — hint, all in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.catalog.catalog import Catalog
from docgen.errors import CatalogError, DocgenError, ErrorList


def _errors(folder: Path) -> list[str]:
    with pytest.raises(DocgenError) as info:
        Catalog.load(folder)
    exc = info.value
    return [str(e) for e in exc.errors] if isinstance(exc, ErrorList) else [str(exc)]


def test_real_catalog_loads(catalog: Catalog) -> None:
    assert "ubnd-xa-sa-thay" in catalog.orgs
    assert catalog.ref("131/QĐ-TTg").date is not None
    assert catalog.org("ubnd-xa-sa-thay").signer("vo-thi-kim-dung") is not None
    assert catalog.milestone("so-ket-hk1", __import__("docgen.vn").vn.SchoolYear(2025))


def test_unknown_reference_in_task_text_suggests_the_right_one(catalog_copy: Path) -> None:
    bad = catalog_copy / "tasks" / "extra.yaml"
    bad.write_text(
        "task_lists:\n  - id: extra\n    sections:\n      - title: Một\n"
        "        items:\n          - text: 'Theo {{ cite(\"131/QD-TTg\") }}.'\n",
        encoding="utf-8",
    )
    errors = _errors(catalog_copy)
    assert any(
        e.startswith(f"{bad}:6:")
        and "unknown reference '131/QD-TTg'" in e
        and "did you mean '131/QĐ-TTg'?" in e
        for e in errors
    ), errors


def test_a_call_in_a_text_of_several_lines_is_said_at_its_own_line(
    catalog_copy: Path,
) -> None:
    tasks = catalog_copy / "tasks" / "cntt-cds-2025-2026.yaml"
    text = tasks.read_text(encoding="utf-8")
    call = '{{ cite("42/2021/TT-BGDĐT", "short") }}'
    assert text.count(call) == 1
    tasks.write_text(text.replace(call, call.replace("42/2021", "24/2021")), encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if call in row)
    column = text.splitlines()[line - 1].index("42/2021") + 1
    errors = _errors(catalog_copy)
    assert [e for e in errors if "'24/2021/TT-BGDĐT'" in e] == [
        f"{tasks}:{line}:{column}: unknown reference '24/2021/TT-BGDĐT' — did you mean "
        "'42/2021/TT-BGDĐT'?"
    ], errors


def test_every_problem_is_listed_in_one_run(catalog_copy: Path) -> None:
    (catalog_copy / "orgs" / "bad.yaml").write_text(
        "orgs:\n"
        "  - id: x1\n    name: A\n    level: truong\n    abbr: A\n    place: A\n"
        "    parent: nowhere\n"
        "  - id: x2\n    name: B\n    level: truong\n    abbr: B\n    place: B\n"
        "    valid_from: 2026-13-01\n",
        encoding="utf-8",
    )
    errors = _errors(catalog_copy)
    assert any("unknown organisation 'nowhere'" in e for e in errors), errors
    assert any(":13:" in e and "not a valid date: '2026-13-01'" in e for e in errors), errors


def test_duplicate_id_names_both_places(catalog_copy: Path) -> None:
    (catalog_copy / "references" / "dup.yaml").write_text(
        "references:\n  - number: 131/QĐ-TTg\n    type: Quyết định\n", encoding="utf-8"
    )
    errors = _errors(catalog_copy)
    assert any("duplicate id '131/QĐ-TTg' (first defined at" in e for e in errors), errors


def test_missing_field_and_unknown_key(catalog_copy: Path) -> None:
    path = catalog_copy / "references" / "x.yaml"
    path.write_text("references:\n  - number: 1/QĐ-X\n    typo: a\n", encoding="utf-8")
    errors = _errors(catalog_copy)
    assert any(e.startswith(f"{path}:3:") and "unknown key 'typo'" in e for e in errors)
    path.write_text("references:\n  - number: 1/QĐ-X\n", encoding="utf-8")
    errors = _errors(catalog_copy)
    assert any(e.startswith(f"{path}:2:") and "has no 'type'" in e for e in errors), errors


def test_broken_yaml_points_at_the_line(catalog_copy: Path) -> None:
    path = catalog_copy / "orgs" / "broken.yaml"
    path.write_text("orgs:\n  - id: a\n   name: [unclosed\n", encoding="utf-8")
    errors = _errors(catalog_copy)
    assert any(e.startswith(f"{path}:") and "invalid YAML" in e for e in errors), errors


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "file is empty"), (b"\x00\x01\x02PK", "not a text file"), (b"\xff\xfe\xfa", "UTF-8")],
)
def test_empty_and_binary_files(catalog_copy: Path, content: bytes, message: str) -> None:
    (catalog_copy / "orgs" / "odd.yaml").write_bytes(content)
    errors = _errors(catalog_copy)
    assert any("odd.yaml" in e and message in e for e in errors), errors


def test_parent_cycle_is_reported(catalog_copy: Path) -> None:
    (catalog_copy / "orgs" / "cycle.yaml").write_text(
        "orgs:\n"
        "  - {id: c1, name: A, level: xa, abbr: A, place: A, parent: c2}\n"
        "  - {id: c2, name: B, level: xa, abbr: B, place: B, parent: c1}\n",
        encoding="utf-8",
    )
    errors = _errors(catalog_copy)
    assert any("cannot be under" in e or "cycle" in e for e in errors), errors


def test_missing_folder() -> None:
    with pytest.raises(CatalogError, match="catalog folder not found"):
        Catalog.load(Path("/nonexistent/catalogs"))


def test_scalars_stay_text(catalog_copy: Path) -> None:
    """`no` is not False and `05` is not 5: every scalar is read as text."""
    (catalog_copy / "orgs" / "s.yaml").write_text(
        "orgs:\n  - {id: 'no', name: 'No', level: truong, abbr: '05', place: X}\n",
        encoding="utf-8",
    )
    cat = Catalog.load(catalog_copy)
    assert cat.orgs["no"].abbr == "05"
