"""Run the real docgen command line over hostile input, in a throw-away workspace.

Each case gets a fresh folder laid out as a user's workspace (a copy of the catalogs, the
example data, a spec), with a sentinel folder and precious files beside it. The command runs
as a separate process under a memory limit (RLIMIT_AS), a file-size limit and a timeout, in
its own process group (killed whole on timeout). After the run the whole tree is compared
with its snapshot: only the output paths the case allows may have changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import docgen

#: the checkout whose docgen is under test (its catalogs, examples and templates)
ROOT = Path(docgen.__file__).resolve().parents[1]
CATALOGS = ROOT / "catalogs"
EXAMPLES = ROOT / "examples"
TEMPLATES = ROOT / "templates"

#: seconds a command may take ($HOSTILE_TIMEOUT to change it on a slow or loaded machine)
TIMEOUT = float(os.environ.get("HOSTILE_TIMEOUT", "30"))
MEMORY = 2 * 1024**3
#: default limit on any file the command writes (stdout included): a runaway output fails
FILE_SIZE = 256 * 1024**2
#: how much of stdout/stderr is kept for the assertions
KEEP = 64 * 1024

#: words that betray a Python, Jinja, lxml or zip internal leaking into a message
INTERNALS = (
    "Traceback",
    "object has no attribute",
    "NoneType",
    "unexpected keyword argument",
    "positional argument",
    "object is not",
    "not subscriptable",
    "unsupported operand",
    "invalid literal for",
    "[Errno",
    "codec can't",
    "maximum recursion",
    "Exceeds the limit",
    "field larger than field limit",
    "line contains NUL",
    "jinja2",
    "lxml",
    "zipfile",
    "openpyxl",
    "BadZipFile",
    "zlib",
    "<class ",
    "__class__",
    "internal error",
)


def docgen_command() -> list[str]:
    """The installed entry point of the interpreter running the tests."""
    script = Path(sys.executable).parent / "docgen"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from docgen.cli import main; sys.exit(main())"]


@dataclass
class Result:
    args: tuple[str, ...]
    code: int
    out: str
    err: str
    seconds: float
    timed_out: bool

    @property
    def text(self) -> str:
        return self.out + self.err

    def __str__(self) -> str:  # what a failing assertion shows
        shown = self.text if len(self.text) < 3000 else self.text[:1500] + "…" + self.text[-1500:]
        return (
            f"docgen {' '.join(self.args)!s:.300}\n-> exit {self.code}"
            f"{' (TIMED OUT)' if self.timed_out else ''} in {self.seconds:.1f}s\n{shown}"
        )


class Hung(Exception):  # noqa: N818 - not an OSError: docgen must not mistake it for one
    """Raised in this process by the alarm of :func:`in_process_limits`."""


@contextlib.contextmanager
def in_process_limits(seconds: float, memory: int) -> Iterator[None]:
    """An alarm (Hung) after *seconds* and an address-space limit, in this process."""

    def ring(signum: int, frame: object) -> None:
        raise Hung(f"still running after {seconds} s")

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    resource.setrlimit(resource.RLIMIT_AS, (memory if hard < 0 else min(memory, hard), hard))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _limits(memory: int, file_size: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)


def _head_tail(path: Path) -> str:
    size = path.stat().st_size
    with path.open("rb") as handle:
        if size <= KEEP:
            data = handle.read()
        else:
            data = handle.read(KEEP // 2) + b"\n[...]\n"
            handle.seek(size - KEEP // 2)
            data += handle.read()
    return data.decode("utf-8", "replace")


@dataclass
class Workspace:
    """tmp/box/room/ws (cwd of the command) beside tmp/box/room/sentinel; three levels of
    `..` above the output folder stay inside tmp, where the snapshot sees them."""

    tmp: Path
    allowed: list[Path] = field(default_factory=list)

    def __post_init__(self) -> None:
        room = self.tmp / "box" / "room"
        self.root = room / "ws"
        self.sentinel = room / "sentinel"
        self.logs = self.tmp / "logs"  # not part of the snapshot
        self.out = self.root / "out"
        shutil.copytree(CATALOGS, self.root / "catalogs")
        shutil.copytree(EXAMPLES / "data", self.root / "data")
        self.sentinel.mkdir(parents=True)
        (self.sentinel / "precious.txt").write_text("a user's file\n", encoding="utf-8")
        (self.sentinel / "precious.docx").write_bytes(b"PK\x05\x06" + bytes(18))
        self.logs.mkdir()
        self.allowed = [self.out]
        self._runs = 0

    # -- files -------------------------------------------------------------------------
    def write(self, rel: str, content: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def allow(self, *paths: Path) -> None:
        """Paths (files or folders) the command may create or change besides out/."""
        self.allowed.extend(paths)

    # -- running -----------------------------------------------------------------------
    def run(
        self,
        *args: str | Path,
        timeout: float = TIMEOUT,
        memory: int = MEMORY,
        file_size: int = FILE_SIZE,
        inprocess: bool = False,
    ) -> Result:
        """Run docgen ARGS in the workspace, checking that nothing outside the allowed
        paths changed (the snapshot assertion fails the test at once). *inprocess*: through
        click's CliRunner in this process (for inputs that cost no time or memory), under
        the same time and memory limits."""
        before = self.snapshot()
        dev_before = _dev_state()
        if inprocess:
            result = self._invoke(tuple(map(str, args)), timeout, memory)
        else:
            result = self._spawn(tuple(map(str, args)), timeout, memory, file_size)
        changed = _changes(before, self.snapshot(), self.tmp, self.allowed)
        assert not changed, f"written outside the output folder: {changed}\n{result}"
        assert _dev_state() == dev_before, f"/dev changed\n{result}"
        return result

    def _spawn(self, args: tuple[str, ...], timeout: float, memory: int, file_size: int) -> Result:
        self._runs += 1
        out_log = self.logs / f"{self._runs}.out"
        err_log = self.logs / f"{self._runs}.err"
        env = {k: v for k, v in os.environ.items() if not k.startswith("DOCGEN_")}
        env.update(HOME=str(self.logs), COLUMNS="120")
        start = time.monotonic()
        timed_out = False
        # a small RLIMIT_FSIZE (a full disk) would cut the logs too: then the output goes
        # through pipes, which the limit does not count, and is written to the logs after
        piped = file_size < FILE_SIZE
        with out_log.open("wb") as out, err_log.open("wb") as err:
            proc = subprocess.Popen(  # noqa: S603 - our own entry point
                [*docgen_command(), *args],
                cwd=self.root,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE if piped else out,
                stderr=subprocess.PIPE if piped else err,
                env=env,
                start_new_session=True,
                preexec_fn=lambda: _limits(memory, file_size),
            )
            try:
                if piped:
                    said, complained = proc.communicate(timeout=timeout)
                    out.write(said)
                    err.write(complained)
                else:
                    proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
            # the command and any worker it forked: none may outlive the run
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        return Result(
            args,
            proc.returncode,
            _head_tail(out_log),
            _head_tail(err_log),
            time.monotonic() - start,
            timed_out,
        )

    def _invoke(self, args: tuple[str, ...], timeout: float, memory: int) -> Result:
        from click.testing import CliRunner

        from docgen.cli import main

        env = {k: None for k in os.environ if k.startswith("DOCGEN_")}
        start = time.monotonic()
        timed_out = False
        cwd = Path.cwd()
        os.chdir(self.root)
        try:
            with in_process_limits(timeout, memory):
                outcome = CliRunner().invoke(main, list(args), env=env, catch_exceptions=True)
        except Hung:
            timed_out = True
            outcome = None
        finally:
            os.chdir(cwd)
        if outcome is None:
            return Result(args, -1, "", "", time.monotonic() - start, timed_out)
        err = outcome.stderr
        code = outcome.exit_code
        if outcome.exception is not None and not isinstance(outcome.exception, SystemExit):
            exc = outcome.exception
            err += f"\nTraceback (in process): {type(exc).__name__}: {str(exc)[:500]}"
            code = 70
        return Result(args, code, outcome.stdout, err, time.monotonic() - start, timed_out)

    def snapshot(self) -> dict[str, tuple[str, int, str]]:
        shot: dict[str, tuple[str, int, str]] = {}
        for path in _walk(self.tmp):
            if path == self.logs or self.logs in path.parents:
                continue
            rel = str(path.relative_to(self.tmp))
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                shot[rel] = ("link", 0, os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                shot[rel] = ("dir", 0, "")
            elif not stat.S_ISREG(info.st_mode):  # a FIFO or a device: never opened
                shot[rel] = ("other", info.st_mode, "")
            else:
                data = path.read_bytes() if info.st_size < 32 * 1024**2 else b""
                shot[rel] = ("file", info.st_size, hashlib.sha256(data).hexdigest())
        return shot

    def relative(self, path: Path) -> str:
        return str(path.relative_to(self.tmp))


def _walk(top: Path) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(top):
        base = Path(dirpath)
        for name in dirnames + filenames:
            yield base / name


def _dev_state() -> list[str]:
    """Names in /dev that an escaped `name: /dev/null` could create (never /dev/null
    itself: a spec name always gets `.docx` appended)."""
    return sorted(p.name for p in Path("/dev").glob("null*")) + [str(os.stat("/dev/null").st_mode)]


def _changes(
    before: dict[str, tuple[str, int, str]],
    after: dict[str, tuple[str, int, str]],
    tmp: Path,
    allowed: list[Path],
) -> list[str]:
    """Paths (relative to tmp) that changed and are neither an allowed path, inside one, nor
    a folder created on the way to one."""
    bad = []
    for rel in sorted(set(before) | set(after)):
        if before.get(rel) == after.get(rel):
            continue
        path = tmp / rel
        inside = any(path == a or a in path.parents for a in allowed)
        on_the_way = after.get(rel, ("",))[0] == "dir" and any(path in a.parents for a in allowed)
        if not (inside or on_the_way):
            bad.append(rel)
    return bad


# -- specs -------------------------------------------------------------------------------

SPEC = (EXAMPLES / "sa-thay-2025.yaml").read_text(encoding="utf-8")


def spec_with(
    *,
    name: str | None = None,
    texts: Iterable[str] = (),
    extra: str = "",
    replace: dict[str, str] | None = None,
) -> str:
    """The sa-thay-2025 example with another name, body texts (each a one-line JSON string,
    which YAML reads as a double-quoted scalar) added after its first, and top-level keys."""
    text = SPEC
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    if name is not None:
        text = text.replace("name: sa-thay-2025\n", f"name: {name}\n")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("  - tasks:"))
    added = [f"  - text: {json.dumps(t)}" for t in texts]
    lines[at:at] = added
    text = "\n".join(lines)
    return text + extra


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line of *text* containing *needle*."""
    for number, line in enumerate(text.split("\n"), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the spec")


# -- assertions --------------------------------------------------------------------------


#: a Python exception's name (KeyError, MemoryError …; click's own "Error:" is fine)
_EXCEPTION_NAME = re.compile(r"\b\w*[a-z](?:Error|Exception)\b")


def internals(text: str) -> list[str]:
    found = [word for word in INTERNALS if word in text]
    return found + _EXCEPTION_NAME.findall(text)


def assert_refused(
    result: Result,
    *names: str,
    code: int | None = None,
    line: re.Pattern[str] | str | None = None,
) -> None:
    """A clean refusal: a non-zero exit of docgen's own (not a signal, not 70 = internal
    error, in time), no traceback or internal, the message names each of *names*."""
    assert not result.timed_out, f"timed out\n{result}"
    assert result.code not in (0, 70) and result.code > 0, result
    if code is not None:
        assert result.code == code, f"exit {result.code}, expected {code}\n{result}"
    leaked = internals(result.text)
    assert not leaked, f"internals in the message: {leaked}\n{result}"
    for name in names:
        assert name in result.text, f"the message does not name {name!r}\n{result}"
    if line is not None:
        assert re.search(line, result.text), f"no {line!r} (file:line) in the message\n{result}"


def assert_no_crash(result: Result, codes: Iterable[int] = (0, 1, 2)) -> None:
    """The command finished in time with one of docgen's own exit codes, no internals."""
    assert not result.timed_out, f"timed out\n{result}"
    assert result.code in tuple(codes), result
    leaked = internals(result.text)
    assert not leaked, f"internals in the message: {leaked}\n{result}"


def no_temp_files(folder: Path) -> list[str]:
    """Names in *folder* (recursively) that look like half-written temporary files."""
    if not folder.exists():
        return []
    return [
        str(p)
        for p in folder.rglob("*")
        if p.is_file() and p.suffix not in (".docx", ".csv", ".json", ".ics", ".yaml", ".md")
    ]
