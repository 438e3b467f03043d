"""Who may do what on the desk. Every route asks one of these before it reads or writes.

- a user sees the documents and figures of their own organisations and of every unit below
  them (a xã sees its schools'), and nobody else's;
- a chuyên viên or lãnh đạo drafts and changes those documents; the drafting organisation of a
  new one is one of the user's own;
- a văn thư issues the documents of their own organisations and keeps their register;
- a trường sends the figures of its own school.
"""

from __future__ import annotations

from docgen.catalog.catalog import Catalog
from docgen.web.accounts import User
from docgen.web.drafts import below

DRAFTERS = ("chuyen_vien", "lanh_dao")
ISSUERS = ("van_thu",)
REGISTER_READERS = ("van_thu", "lanh_dao")
REPORTERS = ("truong",)


class Forbidden(Exception):
    """The user may not do this; the message says why, in Vietnamese."""


def visible_orgs(catalog: Catalog, user: User) -> list[str]:
    """The user's organisations and every one below them, in catalog order of discovery."""
    seen: list[str] = []
    for org_id in user.orgs:
        if org_id not in catalog.orgs:
            continue
        for found in [org_id, *(o.id for o in below(catalog, org_id))]:
            if found not in seen:
                seen.append(found)
    return seen


def may_see(catalog: Catalog, user: User, org: str) -> None:
    if org not in visible_orgs(catalog, user):
        raise Forbidden("Bạn không xem được văn bản, số liệu của đơn vị này.")


def may_change(catalog: Catalog, user: User, org: str) -> None:
    may_see(catalog, user, org)
    if user.role not in DRAFTERS:
        raise Forbidden(f"Vai trò {user.role_name} không soạn, sửa văn bản.")


def may_draft_for(user: User, org: str) -> None:
    """A new document's issuing organisation is one of the user's own."""
    if user.role not in DRAFTERS:
        raise Forbidden(f"Vai trò {user.role_name} không soạn văn bản.")
    if org not in user.orgs:
        raise Forbidden("Chỉ soạn văn bản của đơn vị mình.")


def may_issue(user: User, org: str) -> None:
    if user.role not in ISSUERS:
        raise Forbidden("Chỉ văn thư ban hành văn bản.")
    if org not in user.orgs:
        raise Forbidden("Văn thư chỉ ban hành văn bản của đơn vị mình.")


def may_read_register(user: User, org: str) -> None:
    if user.role not in REGISTER_READERS or org not in user.orgs:
        raise Forbidden("Chỉ văn thư, lãnh đạo của đơn vị xem sổ đăng ký văn bản đi.")


def may_report(user: User, school: str) -> None:
    if user.role not in REPORTERS or school not in user.orgs:
        raise Forbidden("Chỉ tài khoản của chính trường đó gửi số liệu của trường.")
