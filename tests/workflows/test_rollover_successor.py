"""`docgen rollover` across the 2025 reform: a document of a dissolved Phòng GDĐT is written
by the unit of the UBND xã that took over its duties (``successor_unit``), and the dissolved
``phong`` level gets no proposed milestone dates in the years after it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import CATALOGS, EXAMPLES
from docxview import paragraphs

from docgen.catalog.catalog import Catalog
from docgen.catalog.specfile import load_spec
from docgen.cli import main
from docgen.errors import CatalogError
from docgen.vn.schoolyear import SchoolYear
from docgen.workflows.render import render_spec
from docgen.workflows.rollover import rollover

CONG_VAN = """\
# a letter of the former Phòng GDĐT Sa Thầy
kind: cong_van
issuer: pgddt-sa-thay
{unit}signer: {{name: Nguyễn Văn A, title: Trưởng phòng}}
school_year: 2024-2025
subject: triển khai nhiệm vụ năm học {{{{ year }}}}
recipients:
  - Các trường học trên địa bàn
body:
  - text: Nội dung năm học {{{{ year }}}}./.
"""
NOTE = (
    "Phòng GDĐT huyện Sa Thầy (pgddt-sa-thay) was dissolved on 2025-06-30; its successor is "
    "UBND xã Sa Thầy (Phòng Văn hóa - Xã hội, unit VHXH)"
)


def roll(spec: Path, to: str, out: Path, catalog: Path = CATALOGS) -> Result:
    return CliRunner().invoke(
        main,
        ["rollover", str(spec), "--to", to, "-o", str(out), "--catalog", str(catalog)],
        catch_exceptions=False,
    )


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_letter_of_the_dissolved_phong_is_drafted_by_the_communes_vhxh(
    tmp_path: Path, catalog: Catalog
) -> None:
    spec = write(tmp_path / "pgd-2024.yaml", CONG_VAN.format(unit=""))
    target = tmp_path / "pgd-2025.yaml"
    result = roll(spec, "2025-2026", target)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"- organisation: {NOTE}: issuer → ubnd-xa-sa-thay, drafting unit VHXH" in out
    assert (
        "- unit: unit: VHXH added (Phòng Văn hóa - Xã hội of ubnd-xa-sa-thay, which took "
        "over from pgddt-sa-thay)"
    ) in out
    text = target.read_text(encoding="utf-8")
    assert "issuer: ubnd-xa-sa-thay\nunit: VHXH\nsigner:" in text  # next to the issuer
    rolled = load_spec(target)
    assert (rolled.issuer, rolled.unit) == ("ubnd-xa-sa-thay", "VHXH")
    body = [p.text for p in paragraphs(render_spec(target, tmp_path / "out", catalog))]
    assert "Số:      /UBND-VHXH" in body
    assert "- Lưu: VT, VHXH." in body


def test_the_old_unit_gives_way_and_comments_stay(tmp_path: Path) -> None:
    spec = write(
        tmp_path / "pgd-2024.yaml", CONG_VAN.format(unit="unit: GDTH   # tổ Giáo dục tiểu học\n")
    )
    target = tmp_path / "pgd-2025.yaml"
    result = roll(spec, "2025-2026", target)
    assert result.exit_code == 0, result.output
    assert "unit: VHXH   # tổ Giáo dục tiểu học\n" in target.read_text(encoding="utf-8")
    assert "- unit: GDTH → VHXH (Phòng Văn hóa - Xã hội of ubnd-xa-sa-thay" in result.stdout
    assert "has no unit" not in result.stdout  # the old unit is not asked of the successor


def test_a_comment_on_the_issuer_line_stays_on_it(tmp_path: Path) -> None:
    spec = write(
        tmp_path / "pgd-2024.yaml",
        CONG_VAN.format(unit="").replace(
            "issuer: pgddt-sa-thay\n", "issuer: pgddt-sa-thay   # the district office\n"
        ),
    )
    target = tmp_path / "pgd-2025.yaml"
    assert roll(spec, "2025-2026", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "issuer: ubnd-xa-sa-thay   # the district office\nsigner:" in text
    assert text.endswith(
        "# docgen rollover: Phòng Văn hóa - Xã hội of ubnd-xa-sa-thay, which "
        "took over from pgddt-sa-thay\nunit: VHXH\n"
    )
    assert load_spec(target).unit == "VHXH"


def test_a_recipient_that_was_dissolved_names_the_unit_too(tmp_path: Path) -> None:
    spec = write(
        tmp_path / "so-2024.yaml",
        """\
kind: cong_van
issuer: sgddt-quang-ngai
unit: VP
signer: pgd-sgddt-qngai
school_year: 2024-2025
subject: triển khai nhiệm vụ
recipients:
  - pgddt-sa-thay
body:
  - text: Nội dung./.
""",
    )
    target = tmp_path / "so-2025.yaml"
    result = roll(spec, "2025-2026", target)
    assert result.exit_code == 0, result.output
    assert f"{NOTE}: replaced by ubnd-xa-sa-thay ({spec}:8:5)" in result.stdout
    rolled = load_spec(target)
    assert (rolled.recipients, rolled.unit) == (("ubnd-xa-sa-thay",), "VP")


def test_a_successor_unit_the_successor_lacks_is_a_catalog_error(
    tmp_path: Path, catalog_copy: Path
) -> None:
    orgs = catalog_copy / "orgs" / "kon-tum.yaml"
    text = orgs.read_text(encoding="utf-8")
    orgs.write_text(text.replace("successor_unit: VHXH", "successor_unit: VHX"), encoding="utf-8")
    line = text.splitlines().index("  - id: pgddt-sa-thay") + 1
    with pytest.raises(CatalogError) as info:  # before any rollover: the catalog is wrong
        Catalog.load(catalog_copy)
    assert str(info.value).startswith(
        f"{orgs}:{line}:5: successor_unit 'VHX' of organisation 'pgddt-sa-thay' is not a unit "
        "of its successor 'ubnd-xa-sa-thay'"
    )
    assert "units of ubnd-xa-sa-thay: VP, VHXH" in str(info.value)


def quang_ngai_before_the_reform(catalogs: Path) -> Catalog:
    """The catalogs with milestones of the Sở GDĐT Quảng Ngãi's own of a year when its Phòng
    GDĐT still existed (Kon Tum's, before the merger, are not the Sở Quảng Ngãi's: its
    documents do not see them)."""
    (catalogs / "milestones" / "quang-ngai-2022-2023.yaml").write_text(
        "owner: sgddt-quang-ngai\nmilestones:\n"
        "  - {id: van-ban-trien-khai, title: Văn bản chỉ đạo, school_year: 2022-2023,\n"
        "     deadlines: {phong: 2022-09-26}}\n"
        "  - {id: so-ket-hk1, title: Sơ kết học kỳ I, school_year: 2022-2023,\n"
        "     deadlines: {phong: 2023-01-10}}\n"
        "  - {id: tong-ket, title: Tổng kết năm học, school_year: 2022-2023,\n"
        "     deadlines: {phong: 2023-06-10}}\n",
        encoding="utf-8",
    )
    return Catalog.load(catalogs)


def test_proposed_milestones_leave_out_the_dissolved_level(catalog_copy: Path) -> None:
    catalog = quang_ngai_before_the_reform(catalog_copy)
    result = rollover(EXAMPLES / "sa-thay-2025.yaml", SchoolYear(2026), catalog)
    assert [m.id for m in result.milestones] == ["so-ket-hk1", "tong-ket"]
    assert all("phong" not in m.deadlines for m in result.milestones)
    assert [sorted(m.deadlines) for m in result.milestones] == [["truong", "xa"]] * 2
    done = [c.text for c in result.done]
    assert (
        "tong-ket (phong): 2023-06-10 not rolled over: the level 'phong' (Phòng GDĐT (cấp "
        "huyện, đến 30/6/2025)) has no organisation in 2026-2027 (the last ended on "
        "2025-06-30)"
    ) in done
    assert not any("→ 2027-06-10" in t and "(phong)" in t for t in done)
    assert "none for phong (no longer exists)" in result.human[-1].text
    proposal = result.milestones_yaml()
    assert "# No dates for 'phong': the level 'phong'" in proposal
    assert "phong:" not in proposal


def test_a_level_that_still_exists_keeps_its_dates(catalog: Catalog) -> None:
    result = rollover(EXAMPLES / "kon-tum-2022.yaml", SchoolYear(2023), catalog)
    assert result.milestones and all("phong" in m.deadlines for m in result.milestones)
    assert not result.skipped_levels
    assert "No dates for" not in result.milestones_yaml()


def test_a_milestone_only_the_dissolved_level_had_needs_a_person(
    tmp_path: Path, catalog_copy: Path
) -> None:
    catalog = quang_ngai_before_the_reform(catalog_copy)
    spec = write(
        tmp_path / "so.yaml",
        """\
kind: cong_van
issuer: sgddt-quang-ngai
unit: VP
signer: pgd-sgddt-qngai
school_year: 2025-2026
subject: triển khai nhiệm vụ
body:
  - text: Báo cáo trước {{ deadline("van-ban-trien-khai", "below") }}./.
""",
    )
    result = rollover(spec, SchoolYear(2026), catalog)
    assert not result.milestones and result.milestones_yaml() == ""
    assert any(
        c.text.startswith(
            "milestone 'van-ban-trien-khai' has dates only for levels that "
            "no longer exist (phong): add its 2026-2027 dates"
        )
        for c in result.human
    )
