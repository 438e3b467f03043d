"""Write output files whole or not at all, and never replace a file a person edited.

docgen signs every .docx it writes (:func:`sign`): ``docgen`` as last author, and in the
identifier property of ``docProps/core.xml`` a fingerprint of every other member of the
package — each one's name, CRC-32 and size as the zip's central directory lists them. A file
saved since by Word, LibreOffice or a script changes some member (document, footnotes,
styles…), no longer matches its fingerprint, and is not replaced; nor is a file without one.
Checking an existing file (:func:`written_by_docgen`) reads its central directory and its
core properties only, each of bounded size: a zip bomb or a huge part is "not docgen's",
found out at once.

A file is written to a hidden temporary file beside its target (:func:`new_temp`) and moved
into place by :func:`commit`, which refuses to replace a file that appeared, or was changed,
after the check: a new target is created with a hard link (which fails if anything is there
by then), an existing one is checked again right before it is replaced. Temporary files left
by a docgen run that was killed are removed by the next run writing in that folder.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import os
import re
import stat
import struct
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from docgen.errors import DocgenError
from docgen.i18n import _

MARK = "docgen"
#: the member that holds the fingerprint (and is the one member it does not cover)
CORE_PART = "docProps/core.xml"
#: what the render engines write as the identifier; :func:`sign` replaces it
UNSIGNED = "docgen:" + "0" * 32
_IDENTIFIER = re.compile(rb"<dc:identifier>[^<]*</dc:identifier>")
_SIGNED = re.compile(r"<dc:identifier>(docgen:[0-9a-f]{32})</dc:identifier>")
_CORE_END = b"</cp:coreProperties>"
#: an existing file's central directory and core properties are read up to these sizes
_MAX_DIRECTORY = 1 << 20
_MAX_MEMBERS = 10_000
_MAX_CORE = 64 * 1024
#: zip64 markers: docgen never writes a package that needs them
_UNKNOWN32 = 0xFFFFFFFF
_STORED = 0  # zipfile.ZIP_STORED

_END = struct.Struct("<4s4H2LH")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_LOCAL = struct.Struct("<4s5H3L2H")
_END_SIG, _CENTRAL_SIG, _LOCAL_SIG = b"PK\x05\x06", b"PK\x01\x02", b"PK\x03\x04"


class _NotAPackage(ValueError):
    """The bytes are not a zip docgen could have written."""


# -- the fingerprint ------------------------------------------------------------------------


class _Member(NamedTuple):
    """One record of a zip's central directory: where it is, what it says."""

    start: int  # of the record, in the directory
    end: int
    name: bytes
    offset: int  # of the member's local header, in the file


_CORE_NAME = CORE_PART.encode()
_NAMES = struct.Struct("<3H")  # name, extra and comment lengths, at 28 in a central record
_OFFSET = struct.Struct("<L")  # the local header's offset, at 42


def _end_record(tail: bytes) -> tuple[int, int, int, int]:
    """(where the end record starts in *tail*, members, directory size, directory offset)."""
    at = tail.rfind(_END_SIG, max(0, len(tail) - _END.size - 0xFFFF))
    if at < 0 or len(tail) - at < _END.size:
        raise _NotAPackage("no end of central directory")
    _sig, _disk, _cd_disk, _here, count, size, offset, _comment = _END.unpack_from(tail, at)
    if count == 0xFFFF or size == _UNKNOWN32 or offset == _UNKNOWN32:
        raise _NotAPackage("zip64")
    return at, count, size, offset


def _directory(data: bytes | bytearray, count: int) -> list[_Member]:
    """The records of a central directory *data* of *count* members."""
    members: list[_Member] = []
    at = 0
    names, offsets = _NAMES.unpack_from, _OFFSET.unpack_from
    for _skip in range(count):
        if data[at : at + 4] != _CENTRAL_SIG or len(data) < at + _CENTRAL.size:
            raise _NotAPackage("a broken central directory")
        name_length, extra, comment = names(data, at + 28)
        (offset,) = offsets(data, at + 42)
        if offset == _UNKNOWN32 or data[at + 24 : at + 28] == b"\xff\xff\xff\xff":
            raise _NotAPackage("zip64")
        name_end = at + _CENTRAL.size + name_length
        end = name_end + extra + comment
        members.append(_Member(at, end, bytes(data[at + _CENTRAL.size : name_end]), offset))
        at = end
    if at > len(data):
        raise _NotAPackage("a broken central directory")
    return members


class Declared(NamedTuple):
    """A member of a zip as its central directory declares it."""

    name: str
    size: int  # uncompressed, in bytes


def declared_members(path: Path, max_members: int = _MAX_MEMBERS) -> list[Declared] | None:
    """The members of the zip at *path* as its central directory declares them, read within
    bounds (the directory's size, *max_members*) before anything is inflated; None when there
    are more than *max_members*. ValueError when it is not a zip docgen can read."""
    with path.open("rb") as handle:
        length = handle.seek(0, os.SEEK_END)
        tail_size = min(length, _END.size + 0xFFFF)
        handle.seek(length - tail_size)
        try:
            _at, count, size, offset = _end_record(handle.read(tail_size))
        except struct.error as exc:
            raise _NotAPackage("a broken end record") from exc
        if count > max_members:
            return None
        if size > _MAX_DIRECTORY or offset + size > length:
            raise _NotAPackage("a broken central directory")
        handle.seek(offset)
        directory = handle.read(size)
    try:
        return [
            Declared(m.name.decode("utf-8", "replace"), _CENTRAL.unpack_from(directory, m.start)[9])
            for m in _directory(directory, count)
        ]
    except struct.error as exc:
        raise _NotAPackage("a broken central directory") from exc


def package_fingerprint(directory: bytes | bytearray, members: list[_Member]) -> str:
    """The identifier of a package whose central directory is *directory*: a hash of every
    member's CRC-32, sizes and name but the core properties' (which hold it)."""
    digest = hashlib.sha256()
    for m in members:
        if m.name != _CORE_NAME:
            digest.update(directory[m.start + 16 : m.start + 30])  # CRC-32, sizes, name length
            digest.update(m.name)
    return "docgen:" + digest.hexdigest()[:32]


def _core(members: list[_Member]) -> _Member:
    found = [m for m in members if m.name == _CORE_NAME]
    if len(found) != 1:
        raise _NotAPackage(f"{len(found)} {CORE_PART}")
    return found[0]


def sign(data: bytes) -> bytes:
    """The package *data* (a .docx a render engine made) with its fingerprint written in the
    identifier of its core properties: that one member is written again (stored: it is
    small), the others' bytes are kept as they are (only the offsets after it move)."""
    try:
        end, count, size, offset = _end_record(data)
        directory = bytearray(data[offset : offset + size])
        members = _directory(directory, count)
        core = _core(members)
    except (_NotAPackage, struct.error) as exc:  # a bug of a render engine
        raise ValueError(f"not a package docgen can sign: {exc}") from None
    record = list(_CENTRAL.unpack_from(directory, core.start))
    start = core.offset
    local = list(_LOCAL.unpack_from(data, start))
    body = start + _LOCAL.size + local[9] + local[10]
    xml = data[body : body + record[8]]
    if local[3] == zlib.DEFLATED:
        xml = zlib.decompress(xml, -15)
    signed = f"<dc:identifier>{package_fingerprint(directory, members)}</dc:identifier>"
    xml, found = _IDENTIFIER.subn(signed.encode(), xml, count=1)
    if not found:
        xml = xml.replace(_CORE_END, signed.encode() + _CORE_END)
    crc = zlib.crc32(xml)
    # sizes in the headers, no data descriptor after it; stored
    local[2] &= ~0x08
    local[3], local[6], local[7], local[8] = _STORED, crc, len(xml), len(xml)
    record[3], record[4] = local[2], _STORED
    record[7], record[8], record[9] = crc, len(xml), len(xml)
    _CENTRAL.pack_into(directory, core.start, *record)
    entry = _LOCAL.pack(*local) + data[start + _LOCAL.size : body] + xml
    after = min((m.offset for m in members if m.offset > start), default=offset)
    shift = len(entry) - (after - start)
    if shift:
        pack = _OFFSET.pack_into
        for m in members:
            if m.offset > start:
                pack(directory, m.start + 42, m.offset + shift)
    tail = bytearray(data[end:])
    _OFFSET.pack_into(tail, 16, offset + shift)
    return b"".join((data[:start], entry, data[after:offset], directory, tail))


def written_by_docgen(path: Path) -> bool:
    """True when *path* is a .docx docgen wrote and nobody changed since: its fingerprint
    matches its members. Reads the central directory and the core properties only, and
    neither beyond a bound; anything else (not a zip, a zip bomb, no fingerprint) is False."""
    try:
        with path.open("rb") as handle:
            return _signed_by_docgen(handle)
    except (OSError, ValueError, struct.error, zlib.error):  # _NotAPackage is a ValueError
        return False


def _signed_by_docgen(handle: BinaryIO) -> bool:
    read, seek = handle.read, handle.seek
    length = seek(0, os.SEEK_END)
    tail_size = min(length, _END.size + 0xFFFF)
    seek(length - tail_size)
    _at, count, size, offset = _end_record(read(tail_size))
    if count > _MAX_MEMBERS or size > _MAX_DIRECTORY or offset + size > length:
        return False
    seek(offset)
    directory = read(size)
    members = _directory(directory, count)
    core = _core(members)
    record = _CENTRAL.unpack_from(directory, core.start)
    method, crc, stored_size, xml_size = record[4], record[7], record[8], record[9]
    if stored_size > _MAX_CORE or xml_size > _MAX_CORE or method not in (_STORED, zlib.DEFLATED):
        return False
    seek(core.offset)
    local = _LOCAL.unpack(read(_LOCAL.size))
    if local[0] != _LOCAL_SIG:
        return False
    seek(local[9] + local[10], os.SEEK_CUR)
    xml = read(stored_size)
    if method == zlib.DEFLATED:
        unpacker = zlib.decompressobj(-15)
        xml = unpacker.decompress(xml, _MAX_CORE + 1)
        if not unpacker.eof:
            return False
    if len(xml) != xml_size or zlib.crc32(xml) != crc:
        return False
    text = xml.decode("utf-8", "replace")
    if f"<cp:lastModifiedBy>{MARK}</cp:lastModifiedBy>" not in text:
        return False
    found = _SIGNED.search(text)
    return found is not None and found.group(1) == package_fingerprint(directory, members)


# -- checking, staging and moving into place ------------------------------------------------


def existing_file(target: Path) -> bool:
    """True when *target* is a file, False when there is nothing there; a DocgenError when
    it is a folder or a device (docgen replaces neither, even with --force)."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise writing_error(exc, target) from None
    if not stat.S_ISREG(mode):
        raise DocgenError(
            _(
                "{target} exists and is not a file (a folder or a device): docgen does "
                "not replace it"
            ).format(target=target),
            hint=_("choose another output name or folder"),
        )
    return True


def check_overwrite(target: Path, force: bool) -> None:
    """Refuse to replace a file docgen did not write (or that was changed since), unless
    *force*."""
    if existing_file(target) and not force and not written_by_docgen(target):
        raise DocgenError(
            _("{target} already exists and was not written by docgen (or was edited since)").format(
                target=target
            ),
            hint=_("move it away, choose another output folder, or pass --force to replace it"),
        )


def commit(
    tmp: Path,
    target: Path,
    force: bool = False,
    ours: Callable[[Path], bool] = written_by_docgen,
) -> Path:
    """Move the finished *tmp* to *target*. Unless *force*, a target that is not there is
    created only if still nothing is (a hard link), and one that is there is replaced only
    if *ours* still says docgen wrote it: a file that appeared or changed after the first
    check is kept, and an error says so. *tmp* is gone afterwards, whatever happens."""
    try:
        if force:
            os.replace(tmp, target)
            return target
        try:
            os.link(tmp, target, follow_symlinks=False)
        except FileExistsError:
            _replace_ours(tmp, target, ours)
        except OSError:  # no hard links here (FAT, some network disks): check, then replace
            if os.path.lexists(target):
                _replace_ours(tmp, target, ours)
            else:
                os.replace(tmp, target)
        return target
    except OSError as exc:
        raise writing_error(exc, target) from None
    finally:
        discard(tmp)


def _replace_ours(tmp: Path, target: Path, ours: Callable[[Path], bool]) -> None:
    if os.path.isfile(target) and ours(target):
        os.replace(tmp, target)
        return
    raise DocgenError(
        _(
            "{target} appeared or was changed while docgen was writing it; it was left as it is"
        ).format(target=target),
        hint=_("look at it, then move it away and run again (or pass --force to replace it)"),
    )


def stage(data: bytes, target: Path, force: bool) -> Path:
    """Check *target* may be written, and write the signed package *data* to a new hidden
    file beside it (creating its folder); returns that file, for :func:`commit`."""
    check_overwrite(target, force)
    data = sign(data)
    with staging(target) as (fd, tmp):
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
    return tmp


def _write_all(fd: int, data: bytes) -> None:
    with memoryview(data) as rest:
        while rest:
            rest = rest[os.write(fd, rest) :]


def write_atomic(target: Path, write: Callable[[Path], None], force: bool = False) -> Path:
    """Call ``write(tmp)`` to save a .docx, sign it and move it into place in one step."""
    check_overwrite(target, force)
    with staging(target) as (fd, tmp):
        os.close(fd)
        write(tmp)
        tmp.write_bytes(sign(tmp.read_bytes()))
    return commit(tmp, target, force)


@contextlib.contextmanager
def staging(target: Path) -> Iterator[tuple[int, Path]]:
    """A new temporary file beside *target* (its folder created if need be), open: the
    caller writes it and closes the descriptor. If anything fails, the file is removed, and
    an OSError is said of *target* (:func:`writing_error`), not of the temporary file."""
    try:
        try:
            fd, tmp = new_temp(target)
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = new_temp(target)
    except OSError as exc:
        raise writing_error(exc, target) from None
    try:
        yield fd, tmp
    except OSError as exc:
        discard(tmp)
        raise writing_error(exc, target) from None
    except BaseException:
        discard(tmp)
        raise


def writing_error(exc: OSError, target: Path) -> DocgenError:
    """An OSError met while writing *target*, said of *target* (not of a temporary file)."""
    code = exc.errno
    folder = target.parent
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", None):
        what = _("the disk is full")
        hint = _("free some space on the disk of {folder} and run again").format(folder=folder)
    elif code == errno.EROFS:
        what, hint = _("the disk is read-only"), _("choose an output folder on another disk")
    elif code in (errno.EACCES, errno.EPERM):
        what = _("permission denied")
        hint = _("choose an output folder you may write in (not {folder})").format(folder=folder)
    elif code == errno.ENOTDIR:
        what = _("a part of the path is a file, not a folder")
        hint = _("choose another output folder")
    elif code == errno.EISDIR:
        what, hint = _("it is a folder"), _("choose another output name")
    elif code == errno.ENAMETOOLONG:
        what, hint = _("the name is too long"), _("choose a shorter output name or folder")
    else:
        what, hint = exc.strerror or str(exc), _("check the output folder and run again")
    return DocgenError(
        _("cannot write {target}: {what}").format(target=target, what=what), hint=hint
    )


def discard(path: Path) -> None:
    """Remove *path* if it is there."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


# -- temporary files ------------------------------------------------------------------------

_serial = itertools.count()
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
#: the names new_temp gives: .<target name>.<pid>-<serial>.tmp
_TEMP = re.compile(r"\.(?P<name>.+)\.(?P<pid>[0-9]+)-[0-9]+\.tmp", re.DOTALL)
#: folders whose stale temporary files this process has removed
_swept: set[str] = set()


def new_temp(target: Path) -> tuple[int, Path]:
    """A new hidden file beside *target*, open for writing: the file a finished output is
    renamed from. Created with the permissions of any new file (0666 less the umask), as the
    target would be, not mkstemp's 0600. The first time in a folder, the temporary files
    killed docgen runs left there are removed (:func:`sweep_stale_temps`)."""
    folder = target.parent
    if str(folder) not in _swept:
        sweep_stale_temps(folder)
        _swept.add(str(folder))
    while True:
        tmp = folder / f".{target.name}.{os.getpid()}-{next(_serial)}.tmp"
        try:
            return os.open(tmp, _FLAGS, 0o666), tmp
        except FileExistsError:  # left by an earlier process that had this pid
            continue


def sweep_stale_temps(folder: Path) -> list[Path]:
    """Remove the temporary files of :func:`new_temp` in *folder* whose process is gone (a
    docgen run killed before it could clean up); returns them. Only docgen's own names, and
    never those of a running process."""
    if os.name != "posix":  # no cheap, harmless "is this process alive?" elsewhere
        return []
    removed: list[Path] = []
    for path in _temp_files(folder):
        pid = int(_TEMP.fullmatch(path.name)["pid"])  # type: ignore[index]
        if pid != os.getpid() and not _alive(pid):
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def _temp_files(folder: Path) -> Iterator[Path]:
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".tmp") and _TEMP.fullmatch(entry.name):
                    with contextlib.suppress(OSError):
                        if entry.is_file(follow_symlinks=False):
                            yield Path(entry.path)
    except OSError:  # no folder yet, or not readable: nothing to sweep
        return


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # someone else's process (or a pid that cannot be): not ours to judge
    return True
