"""Where output goes, and writing text files whole or not at all without replacing a file
without leave.

Every output path is made by :func:`output_path`: a file name joined to the folder it must
stay in, resolved (symbolic links followed) and proved to lie inside it before anything is
created. :class:`Outputs` collects a run's outputs first, so that two of them going to the
same file is an error before anything is written.
"""

from __future__ import annotations

import contextlib
import os
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from docgen.errors import DocgenError, Location
from docgen.i18n import _
from docgen.render.atomic import commit, existing_file, staging


def output_path(folder: Path, relative: str | Path, where: Location | None = None) -> Path:
    """``folder / relative``, once proved to stay inside *folder* when resolved (no ``..``,
    no absolute path, no symbolic link leading out); a DocgenError at *where* otherwise."""
    _resolved(folder, os.path.realpath(folder), relative, where)
    return folder / relative


def _resolved(folder: Path, base: str, relative: str | Path, where: Location | None) -> str:
    """The real path of ``folder / relative``, which must lie inside *base* (folder's)."""
    target = folder / relative
    real = os.path.realpath(target)
    if Path(relative).is_absolute() or real == base or os.path.commonpath([base, real]) != base:
        raise DocgenError(
            _("the output file {target} would not be inside the output folder {folder}").format(
                target=target, folder=folder
            ),
            where=where,
            hint=_(
                "give a plain name (no '/', '..' or absolute path), and no symbolic link "
                "in the output folder that leads out of it"
            ),
        )
    return real


class Outputs:
    """The files a run will write, each proved to stay in its folder and claimed once,
    before anything is written."""

    def __init__(self) -> None:
        self._claimed: dict[str, tuple[Path, str]] = {}
        self._bases: dict[Path, str] = {}

    def add(
        self, folder: Path, relative: str | Path, by: str, where: Location | None = None
    ) -> Path:
        """``folder / relative`` (see :func:`output_path`), which *by* (what makes it, e.g.
        "the spec x.yaml:2") writes; a second claim of the same file is a DocgenError at
        *where*. Names that differ only in case or in Unicode normal form are one file on
        Windows and macOS, and count as one."""
        base = self._bases.get(folder)
        if base is None:
            base = self._bases[folder] = os.path.realpath(folder)
        path = folder / relative
        key = unicodedata.normalize("NFC", _resolved(folder, base, relative, where)).casefold()
        if key in self._claimed:
            first, first_by = self._claimed[key]
            raise DocgenError(
                _("{path} would be written twice in one run: by {first_by} and by {by}").format(
                    path=path, first_by=first_by, by=by
                ),
                where=where,
                hint=_("give each output its own name; nothing was written"),
            )
        self._claimed[key] = (path, by)
        return path


def check_new(path: Path, force: bool, ours: Callable[[Path], bool] | None = None) -> None:
    """Refuse an existing *path* unless forced (or *ours* says docgen wrote it); never a
    folder or a device."""
    if existing_file(path) and not force and not (ours is not None and ours(path)):
        raise DocgenError(
            _("{path} already exists").format(path=path),
            hint=_("choose another name, move it away, or pass --force to replace it"),
        )


def _never(_path: Path) -> bool:
    return False


def write_text(
    path: Path,
    text: str | Iterable[str],
    *,
    force: bool = False,
    ours: Callable[[Path], bool] | None = None,
) -> Path:
    """Write UTF-8 *text* (a string, or pieces of one written as they come) to a temporary
    file next to *path*, then move it into place — unless a file appeared there meanwhile
    (or changed, and *ours* no longer says docgen wrote it)."""
    check_new(path, force, ours)
    with staging(path) as (fd, tmp), os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        if isinstance(text, str):
            out.write(text)
        else:
            out.writelines(text)
    return commit(tmp, path, force, ours or _never)


def write_file(path: Path, write: Callable[[Path], None], *, force: bool = False) -> Path:
    """Call ``write(tmp)`` to save any file (a workbook…) beside *path*, then move it into
    place as :func:`write_text` does; an existing *path* is replaced only with *force*."""
    check_new(path, force)
    with staging(path) as (fd, tmp):
        os.close(fd)
        write(tmp)
    return commit(tmp, path, force, _never)


def starts_with(marker: str) -> Callable[[Path], bool]:
    """A test for files docgen wrote: their first 4 KiB contain *marker*."""

    def test(path: Path) -> bool:
        with contextlib.suppress(OSError), path.open("rb") as handle:
            return marker.encode("utf-8") in handle.read(4096)
        return False

    return test


def first_line_starts(marker: str) -> Callable[[Path], bool]:
    """A test for files docgen wrote: their first line (read up to 4 KiB) starts with
    *marker*."""

    def test(path: Path) -> bool:
        with contextlib.suppress(OSError), path.open("rb") as handle:
            return handle.read(4096).startswith(marker.encode("utf-8"))
        return False

    return test
