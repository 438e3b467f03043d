"""Logging in and out."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from docgen.web.app import (
    LoginRequired,
    blocking,
    desk_of,
    form_of,
    go,
    page,
    text_field,
    user_of,
)

router = APIRouter()


@router.get("/")
def home(request: Request) -> Response:
    try:
        user = user_of(request)
    except LoginRequired:
        return go("/dang-nhap")
    return go("/so-lieu" if user.role == "truong" else "/van-ban")


@router.get("/dang-nhap")
def login_page(request: Request) -> Response:
    return page(request, "login.html", title="Đăng nhập")


@router.post("/dang-nhap")
async def login(request: Request) -> Response:
    form = await form_of(request)
    name = text_field(form, "ten")
    password = text_field(form, "mat_khau")
    user = await blocking(desk_of(request).accounts.authenticate, name, password)
    if user is None:
        return page(
            request,
            "login.html",
            401,
            title="Đăng nhập",
            name=name[:80],
            message="Tên đăng nhập hoặc mật khẩu không đúng.",
        )
    request.session.clear()  # a new session (and CSRF token) for the new login
    request.session["user"] = user.name
    return go("/")


@router.post("/dang-xuat")
async def logout(request: Request) -> Response:
    await form_of(request)
    request.session.clear()
    return go("/dang-nhap")
