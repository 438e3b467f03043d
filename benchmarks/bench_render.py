"""How fast documents are written: plain docxtpl against the compiled path, on one core and
on all cores, with the floor (writing the same zip again) and the whole cascade path.

    .venv/bin/python benchmarks/bench_render.py [--n 300] [--jobs 0] [--out DIR]

Every measure renders the same template (the stock công văn) with the same N contexts: the
sa-thay-2025 example composed for N schools (varying names). Each document is written to its
own file, as a cascade does, by default in memory (/dev/shm) so that a busy disk does not
blur the figures; --out measures a disk. The last line is the summary the README quotes.

The compiled measures are the median of --repeat runs; each run starts from a template just
compiled (outside the timing: compiling once per process is reported on its own line), so
that nothing one run remembers (deflated pieces of the files, rule sizes) helps the next.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from docxtpl import DocxTemplate
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docgen.catalog.catalog import Catalog  # noqa: E402
from docgen.catalog.specfile import load_spec  # noqa: E402
from docgen.compose.context import DocContext, build_context  # noqa: E402
from docgen.model.spec import DocumentSpec  # noqa: E402
from docgen.render import batch  # noqa: E402
from docgen.render import compiled as compiled_module  # noqa: E402
from docgen.render.batch import Job, available_cores, render_many  # noqa: E402
from docgen.render.compiled import (  # noqa: E402
    CompiledTemplate,
    compiled_template,
    forget_engines,
)
from docgen.render.docx import template_environment, template_vars  # noqa: E402
from docgen.render.templates import find_template  # noqa: E402

SPEC = ROOT / "examples" / "sa-thay-2025.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def school_specs(spec: DocumentSpec, n: int) -> Iterator[DocumentSpec]:
    """The example spec, sent to n schools one by one (as a cascade does)."""
    for i in range(n):
        yield dataclasses.replace(
            spec,
            name=f"{spec.name}-{i:05d}",
            recipients=(f"Trường Tiểu học và Trung học cơ sở Sa Thầy số {i + 1}",),
        )


class Took(NamedTuple):
    """How long a measure took: wall time, and the CPU time of this process and of the
    workers it waited for (what a busy machine disturbs least)."""

    wall: float
    cpu: float

    def __truediv__(self, other: object) -> Took:
        if not isinstance(other, Took):
            return NotImplemented

        def ratio(a: float, b: float) -> float:
            return a / b if b else float("nan")

        return Took(ratio(self.wall, other.wall), ratio(self.cpu, other.cpu))


def cpu_time() -> float:
    """CPU seconds of this process and of its children that have ended (the pool's)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(
    run: Callable[[Path], object],
    folder: Path,
    repeat: int = 1,
    before: Callable[[], object] | None = None,
) -> Took:
    """The medians of *repeat* runs, each writing into a fresh folder (after *before*)."""
    walls, cpus = [], []
    for i in range(repeat):
        out = folder / str(i)
        out.mkdir(parents=True)
        if before is not None:
            before()
        start, cpu = time.perf_counter(), cpu_time()
        run(out)
        walls.append(time.perf_counter() - start)
        cpus.append(cpu_time() - cpu)
        if i < repeat - 1:
            shutil.rmtree(out)
    return Took(statistics.median(walls), statistics.median(cpus))


def plain_docxtpl(contexts: list[DocContext], template: Path, out: Path) -> None:
    """docxtpl as documented: load, render, save, for every document (same sandboxed,
    autoescaped environment as docgen)."""
    for ctx in contexts:
        tpl = DocxTemplate(str(template))
        tpl.render(template_vars(ctx), template_environment(), autoescape=True)
        tpl.save(str(out / f"{ctx.name}.docx"))


def compiled(
    contexts: list[DocContext], template: Path, out: Path, jobs: int | None = None
) -> None:
    jobs_iter = (Job(ctx, template, out / f"{ctx.name}.docx") for ctx in contexts)
    render_many(jobs_iter, jobs=jobs)


def floor(data: bytes, names: list[str], out: Path) -> None:
    """The same zip written again under every name, through the same hidden-file-and-rename
    path (checked, signed, moved into place), without rendering: what writing files costs
    at least."""
    from docgen.render.atomic import commit, stage

    for name in names:
        target = out / f"{name}.docx"
        commit(stage(data, target, False), target)


def cascade(specs: list[DocumentSpec], catalog: Catalog, template: Path, out: Path) -> None:
    """The whole per-document path of a cascade on one core: compose (catalog lookups,
    citations, footnotes, deadlines), render, write; the catalog is loaded once."""
    jobs_iter = (
        Job(functools.partial(build_context, spec, catalog), template, out / f"{spec.name}.docx")
        for spec in specs
    )
    render_many(jobs_iter, jobs=1)


def fresh(template: Path, cache: Path | None = None) -> float:
    """Forget the engines of this process and make *template*'s again (as a new process
    would, before its first document), with the disk cache in *cache* (a new folder: not
    there yet); returns how long it took."""
    forget_engines()
    if cache is not None:
        os.environ["XDG_CACHE_HOME"] = str(cache)
    start = time.perf_counter()
    compiled_template(template)
    return time.perf_counter() - start


def deflated(contexts: list[DocContext], template: Path, work: Path, repeat: int) -> Took:
    """1 core with the parts rendered per document deflated at zlib's fastest level instead
    of stored (what compiled.DOCUMENT_COMPRESSION is chosen from)."""
    saved = compiled_module.DOCUMENT_COMPRESSION, compiled_module.DOCUMENT_LEVEL
    compiled_module.DOCUMENT_COMPRESSION, compiled_module.DOCUMENT_LEVEL = zipfile.ZIP_DEFLATED, 1
    try:
        return timed(functools.partial(compiled, contexts, template, jobs=1), work, repeat)
    finally:
        compiled_module.DOCUMENT_COMPRESSION, compiled_module.DOCUMENT_LEVEL = saved


def pool_or_not(contexts: list[DocContext], template: Path, work: Path, cores: int) -> str:
    """1 process against *cores* workers, at a few batch sizes: where the pool starts to pay
    (what batch.POOL_FROM, the default's threshold, is set from)."""
    found = []
    for size in (50, 200, 400, 800):
        some = (contexts * (size // len(contexts) + 1))[:size]
        some = [dataclasses.replace(c, name=f"{c.name}-{i}") for i, c in enumerate(some)]
        one = timed(functools.partial(compiled, some, template, jobs=1), work / f"p1-{size}")
        pool = timed(functools.partial(compiled, some, template, jobs=cores), work / f"pn-{size}")
        found.append(f"{size}: {one.wall / pool.wall:.2f}×")
    return f"{cores} workers against 1 process, by batch size: " + ", ".join(found)


def body_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p"))


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="documents per measure")
    parser.add_argument("--jobs", type=int, default=0, help="processes for 'all cores' (0: all)")
    parser.add_argument("--out", type=Path, help="folder to write in (default: /dev/shm)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each compiled measure")
    parser.add_argument("--pools", action="store_true", help="also time the pool by batch size")
    parser.add_argument(
        "--deflate", action="store_true", help="also time the parts deflated (zlib level 1)"
    )
    args = parser.parse_args()
    n, cores = args.n, args.jobs or available_cores()

    catalog = Catalog.load(ROOT / "catalogs")
    spec = load_spec(SPEC)
    template = find_template(spec.kind, spec.template, SPEC.parent)
    specs = list(school_specs(spec, n))
    contexts = [build_context(s, catalog) for s in specs]
    memory = Path("/dev/shm")
    where = args.out or (memory if memory.is_dir() else None)
    work = Path(tempfile.mkdtemp(prefix="docgen-bench-", dir=where))
    k = max(1, args.repeat)
    try:
        t_plain = timed(lambda out: plain_docxtpl(contexts, template, out), work / "plain")
        CompiledTemplate(template)  # warm the imports, as a long run would be
        t_compile = min(fresh(template, work / f"cache-{i}") for i in range(k))
        t_cached = min(fresh(template) for _ in range(k))
        again = functools.partial(fresh, template)
        t_one = timed(lambda out: compiled(contexts, template, out, 1), work / "one", k, again)
        rss_one = peak_mb(resource.RUSAGE_SELF)
        t_all = timed(lambda out: compiled(contexts, template, out, cores), work / "all", k, again)
        data = (work / "one" / str(k - 1) / f"{contexts[0].name}.docx").read_bytes()
        names = [c.name for c in contexts]
        t_floor = timed(lambda out: floor(data, names, out), work / "floor", k)
        t_cascade = timed(
            lambda out: cascade(specs, catalog, template, out), work / "cascade", k, again
        )
        pools = pool_or_not(contexts, template, work, cores) if args.pools else ""
        t_deflated = deflated(contexts, template, work / "deflated", k) if args.deflate else None
        last = str(k - 1)
        same = all(
            body_text(work / "plain" / "0" / f"{c.name}.docx")
            == body_text(work / "one" / last / f"{c.name}.docx")
            == body_text(work / "all" / last / f"{c.name}.docx")
            for c in contexts
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def rate(took: Took) -> str:
        wall, cpu = took.wall / n * 1000, took.cpu / n * 1000
        return f"{n / took.wall:8.1f} documents/s  {wall:7.2f} ms/document  (cpu {cpu:.2f} ms)"

    def ratio(took: Took) -> str:
        return f"{took.wall:.1f}× (cpu {took.cpu:.1f}×)"

    print(
        f"template {template.relative_to(ROOT)}, {n} documents ({spec.name} for {n} schools), "
        f"written in {work.parent}"
    )
    print(f"plain docxtpl (load, render, save)  {rate(t_plain)}")
    print(f"compiling the template, once        {t_compile * 1000:8.1f} ms")
    print(f"its engine from the disk cache      {t_cached * 1000:8.1f} ms per process")
    print(f"compiled, 1 core                    {rate(t_one)}")
    print(f"compiled, {cores} cores                   {rate(t_all)}")
    if t_deflated is not None:
        print(f"compiled, 1 core, parts deflated    {rate(t_deflated)}")
    print(f"floor (same zip written again)      {rate(t_floor)}")
    print(f"cascade path (compose+render+write) {rate(t_cascade)}")
    print(
        f"ratios: 1 core {ratio(t_plain / t_one)} plain, {cores} cores "
        f"{(t_plain / t_all).wall:.1f}× plain ({(t_one / t_all).wall:.2f}× 1 core); 1 core is "
        f"{ratio(t_one / t_floor)} the floor; cascade path {(t_cascade / t_one).wall:.2f}× "
        f"(cpu {(t_cascade / t_one).cpu:.2f}×) the compiled render"
    )
    print(
        f"peak memory (max RSS): {rss_one:.0f} MB after 1 core, this process "
        f"{peak_mb(resource.RUSAGE_SELF):.0f} MB, largest worker "
        f"{peak_mb(resource.RUSAGE_CHILDREN):.0f} MB"
    )
    if pools:
        print(f"{pools} (batch.POOL_FROM = {batch.POOL_FROM})")
    text = "identical text" if same else "TEXT DIFFERS"
    print(
        f"speedup {(t_plain / t_one).wall:.1f}× (1 core) {(t_plain / t_all).wall:.1f}× (all "
        f"cores) over plain docxtpl, {text}; in CPU time {(t_plain / t_one).cpu:.1f}× (1 core), "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
