"""Issue 16, class 7: zip bombs and broken packages where docgen reads a .docx it did not
make — an existing output it must decide whether it may replace, and a spec's own template.
Each is refused (or, for an output with --force, replaced without being read), naming the
file, in bounded time and memory."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_files import bomb_docx, flip_in_member, members, rezip, with_parts
from hostile_support import TEMPLATES, Workspace, assert_no_crash, assert_refused, spec_with
from test_hostile_check import ENTITIES, XXE, docgen_docx

DOC = "word/document.xml"
CORE = "docProps/core.xml"


def _signed_core(base: bytes) -> dict[str, bytes]:
    """Keep docgen's core properties (last author docgen) so the bomb looks like its own."""
    return {CORE: members(base)[CORE]}


EXISTING: dict[str, Callable[[bytes], bytes]] = {
    "bomb-core": lambda b: bomb_docx(b, CORE),
    "bomb-core-lying": lambda b: bomb_docx(b, CORE, honest=False),
    "bomb-document-signed": lambda b: bomb_docx(b, DOC, keep=_signed_core(b)),
    "bomb-document-signed-lying": lambda b: bomb_docx(b, DOC, honest=False, keep=_signed_core(b)),
    "corrupt-document-signed": lambda b: flip_in_member(b, DOC),
    "corrupt-core": lambda b: flip_in_member(b, CORE),
    "truncated": lambda b: b[: len(b) // 2],
    "no-document": lambda b: with_parts(b, {DOC: None}),
}


#: damaged but still fingerprinted as docgen's: docgen reads only the directory and the core
#: properties of an existing file (bounded), so it may take it for its own
DAMAGED_OURS = {"corrupt-document-signed"}


@pytest.mark.parametrize("case", EXISTING, ids=EXISTING.keys())
def test_an_existing_output_that_is_hostile(tmp_path: Path, case: str) -> None:
    ws = Workspace(tmp_path)
    ws.write("spec.yaml", spec_with())
    path = ws.write("out/sa-thay-2025.docx", EXISTING[case](docgen_docx()))
    kept = path.read_bytes()
    heavy = case.startswith("bomb")
    result = ws.run("render", "spec.yaml", "-o", "out", inprocess=not heavy)
    if case in DAMAGED_OURS and result.code == 0:
        # docgen's own output, its fingerprint (over the directory's CRCs and sizes) intact
        # and its data damaged: nobody edited it (an edit changes the CRCs), so docgen may
        # replace it — whole
        assert_no_crash(result, (0,))
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None
        return
    assert_refused(result, "sa-thay-2025.docx", "--force")
    assert path.read_bytes() == kept
    forced = ws.run("render", "spec.yaml", "-o", "out", "--force", inprocess=not heavy)
    assert_no_crash(forced, (0,))
    assert path.read_bytes() != kept


def _stock() -> bytes:
    return (TEMPLATES / "cong_van.docx").read_bytes()


TEMPLATES_BAD: dict[str, Callable[[], bytes]] = {
    "bomb-document": lambda: bomb_docx(_stock(), DOC),
    "bomb-document-lying": lambda: bomb_docx(_stock(), DOC, honest=False),
    "bomb-styles": lambda: bomb_docx(_stock(), "word/styles.xml"),
    "bomb-header": lambda: bomb_docx(_stock(), "word/header1.xml"),
    "not-a-zip": lambda: b"not a template\n",
    "empty": lambda: b"",
    "truncated": lambda: _stock()[:2000],
    "corrupt-deflate": lambda: flip_in_member(_stock(), DOC),
    "no-document": lambda: with_parts(_stock(), {DOC: None}),
    "broken-xml": lambda: with_parts(_stock(), {DOC: b"<w:document><w:body>"}),
    "xxe-styles": lambda: with_parts(_stock(), {"word/styles.xml": XXE.encode()}),
    "entities-document": lambda: with_parts(_stock(), {DOC: ENTITIES.encode()}),
    "huge-part": lambda: with_parts(
        _stock(),
        {
            DOC: members(_stock())[DOC].replace(
                b"<w:body>", b"<w:body><w:p w:rsidR='" + b"A" * (60 * 1024 * 1024) + b"'/>", 1
            )
        },
    ),
    "many-entries": lambda: rezip(
        {**members(_stock()), **{f"x/{i}.xml": b"" for i in range(100_000)}}
    ),
}


@pytest.mark.parametrize("case", TEMPLATES_BAD, ids=TEMPLATES_BAD.keys())
def test_a_template_that_is_hostile(tmp_path: Path, case: str) -> None:
    ws = Workspace(tmp_path)
    ws.write("evil.docx", TEMPLATES_BAD[case]())
    ws.write("spec.yaml", spec_with(extra="template: evil.docx\n"))
    heavy = case.startswith(("bomb", "huge", "many", "entities"))
    result = ws.run("render", "spec.yaml", "-o", "out", inprocess=not heavy)
    assert_refused(result, "evil.docx")
    assert "root:" not in result.text
    assert not ws.out.exists() or not any(ws.out.iterdir())
