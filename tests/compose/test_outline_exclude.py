"""A spec leaves out task items by id (`exclude:`); the items after them are numbered on."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES

from docgen.catalog.catalog import Catalog
from docgen.catalog.specfile import load_spec
from docgen.compose.context import build_context
from docgen.compose.inline import plain
from docgen.errors import CatalogError

SPEC = EXAMPLES / "sa-thay-2025.yaml"


def body(catalog: Catalog, spec: Path) -> list[str]:
    return [plain(b.spans) for b in build_context(load_spec(spec), catalog).body]


def with_exclude(tmp_path: Path, ids: str) -> Path:
    text = SPEC.read_text(encoding="utf-8")
    assert text.count("  - tasks: cntt-cds\n") == 1
    spec = tmp_path / "sa-thay-2025.yaml"
    spec.write_text(
        text.replace("  - tasks: cntt-cds\n", f"  - tasks: cntt-cds\n    exclude: [{ids}]\n"),
        encoding="utf-8",
    )
    return spec


def test_an_excluded_item_goes_and_the_next_take_its_number(
    catalog: Catalog, tmp_path: Path
) -> None:
    whole = body(catalog, SPEC)
    nq57 = next(i for i, t in enumerate(whole) if t.startswith("1. ") and "57-NQ/TW" in t)
    second = whole[nq57 + 1]
    assert second.startswith("2. ")
    less = body(catalog, with_exclude(tmp_path, "nq57"))
    assert len(less) == len(whole) - 1
    assert not any("57-NQ/TW" in t and "Tham mưu" in t for t in less)
    assert "1. " + second.removeprefix("2. ") in less


def test_an_unknown_item_is_a_clear_error(catalog: Catalog, tmp_path: Path) -> None:
    spec = with_exclude(tmp_path, "nq75")
    with pytest.raises(CatalogError) as info:
        build_context(load_spec(spec), catalog)
    message = str(info.value)
    assert message.startswith(f"{spec}:")
    assert "has no item 'nq75' to exclude" in message and "did you mean 'nq57'?" in message
