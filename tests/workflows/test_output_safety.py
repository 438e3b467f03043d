"""Hostile and broken input (issue 16): output stays where it is told, and nothing a person
edited is replaced. Every case goes through the real command line and looks at the disk."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import CATALOGS, EXAMPLES

from docgen.cli import main
from docgen.names import name_problem
from docgen.render import atomic
from docgen.render.atomic import new_temp, sweep_stale_temps, written_by_docgen
from docgen.workflows.files import write_text

GOOD = (EXAMPLES / "sa-thay-2025.yaml").read_text(encoding="utf-8")
CASCADE_SPEC = EXAMPLES / "so-quang-ngai-1491.yaml"
NAME_LINE = GOOD.splitlines().index("name: sa-thay-2025") + 1


def run(*args: str, catalog: Path = CATALOGS) -> Result:
    return CliRunner().invoke(main, [*args, "--catalog", str(catalog)])


def files_under(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*")}


def assert_refused(result: Result, *expected: str) -> None:
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.output


def spec(folder: Path, text: str, name: str = "spec.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- names that would leave the output folder ----------------------------------------------


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("../x", "path separator"),
        ("/abs/x", "path separator"),
        ("/dev/null", "path separator"),
        ("'.docx'", "starts with '.'"),
        ("'..docx'", "starts with '.'"),
        ('"a\\nb"', "line break"),
        ('"sa\\u202Ethay"', "U+202E"),
        ("CON", "Windows reserves"),
        ("nul.x", "Windows reserves"),
        ("'" + "a" * 81 + "'", "at most 80"),
    ],
)
def test_a_spec_name_is_one_plain_file_name(tmp_path: Path, name: str, problem: str) -> None:
    work = tmp_path / "work"
    work.mkdir()
    path = spec(work, GOOD.replace("name: sa-thay-2025", f"name: {name}"))
    out = work / "out"
    result = run("render", str(path), "-o", str(out))
    assert_refused(result, f"{path}:{NAME_LINE}:", problem, "a name becomes a file name")
    assert files_under(tmp_path) == {Path("work"), Path("work/spec.yaml")}  # nothing, anywhere


def test_a_spec_file_named_like_a_device(tmp_path: Path) -> None:
    """Without 'name:', the file's own name is the document's: CON.yaml is refused too."""
    path = spec(tmp_path, GOOD.replace("name: sa-thay-2025\n", ""), "CON.yaml")
    result = run("render", str(path), "-o", str(tmp_path / "out"))
    assert_refused(result, f"{path}:", "Windows reserves")
    assert not (tmp_path / "out").exists()


def test_vietnamese_letters_are_fine(tmp_path: Path) -> None:
    path = spec(tmp_path, GOOD.replace("name: sa-thay-2025", "name: công-văn_Sa.Thầy"))
    result = run("render", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "công-văn_Sa.Thầy.docx").is_file()


@pytest.mark.parametrize(
    "value", ["sa-thay-2025", "truong-thcs-sa-thầy", "a.b_c-1", "ÂĂĐÊÔƠƯ", "e\u0302\u0323"]
)
def test_names_the_rule_accepts(value: str) -> None:
    assert name_problem(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "",
        ".x",
        "x.",
        "a b",
        "a\tb",
        "a/b",
        "a\\b",
        "COM1",
        "lpt9.docx",
        "a\u200fb",
        "a\x00b",
        "٣",
        "a:b",
        "a*b",
        "\u0301a",
    ],
)
def test_names_the_rule_refuses(value: str) -> None:
    assert name_problem(value) is not None


def test_an_organisation_id_that_leaves_the_folder(catalog_copy: Path) -> None:
    orgs = catalog_copy / "orgs" / "sa-thay-schools.yaml"
    text = orgs.read_text(encoding="utf-8")
    first_id = next(line for line in text.splitlines() if line.strip().startswith("- id:"))
    bad = first_id.split("id:")[0] + "id: ../../../x"
    orgs.write_text(text.replace(first_id, bad, 1), encoding="utf-8")
    line = text.splitlines().index(first_id) + 1
    result = CliRunner().invoke(main, ["catalog", "check", str(catalog_copy)])
    assert_refused(result, f"{orgs}:{line}:", "the organisation id '../../../x' contains '/'")


def test_a_cascade_does_not_follow_a_link_out_of_its_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "xa").symlink_to(outside, target_is_directory=True)
    result = run("cascade", str(CASCADE_SPEC), "--down-to", "xa", "-o", str(out))
    assert_refused(result, "would not be inside the output folder", "symbolic link")
    assert list(outside.iterdir()) == []
    assert files_under(out) == {Path("xa")}  # nothing written, not even the province's


# -- two outputs of one run on one file ----------------------------------------------------


def test_two_specs_of_one_name(tmp_path: Path) -> None:
    first, second = spec(tmp_path, GOOD, "a.yaml"), spec(tmp_path, GOOD, "b.yaml")
    out = tmp_path / "out"
    result = run("render", str(first), str(second), "-o", str(out))
    assert_refused(
        result, f"{second}:{NAME_LINE}:", "would be written twice", f"{first}:{NAME_LINE}"
    )
    assert "wrote" not in result.output
    assert not out.exists()


def test_two_names_one_file_on_windows_and_macos(tmp_path: Path) -> None:
    first = spec(tmp_path, GOOD, "a.yaml")
    second = spec(tmp_path, GOOD.replace("name: sa-thay-2025", "name: SA-THAY-2025"), "b.yaml")
    result = run("render", str(first), str(second), "-o", str(tmp_path / "out"))
    assert_refused(result, "would be written twice")
    assert not (tmp_path / "out").exists()


def test_a_cascade_calendar_over_its_manifest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(
        "cascade",
        str(CASCADE_SPEC),
        "--down-to",
        "xa",
        "-o",
        str(out),
        "--ics",
        str(out / "manifest.csv"),
    )
    assert_refused(result, "manifest.csv would be written twice", "--ics")
    assert not out.exists()


# -- nothing a person edited is replaced ---------------------------------------------------


def render(tmp_path: Path, *extra: str) -> Result:
    return run("render", str(EXAMPLES / "sa-thay-2025.yaml"), "-o", str(tmp_path), *extra)


def rewrite(path: Path, change: dict[str, bytes | None]) -> None:
    """Write the package again, member by member, with *change* applied (None: dropped)."""
    with zipfile.ZipFile(path) as z:
        members = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in members:
            new = change.get(info.filename, data)
            if new is not None:
                z.writestr(info, new)


@pytest.mark.parametrize("part", ["word/footnotes.xml", "word/styles.xml"])
def test_an_edited_part_is_not_replaced(tmp_path: Path, part: str) -> None:
    assert render(tmp_path).exit_code == 0
    target = tmp_path / "sa-thay-2025.docx"
    with zipfile.ZipFile(target) as z:
        xml = z.read(part)
    rewrite(
        target,
        {
            part: xml.replace(b"Times New Roman", b"Arial", 1).replace(
                b"</w:footnotes>", b"<!-- edited --></w:footnotes>"
            )
        },
    )
    before = target.read_bytes()
    assert_refused(render(tmp_path), "edited since", "--force")
    assert target.read_bytes() == before
    assert render(tmp_path, "--force").exit_code == 0
    assert written_by_docgen(target)


def test_a_file_without_the_identifier_is_not_docgens(tmp_path: Path) -> None:
    assert render(tmp_path).exit_code == 0
    target = tmp_path / "sa-thay-2025.docx"
    with zipfile.ZipFile(target) as z:
        core = z.read("docProps/core.xml")
    start, end = core.index(b"<dc:identifier>"), core.index(b"</dc:identifier>") + 16
    rewrite(target, {"docProps/core.xml": core[:start] + core[end:]})
    before = target.read_bytes()
    assert_refused(render(tmp_path), "was not written by docgen")
    assert target.read_bytes() == before


def test_a_rerun_replaces_docgens_own_file(tmp_path: Path) -> None:
    assert render(tmp_path).exit_code == 0
    assert render(tmp_path).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sa-thay-2025.docx"]


def test_a_file_that_appears_before_the_rename_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The target is created after the check, while the file is being signed and staged."""
    target = tmp_path / "sa-thay-2025.docx"
    real_sign = atomic.sign

    def sign_while_someone_saves(data: bytes) -> bytes:
        target.write_text("saved by a person meanwhile", encoding="utf-8")
        return real_sign(data)

    monkeypatch.setattr(atomic, "sign", sign_while_someone_saves)
    for _ in range(3):
        target.unlink(missing_ok=True)
        result = render(tmp_path, "--jobs", "1")
        assert_refused(result, "appeared or was changed while docgen was writing it")
        assert target.read_text(encoding="utf-8") == "saved by a person meanwhile"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["sa-thay-2025.docx"]  # no temp


def test_a_docgen_file_edited_before_the_rename_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert render(tmp_path).exit_code == 0
    target = tmp_path / "sa-thay-2025.docx"
    real_sign = atomic.sign

    def sign_while_someone_edits(data: bytes) -> bytes:
        rewrite(target, {"word/styles.xml": b"<edited/>"})
        return real_sign(data)

    monkeypatch.setattr(atomic, "sign", sign_while_someone_edits)
    assert_refused(render(tmp_path), "appeared or was changed")
    with zipfile.ZipFile(target) as z:
        assert z.read("word/styles.xml") == b"<edited/>"


def test_a_text_file_that_appears_while_it_is_written_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "manifest.csv"

    def pieces() -> object:
        yield "org,name\n"
        target.write_text("a person's notes\n", encoding="utf-8")
        yield "x,y\n"

    with pytest.raises(Exception, match="appeared or was changed"):
        write_text(target, pieces())  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "a person's notes\n"
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.csv"]


def zip_bomb(path: Path, size: int = 256 << 20) -> None:
    """A .docx-looking zip whose core properties and document inflate to *size* bytes each."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("docProps/core.xml", "word/document.xml"):
            with z.open(name, "w", force_zip64=True) as member:
                block = b"<cp:lastModifiedBy>docgen</cp:lastModifiedBy>".ljust(1 << 20, b" ")
                for _ in range(size >> 20):
                    member.write(block)


def test_a_zip_bomb_is_not_docgens(tmp_path: Path) -> None:
    target = tmp_path / "sa-thay-2025.docx"
    zip_bomb(target)
    assert target.stat().st_size < 4 << 20
    tracemalloc.start()
    try:
        assert not written_by_docgen(target)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20  # the 256 MiB parts were not inflated
    before = target.read_bytes()
    assert_refused(render(tmp_path), "was not written by docgen")
    assert target.read_bytes() == before


def test_a_huge_core_part_without_zip64_is_not_docgens(tmp_path: Path) -> None:
    target = tmp_path / "x.docx"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("docProps/core.xml", b"<cp:lastModifiedBy>docgen</cp:lastModifiedBy>" * 40000)
    assert not written_by_docgen(target)


def test_not_a_file_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "sa-thay-2025.docx").mkdir()
    assert_refused(render(tmp_path, "--force"), "is not a file")


# -- writing errors, interrupted runs -----------------------------------------------------


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EACCES, "permission denied"),
        (errno.EROFS, "the disk is read-only"),
    ],
)
def test_a_writing_error_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, said: str
) -> None:
    def fail(fd: int, data: bytes) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic, "_write_all", fail)
    result = render(tmp_path, "--jobs", "1")
    assert_refused(result, f"error: cannot write {tmp_path / 'sa-thay-2025.docx'}: {said} — ")
    assert ".tmp" not in result.output
    assert list(tmp_path.iterdir()) == []  # no partial file, no temporary file


def test_a_writing_error_of_a_text_file(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(Exception, match=r"cannot write .*file/out/x.txt: a part of the path"):
        write_text(blocker / "out" / "x.txt", "text")


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temporary_files_are_swept(tmp_path: Path) -> None:
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale = tmp_path / f".sa-thay-2025.docx.{dead_pid()}-3.tmp"
        alive = tmp_path / f".sa-thay-2025.docx.{live.pid}-0.tmp"
        other = tmp_path / ".notes.tmp"
        for path in (stale, alive, other):
            path.write_bytes(b"partial")
        assert render(tmp_path).exit_code == 0
        assert not stale.exists()
        assert alive.exists() and other.exists()
    finally:
        live.kill()
        live.wait()
    assert sweep_stale_temps(tmp_path) == [alive]


def test_own_temporary_names_only(tmp_path: Path) -> None:
    fd, tmp = new_temp(tmp_path / "x.docx")
    os.close(fd)
    assert tmp.name.startswith(".x.docx.") and tmp.name.endswith(".tmp")
    assert sweep_stale_temps(tmp_path) == []  # this process's own: kept


def gone_all(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.skipif(sys.platform != "linux", reason="SIGKILL and /proc")
def test_killed_midway_leaves_whole_files_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    """Whenever the run is killed, every .docx there is whole and signed; the temporary
    files it (and its workers) left are removed by the next run writing there."""
    specs = [
        str(spec(tmp_path, GOOD.replace("name: sa-thay-2025", f"name: so-{i}"), f"s{i}.yaml"))
        for i in range(60)
    ]
    out = tmp_path / "out"
    docgen = str(Path(sys.executable).parent / "docgen")
    child = subprocess.Popen(
        [docgen, "render", *specs, "-o", str(out), "--catalog", str(CATALOGS), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.exists() and any(out.glob("*.docx"))):
        time.sleep(0.005)
    os.killpg(child.pid, signal.SIGKILL)  # the run and its workers, in the middle of it
    child.wait()
    while time.monotonic() < deadline and not gone_all(child.pid):
        time.sleep(0.01)
    for path in out.glob("*.docx"):
        assert written_by_docgen(path), path
    result = subprocess.run(
        [docgen, "render", specs[0], "-o", str(out), "--catalog", str(CATALOGS), "--force"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []


# -- values of a spec --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "key", "expect"),
    [
        ("year: 2025 ", "date: 2024-10-21\nyear: 2025 ", "year", "'year' is 2025 but the date"),
        ("year: 2025 ", "number: 0\nyear: 2025 ", "number", "document number must be 1 or more"),
        ("year: 2025 ", "number: -3\nyear: 2025 ", "number", "document number must be 1 or"),
        ("year: 2025 ", "year: 999999999 ", "year", "the year 999999999"),
        ("year: 2025 ", "year: 1890 ", "year", "from 2000 to 2100"),
        ("school_year: 2025-2026", "school_year: 2425-2426", "school_year", "the year 2425"),
        ("year: 2025 ", "number: ٣\nyear: 2025 ", "number", "the digit '٣' (U+0663)"),
        ("year: 2025 ", "year: ٢٠٢٥ ", "year", "the digit '٢' (U+0662)"),
        ("year: 2025 ", "date: ٢٠٢٥-10-21\nyear: 2025 ", "date", "not one of 0-9"),
    ],
)
def test_bad_values_are_refused_where_they_are(
    tmp_path: Path, old: str, new: str, key: str, expect: str
) -> None:
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    path = spec(tmp_path, text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith(key + ":"))
    result = run("render", str(path), "-o", str(tmp_path / "out"))
    assert_refused(result, f"{path}:{line}:", expect, " — ")
    assert not (tmp_path / "out").exists()
