"""Issue 16, classes 1, 2 and 8: where docgen writes. Names from specs and catalogs that
leave the output folder, files replaced without --force, two specs with one name, odd
output names, a full disk, absurd years and numbers. Every run is checked against a
snapshot of the whole workspace and a sentinel folder beside it."""

from __future__ import annotations

import json
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx import Document
from hostile_files import members, rezip
from hostile_support import (
    EXAMPLES,
    Workspace,
    assert_no_crash,
    assert_refused,
    line_of,
    no_temp_files,
    spec_with,
)

# -- class 1: names that leave the output folder ----------------------------------------

ESCAPING_NAMES = {
    "dotdot": "../x",
    "dotdot-sentinel": "../../sentinel/x",
    "dotdot-deep": "sub/../../../x",
    "absolute": "{sentinel}/abs",
    "dev-null": "/dev/null",
    "backslash-dotdot": "..\\\\..\\\\x",
    "trailing-slash": "../",
}


def _render_named(ws: Workspace, name: str, *extra: str) -> tuple[str, object]:
    spec_text = spec_with(name=json.dumps(name))
    ws.write("spec.yaml", spec_text)
    return spec_text, ws.run("render", "spec.yaml", "-o", "out", *extra, inprocess=True)


@pytest.mark.parametrize("name", ESCAPING_NAMES.values(), ids=ESCAPING_NAMES.keys())
def test_spec_names_cannot_leave_the_output_folder(tmp_path: Path, name: str) -> None:
    ws = Workspace(tmp_path)
    name = name.format(sentinel=ws.sentinel)
    spec_text, result = _render_named(ws, name)
    assert_refused(result, "spec.yaml", line=rf"spec\.yaml:{line_of(spec_text, 'name:')}\b")


ORG = """
  - id: {id}
    name: Trường Tiểu học Thoát
    short: Trường TH Thoát
    chu_quan: [UBND XÃ SA THẦY]
    header: [TRƯỜNG TIỂU HỌC THOÁT]
    parent: ubnd-xa-sa-thay
    level: truong
    abbr: THT
    place: Sa Thầy
    head_title: Hiệu trưởng
    school_types: [th]
"""
ESCAPING_IDS = {
    "dotdot": "../../../x",
    "dotdot-sentinel": "../../../sentinel/x",
    "absolute": "{sentinel}/abs",
    "slash": "a/b",
    "dot": ".",
    "newline": '"th-x\\nth-y"',
}


def _org_workspace(tmp_path: Path, org_id: str) -> tuple[Workspace, int]:
    ws = Workspace(tmp_path)
    orgs = ws.root / "catalogs" / "orgs" / "sa-thay-schools.yaml"
    text = orgs.read_text(encoding="utf-8")
    line = text.count("\n") + 2
    orgs.write_text(text + ORG.format(id=org_id.format(sentinel=ws.sentinel)), encoding="utf-8")
    shutil.copy(EXAMPLES / "so-quang-ngai-1491.yaml", ws.root / "so.yaml")
    return ws, line


@pytest.mark.parametrize("org_id", ESCAPING_IDS.values(), ids=ESCAPING_IDS.keys())
def test_catalog_ids_cannot_leave_the_output_folder(tmp_path: Path, org_id: str) -> None:
    ws, line = _org_workspace(tmp_path, org_id)
    result = ws.run(
        "cascade", "so.yaml", "--down-to", "truong", "-o", "out", "-q", "-j", "1", inprocess=True
    )
    assert_refused(result, "sa-thay-schools.yaml", line=rf"sa-thay-schools\.yaml:{line}\b")


@pytest.mark.parametrize("org_id", ESCAPING_IDS.values(), ids=ESCAPING_IDS.keys())
def test_catalog_check_refuses_ids_that_are_not_file_names(tmp_path: Path, org_id: str) -> None:
    ws, line = _org_workspace(tmp_path, org_id)
    result = ws.run("catalog", "check", inprocess=True)
    assert_refused(result, "sa-thay-schools.yaml", line=rf"sa-thay-schools\.yaml:{line}\b")


# -- class 2: replacing files ------------------------------------------------------------------


def _rendered(ws: Workspace) -> Path:
    ws.write("spec.yaml", spec_with())
    result = ws.run("render", "spec.yaml", "-o", "out", inprocess=True)
    assert_no_crash(result, (0,))
    return ws.out / "sa-thay-2025.docx"


def _edit_with_python_docx(path: Path) -> None:
    doc = Document(str(path))
    doc.add_paragraph("Một đoạn người dùng thêm vào.")
    doc.save(str(path))


def _edit_zip_only(path: Path) -> None:
    """A script changes the text of document.xml and keeps docgen's properties."""
    parts = members(path.read_bytes())
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"</w:body>", b"<w:p><w:r><w:t>them</w:t></w:r></w:p></w:body>"
    )
    path.write_bytes(rezip(parts))


def _edit_core_only(path: Path) -> None:
    """Word saved it: the last author is no longer docgen."""
    parts = members(path.read_bytes())
    parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(
        b"<cp:lastModifiedBy>docgen<", b"<cp:lastModifiedBy>Nguyen Van A<"
    )
    path.write_bytes(rezip(parts))


def _replace_with_users_file(path: Path) -> None:
    path.write_bytes(b"a user's own file, not a docx\n")


EDITS = {
    "python-docx": _edit_with_python_docx,
    "zip-script": _edit_zip_only,
    "word": _edit_core_only,
    "users-file": _replace_with_users_file,
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_edited_outputs_are_not_replaced_without_force(tmp_path: Path, edit: object) -> None:
    ws = Workspace(tmp_path)
    path = _rendered(ws)
    edit(path)  # type: ignore[operator]
    kept = path.read_bytes()
    result = ws.run("render", "spec.yaml", "-o", "out", inprocess=True)
    assert_refused(result, "sa-thay-2025.docx", "--force")
    assert path.read_bytes() == kept
    assert sorted(p.name for p in ws.out.iterdir()) == ["sa-thay-2025.docx"]
    forced = ws.run("render", "spec.yaml", "-o", "out", "--force", inprocess=True)
    assert_no_crash(forced, (0,))
    assert path.read_bytes() != kept


def test_a_symlinked_output_never_writes_through(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    ws.write("spec.yaml", spec_with())
    ws.out.mkdir()
    (ws.out / "sa-thay-2025.docx").symlink_to(ws.sentinel / "precious.docx")
    assert_refused(ws.run("render", "spec.yaml", "-o", "out", inprocess=True), "sa-thay-2025.docx")
    ws.run("render", "spec.yaml", "-o", "out", "--force", inprocess=True)  # sentinel unchanged


def test_an_output_folder_that_is_a_file(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    ws.write("spec.yaml", spec_with())
    ws.write("out", "not a folder\n")
    assert_refused(ws.run("render", "spec.yaml", "-o", "out", inprocess=True), "out")


SAME_NAME = {
    "both-named": ("name: twin\n", "name: twin\n"),
    "name-and-stem": ("name: b\n", ""),
    "nfc-nfd": ("name: Kế-hoạch\n", unicodedata.normalize("NFD", "name: Kế-hoạch\n")),
}


@pytest.mark.parametrize("names", SAME_NAME.values(), ids=SAME_NAME.keys())
def test_two_specs_with_one_name_in_one_run(tmp_path: Path, names: tuple[str, str]) -> None:
    ws = Workspace(tmp_path)
    for file, name in zip(("a.yaml", "b.yaml"), names, strict=True):
        text = spec_with().replace("name: sa-thay-2025\n", name)
        ws.write(file, text)
    for jobs in ("1", "2"):
        result = ws.run(
            "render", "a.yaml", "b.yaml", "-o", "out", "-j", jobs, inprocess=jobs == "1"
        )
        assert_refused(result, "a.yaml", "b.yaml")
        assert not ws.out.exists() or not any(ws.out.iterdir()), "a file was written"


def _cascade_ws(tmp_path: Path) -> Workspace:
    ws = Workspace(tmp_path)
    shutil.copy(EXAMPLES / "so-quang-ngai-1491.yaml", ws.root / "so.yaml")
    return ws


@pytest.mark.parametrize(
    "victim", ["manifest.csv", "manifest.json", "xa/ubnd-xa-sa-thay.docx", "deadlines.ics"]
)
def test_cascade_keeps_users_files(tmp_path: Path, victim: str) -> None:
    ws = _cascade_ws(tmp_path)
    path = ws.write(f"out/{victim}", "a user's file\n")
    result = ws.run(
        "cascade",
        "so.yaml",
        "--down-to",
        "truong",
        "-o",
        "out",
        "-q",
        "-j",
        "1",
        "--ics",
        "out/deadlines.ics",
        inprocess=True,
    )
    assert_refused(result, Path(victim).name, "--force")
    assert path.read_text(encoding="utf-8") == "a user's file\n"


@pytest.mark.parametrize("victim", ["next.yaml", "next.changes.md", "next.milestones.yaml"])
def test_rollover_keeps_users_files(tmp_path: Path, victim: str) -> None:
    ws = Workspace(tmp_path)
    ws.write("spec.yaml", spec_with())
    path = ws.write(f"out/{victim}", "a user's file\n")
    result = ws.run(
        "rollover", "spec.yaml", "--to", "2026-2027", "-o", "out/next.yaml", inprocess=True
    )
    assert_refused(result, victim, "--force")
    assert path.read_text(encoding="utf-8") == "a user's file\n"
    assert sorted(p.name for p in ws.out.iterdir()) == [victim], "half of the set was written"


def test_aggregate_keeps_users_file(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    path = ws.write("out/ngok-bay.yaml", "a user's file\n")
    result = ws.run(
        "aggregate",
        "data/ngok-bay",
        "--unit",
        "ubnd-xa-ngok-bay",
        "-o",
        "out/ngok-bay.yaml",
        inprocess=True,
    )
    assert_refused(result, "ngok-bay.yaml", "--force")
    assert path.read_text(encoding="utf-8") == "a user's file\n"


# -- class 8: odd output names, a full disk, absurd years and numbers ---------------------

ODD_NAMES = {
    "dot-docx": ".docx",
    "dotdot-docx": "..docx",
    "dot": ".",
    "dotdot": "..",
    "hidden": ".hidden",
    "empty": "",
    "blank": "   ",
    "newline": "a\nb",
    "carriage-return": "a\rb",
    "tab": "a\tb",
    "rlo": "bao-cao\u202excod.exe",
    "nul": "a\x00b",
    "bell": "a\x07b",
    "long": "x" * 300,
    "long-utf8": "ế" * 100,
    "dash": "-rf",
    "docx-suffix": "bao-cao.docx",
    "trailing-dot": "bao-cao.",
    "lone-surrogate": "a\ud800b",
}
#: names a careful docgen may accept (then the file must be in out/ under that name)
MAY_ACCEPT = {"-rf", "bao-cao.docx", ".hidden", ""}


@pytest.mark.parametrize("name", ODD_NAMES.values(), ids=ODD_NAMES.keys())
def test_odd_output_names(tmp_path: Path, name: str) -> None:
    ws = Workspace(tmp_path)
    spec_text, result = _render_named(ws, name)
    if name in MAY_ACCEPT and result.code == 0:  # type: ignore[attr-defined]
        assert_no_crash(result)  # type: ignore[arg-type]
        written = [p.name for p in ws.out.iterdir()]
        assert len(written) == 1 and written[0].endswith(".docx"), written
        return
    assert_refused(
        result,
        "spec.yaml",  # type: ignore[arg-type]
        line=rf"spec\.yaml:{line_of(spec_text, 'name:')}\b",
    )
    assert not ws.out.exists() or not any(ws.out.iterdir())


FULL_DISK = {
    "render": (["render", "spec.yaml", "-o", "out"], "sa-thay-2025.docx", 16 * 1024),
    "render-2-jobs": (
        ["render", "spec.yaml", "b.yaml", "-o", "out", "-j", "2"],
        ".docx",
        16 * 1024,
    ),
    "cascade": (
        ["cascade", "so.yaml", "--down-to", "truong", "-o", "out", "-q", "-j", "1"],
        ".docx",
        16 * 1024,
    ),
    "aggregate": (
        ["aggregate", "data/ngok-bay", "--unit", "ubnd-xa-ngok-bay", "-o", "out/agg.yaml"],
        "agg.yaml",
        200,
    ),
    "rollover": (
        ["rollover", "spec.yaml", "--to", "2026-2027", "-o", "out/next.yaml"],
        "next",
        600,
    ),
}


@pytest.mark.parametrize("case", FULL_DISK.values(), ids=FULL_DISK.keys())
def test_a_full_disk_is_reported_naming_the_file(
    tmp_path: Path, case: tuple[list[str], str, int]
) -> None:
    """A write past RLIMIT_FSIZE fails with EFBIG, as a full disk fails with ENOSPC."""
    args, named, limit = case
    ws = Workspace(tmp_path)
    ws.write("spec.yaml", spec_with())
    ws.write("b.yaml", spec_with(name="b"))
    shutil.copy(EXAMPLES / "so-quang-ngai-1491.yaml", ws.root / "so.yaml")
    ws.out.mkdir()
    result = ws.run(*args, file_size=limit)
    assert_refused(result, named)
    assert not no_temp_files(ws.out), no_temp_files(ws.out)
    for path in ws.out.rglob("*.docx"):  # whatever was written is whole
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None


Y, SY = "year: 2025 ", "school_year: 2025-2026"
#: case: (text of the example, what replaces it, the key the error must point at)
BAD_VALUES = {
    "year-huge": (Y, "year: 99999 ", "year"),
    "year-negative": (Y, "year: -1 ", "year"),
    "year-400-digits": (Y, "year: " + "9" * 400 + " ", "year"),
    "year-float": (Y, "year: 2025.5 ", "year"),
    "year-exp": (Y, "year: 2e3 ", "year"),
    "year-arabic-digits": (Y, "year: ٢٠٢٥ ", "year"),
    "year-underscore": (Y, "year: 2_025 ", "year"),
    "year-list": (Y, "year: [2025] ", "year"),
    "year-mismatch": (Y, "year: 1990 ", "year"),
    "number-negative": (Y, "year: 2025\nnumber: -3\n#", "number"),
    "number-400-digits": (Y, "year: 2025\nnumber: " + "9" * 400 + "\n#", "number"),
    "number-hex": (Y, "year: 2025\nnumber: 0x10\n#", "number"),
    "date-feb-30": (Y, "date: 2025-02-30\n#", "date"),
    "date-year-0": (Y, "date: 0000-01-01\n#", "date"),
    "date-5-digit-year": (Y, "date: 12025-01-01\n#", "date"),
    "date-timestamp": (Y, "date: 2025-10-21T25:61:00\n#", "date"),
    "school-year-far": (SY, "school_year: 9999-10000", "school_year"),
    "school-year-zero": (SY, "school_year: 0-1", "school_year"),
    "school-year-three": (SY, "school_year: 2025-2026-2027", "school_year"),
    "school-year-400-digits": (SY, "school_year: " + "9" * 400 + "-1", "school_year"),
}
#: values a docgen may take (then it must write a document, no traceback)
MAY_TAKE = {"year-mismatch"}


@pytest.mark.parametrize("case", BAD_VALUES, ids=BAD_VALUES.keys())
def test_absurd_years_and_numbers_in_a_spec(tmp_path: Path, case: str) -> None:
    old, new, key = BAD_VALUES[case]
    ws = Workspace(tmp_path)
    spec_text = spec_with(replace={old: new})
    ws.write("spec.yaml", spec_text)
    result = ws.run("render", "spec.yaml", "-o", "out", inprocess=True)
    if case in MAY_TAKE and result.code == 0:
        assert_no_crash(result)
        return
    line = next(n for n, text in enumerate(spec_text.split("\n"), 1) if text.startswith(key + ":"))
    assert_refused(result, "spec.yaml", line=rf"spec\.yaml:{line}\b")


BAD_OPTIONS = {
    "rollover-far": ["rollover", "spec.yaml", "--to", "9999-10000", "-o", "out/n.yaml"],
    "rollover-zero": ["rollover", "spec.yaml", "--to", "0-1", "-o", "out/n.yaml"],
    "rollover-back": ["rollover", "spec.yaml", "--to", "1900-1901", "-o", "out/n.yaml"],
    "rollover-same": ["rollover", "spec.yaml", "--to", "2025-2026", "-o", "out/n.yaml"],
    "rollover-digits": ["rollover", "spec.yaml", "--to", "9" * 400 + "-1", "-o", "out/n.yaml"],
    "aggregate-on-far": [
        "aggregate",
        "data/ngok-bay",
        "--unit",
        "ubnd-xa-ngok-bay",
        "--on",
        "9999-12-31",
    ],
    "aggregate-on-zero": [
        "aggregate",
        "data/ngok-bay",
        "--unit",
        "ubnd-xa-ngok-bay",
        "--on",
        "0001-01-01",
    ],
    "aggregate-on-garbage": [
        "aggregate",
        "data/ngok-bay",
        "--unit",
        "ubnd-xa-ngok-bay",
        "--on",
        "2025-13-45",
    ],
    "jobs-huge": ["render", "spec.yaml", "-o", "out", "-j", "100000"],
}
MAY_RUN = {"rollover-back", "aggregate-on-far", "aggregate-on-zero", "jobs-huge"}


@pytest.mark.parametrize("args", BAD_OPTIONS.values(), ids=BAD_OPTIONS.keys())
def test_absurd_command_line_values(tmp_path: Path, args: list[str]) -> None:
    ws = Workspace(tmp_path)
    ws.write("spec.yaml", spec_with())
    ws.allow(ws.root / "out")
    case = next(k for k, v in BAD_OPTIONS.items() if v == args)
    result = ws.run(*args, inprocess=case != "jobs-huge")
    if case in MAY_RUN and result.code == 0:
        assert_no_crash(result)
        return
    assert_refused(result)


LEAD = "    lead_working_days: 5\n"
CATALOG_VALUES = {
    "lead-billion": ("levels.yaml", LEAD, "    lead_working_days: 1000000000\n"),
    "lead-negative": ("levels.yaml", LEAD, "    lead_working_days: -5\n"),
    "lead-400-digits": ("levels.yaml", LEAD, "    lead_working_days: " + "9" * 400 + "\n"),
    "milestone-month-13": ("milestones/2025-2026.yaml", "truong: 2026-01-10", "truong: 2026-13-10"),
    "milestone-far": ("milestones/2025-2026.yaml", "truong: 2026-01-10", "truong: 99999-01-10"),
    "milestone-before": ("milestones/2025-2026.yaml", "truong: 2026-01-10", "truong: 0001-01-10"),
}


@pytest.mark.parametrize("case", CATALOG_VALUES, ids=CATALOG_VALUES.keys())
def test_absurd_numbers_in_the_catalog(tmp_path: Path, case: str) -> None:
    file, old, new = CATALOG_VALUES[case]
    ws = _cascade_ws(tmp_path)
    path = ws.root / "catalogs" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = line_of(path.read_text(encoding="utf-8"), new.strip())
    name = Path(file).name
    problems = []
    for args in (
        ["cascade", "so.yaml", "--down-to", "truong", "-o", "out", "-q", "-j", "1"],
        ["catalog", "check"],
    ):
        result = ws.run(*args, inprocess=not case.startswith("lead"))
        try:
            assert_refused(result, name, line=rf"{name}:{line}\b")
        except AssertionError as exc:
            problems.append(str(exc))
    assert not problems, "\n".join(problems)
