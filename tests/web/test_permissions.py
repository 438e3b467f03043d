"""Every route asks who may do what: anonymous, the wrong organisation, the wrong role."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from web.webdesk import NGOK_BAY, SA_THAY, USERS, client_of, draft_form, route_paths

D = f"/van-ban/{SA_THAY}/cv-thu"
#: users who may see the documents of UBND xã Sa Thầy: its own, and the Sở above it
SEE = {"cv.sathay", "vt.sathay", "ld.sathay", "cv.so"}
#: (method, url, form, who gets what: user → status; the others get 403)
CASES: list[tuple[str, str, dict[str, Any] | None, dict[str, int]]] = [
    ("GET", "/van-ban", None, dict.fromkeys(USERS, 200)),
    ("GET", "/can-cu?q=1491", None, dict.fromkeys(USERS, 200)),
    ("GET", f"/van-ban/moi?don_vi={SA_THAY}", None, {"cv.sathay": 200, "ld.sathay": 200}),
    ("POST", "/van-ban/moi", draft_form("quyen-moi"), {"cv.sathay": 303, "ld.sathay": 422}),
    ("GET", D, None, dict.fromkeys(SEE, 200)),
    ("GET", f"{D}/sua", None, {"cv.sathay": 200, "ld.sathay": 200, "cv.so": 200}),
    ("POST", f"{D}/sua", draft_form("cv-thu"), {"cv.sathay": 303, "ld.sathay": 303, "cv.so": 303}),
    ("POST", f"{D}/tao", {}, {"cv.sathay": 303, "vt.sathay": 303, "ld.sathay": 303, "cv.so": 303}),
    ("GET", f"{D}/tep.docx", None, dict.fromkeys(SEE, 200)),
    ("GET", f"{D}/tep.yaml", None, dict.fromkeys(SEE, 200)),
    ("POST", f"{D}/ban-hanh", {}, {}),  # the văn thư's own issuing: test_issuing.py
    ("GET", f"/so-dang-ky?don_vi={SA_THAY}", None, {"vt.sathay": 200, "ld.sathay": 200}),
    ("GET", f"/so-dang-ky/{SA_THAY}/cv-thu.docx", None, {"vt.sathay": 404, "ld.sathay": 404}),
]
SKIPPED_USERS = {f"{D}/ban-hanh": {"vt.sathay"}}


def _ids(case: tuple[str, str, Any, Any]) -> str:
    return f"{case[0]} {case[1]}"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_route_permissions(app: FastAPI, rendered: str, case: tuple[Any, ...]) -> None:
    method, url, form, allowed = case
    anonymous = client_of(app, None)
    answer = anonymous.get(url) if method == "GET" else anonymous.post(url, form, headers={})
    if method == "GET":
        assert answer.status_code == 303 and answer.headers["location"] == "/dang-nhap"
    else:  # a POST without a session has no CSRF token either: refused before anything
        assert answer.status_code in (303, 400)
        assert answer.status_code == 400 or answer.headers["location"] == "/dang-nhap"
    for user in USERS:
        if user in SKIPPED_USERS.get(url, ()):
            continue
        client = client_of(app, user)
        answer = client.get(url) if method == "GET" else client.post(url, form)
        expected = allowed.get(user, 403)
        assert answer.status_code == expected, f"{user}: {method} {url}: {answer.text[:500]}"
        if expected == 403:
            assert "Không được phép" in answer.text


def test_every_route_is_in_the_table(app: FastAPI) -> None:
    """A new route must be added to CASES (or to the figures' tests) to be checked."""
    tested = {url.split("?")[0] for _m, url, _f, _a in CASES}
    templates = {
        "/van-ban/{org}/{name}": D,
        "/van-ban/{org}/{name}/sua": f"{D}/sua",
        "/van-ban/{org}/{name}/tao": f"{D}/tao",
        "/van-ban/{org}/{name}/tep.{kind}": f"{D}/tep.docx",
        "/van-ban/{org}/{name}/ban-hanh": f"{D}/ban-hanh",
        "/so-dang-ky/{org}/{name}.{kind}": f"/so-dang-ky/{SA_THAY}/cv-thu.docx",
    }
    elsewhere = {
        "/",  # a redirect
        "/dang-nhap",
        "/dang-xuat",  # test_accounts.py
        "/van-ban/{org}/{name}/trang-{number}.png",  # below
        "/van-ban/{org}/{name}/phan-cap",  # test_cascade.py
        *FIGURE_ROUTES,
    }
    paths = route_paths()
    assert len(paths) > 10
    for path in paths:
        assert path in elsewhere or templates.get(path, path) in tested, path


#: the figures' routes, tested in test_figures.py
FIGURE_ROUTES = {
    "/so-lieu",
    "/so-lieu/mau/{school_id}.xlsx",
    "/so-lieu/{school_id}",
    "/so-lieu/{xa_id}/{school_id}.xlsx",
    "/so-lieu/{xa_id}/bao-cao",
}


def test_page_images_follow_the_document_s_permissions(app: FastAPI, rendered: str) -> None:
    from docgen.web import preview

    if not preview.has_libreoffice():
        pytest.skip("LibreOffice is not installed: the page shows a text preview, no images")
    url = f"{D}/trang-1.png"
    assert client_of(app, None).get(url).status_code == 303
    for user in USERS:
        expected = 200 if user in SEE else 403
        assert client_of(app, user).get(url).status_code == expected, user


def test_no_path_is_taken_from_the_address(app: FastAPI, rendered: str, workspace: Path) -> None:
    clerk = client_of(app, "cv.sathay")
    for url in (
        f"/van-ban/{SA_THAY}/..%2F..%2Fusers/tep.yaml",
        f"/van-ban/{SA_THAY}/.secret/tep.yaml",
        "/van-ban/..%2Fvan-ban/cv-thu",
        f"/van-ban/{SA_THAY}/khong-co",
        "/van-ban/khong-co-don-vi/cv-thu",
    ):
        answer = clerk.get(url)
        assert answer.status_code in (403, 404), url
    assert clerk.get(f"/van-ban/{NGOK_BAY}/cv-thu").status_code == 403  # another xã
    # a form naming another organisation as the issuer is refused, whatever else it says
    answer = clerk.post("/van-ban/moi", draft_form("cua-xa-khac", issuer=NGOK_BAY))
    assert answer.status_code == 403
    assert not (workspace / "van-ban" / NGOK_BAY / "cua-xa-khac.yaml").exists()


def test_posts_need_the_session_s_csrf_token(app: FastAPI, rendered: str) -> None:
    clerk = client_of(app, "cv.sathay")
    for url, form in (
        ("/van-ban/moi", draft_form("khong-csrf")),
        (f"{D}/sua", draft_form("cv-thu")),
        (f"{D}/tao", {}),
        ("/dang-xuat", {}),
    ):
        answer = clerk.http.post(url, data=form)
        assert answer.status_code == 400, url
        other = clerk.http.post(url, data={**form, "csrf": "a" * 43})
        assert other.status_code == 400, url
