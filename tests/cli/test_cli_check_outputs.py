"""Every document docgen writes passes its own NĐ30 checker with no error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CATALOGS, EXAMPLES

from docgen.cli import main

SPECS = sorted(EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_example_passes_check(spec: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main, ["render", str(spec), "-o", str(tmp_path), "--catalog", str(CATALOGS)]
    )
    assert result.exit_code == 0, result.output
    files = sorted(str(p) for p in tmp_path.glob("*.docx"))
    result = runner.invoke(main, ["check", "--format", "json", *files])
    report = json.loads(result.output)
    errors = [f for entry in report["files"] for f in entry["findings"] if f["severity"] == "error"]
    assert result.exit_code == 0 and not errors, errors


def test_check_command_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"not a zip")
    result = runner.invoke(main, ["check", str(junk)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    result = runner.invoke(main, ["check"])
    assert result.exit_code == 2
    result = runner.invoke(main, ["check", "--rules"])
    assert result.exit_code == 0 and "ND30-NN-LUU" in result.output


def test_every_cascade_output_passes_check(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "cascade"
    result = runner.invoke(
        main,
        [
            "cascade",
            str(EXAMPLES / "so-quang-ngai-1491.yaml"),
            "--down-to",
            "truong",
            "-o",
            str(out),
            "--catalog",
            str(CATALOGS),
            "-q",
            "-j",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    files = sorted(str(p) for p in out.rglob("*.docx"))
    assert len(files) >= 10
    result = runner.invoke(main, ["check", "--format", "json", *files])
    report = json.loads(result.output)
    errors = [
        (entry["path"], f["rule"])
        for entry in report["files"]
        for f in entry["findings"]
        if f["severity"] == "error"
    ]
    assert result.exit_code == 0 and not errors, errors
