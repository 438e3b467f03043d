"""Render many documents on all cores, streaming, with the semantics of rendering one by one.

:func:`render_many` (or the generator :func:`iter_render`) takes jobs — a context (or a
callable that makes one), a template and a target — from any iterable, and hands them to
worker processes in chunks: handing over one document at a time would cost more than a
document (~1–2 ms) takes to render. Each worker compiles a template once
(:func:`docgen.render.compiled.compiled_template`) and renders into hidden temporary files
next to the targets; the caller's process moves them into place **in input order**. At
most two chunks per worker are in flight, so memory stays flat however many documents
there are.

If job *i* fails (a :class:`~docgen.errors.DocgenError` or an OSError, in the caller's
iterable or in a worker), jobs before *i* are written, the error is raised as it was made
(same message, same ``file:line``), and nothing after *i* is left behind: exactly what
rendering them one by one would have done. Small batches (one chunk or less) are rendered
in this process, without starting any.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import multiprocessing
import os
import pickle
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from docgen.compose.context import DocContext
from docgen.errors import DocgenError
from docgen.render.atomic import check_overwrite
from docgen.render.compiled import compiled_template

#: documents handed to a worker at a time; at ~2 ms each, a chunk is ~30 ms of work
CHUNK_SIZE = 16
#: chunks in flight per worker: one being rendered, one waiting
DEPTH = 2

Context = DocContext | Callable[[], DocContext]


class Job(NamedTuple):
    """One document: its context (or a callable that composes it), template and target.

    A callable runs in the worker, so composing is spread over the cores too; it must then
    be picklable (a module-level function, a functools.partial, an object with __call__).
    A plain tuple ``(context, template, target)`` is a job as well.
    """

    context: Context
    template: Path
    target: Path


def available_cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def render_many(
    jobs_iterable: Iterable[Job | tuple[Context, Path, Path]],
    jobs: int | None = None,
    *,
    force: bool = False,
    chunk_size: int | None = None,
    on_written: Callable[[Path], None] | None = None,
) -> int:
    """Render every job on *jobs* processes (default: all cores); returns how many were
    written. *on_written* is called with each target, in input order, once it is in place."""
    count = 0
    for path in iter_render(jobs_iterable, jobs, force=force, chunk_size=chunk_size):
        count += 1
        if on_written is not None:
            on_written(path)
    return count


def iter_render(
    jobs_iterable: Iterable[Job | tuple[Context, Path, Path]],
    jobs: int | None = None,
    *,
    force: bool = False,
    chunk_size: int | None = None,
) -> Iterator[Path]:
    """Like :func:`render_many`, yielding each target, in input order, once it is written."""
    workers = jobs if jobs is not None and jobs > 0 else available_cores()
    chunk_size = max(1, chunk_size or CHUNK_SIZE)
    stream = _jobs(jobs_iterable)
    head = list(itertools.islice(stream, chunk_size))
    rest = itertools.chain(head, stream)
    if workers == 1 or len(head) < chunk_size:
        yield from _in_process(rest, force)
    else:
        yield from _in_pool(rest, workers, chunk_size, force)


# -- the caller's process --------------------------------------------------------------


@dataclass(frozen=True)
class _Failure:
    """The caller's iterable raised a DocgenError or OSError instead of giving a job."""

    error: DocgenError | OSError


def _jobs(jobs_iterable: Iterable[Job | tuple[Context, Path, Path]]) -> Iterator[Job | _Failure]:
    """The jobs, then a failure if the iterable raises one of the errors reported to users."""
    source = iter(jobs_iterable)
    while True:
        try:
            item = next(source)
        except StopIteration:
            return
        except (DocgenError, OSError) as exc:
            yield _Failure(exc)
            return
        context, template, target = item
        yield Job(context, Path(template), Path(target))


def _in_process(stream: Iterable[Job | _Failure], force: bool) -> Iterator[Path]:
    for job in stream:
        if isinstance(job, _Failure):
            raise job.error
        yield _commit(_render_job(job, force), job.target)


def _in_pool(
    stream: Iterable[Job | _Failure], workers: int, chunk_size: int, force: bool
) -> Iterator[Path]:
    pending: deque[Future[_Done]] = deque()
    failure: _Failure | None = None
    with ProcessPoolExecutor(workers, _start_method(), _worker_started) as pool:
        try:
            for chunk, stop in _chunks(stream, chunk_size):
                failure = stop
                if chunk:
                    pending.append(pool.submit(_render_chunk, _pickled(chunk, force)))
                while len(pending) >= DEPTH * workers:
                    yield from _committed(pending.popleft().result())
            while pending:
                yield from _committed(pending.popleft().result())
            if failure is not None:
                raise failure.error
        finally:
            _abandon(pending)


def _chunks(
    stream: Iterable[Job | _Failure], size: int
) -> Iterator[tuple[list[Job], _Failure | None]]:
    chunk: list[Job] = []
    for job in stream:
        if isinstance(job, _Failure):
            yield chunk, job
            return
        chunk.append(job)
        if len(chunk) == size:
            yield chunk, None
            chunk = []
    if chunk:
        yield chunk, None


def _pickled(chunk: list[Job], force: bool) -> bytes:
    """The chunk for a worker; a job that cannot cross to another process is said so here."""
    try:
        return pickle.dumps((chunk, force), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        raise TypeError(
            f"a render job cannot be sent to a worker process ({exc}): give a DocContext or "
            "a picklable callable (a module-level function or functools.partial, not a "
            "lambda or a nested function), or render with jobs=1"
        ) from exc


def _committed(done: _Done) -> Iterator[Path]:
    """Move a chunk's files into place, in order; then raise its error, if it had one."""
    committed = 0
    try:
        for tmp, target in done.staged:
            yield _commit(tmp, target)
            committed += 1
    finally:
        _discard(tmp for tmp, _ in done.staged[committed + 1 :])
    if done.error is not None:
        raise done.error


def _commit(tmp: Path, target: Path) -> Path:
    try:
        os.replace(tmp, target)
    except BaseException:
        _discard([tmp])
        raise
    return target


def _abandon(pending: deque[Future[_Done]]) -> None:
    """After an error or an early stop: cancel what has not started, remove what has."""
    for future in pending:
        future.cancel()
    for future in pending:
        if future.cancelled():
            continue
        with contextlib.suppress(BaseException):
            _discard(tmp for tmp, _ in future.result().staged)


def _start_method() -> multiprocessing.context.BaseContext:
    """fork on Linux (workers start in milliseconds and share what is loaded); elsewhere the
    platform's default, as fork is unsafe on macOS and absent on Windows."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


# -- a worker --------------------------------------------------------------------------


def _worker_started() -> None:
    # What a forked worker inherits is not its garbage: left to the collector, every object of
    # the caller (catalogs, contexts) would be visited, copied page by page and evicted from
    # the cache again and again; frozen, only the worker's own objects are.
    gc.freeze()


@dataclass
class _Done:
    """What a worker did with a chunk: files staged (in order), and the error that
    stopped it, if any."""

    staged: list[tuple[Path, Path]] = field(default_factory=list)
    error: DocgenError | OSError | None = None


def _render_chunk(payload: bytes) -> _Done:
    chunk, force = pickle.loads(payload)
    done = _Done()
    try:
        for job in chunk:
            try:
                done.staged.append((_render_job(job, force), job.target))
            except (DocgenError, OSError) as exc:
                done.error = exc
                break
    except BaseException:
        _discard(tmp for tmp, _ in done.staged)
        raise
    return done


def _render_job(job: Job, force: bool) -> Path:
    """Render one job into a hidden temporary file next to its target; returns that file."""
    ctx = job.context() if callable(job.context) else job.context
    data = compiled_template(job.template).render(ctx)
    return _stage(data, job.target, force)


_serial = itertools.count()
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def _stage(data: bytes, target: Path, force: bool) -> Path:
    """Write *data* to a new hidden file in the target's folder (as write_atomic does)."""
    check_overwrite(target, force)
    tmp = target.parent / f".{target.name}.{os.getpid()}-{next(_serial)}.tmp"
    try:
        fd = os.open(tmp, _FLAGS, 0o600)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, _FLAGS, 0o600)
    except FileExistsError:  # left by an earlier process that had this pid
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        tmp = Path(name)
    try:
        with memoryview(data) as rest:
            while rest:
                rest = rest[os.write(fd, rest) :]
    except BaseException:
        os.close(fd)
        _discard([tmp])
        raise
    os.close(fd)
    return tmp


def _discard(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
