"""Write output files whole or not at all, and never clobber a file docgen did not write.

docgen signs what it writes: ``docgen`` as last author, and in the identifier property a
fingerprint of the document part as written. A file saved since by Word, LibreOffice or a
script (which may keep the author) no longer matches its fingerprint, and is not replaced.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from docgen.errors import DocgenError

MARK = "docgen"
#: the document part docgen fingerprints
DOCUMENT_PART = "word/document.xml"
_FINGERPRINT = re.compile(r"<dc:identifier>(docgen:[0-9a-f]{32})</dc:identifier>")
#: a document part larger than this is not read to check its fingerprint (not docgen's)
_MAX_DOCUMENT = 64 * 1024 * 1024


def fingerprint(document_xml: bytes) -> str:
    """What docgen writes in the identifier property of a document whose part is this."""
    return "docgen:" + hashlib.sha256(document_xml).hexdigest()[:32]


def written_by_docgen(path: Path) -> bool:
    """True when *path* is a .docx docgen wrote and nobody saved since."""
    try:
        with zipfile.ZipFile(path) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace")
            if f"<cp:lastModifiedBy>{MARK}</cp:lastModifiedBy>" not in core:
                return False
            found = _FINGERPRINT.search(core)
            if found is None:
                return True  # written by a docgen that did not sign its files yet
            info = z.getinfo(DOCUMENT_PART)
            if info.file_size > _MAX_DOCUMENT:
                return False
            return fingerprint(z.read(info)) == found.group(1)
    except (OSError, KeyError, ValueError, RuntimeError, zipfile.BadZipFile):
        return False


def check_overwrite(target: Path, force: bool) -> None:
    """Refuse to replace a file that docgen did not write, unless forced."""
    if target.exists() and not force and not written_by_docgen(target):
        raise DocgenError(
            f"{target} already exists and was not written by docgen (or was edited since)",
            hint="move it away, choose another output folder, or pass --force to replace it",
        )


def write_atomic(target: Path, write: Callable[[Path], None], force: bool = False) -> Path:
    """Call ``write(tmp)`` and move the finished file into place in one step."""
    check_overwrite(target, force)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = new_temp(target)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return target


_serial = itertools.count()
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def new_temp(target: Path) -> tuple[int, Path]:
    """A new hidden file beside *target*, open for writing: the file a finished output is
    renamed from. Created with the permissions of any new file (0666 less the umask), as the
    target would be, not mkstemp's 0600."""
    while True:
        tmp = target.parent / f".{target.name}.{os.getpid()}-{next(_serial)}.tmp"
        try:
            return os.open(tmp, _FLAGS, 0o666), tmp
        except FileExistsError:  # left by an earlier process that had this pid
            continue
