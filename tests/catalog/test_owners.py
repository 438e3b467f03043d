"""Task lists, milestones and targets belong to an owner: a second province (Quảng Ninh) has
its own `cntt-cds` and `so-ket-hk1` for 2025-2026 beside Quảng Ngãi's, without collision;
each document sees its own owner's and its superiors' entries, the nearest first; a
duplicate is said in the owner's own file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CATALOGS, EXAMPLES
from docxview import paragraphs

from docgen.catalog.catalog import Catalog
from docgen.errors import CatalogError, DocgenError
from docgen.vn.schoolyear import SchoolYear
from docgen.workflows.render import render_spec

YEAR = SchoolYear(2025)

QUANG_NINH_ORGS = """\
orgs:
  - id: sgddt-quang-ninh
    name: Sở Giáo dục và Đào tạo tỉnh Quảng Ninh
    short: Sở GDĐT
    header: [SỞ GIÁO DỤC VÀ ĐÀO TẠO]
    chu_quan: [UBND TỈNH QUẢNG NINH]
    level: so
    parent: bo-gddt
    abbr: SGDĐT
    place: Quảng Ninh
    head_title: Giám đốc
    units: {QLCL: Phòng Quản lý chất lượng}
  - id: ubnd-phuong-ha-long
    name: Ủy ban nhân dân phường Hạ Long
    short: UBND phường Hạ Long
    self_name: Ủy ban nhân dân phường
    header: [ỦY BAN NHÂN DÂN, PHƯỜNG HẠ LONG]
    parent: sgddt-quang-ninh
    level: xa
    abbr: UBND
    place: Hạ Long
    collective: Ủy ban nhân dân
    head_title: Chủ tịch
    units: {VHXH: Phòng Văn hóa - Xã hội}
    signers:
      - {id: pct-ha-long, name: Trần Văn Bình, title: Phó Chủ tịch, role: deputy}
"""

# the same ids as Quảng Ngãi's (catalogs/tasks/cntt-cds-2025-2026.yaml): list, section, item
QUANG_NINH_TASKS = """\
# Quảng Ninh's own task list for 2025-2026
owner: sgddt-quang-ninh
task_lists:
  - id: cntt-cds
    title: Nhiệm vụ chuyển đổi số của tỉnh Quảng Ninh
    sections:
      - id: nv-chung-2025
        title: Nhiệm vụ chung
        years: 2025-2026..
        items:
          - id: nq57
            text: >-
              Triển khai Đề án chuyển đổi số của tỉnh Quảng Ninh và báo cáo sơ kết trước
              {{ deadline("so-ket-hk1") }}.
"""

QUANG_NINH_MILESTONES = """\
owner: sgddt-quang-ninh
milestones:
  - id: so-ket-hk1
    title: Sơ kết học kỳ I (Quảng Ninh)
    school_year: 2025-2026
    deadlines:
      xa: 2026-01-23
"""

SPEC = """\
name: ha-long-2025
kind: cong_van
issuer: ubnd-phuong-ha-long
unit: VHXH
signer: pct-ha-long
year: 2025
school_year: 2025-2026
subject: hướng dẫn thực hiện nhiệm vụ chuyển đổi số năm học {{ year_spaced }}
recipients: [Các đơn vị trường học thuộc UBND phường]
body:
  - text: "{{ issuer.mention }} triển khai nội dung như sau:"
  - tasks: cntt-cds
  - text: "Đề nghị các đơn vị thực hiện./."
"""


def second_province(catalogs: Path) -> Path:
    """Quảng Ninh's organisations, task list and milestones added to a catalog copy."""
    (catalogs / "orgs" / "quang-ninh.yaml").write_text(QUANG_NINH_ORGS, encoding="utf-8")
    (catalogs / "tasks" / "quang-ninh-2025-2026.yaml").write_text(
        QUANG_NINH_TASKS, encoding="utf-8"
    )
    path = catalogs / "milestones" / "quang-ninh-2025-2026.yaml"
    path.write_text(QUANG_NINH_MILESTONES, encoding="utf-8")
    return path


def texts(path: Path) -> list[str]:
    return [p.text for p in paragraphs(path) if p.text.strip()]


def test_two_provinces_have_the_same_ids_without_collision(
    catalog_copy: Path, tmp_path: Path
) -> None:
    second_province(catalog_copy)
    catalog = Catalog.load(catalog_copy)  # no duplicate: ids are unique per owner
    ninh, ngai = catalog.seen_by("ubnd-phuong-ha-long"), catalog.seen_by("ubnd-xa-sa-thay")
    assert ninh.task_list("cntt-cds").owner == "sgddt-quang-ninh"
    assert ngai.task_list("cntt-cds").owner == "sgddt-quang-ngai"
    assert ninh.milestone("so-ket-hk1", YEAR).title == "Sơ kết học kỳ I (Quảng Ninh)"
    assert ngai.milestone("so-ket-hk1", YEAR).title == "Sơ kết học kỳ I"
    # the Bộ's targets are seen by both
    assert ninh.target("qd131-nen-tang") is ngai.target("qd131-nen-tang")

    spec = tmp_path / "ha-long-2025.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    lines = texts(render_spec(spec, tmp_path / "out", catalog))
    assert (
        "1. Triển khai Đề án chuyển đổi số của tỉnh Quảng Ninh và báo cáo sơ kết trước ngày "
        "23 tháng 01 năm 2026." in lines
    )
    assert not any("57-NQ/TW" in line or "Quảng Ngãi" in line for line in lines)
    # Quảng Ngãi's document is what it was without the second province
    ours = texts(render_spec(EXAMPLES / "sa-thay-2025.yaml", tmp_path / "ours", catalog))
    assert ours == texts(render_spec(EXAMPLES / "sa-thay-2025.yaml", tmp_path / "ref", _repo()))


def _repo() -> Catalog:
    return Catalog.load(CATALOGS)


def test_a_duplicate_is_said_in_the_owners_own_file(catalog_copy: Path) -> None:
    path = second_province(catalog_copy)
    text = path.read_text(encoding="utf-8")
    again = text.split("milestones:\n", 1)[1].replace("(Quảng Ninh)", "(again)")
    path.write_text(text + again, encoding="utf-8")
    with pytest.raises(DocgenError) as info:
        Catalog.load(catalog_copy)
    message = str(info.value)
    assert message.startswith(
        f"{path}:8:5: duplicate milestone id 'so-ket-hk1' for 2025-2026 of owner sgddt-quang-ninh "
        f"(first defined at {path}:3:5) — ids must be unique per owner: rename this one in "
        f"{path}"
    )
    assert str(catalog_copy / "milestones" / "2025-2026.yaml") not in message  # Quảng Ngãi's


def test_a_section_twice_in_one_owners_list_is_said_in_its_file(catalog_copy: Path) -> None:
    second_province(catalog_copy)
    extra = catalog_copy / "tasks" / "quang-ninh-more.yaml"
    extra.write_text(
        QUANG_NINH_TASKS.replace("    title: Nhiệm vụ chuyển đổi số của tỉnh Quảng Ninh\n", ""),
        encoding="utf-8",
    )
    with pytest.raises(DocgenError) as info:
        Catalog.load(catalog_copy)
    message = str(info.value)
    assert f"{extra}:6:9: task list 'cntt-cds' has section 'nv-chung-2025' twice" in message
    assert f"rename this one in {extra}" in message
    assert "cntt-cds-2025-2026.yaml" not in message  # never Quảng Ngãi's file


def test_the_nearest_owner_wins(catalog_copy: Path) -> None:
    (catalog_copy / "tasks" / "sa-thay-own.yaml").write_text(
        "owner: ubnd-xa-sa-thay\ntask_lists:\n  - id: cntt-cds\n    sections:\n"
        "      - id: rieng\n        items: [Nhiệm vụ riêng của xã Sa Thầy.]\n",
        encoding="utf-8",
    )
    catalog = Catalog.load(catalog_copy)
    own = catalog.seen_by("ubnd-xa-sa-thay").task_list("cntt-cds")
    assert own.owner == "ubnd-xa-sa-thay" and [s.id for s in own.sections] == ["rieng"]
    school = catalog.seen_by("th-sa-thay").task_list("cntt-cds")  # under the xã: the xã's
    assert school.owner == "ubnd-xa-sa-thay"
    other = catalog.seen_by("ubnd-xa-ngok-bay").task_list("cntt-cds")  # its sibling: the Sở's
    assert other.owner == "sgddt-quang-ngai"


def test_a_province_does_not_see_another_provinces_entries(catalog_copy: Path) -> None:
    second_province(catalog_copy)
    catalog = Catalog.load(catalog_copy)
    with pytest.raises(CatalogError) as info:
        catalog.seen_by("ubnd-phuong-ha-long").milestone("tong-ket", YEAR)
    assert str(info.value) == (
        "milestone 'tong-ket' is not one of ubnd-phuong-ha-long's nor of its superiors' (it "
        "belongs to sgddt-quang-ngai) — add a milestone 'tong-ket' to a catalog file with "
        "'owner: ubnd-phuong-ha-long' at its top"
    )
    # the whole catalog, asked without an organisation, cannot choose between provinces
    with pytest.raises(CatalogError, match="belongs to several owners"):
        catalog.task_list("cntt-cds")
    assert catalog.target("qd131-nen-tang").owner == "bo-gddt"  # one owner: no doubt


def test_an_unknown_owner_is_a_catalog_error_at_its_line(catalog_copy: Path) -> None:
    path = second_province(catalog_copy)
    path.write_text(path.read_text(encoding="utf-8").replace("quang-ninh", "quang-nin"))
    with pytest.raises(DocgenError) as info:
        Catalog.load(catalog_copy)
    assert (
        f"{path}:1:8: owner 'sgddt-quang-nin' is not an organisation of the catalog — did you "
        "mean 'sgddt-quang-ninh'?"
    ) in str(info.value)
    path.write_text("owner: [a, b]\nmilestones: []\n", encoding="utf-8")
    with pytest.raises(DocgenError, match=re.escape(f"{path}:1:8: 'owner' must be the id")):
        Catalog.load(catalog_copy)


def test_an_entry_may_name_its_own_owner(catalog_copy: Path) -> None:
    second_province(catalog_copy)
    (catalog_copy / "milestones" / "mixed.yaml").write_text(
        "milestones:\n"
        "  - {id: hop-tong-ket, owner: sgddt-quang-ninh, title: Họp, school_year: 2025-2026,"
        " deadlines: {xa: 2026-05-20}}\n"
        "  - {id: hop-tong-ket, title: Họp chung, school_year: 2025-2026,"
        " deadlines: {xa: 2026-05-25}}\n",
        encoding="utf-8",
    )
    catalog = Catalog.load(catalog_copy)
    assert catalog.seen_by("ubnd-phuong-ha-long").milestone("hop-tong-ket", YEAR).title == "Họp"
    # without an owner, shared: seen by every other document
    assert catalog.seen_by("ubnd-xa-sa-thay").milestone("hop-tong-ket", YEAR).title == ("Họp chung")


def test_an_unowned_duplicate_says_how_to_give_an_owner(catalog_copy: Path) -> None:
    path = catalog_copy / "milestones" / "shared.yaml"
    path.write_text(
        "milestones:\n"
        "  - {id: m, title: A, school_year: 2025-2026, deadlines: {xa: 2026-05-20}}\n"
        "  - {id: m, title: B, school_year: 2025-2026, deadlines: {xa: 2026-05-21}}\n",
        encoding="utf-8",
    )
    with pytest.raises(DocgenError) as info:
        Catalog.load(catalog_copy)
    assert (
        f"rename this one in {path}, or put 'owner: <organisation id>' at the top of {path}"
    ) in str(info.value)


def test_catalogs_without_owners_keep_working(catalog_copy: Path, tmp_path: Path) -> None:
    for path in catalog_copy.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^owner: .*\n", "", text), encoding="utf-8")
    catalog = Catalog.load(catalog_copy)  # every entry shared, as before owners
    assert not catalog.owner_where
    lines = texts(render_spec(EXAMPLES / "sa-thay-2025.yaml", tmp_path / "a", catalog))
    assert lines == texts(render_spec(EXAMPLES / "sa-thay-2025.yaml", tmp_path / "b", _repo()))
