"""Write output files whole or not at all, and never clobber a file docgen did not write."""

from __future__ import annotations

import contextlib
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from docgen.errors import DocgenError

MARK = "docgen"


def written_by_docgen(path: Path) -> bool:
    """True when *path* is a .docx last saved by docgen (not edited by hand since)."""
    try:
        with zipfile.ZipFile(path) as z:
            core = z.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return f"<cp:lastModifiedBy>{MARK}</cp:lastModifiedBy>" in core


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
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return target
