"""What starting docgen costs: the whole-process wall time of a bare interpreter, of
`docgen --help` and of rendering one document, measured in the same run.

    .venv/bin/python benchmarks/bench_startup.py [--runs 10] [--python PY] [--root DIR]

Each command is run --runs times as a fresh process (subprocess); the best run is reported
(the least disturbed by the other work of the machine), with the median beside it, and the
best CPU time (user + system) of the process, which a busy machine disturbs less. Every
render writes into a folder of its own (in memory, /dev/shm, when there is one). --python
and --root measure another checkout (its interpreter and its examples/ and catalogs/), e.g.
the main branch's, against this one; bytecode caches can be kept apart from a checkout that
should stay untouched with PYTHONPYCACHEPREFIX.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = Path("examples") / "sa-thay-2025.yaml"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wall_times(
    command: list[str], runs: int, cwd: Path, fresh_dir: bool
) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each of *runs* processes of *command* (``{out}`` → a new
    folder)."""
    scratch = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    times: list[tuple[float, float]] = []
    for _ in range(runs):
        out = Path(tempfile.mkdtemp(prefix="bench-startup-", dir=scratch))
        argv = [arg.replace("{out}", str(out)) for arg in command]
        try:
            start, cpu = time.perf_counter(), _cpu()
            done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
            times.append((time.perf_counter() - start, _cpu() - cpu))
        finally:
            shutil.rmtree(out, ignore_errors=True)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr}")
        if fresh_dir and not done.stdout.startswith("wrote "):
            raise SystemExit(f"{' '.join(argv)} wrote nothing:\n{done.stdout}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="processes per command")
    parser.add_argument("--python", default=sys.executable, help="the interpreter to measure")
    parser.add_argument(
        "--root",
        type=Path,
        default=ROOT,
        help="the checkout whose examples/ and catalogs/ are used",
    )
    args = parser.parse_args()
    python = args.python
    docgen = [python, "-c", "import sys; from docgen.cli import main; sys.exit(main())"]
    commands = [
        ("python -c pass", [python, "-c", "pass"], False),
        ("docgen --help", [*docgen, "--help"], False),
        (f"docgen render {SPEC}", [*docgen, "render", str(SPEC), "-o", "{out}"], True),
    ]
    env_note = os.environ.get("PYTHONPYCACHEPREFIX")
    print(
        f"{python} in {args.root}, best of {args.runs} runs"
        + (f" (bytecode in {env_note})" if env_note else "")
    )
    for label, command, writes in commands:
        wall_times(command, 1, args.root, writes)  # bytecode caches written, files cached
        times = wall_times(command, args.runs, args.root, writes)
        wall = [w for w, _ in times]
        print(
            f"{label:<40} best {min(wall) * 1000:7.1f} ms   "
            f"median {statistics.median(wall) * 1000:7.1f} ms   "
            f"CPU best {min(c for _, c in times) * 1000:7.1f} ms"
        )


if __name__ == "__main__":
    main()
