"""The synthetic country of benchmarks/make_province.py (what bench_national.py cascades)
cascades through `docgen cascade` without error: here 1 Bộ, 2 Sở, 3 xã, 6 schools."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT

from docgen.cli import main


def make_country(folder: Path, provinces: int, communes: int, schools: int) -> Path:
    spec = importlib.util.spec_from_file_location(
        "make_province_country", ROOT / "benchmarks" / "make_province.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path: Path = module.make_country(folder, provinces, communes, schools)
    return path


def test_a_synthetic_country_cascades(tmp_path: Path) -> None:
    spec = make_country(tmp_path, provinces=2, communes=3, schools=6)
    assert sorted(p.name for p in (tmp_path / "catalogs" / "orgs").iterdir()) == [
        "bo.yaml",
        "so-01.yaml",
        "so-02.yaml",
    ]
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "cascade",
            str(spec),
            "--down-to",
            "truong",
            "--catalog",
            str(tmp_path / "catalogs"),
            "-o",
            str(out),
            "-j",
            "1",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "wrote 12 documents" in result.stdout
    assert "(bo 1, so 2, xa 3, truong 6)" in result.stdout
    assert "without a signer" not in result.stdout
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.docx"))
    assert len(rows) == 12 == len(files)
    assert sorted(r["file"] for r in rows) == files
    assert {r["parent"] for r in rows if r["level"] == "so"} == {"bo-mau"}
    assert {r["parent"] for r in rows if r["level"] == "xa"} == {"sgddt-01", "sgddt-02"}
    assert len({r["org"] for r in rows}) == 12
    sgddt = next(r for r in rows if r["org"] == "sgddt-01")
    assert sgddt["deadlines"] == "so-ket-hk1 2026-01-27; tong-ket 2026-06-26"
