"""The figures of the Ngọk Bay example (seed 004), written as data files in any format.

Tests build their data folders from these numbers, so that YAML, CSV and Excel files of the
same figures can be compared, and faults can be planted one at a time.
"""

from __future__ import annotations

import csv
import io
import shutil
import struct
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from conftest import EXAMPLES
from openpyxl import Workbook

GENERAL = (
    "gv",
    "gv_may_tinh",
    "gv_internet",
    "hs",
    "hs_may_tinh",
    "hs_internet",
    "hs_nen_tang",
    "nen_tang",
    "nen_tang_trong_nuoc",
)
THCS = ("tiet", "tiet_truc_tuyen", "quan_tri")
ALL = ("nguoi_hoc", "nguoi_hoc_ho_so", "nha_giao", "nha_giao_ho_so", "csvc_ho_so", "chu_ky_so")


def _general(
    gv: int,
    hs: int,
    mt: int,
    nt: int,
    platforms: list[str],
    local: list[str],
    thcs: tuple[int, int] | None = None,
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "gv": gv,
        "gv_may_tinh": gv,
        "gv_internet": gv,
        "hs": hs,
        "hs_may_tinh": mt,
        "hs_internet": mt,
        "hs_nen_tang": nt,
        "nen_tang": platforms,
        "nen_tang_trong_nuoc": local,
        "nguoi_hoc": hs,
        "nguoi_hoc_ho_so": hs,
        "nha_giao": gv,
        "nha_giao_ho_so": gv,
        "csvc_ho_so": "có",
        "chu_ky_so": "có",
    }
    if thcs:
        row.update(tiet=thcs[0], tiet_truc_tuyen=thcs[1], quan_tri="có")
    return row


def _preschool(children: int, teachers: int) -> dict[str, Any]:
    return {
        "nguoi_hoc": children,
        "nguoi_hoc_ho_so": children,
        "nha_giao": teachers,
        "nha_giao_ho_so": teachers,
        "csvc_ho_so": "có",
        "chu_ky_so": "có",
    }


#: per school: the numbers of examples/data/ngok-bay (totals 261 / 3.629 / 868 / 848 …)
SCHOOLS: dict[str, dict[str, Any]] = {
    "th-thcs-ngok-bay": _general(
        68,
        952,
        241,
        236,
        ["K12Online", "OLM.vn", "Google Classroom"],
        ["K12Online", "OLM.vn"],
        (2000, 156),
    ),
    "th-thcs-kroong": _general(
        55, 760, 175, 170, ["Zoom", "K12Online"], ["K12Online"], (1500, 117)
    ),
    "th-thcs-vinh-quang": _general(
        60, 830, 205, 200, ["Team 365", "LMS", "OLM.vn"], ["OLM.vn", "LMS"], (1500, 117)
    ),
    "th-cao-ba-quat": _general(40, 560, 130, 128, ["OLM.vn", "Google Classroom"], ["OLM.vn"]),
    "th-dang-tran-con": _general(38, 527, 117, 114, ["LMS", "Zoom"], ["LMS"]),
    "mn-ngok-bay": _preschool(450, 12),
    "mn-kroong": _preschool(401, 11),
    "mn-vinh-quang": _preschool(380, 10),
}


def _cell(value: Any) -> Any:
    return "; ".join(value) if isinstance(value, list) else value


def write_yaml(path: Path, unit: str, row: dict[str, Any]) -> Path:
    lines = [f"don_vi: {unit}"]
    for key, value in row.items():
        shown = "[" + ", ".join(value) + "]" if isinstance(value, list) else value
        lines.append(f"{key}: {shown}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_csv(path: Path, unit: str, row: dict[str, Any], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(["don_vi", *row])
        writer.writerow([unit, *(_cell(v) for v in row.values())])
    return path


def _workbook(unit: str, row: dict[str, Any]) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.append(["don_vi", *row])
    sheet.append([unit, *(_cell(v) for v in row.values())])
    return book


def write_xlsx(path: Path, unit: str, row: dict[str, Any]) -> Path:
    _workbook(unit, row).save(path)
    return path


WRITERS = {"yaml": write_yaml, "csv": write_csv, "xlsx": write_xlsx}


def data_folder(
    folder: Path, fmt: str = "yaml", schools: dict[str, dict[str, Any]] | None = None
) -> Path:
    """A folder with one file per school, all in *fmt* ("yaml", "csv" or "xlsx")."""
    folder.mkdir(parents=True, exist_ok=True)
    for unit, row in (SCHOOLS if schools is None else schools).items():
        WRITERS[fmt](folder / f"{unit}.{fmt}", unit, row)
    return folder


def report_spec(tmp: Path, fmt: str = "yaml", **changes: dict[str, Any]) -> Path:
    """The Ngọk Bay report spec in *tmp*, reading a data folder written in *fmt*; *changes*
    replace (or, with None, drop) one school's columns."""
    schools = {unit: dict(row) for unit, row in SCHOOLS.items()}
    for unit, columns in changes.items():
        unit = unit.replace("_", "-")
        for key, value in columns.items():
            if value is None:
                schools[unit].pop(key, None)
            else:
                schools[unit][key] = value
    data_folder(tmp / "data" / "ngok-bay", fmt, schools)
    spec = tmp / "ngok-bay-2025.yaml"
    shutil.copy(EXAMPLES / "ngok-bay-2025.yaml", spec)
    return spec


# -- workbooks written part by part (faults planted in their XML or their zip) -------------
def workbook_parts(row: dict[str, Any], unit: str = "th-thcs-kroong") -> dict[str, bytes]:
    """The parts of an ordinary workbook (openpyxl's) of one school's row."""
    buffer = io.BytesIO()
    _workbook(unit, row).save(buffer)
    with zipfile.ZipFile(buffer) as z:
        return {name: z.read(name) for name in z.namelist()}


def _deflated(data: bytes) -> bytes:
    """*data* as raw deflate blocks, not final, that can be followed by more blocks."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(zlib.Z_FULL_FLUSH)


class Member:
    """A zip member given as pieces: *middle* repeated *times* between *head* and *tail*, so
    that a gigabyte member costs a few kilobytes to write (and its real CRC)."""

    def __init__(self, head: bytes, middle: bytes = b"", times: int = 0, tail: bytes = b"") -> None:
        self.raw = (
            _deflated(head)
            + _deflated(middle) * times
            + _deflated(tail)
            + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
        )
        crc = zlib.crc32(head)
        for _ in range(times):
            crc = zlib.crc32(middle, crc)
        self.crc = zlib.crc32(tail, crc)
        self.size = len(head) + len(middle) * times + len(tail)


def write_zip(path: Path, parts: Mapping[str, bytes | Member]) -> Path:
    """A zip of *parts* with true sizes and CRCs, written field by field."""
    body, directory = bytearray(), bytearray()
    for name, part in parts.items():
        member = part if isinstance(part, Member) else Member(part)
        encoded = name.encode()
        offset = len(body)
        sizes = (member.crc, len(member.raw), member.size, len(encoded))
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 33, *sizes, 0)
        body += encoded + member.raw
        directory += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 33, *sizes, 0, 0, 0, 0, 0, offset
        )
        directory += encoded
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory), len(body), 0
    )
    path.write_bytes(bytes(body + directory + end))
    return path
