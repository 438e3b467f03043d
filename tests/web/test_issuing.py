"""A văn thư issues a checked draft: the number from the register, the final files."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from docx import Document as WordDocument
from fastapi import FastAPI

from docgen.register.store import Register
from docgen.web import preview
from web.webdesk import SA_THAY, client_of, draft_form, errors_on


def test_van_thu_issues_a_checked_draft_and_sees_the_register(
    app: FastAPI, workspace: Path
) -> None:
    clerk = client_of(app, "cv.sathay")
    assert clerk.post("/van-ban/moi", draft_form("ban-hanh-1")).status_code == 303
    keeper = client_of(app, "vt.sathay")
    not_made = keeper.post(f"/van-ban/{SA_THAY}/ban-hanh-1/ban-hanh")
    assert not_made.status_code == 422
    assert errors_on(not_made.text)[0].startswith("chưa có bản nháp")
    assert clerk.post(f"/van-ban/{SA_THAY}/ban-hanh-1/tao").status_code == 303
    page = keeper.get(f"/van-ban/{SA_THAY}/ban-hanh-1").text
    assert 'id="ban-hanh"' in page
    issued = keeper.post(f"/van-ban/{SA_THAY}/ban-hanh-1/ban-hanh")
    assert issued.status_code == 303, errors_on(issued.text)
    year = date.today().year
    with Register.open(workspace / "register.sqlite", migrate=False) as register:
        [entry] = register.entries(year, SA_THAY)
    assert entry.symbol == "01/UBND-VHXH" and entry.state == "issued"
    register_page = keeper.get(issued.headers["location"]).text
    assert "Đã ban hành văn bản số 01/UBND-VHXH." in register_page
    assert "01/UBND-VHXH" in register_page and "Võ Thị Kim Dung" in register_page
    final = keeper.get(f"/so-dang-ky/{SA_THAY}/ban-hanh-1.docx")
    assert final.status_code == 200
    document = WordDocument(io.BytesIO(final.content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert any("Số: 01/UBND-VHXH" in text for text in cells)
    if preview.has_libreoffice():
        pdf = keeper.get(f"/so-dang-ky/{SA_THAY}/ban-hanh-1.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # issuing again gives the same number back, not a new one
    again = keeper.post(f"/van-ban/{SA_THAY}/ban-hanh-1/ban-hanh")
    assert again.status_code == 303, errors_on(again.text)
    with Register.open(workspace / "register.sqlite", migrate=False) as register:
        assert [e.symbol for e in register.entries(year, SA_THAY)] == ["01/UBND-VHXH"]
    # the register of another xã is not this văn thư's
    assert keeper.get("/so-dang-ky?don_vi=ubnd-xa-ngok-bay").status_code == 403
