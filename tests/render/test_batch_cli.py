"""`docgen render --jobs N`: the same files and messages as one by one; an error in a worker
is the same `file:line` message, a non-zero exit, and no file after it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.render import batch

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "examples" / "sa-thay-2025.yaml"


def specs(folder: Path, count: int, broken: int | None = None) -> list[Path]:
    """count copies of the example under their own names; number *broken* has a typo."""
    text = GOOD.read_text(encoding="utf-8")
    out = []
    for i in range(count):
        body = text.replace("name: sa-thay-2025", f"name: so-{i}")
        if i == broken:
            body = body.replace('"1491/SGDĐT-QLCLGDCNTT"', '"1491/SGDDT-QLCLGDCNTT"')
        path = folder / f"spec-{i}.yaml"
        path.write_text(body, encoding="utf-8")
        out.append(path)
    return out


def render(paths: list[Path], out: Path, *extra: str) -> tuple[int, str]:
    args = ["render", *map(str, paths), "-o", str(out), "--catalog", str(ROOT / "catalogs")]
    result = CliRunner().invoke(main, [*args, *extra], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture()
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """One spec per chunk, so that a handful of specs goes to worker processes."""
    monkeypatch.setattr(batch, "CHUNK_SIZE", 1)


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("jobs", ["1", "2", "0"])
def test_writes_every_spec_in_order(tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out"
    code, text = render(specs(tmp_path, 4), out, "--jobs", jobs)
    assert code == 0, text
    assert text.splitlines() == [f"wrote {out / f'so-{i}.docx'}" for i in range(4)]
    assert sorted(p.name for p in out.iterdir()) == [f"so-{i}.docx" for i in range(4)]


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_error_is_the_same_and_nothing_after_it(tmp_path: Path, jobs: str) -> None:
    paths = specs(tmp_path, 5, broken=2)
    out = tmp_path / "out"
    code, text = render(paths, out, "--jobs", jobs)
    assert code != 0 and "Traceback" not in text
    lines = text.splitlines()
    assert lines[:2] == [f"wrote {out / 'so-0.docx'}", f"wrote {out / 'so-1.docx'}"]
    assert lines[2].startswith(f"error: {paths[2]}:")
    assert "unknown reference '1491/SGDDT-QLCLGDCNTT'" in lines[2]
    assert sorted(p.name for p in out.iterdir()) == ["so-0.docx", "so-1.docx"]


@pytest.mark.usefixtures("small_chunks")
def test_template_error_in_a_worker(tmp_path: Path) -> None:
    """The template fails in the worker process: the message names it, as it would here."""
    paths = specs(tmp_path, 4)
    shutil.copy(ROOT / "tests" / "render" / "test_batch_cli.py", tmp_path / "bad.docx")
    paths[3].write_text(paths[3].read_text(encoding="utf-8") + "\ntemplate: bad.docx\n")
    code, text = render(paths, tmp_path / "out", "--jobs", "2")
    assert code != 0 and "Traceback" not in text
    assert text.splitlines()[-1] == (
        f"error: {tmp_path / 'bad.docx'}: not a Word .docx file — save the template as .docx "
        "(Word 2007+)"
    )
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        f"so-{i}.docx" for i in range(3)
    ]


def test_jobs_must_not_be_negative(tmp_path: Path) -> None:
    code, text = render(specs(tmp_path, 1), tmp_path / "out", "--jobs", "-1")
    assert code != 0 and "-1" in text
