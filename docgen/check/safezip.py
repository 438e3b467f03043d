"""Open a .docx package defensively: size caps from the zip directory and while inflating."""

from __future__ import annotations

import os
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import UnreadableFileError
from docgen.i18n import _

_CHUNK = 1 << 16
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_FAILURES = (
    zipfile.BadZipFile,
    zlib.error,
    struct.error,
    OSError,
    ValueError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    OverflowError,
    KeyError,
    IndexError,
)
"""What zipfile raises on a damaged directory or stream (a corrupt deflate stream is
zlib.error, a bad CRC BadZipFile, an unknown method NotImplementedError, …)."""


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile file from costing memory or time."""

    max_file_bytes: int
    max_part_bytes: int
    max_total_bytes: int
    max_entries: int
    max_paragraphs: int
    max_elements: int


class Package:
    """The parts of an opened .docx, read on demand and within the limits."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self._read_total = 0
        self._elements = 0
        _check_file(path, limits)
        try:
            self._zip = zipfile.ZipFile(path)
            infos = self._zip.infolist()
        except _ZIP_FAILURES as exc:
            raise self.refuse("not a .docx file (it is not a zip package)") from exc
        if len(infos) > limits.max_entries:
            raise self.refuse(
                f"the package holds {len(infos)} entries (limit {limits.max_entries})"
            )
        self._infos = {info.filename.lstrip("/"): info for info in infos}

    def refuse(self, message: str, hint: str | None = None) -> UnreadableFileError:
        return UnreadableFileError(message, file=str(self.path), hint=hint)

    def close(self) -> None:
        self._zip.close()

    def __contains__(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        """Bytes of one part, refusing any part larger than the caps (declared or actual)."""
        info = self._infos.get(name)
        if info is None:
            raise self.refuse(f"the package has no {name}", "is it a Word document?")
        if info.file_size > self.limits.max_part_bytes:
            raise self.refuse(
                f"{name} declares {info.file_size} bytes uncompressed (limit "
                f"{self.limits.max_part_bytes}); refusing a possible zip bomb"
            )
        data = self._inflate(info)
        self._read_total += len(data)
        if self._read_total > self.limits.max_total_bytes:
            raise self.refuse("the package's XML parts are larger than the limit in total")
        return data

    def _inflate(self, info: zipfile.ZipInfo) -> bytes:
        cap = self.limits.max_part_bytes
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > cap:
                        raise self.refuse(
                            f"{info.filename} inflates past {cap} bytes; "
                            "refusing a possible zip bomb"
                        )
                    chunks.append(chunk)
        except UnreadableFileError:
            raise
        except _ZIP_FAILURES as exc:
            raise self.refuse(
                f"{info.filename} cannot be decompressed ({_plain(exc)}): the file is damaged",
                "save it again from Word or LibreOffice",
            ) from exc
        return b"".join(chunks)

    def count_elements(self, name: str, data: bytes) -> None:
        """Charge a part's XML elements (counted on its bytes, before it is parsed) to the
        file's budget: a few MB of tiny elements cost hundreds of MB once parsed and walked."""
        self._elements += data.count(b"<") - data.count(b"</")  # every start tag, at most
        limit = self.limits.max_elements
        if self._elements > limit:
            raise self.refuse(
                f"{name} brings the document past {limit} XML elements (runs, properties, "
                "paragraphs…); refusing it as too large or too fragmented to check",
                "split it into smaller documents, or save it again from Word",
            )

    def resolve(self, base: str, target: str) -> str:
        """Part name of a relationship target relative to the part `base`."""
        if not target.startswith("/"):
            target = posixpath.join(posixpath.dirname(base), target)
        return posixpath.normpath(target).lstrip("/")


def _plain(exc: Exception) -> str:
    """zipfile's and zlib's reason in words, without Python's wording around it."""
    text = str(exc).strip() or "damaged data"
    if text.startswith("Error -3 while decompressing data: "):
        text = text.removeprefix("Error -3 while decompressing data: ")
    return text


def _check_file(path: Path, limits: Limits) -> None:
    """Refuse a missing, oversized or plainly non-zip file before opening it."""
    try:
        size = os.stat(path).st_size
        if not path.is_file():
            raise UnreadableFileError(_("not a file"), file=str(path))
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise UnreadableFileError(
            _("cannot open: {value}").format(value=exc.strerror or exc), file=str(path)
        ) from exc
    if size > limits.max_file_bytes:
        raise UnreadableFileError(
            _("the file is {size} bytes, larger than the {max_file_bytes}-byte limit").format(
                size=size, max_file_bytes=limits.max_file_bytes
            ),
            file=str(path),
        )
    if head.startswith(_OLE_MAGIC):
        raise UnreadableFileError(
            _("a Word 97–2003 (.doc) or password-protected file"),
            file=str(path),
            hint=_("save it as an unprotected .docx"),
        )
    if not head.startswith(b"PK"):
        raise UnreadableFileError(_("not a .docx file (it is not a zip package)"), file=str(path))
