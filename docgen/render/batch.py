"""Render many documents, with the semantics of rendering them one by one.

:func:`render_many` (or the generator :func:`iter_render`) takes jobs — a context (or a
callable that makes one), a template and a target — from any iterable. Each process makes a
template's engine once (:func:`docgen.render.compiled.template_engine`) and renders into
hidden temporary files next to the targets; the files are moved into place **in input
order**. If job *i* fails (a :class:`~docgen.errors.DocgenError` or an OSError, in the
caller's iterable or in a worker), jobs before *i* are written, the error is raised as it
was made (same message, same ``file:line``), and nothing after *i* is left behind.

With several processes, chunks of jobs go to a ``concurrent.futures.ProcessPoolExecutor``;
at most DEPTH chunks per process are in flight, so memory stays flat however many documents
there are. By default (``jobs=None``) the pool is used only where it was measured faster on
the 2-core development machine (``benchmarks/bench_render.py --pools``,
``benchmarks/bench_national.py --jobs 1|2``): for POOL_FROM documents or more whose jobs are
callables (composing, the larger half of the work, then runs in the workers too). A
document whose context is composed already renders in about a millisecond, and handing it
to another process costs more than that gives back: such batches stay in this process.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import multiprocessing
import os
import pickle
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from docgen.compose.context import DocContext
from docgen.errors import DocgenError
from docgen.render.atomic import commit, stage
from docgen.render.compiled import template_engine

#: documents handed to a process at a time
CHUNK_SIZE = 32
#: chunks in flight per process: one being rendered, one waiting
DEPTH = 2
#: by default, batches of composing jobs from this size on go to the pool (see the module)
POOL_FROM = 500

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
    """Render every job on *jobs* processes (default: see the module); returns how many were
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
    processes = jobs if jobs is not None and jobs > 0 else available_cores()
    chunk_size = max(1, chunk_size or CHUNK_SIZE)
    stream = _jobs(jobs_iterable)
    ahead = chunk_size if jobs else max(chunk_size, POOL_FROM)
    head = list(itertools.islice(stream, ahead))
    rest = itertools.chain(head, stream)
    alone = not jobs and not (len(head) == ahead and callable(getattr(head[0], "context", 0)))
    if processes == 1 or len(head) < ahead or alone:
        yield from _in_process(rest, force)
        return
    if isinstance(head[0], Job):  # made before the workers are forked: they inherit it
        with contextlib.suppress(DocgenError, OSError):
            template_engine(head[0].template)  # (an error comes in its turn, from the job)
    yield from _in_pool(rest, processes, chunk_size, force)


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
        yield _commit(_render_job(job, force), job.target, force)


def _in_pool(
    stream: Iterable[Job | _Failure], processes: int, chunk_size: int, force: bool
) -> Iterator[Path]:
    """Chunks to *processes* workers, DEPTH each in flight; files moved in input order."""
    pending: deque[Future[_Done]] = deque()
    failure: _Failure | None = None
    with ProcessPoolExecutor(processes, _start_method(), gc.freeze) as pool:
        try:
            for chunk, stop in _chunks(stream, chunk_size):
                failure = stop
                if chunk:
                    pending.append(pool.submit(_render_chunk, _pickled(chunk), force))
                while pending and (pending[0].done() or len(pending) > DEPTH * processes):
                    yield from _committed(pending.popleft().result(), force)
            while pending:
                yield from _committed(pending.popleft().result(), force)
            if failure is not None:
                raise failure.error
        finally:
            _abandon(pending)


def _start_method() -> multiprocessing.context.BaseContext:
    """fork on Linux (workers start in milliseconds and share what is loaded); elsewhere the
    platform's default, as fork is unsafe on macOS and absent on Windows."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


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


def _pickled(chunk: list[Job]) -> bytes:
    """The chunk for a worker; a job that cannot cross to another process is said so here."""
    try:
        return pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        raise TypeError(
            f"a render job cannot be sent to a worker process ({exc}): give a DocContext or "
            "a picklable callable (a module-level function or functools.partial, not a "
            "lambda or a nested function), or render with jobs=1"
        ) from exc


@dataclass
class _Done:
    """What a worker did with a chunk: files staged (in order), and the error that
    stopped it, if any."""

    staged: list[tuple[Path, Path]] = field(default_factory=list)
    error: DocgenError | OSError | None = None


def _committed(done: _Done, force: bool) -> Iterator[Path]:
    """Move a chunk's files into place, in order; then raise its error, if it had one."""
    committed = 0
    try:
        for tmp, target in done.staged:
            yield _commit(tmp, target, force)
            committed += 1
    finally:
        _discard(tmp for tmp, _ in done.staged[committed + 1 :])
    if done.error is not None:
        raise done.error


def _commit(tmp: Path, target: Path, force: bool) -> Path:
    """Move a staged file into place, unless what is there now may not be replaced."""
    return commit(tmp, target, force)


def _abandon(pending: deque[Future[_Done]]) -> None:
    """After an error or an early stop: cancel what has not started, remove what has."""
    for future in pending:
        future.cancel()
    for future in pending:
        if future.cancelled():
            continue
        with contextlib.suppress(BaseException):
            _discard(tmp for tmp, _ in future.result().staged)


def _render_chunk(payload: bytes, force: bool) -> _Done:
    with _collector_off():
        return _render_jobs(pickle.loads(payload), force)


def _render_jobs(chunk: Sequence[Job], force: bool) -> _Done:
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


@contextlib.contextmanager
def _collector_off() -> Iterator[None]:
    """The garbage collector off while a chunk is unpickled and rendered: the thousands of
    objects of its contexts set it off again and again, and reference counting frees them
    all when the chunk is done anyway."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _render_job(job: Job, force: bool) -> Path:
    """Render one job into a hidden temporary file next to its target; returns that file."""
    context = job.context
    ctx = context() if callable(context) else context
    return _stage(template_engine(job.template).render(ctx), job.target, force)


def _stage(data: bytes, target: Path, force: bool) -> Path:
    """Check the target and write *data*, signed, to a new hidden file beside it."""
    return stage(data, target, force)


def _discard(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
