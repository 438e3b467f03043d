"""Fixtures of the desk's tests: one workspace with its accounts and a rendered draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI

from docgen.web.app import create_app
from web.webdesk import CATALOGS, add_users, client_of, draft_form


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("desk")
    add_users(root)
    return root


@pytest.fixture(scope="module")
def app(workspace: Path) -> FastAPI:
    return create_app(workspace, None, CATALOGS)


@pytest.fixture(scope="module")
def rendered(app: FastAPI) -> str:
    """The name of a draft of UBND xã Sa Thầy, saved and rendered through the page."""
    clerk = client_of(app, "cv.sathay")
    answer = clerk.post("/van-ban/moi", draft_form("cv-thu"))
    assert answer.status_code == 303, answer.text
    answer = clerk.post("/van-ban/ubnd-xa-sa-thay/cv-thu/tao")
    assert answer.status_code == 303, answer.text
    return "cv-thu"
