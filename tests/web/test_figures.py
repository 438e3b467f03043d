"""The schools' figures: the workbook offered, an upload checked by row (in Vietnamese),
who has reported, the báo cáo drafted from the sums — and who may do each."""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path

import openpyxl
import pytest
from fastapi import FastAPI

from docgen.web.accounts import Accounts
from docgen.web.app import create_app
from web.webdesk import CATALOGS, PASSWORD, ROOT, client_of, errors_on

XA = "ubnd-xa-ngok-bay"
SCHOOL = "mn-kroong"
OTHER_SCHOOL = "th-thcs-ngok-bay"
EXAMPLE = ROOT / "examples" / "data" / "ngok-bay" / "mn-kroong.xlsx"
USERS = {
    "mn.kroong": ("truong", SCHOOL),
    "th.ngokbay": ("truong", OTHER_SCHOOL),
    "cv.ngokbay": ("chuyen_vien", XA),
    "vt.ngokbay": ("van_thu", XA),
    "cv.sathay": ("chuyen_vien", "ubnd-xa-sa-thay"),
    "cv.so": ("chuyen_vien", "sgddt-quang-ngai"),
}


@pytest.fixture(scope="module")
def figures_app(tmp_path_factory: pytest.TempPathFactory) -> tuple[FastAPI, Path]:
    root = tmp_path_factory.mktemp("figures-desk")
    accounts = Accounts(root / "users.sqlite")
    for name, (role, org) in USERS.items():
        accounts.add(name, PASSWORD, role, (org,))
    accounts.close()
    return create_app(root, None, CATALOGS), root


def _workbook(change: dict[tuple[int, int], object] | None = None) -> bytes:
    book = openpyxl.load_workbook(EXAMPLE)
    sheet = book.active
    assert sheet is not None
    for (row, column), value in (change or {}).items():
        sheet.cell(row, column).value = value  # type: ignore[assignment]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _send(client: object, school: str, content: bytes, name: str = "so-lieu.xlsx") -> object:
    return client.post(  # type: ignore[attr-defined]
        f"/so-lieu/{school}", files={"tep": (name, content, "application/octet-stream")}
    )


def _problems(html: str) -> list[str]:
    block = re.search(r'id="loi-so-lieu">(.*?)</div>', html, re.S)
    assert block, "no list of problems on the page"
    return [unescape(p) for p in re.findall(r"<li>(.*?)</li>", block[1], re.S)]


def test_the_school_gets_a_workbook_of_its_own_columns(figures_app: tuple[FastAPI, Path]) -> None:
    app, _root = figures_app
    school = client_of(app, "mn.kroong")
    page = school.get("/so-lieu")
    assert page.status_code == 200 and "Trường Mầm non Kroong" in page.text
    assert "Chưa gửi." in page.text
    answer = school.get(f"/so-lieu/mau/{SCHOOL}.xlsx")
    assert answer.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["don_vi", "ten_truong"]
    assert "nguoi_hoc_ho_so" in header and "nguoi_hoc" in header
    assert "gv_may_tinh" not in header  # a kindergarten does not report the schools' IT
    assert [c.value for c in sheet[2]][:1] == [SCHOOL]


def test_a_bad_row_is_shown_by_row_in_vietnamese_and_not_kept(
    figures_app: tuple[FastAPI, Path],
) -> None:
    app, root = figures_app
    school = client_of(app, "mn.kroong")
    bad = _workbook({(2, 3): "mười", (2, 5): -3})
    answer = _send(school, SCHOOL, bad)
    assert answer.status_code == 422  # type: ignore[attr-defined]
    problems = _problems(answer.text)  # type: ignore[attr-defined]
    assert (
        "Dòng 2: Ô C2 (cột nguoi_hoc) phải là số nguyên, đang ghi 'mười' — ghi số bằng chữ số, "
        "ví dụ 3629 hoặc 3.629"
    ) in problems
    assert any(p.startswith("Dòng 2: Ô E2 (cột nha_giao)") for p in problems), problems
    assert not (root / "so-lieu" / XA / f"{SCHOOL}.xlsx").exists()
    not_excel = _send(school, SCHOOL, b"don_vi,gv\nmn-kroong,3\n", "so-lieu.xlsx")
    assert "không phải bảng tính Excel" in _problems(not_excel.text)[0]  # type: ignore[attr-defined]
    wrong_type = _send(school, SCHOOL, b"x", "so-lieu.csv")
    assert wrong_type.status_code == 422  # type: ignore[attr-defined]
    assert "Chỉ nhận tệp Excel" in wrong_type.text  # type: ignore[attr-defined]
    too_big = _send(school, SCHOOL, b"PK\x03\x04" + b"0" * (3 * 1024 * 1024))
    assert too_big.status_code in (400, 413, 422)  # type: ignore[attr-defined]
    others = _workbook({(2, 1): OTHER_SCHOOL})
    answer = _send(school, SCHOOL, others)
    assert any(
        "chỉ gửi số liệu của trường mình" in p
        for p in _problems(answer.text)  # type: ignore[attr-defined]
    )


def test_another_school_cannot_see_or_post_the_figures(figures_app: tuple[FastAPI, Path]) -> None:
    app, root = figures_app
    assert _send(client_of(app, "mn.kroong"), SCHOOL, _workbook()).status_code == 303  # type: ignore[attr-defined]
    other = client_of(app, "th.ngokbay")
    assert other.get(f"/so-lieu/{XA}/{SCHOOL}.xlsx").status_code == 403
    assert other.get(f"/so-lieu/mau/{SCHOOL}.xlsx").status_code == 403
    before = (root / "so-lieu" / XA / f"{SCHOOL}.xlsx").read_bytes()
    assert _send(other, SCHOOL, _workbook({(2, 3): 1})).status_code == 403  # type: ignore[attr-defined]
    assert (root / "so-lieu" / XA / f"{SCHOOL}.xlsx").read_bytes() == before
    for name in ("cv.sathay", "cv.ngokbay"):  # not schools: they do not send figures
        assert _send(client_of(app, name), SCHOOL, _workbook()).status_code == 403  # type: ignore[attr-defined]
    assert client_of(app, "cv.sathay").get(f"/so-lieu/{XA}/{SCHOOL}.xlsx").status_code == 403
    assert client_of(app, "cv.ngokbay").get(f"/so-lieu/{XA}/{SCHOOL}.xlsx").status_code == 200
    assert client_of(app, "cv.so").get(f"/so-lieu/{XA}/{SCHOOL}.xlsx").status_code == 200
    anonymous = client_of(app, None)
    for url in ("/so-lieu", f"/so-lieu/mau/{SCHOOL}.xlsx", f"/so-lieu/{XA}/{SCHOOL}.xlsx"):
        assert anonymous.get(url).headers["location"] == "/dang-nhap"
    assert anonymous.post(f"/so-lieu/{SCHOOL}").status_code in (303, 400)
    assert anonymous.post(f"/so-lieu/{XA}/bao-cao").status_code in (303, 400)


def test_the_xa_sees_who_reported_and_drafts_its_bao_cao_from_the_sums(
    figures_app: tuple[FastAPI, Path],
) -> None:
    app, root = figures_app
    assert _send(client_of(app, "mn.kroong"), SCHOOL, _workbook()).status_code == 303  # type: ignore[attr-defined]
    clerk = client_of(app, "cv.ngokbay")
    page = clerk.get("/so-lieu").text
    assert re.search(r"<strong>1</strong>/8 trường đã gửi số liệu", page)
    assert page.count("Chưa gửi") == 7
    assert "Số người học có hồ sơ số" in page or "401" in page
    keeper = client_of(app, "vt.ngokbay")
    assert 'id="soan-bao-cao"' not in keeper.get("/so-lieu").text  # a văn thư does not draft
    assert keeper.post(f"/so-lieu/{XA}/bao-cao").status_code == 403
    assert client_of(app, "cv.sathay").post(f"/so-lieu/{XA}/bao-cao").status_code == 403
    drafted = clerk.post(f"/so-lieu/{XA}/bao-cao")
    assert drafted.status_code == 303, errors_on(drafted.text)
    location = drafted.headers["location"]
    assert location.startswith(f"/van-ban/{XA}/bao-cao-so-lieu-")
    rendered = clerk.post(location + "/tao")
    assert rendered.status_code == 303, errors_on(rendered.text)
    from docx import Document as WordDocument

    docx = clerk.get(location + "/tep.docx")
    document = WordDocument(io.BytesIO(docx.content))
    cells = " ".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "THỐNG KÊ" in cells.upper() or "Tiếp cận giáo dục trực tuyến" in cells
    assert "401" in cells  # Kroong's pupils with a digital record, from the upload


def test_figure_routes_are_all_tested() -> None:
    from web.webdesk import route_paths

    paths = {p for p in route_paths() if p.startswith("/so-lieu")}
    assert paths == {
        "/so-lieu",
        "/so-lieu/mau/{school_id}.xlsx",
        "/so-lieu/{school_id}",
        "/so-lieu/{xa_id}/{school_id}.xlsx",
        "/so-lieu/{xa_id}/bao-cao",
    }
