"""Drafting: the list of documents, the draft form, render, preview, check, downloads."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from docgen.catalog.yamlio import load_yaml
from docgen.errors import DocgenError
from docgen.model.spec import KINDS
from docgen.vn.schoolyear import SchoolYear
from docgen.web import drafts, preview
from docgen.web.app import (
    Desk,
    blocking,
    desk_of,
    file_response,
    form_of,
    go,
    page,
    shown_error,
    text_field,
    text_fields,
    user_of,
)
from docgen.web.drafts import Draft
from docgen.web.permissions import (
    Forbidden,
    may_change,
    may_draft_for,
    may_see,
    visible_orgs,
)
from docgen.web.workspace import DRAFTS, MAX_PAGES, NotFound

router = APIRouter()


@router.get("/van-ban")
def documents(request: Request) -> Response:
    user = user_of(request)
    desk = desk_of(request)
    orgs = [desk.catalog.orgs[o] for o in visible_orgs(desk.catalog, user)]
    listed = [(org, desk.workspace.drafts(org.id)) for org in orgs]
    return page(
        request,
        "documents.html",
        title="Văn bản",
        listed=listed,
        own=set(user.orgs),
        drafts_allowed=user.role in ("chuyen_vien", "lanh_dao"),
    )


# -- the draft form -------------------------------------------------------------------------


def _form_page(
    request: Request,
    desk: Desk,
    draft: Draft,
    new: bool,
    status: int = 200,
    message: str = "",
    **extra: Any,
) -> Response:
    catalog = desk.catalog
    org = catalog.orgs[draft.issuer]
    seen = catalog.seen_by(org.id)  # the task lists of the issuer, its superiors, shared ones
    try:
        year = SchoolYear.parse(draft.school_year) if draft.school_year else None
    except DocgenError:
        year = None
    trees = {list_id: drafts.task_tree(seen, list_id, org, year) for list_id in seen.task_lists}
    chosen_refs = [
        drafts.RefHit(
            catalog.references[r],
            catalog.in_force(catalog.references[r])
            if catalog.references[r].status == "superseded"
            else None,
        )
        for r in draft.refs
        if r in catalog.references
    ]
    return page(
        request,
        "draft.html",
        status,
        title="Soạn văn bản mới" if new else f"Sửa văn bản {draft.name}",
        draft=draft,
        new=new,
        org=org,
        kinds=[(k, drafts.KIND_NAMES.get(k, k)) for k in KINDS],
        children=catalog.children(org.id, on=date.today()),
        trees=trees,
        task_lists=seen.task_lists,
        chosen_refs=chosen_refs,
        schools_group=drafts.SCHOOLS_GROUP,
        message=message,
        **extra,
    )


@router.get("/van-ban/moi")
def new_draft(request: Request, don_vi: str = "", tu: str = "") -> Response:
    user = user_of(request)
    desk = desk_of(request)
    issuer = don_vi or (user.orgs[0] if user.orgs else "")
    desk.workspace.org_id(issuer)
    may_draft_for(user, issuer)
    today = date.today()
    if tu:  # start from an earlier document of the same organisation
        path = desk.workspace.existing_spec(issuer, tu)
        draft = drafts.from_spec(load_yaml(path))
        draft.name = drafts.default_name(draft.kind, today)
        draft.year = today.year
    else:
        org = desk.catalog.orgs[issuer]
        draft = Draft(
            name=drafts.default_name("cong_van", today),
            issuer=issuer,
            year=today.year,
            school_year=drafts.current_school_year(today, desk.catalog.seen_by(issuer)),
            signer=org.signers[0].id if org.signers else "",
            unit=next(iter(org.units), ""),
        )
    draft.issuer = issuer
    return _form_page(request, desk, draft, new=True, source=tu)


def _draft_of(form: FormData, issuer: str, name: str) -> Draft:
    year = text_field(form, "nam").strip()
    return Draft(
        name=name,
        kind=text_field(form, "loai"),
        issuer=issuer,
        unit=text_field(form, "bo_phan"),
        signer=text_field(form, "nguoi_ky"),
        year=int(year) if year.isdigit() and len(year) == 4 else 0,
        school_year=drafts.clean(text_field(form, "nam_hoc")),
        subject=text_field(form, "trich_yeu"),
        recipients=text_fields(form, "noi_nhan"),
        schools_group=bool(text_field(form, "nhom_truong")),
        other_recipients=text_field(form, "noi_nhan_khac"),
        refs=list(dict.fromkeys(text_fields(form, "can_cu"))),
        task_list=text_field(form, "nhiem_vu"),
        excluded=text_fields(form, "bo_muc"),
        paragraphs=text_field(form, "doan_van"),
        cc=text_field(form, "noi_nhan_de_biet"),
    )


def _checked_draft(desk: Desk, draft: Draft, kept: list[str]) -> Draft:
    """*draft* with what the form may only choose among checked against the catalog: the
    signer and unit of the issuer, recipients under it, references and the task list the
    catalog has; *kept* the task items left ticked (the others are excluded)."""
    catalog = desk.catalog
    org = catalog.orgs[draft.issuer]
    seen = catalog.seen_by(org.id)
    if draft.signer not in {s.id for s in org.signers}:
        draft.signer = ""
    if draft.unit not in org.units:
        draft.unit = ""
    children = {c.id for c in catalog.children(org.id)}
    draft.recipients = [r for r in draft.recipients if r in children]
    draft.refs = [r for r in draft.refs if r in catalog.references]
    if draft.task_list not in seen.task_lists:
        draft.task_list = ""
        draft.excluded = []
        return draft
    try:
        year = SchoolYear.parse(draft.school_year) if draft.school_year else None
    except DocgenError:
        year = None
    applies = {
        item.node.id: item.applies for item in drafts.task_tree(seen, draft.task_list, org, year)
    }
    excluded: list[str] = []
    ticked = set(kept)

    def walk(nodes: Any) -> None:
        for node in nodes:
            if not applies.get(node.id, False):
                continue  # the document leaves it out anyway
            if node.id not in ticked:
                excluded.append(node.id)  # its items go with it
            else:
                walk(node.children)

    walk(seen.task_lists[draft.task_list].sections)
    draft.excluded = excluded
    return draft


async def _save(request: Request, issuer: str, name: str, new: bool) -> Response:
    desk = desk_of(request)
    form = await form_of(request)
    draft = _checked_draft(desk, _draft_of(form, issuer, name), text_fields(form, "giu_muc"))
    # what the form does not show (a báo cáo's figures and tables) is kept as the spec it
    # edits, or the one it started from, has it
    source = name if not new else drafts.clean(text_field(form, "tu"))
    if source:
        kept = drafts.from_spec(load_yaml(desk.workspace.existing_spec(issuer, source)))
        draft.data, draft.tables = kept.data, kept.tables
    if text_field(form, "hanh_dong") == "tim":  # the search without JavaScript: show again
        query = drafts.clean(text_field(form, "tim_can_cu"))[:200]
        hits = drafts.search_references(desk.catalog, query)
        return _form_page(
            request, desk, draft, new, hits=hits, query=query, source=source if new else ""
        )
    path = desk.workspace.spec_path(issuer, name) if not drafts.name_problem(name) else None
    try:
        text, _spec = drafts.spec_text(draft, str(path or name))
        await blocking(desk.workspace.save_spec, issuer, name, text, new)
    except DocgenError as exc:
        message = shown_error(desk, exc)
        return _form_page(request, desk, draft, new, 422, message, source=source if new else "")
    return go(f"/van-ban/{issuer}/{name}")


@router.post("/van-ban/moi")
async def create_draft(request: Request) -> Response:
    user = user_of(request)
    desk = desk_of(request)
    form = await form_of(request)
    issuer = desk.workspace.org_id(text_field(form, "don_vi"))
    may_draft_for(user, issuer)
    name = drafts.clean(text_field(form, "ten_tep"))
    return await _save(request, issuer, name, new=True)


@router.get("/van-ban/{org}/{name}/sua")
def edit_draft(request: Request, org: str, name: str) -> Response:
    user = user_of(request)
    desk = desk_of(request)
    org = desk.workspace.org_id(org)
    may_change(desk.catalog, user, org)
    path = desk.workspace.existing_spec(org, name)
    draft = drafts.from_spec(load_yaml(path))
    draft.name, draft.issuer = name, org
    return _form_page(request, desk, draft, new=False)


@router.post("/van-ban/{org}/{name}/sua")
async def save_draft(request: Request, org: str, name: str) -> Response:
    user = user_of(request)
    desk = desk_of(request)
    org = desk.workspace.org_id(org)
    may_change(desk.catalog, user, org)
    desk.workspace.existing_spec(org, name)
    return await _save(request, org, name, new=False)


@router.get("/can-cu")
def search_references(request: Request, q: str = "") -> Response:
    """The references matching *q*, as the part of the form that lists them."""
    user_of(request)
    desk = desk_of(request)
    hits = drafts.search_references(desk.catalog, q)
    return page(request, "_refs.html", hits=hits, query=q[:200])


# -- one document -----------------------------------------------------------------------------


def _document_page(
    request: Request, org: str, name: str, status: int = 200, message: str = ""
) -> Response:
    user = user_of(request)
    desk = desk_of(request)
    path = desk.workspace.existing_spec(org, name)
    made = desk.workspace.made(org, name)
    findings = preview.check(made["docx"]) if "docx" in made else None
    pages = sorted((k for k in made if k.startswith("page-")), key=lambda k: int(k[5:]))
    text = (
        preview.text_preview(made["docx"])
        if "docx" in made and not pages and "pdf" not in made
        else []
    )
    try:
        spec_yaml = desk.workspace.read_spec(path)
    except DocgenError as exc:
        spec_yaml = shown_error(desk, exc)
    deadlines = _deadlines(desk, path) if "docx" in made else []
    return page(
        request,
        "document.html",
        status,
        title=f"Văn bản {name}",
        org=desk.catalog.orgs[org],
        name=name,
        made=made,
        pages=[int(k[5:]) for k in pages],
        text=text,
        findings=findings,
        spec_yaml=spec_yaml,
        deadlines=deadlines,
        spec_file=path.relative_to(desk.workspace.root),
        may_change=user.role in ("chuyen_vien", "lanh_dao"),
        may_issue=user.role == "van_thu" and org in user.orgs,
        libreoffice=preview.has_libreoffice(),
        message=message,
    )


def _deadlines(desk: Desk, path: Path) -> list[tuple[str, Any]]:
    """The deadlines the document states (title, Deadline), as compose computes them."""
    from docgen.catalog.specfile import load_spec
    from docgen.compose.context import build_context
    from docgen.figures import spec_totals

    try:
        spec = load_spec(path)
        ctx = build_context(spec, desk.catalog, spec_totals(spec, desk.catalog))
    except DocgenError:
        return []  # the render said what is wrong
    titles = {m.id: m.title for m in desk.catalog.seen_by(spec.issuer).milestones.values()}
    return [(titles.get(d.milestone, d.milestone), d) for d in ctx.deadlines]


@router.get("/van-ban/{org}/{name}")
def document(request: Request, org: str, name: str) -> Response:
    user = user_of(request)
    desk = desk_of(request)
    org = desk.workspace.org_id(org)
    may_see(desk.catalog, user, org)
    return _document_page(request, org, name)


def render_draft(desk: Desk, org: str, name: str) -> dict[str, Path]:
    """Render the spec into ban-nhap/ORG/NAME.docx, then (LibreOffice there) its PDF and
    page images; returns what was made."""
    from docgen.workflows.render import render_spec

    spec = desk.workspace.existing_spec(org, name)
    out = desk.workspace.folder(DRAFTS, org)
    docx = render_spec(spec, out, desk.catalog)
    desk.workspace.remove_pages(org, name)
    if preview.has_libreoffice():
        pdf = preview.make_pdf(docx)
        preview.page_images(
            pdf, lambda n: desk.workspace.file(DRAFTS, org, name, f".trang-{n}.png"), MAX_PAGES
        )
    return desk.workspace.made(org, name)


@router.post("/van-ban/{org}/{name}/tao")
async def render(request: Request, org: str, name: str) -> Response:
    user = user_of(request)
    desk = desk_of(request)
    org = desk.workspace.org_id(org)
    may_see(desk.catalog, user, org)
    if user.role not in ("chuyen_vien", "lanh_dao", "van_thu"):
        raise Forbidden(f"Vai trò {user.role_name} không tạo văn bản.")
    await form_of(request)
    desk.workspace.existing_spec(org, name)
    try:
        await blocking(render_draft, desk, org, name)
    except DocgenError as exc:
        return _document_page(request, org, name, 422, shown_error(desk, exc))
    return go(f"/van-ban/{org}/{name}#xem-truoc")


MEDIA = {
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("pdf", "application/pdf"),
}


@router.get("/van-ban/{org}/{name}/tep.{kind}")
def download(request: Request, org: str, name: str, kind: str) -> Response:
    user = user_of(request)
    desk = desk_of(request)
    org = desk.workspace.org_id(org)
    may_see(desk.catalog, user, org)
    if kind == "yaml":
        return file_response(desk.workspace.existing_spec(org, name), "text/yaml; charset=utf-8")
    if kind not in MEDIA:
        raise NotFound("không có loại tệp này")
    desk.workspace.existing_spec(org, name)
    made = desk.workspace.made(org, name)
    key, media = MEDIA[kind]
    if key not in made:
        raise NotFound("văn bản chưa được tạo: bấm “Tạo văn bản” trước")
    return file_response(made[key], media)


@router.get("/van-ban/{org}/{name}/trang-{number}.png")
def page_image(request: Request, org: str, name: str, number: int) -> Response:
    user = user_of(request)
    desk = desk_of(request)
    org = desk.workspace.org_id(org)
    may_see(desk.catalog, user, org)
    desk.workspace.existing_spec(org, name)
    made = desk.workspace.made(org, name)
    key = f"page-{number}"
    if key not in made:
        raise NotFound("không có trang này")
    return file_response(made[key], "image/png")
