"""Drafting through the page: the spec saved is the one `docgen render` reads; render,
preview, check, download."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml
from docx import Document as WordDocument
from fastapi import FastAPI

from docgen.catalog.catalog import Catalog
from docgen.web import preview
from docgen.web.app import create_app
from docgen.workflows.render import render_spec
from web.webdesk import CATALOGS, SA_THAY, client_of, draft_form, errors_on


def _text(docx: bytes) -> str:
    document = WordDocument(io.BytesIO(docx))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_form_offers_the_issuer_s_signers_units_schools_and_task_items(app: FastAPI) -> None:
    clerk = client_of(app, "cv.sathay")
    page = clerk.get(f"/van-ban/moi?don_vi={SA_THAY}")
    assert page.status_code == 200
    html = page.text
    assert "Võ Thị Kim Dung (Phó Chủ tịch)" in html  # the signer of UBND xã Sa Thầy
    assert "Phòng Văn hóa - Xã hội (VHXH)" in html  # its drafting unit
    assert "Trường THCS Sa Thầy" in html or "thcs-sa-thay" in html  # a school below it
    assert "Các đơn vị trường học trực thuộc" in html  # the group of its schools
    assert 'value="nq57"' in html  # an item of the task list
    assert "Nguyễn Văn Ngọc" not in html  # the Sở's signer is not offered to the xã


def test_reference_search_by_number_and_words_with_status(app: FastAPI) -> None:
    clerk = client_of(app, "cv.sathay")
    by_number = clerk.get("/can-cu?q=1491").text
    assert "1491/SGDĐT-QLCLGDCNTT" in by_number and "Còn hiệu lực" in by_number
    by_words = clerk.get("/can-cu?q=chuyen doi so giao duc").text  # accents left out
    assert "131/QĐ-TTg" in by_words
    catalog = Catalog.load(CATALOGS)
    old = next(r for r in catalog.references.values() if r.status == "superseded")
    superseded = clerk.get("/can-cu", params={"q": old.number}).text
    assert "Đã bị thay thế" in superseded
    assert "Dùng văn bản thay thế" in superseded
    assert catalog.in_force(old).number in superseded
    assert "Không có văn bản nào khớp" in clerk.get("/can-cu?q=khongcoday").text


def test_saved_spec_is_what_docgen_render_reads(app: FastAPI, workspace: Path) -> None:
    clerk = client_of(app, "cv.sathay")
    answer = clerk.post("/van-ban/moi", draft_form("cv-render"))
    assert answer.status_code == 303, errors_on(answer.text)
    assert answer.headers["location"] == f"/van-ban/{SA_THAY}/cv-render"
    spec_file = workspace / "van-ban" / SA_THAY / "cv-render.yaml"
    data = yaml.safe_load(spec_file.read_text(encoding="utf-8"))
    assert data["issuer"] == SA_THAY and data["signer"] == "vo-thi-kim-dung"
    assert data["recipients"] == ["Các đơn vị trường học trực thuộc", "Phòng Văn hóa - Xã hội"]
    tasks = next(b for b in data["body"] if "tasks" in b)
    # the ticked items stay; the other items of 2025-2026 are excluded; an unticked section
    # is excluded whole, its items with it
    assert "nq57" not in tasks["exclude"] and "cchc" not in tasks["exclude"]
    assert "dieu-kien" in tasks["exclude"] and "nv-trong-tam-2025" in tasks["exclude"]
    assert "nv-trong-tam-2022" not in tasks["exclude"]  # not of this school year anyway
    rendered = clerk.post(f"/van-ban/{SA_THAY}/cv-render/tao")
    assert rendered.status_code == 303, errors_on(rendered.text)
    from_page = clerk.get(f"/van-ban/{SA_THAY}/cv-render/tep.docx")
    assert from_page.status_code == 200
    assert from_page.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    by_cli = render_spec(spec_file, workspace / "cli-out", Catalog.load(CATALOGS))
    assert _text(from_page.content) == _text(by_cli.read_bytes())
    text = _text(from_page.content)
    assert "Kính gửi:\n- Các đơn vị trường học trực thuộc;\n- Phòng Văn hóa - Xã hội." in text
    assert "Căn cứ Công văn số 1491/SGDĐT-QLCLGDCNTT ngày 09/10/2025" in text
    assert "Nghị quyết số 57-NQ/TW" in text  # nq57, ticked
    assert "cổng Dịch vụ công quốc gia".casefold() in text.casefold()  # cchc, ticked
    assert "hạ tầng số, trang thiết bị" not in text  # dieu-kien, unticked
    assert "Võ Thị Kim Dung" in text


def test_edit_shows_the_saved_choices_and_saves_again(app: FastAPI, rendered: str) -> None:
    clerk = client_of(app, "cv.sathay")
    form = clerk.get(f"/van-ban/{SA_THAY}/{rendered}/sua").text
    assert 'value="1491/SGDĐT-QLCLGDCNTT" checked' in form
    assert 'name="nhom_truong" value="1" checked' in form
    answer = clerk.post(
        f"/van-ban/{SA_THAY}/{rendered}/sua",
        draft_form(rendered, trich_yeu="triển khai nhiệm vụ chuyển đổi số (sửa)"),
    )
    assert answer.status_code == 303, errors_on(answer.text)
    assert "(sửa)" in clerk.get(f"/van-ban/{SA_THAY}/{rendered}/tep.yaml").text


def test_a_bad_field_is_shown_in_vietnamese_and_nothing_is_saved(
    app: FastAPI, workspace: Path
) -> None:
    clerk = client_of(app, "cv.sathay")
    bad_name = clerk.post("/van-ban/moi", draft_form("../ra-ngoai"))
    assert bad_name.status_code == 422
    assert "không dùng được" in errors_on(bad_name.text)[0]
    assert not (workspace / "van-ban" / "ra-ngoai.yaml").exists()
    no_year = clerk.post("/van-ban/moi", draft_form("khong-nam", nam="", nam_hoc=""))
    assert no_year.status_code == 422
    assert errors_on(no_year.text) == [
        "thiếu năm của văn bản — ghi năm bằng bốn chữ số, ví dụ 2026"
    ]
    assert not (workspace / "van-ban" / SA_THAY / "khong-nam.yaml").exists()
    twice = clerk.post("/van-ban/moi", draft_form("hai-lan"))
    assert twice.status_code == 303
    again = clerk.post("/van-ban/moi", draft_form("hai-lan"))
    assert again.status_code == 422
    assert errors_on(again.text)[0].startswith("đã có văn bản tên 'hai-lan'")


def test_a_spec_edited_by_hand_is_not_replaced_by_the_page(app: FastAPI, workspace: Path) -> None:
    clerk = client_of(app, "cv.sathay")
    assert clerk.post("/van-ban/moi", draft_form("tay")).status_code == 303
    spec_file = workspace / "van-ban" / SA_THAY / "tay.yaml"
    by_hand = "\n".join(spec_file.read_text(encoding="utf-8").splitlines()[1:]) + "\n"
    spec_file.write_text(by_hand, encoding="utf-8")
    answer = clerk.post(f"/van-ban/{SA_THAY}/tay/sua", draft_form("tay"))
    assert answer.status_code == 422 and "được sửa ngoài trang" in errors_on(answer.text)[0]
    assert spec_file.read_text(encoding="utf-8") == by_hand


def test_render_error_is_shown_beside_the_document(app: FastAPI, workspace: Path) -> None:
    clerk = client_of(app, "cv.sathay")
    form = draft_form("loi-cite", doan_van='Theo {{ cite("999/KHONG-CO") }}.')
    assert clerk.post("/van-ban/moi", form).status_code == 303
    answer = clerk.post(f"/van-ban/{SA_THAY}/loi-cite/tao")
    assert answer.status_code == 422
    [message] = errors_on(answer.text)
    assert "999/KHONG-CO" in message and "loi-cite.yaml" in message
    assert str(workspace) not in message  # the workspace's own path is not shown


def test_preview_check_and_downloads(app: FastAPI, rendered: str) -> None:
    clerk = client_of(app, "cv.sathay")
    page = clerk.get(f"/van-ban/{SA_THAY}/{rendered}").text
    assert "Kiểm tra thể thức" in page
    assert 'id="khong-loi"' in page  # docgen check finds nothing in docgen's draft
    if preview.has_libreoffice():
        image = clerk.get(f"/van-ban/{SA_THAY}/{rendered}/trang-1.png")
        assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
        pdf = clerk.get(f"/van-ban/{SA_THAY}/{rendered}/tep.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert clerk.get(f"/van-ban/{SA_THAY}/{rendered}/trang-9.png").status_code == 404
    assert clerk.get(f"/van-ban/{SA_THAY}/{rendered}/tep.exe").status_code == 404


def test_text_preview_without_libreoffice(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from web.webdesk import add_users

    add_users(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))  # soffice cannot be found
    assert not preview.has_libreoffice()
    app = create_app(tmp_path, None, CATALOGS)
    clerk = client_of(app, "cv.sathay")
    assert clerk.post("/van-ban/moi", draft_form("chu")).status_code == 303
    assert clerk.post(f"/van-ban/{SA_THAY}/chu/tao").status_code == 303
    page = clerk.get(f"/van-ban/{SA_THAY}/chu").text
    assert "xem trước dạng văn bản" in page
    assert "Căn cứ Công văn số 1491/SGDĐT-QLCLGDCNTT" in page
    assert "tep.pdf" not in page
    assert clerk.get(f"/van-ban/{SA_THAY}/chu/tep.pdf").status_code == 404


def test_documents_are_listed_with_last_year_s_to_start_from(
    app: FastAPI, workspace: Path, rendered: str
) -> None:
    import os
    import time

    clerk = client_of(app, "cv.sathay")
    spec_file = workspace / "van-ban" / SA_THAY / f"{rendered}.yaml"
    a_year_ago = time.time() - 400 * 86400
    os.utime(spec_file, (a_year_ago, a_year_ago))
    listing = clerk.get("/van-ban").text
    assert f'href="/van-ban/{SA_THAY}/{rendered}"' in listing
    assert "Dùng lại văn bản năm trước" in listing
    start = clerk.get(f"/van-ban/moi?don_vi={SA_THAY}&tu={rendered}").text
    assert 'value="1491/SGDĐT-QLCLGDCNTT" checked' in start
    assert "Soạn văn bản mới" in start


def test_the_document_page_shows_its_deadlines_as_dates(app: FastAPI) -> None:
    clerk = client_of(app, "cv.sathay")
    form = clerk.get(f"/van-ban/moi?don_vi={SA_THAY}").text
    tree = re.search(r'data-list="cntt-cds"(.*?)</fieldset>', form, re.S)
    assert tree
    every_item = re.findall(r'name="giu_muc" value="([^"]+)"', tree[1])
    assert clerk.post("/van-ban/moi", draft_form("thoi-han", giu_muc=every_item)).status_code == 303
    assert clerk.post(f"/van-ban/{SA_THAY}/thoi-han/tao").status_code == 303
    page = clerk.get(f"/van-ban/{SA_THAY}/thoi-han").text
    assert 'id="thoi-han"' in page
    catalog = Catalog.load(CATALOGS)
    seen = catalog.seen_by(SA_THAY).milestones.values()
    milestone = next(m for m in seen if str(m.school_year) == "2025-2026")
    assert milestone.title in page
    assert re.search(r"<strong>ngày \d\d tháng \d\d năm 202[56]</strong>", page)
