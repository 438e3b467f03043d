"""A national cascade through the real `docgen cascade` path: a synthetic country of 1 Bộ,
34 Sở, 3,300 xã and 45,000 schools (benchmarks/make_province.py), the Bộ's guidance
cascaded down to every school — 48,335 documents, each composed from the catalogs and
rendered on all cores into a temporary folder (removed afterwards unless --keep).

    .venv/bin/python benchmarks/bench_national.py [--scale 0.1] [--jobs 0] [--keep DIR]

--scale is the share of the country (34·S Sở, at least 1; 3,300·S xã; 45,000·S schools).
The phases are timed as `docgen cascade` runs them (docgen/cli/cascade.py), in-process:
loading the catalog, planning (composing every document: what the manifest lists and its
deadlines), writing (composing each again as the workers are ready for it, rendering on
--jobs processes, then the manifest). Memory: this process's peak, the largest worker's,
and this process's resident memory at each tenth of the writing (flat: no document is held).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docgen.catalog.catalog import Catalog  # noqa: E402
from docgen.catalog.specfile import load_spec  # noqa: E402
from docgen.render.batch import available_cores  # noqa: E402
from docgen.workflows.cascade import plan_cascade, write_cascade  # noqa: E402
from docgen.workflows.manifest import write_manifest  # noqa: E402

PROVINCES, COMMUNES, SCHOOLS = 34, 3_300, 45_000


def country(scale: float) -> tuple[int, int, int]:
    """Sở, xã and schools at *scale* (at least one Sở, one xã per Sở, one school per xã)."""
    provinces = max(1, round(PROVINCES * scale))
    communes = max(provinces, round(COMMUNES * scale))
    schools = max(communes, round(SCHOOLS * scale))
    return provinces, communes, schools


def rss_mb() -> float:
    """This process's resident memory now."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bar(total: int | None, what: str) -> tqdm:
    return tqdm(
        total=total,
        desc=what,
        unit="doc",
        file=sys.stderr,
        smoothing=0.05,
        mininterval=1.0,
        leave=False,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the country")
    parser.add_argument("--jobs", type=int, default=0, help="processes (0: all cores)")
    parser.add_argument("--keep", type=Path, help="generate and write here, and keep the files")
    args = parser.parse_args()
    tqdm.monitor_interval = 0  # no monitor thread: workers are forked

    provinces, communes, schools = country(args.scale)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="docgen-national-"))
    cores = args.jobs or available_cores()
    try:
        start = time.perf_counter()
        # in a process of its own, so that this one's peak memory is the cascade's alone
        script = Path(__file__).with_name("make_province.py")
        subprocess.run(
            [
                sys.executable,
                str(script),
                str(folder),
                "--provinces",
                str(provinces),
                "--total-communes",
                str(communes),
                "--total-schools",
                str(schools),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        spec_path = folder / "bo-mau.yaml"
        made = time.perf_counter() - start
        orgs = 1 + provinces + communes + schools
        print(
            f"country (scale {args.scale}): 1 Bộ, {provinces} Sở, {communes:,} xã, "
            f"{schools:,} schools = {orgs:,} organisations, generated in {made:.1f} s "
            f"into {folder}"
        )

        start = time.perf_counter()
        catalog = Catalog.load(folder / "catalogs")
        root = load_spec(spec_path)
        loaded = time.perf_counter() - start

        start = time.perf_counter()
        with bar(None, "composing") as progress:
            plan = plan_cascade(root, catalog, "truong", on_doc=lambda _doc: progress.update())
        planned = time.perf_counter() - start
        total = len(plan.docs)

        out = folder / "out"
        memory: list[float] = []
        tenth = max(1, total // 10)
        start = time.perf_counter()
        with bar(total, "writing") as progress:
            for n, _path in enumerate(write_cascade(plan, out, jobs=cores), start=1):
                progress.update()
                if n % tenth == 0 and len(memory) < 10:
                    memory.append(rss_mb())
        write_manifest(plan, out)
        wrote = time.perf_counter() - start
        size = sum(f.stat().st_size for f in out.rglob("*.docx")) / 2**30
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)

    seconds = loaded + planned + wrote
    rate = total / seconds
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    levels = ", ".join(f"{level} {n:,}" for level, n in plan.levels().items())
    print(f"{orgs:,} organisations, {total:,} documents ({levels})")
    print(
        f"catalog load {loaded:.1f} s, planning {planned:.1f} s "
        f"({total / planned:.0f} documents/s), writing {wrote:.1f} s "
        f"({total / wrote:.0f} documents/s, {cores} processes)"
    )
    print(f"{rate:.0f} documents/s overall, {size:.2f} GiB written")
    print(
        f"memory: peak {peak:.0f} MB in this process, largest worker {worker:.0f} MB; "
        "this process at each tenth of the writing (MB): " + " ".join(f"{m:.0f}" for m in memory)
    )
    for line in plan.report():
        print(f"note: {line[:200]}")
    print(
        f"national cascade: {total:,} documents in {seconds:.1f} s ({rate:.0f} documents/s) "
        f"on {cores} cores, peak memory {max(peak, worker):.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
