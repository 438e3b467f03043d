"""Write text files whole or not at all, and never replace a file without leave."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from docgen.errors import DocgenError
from docgen.render.atomic import new_temp


def check_new(path: Path, force: bool, ours: Callable[[Path], bool] | None = None) -> None:
    """Refuse an existing *path* unless forced (or *ours* says docgen wrote it)."""
    if path.exists() and not force and not (ours is not None and ours(path)):
        raise DocgenError(
            f"{path} already exists",
            hint="choose another name, move it away, or pass --force to replace it",
        )


def write_text(
    path: Path,
    text: str | Iterable[str],
    *,
    force: bool = False,
    ours: Callable[[Path], bool] | None = None,
) -> Path:
    """Write UTF-8 *text* (a string, or pieces of one written as they come) to a temporary
    file next to *path*, then move it into place."""
    check_new(path, force, ours)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = new_temp(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            if isinstance(text, str):
                handle.write(text)
            else:
                handle.writelines(text)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return path


def starts_with(marker: str) -> Callable[[Path], bool]:
    """A test for files docgen wrote: their first 4 KiB contain *marker*."""

    def test(path: Path) -> bool:
        try:
            with path.open("rb") as handle:
                return marker.encode("utf-8") in handle.read(4096)
        except OSError:
            return False

    return test
