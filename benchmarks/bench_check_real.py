"""Time `docgen check` on real Word documents: median and worst seconds per file.

Usage: python benchmarks/bench_check_real.py [FOLDER]   (default: ../shared/corpus/real-docx,
else tests/fixtures/real). Reports how many findings and how many files NĐ30 does not govern.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from docgen.check.engine import check_file

ROOT = Path(__file__).resolve().parents[1]
DEFAULTS = [ROOT.parent / "shared" / "corpus" / "real-docx", ROOT / "tests" / "fixtures" / "real"]


def main(folder: Path) -> None:
    files = sorted(folder.glob("*.docx"))
    if not files:
        sys.exit(f"{folder}: no .docx files — give a folder of real documents")
    times, findings, ungoverned = [], 0, 0
    for path in files:
        start = time.perf_counter()
        report = check_file(path)
        times.append(time.perf_counter() - start)
        findings += len(report.findings)
        ungoverned += any(f.rule == "ND30-KIND" for f in report.findings)
    print(
        f"{len(files)} files from {folder}: median {statistics.median(times):.3f} s, "
        f"worst {max(times):.3f} s per file; {findings} findings; "
        f"{ungoverned} not governed by NĐ30"
    )


if __name__ == "__main__":
    given = [Path(a) for a in sys.argv[1:]]
    main(given[0] if given else next(p for p in DEFAULTS if p.is_dir()))
