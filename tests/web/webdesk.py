"""Helpers of the desk's tests: a workspace with accounts, clients logged in as each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from docgen.web.accounts import Accounts

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ROOT / "catalogs"
PASSWORD = "mat-khau-thu-1"
SA_THAY = "ubnd-xa-sa-thay"
NGOK_BAY = "ubnd-xa-ngok-bay"
SCHOOL = "thcs-sa-thay"
SO = "sgddt-quang-ngai"
#: login → (role, organisation)
USERS: dict[str, tuple[str, str]] = {
    "cv.sathay": ("chuyen_vien", SA_THAY),
    "vt.sathay": ("van_thu", SA_THAY),
    "ld.sathay": ("lanh_dao", SA_THAY),
    "cv.ngokbay": ("chuyen_vien", NGOK_BAY),
    "vt.ngokbay": ("van_thu", NGOK_BAY),
    "truong.thcs": ("truong", SCHOOL),
    "cv.so": ("chuyen_vien", SO),
}
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def add_users(workspace: Path) -> None:
    accounts = Accounts(workspace / "users.sqlite")
    try:
        for name, (role, org) in USERS.items():
            accounts.add(name, PASSWORD, role, (org,))
    finally:
        accounts.close()


def csrf_of(client: TestClient, url: str = "/dang-nhap") -> str:
    match = CSRF.search(client.get(url).text)
    assert match, f"no CSRF token on {url}"
    return match[1]


def logged_in(app: FastAPI, name: str | None) -> TestClient:
    """A client of *app*, logged in as *name* (None: anonymous)."""
    client = TestClient(app, follow_redirects=False)
    if name is None:
        return client
    answer = client.post(
        "/dang-nhap", data={"csrf": csrf_of(client), "ten": name, "mat_khau": PASSWORD}
    )
    assert answer.status_code == 303, answer.text
    return client


@dataclass
class Client:
    """A logged-in client and its CSRF token."""

    http: TestClient
    csrf: str

    def post(self, url: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
        return self.http.post(url, data={"csrf": self.csrf, **(data or {})}, **kw)

    def get(self, url: str, **kw: Any) -> Any:
        return self.http.get(url, **kw)


def client_of(app: FastAPI, name: str | None) -> Client:
    http = logged_in(app, name)
    return Client(http, csrf_of(http, "/dang-nhap"))


def draft_form(name: str, issuer: str = SA_THAY, **changes: Any) -> dict[str, Any]:
    """The draft form of a công văn of UBND xã Sa Thầy as a clerk fills it."""
    form: dict[str, Any] = {
        "don_vi": issuer,
        "ten_tep": name,
        "loai": "cong_van",
        "nam": "2025",
        "nam_hoc": "2025-2026",
        "trich_yeu": "hướng dẫn thực hiện nhiệm vụ chuyển đổi số năm học {{ year_spaced }}",
        "nguoi_ky": "vo-thi-kim-dung",
        "bo_phan": "VHXH",
        "nhom_truong": "1",
        "noi_nhan_khac": "Phòng Văn hóa - Xã hội",
        "can_cu": ["1491/SGDĐT-QLCLGDCNTT"],
        "nhiem_vu": "cntt-cds",
        "giu_muc": ["nv-chung-2025", "nq57", "cchc"],
        "doan_van": "{{ issuer.mention }} đề nghị các đơn vị triển khai, thực hiện./.",
    }
    form.update(changes)
    return form


def errors_on(html: str) -> list[str]:
    return [unescape(m) for m in re.findall(r'class="error"[^>]*>([^<]*)<', html)]


def route_paths() -> set[str]:
    """The paths of every route of the desk (its routers' routes)."""
    from fastapi.routing import APIRoute

    from docgen.web import (
        routes_cascade,
        routes_documents,
        routes_figures,
        routes_login,
        routes_register,
    )

    modules = (routes_login, routes_documents, routes_register, routes_figures, routes_cascade)
    return {r.path for m in modules for r in m.router.routes if isinstance(r, APIRoute)}
