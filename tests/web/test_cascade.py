"""Cascade from the page: the table of what will be written, then the zip."""

from __future__ import annotations

import csv
import io
import zipfile

from docx import Document as WordDocument
from fastapi import FastAPI

from web.webdesk import SA_THAY, USERS, client_of

D = f"/van-ban/{SA_THAY}/cv-thu"


def test_the_table_then_the_zip(app: FastAPI, rendered: str) -> None:
    clerk = client_of(app, "cv.sathay")
    page = clerk.get(f"{D}/phan-cap")
    assert page.status_code == 200 and 'option value="truong"' in page.text
    table = clerk.get(f"{D}/phan-cap?den=truong")
    assert table.status_code == 200
    assert "văn bản sẽ được tạo" in table.text
    assert "Trường Trung học cơ sở Sa Thầy" in table.text or "thcs-sa-thay" in table.text
    answer = clerk.post(f"{D}/phan-cap", {"den": "truong"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    names = archive.namelist()
    rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode("utf-8"))))
    docx = sorted(n for n in names if n.endswith(".docx"))
    assert docx and sorted(r["file"] for r in rows) == docx
    assert {r["parent"] for r in rows if r["level"] == "truong"} == {SA_THAY}
    school = next(n for n in docx if "thcs-sa-thay" in n)
    document = WordDocument(io.BytesIO(archive.read(school)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Ủy ban nhân dân xã Sa Thầy" in text  # it cites the xã's document
    assert not (app.state.desk.workspace.root / "phan-cap").exists() or not any(
        (app.state.desk.workspace.root / "phan-cap").iterdir()
    )  # the folder the zip was made from is gone


def test_who_may_cascade(app: FastAPI, rendered: str) -> None:
    allowed = {"cv.sathay", "ld.sathay", "cv.so"}
    assert client_of(app, None).get(f"{D}/phan-cap").headers["location"] == "/dang-nhap"
    for user in USERS:
        client = client_of(app, user)
        expected = 200 if user in allowed else 403
        assert client.get(f"{D}/phan-cap").status_code == expected, user
        if user not in allowed:
            assert client.post(f"{D}/phan-cap", {"den": "truong"}).status_code == 403, user
    clerk = client_of(app, "cv.sathay")
    assert clerk.get(f"{D}/phan-cap?den=bo").status_code == 404  # not below the xã
    assert clerk.post(f"{D}/phan-cap", {"den": "../x"}).status_code == 404
