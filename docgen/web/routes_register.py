"""Issuing (a văn thư gives a checked draft its number) and the register view."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response

from docgen.errors import DocgenError
from docgen.web import preview
from docgen.web.app import (
    Desk,
    blocking,
    desk_of,
    file_response,
    form_of,
    go,
    page,
    shown_error,
    user_of,
)
from docgen.web.permissions import Forbidden, may_issue, may_read_register
from docgen.web.routes_documents import MEDIA, _document_page
from docgen.web.workspace import ISSUED, NotFound

router = APIRouter()


def issue_draft(desk: Desk, org: str, name: str) -> str:
    """Issue the checked draft *name*: its number from the register, the final .docx (and
    PDF when LibreOffice is there) into da-ban-hanh/ORG/; returns "07/UBND-VHXH"."""
    from docgen.register.store import Register
    from docgen.workflows.issue import issue_spec, plan_issue

    spec = desk.workspace.existing_spec(org, name)
    made = desk.workspace.made(org, name)
    if "docx" not in made:
        raise DocgenError(
            "chưa có bản nháp", hint="bấm “Tạo văn bản” rồi kiểm tra trước khi ban hành"
        )
    findings = preview.check(made["docx"])
    if findings.report.unreadable or findings.report.errors:
        raise DocgenError(
            f"bản nháp còn {len(findings.report.errors)} lỗi thể thức",
            hint="sửa các lỗi được kiểm tra chỉ ra, tạo lại văn bản rồi ban hành",
        )
    out = desk.workspace.folder(ISSUED, org)
    pdf = preview.has_libreoffice()
    with Register.open(desk.register) as register:
        plan = plan_issue(spec, out, desk.catalog, register, pdf=pdf)
        if plan.reused and all(path.is_file() for path in plan.files):
            return plan.symbol  # issued before, files in place: its number and day stand
        done = issue_spec(spec, out, desk.catalog, register, pdf=pdf)
    return done.symbol


@router.post("/van-ban/{org}/{name}/ban-hanh")
async def issue(request: Request, org: str, name: str) -> Response:
    user = user_of(request)
    desk = desk_of(request)
    org = desk.workspace.org_id(org)
    may_issue(user, org)
    await form_of(request)
    desk.workspace.existing_spec(org, name)
    try:
        symbol = await blocking(issue_draft, desk, org, name)
    except DocgenError as exc:
        return _document_page(request, org, name, 422, shown_error(desk, exc))
    request.session["flash"] = f"Đã ban hành văn bản số {symbol}."
    return go(f"/so-dang-ky?don_vi={org}")


@router.get("/so-dang-ky")
def register_view(request: Request, don_vi: str = "", nam: int = 0) -> Response:
    from docgen.register.store import Register

    user = user_of(request)
    desk = desk_of(request)
    org = desk.workspace.org_id(don_vi or (user.orgs[0] if user.orgs else ""))
    may_read_register(user, org)
    year = nam or date.today().year
    if not 2000 <= year <= 2100:
        raise NotFound("năm không hợp lệ")
    with Register.open(desk.register, migrate=False) as register:
        entries = register.entries(year, org)
    issued = desk.workspace.folder(ISSUED, org)
    return page(
        request,
        "register.html",
        title="Sổ đăng ký văn bản đi",
        org=desk.catalog.orgs[org],
        year=year,
        entries=entries,
        files={
            e.id: [k for k in MEDIA if (issued / f"{_stem(e.source)}.{k}").is_file()]
            for e in entries
        },
        stems={e.id: _stem(e.source) for e in entries},
        flash=request.session.pop("flash", ""),
    )


def _stem(source: str) -> str:
    from pathlib import PurePath

    return PurePath(source).stem if source else ""


@router.get("/so-dang-ky/{org}/{name}.{kind}")
def issued_file(request: Request, org: str, name: str, kind: str) -> Response:
    user = user_of(request)
    desk = desk_of(request)
    org = desk.workspace.org_id(org)
    may_read_register(user, org)
    if kind not in MEDIA:
        raise NotFound("không có loại tệp này")
    path = desk.workspace.file(ISSUED, org, name, f".{kind}")
    if not path.is_file():
        raise NotFound("không có tệp này")
    return file_response(path, MEDIA[kind][1])


__all__ = ["router", "issue_draft", "Forbidden"]
