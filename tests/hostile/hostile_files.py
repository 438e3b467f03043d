"""Hostile files made from code: zip bombs, damaged packages, odd spreadsheets.

Nothing big is committed: a 2.5 GiB zip bomb is a few MB built in a blink, because deflate
blocks ended by a full flush are byte-aligned and independent, so the compressed bytes of one
chunk can simply be repeated.
"""

from __future__ import annotations

import functools
import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

from openpyxl import Workbook

MIB = 1024 * 1024


@functools.lru_cache(maxsize=8)
def deflated_repeat(
    prefix: bytes, chunk: bytes, repeats: int, suffix: bytes
) -> tuple[bytes, int, int]:
    """Raw deflate data of prefix + chunk * repeats + suffix, its size and CRC-32."""
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = co.compress(prefix) + co.flush(zlib.Z_FULL_FLUSH)
    body = co.compress(chunk) + co.flush(zlib.Z_FULL_FLUSH)
    again = co.compress(chunk) + co.flush(zlib.Z_FULL_FLUSH)
    assert body == again, "full-flushed blocks are not repeatable on this zlib"
    tail = co.compress(suffix) + co.flush(zlib.Z_FINISH)
    data = head + body * repeats + tail
    crc = zlib.crc32(prefix)
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    return data, len(prefix) + len(chunk) * repeats + len(suffix), crc


def raw_zip(members: list[tuple[str, bytes, int, int, int]], flags: int = 0) -> bytes:
    """A zip of already compressed members: (name, data, method, uncompressed size, crc).
    Sizes are written as given (a lying size makes a lying bomb)."""
    out = io.BytesIO()
    central = []
    for name, data, method, size, crc in members:
        offset = out.tell()
        encoded = name.encode("utf-8")
        out.write(
            struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                flags,
                method,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
            )
        )
        out.write(encoded)
        out.write(data)
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                flags,
                method,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(
        struct.pack(
            "<4s4H2LH",
            b"PK\x05\x06",
            0,
            0,
            len(central),
            len(central),
            out.tell() - start,
            start,
            0,
        )
    )
    return out.getvalue()


def members(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def rezip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def with_parts(docx: bytes, changes: dict[str, bytes | None]) -> bytes:
    """*docx* with parts replaced, or dropped (None)."""
    parts = members(docx)
    for name, data in changes.items():
        if data is None:
            parts.pop(name, None)
        else:
            parts[name] = data
    return rezip(parts)


def bomb_docx(
    base: bytes,
    part: str,
    size_mib: int = 2560,
    honest: bool = True,
    keep: dict[str, bytes] | None = None,
) -> bytes:
    """*base* with *part* replaced by a deflate bomb of well-formed-looking XML."""
    prefix = b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="x"><w:body>'
    chunk = b"<w:p/>" * (MIB // 6) + b"  "[: MIB - 6 * (MIB // 6)]
    data, size, crc = deflated_repeat(prefix, chunk, size_mib, b"</w:body></w:document>")
    parts = members(base)
    parts.update(keep or {})
    listed = []
    for name, content in parts.items():
        if name == part:
            continue
        co = zlib.compressobj(6, zlib.DEFLATED, -15)
        listed.append(
            (name, co.compress(content) + co.flush(), 8, len(content), zlib.crc32(content))
        )
    listed.append((part, data, 8, size if honest else 4096, crc))
    return raw_zip(listed)


def flip_in_member(docx: bytes, part: str, offset_fraction: float = 0.5) -> bytes:
    """*docx* with the compressed bytes of *part* damaged in the middle (headers intact)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        info = z.getinfo(part)
    raw = bytearray(docx)
    (name_len, extra_len) = struct.unpack(
        "<2H", raw[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_len + extra_len
    at = start + int(info.compress_size * offset_fraction)
    for i in range(at, min(at + 16, start + info.compress_size)):
        raw[i] ^= 0x5A
    return bytes(raw)


def set_attributes(xml: bytes, attribute: str, value: str, count: int = 0) -> bytes:
    """Every (or the first *count*) ``attribute="…"`` of *xml* set to *value*."""
    pattern = re.compile(rb"(\b" + re.escape(attribute.encode()) + rb'=")[^"]*(")')
    return pattern.sub(lambda m: m.group(1) + value.encode() + m.group(2), xml, count=count)


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_with(rows: list[list[object]], changes: dict[str, bytes | None]) -> bytes:
    return with_parts(xlsx(rows), changes)


def sheet_xml(xlsx_bytes: bytes) -> bytes:
    return members(xlsx_bytes)["xl/worksheets/sheet1.xml"]


def csv_text(rows: list[list[object]], sep: str = ",") -> str:
    return "\n".join(sep.join(str(c) for c in row) for row in rows) + "\n"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path
