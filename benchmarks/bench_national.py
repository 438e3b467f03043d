"""A national cascade, synthetic: 1 Bộ writes to 34 Sở, each Sở to its xã (3,300 in all),
each xã to its schools (45,000 in all) — one document per recipient, 48,334 documents —
rendered through render_many on all cores into a temporary folder (removed afterwards).

    .venv/bin/python benchmarks/bench_national.py [--scale 0.1] [--jobs 0] [--keep DIR]

Contexts are made from the sa-thay-2025 example (composed once with the real catalogs) by
changing the issuer, recipient, signer and number for each document; they are made in the
worker processes from a few numbers, so memory stays flat however many documents there are.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docgen.catalog.catalog import Catalog  # noqa: E402
from docgen.catalog.specfile import load_spec  # noqa: E402
from docgen.compose.closing import kinh_gui  # noqa: E402
from docgen.compose.context import DocContext, build_context  # noqa: E402
from docgen.render.batch import Job, available_cores, render_many  # noqa: E402
from docgen.render.templates import find_template  # noqa: E402

SPEC = ROOT / "examples" / "sa-thay-2025.yaml"
PROVINCES, COMMUNES, SCHOOLS = 34, 3_300, 45_000
LEVELS = {
    "bo": ("BỘ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo tỉnh {n}"),
    "so": ("SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH {n}", "Ủy ban nhân dân xã {n}"),
    "xa": ("ỦY BAN NHÂN DÂN XÃ {n}", "Trường Tiểu học và Trung học cơ sở số {n}"),
}


@functools.lru_cache(maxsize=1)
def example() -> DocContext:
    """The sa-thay-2025 example, composed once per process (inherited by forked workers)."""
    return build_context(load_spec(SPEC), Catalog.load(ROOT / "catalogs"))


def national_context(level: str, issuer: int, recipient: int) -> DocContext:
    """The document that issuer number *issuer* of *level* sends to its recipient number
    *recipient* (module-level, so that jobs cross to the workers as a few numbers)."""
    base = example()
    agency, to = LEVELS[level]
    header = dataclasses.replace(
        base.header,
        agency=tuple(agency.format(n=issuer + 1).split("\n")),
        so=f"Số:      /{level.upper()}{issuer + 1}-VP",
    )
    signature = dataclasses.replace(base.signature, name=f"Nguyễn Văn {issuer + 1:04d}")
    return dataclasses.replace(
        base,
        name=f"{level}-{issuer:04d}-{recipient:05d}",
        header=header,
        kinh_gui=kinh_gui([to.format(n=recipient + 1)]),
        signature=signature,
    )


def spread(total: int, over: int) -> list[int]:
    """*total* recipients shared out over *over* issuers, as evenly as can be."""
    return [total // over + (1 if i < total % over else 0) for i in range(over)]


def cascade(out: Path, template: Path, scale: float) -> Iterator[Job]:
    """Every document of the cascade, level by level, each in its issuer's folder."""
    provinces = max(1, round(PROVINCES * scale))
    communes = max(provinces, round(COMMUNES * scale))
    schools = max(communes, round(SCHOOLS * scale))
    for p in range(provinces):
        yield Job(functools.partial(national_context, "bo", 0, p), template, out / f"bo/{p}.docx")
    commune = 0
    for p, count in enumerate(spread(communes, provinces)):
        for c in range(count):
            target = out / f"so-{p:02d}" / f"{commune + c:04d}.docx"
            yield Job(functools.partial(national_context, "so", p, commune + c), template, target)
        commune += count
    school = 0
    for c, count in enumerate(spread(schools, communes)):
        for s in range(count):
            target = out / f"xa-{c // 100:02d}" / f"{c:04d}" / f"{school + s:05d}.docx"
            yield Job(functools.partial(national_context, "xa", c, school + s), template, target)
        school += count


def rss_mb() -> float:
    """This process's resident memory now."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the country")
    parser.add_argument("--jobs", type=int, default=0, help="processes (0: all cores)")
    parser.add_argument("--keep", type=Path, help="write here and keep the files")
    args = parser.parse_args()

    example()  # loaded before the workers start, so that they inherit it
    template = find_template(example().kind, "", SPEC.parent)
    out = args.keep or Path(tempfile.mkdtemp(prefix="docgen-national-"))
    total = sum(1 for _ in cascade(out, template, args.scale))
    cores = args.jobs or available_cores()
    print(f"{total} documents (scale {args.scale}) on {cores} processes into {out}")
    tqdm.monitor_interval = 0  # no monitor thread: workers are forked
    memory: list[float] = []
    start = time.perf_counter()
    try:
        with tqdm(total=total, unit="doc", smoothing=0.05, mininterval=1.0) as bar:

            def written(path: Path) -> None:
                bar.update()
                if bar.n % max(1, total // 10) == 0:
                    memory.append(rss_mb())

            render_many(cascade(out, template, args.scale), jobs=cores, on_written=written)
        seconds = time.perf_counter() - start
        size = sum(f.stat().st_size for f in out.rglob("*.docx")) / 2**30
    finally:
        if args.keep is None:
            shutil.rmtree(out, ignore_errors=True)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rate = total / seconds
    print(f"{rate:.0f} documents/s: {total} documents in {seconds:.1f} s, {size:.2f} GiB written")
    print(
        "memory of this process at each tenth (MB): "
        + " ".join(f"{m:.0f}" for m in memory)
        + f"; largest worker peak {children:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
