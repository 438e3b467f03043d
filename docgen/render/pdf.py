"""PDF copies of rendered .docx files, made by LibreOffice.

Starting LibreOffice costs about a second; converting one more document in a running one
about a tenth of that. So documents are converted in batches, many files per
``soffice --convert-to pdf`` call, on a small pool of LibreOffice workers (one per core,
at most :data:`MAX_WORKERS`), each with its own profile (``-env:UserInstallation``) in a
temporary folder, so that they neither wait for each other nor for a LibreOffice the user
has open. The pool starts its first worker when the first batch is handed to it and, when
it stops, kills whatever LibreOffice process of its own is still running and removes the
profiles.

Each PDF is written into a hidden folder beside its target and renamed into place: a PDF is
there whole or not at all.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from docgen.errors import DocgenError, UnreadableFileError
from docgen.i18n import _

#: the most LibreOffice processes a pool runs at once
MAX_WORKERS = 4
#: the most documents handed to one LibreOffice call
BATCH = 50
#: seconds one call may take: a start plus this much per document
START_TIMEOUT, PER_DOCUMENT_TIMEOUT = 120.0, 20.0
INSTALL_HINT = "install it: apt-get install libreoffice-writer-nogui fonts-liberation2"
PDF_FILTER = "pdf:writer_pdf_Export"
#: writer_pdf_Export's options for PDF/A-2b (as JSON, which LibreOffice 7.4 and later read)
PDFA_OPTIONS = {"SelectPdfVersion": {"type": "long", "value": "2"}}


def find_soffice() -> str:
    """The LibreOffice program to run, or a :class:`DocgenError` saying how to install it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise DocgenError(
        _("LibreOffice (soffice) is needed to write PDF files and was not found"), hint=INSTALL_HINT
    )


def pdf_filter(pdfa: bool) -> str:
    """The ``--convert-to`` argument: plain PDF, or PDF/A-2b."""
    return f"{PDF_FILTER}:{json.dumps(PDFA_OPTIONS)}" if pdfa else PDF_FILTER


class LibreOfficePool:
    """Up to *size* LibreOffice workers converting batches at the same time.

    Use it as a context manager; :meth:`convert` may be called from several threads.
    """

    def __init__(self, size: int | None = None, workdir: Path | None = None) -> None:
        self.size = max(1, min(size or os.cpu_count() or 1, MAX_WORKERS))
        self._workdir = workdir
        self._soffice: str | None = None
        self._root: Path | None = None
        self._lock = threading.Lock()
        self._free: list[Path] = []  # profiles not in use
        self._made = 0
        self._running: set[subprocess.Popen[bytes]] = set()
        self._stopped = False

    def __enter__(self) -> LibreOfficePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _take_profile(self) -> Path:
        with self._lock:
            if self._stopped:
                raise DocgenError(_("the LibreOffice pool was stopped"))
            if self._root is None:  # started lazily: nothing exists before the first batch
                self._soffice = find_soffice()
                self._root = Path(tempfile.mkdtemp(prefix="docgen-lo-", dir=self._workdir))
            if self._free:
                return self._free.pop()
            self._made += 1
            profile = self._root / f"profile-{self._made}"
            profile.mkdir()
            return profile

    @contextlib.contextmanager
    def _worker(self) -> Iterator[tuple[str, Path]]:
        profile = self._take_profile()
        try:
            assert self._soffice is not None
            yield self._soffice, profile
        finally:
            with self._lock:
                self._free.append(profile)

    def convert(self, docx_paths: Sequence[Path], out_dir: Path, pdfa: bool = False) -> None:
        """Convert *docx_paths* into *out_dir* (``<stem>.pdf`` each) in one LibreOffice call."""
        with self._worker() as (soffice, profile):
            args = [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--invisible",
                "--norestore",
                "--nolockcheck",
                "--nologo",
                "--nodefault",
                "--convert-to",
                pdf_filter(pdfa),
                "--outdir",
                str(out_dir),
                *(str(p) for p in docx_paths),
            ]
            # a session of its own: stopping it stops the soffice.bin it starts too
            proc = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            with self._lock:
                self._running.add(proc)
            timeout = START_TIMEOUT + PER_DOCUMENT_TIMEOUT * len(docx_paths)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                raise DocgenError(
                    _(
                        "LibreOffice took more than {timeout:.0f} s to convert {count} "
                        "document(s), from {docx_paths}, and was stopped"
                    ).format(timeout=timeout, count=len(docx_paths), docx_paths=docx_paths[0]),
                    hint=_("try again on a less busy machine, or convert fewer at a time"),
                ) from None
            finally:
                _kill_group(proc)
                with self._lock:
                    self._running.discard(proc)

    def stop(self) -> None:
        """Kill any LibreOffice still running and remove the profiles."""
        with self._lock:
            self._stopped = True
            running, self._running = list(self._running), set()
            root, self._root = self._root, None
        for proc in running:
            _kill_group(proc)
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """End *proc* and everything in its session (soffice starts soffice.bin)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


def to_pdf(
    docx_paths: Sequence[Path],
    out_dir: Path | None = None,
    pdfa: bool = False,
    *,
    force: bool = False,
    jobs: int | None = None,
) -> list[Path]:
    """Write a PDF of each .docx, beside it (or into *out_dir*), as PDF/A-2b when *pdfa*;
    returns the PDFs in the order of *docx_paths*.

    An existing PDF is replaced only if it is an unsigned one LibreOffice wrote (a copy made
    here before), unless *force*. *jobs* is the number of LibreOffice workers (default: one
    per core).
    """
    sources = [Path(p) for p in docx_paths]
    targets = [(out_dir if out_dir is not None else p.parent) / f"{p.stem}.pdf" for p in sources]
    _check_inputs(sources, targets, force)
    if not sources:
        return []
    find_soffice()
    by_folder: dict[Path, list[int]] = {}
    for i, target in enumerate(targets):
        by_folder.setdefault(target.parent, []).append(i)
    with LibreOfficePool(jobs) as pool:
        batches = [
            (folder, chunk)
            for folder, indexes in by_folder.items()
            for chunk in _chunks(indexes, pool.size if len(by_folder) == 1 else 1)
        ]

        def run(batch: tuple[Path, list[int]]) -> None:
            folder, indexes = batch
            _convert_into(pool, [sources[i] for i in indexes], folder, pdfa)

        with ThreadPoolExecutor(pool.size) as executor:
            for _done in executor.map(run, batches):
                pass
    return targets


def _chunks(indexes: list[int], workers: int) -> list[list[int]]:
    """*indexes* cut into batches of at most :data:`BATCH`, at least one per worker."""
    count = max(min(workers, len(indexes)), -(-len(indexes) // BATCH))
    size = -(-len(indexes) // count)
    return [indexes[i : i + size] for i in range(0, len(indexes), size)]


def _convert_into(pool: LibreOfficePool, sources: list[Path], folder: Path, pdfa: bool) -> None:
    """Convert *sources* into a hidden folder in *folder*, then rename each PDF into place."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".docgen-pdf-", dir=folder))
    try:
        pool.convert([p.resolve() for p in sources], staging, pdfa)
        for source in sources:
            made = staging / f"{source.stem}.pdf"
            if not made.is_file() or made.stat().st_size == 0:
                raise DocgenError(
                    _("LibreOffice could not convert this document to PDF"),
                    file=source,
                    hint=_("open it in LibreOffice to see what it cannot read"),
                )
        for source in sources:
            os.replace(staging / f"{source.stem}.pdf", folder / f"{source.stem}.pdf")
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_inputs(sources: list[Path], targets: list[Path], force: bool) -> None:
    seen: dict[Path, Path] = {}
    for source, target in zip(sources, targets, strict=True):
        if not source.is_file():
            raise UnreadableFileError(
                _("file not found"), file=source, hint=_("give the path of a .docx file")
            )
        if source.suffix.lower() != ".docx":
            raise UnreadableFileError(
                _("not a .docx file"), file=source, hint=_("give the path of a .docx file")
            )
        key = target.resolve()
        if key in seen:
            raise DocgenError(
                _("{seen} and {source} would both be written as {target}").format(
                    seen=seen[key], source=source, target=target
                ),
                hint=_("rename one of them, or convert them into different folders"),
            )
        seen[key] = source
        if target.exists() and not force and not replaceable(target):
            raise DocgenError(
                _("{target} already exists and is not an unsigned PDF docgen made").format(
                    target=target
                ),
                hint=_("move it away, choose another output folder, or pass --force to replace it"),
            )


#: the Info dictionary's producer, as LibreOffice writes it (UTF-16 in hex) or as text
_PRODUCER = re.compile(
    rb"/Producer\s*(?:\(\s*LibreOffice|<\s*FEFF"
    + "LibreOffice".encode("utf-16-be").hex().encode()
    + rb")",
    re.I,
)
_SIGNED = re.compile(rb"/ByteRange\s*\[")


def replaceable(path: Path) -> bool:
    """True when *path* is a PDF LibreOffice wrote and nobody has signed."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return data.startswith(b"%PDF-") and bool(_PRODUCER.search(data)) and not _SIGNED.search(data)
