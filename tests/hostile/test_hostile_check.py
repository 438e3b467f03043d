"""Issue 16, classes 5 and 7 (check side): `docgen check` over damaged and hostile .docx
made from a real docgen output. A file it cannot read or parse, whatever the reason, gives
exit 2 and a message naming the file; anything else it reads gives 0 or 1; never a
traceback, always in bounded time and memory."""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import random
import re
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_files import (
    MIB,
    bomb_docx,
    flip_in_member,
    members,
    raw_zip,
    rezip,
    with_parts,
)
from hostile_support import CATALOGS, EXAMPLES, Workspace, assert_no_crash, assert_refused

DOC = "word/document.xml"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@functools.lru_cache(maxsize=1)
def docgen_docx() -> bytes:
    """A real docgen output (the sa-thay-2025 công văn), rendered in this process once."""
    from docgen.catalog.catalog import Catalog
    from docgen.workflows.render import render_spec

    with tempfile.TemporaryDirectory() as tmp:
        path = render_spec(EXAMPLES / "sa-thay-2025.yaml", Path(tmp), Catalog.load(CATALOGS))
        return path.read_bytes()


def _part(name: str, change: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def build(base: bytes) -> bytes:
        parts = members(base)
        parts[name] = change(parts[name])
        return rezip(parts)

    return build


def _attr(part: str, element: str, attribute: str, value: str) -> Callable[[bytes], bytes]:
    """Every `attribute` of `<element …>` in *part* set to *value*."""
    pattern = re.compile(
        rb"(<" + element.encode() + rb"\b[^>]*?\b" + attribute.encode() + rb'=")[^"]*(")'
    )

    def change(xml: bytes) -> bytes:
        changed, count = pattern.subn(lambda m: m.group(1) + value.encode() + m.group(2), xml)
        if not count:
            raise KeyError(f"<{element} {attribute}> in {part}")
        return changed

    return _part(part, change)


def _stored_then_flipped(base: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for name, data in members(base).items():
            z.writestr(name, data)
    raw = bytearray(out.getvalue())
    at = raw.index(b"<w:body>")
    raw[at + 3] ^= 0x01  # one bit in the stored document part: CRC mismatch
    return bytes(raw)


def _raw_members(base: bytes, method: int = 8, flags: int = 0, garble: str | None = None) -> bytes:
    listed = []
    for name, data in members(base).items():
        co = zlib.compressobj(6, zlib.DEFLATED, -15)
        packed = co.compress(data) + co.flush()
        use = method if name == garble or garble is None else 8
        listed.append((name, packed, use, len(data), zlib.crc32(data)))
    return raw_zip(listed, flags=flags)


def _many_entries(base: bytes) -> bytes:
    listed = [(name, data, 0, len(data), zlib.crc32(data)) for name, data in members(base).items()]
    listed += [(f"x/{i}.xml", b"", 0, 0, 0) for i in range(60_000)]  # the zip limit: 65535
    return raw_zip(listed)


def _document(body: str) -> Callable[[bytes], bytes]:
    def build(base: bytes) -> bytes:
        xml = members(base)[DOC].decode("utf-8")
        start = xml.index("<w:body>") + len("<w:body>")
        end = xml.index("<w:sectPr")
        return with_parts(base, {DOC: (xml[:start] + body + xml[end:]).encode("utf-8")})

    return build


DIGITS_400 = "9" * 400
ENTITIES = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i else "")) * 10}">' for i in range(1, 9))
    + f"]><w:document {W}><w:body><w:p><w:r><w:t>&lol8;</w:t></w:r></w:p></w:body></w:document>"
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    f"<w:styles {W}><w:style w:styleId='a'><w:name w:val='&x;'/></w:style></w:styles>"
)

#: each file checked must be refused as unreadable: exit 2, the file named
UNREADABLE: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda b: b"",
    "text": lambda b: b"not a docx at all\n",
    "ole-doc": lambda b: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096),
    "truncated-half": lambda b: b[: len(b) // 2],
    "truncated-eocd": lambda b: b[:-10],
    "deflate-document": lambda b: flip_in_member(b, DOC),
    "deflate-document-start": lambda b: flip_in_member(b, DOC, 0.05),
    "deflate-document-end": lambda b: flip_in_member(b, DOC, 0.95),
    "deflate-styles": lambda b: flip_in_member(b, "word/styles.xml"),
    "deflate-footnotes": lambda b: flip_in_member(b, "word/footnotes.xml"),
    "deflate-header": lambda b: flip_in_member(b, "word/header1.xml"),
    "deflate-rels": lambda b: flip_in_member(b, "word/_rels/document.xml.rels"),
    "stored-bit-flip": _stored_then_flipped,
    "encrypted-flag": lambda b: _raw_members(b, flags=1),
    "unknown-method": lambda b: _raw_members(b, method=99, garble=DOC),
    "bzip2-garbage": lambda b: _raw_members(b, method=12, garble=DOC),
    "lzma-garbage": lambda b: _raw_members(b, method=14, garble=DOC),
    "many-entries": _many_entries,
    "no-document": lambda b: with_parts(b, {DOC: None}),
    "document-is-folder": lambda b: with_parts(b, {DOC: None, DOC + "/": b""}),
    "broken-document": lambda b: with_parts(b, {DOC: b"<w:document " + W.encode()}),
    "broken-styles": lambda b: with_parts(b, {"word/styles.xml": b"<w:styles><oops>"}),
    "broken-footnotes": _part("word/footnotes.xml", lambda x: b"<<>>"),
    "broken-header": _part("word/header1.xml", lambda x: b"<w:hdr>&bad;</w:hdr>"),
    "broken-rels": lambda b: with_parts(b, {"word/_rels/document.xml.rels": b"<Relationships"}),
    "invalid-utf8": _part(DOC, lambda x: x.replace("Thầy".encode(), b"Th\xff\xfey", 1)),
    "nul-in-xml": _part(DOC, lambda x: x.replace(b"<w:body>", b"<w:body>\x00", 1)),
    "xxe-styles": lambda b: with_parts(b, {"word/styles.xml": XXE.encode()}),
    "entities-document": lambda b: with_parts(b, {DOC: ENTITIES.encode()}),
    "bomb-document": lambda b: bomb_docx(b, DOC),
    "bomb-document-lying": lambda b: bomb_docx(b, DOC, honest=False),
    "bomb-styles": lambda b: bomb_docx(b, "word/styles.xml"),
    "bomb-footnotes": lambda b: bomb_docx(b, "word/footnotes.xml", honest=False),
    "huge-attribute": _part(
        DOC,
        lambda x: x.replace(b"<w:body>", b"<w:body><w:p w:rsidR='" + b"A" * (9 * MIB) + b"'/>", 1),
    ),
}

#: a 400-digit measure (size, indent, margin…): the checker reads it as a value it cannot
#: use and says what is missing or wrong (a finding, exit 1) or ignores it (exit 0); the
#: file itself is readable, so not exit 2
GARBAGE_NUMBERS: dict[str, Callable[[bytes], bytes]] = {
    "digits-sz": _attr("word/styles.xml", "w:sz", "w:val", DIGITS_400),
    "digits-ind-document": _attr(DOC, "w:ind", "w:left", DIGITS_400),
    "digits-spacing-document": _attr(DOC, "w:spacing", "w:before", DIGITS_400),
    "digits-grid-column": _attr(DOC, "w:gridCol", "w:w", DIGITS_400),
    "digits-page-margin": _attr(DOC, "w:pgMar", "w:top", DIGITS_400),
    "digits-page-size": _attr(DOC, "w:pgSz", "w:w", DIGITS_400),
    "digits-indent": _attr("word/styles.xml", "w:ind", "w:firstLine", DIGITS_400),
    "digits-spacing": _attr("word/styles.xml", "w:spacing", "w:line", DIGITS_400),
    "digits-negative": _attr(DOC, "w:pgMar", "w:left", "-" + DIGITS_400),
}

#: files that are damaged but may still be read: 0, 1 or 2, never a crash, in time
MAYBE_READABLE: dict[str, Callable[[bytes], bytes]] = {
    "utf16-declared-utf8": _part(DOC, lambda x: x.decode("utf-8").encode("utf-16")),
    "digits-outline": _part(
        "word/styles.xml",
        lambda x: x.replace(
            b"<w:pPr>", b"<w:pPr><w:outlineLvl w:val='" + DIGITS_400.encode() + b"'/>", 1
        ),
    ),
    "nan-size": _attr("word/styles.xml", "w:sz", "w:val", "nan"),
    "inf-margin": _attr(DOC, "w:pgMar", "w:top", "1e400"),
    "arabic-digits": _attr(DOC, "w:pgMar", "w:top", "١٢٣٤"),
    "units-margin": _attr(DOC, "w:pgMar", "w:top", "2.5cm"),
    "empty-attribute": _attr(DOC, "w:pgMar", "w:top", ""),
    "no-content-types": lambda b: with_parts(b, {"[Content_Types].xml": None}),
    "no-styles": lambda b: with_parts(b, {"word/styles.xml": None}),
    "no-rels": lambda b: with_parts(b, {"word/_rels/document.xml.rels": None}),
    "rels-escape": _part(
        "word/_rels/document.xml.rels",
        lambda x: x.replace(b'Target="header1.xml"', b'Target="../../../../etc/passwd"'),
    ),
    "rels-self": _part(
        "word/_rels/document.xml.rels",
        lambda x: x.replace(b'Target="header1.xml"', b'Target="document.xml"'),
    ),
    "duplicate-member": lambda b: b,  # replaced below
    "deep-tables": _document(
        "<w:tbl><w:tr><w:tc>" * 200 + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 200
    ),
    "deep-runs": _document(
        "<w:p>"
        + "<w:hyperlink>" * 2000
        + "<w:r><w:t>a</w:t></w:r>"
        + "</w:hyperlink>" * 2000
        + "</w:p>"
    ),
    "dense-runs": _document(("<w:p>" + "<w:r><w:t>ab</w:t></w:r>" * 60 + "</w:p>") * 5000),
    "one-paragraph-many-runs": _document(
        "<w:p>" + "<w:r><w:t>ab </w:t></w:r>" * 300_000 + "</w:p>"
    ),
    "many-paragraphs": _document("<w:p><w:r><w:t>Đoạn văn.</w:t></w:r></w:p>" * 19_000),
    "many-tabs": _document("<w:p>" + "<w:r><w:tab/></w:r>" * 300_000 + "</w:p>"),
    "wide-table": _document("<w:tbl><w:tr>" + "<w:tc><w:p/></w:tc>" * 15_000 + "</w:tr></w:tbl>"),
    "huge-grid-span": _document(
        "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val='999999999'/>"
        "</w:tcPr><w:p/></w:tc></w:tr></w:tbl>"
    ),
    "huge-grid-before": _document(
        "<w:tbl><w:tr><w:trPr><w:gridBefore w:val='999999999'/>"
        "</w:trPr><w:tc><w:p/></w:tc></w:tr></w:tbl>"
    ),
    "long-text": _document("<w:p><w:r><w:t>" + "chữ " * 1_500_000 + "</w:t></w:r></w:p>"),
    "symbol-char": _document(
        "<w:p><w:r><w:sym w:font='Symbol' w:char='FFFFFFFFFFFFFFFFFFFF'/></w:r></w:p>"
    ),
}


def _duplicate(base: bytes) -> bytes:
    parts = members(base)
    listed = []
    for name, data in [*parts.items(), (DOC, b"<w:document " + W.encode() + b"/>")]:
        listed.append((name, data, 0, len(data), zlib.crc32(data)))
    return raw_zip(listed)


MAYBE_READABLE["duplicate-member"] = _duplicate
#: bit flips anywhere in the file (seeded): some leave it readable
for seed in range(12):

    def _flip(base: bytes, seed: int = seed) -> bytes:
        rng = random.Random(16_000 + seed)
        raw = bytearray(base)
        for _ in range(1 + seed % 4):
            raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
        return bytes(raw)

    MAYBE_READABLE[f"bit-flips-{seed}"] = _flip


#: cases that cost time or memory when mishandled: run in a process of their own
HEAVY = {
    "many-entries",
    "huge-attribute",
    "dense-runs",
    "one-paragraph-many-runs",
    "many-paragraphs",
    "many-tabs",
    "wide-table",
    "long-text",
    "deep-tables",
    "deep-runs",
}


def _heavy(case: str) -> bool:
    return case in HEAVY or case.startswith("bomb")


def _build(cases: dict[str, Callable[[bytes], bytes]], case: str) -> bytes:
    """The hostile file of *case*, made from a docgen output (which has no numbering part
    since the stock templates hold only what they use: no case damages one)."""
    return cases[case](docgen_docx())


@pytest.mark.parametrize("case", UNREADABLE, ids=UNREADABLE.keys())
def test_check_refuses_unreadable_files_with_exit_2(tmp_path: Path, case: str) -> None:
    ws = Workspace(tmp_path)
    ws.write("bad.docx", _build(UNREADABLE, case))
    result = ws.run("check", "bad.docx", inprocess=not _heavy(case))
    assert_refused(result, "bad.docx", code=2)
    assert "root:" not in result.text


def test_check_reports_every_unreadable_file_in_json(tmp_path: Path) -> None:
    """All the unreadable files in one run of the real command, as JSON."""
    ws = Workspace(tmp_path)
    names = []
    for case, build in UNREADABLE.items():
        with contextlib.suppress(KeyError):  # a part docgen's output lacks
            ws.write(f"{case}.docx", build(docgen_docx()))
            names.append(f"{case}.docx")
    result = ws.run("check", *names, "--format", "json")
    assert_refused(result, code=2)
    payload = json.loads(result.out)
    assert payload["exit_code"] == 2
    readable = {Path(f["path"]).name: f["readable"] for f in payload["files"]}
    assert sorted(n for n, ok in readable.items() if ok) == [], readable
    assert sorted(readable) == sorted(names)


@pytest.mark.parametrize("case", GARBAGE_NUMBERS, ids=GARBAGE_NUMBERS.keys())
def test_check_reads_a_400_digit_measure_as_garbage(tmp_path: Path, case: str) -> None:
    ws = Workspace(tmp_path)
    ws.write("odd.docx", _build(GARBAGE_NUMBERS, case))
    result = ws.run("check", "odd.docx")
    assert_no_crash(result, (0, 1))
    assert "odd.docx" in result.text or result.code == 0


@pytest.mark.parametrize("case", MAYBE_READABLE, ids=MAYBE_READABLE.keys())
def test_check_survives_damaged_files(tmp_path: Path, case: str) -> None:
    ws = Workspace(tmp_path)
    ws.write("odd.docx", _build(MAYBE_READABLE, case))
    result = ws.run("check", "odd.docx", inprocess=not _heavy(case))
    assert_no_crash(result, (0, 1, 2))
    assert "odd.docx" in result.text
    assert "root:" not in result.text


SPECIAL = ("fifo", "folder", "dev-zero", "symlink-loop", "missing", "dangling-symlink")


@pytest.mark.parametrize("case", SPECIAL)
def test_check_refuses_things_that_are_not_files(tmp_path: Path, case: str) -> None:
    ws = Workspace(tmp_path)
    target = ws.root / "x.docx"
    if case == "fifo":
        os.mkfifo(target)
    elif case == "folder":
        target.mkdir()
    elif case == "dev-zero":
        target = Path("/dev/zero")
    elif case == "symlink-loop":
        target.symlink_to(target)
    elif case == "dangling-symlink":
        target.symlink_to(ws.root / "nowhere.docx")
    result = ws.run("check", str(target), timeout=30)
    assert_refused(result, str(target.name), code=2)


def test_check_with_good_and_unreadable_files_exits_2(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    ws.write("good.docx", docgen_docx())
    ws.write("bad.docx", UNREADABLE["deflate-document"](docgen_docx()))
    result = ws.run("check", "good.docx", "bad.docx", inprocess=True)
    assert_refused(result, "bad.docx", code=2)


def test_check_option_errors_are_usage_errors(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    result = ws.run("check")
    assert_refused(result, code=2)
