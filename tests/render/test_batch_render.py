"""render_many: the same files as rendering one by one, in order, on several processes, with
bounded look-ahead; an error stops it where one-by-one rendering would have stopped."""

from __future__ import annotations

import dataclasses
import functools
import io
import os
import pickle
import zipfile
from collections.abc import Callable, Generator, Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from docx import Document

from docgen.catalog.catalog import Catalog
from docgen.catalog.specfile import load_spec
from docgen.compose.context import DocContext, build_context
from docgen.errors import CatalogError, DocgenError, ErrorList, TemplateError
from docgen.render import batch
from docgen.render.atomic import sign
from docgen.render.batch import Job, iter_render, render_many
from docgen.render.compiled import template_engine

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "cong_van.docx"


def assert_rendered_alone(contexts: list[DocContext], written: list[Path]) -> None:
    """Each written file is, member for member, the document its context gives alone
    (signed, as every file docgen writes)."""
    compiled = template_engine(TEMPLATE)
    for c, path in zip(contexts, written, strict=True):
        expected = zipfile.ZipFile(io.BytesIO(sign(compiled.render(c))))
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None
            assert [i.filename for i in z.infolist()] == expected.namelist()
            for name in expected.namelist():
                assert z.read(name) == expected.read(name), name


@pytest.fixture(scope="module")
def ctx() -> DocContext:
    catalog = Catalog.load(ROOT / "catalogs")
    return build_context(load_spec(ROOT / "examples" / "sa-thay-2025.yaml"), catalog)


def school(ctx: DocContext, i: int) -> DocContext:
    """The example sent to school number i."""
    header = dataclasses.replace(ctx.header, so=f"Số: {i}/UBND-VHXH")
    return dataclasses.replace(ctx, name=f"truong-{i:03d}", header=header)


def unpicklable(ctx: DocContext, i: int) -> Callable[[], DocContext]:
    """A lambda that composes school i: it cannot go to a worker process."""
    return lambda: school(ctx, i)


def made(ctx: DocContext, i: int) -> DocContext:
    """A module-level factory, so that it can go to a worker process."""
    return school(ctx, i)


def bad_template(folder: Path) -> Path:
    doc = Document()
    doc.add_paragraph("{{ no_such_thing }}")
    doc.save(str(folder / "bad.docx"))
    return folder / "bad.docx"


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode()


def left_over(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_same_files_in_input_order(ctx: DocContext, tmp_path: Path, jobs: int) -> None:
    contexts = [school(ctx, i) for i in range(7)]
    written: list[Path] = []
    count = render_many(
        ((c, TEMPLATE, tmp_path / f"{c.name}.docx") for c in contexts),
        jobs=jobs,
        chunk_size=2,  # several chunks, so that jobs=2 uses worker processes
        on_written=written.append,
    )
    assert count == 7
    assert written == [tmp_path / f"{c.name}.docx" for c in contexts]
    assert_rendered_alone(contexts, written)
    assert "Số: 3/UBND-VHXH" in docx_text(written[3])
    assert left_over(tmp_path) == []


def test_factories_run_in_the_workers(ctx: DocContext, tmp_path: Path) -> None:
    jobs = [
        Job(functools.partial(made, ctx, i), TEMPLATE, tmp_path / f"truong-{i:03d}.docx")
        for i in range(5)
    ]
    paths = list(iter_render(jobs, 2, chunk_size=1))
    assert [p.name for p in paths] == [f"truong-{i:03d}.docx" for i in range(5)]
    assert "Số: 4/UBND-VHXH" in docx_text(paths[4])


def test_a_lambda_cannot_go_to_a_worker_but_runs_here(ctx: DocContext, tmp_path: Path) -> None:
    jobs = [Job(unpicklable(ctx, i), TEMPLATE, tmp_path / f"{i}.docx") for i in range(4)]
    with pytest.raises(TypeError, match="picklable"):
        render_many(jobs, jobs=2, chunk_size=1)
    assert left_over(tmp_path) == []
    assert render_many(jobs, jobs=1) == 4


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failing_job_stops_there(ctx: DocContext, tmp_path: Path, jobs: int) -> None:
    """Jobs before the failing one are written, the error is the template's own, and
    nothing after it is left behind — not even a temporary file."""
    bad = bad_template(tmp_path)
    out = tmp_path / "out"
    items = [
        (school(ctx, i), bad if i == 5 else TEMPLATE, out / f"truong-{i:03d}.docx")
        for i in range(12)
    ]
    written: list[Path] = []
    with pytest.raises(TemplateError) as raised:
        render_many(items, jobs=jobs, chunk_size=2, on_written=written.append)
    assert str(bad) in str(raised.value) and "'no_such_thing' is undefined" in str(raised.value)
    assert [p.name for p in written] == [f"truong-{i:03d}.docx" for i in range(5)]
    assert sorted(p.name for p in out.iterdir()) == [p.name for p in written]


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_error_from_the_caller_stops_there(ctx: DocContext, tmp_path: Path, jobs: int) -> None:
    def items() -> Iterator[Job]:
        for i in range(9):
            if i == 6:
                raise CatalogError("unknown organisation 'x'", file="spec.yaml", line=3)
            yield Job(school(ctx, i), TEMPLATE, tmp_path / f"truong-{i:03d}.docx")

    with pytest.raises(CatalogError, match=r"^spec.yaml:3: unknown organisation 'x'$"):
        render_many(items(), jobs=jobs, chunk_size=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"truong-{i:03d}.docx" for i in range(6)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_never_replaces_a_users_file(ctx: DocContext, tmp_path: Path, jobs: int) -> None:
    mine = tmp_path / "truong-002.docx"
    mine.write_bytes(b"a clerk's own file")
    items = [(school(ctx, i), TEMPLATE, tmp_path / f"truong-{i:03d}.docx") for i in range(4)]
    with pytest.raises(DocgenError, match="--force"):
        render_many(items, jobs=jobs, chunk_size=1)
    assert mine.read_bytes() == b"a clerk's own file"
    assert not (tmp_path / "truong-003.docx").exists() and left_over(tmp_path) == []
    assert render_many(items, jobs=jobs, chunk_size=1, force=True) == 4
    assert render_many(items, jobs=jobs, chunk_size=1) == 4  # docgen's own files: fine


def test_streams_with_bounded_look_ahead(ctx: DocContext, tmp_path: Path) -> None:
    """However long the iterable, only a few chunks per worker are taken ahead of the
    files written: 10,000 documents are never held in memory at once."""
    pulled = 0
    ahead: list[int] = []

    def items() -> Iterator[Job]:
        nonlocal pulled
        for i in range(60):
            pulled += 1
            yield Job(school(ctx, i), TEMPLATE, tmp_path / f"{i}.docx")

    written = 0

    def seen(path: Path) -> None:
        nonlocal written
        written += 1
        ahead.append(pulled - written)

    render_many(items(), jobs=2, chunk_size=3, on_written=seen)
    assert written == 60
    assert max(ahead) <= 3 * (batch.DEPTH * 2 + 1)


def test_stopping_early_leaves_no_temporary_file(ctx: DocContext, tmp_path: Path) -> None:
    items = [(school(ctx, i), TEMPLATE, tmp_path / f"{i}.docx") for i in range(20)]
    stream = iter_render(items, 2, chunk_size=2)
    assert isinstance(stream, Generator) and next(stream) == tmp_path / "0.docx"
    stream.close()
    assert left_over(tmp_path) == []
    assert (tmp_path / "0.docx").exists()


@pytest.mark.parametrize(
    "error",
    [
        TemplateError("the template cannot be rendered", file="t.docx", hint="near: x"),
        CatalogError("unknown reference", file="a.yaml", line=12, column=5, hint="did you"),
        ErrorList([CatalogError("one", file="a.yaml", line=1), CatalogError("two")]),
    ],
)
def test_errors_cross_processes_unchanged(error: DocgenError) -> None:
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error) and str(back) == str(error)
    assert back.exit_code == error.exit_code


PARENT = os.getpid()


def dies_in_a_worker(ctx: DocContext, i: int) -> DocContext:
    if os.getpid() != PARENT:
        os._exit(3)
    return school(ctx, i)


def fails(ctx: DocContext, i: int) -> DocContext:
    if i == 3:
        raise ValueError("not a DocgenError")
    return school(ctx, i)


def test_a_worker_that_dies(ctx: DocContext, tmp_path: Path) -> None:
    jobs = [
        Job(functools.partial(dies_in_a_worker, ctx, i), TEMPLATE, tmp_path / f"{i}.docx")
        for i in range(6)
    ]
    with pytest.raises(BrokenProcessPool):
        render_many(jobs, jobs=2, chunk_size=1)
    assert left_over(tmp_path) == []


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_other_errors_stop_there_too(ctx: DocContext, tmp_path: Path, jobs: int) -> None:
    """An unexpected error, in a worker or in this process, is raised as it was made, in
    input order: the files before it are written, nothing after it is left."""
    items = [
        Job(functools.partial(fails, ctx, i), TEMPLATE, tmp_path / f"{i}.docx") for i in range(9)
    ]
    with pytest.raises(ValueError, match="not a DocgenError"):
        render_many(items, jobs=jobs, chunk_size=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{i}.docx" for i in range(3)]


@pytest.mark.parametrize("jobs", [2, 3])
def test_a_long_batch_on_workers(ctx: DocContext, tmp_path: Path, jobs: int) -> None:
    """Many chunks on the workers: every file in order, each the document rendering it
    alone gives."""
    contexts = [school(ctx, i) for i in range(40)]
    written: list[Path] = []
    render_many(
        ((c, TEMPLATE, tmp_path / f"{c.name}.docx") for c in contexts),
        jobs=jobs,
        chunk_size=3,
        on_written=written.append,
    )
    assert written == [tmp_path / f"{c.name}.docx" for c in contexts]
    assert_rendered_alone(contexts, written)
    assert left_over(tmp_path) == []


def test_by_default_a_small_batch_stays_in_this_process(
    ctx: DocContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """jobs=None: under POOL_FROM documents no worker is started (a lambda, which cannot
    cross to a worker, renders); from POOL_FROM on, jobs that compose go to the pool, and
    jobs whose context is made already stay here."""
    monkeypatch.setattr(batch, "POOL_FROM", 6)
    monkeypatch.setattr(batch, "available_cores", lambda: 2)
    jobs = [Job(unpicklable(ctx, i), TEMPLATE, tmp_path / f"{i}.docx") for i in range(5)]
    assert render_many(jobs) == 5
    jobs = [Job(unpicklable(ctx, i), TEMPLATE, tmp_path / f"{i}.docx") for i in range(6)]
    with pytest.raises(TypeError, match="picklable"):
        render_many(jobs, chunk_size=2)
    made = [(school(ctx, i), TEMPLATE, tmp_path / f"{i}.docx") for i in range(8)]
    monkeypatch.setattr(batch, "_in_pool", None)  # not called
    assert render_many(made, chunk_size=2) == 8
