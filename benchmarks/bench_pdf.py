"""How fast .docx files become PDFs: one `soffice --convert-to pdf` call per document
against docgen's pool (docgen.render.pdf.to_pdf: batches of many files per call on one
LibreOffice worker per core, each with its own profile).

    .venv/bin/python benchmarks/bench_pdf.py [--n 100] [--single 20] [--jobs 0] [--pdfa]

The documents are the repository's examples rendered once and copied to N files (names
differ, contents do not). One call per document is measured on the first --single of them
(each call starts LibreOffice again; its profile is made once before the timing); the pool
converts all N, its start (fresh profiles) included. Each is given in wall-clock seconds and
in LibreOffice's CPU seconds per document (less disturbed by a busy machine; on an idle
machine the pool's wall time is about its CPU time over the cores). The last line is what
the README quotes.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docgen.catalog.catalog import Catalog  # noqa: E402
from docgen.render.pdf import find_soffice, pdf_filter, to_pdf  # noqa: E402
from docgen.workflows.render import render_specs  # noqa: E402


def documents(folder: Path, n: int) -> list[Path]:
    """*n* .docx files in *folder*: the examples rendered, copied round-robin."""
    rendered = list(
        render_specs(
            sorted((ROOT / "examples").glob("*.yaml")),
            folder / "src",
            Catalog.load(ROOT / "catalogs"),
            jobs=1,
        )
    )
    out = folder / "docx"
    out.mkdir()
    paths = []
    for i in range(n):
        source = rendered[i % len(rendered)]
        target = out / f"{i:04d}-{source.name}"
        shutil.copyfile(source, target)
        paths.append(target)
    return paths


def children_cpu() -> float:
    """CPU seconds used so far by the processes this one waited for (LibreOffice's)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_call_each(paths: list[Path], folder: Path, pdfa: bool) -> tuple[float, float]:
    """Seconds and CPU seconds per document, one soffice process per document."""
    soffice = find_soffice()
    profile = (folder / "profile").as_uri()
    out = folder / "single"

    def convert(path: Path) -> None:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                pdf_filter(pdfa),
                "--outdir",
                str(out),
                str(path),
            ],
            check=True,
            capture_output=True,
        )

    convert(paths[0])  # make the profile outside the timing
    start, cpu = time.perf_counter(), children_cpu()
    for path in paths:
        convert(path)
    elapsed, cpu = time.perf_counter() - start, children_cpu() - cpu
    assert all((out / f"{p.stem}.pdf").is_file() for p in paths)
    return elapsed / len(paths), cpu / len(paths)


def pool(paths: list[Path], folder: Path, jobs: int | None, pdfa: bool) -> tuple[float, float]:
    """Seconds and CPU seconds per document through to_pdf, pool start and stop included."""
    start, cpu = time.perf_counter(), children_cpu()
    written = to_pdf(paths, out_dir=folder / "pool", pdfa=pdfa, jobs=jobs)
    elapsed, cpu = time.perf_counter() - start, children_cpu() - cpu
    assert len(written) == len(paths) and all(p.is_file() for p in written)
    return elapsed / len(paths), cpu / len(paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="documents for the pool")
    parser.add_argument(
        "--single", type=int, default=20, help="documents converted one call each (0: skip)"
    )
    parser.add_argument("--jobs", type=int, default=0, help="LibreOffice workers (0: cores)")
    parser.add_argument("--pdfa", action="store_true", help="PDF/A-2b")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        folder = Path(tmp)
        paths = documents(folder, args.n)
        single = one_call_each(paths[: args.single], folder, args.pdfa) if args.single else None
        pooled = pool(paths, folder, args.jobs or None, args.pdfa)
    if single is not None:
        print(
            f"one soffice call per document: {single[0]:.3f} s/doc, {single[1]:.3f} CPU s/doc"
            f" ({args.single} documents)"
        )
    print(
        f"pool ({args.jobs or 'all'} cores, batches): {pooled[0]:.3f} s/doc, "
        f"{pooled[1]:.3f} CPU s/doc ({args.n} documents)"
    )
    kind = "PDF/A-2b" if args.pdfa else "PDF"
    versus = (
        f"vs {single[0]:.3f} one call each, {single[0] / pooled[0]:.1f}x faster"
        if single
        else "(one call each not measured)"
    )
    print(f"summary: {kind} {pooled[0]:.3f} s/doc pooled {versus}")


if __name__ == "__main__":
    main()
