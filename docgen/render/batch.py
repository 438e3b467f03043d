"""Render many documents on all cores, streaming, with the semantics of rendering one by one.

:func:`render_many` (or the generator :func:`iter_render`) takes jobs — a context (or a
callable that makes one), a template and a target — from any iterable, and renders them in
chunks on *jobs* processes: this one and jobs - 1 workers. Handing over one document at a
time would cost more than a document (~0.3 ms) takes to render; a DocContext crosses as a
:class:`~docgen.render.compiled.PreparedContext`, whose pickling costs a fifth of its own.
The workers are kept two chunks ahead; whenever they are, this process renders the next
chunk itself. Each process compiles a template once
(:func:`docgen.render.compiled.compiled_template`) and renders into hidden temporary files
next to the targets; this process moves them into place **in input order**. At most two
chunks per process are in flight, so memory stays flat however many documents there are.

If job *i* fails (a :class:`~docgen.errors.DocgenError` or an OSError, in the caller's
iterable or in a worker), jobs before *i* are written, the error is raised as it was made
(same message, same ``file:line``), and nothing after *i* is left behind: exactly what
rendering them one by one would have done. Small batches (one chunk or less) are rendered
in this process, without starting any.

On Linux the workers are forked and fed through pipes (:class:`_ForkPool`); elsewhere they
are a ProcessPoolExecutor's.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import multiprocessing
import os
import pickle
import select
import struct
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from docgen.compose.context import DocContext
from docgen.errors import DocgenError
from docgen.render.atomic import check_overwrite, new_temp
from docgen.render.compiled import PreparedContext, compiled_template

try:
    import fcntl
except ImportError:  # Windows, where workers are not forked anyway
    fcntl = None  # type: ignore[assignment]

#: documents handed to a process at a time; at ~0.3-0.5 ms each, a chunk is ~5-8 ms of work
CHUNK_SIZE = 16
#: chunks in flight per worker: one being rendered, one waiting
DEPTH = 2
#: workers forked and fed through pipes where fork is the start method (else an executor's)
FORKED_PIPES = hasattr(os, "fork") and hasattr(select, "poll")

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


class _Task(NamedTuple):
    """A job as a worker gets it: a DocContext comes prepared."""

    context: PreparedContext | Context
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
    """Render every job on *jobs* processes (default: all cores; this process is one of
    them); returns how many were written. *on_written* is called with each target, in input
    order, once it is in place."""
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
    head = list(itertools.islice(stream, chunk_size))
    rest = itertools.chain(head, stream)
    if processes == 1 or len(head) < chunk_size:
        yield from _in_process(rest, force)
        return
    if isinstance(head[0], Job):  # compiled before the workers are forked: they inherit it
        with contextlib.suppress(DocgenError, OSError):
            compiled_template(head[0].template)  # (an error comes in its turn, from the job)
    yield from _in_pool(rest, processes, chunk_size, force)


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
    stream: Iterable[Job | _Failure], processes: int, chunk_size: int, force: bool
) -> Iterator[Path]:
    """*processes* - 1 workers, kept DEPTH chunks ahead; this process renders a chunk itself
    whenever they have that much to do, and writes the files in order as chunks are done."""
    workers = processes - 1
    pending: deque[_Outcome] = deque()  # in input order, workers' and this process's
    failure: _Failure | None = None
    with _workers(workers) as submit:
        try:
            for chunk, stop in _chunks(stream, chunk_size):
                failure = stop
                if chunk:
                    working = sum(1 for f in pending if not f.done())
                    if working < DEPTH * workers:
                        pending.append(submit(_pickled(chunk, force)))
                    else:
                        pending.append(_rendered_here(chunk, force))
                while pending and (pending[0].done() or len(pending) > DEPTH * processes):
                    yield from _committed(pending.popleft().result())
            while pending:
                yield from _committed(pending.popleft().result())
            if failure is not None:
                raise failure.error
        finally:
            _abandon(pending)


def _rendered_here(chunk: list[Job], force: bool) -> Future[_Done]:
    """A chunk rendered in this process, as a future already done (or failed)."""
    future: Future[_Done] = Future()
    try:
        future.set_result(_render_jobs(chunk, force))
    except Exception as exc:  # raised in input order, as a worker's would be
        future.set_exception(exc)
    return future


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
    """The chunk for a worker, contexts packed (see PreparedContext); a job that cannot cross
    to another process is said so here."""
    tasks = [
        (PreparedContext.of(c) if isinstance(c, DocContext) else c, template, target)
        for c, template, target in chunk
    ]
    try:
        return pickle.dumps((tasks, force), protocol=pickle.HIGHEST_PROTOCOL)
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


def _abandon(pending: deque[_Outcome]) -> None:
    """After an error or an early stop: cancel what has not started, remove what has."""
    for future in pending:
        future.cancel()
    for future in pending:
        if future.cancelled():
            continue
        with contextlib.suppress(BaseException):
            _discard(tmp for tmp, _ in future.result().staged)


class _Outcome(Protocol):
    """A chunk handed over: a Future, or a _Reply of a forked worker."""

    def done(self) -> bool: ...
    def result(self) -> _Done: ...
    def cancel(self) -> bool: ...
    def cancelled(self) -> bool: ...


@contextlib.contextmanager
def _workers(count: int) -> Iterator[Callable[[bytes], _Outcome]]:
    """*count* worker processes, as a function that hands them a pickled chunk."""
    if FORKED_PIPES and _start_method().get_start_method() == "fork":
        with _ForkPool(count) as pool:
            yield pool.submit
    else:
        with ProcessPoolExecutor(count, _start_method(), _worker_started) as executor:

            def submit(payload: bytes) -> _Outcome:
                return executor.submit(_render_chunk, payload)

            yield submit


def _start_method() -> multiprocessing.context.BaseContext:
    """fork on Linux (workers start in milliseconds and share what is loaded); elsewhere the
    platform's default, as fork is unsafe on macOS and absent on Windows."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


# -- workers forked from this process, fed through pipes ----------------------------------


class _ForkPool:
    """Worker processes forked from this one, each handed its chunks through its own pipe.

    ProcessPoolExecutor hands chunks over through helper threads of this process; while this
    process renders a chunk of its own, holding the GIL, they wait and the workers run dry.
    Here a chunk is written whole into the worker's pipe (made large enough for a few) when
    it is handed over, and replies are read when this process looks for them.
    """

    def __init__(self, count: int) -> None:
        self.children: list[_Child] = []
        try:
            for _ in range(count):
                inherited = [fd for child in self.children for fd in child.fds]
                self.children.append(_Child(inherited))
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> _ForkPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def submit(self, payload: bytes) -> _Reply:
        child = min(self.children, key=lambda c: len(c.waiting))
        return child.send(payload)

    def close(self) -> None:
        for child in self.children:
            child.stop()


class _Reply:
    """The outcome of a chunk handed to a forked worker (what a Future is to an executor)."""

    def __init__(self, child: _Child) -> None:
        self.child = child
        self.outcome: tuple[bool, Any] | None = None

    def done(self) -> bool:
        if self.outcome is None:
            self.child.receive(block=False)
        return self.outcome is not None

    def result(self) -> _Done:
        while self.outcome is None:
            self.child.receive(block=True)
        ok, value = self.outcome
        if not ok:
            raise value
        assert isinstance(value, _Done)
        return value

    def cancel(self) -> bool:
        return False  # already in the worker's pipe

    def cancelled(self) -> bool:
        return False


class _Child:
    """One forked worker: a pipe of chunks to it, a pipe of replies from it."""

    def __init__(self, inherited: list[int]) -> None:
        requests_read, requests = os.pipe()
        replies, replies_write = os.pipe()
        for fd in (requests, replies_write):
            with contextlib.suppress(OSError, AttributeError):
                fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
        pid = os.fork()
        if pid == 0:  # the worker: it never returns from here
            code = 1
            try:
                for fd in (requests, replies, *inherited):  # its siblings' ends, too
                    os.close(fd)
                _serve(requests_read, replies_write)
                code = 0
            finally:
                os._exit(code)
        os.close(requests_read)
        os.close(replies_write)
        os.set_blocking(requests, False)
        self.pid = pid
        self.requests = requests
        self.replies = replies
        self.fds = (requests, replies)
        self.waiting: deque[_Reply] = deque()
        self.open = True

    def send(self, payload: bytes) -> _Reply:
        """Write a chunk into the pipe, reading replies meanwhile if it is full."""
        message = memoryview(_HEADER.pack(len(payload)) + payload)
        while message:
            try:
                message = message[os.write(self.requests, message) :]
            except BlockingIOError:
                poller = select.poll()
                poller.register(self.requests, select.POLLOUT)
                poller.register(self.replies, select.POLLIN)
                if any(fd == self.replies for fd, _ in poller.poll()):
                    self.receive(block=False)
            except BrokenPipeError:
                raise BrokenProcessPool("a worker process stopped unexpectedly") from None
        reply = _Reply(self)
        self.waiting.append(reply)
        return reply

    def receive(self, block: bool) -> None:
        """Take the replies the worker has written (waiting for one if *block*)."""
        while self.waiting and (block or _readable(self.replies)):
            data = _read_message(self.replies) if self.open else None
            if data is None:
                self.open = False
                raise BrokenProcessPool("a worker process stopped unexpectedly")
            self.waiting.popleft().outcome = pickle.loads(data)
            block = False

    def stop(self) -> None:
        """Close the pipes (the worker then ends) and wait for the process."""
        if self.pid:
            os.close(self.requests)
            os.close(self.replies)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0


def _serve(requests: int, replies: int) -> None:
    """A forked worker's life: render each chunk read, write back what became of it."""
    _worker_started()
    while (payload := _read_message(requests)) is not None:
        done: _Done | None = None
        outcome: tuple[bool, Any]
        try:
            done = _render_chunk(payload)
            outcome = (True, done)
        except Exception as exc:
            outcome = (False, exc)
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            failure = RuntimeError(f"{outcome[1]!r} (and it cannot be sent back: {exc})")
            data = pickle.dumps((False, failure), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            _write_all(replies, _HEADER.pack(len(data)) + data)
        except OSError:  # nobody reads any more: leave nothing behind
            if done is not None:
                _discard(tmp for tmp, _ in done.staged)
            return


_HEADER = struct.Struct("<Q")
#: the size asked for the pipes: a few chunks, so that handing one over never waits
_PIPE_SIZE = 1 << 20


def _readable(fd: int) -> bool:
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))


def _read_message(fd: int) -> bytes | None:
    """One length-prefixed message; None at the end of the pipe."""
    header = _read_exactly(fd, _HEADER.size)
    if header is None:
        return None
    data = _read_exactly(fd, _HEADER.unpack(header)[0])
    if data is None:
        raise EOFError("a message cut short")
    return data


def _read_exactly(fd: int, size: int) -> bytes | None:
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        count = os.readv(fd, [view[got:]])
        if count == 0:
            return None
        got += count
    return bytes(buffer)


def _write_all(fd: int, data: bytes) -> None:
    with memoryview(data) as rest:
        while rest:
            rest = rest[os.write(fd, rest) :]


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
    tasks, force = _unpickled(payload)
    return _render_jobs([_Task(*task) for task in tasks], force)


def _unpickled(payload: bytes) -> Any:
    with _collector_off():
        return pickle.loads(payload)


def _render_jobs(chunk: Sequence[Job | _Task], force: bool) -> _Done:
    done = _Done()
    with _collector_off():
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
    objects of its contexts set it off again and again (costing as much as rendering), and
    reference counting frees them all when the chunk is done anyway."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _render_job(job: Job | _Task, force: bool) -> Path:
    """Render one job into a hidden temporary file next to its target; returns that file."""
    context = job.context
    if isinstance(context, PreparedContext):
        data = compiled_template(job.template).render_prepared(context)
    else:
        ctx = context() if callable(context) else context
        data = compiled_template(job.template).render(ctx)
    return _stage(data, job.target, force)


def _stage(data: bytes, target: Path, force: bool) -> Path:
    """Write *data* to a new hidden file in the target's folder (as write_atomic does)."""
    check_overwrite(target, force)
    try:
        fd, tmp = new_temp(target)
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = new_temp(target)
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
