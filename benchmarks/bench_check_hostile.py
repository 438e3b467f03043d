"""What hostile input inside the size limits costs `docgen check`: time and peak memory.

    .venv/bin/python benchmarks/bench_check_hostile.py [--only NAME] [--keep DIR] [--code DIR]

Builds each file of tests/check/hostile_maker.py (dense runs, long style chains, three
8 MiB parts, deep nesting), then runs `docgen check` on it in a fresh process and prints
its wall and CPU time, peak RSS (the child's ru_maxrss) and exit code. The target is at most 2 s
and 200 MB for any file inside the limits; the tests check the outcome, never the time.
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "check"))

import hostile_maker as hm  # noqa: E402


def cases() -> dict[str, Callable[[Path], Path]]:
    built: dict[str, Callable[[Path], Path]] = {}
    for kind in hm.DENSE:
        built[f"8 MiB: {kind}"] = functools.partial(hm.dense, kind=kind)
        built[f"at the limit: {kind}"] = functools.partial(
            hm.dense, kind=kind, elements=hm.AT_LIMIT
        )
    built[f"chained styles ({2 * hm.MAX_PARAGRAPHS - 40})"] = hm.many_styles
    built["three 8 MiB parts"] = hm.three_dense_parts
    return built


def measure(path: Path, code_dir: Path | None) -> tuple[float, float, float, int, str]:
    """Wall and CPU seconds, peak RSS in MB, exit code and last output line of one check
    (CPU time says more than wall time on a busy machine)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        env = dict(os.environ, PYTHONPATH=str(code_dir)) if code_dir else None
        child = subprocess.Popen(
            [sys.executable, "-m", "docgen.cli", "check", str(path)],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=code_dir or ROOT,  # -m puts the working folder first on sys.path
        )
        _, status, usage = os.wait4(child.pid, 0)  # the child's own peak RSS
        seconds = time.perf_counter() - start
        output.seek(0)
        lines = output.read().decode(errors="replace").strip().splitlines() or [""]
    cpu = usage.ru_utime + usage.ru_stime
    code = os.waitstatus_to_exitcode(status)
    return seconds, cpu, usage.ru_maxrss / 1024, code, lines[-1].removeprefix(f"{path}: ")[:60]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run the cases whose name contains this")
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument(
        "--code",
        type=Path,
        help="check with the docgen package of this folder (e.g. an older commit's, "
        "from `git archive COMMIT docgen | tar -x -C DIR`), to compare",
    )
    args = parser.parse_args()
    out = args.keep or Path(tempfile.mkdtemp(prefix="bench-check-"))
    out.mkdir(parents=True, exist_ok=True)
    print(f"{'case':<52} {'zip KB':>6} {'wall s':>6} {'CPU s':>6} {'RSS MB':>6} exit  output")
    worst_time = worst_cpu = worst_rss = 0.0
    for name, make in cases().items():
        if args.only and args.only not in name:
            continue
        path = make(out / (name.replace(" ", "-").replace(":", "") + ".docx"))
        seconds, cpu, rss, code, last = measure(path, args.code)
        worst_time, worst_cpu = max(worst_time, seconds), max(worst_cpu, cpu)
        worst_rss = max(worst_rss, rss)
        size = path.stat().st_size / 1024
        print(f"{name:<52} {size:>6.0f} {seconds:>6.2f} {cpu:>6.2f} {rss:>6.0f} {code:>4}  {last}")
    print(
        f"worst: {worst_time:.2f} s wall, {worst_cpu:.2f} s CPU, {worst_rss:.0f} MB "
        f"(target: 2 s, 200 MB; load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
