"""The tờ trình and thông báo examples reproduce the real documents they were written from
(../shared/corpus/real-docx) at a similarity of 0.95 or more, as ../shared/tools/fidelity.py
measures it. (The corpus holds no giấy mời: its example has no reference to compare with.)"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CATALOGS, EXAMPLES, ROOT

from docgen.cli import main

SHARED = ROOT.parent / "shared"
FIDELITY = SHARED / "tools" / "fidelity.py"
#: example → the real document it reproduces
REFERENCES = {
    "lam-dong-to-trinh-vstbpn": "vb137.docx",
    "lam-dong-thong-bao-truong-son": "vb084.docx",
}
WANTED = 0.95


@pytest.mark.parametrize(("example", "reference"), REFERENCES.items())
def test_the_example_reproduces_its_real_document(
    example: str, reference: str, tmp_path: Path
) -> None:
    real = SHARED / "corpus" / "real-docx" / reference
    if not FIDELITY.is_file() or not real.is_file():
        pytest.skip("../shared (corpus and tools/fidelity.py) is not beside the repository")
    spec = EXAMPLES / f"{example}.yaml"
    result = CliRunner().invoke(
        main, ["render", str(spec), "-o", str(tmp_path), "--catalog", str(CATALOGS)]
    )
    assert result.exit_code == 0, result.output
    measured = subprocess.run(
        [sys.executable, str(FIDELITY), str(tmp_path / f"{example}.docx"), str(real)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"^similarity (\d\.\d+)", measured, re.MULTILINE)
    assert found is not None, measured
    assert float(found[1]) >= WANTED, measured
