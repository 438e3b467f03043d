"""The schools' figures: a school downloads its workbook and sends it back; the xã sees who
has reported, the totals, and drafts its báo cáo from them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from docgen.errors import DocgenError
from docgen.model.entities import Org
from docgen.web import drafts, figures_desk
from docgen.web.accounts import User
from docgen.web.app import (
    MAX_UPLOAD,
    Desk,
    blocking,
    desk_of,
    file_response,
    form_of,
    go,
    page,
    shown_error,
    upload_field,
    user_of,
)
from docgen.web.permissions import Forbidden, may_draft_for, may_report, may_see, visible_orgs
from docgen.web.workspace import FIGURES, NotFound
from docgen.workflows.aggregate import Aggregate, chosen_figures

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SCHOOL_LEVEL = "truong"


def _school(desk: Desk, school_id: str) -> tuple[Org, Org]:
    """The school *school_id* and the xã (its parent) it reports to."""
    school = desk.catalog.orgs[desk.workspace.org_id(school_id)]
    if school.level != SCHOOL_LEVEL or not school.parent or school.parent not in desk.catalog.orgs:
        raise NotFound(f"{school.name} không phải là trường gửi số liệu")
    return school, desk.catalog.orgs[school.parent]


def _collecting(desk: Desk, user: User) -> list[Org]:
    """The organisations the user sees whose units are schools (the xã that collect)."""
    found = []
    for org_id in visible_orgs(desk.catalog, user):
        children = desk.catalog.children(org_id, on=date.today())
        if children and any(c.level == SCHOOL_LEVEL for c in children):
            found.append(desk.catalog.orgs[org_id])
    return found


def _page(request: Request, status: int = 200, **values: object) -> Response:
    user = user_of(request)
    desk = desk_of(request)
    schools = []
    for org_id in user.orgs if user.role == "truong" else ():
        try:
            school, xa = _school(desk, org_id)
        except NotFound:
            continue
        path = desk.workspace.file(FIGURES, xa.id, school.id, ".xlsx")
        sent = date.fromtimestamp(path.stat().st_mtime) if path.is_file() else None
        schools.append((school, xa, sent))
    overviews = []
    for xa in _collecting(desk, user) if user.role != "truong" else ():
        report = figures_desk.reported(desk.workspace, desk.catalog, xa)
        lines = (
            Aggregate(xa.id, tuple(chosen_figures(desk.catalog)), report.totals).lines()
            if report.totals is not None
            else []
        )
        overviews.append(
            (report, lines, user.role in ("chuyen_vien", "lanh_dao") and xa.id in user.orgs)
        )
    return page(
        request,
        "figures.html",
        status,
        title="Số liệu các trường",
        schools=schools,
        overviews=overviews,
        **values,
    )


@router.get("/so-lieu")
def figures(request: Request) -> Response:
    user_of(request)
    return _page(request)


@router.get("/so-lieu/mau/{school_id}.xlsx")
def template(request: Request, school_id: str) -> Response:
    user = user_of(request)
    desk = desk_of(request)
    school, _xa = _school(desk, school_id)
    may_see(desk.catalog, user, school.id)
    content = figures_desk.template_bytes(desk.catalog, school)
    return Response(
        content,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{school.id}.xlsx"'},
    )


@router.post("/so-lieu/{school_id}")
async def upload(request: Request, school_id: str) -> Response:
    user = user_of(request)
    desk = desk_of(request)
    school, xa = _school(desk, school_id)
    may_report(user, school.id)
    form = await form_of(request, files=1)
    try:
        return await _receive(request, desk, school, xa, upload_field(form, "tep"))
    finally:
        await form.close()


async def _receive(
    request: Request, desk: Desk, school: Org, xa: Org, sent: UploadFile | None
) -> Response:
    if sent is None or not sent.filename:
        return _page(request, 422, problems=[figures_desk.Problem(0, "Chưa chọn tệp để gửi.")])
    if not sent.filename.lower().endswith(".xlsx"):
        return _page(
            request, 422, problems=[figures_desk.Problem(0, "Chỉ nhận tệp Excel .xlsx (tệp mẫu).")]
        )
    content = await sent.read(MAX_UPLOAD + 1)
    figures = figures_desk.school_figures(desk.catalog, school)
    problems = await blocking(figures_desk.check_upload, desk.catalog, xa, school, content, figures)
    if problems:
        return _page(request, 422, problems=problems, sent_name=Path(sent.filename).name[:120])
    await blocking(figures_desk.keep_upload, desk.workspace, xa.id, school.id, content)
    request.session["flash"] = f"Đã nhận số liệu của {school.name}."
    return go("/so-lieu")


@router.get("/so-lieu/{xa_id}/{school_id}.xlsx")
def sent_file(request: Request, xa_id: str, school_id: str) -> Response:
    user = user_of(request)
    desk = desk_of(request)
    school, xa = _school(desk, school_id)
    if xa.id != xa_id:
        raise NotFound("không có tệp này")
    may_see(desk.catalog, user, school.id)
    path = desk.workspace.file(FIGURES, xa.id, school.id, ".xlsx")
    if not path.is_file():
        raise NotFound("trường chưa gửi số liệu")
    return file_response(path, XLSX)


def draft_report(desk: Desk, xa: Org, name: str) -> None:
    """Save the xã's báo cáo spec: its figures from so-lieu/XA, every report table."""
    today = date.today()
    draft = drafts.Draft(
        name=name,
        kind="bao_cao",
        issuer=xa.id,
        signer=xa.signers[0].id if xa.signers else "",
        year=today.year,
        subject="Kết quả ứng dụng công nghệ thông tin, chuyển đổi số của các trường học "
        "trên địa bàn",
        data=f"../../{FIGURES}/{xa.id}",
        tables=[
            t
            for t in desk.catalog.report_tables
            if desk.catalog.report_tables[t].kind == "statistics"
        ],
        paragraphs=("{{ issuer.mention }} báo cáo số liệu của các trường trên địa bàn như sau:"),
    )
    path = desk.workspace.spec_path(xa.id, name)
    text, _spec = drafts.spec_text(draft, str(path))
    desk.workspace.save_spec(xa.id, name, text, new=True)


@router.post("/so-lieu/{xa_id}/bao-cao")
async def report(request: Request, xa_id: str) -> Response:
    user = user_of(request)
    desk = desk_of(request)
    xa = desk.catalog.orgs[desk.workspace.org_id(xa_id)]
    may_draft_for(user, xa.id)
    await form_of(request)
    name = f"bao-cao-so-lieu-{date.today().isoformat()}"
    n = 2
    while desk.workspace.spec_path(xa.id, name).exists():
        name = f"bao-cao-so-lieu-{date.today().isoformat()}-{n}"
        n += 1
    try:
        await blocking(draft_report, desk, xa, name)
    except DocgenError as exc:
        return _page(request, 422, message=shown_error(desk, exc))
    return go(f"/van-ban/{xa.id}/{name}")


__all__ = ["router", "Forbidden"]
