"""PDF copies through a pool of LibreOffice workers: `docgen render --pdf`, `docgen cascade
--pdf`, PDF/A-2b, fonts, page counts, no LibreOffice left running, clear errors."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from docgen.cli import main
from docgen.errors import DocgenError
from docgen.render import pdf as pdfmod
from docgen.render.pdf import LibreOfficePool, to_pdf

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed"),
]


def processes_mentioning(text: str) -> list[str]:
    """The command lines of running processes that contain *text*."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if text in cmdline:
            found.append(cmdline)
    return found


def pages(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def fonts(path: Path) -> set[str]:
    """The font names of every character, without their subset prefix."""
    with pdfplumber.open(path) as pdf:
        return {c["fontname"].split("+")[-1] for page in pdf.pages for c in page.chars}


@pytest.fixture(scope="module")
def rendered_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every example rendered with `docgen render --pdf`."""
    out = tmp_path_factory.mktemp("pdf")
    result = CliRunner().invoke(
        main, ["render", *map(str, sorted(EXAMPLES.glob("*.yaml"))), "-o", str(out), "--pdf"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.count(".pdf\n") == len(list(EXAMPLES.glob("*.yaml")))
    return out


def test_render_pdf_writes_one_pdf_beside_each_docx(rendered_pdfs: Path) -> None:
    docx = sorted(p.stem for p in rendered_pdfs.glob("*.docx"))
    assert sorted(p.stem for p in rendered_pdfs.glob("*.pdf")) == docx
    assert [p.name for p in rendered_pdfs.iterdir() if p.name.startswith(".")] == []
    for path in rendered_pdfs.glob("*.pdf"):
        assert path.read_bytes().startswith(b"%PDF-")
        assert pages(path) >= 1


def test_fonts_are_times_or_liberation_serif_embedded(rendered_pdfs: Path) -> None:
    for path in rendered_pdfs.glob("*.pdf"):
        names = fonts(path)
        assert names and all(re.match(r"(LiberationSerif|TimesNewRoman)", n) for n in names), (
            path,
            names,
        )
        if shutil.which("pdffonts"):
            listing = subprocess.run(
                ["pdffonts", str(path)], capture_output=True, text=True, check=True
            ).stdout.splitlines()[2:]
            assert listing and all(line.split()[-5] == "yes" for line in listing), listing


def test_the_page_count_is_the_layout_of_libreoffice(rendered_pdfs: Path, tmp_path: Path) -> None:
    """The same .docx converted again, alone, lays out on as many pages."""
    again = to_pdf(sorted(rendered_pdfs.glob("*.docx")), out_dir=tmp_path, jobs=1)
    for path in again:
        assert pages(path) == pages(rendered_pdfs / path.name), path.name


def test_pdfa_declares_pdfa_2b(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["render", str(EXAMPLES / "sa-thay-2025.yaml"), "-o", str(tmp_path), "--pdfa"]
    )
    assert result.exit_code == 0, result.output
    data = (tmp_path / "sa-thay-2025.pdf").read_bytes()
    xmp = re.search(rb"<x:xmpmeta.*?</x:xmpmeta>", data, re.S)
    assert xmp is not None
    assert re.search(rb"<pdfaid:part>2</pdfaid:part>", xmp.group())
    assert re.search(rb"<pdfaid:conformance>B</pdfaid:conformance>", xmp.group())


def test_plain_pdf_declares_no_pdfa(rendered_pdfs: Path) -> None:
    assert b"pdfaid:part" not in (rendered_pdfs / "sa-thay-2025.pdf").read_bytes()


def test_cascade_pdf(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "cascade",
            str(EXAMPLES / "so-quang-ngai-1491.yaml"),
            "--down-to",
            "xa",
            "-o",
            str(tmp_path),
            "--pdf",
        ],
    )
    assert result.exit_code == 0, result.output
    docx = sorted(p.with_suffix("").relative_to(tmp_path) for p in tmp_path.rglob("*.docx"))
    assert len(docx) > 2
    assert sorted(p.with_suffix("").relative_to(tmp_path) for p in tmp_path.rglob("*.pdf")) == docx
    assert "PDF files beside them" in result.output


def test_no_libreoffice_is_left_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rendered_pdfs: Path
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    docx = sorted(rendered_pdfs.glob("*.docx"))
    out = tmp_path / "out"
    written = to_pdf(docx, out_dir=out, jobs=2)
    assert [p.name for p in written] == [p.with_suffix(".pdf").name for p in docx]
    assert processes_mentioning(str(tmp_path)) == []
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # the profiles are gone


def test_the_pool_starts_lazily_and_stopping_it_kills_a_running_conversion(
    tmp_path: Path, rendered_pdfs: Path
) -> None:
    import threading

    pool = LibreOfficePool(2, workdir=tmp_path)
    assert list(tmp_path.iterdir()) == []  # nothing started yet
    docx = sorted(rendered_pdfs.glob("*.docx")) * 4
    failed: list[BaseException] = []

    def convert() -> None:
        try:
            pool.convert(docx, tmp_path)
        except DocgenError as err:  # pragma: no cover - depends on timing
            failed.append(err)

    thread = threading.Thread(target=convert)
    thread.start()
    for _ in range(100):
        if processes_mentioning(str(tmp_path)):
            break
        threading.Event().wait(0.05)
    assert processes_mentioning(str(tmp_path))
    pool.stop()
    thread.join(30)
    assert not thread.is_alive()
    assert processes_mentioning(str(tmp_path)) == []


def test_missing_libreoffice_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rendered_pdfs: Path
) -> None:
    monkeypatch.setattr(pdfmod.shutil, "which", lambda _name: None)
    result = CliRunner().invoke(
        main, ["render", str(EXAMPLES / "sa-thay-2025.yaml"), "-o", str(tmp_path), "--pdf"]
    )
    assert result.exit_code != 0
    assert "apt-get install libreoffice-writer-nogui fonts-liberation2" in result.output
    assert "Traceback" not in result.output


def test_a_signed_or_foreign_pdf_is_not_replaced(tmp_path: Path, rendered_pdfs: Path) -> None:
    docx = tmp_path / "sa-thay-2025.docx"
    shutil.copy(rendered_pdfs / "sa-thay-2025.docx", docx)
    mine = tmp_path / "sa-thay-2025.pdf"
    mine.write_bytes(b"%PDF-1.7\n% a PDF someone made\n")
    with pytest.raises(DocgenError, match="already exists"):
        to_pdf([docx])
    assert mine.read_bytes().endswith(b"someone made\n")
    to_pdf([docx], force=True)
    assert pages(mine) > 1
    to_pdf([docx])  # its own earlier copy is replaced


def test_a_broken_docx_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("word/document.xml", "not xml at all")
    with pytest.raises(DocgenError) as err:
        to_pdf([bad])
    assert "broken.docx" in str(err.value)
    assert not (tmp_path / "broken.pdf").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["broken.docx"]


def test_not_a_docx(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(DocgenError, match="not a .docx"):
        to_pdf([tmp_path / "a.txt"])
    with pytest.raises(DocgenError, match="not found"):
        to_pdf([tmp_path / "missing.docx"])


def test_no_documents_starts_nothing() -> None:
    assert to_pdf([]) == []
    assert os.cpu_count()
