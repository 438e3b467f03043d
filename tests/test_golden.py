"""Golden files: every example and one cascade document per level, rendered through the CLI
and compared as a normalised text and formatting dump (tests/docxview.py: text_dump).

A golden file that is missing fails its test: write it on purpose with DOCGEN_REGEN_GOLDEN=1
and review the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from docxview import text_dump

from docgen.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
GOLDEN = ROOT / "tests" / "golden"
CASCADE_SPEC = ROOT / "examples" / "so-quang-ngai-1491.yaml"
#: one document per level of the cascade (the Sở, a xã, a school under it)
CASCADE_SAMPLES = ("so/sgddt-quang-ngai", "xa/ubnd-xa-sa-thay", "truong/th-sa-thay")


def _run(*args: str) -> None:
    result = CliRunner().invoke(main, [*args, "--catalog", str(ROOT / "catalogs")])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def examples_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden")
    _run("render", *map(str, EXAMPLES), "-o", str(out), "--jobs", "1")
    return out


@pytest.fixture(scope="module")
def cascade_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden-cascade")
    _run("cascade", str(CASCADE_SPEC), "--down-to", "truong", "-o", str(out), "--quiet")
    return out


def _compare(docx: Path, golden: Path) -> None:
    dump = text_dump(docx)
    if os.environ.get("DOCGEN_REGEN_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(dump, encoding="utf-8")
    assert golden.exists(), f"{golden} is missing: write it with DOCGEN_REGEN_GOLDEN=1, review it"
    assert dump == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda p: p.stem)
def test_example_matches_golden(examples_out: Path, spec: Path) -> None:
    _compare(examples_out / f"{spec.stem}.docx", GOLDEN / f"{spec.stem}.txt")


@pytest.mark.parametrize("sample", CASCADE_SAMPLES)
def test_cascade_document_matches_golden(cascade_out: Path, sample: str) -> None:
    golden = GOLDEN / "cascade" / f"{sample.replace('/', '--')}.txt"
    _compare(cascade_out / f"{sample}.docx", golden)


def test_every_example_has_a_golden_file() -> None:
    missing = [p.stem for p in EXAMPLES if not (GOLDEN / f"{p.stem}.txt").exists()]
    assert not missing, f"examples without a golden file: {missing}"
