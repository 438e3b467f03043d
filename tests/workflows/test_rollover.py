"""`docgen rollover`: every example spec rolls over to the next school year and renders; years
and dates move on; superseded references and organisations that no longer exist give way to
their successors; what needs a person is said; nothing is overwritten without --force."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import CATALOGS, EXAMPLES
from docxview import paragraphs

from docgen.catalog.catalog import Catalog
from docgen.catalog.specfile import load_spec
from docgen.cli import main
from docgen.errors import DocgenError
from docgen.vn.schoolyear import SchoolYear
from docgen.workflows.render import render_spec
from docgen.workflows.rollover import decide, move_date, rollover, spec_year
from docgen.workflows.yamledit import (
    AddEntries,
    AddKey,
    AnyEdit,
    DropKey,
    Edit,
    apply_edits,
    outline,
)

SPECS = sorted(EXAMPLES.glob("*.yaml"))


def roll(spec: Path, to: str, out: Path, *extra: str, catalog: Path = CATALOGS) -> Result:
    return CliRunner().invoke(
        main,
        ["rollover", str(spec), "--to", to, "-o", str(out), "--catalog", str(catalog), *extra],
        catch_exceptions=False,
    )


def text_of(path: Path) -> str:
    return "\n".join(p.text for p in paragraphs(path))


def with_proposals(catalog_copy: Path, new_spec: Path) -> Catalog:
    """The catalog after the person copied the proposed milestones into it."""
    proposal = new_spec.with_name(new_spec.stem + ".milestones.yaml")
    if proposal.exists():
        shutil.copy(proposal, catalog_copy / "milestones" / proposal.name)
    return Catalog.load(catalog_copy)


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_every_example_rolls_over_and_renders(
    spec: Path, tmp_path: Path, catalog_copy: Path
) -> None:
    old = spec_year(load_spec(spec))
    new = old.next()
    target = tmp_path / "next" / f"{spec.stem}-next.yaml"
    result = roll(spec, str(new), target)
    assert result.exit_code == 0, result.output
    report = target.with_name(f"{spec.stem}-next.changes.md")
    assert report.read_text(encoding="utf-8") in result.stdout
    assert f"# Rollover {old} → {new}" in result.stdout
    rolled = load_spec(target)
    assert spec_year(rolled) == new
    assert rolled.year in (new.start, new.end)
    original = spec.read_text(encoding="utf-8")
    kept = target.read_text(encoding="utf-8")
    comments = [line for line in original.splitlines() if line.lstrip().startswith("#")]
    assert all(c in kept for c in comments)  # comments survive
    catalog = with_proposals(catalog_copy, target)
    blocking = [
        c.text
        for c in rollover(spec, new, catalog).human
        if "does not exist" in c.text or "has no date for" in c.text
    ]
    if blocking:  # a person must decide first; until then the error says what is missing
        with pytest.raises(DocgenError, match="has no deadline for"):
            render_spec(target, tmp_path / "out", catalog)
        return
    body = text_of(render_spec(target, tmp_path / "out", catalog))
    if rolled.school_year is not None:
        assert new.label() in body or new.label(spaced=True) in body


def test_only_the_values_change(tmp_path: Path) -> None:
    target = tmp_path / "sa-thay-2026.yaml"
    assert roll(EXAMPLES / "sa-thay-2025.yaml", "2026-2027", target).exit_code == 0
    before = (EXAMPLES / "sa-thay-2025.yaml").read_text(encoding="utf-8").splitlines()
    after = target.read_text(encoding="utf-8").splitlines()
    assert after[0].startswith("# Rolled over from sa-thay-2025.yaml (2025-2026 → 2026-2027)")
    changed = [(a, b) for a, b in zip(before, after[1:], strict=True) if a != b]
    assert changed == [
        ("name: sa-thay-2025", "name: sa-thay-2026"),
        (
            "year: 2025                 # unsigned draft: number and day left blank",
            "year: 2026                 # unsigned draft: number and day left blank",
        ),
        ("school_year: 2025-2026", "school_year: 2026-2027"),
    ]


def test_the_report_says_what_needs_a_person(tmp_path: Path) -> None:
    target = tmp_path / "sa-thay-2026.yaml"
    result = roll(EXAMPLES / "sa-thay-2025.yaml", "2026-2027", target)
    out = result.stdout
    assert "## Needs a person (2)" in out
    assert (
        "- [ ] cites Công văn 1491/SGDĐT-QLCLGDCNTT, the guidance of 2025-2026: cite the "
        "guidance of 2026-2027 once it is issued"
    ) in out
    assert "the catalog has no dates for 2026-2027 of so-ket-hk1, tong-ket" in out
    assert "- school year: 2025-2026 → 2026-2027" in out
    assert (
        "- milestone: so-ket-hk1 (truong): 2026-01-10 → 2027-01-08 (2027-01-10 falls on a "
        "weekend: previous working day)"
    ) in out
    assert "task items: cntt-cds: the same" in out
    proposal = (tmp_path / "sa-thay-2026.milestones.yaml").read_text(encoding="utf-8")
    assert "school_year: 2026-2027" in proposal and "truong: 2027-01-08" in proposal
    # the Sở Quảng Ngãi's milestones, proposed as its own (not shared with every province)
    assert proposal.count("    owner: sgddt-quang-ngai\n") == 2
    assert "2 item(s) need a person" in out


def test_dates_move_on_and_the_number_goes(tmp_path: Path) -> None:
    target = tmp_path / "so.yaml"
    result = roll(EXAMPLES / "so-quang-ngai-1491.yaml", "2026-2027", target)
    assert result.exit_code == 0, result.output
    rolled = load_spec(target)
    assert rolled.date == date(2026, 10, 9) and rolled.number is None
    assert rolled.name == "so-quang-ngai-2026"
    assert "number 1491 removed" in result.stdout
    assert "- date: 2025-10-09 → 2026-10-09" in result.stdout


@pytest.mark.parametrize(
    ("day", "years", "policy", "expected"),
    [
        (date(2025, 10, 9), 1, "previous", date(2026, 10, 9)),
        (date(2025, 10, 10), 1, "previous", date(2026, 10, 9)),  # Sat 10/10/2026
        (date(2025, 10, 10), 1, "keep", date(2026, 10, 10)),
        (date(2026, 2, 6), 1, "previous", date(2027, 2, 3)),  # Tết 2027: 04–10/02
        (date(2024, 2, 29), 1, "previous", date(2025, 2, 28)),
        (date(2025, 9, 2), 1, "previous", date(2026, 8, 28)),  # Quốc khánh, 31/8–02/9/2026 off
    ],
)
def test_move_date(day: date, years: int, policy: str, expected: date) -> None:
    assert move_date(day, years, policy)[0] == expected


def test_no_human_decision_renders_without_edits(tmp_path: Path, catalog_copy: Path) -> None:
    first = tmp_path / "first" / "so.yaml"
    assert roll(EXAMPLES / "so-quang-ngai-1491.yaml", "2026-2027", first).exit_code == 0
    catalog = with_proposals(catalog_copy, first)  # the next year's dates are now known
    target = tmp_path / "so-2026.yaml"
    result = roll(EXAMPLES / "so-quang-ngai-1491.yaml", "2026-2027", target, catalog=catalog_copy)
    assert result.exit_code == 0, result.output
    assert "## Needs a person: nothing" in result.stdout
    assert not target.with_name("so-2026.milestones.yaml").exists()
    body = text_of(render_spec(target, tmp_path / "out", catalog))
    assert "năm học 2026 - 2027" in body and "ngày 20 tháng 01 năm 2027" in body


def test_a_superseded_reference_in_a_task_item_is_cited_as_its_successor(
    tmp_path: Path, catalog_copy: Path
) -> None:
    target = tmp_path / "kon-tum-2023.yaml"
    result = roll(EXAMPLES / "kon-tum-2022.yaml", "2023-2024", target)
    assert result.exit_code == 0, result.output
    assert (
        "cites Thông tư 24/2018/TT-BGDĐT, superseded: the new spec cites Thông tư "
        "25/2024/TT-BGDĐT instead (cite_instead)"
    ) in result.stdout
    assert load_spec(target).cite_instead == {"24/2018/TT-BGDĐT": "25/2024/TT-BGDĐT"}
    body = text_of(render_spec(target, tmp_path / "out", with_proposals(catalog_copy, target)))
    assert (
        "Thông tư số 25/2024/TT-BGDĐT ngày 24/12/2024 của Bộ Giáo dục và Đào tạo quy định "
        "chế độ báo cáo thống kê ngành giáo dục"
    ) in body
    assert "24/2018" not in body


def test_a_superseded_reference_in_the_spec_text_is_rewritten(tmp_path: Path) -> None:
    spec = tmp_path / "tk.yaml"
    text = (EXAMPLES / "sa-thay-2025.yaml").read_text(encoding="utf-8")
    spec.write_text(
        text.replace(
            "  - tasks: cntt-cds\n",
            '  - text: Báo cáo thống kê theo {{ cite("24/2018/TT-BGDĐT", "long") }}.\n'
            "  - tasks: cntt-cds\n",
        ),
        encoding="utf-8",
    )
    target = tmp_path / "tk-next.yaml"
    result = roll(spec, "2026-2027", target)
    assert result.exit_code == 0, result.output
    assert '{{ cite("25/2024/TT-BGDĐT", "long") }}' in target.read_text(encoding="utf-8")
    assert (
        "Thông tư 24/2018/TT-BGDĐT is superseded: the text now cites Thông tư 25/2024/TT-BGDĐT"
    ) in result.stdout


def test_an_expired_reference_needs_a_person(tmp_path: Path, catalog_copy: Path) -> None:
    refs = catalog_copy / "references" / "central.yaml"
    refs.write_text(
        refs.read_text(encoding="utf-8").replace(
            "subject: hướng dẫn triển khai mô hình ứng dụng CNTT trong trường phổ thông\n",
            "subject: hướng dẫn triển khai mô hình ứng dụng CNTT trong trường phổ thông\n"
            "    status: expired\n",
        ),
        encoding="utf-8",
    )
    spec = tmp_path / "x.yaml"
    spec.write_text(
        (EXAMPLES / "sa-thay-2025.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "  - tasks: cntt-cds\n",
            '  - text: Theo {{ cite("5807/BGDĐT-CNTT") }}.\n  - tasks: cntt-cds\n',
        ),
        encoding="utf-8",
    )
    result = roll(spec, "2026-2027", tmp_path / "x-next.yaml", catalog=catalog_copy)
    assert result.exit_code == 0, result.output
    assert (
        "- [ ] cites Công văn 5807/BGDĐT-CNTT, which has expired: remove or replace the "
        f"citation ({spec}:"
    ) in result.stdout


def test_an_organisation_that_no_longer_exists_gives_way_to_its_successor(
    tmp_path: Path, catalog_copy: Path
) -> None:
    target = tmp_path / "kon-tum-2025.yaml"
    result = roll(EXAMPLES / "kon-tum-2022.yaml", "2025-2026", target)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert (
        "sgddt-kon-tum (Sở Giáo dục và Đào tạo tỉnh Kon Tum) ended on 2025-06-30: replaced "
        "by its successor sgddt-quang-ngai"
    ) in out
    assert (
        "- [ ] 'nguyen-trong-thang' does not sign for sgddt-quang-ngai: put 'pgd-sgddt-qngai'"
    ) in out
    assert "dropped to-chuc-thuc-hien-so-2022" in out and "added nv-chung-2025" in out
    rolled = load_spec(target)
    assert (rolled.issuer, rolled.signer.id) == ("sgddt-quang-ngai", "pgd-sgddt-qngai")
    body = text_of(render_spec(target, tmp_path / "out", with_proposals(catalog_copy, target)))
    assert "SỞ GIÁO DỤC VÀ ĐÀO TẠO" in body and "Nguyễn Văn Ngọc" in body


def test_the_district_office_gives_way_to_the_commune(tmp_path: Path, catalog_copy: Path) -> None:
    spec = tmp_path / "pgd-2024.yaml"
    spec.write_text(
        "# a plan of the former Phòng GDĐT Sa Thầy\n"
        "kind: ke_hoach\nissuer: pgddt-sa-thay\nsigner: {name: Nguyễn Văn A, title: Trưởng "
        "phòng}\nschool_year: 2024-2025\nsubject: Kế hoạch năm học {{ year }}\nbody:\n"
        "  - text: Nội dung năm học {{ year }}./.\n",
        encoding="utf-8",
    )
    target = tmp_path / "pgd-2025.yaml"
    result = roll(spec, "2025-2026", target)
    assert result.exit_code == 0, result.output
    assert (
        "Phòng GDĐT huyện Sa Thầy (pgddt-sa-thay) was dissolved on 2025-06-30; its "
        "successor is UBND xã Sa Thầy (Phòng Văn hóa - Xã hội, unit VHXH): issuer → "
        "ubnd-xa-sa-thay, drafting unit VHXH"
    ) in result.stdout
    assert (
        "- [ ] Nguyễn Văn A (Trưởng phòng) signed for pgddt-sa-thay: check that they sign "
        "for ubnd-xa-sa-thay"
    ) in result.stdout
    rolled = load_spec(target)  # a kế hoạch: its drafting unit is in the Lưu line
    assert (rolled.issuer, rolled.unit, rolled.luu) == ("ubnd-xa-sa-thay", "", ("VHXH",))
    body = text_of(render_spec(target, tmp_path / "out", Catalog.load(catalog_copy)))
    assert "XÃ SA THẦY" in body and "năm học 2025-2026" in body and "Lưu: VT, VHXH." in body


def test_listed_sections_of_last_year_need_a_person(tmp_path: Path) -> None:
    result = roll(EXAMPLES / "hai-phong-2024.yaml", "2025-2026", tmp_path / "hp.yaml")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "dropped muc-dich-2024 “Mục đích, yêu cầu” (years 2024-2025)" in out
    assert (
        "- [ ] the body lists sections muc-dich-2024, doi-tuong-2024, nv-trong-tam-2024, "
        "giai-phap-2024, to-chuc-thuc-hien-2024, which do not apply in 2025-2026"
    ) in out
    assert "pgddt-vinh-bao (Phòng Giáo dục và Đào tạo huyện Vĩnh Bảo) does not exist" in out
    entry = CATALOGS / "orgs" / "hai-phong.yaml"
    line = entry.read_text(encoding="utf-8").splitlines().index("  - id: pgddt-vinh-bao") + 1
    assert (
        "the catalog names no successor: decide which UBND xã, phường, đặc khu took over its "
        "duties (and writes or receives this now), then add 'successor: <its id>' and "
        "'successor_unit: VHXH' (its Phòng Văn hóa - Xã hội) to its catalog entry "
        f"({entry}:{line}:5) and roll over again"
    ) in out
    assert "Phụ lục 'cntt-cds-2024-2025' is the schedule of 2024-2025" in out


def test_nothing_is_overwritten_without_force(tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    assert roll(EXAMPLES / "sa-thay-2025.yaml", "2026-2027", target).exit_code == 0
    first = target.read_bytes()
    target.with_name("new.changes.md").write_text("my notes", encoding="utf-8")
    result = roll(EXAMPLES / "sa-thay-2025.yaml", "2027-2028", target)
    assert result.exit_code == 1 and "already exists" in result.output
    assert "--force" in result.output and "Traceback" not in result.output
    assert target.read_bytes() == first
    assert target.with_name("new.changes.md").read_text(encoding="utf-8") == "my notes"
    assert roll(EXAMPLES / "sa-thay-2025.yaml", "2027-2028", target, "--force").exit_code == 0
    assert load_spec(target).school_year == SchoolYear(2027)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "new.changes.md",
        "new.milestones.yaml",
        "new.yaml",
    ]  # no temporary files left


def test_mistakes(tmp_path: Path) -> None:
    result = roll(EXAMPLES / "sa-thay-2025.yaml", "2025-2026", tmp_path / "n.yaml")
    assert result.exit_code == 1
    assert "2025-2026 is not after the spec's school year 2025-2026" in result.output
    assert "sa-thay-2025.yaml:12:14" in result.output
    result = roll(EXAMPLES / "sa-thay-2025.yaml", "2026-2028", tmp_path / "n.yaml")
    assert result.exit_code == 2 and "must span two consecutive years" in result.output
    result = roll(tmp_path / "missing.yaml", "2026-2027", tmp_path / "n.yaml")
    assert result.exit_code == 1 and "missing.yaml: file not found" in result.output
    assert not list(tmp_path.iterdir())


def test_library_call_writes_nothing(tmp_path: Path, catalog: Catalog) -> None:
    result = rollover(EXAMPLES / "sa-thay-2025.yaml", SchoolYear(2026), catalog)
    assert "school_year: 2026-2027" in result.text
    assert [c.topic for c in result.human] == ["reference", "milestone"]
    assert not list(tmp_path.iterdir())


def test_the_decision_is_data_and_the_yaml_editing_makes_it() -> None:
    """decide() answers with edits and changes only; yamledit makes the edits in the text,
    and that is the rolled-over spec."""
    spec_path = EXAMPLES / "sa-thay-2025.yaml"
    catalog = Catalog.load(CATALOGS)
    text = spec_path.read_text(encoding="utf-8")
    to = SchoolYear(2026)
    decision = decide(load_spec(spec_path), outline(text, str(spec_path)), catalog, to)
    assert decision.text == "" and decision.changes
    for edit in decision.edits:  # plain data: frozen, no YAML nodes
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(edit, dataclasses.fields(edit)[0].name, "changed")
    school_year = next(
        e for e in decision.edits if isinstance(e, Edit) and e.reason == "school year"
    )
    assert (school_year.old, school_year.new) == ("2025-2026", "2026-2027")
    assert school_year.where.file == str(spec_path) and school_year.where.line
    rolled = rollover(spec_path, to, catalog).text
    assert apply_edits(text, str(spec_path), decision.edits) == rolled


def test_yaml_edits_keep_the_layout() -> None:
    text = (
        '# a comment\nname: "x-2025"   # why\nnumber: 12\nkeys:\n  "a": "b"\n'
        "text: Năm học 2025-2026, năm học 2025-2026.\n"
    )
    view = outline(text, "s.yaml")
    assert view.text("name") == "x-2025" and view.top["keys"].block
    assert [v.key for v in view.scalars["keys"]] == ["a"]
    edits: list[AnyEdit] = [
        Edit(view.top["name"].where, "x-2025", "x-2026", "name"),
        Edit(view.top["text"].where, "2025-2026", "2026-2027", "school year", part=True),
        DropKey("number", "number"),
        AddKey("unit", "VHXH", "name", "the unit"),
        AddEntries("keys", (("c", "d"),), ("more keys",)),
        AddEntries("other", (("e", "f"),), ("a new mapping", "of two lines")),
    ]
    assert apply_edits(text, "s.yaml", edits) == (
        '# a comment\nname: "x-2026"   # why\nkeys:\n  "a": "b"\n  "c": "d"\n'
        "text: Năm học 2026-2027, năm học 2026-2027.\n"
        "# docgen rollover: the unit\nunit: VHXH\n"
        '# docgen rollover: a new mapping\n# of two lines\nother:\n  "e": "f"\n'
    )
