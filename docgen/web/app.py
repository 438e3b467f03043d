"""The clerk's desk: `docgen serve`'s ASGI application (FastAPI, pages rendered by Jinja).

Routes parse what the browser sent, ask :mod:`docgen.web.permissions`, call the library
(workflows, check, register) and render a page; none of them builds a path from a form
value (see :mod:`docgen.web.workspace`). Every form carries the session's CSRF token and
every POST checks it; the session is a cookie signed with the workspace's secret.
"""

from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from docgen.catalog.catalog import Catalog
from docgen.errors import DocgenError
from docgen.vn.dates import long_date
from docgen.web.accounts import USERS_FILE, Accounts, User
from docgen.web.drafts import plain
from docgen.web.permissions import Forbidden
from docgen.web.workspace import NotFound, Workspace

HERE = Path(__file__).resolve().parent
SECRET_FILE = ".docgen-web-secret"
#: hours a login lasts
SESSION_HOURS = 10
#: a form's fields, files and bytes, at most
MAX_FIELDS = 1000
MAX_UPLOAD = 2 * 1024 * 1024


class LoginRequired(Exception):
    """No one is logged in."""


class BadForm(Exception):
    """A POST without the session's CSRF token, or too large."""


@dataclass
class Desk:
    """What every request needs: the workspace, its catalog, the accounts, the register."""

    workspace: Workspace
    accounts: Accounts
    register: str
    pages: Jinja2Templates
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def catalog(self) -> Catalog:
        return self.workspace.catalog


def workspace_secret(root: Path) -> str:
    """The key sessions are signed with: $DOCGEN_WEB_SECRET, else a random key kept in the
    workspace (made on first start, readable by its owner only)."""
    if os.environ.get("DOCGEN_WEB_SECRET"):
        return os.environ["DOCGEN_WEB_SECRET"]
    path = root / SECRET_FILE
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key + "\n")
    return key


def create_app(
    workspace: Path, register_url: str | None = None, catalog_dir: Path | None = None
) -> FastAPI:
    """The desk of *workspace* (its catalogs: *catalog_dir*, default WORKSPACE/catalogs),
    issuing into the register *register_url* (default WORKSPACE/register.sqlite)."""
    root = Path(workspace)
    root.mkdir(parents=True, exist_ok=True)
    catalog = Catalog.load(catalog_dir or root / "catalogs")
    pages = Jinja2Templates(directory=str(HERE / "templates"))
    pages.env.filters["long_date"] = long_date
    pages.env.filters["plain"] = plain
    desk = Desk(
        workspace=Workspace(root, catalog),
        accounts=Accounts(root / USERS_FILE),
        register=register_url or str(root / "register.sqlite"),
        pages=pages,
    )
    app = FastAPI(title="docgen", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.desk = desk
    app.add_middleware(
        SessionMiddleware,
        secret_key=workspace_secret(root),
        session_cookie="docgen_phien",
        max_age=SESSION_HOURS * 3600,
        same_site="strict",
        https_only=False,
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _handlers(app)

    from docgen.web import (
        routes_cascade,
        routes_documents,
        routes_figures,
        routes_login,
        routes_register,
    )

    modules = (routes_login, routes_documents, routes_register, routes_figures, routes_cascade)
    for module in modules:
        app.include_router(module.router)
    return app


# -- what every route uses ------------------------------------------------------------------


def desk_of(request: Request) -> Desk:
    desk: Desk = request.app.state.desk
    return desk


def user_of(request: Request) -> User:
    """The logged-in user (a LoginRequired if none, or if the account is gone)."""
    name = request.session.get("user")
    if not isinstance(name, str):
        raise LoginRequired()
    user = desk_of(request).accounts.get(name)
    if user is None:
        request.session.clear()
        raise LoginRequired()
    return user


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


async def form_of(request: Request, files: int = 0) -> FormData:
    """The POSTed form (with at most *files* files: close it when done), once its CSRF
    token is the session's (a BadForm otherwise)."""
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_UPLOAD + 64 * 1024:
        raise BadForm("Tệp gửi lên quá lớn (tối đa 2 MB).")
    try:
        form = await request.form(max_files=files, max_fields=MAX_FIELDS, max_part_size=MAX_UPLOAD)
    except HTTPException as exc:  # too many files or fields, a part too large
        raise BadForm(f"Biểu mẫu không hợp lệ ({exc.detail}).") from None
    sent = form.get("csrf")
    expected = request.session.get("csrf")
    if (
        not isinstance(sent, str)
        or not isinstance(expected, str)
        or not hmac.compare_digest(sent, expected)
    ):
        await form.close()
        raise BadForm("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; hãy tải lại trang.")
    return form


def text_field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def text_fields(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str)]


def upload_field(form: FormData, name: str) -> UploadFile | None:
    value = form.get(name)
    return value if isinstance(value, UploadFile) else None


def page(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    """*template* rendered with the user (if any), the CSRF token and *values*."""
    desk = desk_of(request)
    try:
        user: User | None = user_of(request)
    except LoginRequired:
        user = None
    context = {
        "request": request,
        "user": user,
        "csrf": csrf_token(request),
        "catalog": desk.catalog,
        "today": date.today(),
        **values,
    }
    return desk.pages.TemplateResponse(request, template, context, status_code=status)


def shown_error(desk: Desk, exc: DocgenError) -> str:
    """A library error as the page shows it: workspace paths made relative."""
    return str(exc).replace(f"{desk.workspace.root}{os.sep}", "")


def go(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _handlers(app: FastAPI) -> None:
    def handler(
        kind: type[Exception],
    ) -> Callable[[Callable[[Request, Any], Response]], Callable[..., Awaitable[Response]]]:
        def register(
            fn: Callable[[Request, Any], Response],
        ) -> Callable[..., Awaitable[Response]]:
            async def wrapped(request: Request, exc: Exception) -> Response:
                return fn(request, exc)

            app.add_exception_handler(kind, wrapped)
            return wrapped

        return register

    @handler(LoginRequired)
    def _login(request: Request, _exc: LoginRequired) -> Response:
        return go("/dang-nhap")

    @handler(Forbidden)
    def _forbidden(request: Request, exc: Forbidden) -> Response:
        return page(request, "error.html", 403, title="Không được phép", message=str(exc))

    @handler(NotFound)
    def _not_found(request: Request, exc: NotFound) -> Response:
        return page(request, "error.html", 404, title="Không tìm thấy", message=exc.message)

    @handler(BadForm)
    def _bad_form(request: Request, exc: BadForm) -> Response:
        return page(request, "error.html", 400, title="Biểu mẫu không hợp lệ", message=str(exc))


async def blocking(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run *fn* (which reads or writes files) on the thread pool."""
    return await run_in_threadpool(fn, *args, **kwargs)


def file_response(path: Path, media_type: str) -> FileResponse:
    return FileResponse(path, media_type=media_type, filename=path.name)
