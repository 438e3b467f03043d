"""The synthetic province of benchmarks/make_province.py cascades without error (small here:
the full 1 Sở / 100 xã / 1,000 schools is the benchmark's run)."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT

from docgen.cli import main


def make_province(folder: Path, communes: int, schools: int) -> Path:
    spec = importlib.util.spec_from_file_location(
        "make_province", ROOT / "benchmarks" / "make_province.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_province"] = module
    spec.loader.exec_module(module)
    path: Path = module.make(folder, communes, schools)
    return path


def test_a_synthetic_province_cascades(tmp_path: Path) -> None:
    spec = make_province(tmp_path, communes=3, schools=4)
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
            "--ics",
            str(out / "deadlines.ics"),
            "-j",
            "1",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "wrote 16 documents" in result.stdout and "(so 1, xa 3, truong 12)" in result.stdout
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 16 == len(list(out.rglob("*.docx")))
    assert {r["parent"] for r in rows if r["level"] == "truong"} == {
        "ubnd-xa-001",
        "ubnd-xa-002",
        "ubnd-xa-003",
    }
    assert "without a signer" not in result.stdout
