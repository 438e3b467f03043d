"""Accounts: argon2 hashes, `docgen user add`, logging in and out."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi import FastAPI

from docgen.cli import main
from docgen.web.accounts import AccountError, Accounts
from web.webdesk import CATALOGS, PASSWORD, csrf_of, errors_on, logged_in


def test_user_add_stores_an_argon2_hash_not_the_password(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("mot-mat-khau-dai\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        [
            "user", "add", "VanThu.SaThay", "--org", "ubnd-xa-sa-thay", "--role", "van_thu",
            "--password-file", str(secret), "--workspace", str(tmp_path),
            "--catalog", str(CATALOGS),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "vanthu.sathay" in result.output
    with sqlite3.connect(tmp_path / "users.sqlite") as db:
        name, role, hashed = db.execute("select name, role, password_hash from users").fetchone()
        orgs = db.execute("select org from memberships").fetchall()
    assert (name, role) == ("vanthu.sathay", "van_thu")
    assert hashed.startswith("$argon2id$") and "mot-mat-khau-dai" not in hashed
    assert orgs == [("ubnd-xa-sa-thay",)]
    accounts = Accounts(tmp_path / "users.sqlite")
    assert accounts.authenticate("vanthu.sathay", "mot-mat-khau-dai") is not None
    assert accounts.authenticate("vanthu.sathay", "mot-mat-khau-sai") is None
    assert accounts.authenticate("nobody", "mot-mat-khau-dai") is None
    accounts.close()


def test_user_add_refuses_an_unknown_org_a_bad_role_and_a_second_account(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("mot-mat-khau-dai\n", encoding="utf-8")
    base = ["user", "add", "a", "--password-file", str(secret), "--workspace", str(tmp_path)]
    base += ["--catalog", str(CATALOGS)]
    runner = CliRunner()
    wrong_org = runner.invoke(main, [*base, "--org", "ubnd-xa-sa-thy", "--role", "van_thu"])
    assert wrong_org.exit_code == 1
    assert "did you mean 'ubnd-xa-sa-thay'" in wrong_org.output
    assert "Traceback" not in wrong_org.output
    wrong_role = runner.invoke(main, [*base, "--org", "ubnd-xa-sa-thay", "--role", "boss"])
    assert wrong_role.exit_code == 2 and "chuyen_vien" in wrong_role.output
    ok = runner.invoke(main, [*base, "--org", "ubnd-xa-sa-thay", "--role", "truong"])
    assert ok.exit_code == 0, ok.output
    again = runner.invoke(main, [*base, "--org", "ubnd-xa-sa-thay", "--role", "truong"])
    assert again.exit_code == 1 and "already exists" in again.output


def test_short_password_is_refused(tmp_path: Path) -> None:
    accounts = Accounts(tmp_path / "users.sqlite")
    with pytest.raises(AccountError, match="at least 8"):
        accounts.add("a", "short", "truong", ("thcs-sa-thay",))
    accounts.close()


def test_login_logout_and_a_wrong_password(app: FastAPI) -> None:
    anonymous = logged_in(app, None)
    page = anonymous.get("/dang-nhap")
    assert page.status_code == 200 and "Đăng nhập" in page.text and 'lang="vi"' in page.text
    wrong = anonymous.post(
        "/dang-nhap", data={"csrf": csrf_of(anonymous), "ten": "cv.sathay", "mat_khau": "sai-roi"}
    )
    assert wrong.status_code == 401
    assert errors_on(wrong.text) == ["Tên đăng nhập hoặc mật khẩu không đúng."]
    clerk = logged_in(app, "cv.sathay")
    assert clerk.get("/van-ban").status_code == 200
    token = csrf_of(clerk, "/van-ban")
    assert clerk.post("/dang-xuat", data={"csrf": token}).status_code == 303
    assert clerk.get("/van-ban").headers["location"] == "/dang-nhap"


def test_login_needs_the_csrf_token(app: FastAPI) -> None:
    client = logged_in(app, None)
    client.get("/dang-nhap")
    answer = client.post("/dang-nhap", data={"ten": "cv.sathay", "mat_khau": PASSWORD})
    assert answer.status_code == 400 and "tải lại trang" in answer.text
    forged = client.post(
        "/dang-nhap", data={"csrf": "x" * 43, "ten": "cv.sathay", "mat_khau": PASSWORD}
    )
    assert forged.status_code == 400


def test_session_cookie_is_signed(app: FastAPI) -> None:
    clerk = logged_in(app, "cv.sathay")
    cookie = clerk.cookies["docgen_phien"]
    forged = logged_in(app, None)
    forged.cookies.set("docgen_phien", cookie[:-4] + ("AAAA" if cookie[-4:] != "AAAA" else "BBBB"))
    assert forged.get("/van-ban").headers["location"] == "/dang-nhap"
