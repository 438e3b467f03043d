"""Cascade from the page: from a document, the documents of the organisations below it —
first a table of what will be written, then the files as one zip."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request
from fastapi.responses import Response

from docgen.errors import DocgenError
from docgen.model.entities import DEPTH, LEVELS
from docgen.web.app import Desk, blocking, desk_of, form_of, page, shown_error, text_field, user_of
from docgen.web.drafts import KIND_NAMES
from docgen.web.permissions import may_change
from docgen.web.workspace import NotFound

if TYPE_CHECKING:
    from docgen.workflows.cascade import CascadePlan

router = APIRouter()
LEVEL_NAMES = {"bo": "Bộ", "so": "Sở", "phong": "Phòng", "xa": "Xã", "truong": "Trường"}
#: documents one cascade from the page may write, at most
MAX_DOCUMENTS = 2000


def _levels_below(desk: Desk, org: str) -> list[str]:
    depth = desk.catalog.orgs[org].depth
    return [lv for lv in LEVELS if DEPTH[lv] > depth]


def _plan(desk: Desk, org: str, name: str, down_to: str) -> CascadePlan:
    from docgen.catalog.specfile import load_spec
    from docgen.workflows.cascade import plan_cascade

    root = load_spec(desk.workspace.existing_spec(org, name))
    if root.issuer != org:
        raise DocgenError(
            f"văn bản này do '{root.issuer}' ban hành, không phải đơn vị của thư mục",
            hint="mở văn bản từ danh sách của đơn vị ban hành",
        )
    plan = plan_cascade(root, desk.catalog, down_to)
    if len(plan.docs) > MAX_DOCUMENTS:
        raise DocgenError(
            f"{len(plan.docs)} văn bản, quá {MAX_DOCUMENTS} văn bản một lần tạo trên trang",
            hint="chọn cấp gần hơn, hoặc dùng lệnh docgen cascade",
        )
    return plan


def _zip(desk: Desk, org: str, name: str, down_to: str) -> bytes:
    """Write the cascade into a folder of its own, then the zip of it (the folder removed)."""
    from docgen.workflows.cascade import write_cascade
    from docgen.workflows.manifest import write_manifest

    plan = _plan(desk, org, name, down_to)
    base = desk.workspace.root / "phan-cap"
    base.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{org}-", dir=base))
    try:
        written = list(write_cascade(plan, folder, jobs=1))
        written += write_manifest(plan, folder)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in written:
                archive.write(path, path.relative_to(folder).as_posix())
        return buffer.getvalue()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@router.get("/van-ban/{org}/{name}/phan-cap")
async def cascade_page(request: Request, org: str, name: str, den: str = "") -> Response:
    user = user_of(request)
    desk = desk_of(request)
    org = desk.workspace.org_id(org)
    may_change(desk.catalog, user, org)
    desk.workspace.existing_spec(org, name)
    levels = _levels_below(desk, org)
    if den and den not in levels:
        raise NotFound(f"không có cấp '{den[:20]}' dưới đơn vị này")
    plan, message = None, ""
    if den:
        try:
            plan = await blocking(_plan, desk, org, name, den)
        except DocgenError as exc:
            message = shown_error(desk, exc)
    return page(
        request,
        "cascade.html",
        422 if message else 200,
        title=f"Văn bản cho cấp dưới: {name}",
        org=desk.catalog.orgs[org],
        name=name,
        levels=[(lv, LEVEL_NAMES.get(lv, lv)) for lv in levels],
        down_to=den,
        plan=plan,
        kinds=KIND_NAMES,
        level_names=LEVEL_NAMES,
        message=message,
    )


@router.post("/van-ban/{org}/{name}/phan-cap")
async def cascade_zip(request: Request, org: str, name: str) -> Response:
    user = user_of(request)
    desk = desk_of(request)
    org = desk.workspace.org_id(org)
    may_change(desk.catalog, user, org)
    form = await form_of(request)
    desk.workspace.existing_spec(org, name)
    down_to = text_field(form, "den")
    if down_to not in _levels_below(desk, org):
        raise NotFound("chưa chọn cấp")
    try:
        content = await blocking(_zip, desk, org, name, down_to)
    except DocgenError as exc:
        return page(
            request,
            "cascade.html",
            422,
            title=f"Văn bản cho cấp dưới: {name}",
            org=desk.catalog.orgs[org],
            name=name,
            levels=[(lv, LEVEL_NAMES.get(lv, lv)) for lv in _levels_below(desk, org)],
            down_to=down_to,
            plan=None,
            kinds=KIND_NAMES,
            level_names=LEVEL_NAMES,
            message=shown_error(desk, exc),
        )
    return Response(
        content,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}-{down_to}.zip"'},
    )
