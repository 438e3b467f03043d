"""A clerk opens a stock template in LibreOffice, restyles it and saves it: docgen still renders
every example with it, to the same text, and the documents pass `docgen check`.

Every stock template is saved through LibreOffice with no change (``soffice --convert-to
docx``, with a private profile so that parallel runs do not collide). LibreOffice rewrites
every part its own way: its own style sheet, the PAGE field as a complex field
(w:fldChar/w:instrText), no footnotes part while there are no footnotes, a section break
moved from an empty paragraph onto the paragraph before it. The examples are rendered once
with the stock templates and once with the saved ones (found through $DOCGEN_TEMPLATES).

The tests marked xfail are what the render engine does not accept yet of a template saved by
LibreOffice; each says what it must accept instead (strict: they fail once it does, so that
the mark goes).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CATALOGS, EXAMPLES, ROOT
from docx import Document
from docxview import W, part_xml, text_dump, twips
from test_appendix_kinds import APPENDIX, KINDS

from docgen.cli import main

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
TEMPLATES = sorted((ROOT / "templates").glob("*.docx"))
SPECS = sorted(EXAMPLES.glob("*.yaml"))
#: the two ways a template reaches docgen here: as committed, and as LibreOffice saved it
WAYS = ("stock", "saved")

#: 10 to 25 s (LibreOffice starts on a fresh profile, ten renders, five checks)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        SOFFICE is None,
        reason="LibreOffice (soffice) is not installed: the stock templates cannot be saved "
        "through it (.ci/run installs it)",
    ),
]


def save_through_libreoffice(templates: list[Path], out: Path, profile: Path) -> None:
    """Open and save *templates* in LibreOffice (Word 2007-365 format) into *out*."""
    assert SOFFICE is not None
    result = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            *map(str, templates),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.glob("*.docx")) == [p.name for p in templates], (
        result.stdout + result.stderr
    )


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The templates folder of each way: the committed one, and LibreOffice's copies."""
    saved = tmp_path_factory.mktemp("saved-templates")
    save_through_libreoffice(TEMPLATES, saved, tmp_path_factory.mktemp("lo-profile"))
    return {"stock": ROOT / "templates", "saved": saved}


def render(specs: list[Path], templates: Path, out: Path) -> None:
    """`docgen render` with the stock templates looked up in *templates*."""
    args = ["render", *map(str, specs), "-o", str(out), "--catalog", str(CATALOGS)]
    result = CliRunner().invoke(main, args, env={"DOCGEN_TEMPLATES": str(templates)})
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def outputs(folders: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example rendered each way, in a folder per way."""
    found = {}
    for way, templates in folders.items():
        found[way] = tmp_path_factory.mktemp(f"out-{way}")
        render(SPECS, templates, found[way])
    return found


def test_libreoffice_rewrote_every_template(folders: dict[str, Path]) -> None:
    """Not a copy: LibreOffice wrote the document part and the style sheet its own way."""
    for template in TEMPLATES:
        with (
            zipfile.ZipFile(template) as stock,
            zipfile.ZipFile(folders["saved"] / template.name) as saved,
        ):
            for part in ("word/document.xml", "word/styles.xml"):
                assert saved.read(part) != stock.read(part), f"{template.name}: {part}"
            assert "LibreOffice" in saved.read("docProps/app.xml").decode()


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_same_text_and_look(spec: Path, outputs: dict[str, Path]) -> None:
    """Paragraph by paragraph (tables included) the same text, size, bold, italic and
    alignment, and the same footnotes."""
    stock, saved = (text_dump(outputs[way] / f"{spec.stem}.docx") for way in WAYS)
    assert saved == stock


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_passes_check(spec: Path, outputs: dict[str, Path]) -> None:
    result = CliRunner().invoke(
        main, ["check", "--format", "json", str(outputs["saved"] / f"{spec.stem}.docx")]
    )
    report = json.loads(result.output)
    errors = [f for entry in report["files"] for f in entry["findings"] if f["severity"] == "error"]
    assert result.exit_code == 0 and errors == []


def sections(path: Path) -> list[tuple[str, str | None, bool]]:
    """Each section's orientation, first page number, and whether page 1 has its own header."""
    found = []
    for section in Document(str(path)).sections:
        numbering = section._sectPr.find(f"{W}pgNumType")
        start = numbering.get(f"{W}start") if numbering is not None else None
        wide = twips(section.page_width) > twips(section.page_height)
        own_first = section.different_first_page_header_footer
        found.append(("landscape" if wide else "portrait", start, own_first))
    return found


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_same_sections(spec: Path, outputs: dict[str, Path]) -> None:
    stock, saved = (sections(outputs[way] / f"{spec.stem}.docx") for way in WAYS)
    assert saved == stock


@pytest.mark.parametrize("way", WAYS)
def test_two_appendices_each_in_its_section(
    way: str, folders: dict[str, Path], tmp_path: Path
) -> None:
    text = (EXAMPLES / "hai-phong-2024.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "appendices:\n  - cntt-cds-2024-2025\n",
        "appendices:\n  - cntt-cds-2024-2025\n  - cntt-cds-2024-2025\n",
    ).replace("(tiến độ chi tiết tại Phụ lục kèm theo)", "(Phụ lục I và Phụ lục II kèm theo)")
    spec = tmp_path / "hai-phong-2024.yaml"
    spec.write_text(text, encoding="utf-8")
    render([spec], folders[way], tmp_path / "out")
    found = sections(tmp_path / "out" / "hai-phong-2024.docx")
    assert found == [("portrait", None, True), ("landscape", "1", True), ("landscape", "1", True)]


@pytest.mark.parametrize("example", sorted(KINDS))
def test_the_new_kinds_appendix_survives_a_save(
    example: str, folders: dict[str, Path], tmp_path: Path
) -> None:
    """A landscape Phụ lục on a quyết định, tờ trình, thông báo, giấy mời: the same text,
    look and sections from LibreOffice's copy of the template as from the stock one."""
    old, new, _ = KINDS[example]
    text = (EXAMPLES / f"{example}.yaml").read_text(encoding="utf-8").replace(old, new, 1)
    spec = tmp_path / f"{example}.yaml"
    spec.write_text(text + APPENDIX.format(orientation="landscape"), encoding="utf-8")
    found = {}
    for way in WAYS:
        render([spec], folders[way], tmp_path / way)
        path = tmp_path / way / f"{example}.docx"
        found[way] = (text_dump(path), sections(path))
    assert found["saved"] == found["stock"]
    assert found["saved"][1] == [("portrait", None, True), ("landscape", "1", True)]


def parts(path: Path, *names: str) -> list[str]:
    """Those of *names* the package holds (a document without footnotes may have none)."""
    with zipfile.ZipFile(path) as z:
        return [name for name in names if name in z.namelist()]


def undefined_styles(path: Path) -> dict[str, set[str]]:
    """Per part of a rendered document, the style ids it uses that styles.xml lacks."""
    defined = {s.get(f"{W}styleId") for s in part_xml(path, "word/styles.xml").iter(f"{W}style")}
    missing = {}
    for part in parts(path, "word/document.xml", "word/footnotes.xml"):
        root = part_xml(path, part)
        used = {e.get(f"{W}val") for e in root.iter(f"{W}pStyle", f"{W}rStyle", f"{W}tblStyle")}
        if used - defined:
            missing[part] = used - defined
    return missing


@pytest.mark.parametrize("way", WAYS)
def test_every_style_used_is_defined(way: str, outputs: dict[str, Path]) -> None:
    missing = {spec.stem: undefined_styles(outputs[way] / f"{spec.stem}.docx") for spec in SPECS}
    assert {name: parts for name, parts in missing.items() if parts} == {}


@pytest.mark.parametrize("way", WAYS)
def test_footnotes_have_their_separators(way: str, outputs: dict[str, Path]) -> None:
    without = []
    for spec in SPECS:
        path = outputs[way] / f"{spec.stem}.docx"
        if not parts(path, "word/footnotes.xml"):
            continue
        notes = part_xml(path, "word/footnotes.xml")
        kinds = {n.get(f"{W}type", "normal") for n in notes.iter(f"{W}footnote")}
        if "normal" in kinds and not {"separator", "continuationSeparator"} <= kinds:
            without.append(spec.stem)
    assert without == []
