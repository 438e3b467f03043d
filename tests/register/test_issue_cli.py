"""`docgen issue` and `docgen register` end to end, on both backends: the issued .docx has
its number and day, the register its entry; re-issuing gives the number back; a failure
leaves no entry and no file; the register lists, withdraws and exports (Phụ lục IV)."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as WordDocument
from openpyxl import load_workbook

from docgen.cli import main
from docgen.register import Document, Register

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ROOT / "catalogs"
SPEC = ROOT / "examples" / "sa-thay-2025.yaml"
ISSUER = "ubnd-xa-sa-thay"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def issue(spec: Path, out: Path, register: str, *extra: str) -> tuple[int, str]:
    return run(
        "issue",
        str(spec),
        "-o",
        str(out),
        "--register",
        register,
        "--catalog",
        str(CATALOGS),
        *extra,
    )


def header_texts(path: Path) -> list[str]:
    doc = WordDocument(str(path))
    return [p.text for t in doc.tables for c in t._cells for p in c.paragraphs]


def seed(register: str, count: int) -> None:
    """*count* earlier documents of the issuer in 2026."""
    with Register.open(register) as reg:
        for i in range(count):
            doc = Document(kyhieu="UBND-VHXH", kind="Công văn", subject=f"việc {i}", signer="A")
            reg.confirm(reg.reserve(ISSUER, 2026, doc, f"earlier-{i}", date(2026, 1, 2)), [])


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_issue_fills_number_and_day_and_records_it(tmp_path: Path, register_url: str) -> None:
    seed(register_url, 6)
    out = tmp_path / "out"
    code, text = issue(SPEC, out, register_url, "--date", "2026-01-05")
    assert code == 0, text
    target = out / "sa-thay-2025.docx"
    assert text.strip() == f"issued 07/UBND-VHXH ({ISSUER}, 2026-01-05): {target}"
    texts = header_texts(out / "sa-thay-2025.docx")
    assert "Số: 07/UBND-VHXH" in texts
    assert "Sa Thầy, ngày 05 tháng 01 năm 2026" in texts
    assert files_in(out) == ["sa-thay-2025.docx"]  # no staging folder left
    with Register.open(register_url) as reg:
        entry = reg.entries(2026, ISSUER)[-1]
    assert (entry.number, entry.state, entry.issued_on) == (7, "issued", date(2026, 1, 5))
    assert entry.files == (str(out / "sa-thay-2025.docx"),)
    assert entry.kind == "Công văn" and entry.signer == "Võ Thị Kim Dung"
    assert entry.luu == ("VT", "VHXH") and "Phòng Văn hóa - Xã hội" in entry.recipients
    assert entry.copies == len(entry.recipients) + len(entry.luu)
    code, text = run("check", str(out / "sa-thay-2025.docx"))
    assert code == 0, text

    # the same spec again, another day: its number and day back, the same file
    code, text = issue(SPEC, out, register_url, "--date", "2026-01-09")
    assert code == 0 and text.startswith("issued again 07/UBND-VHXH"), text
    assert "Sa Thầy, ngày 05 tháng 01 năm 2026" in header_texts(out / "sa-thay-2025.docx")
    with Register.open(register_url) as reg:
        assert len(reg.entries(2026, ISSUER)) == 7


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    register = tmp_path / "reg" / "register.sqlite"
    code, text = issue(SPEC, tmp_path / "out", str(register), "--dry-run", "--date", "2026-01-05")
    assert code == 0 and "would take 01/UBND-VHXH (ubnd-xa-sa-thay, 2026-01-05)" in text, text
    assert files_in(tmp_path) == []
    seed(str(register), 2)
    code, text = issue(SPEC, tmp_path / "out", str(register), "--dry-run", "--date", "2026-01-05")
    assert "would take 03/UBND-VHXH" in text and not (tmp_path / "out").exists()


def test_a_draft_keeps_the_blank_number(tmp_path: Path) -> None:
    code, text = run("render", str(SPEC), "-o", str(tmp_path), "--catalog", str(CATALOGS))
    assert code == 0, text
    texts = header_texts(tmp_path / "sa-thay-2025.docx")
    assert any(t.startswith("Số:") and "/UBND-VHXH" in t and not t[4:5].isdigit() for t in texts)
    assert "Sa Thầy, ngày      tháng      năm 2025" in texts


def _broken_spec(tmp_path: Path) -> Path:
    tpl = WordDocument()
    tpl.add_paragraph("{{ no_such_thing }}")
    tpl.save(str(tmp_path / "t.docx"))
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.read_text(encoding="utf-8") + "\ntemplate: t.docx\n", encoding="utf-8")
    return spec


def test_a_render_error_leaves_no_entry_and_no_file(tmp_path: Path, register_url: str) -> None:
    seed(register_url, 2)
    out = tmp_path / "out"
    code, text = issue(_broken_spec(tmp_path), out, register_url, "--date", "2026-01-05")
    assert code == 1 and "'no_such_thing' is undefined" in text and "Traceback" not in text
    assert files_in(out) == []  # neither the file nor the staging folder
    with Register.open(register_url) as reg:
        assert [e.number for e in reg.entries(2026, ISSUER)] == [1, 2]
        assert reg.peek(ISSUER, 2026, "x")[0] == 3  # number 03 was taken, and given back


def test_a_failure_after_a_later_number_voids_the_reservation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another document took 04 while 03 was being rendered: 03 cannot be given back
    without a gap, so it is recorded void."""
    from docgen.workflows import issue as workflow

    register = str(tmp_path / "register.sqlite")
    seed(register, 2)

    def render_while_another_issues(*args: object) -> list[Path]:
        seed_doc = Document(kyhieu="UBND-VHXH", kind="Công văn", subject="khác", signer="A")
        with Register.open(register) as other:
            other.reserve(ISSUER, 2026, seed_doc, "another", date(2026, 1, 5))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workflow, "_render", render_while_another_issues)
    code, text = issue(SPEC, tmp_path / "out", register, "--date", "2026-01-05")
    assert code == 1 and "No space left on device" in text
    assert files_in(tmp_path / "out") == []
    with Register.open(register) as reg:
        rows = reg.entries(2026)
    assert [(r.number, r.state) for r in rows] == [
        (1, "issued"),
        (2, "issued"),
        (3, "void"),
        (4, "reserved"),
    ]
    assert rows[2].note == "Không ban hành: No space left on device"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_issue_with_pdf_writes_both_files_and_records_the_number(tmp_path: Path) -> None:
    register = str(tmp_path / "register.sqlite")
    code, text = issue(SPEC, tmp_path / "out", register, "--pdf", "--date", "2026-01-05")
    assert code == 0, text
    assert files_in(tmp_path / "out") == ["sa-thay-2025.docx", "sa-thay-2025.pdf"]
    assert (tmp_path / "out" / "sa-thay-2025.pdf").read_bytes().startswith(b"%PDF-")
    with Register.open(register) as reg:
        assert [(r.number, r.state) for r in reg.entries(2026)] == [(1, "issued")]


def test_a_failed_pdf_issues_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from docgen.errors import DocgenError
    from docgen.workflows import issue as workflow

    def no_libreoffice(paths: object) -> list[Path]:
        raise DocgenError("LibreOffice is not installed", hint="apt-get install …")

    monkeypatch.setattr(workflow, "to_pdf", no_libreoffice)
    register = str(tmp_path / "register.sqlite")
    code, text = issue(SPEC, tmp_path / "out", register, "--pdf", "--date", "2026-01-05")
    assert code == 1 and "LibreOffice is not installed" in text
    assert files_in(tmp_path / "out") == []
    with Register.open(register) as reg:
        assert reg.entries(2026) == []


def test_a_numbered_spec_or_a_users_file_is_refused(tmp_path: Path) -> None:
    register = str(tmp_path / "register.sqlite")
    numbered = tmp_path / "n.yaml"
    numbered.write_text(SPEC.read_text(encoding="utf-8") + "number: 21\n", encoding="utf-8")
    code, text = issue(numbered, tmp_path / "out", register)
    assert code == 1 and "n.yaml:" in text and "already has a number (21)" in text
    out = tmp_path / "out"
    out.mkdir()
    (out / "sa-thay-2025.docx").write_bytes(b"the clerk's own file")
    code, text = issue(SPEC, out, register, "--date", "2026-01-05")
    assert code == 1 and "was not written by docgen" in text
    assert (out / "sa-thay-2025.docx").read_bytes() == b"the clerk's own file"
    with Register.open(register) as reg:
        assert reg.entries(2026) == []


def test_an_unreachable_register_server(tmp_path: Path) -> None:
    code, text = issue(
        SPEC, tmp_path / "out", "postgresql://docgen@127.0.0.1:9/none", "--wait", "2"
    )
    assert code == 1 and "cannot reach the register server" in text and "Traceback" not in text
    assert files_in(tmp_path / "out") == []


def test_register_list_void_and_export(tmp_path: Path, register_url: str) -> None:
    seed(register_url, 1)
    out = tmp_path / "out"
    assert issue(SPEC, out, register_url, "--date", "2026-01-05")[0] == 0
    code, text = run(
        "register",
        "void",
        "1",
        "--issuer",
        ISSUER,
        "--year",
        "2026",
        "--reason",
        "ban hành nhầm",
        "--register",
        register_url,
    )
    assert code == 0 and "withdrew 01/UBND-VHXH" in text, text
    code, text = run("register", "list", "--year", "2026", "--register", register_url)
    lines = text.splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith("01/UBND-VHXH") and "void" in lines[0]
    assert "ban hành nhầm" in lines[0]
    assert lines[1].startswith("02/UBND-VHXH") and "05/01/2026" in lines[1]
    assert "issued" in lines[1]
    code, text = run(
        "register",
        "void",
        "9",
        "--issuer",
        ISSUER,
        "--year",
        "2026",
        "--reason",
        "x",
        "--register",
        register_url,
    )
    assert code == 1 and "has no number 09 in 2026" in text

    xlsx = tmp_path / "so-van-ban-di-2026.xlsx"
    code, text = run(
        "register", "export", "--year", "2026", "-o", str(xlsx), "--register", register_url
    )
    assert code == 0, text
    sheet = load_workbook(xlsx)[ISSUER]
    assert sheet["A1"].value == "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
    assert sheet["A2"].value == f"Năm 2026 — {ISSUER}"
    assert sheet["A3"].value == "Từ số 01 đến số 02"
    assert [sheet.cell(row=5, column=c).value for c in range(1, 9)] == [
        "Số, ký hiệu văn bản",
        "Ngày tháng văn bản",
        "Tên loại và trích yếu nội dung văn bản",
        "Người ký",
        "Nơi nhận văn bản",
        "Đơn vị, người nhận bản lưu",
        "Số lượng bản",
        "Ghi chú",
    ]
    assert [sheet.cell(row=6, column=c).value for c in range(1, 9)] == [
        f"({c})" for c in range(1, 9)
    ]
    issued = [sheet.cell(row=8, column=c).value for c in range(1, 9)]
    assert issued[:2] == ["02/UBND-VHXH", "05/01/2026"]
    assert issued[2].startswith("Công văn V/v hướng dẫn thực hiện nhiệm vụ ứng dụng")
    assert issued[3] == "Võ Thị Kim Dung" and issued[5] == "VT, VHXH"
    assert "Phòng Văn hóa - Xã hội" in issued[4] and issued[6] >= 3 and issued[7] is None
    assert sheet.cell(row=7, column=8).value == "Thu hồi: ban hành nhầm"
    assert sheet.cell(row=7, column=1).font.strike

    code, text = run(
        "register", "export", "--year", "2026", "-o", str(xlsx), "--register", register_url
    )
    assert code == 1 and "--force" in text  # never replaced silently
    csv_path = tmp_path / "so.csv"
    assert (
        run(
            "register", "export", "--year", "2026", "-o", str(csv_path), "--register", register_url
        )[0]
        == 0
    )
    rows = list(csv.reader(csv_path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:8] == [sheet.cell(row=5, column=c).value for c in range(1, 9)]
    assert [r[0] for r in rows[1:]] == ["01/UBND-VHXH", "02/UBND-VHXH"]
    assert rows[2][8:] == [ISSUER, "issued"]


def test_default_register_is_in_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DOCGEN_REGISTER", raising=False)
    shutil.copy(SPEC, tmp_path / "sa.yaml")
    code, text = run("issue", "sa.yaml", "--date", "2026-02-02", "--catalog", str(CATALOGS))
    assert code == 0 and "issued 01/UBND-VHXH" in text, text
    assert (tmp_path / "register.sqlite").exists()
    assert (tmp_path / "out" / "sa-thay-2025.docx").exists()


def test_cascade_issue_numbers_every_document_and_cites_the_numbers(tmp_path: Path) -> None:
    """Down to the schools: each xã and school document gets 01 of its own series; a
    school's basis cites its xã's issued number and day; a second run gives them back."""
    from docxview import text_dump

    register = str(tmp_path / "register.sqlite")
    args = (
        "cascade",
        str(ROOT / "examples" / "so-quang-ngai-1491.yaml"),
        "--down-to",
        "truong",
        "-o",
        str(tmp_path / "out"),
        "--issue",
        "--date",
        "2026-01-05",
        "--register",
        register,
        "--catalog",
        str(CATALOGS),
        "-q",
    )
    code, text = run(*args, "--dry-run")
    assert code == 0 and "would issue 01/UBND-VHXH (ubnd-xa-ngok-bay)" in text, text
    assert files_in(tmp_path) == []
    code, text = run(*args)
    assert code == 0, text
    with Register.open(register) as reg:
        first = reg.entries(2026)
    assert len(first) == 14 and {(e.number, e.state) for e in first} == {(1, "issued")}
    assert "sgddt-quang-ngai" not in {e.issuer for e in first}  # numbered 1491 by the Sở
    school = text_dump(tmp_path / "out" / "truong" / "mn-kroong.docx")
    assert "Số: 01/KH-MNKR" in school and "Ngọk Bay, ngày 05 tháng 01 năm 2026" in school
    assert (
        "Căn cứ Công văn số 01/UBND-VHXH ngày 05/01/2026 của Ủy ban nhân dân xã Ngọk Bay" in school
    )
    assert run(*args[:-1], "--force")[0] == 0
    with Register.open(register) as reg:
        assert reg.entries(2026) == first


def _crash_while_issuing(register: str, out: Path, at: str) -> None:
    """In a forked child: issue SPEC and die (no clean-up, as kill -9) at step *at*."""
    import os

    from docgen.catalog.catalog import Catalog
    from docgen.workflows import issue as workflow

    if at == "render":
        workflow._render = lambda *a, **k: os._exit(9)  # type: ignore[assignment]
    else:
        Register.confirm = lambda *a, **k: os._exit(9)  # type: ignore[method-assign]
    with Register.open(register) as reg:
        workflow.issue_spec(SPEC, out, Catalog.load(CATALOGS), reg, on=date(2026, 1, 5))
    os._exit(0)


@pytest.mark.parametrize("at", ["render", "confirm"])
def test_issuing_again_completes_a_crashed_issue(tmp_path: Path, at: str) -> None:
    """A crash leaves the number reserved (with or without its file, never a file without
    its entry); issuing the same spec again completes it with the same number."""
    import multiprocessing

    register, out = str(tmp_path / "register.sqlite"), tmp_path / "out"
    seed(register, 1)
    child = multiprocessing.get_context("fork").Process(
        target=_crash_while_issuing, args=(register, out, at)
    )
    child.start()
    child.join(120)
    assert child.exitcode == 9
    with Register.open(register) as reg:
        crashed = reg.entries(2026)[-1]
    assert (crashed.number, crashed.state) == (2, "reserved")
    placed = [p for p in files_in(out) if not p.startswith(".")]
    assert placed == ([] if at == "render" else ["sa-thay-2025.docx"])
    code, text = run("register", "list", "--year", "2026", "--register", register)
    assert "02/UBND-VHXH" in text and "reserved" in text and "chưa ghi xong" in text

    code, text = issue(SPEC, out, register, "--date", "2026-03-01")
    assert code == 0 and text.startswith("issued again 02/UBND-VHXH"), text
    with Register.open(register) as reg:
        done = reg.entries(2026)
    assert [(e.number, e.state) for e in done] == [(1, "issued"), (2, "issued")]
    assert "Sa Thầy, ngày 05 tháng 01 năm 2026" in header_texts(out / "sa-thay-2025.docx")


def test_an_output_folder_that_is_a_file_issues_nothing(tmp_path: Path) -> None:
    register = str(tmp_path / "register.sqlite")
    (tmp_path / "out").write_text("a file", encoding="utf-8")
    code, text = issue(SPEC, tmp_path / "out" / "sub", register, "--date", "2026-01-05")
    assert code == 1 and "error:" in text and "Traceback" not in text
    with Register.open(register) as reg:
        assert reg.entries(2026) == []


@pytest.mark.parametrize("name", ["ngok-bay-2025", "hai-phong-2024"])
def test_the_issued_document_says_what_its_draft_says(tmp_path: Path, name: str) -> None:
    """A báo cáo (figures read as render reads them) and a kế hoạch with its appendix: the
    issued text is the draft's but for Số, the date line and the appendix's reference."""
    from docxview import text_dump

    spec = ROOT / "examples" / f"{name}.yaml"
    assert (
        run("render", str(spec), "-o", str(tmp_path / "draft"), "--catalog", str(CATALOGS))[0] == 0
    )
    code, text = issue(
        spec, tmp_path / "issued", str(tmp_path / "r.sqlite"), "--date", "2025-12-29"
    )
    assert code == 0, text
    draft = text_dump(tmp_path / "draft" / f"{name}.docx").splitlines()
    issued = text_dump(tmp_path / "issued" / f"{name}.docx").splitlines()
    assert len(draft) == len(issued)
    changed = [(d, i) for d, i in zip(draft, issued, strict=True) if d != i]
    assert changed and all(
        "Số:" in i or "ngày 29 tháng 12 năm 2025" in i or "01/" in i for _, i in changed
    ), changed
