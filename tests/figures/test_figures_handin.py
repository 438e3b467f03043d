"""The workflows read a report's figure files and hand the totals to compose: composing
reads no file, and a cascade (which composes every document twice) reads them once."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import EXAMPLES

import docgen.figures.spec
from docgen.catalog.catalog import Catalog
from docgen.catalog.specfile import load_spec
from docgen.compose.context import build_context
from docgen.compose.inline import plain
from docgen.compose.report import StatGroup, TableBlock
from docgen.errors import CatalogError
from docgen.figures import spec_totals
from docgen.workflows.cascade import plan_cascade, write_cascade

SPEC = EXAMPLES / "ngok-bay-2025.yaml"


def test_compose_writes_the_totals_it_is_given(catalog: Catalog) -> None:
    spec = load_spec(SPEC)
    totals = spec_totals(spec, catalog)
    assert totals is not None and len(totals.reported) == 8
    gone = dataclasses.replace(spec, data="no-such-folder")  # nothing there to read
    ctx = build_context(gone, catalog, totals)
    body = "\n".join(plain(b.spans) for b in ctx.body)
    assert "Số liệu tổng hợp từ báo cáo của 08/08 đơn vị." in body
    assert "các đơn vị trực thuộc xã là 8/8 đơn vị (đạt tỷ lệ 100%)" in body
    tables = [b.table for b in ctx.body if isinstance(b, TableBlock) and b.table]
    groups = [g for g in tables[0].groups if isinstance(g, StatGroup)]
    assert len(groups) == len(tables[0].groups)  # a statistics table, no targets
    lines = [line for g in groups for r in g.rows for line in r.lines]
    assert "- Tổng số học sinh có máy tính: 868/3.629, đạt tỉ lệ: 23,9%." in lines


def test_a_report_without_data_is_refused_before_composing(catalog: Catalog) -> None:
    spec = dataclasses.replace(load_spec(SPEC), data="")
    with pytest.raises(CatalogError, match="the report uses figures but names no data"):
        spec_totals(spec, catalog)


def test_a_cascade_reads_the_figure_files_once(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[Path] = []
    load_data = docgen.figures.spec.load_data

    def counted(source: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        read.append(source)
        return load_data(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(docgen.figures.spec, "load_data", counted)
    plan = plan_cascade(load_spec(SPEC), catalog, "truong")
    written = list(write_cascade(plan, tmp_path / "out", jobs=1))
    assert len(written) == len(plan.docs) == 9  # the xã's report and its eight schools'
    assert read == [EXAMPLES / "data" / "ngok-bay"]
