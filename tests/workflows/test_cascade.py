"""`docgen cascade`: the Sở's guidance 1491/SGDĐT-QLCLGDCNTT derived down to the xã and
their schools — one real .docx per organisation, read back; the manifest and the calendar
parsed back; the UBND xã Sa Thầy's document equal to examples/sa-thay-2025.yaml's."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import CATALOGS, EXAMPLES
from docxview import paragraphs, part_xml
from icalendar import Calendar

from docgen.catalog.catalog import Catalog
from docgen.catalog.specfile import load_spec
from docgen.cli import main
from docgen.errors import ErrorList
from docgen.model.spec import BodyBlock, DocumentSpec
from docgen.workflows.cascade import derive_spec, plan_cascade
from docgen.workflows.render import render_spec

ROOT_SPEC = EXAMPLES / "so-quang-ngai-1491.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SA_THAY_SCHOOLS = ("mn-nhu-y", "mn-sa-thay", "th-sa-thay", "thcs-sa-thay")


def cascade(*args: str, catalog: Path = CATALOGS) -> Result:
    return CliRunner().invoke(
        main, ["cascade", *args, "--catalog", str(catalog)], catch_exceptions=False
    )


def texts(path: Path) -> list[str]:
    return [p.text for p in paragraphs(path) if p.text.strip()]


def footnotes(path: Path) -> list[str]:
    notes = part_xml(path, "word/footnotes.xml")
    return [
        "".join(t.text or "" for t in note.iter(f"{W}t"))
        for note in notes.iter(f"{W}footnote")
        if int(note.get(f"{W}id", "0")) > 0
    ]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cascade of the example, down to the schools, with its calendar."""
    folder = tmp_path_factory.mktemp("cascade")
    result = cascade(
        str(ROOT_SPEC),
        "--down-to",
        "truong",
        "-o",
        str(folder),
        "--ics",
        str(folder / "deadlines.ics"),
    )
    assert result.exit_code == 0, result.output
    return folder


def descendants(catalog: Catalog, org_id: str, day: date) -> list[str]:
    found = []
    for org in catalog.orgs.values():
        if org.parent == org_id and org.exists_on(day):
            found += [org.id, *descendants(catalog, org.id, day)]
    return found


# -- what is written -----------------------------------------------------------------------


def test_one_document_per_organisation_in_a_folder_per_level(out: Path, catalog: Catalog) -> None:
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.docx"))
    orgs = ["sgddt-quang-ngai", *descendants(catalog, "sgddt-quang-ngai", date(2025, 10, 9))]
    expected = sorted(f"{catalog.orgs[o].level}/{o}.docx" for o in orgs)
    assert written == expected
    assert {
        "xa/ubnd-xa-sa-thay.docx",
        "truong/mn-nhu-y.docx",
        "truong/th-sa-thay.docx",
        "xa/ubnd-xa-ngok-bay.docx",
        "truong/mn-ngok-bay.docx",
    } <= set(written)


def test_down_to_xa_stops_at_the_communes(tmp_path: Path) -> None:
    result = cascade(str(ROOT_SPEC), "--down-to", "xa", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert sorted(p.parent.name for p in tmp_path.rglob("*.docx")) == ["so", "xa", "xa"]


def test_sa_thay_is_the_example_document(out: Path, catalog: Catalog, tmp_path: Path) -> None:
    example = render_spec(EXAMPLES / "sa-thay-2025.yaml", tmp_path, catalog)
    derived = out / "xa" / "ubnd-xa-sa-thay.docx"
    assert texts(derived) == texts(example)
    assert footnotes(derived) == footnotes(example)


def _comparable(spec: DocumentSpec) -> dict[str, object]:
    skip = {"name", "path", "where", "at", "signer", "body", "cc"}
    values: dict[str, object] = {
        f.name: getattr(spec, f.name) for f in fields(spec) if f.name not in skip
    }
    values["signer"] = spec.signer.id
    values["cc"] = [(c.text, c.purpose) for c in spec.cc]
    values["body"] = [_block(b) for b in spec.body]
    return values


def _block(block: BodyBlock) -> tuple[str, str, str, tuple[str, ...]]:
    return (block.kind, " ".join(block.text.split()), block.task_list, block.sections)


def test_the_derived_spec_says_what_the_example_says(catalog: Catalog) -> None:
    root = load_spec(ROOT_SPEC)
    child = catalog.org("ubnd-xa-sa-thay")
    schools = [catalog.org(s) for s in SA_THAY_SCHOOLS]
    derived = derive_spec(root, "1491/SGDĐT-QLCLGDCNTT", child, catalog, schools)
    assert _comparable(derived) == _comparable(load_spec(EXAMPLES / "sa-thay-2025.yaml"))


# -- citations, recipients, items ----------------------------------------------------------


def body_after_header(path: Path) -> list[str]:
    lines = texts(path)
    start = next(i for i, t in enumerate(lines) if t.startswith("Căn cứ"))
    return lines[start:]


def test_the_basis_cites_the_parent_document(out: Path) -> None:
    first = body_after_header(out / "xa" / "ubnd-xa-ngok-bay.docx")[0]
    assert first == (
        "Căn cứ Công văn số 1491/SGDĐT-QLCLGDCNTT ngày 09 tháng 10 năm 2025 của Sở Giáo dục "
        "và Đào tạo tỉnh Quảng Ngãi về việc hướng dẫn thực hiện nhiệm vụ ứng dụng CNTT, CĐS và "
        "thống kê giáo dục năm học 2025 - 2026; Ủy ban nhân dân xã Ngọk Bay triển khai nội "
        "dung như sau:"
    )


def test_a_school_cites_the_draft_of_its_xa(out: Path) -> None:
    first = body_after_header(out / "truong" / "th-sa-thay.docx")[0]
    assert re.match(
        r"Căn cứ Công văn số +/UBND-VHXH của Ủy ban nhân dân xã Sa Thầy về việc hướng dẫn "
        r"thực hiện nhiệm vụ ứng dụng công nghệ thông tin, chuyển đổi số và thống kê giáo dục "
        r"năm học 2025 - 2026; Trường TH Sa Thầy xây dựng Kế hoạch",
        first,
    ), first


def test_kinh_gui_is_addressed_to_the_subordinates(out: Path, catalog: Catalog) -> None:
    lines = texts(out / "xa" / "ubnd-xa-ngok-bay.docx")
    start = lines.index("Kính gửi:")
    schools = [o.name for o in catalog.children("ubnd-xa-ngok-bay")]
    expected = [
        "- Phòng Văn hóa - Xã hội;",
        *(f"- {n};" for n in schools[:-1]),
        f"- {schools[-1]}.",
    ]
    assert lines[start + 1 : start + 1 + len(expected)] == expected
    assert len(schools) == 8


def noi_nhan(path: Path) -> list[str]:
    lines = texts(path)
    start = lines.index("Nơi nhận:")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("- Lưu:"))
    return lines[start + 1 : end + 1]


def test_noi_nhan_copies_the_parent_for_information(out: Path) -> None:
    assert noi_nhan(out / "xa" / "ubnd-xa-ngok-bay.docx") == [
        "- Như trên;",
        "- Sở GDĐT (để b/c);",
        "- Chủ tịch, các PCT UBND xã;",
        "- Lưu: VT, VHXH.",
    ]
    assert noi_nhan(out / "truong" / "mn-sa-thay.docx")[0] == "- UBND xã Sa Thầy (để b/c);"


def test_a_school_writes_a_ke_hoach_with_the_items_of_its_level_and_type(out: Path) -> None:
    mn = "\n".join(texts(out / "truong" / "mn-sa-thay.docx"))
    th = "\n".join(texts(out / "truong" / "th-sa-thay.docx"))
    xa = "\n".join(texts(out / "xa" / "ubnd-xa-sa-thay.docx"))
    for plan in (mn, th):
        assert "\nKẾ HOẠCH\n" in plan and "Kính gửi:" not in plan
        assert "Phòng Văn hóa - Xã hội: Phân công lãnh đạo" not in plan  # xã only
        assert "Giao Phòng Văn hóa - Xã hội" not in plan  # the xã's Tổ chức thực hiện
        assert "IV. TỔ CHỨC THỰC HIỆN" in plan  # the schools' own
    assert "Phòng Văn hóa - Xã hội: Phân công lãnh đạo" in xa
    assert "Cập nhật đầy đủ, kịp thời dữ liệu trẻ em" in mn  # mầm non only
    assert "Cập nhật đầy đủ, kịp thời dữ liệu trẻ em" not in th
    assert "Triển khai học bạ số cho học sinh" in th  # phổ thông only
    assert "Triển khai học bạ số cho học sinh" not in mn
    assert (
        "gửi về Ủy ban nhân dân xã (qua Phòng Văn hóa - Xã hội) trước ngày 10 tháng 01 năm 2026"
    ) in mn


# -- manifest and calendar -----------------------------------------------------------------


def test_manifest_csv_lists_every_document(out: Path) -> None:
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(list(out.rglob("*.docx")))
    assert all((out / row["file"]).is_file() for row in rows)
    by_org = {row["org"]: row for row in rows}
    assert by_org["ubnd-xa-sa-thay"] == {
        "org": "ubnd-xa-sa-thay",
        "name": "Ủy ban nhân dân xã Sa Thầy",
        "level": "xa",
        "kind": "cong_van",
        "file": "xa/ubnd-xa-sa-thay.docx",
        "parent": "sgddt-quang-ngai",
        "deadlines": "so-ket-hk1 2026-01-20; tong-ket 2026-06-20",
    }
    assert by_org["mn-nhu-y"]["parent"] == "ubnd-xa-sa-thay"
    assert by_org["mn-nhu-y"]["deadlines"] == "so-ket-hk1 2026-01-10; tong-ket 2026-06-10"
    assert by_org["sgddt-quang-ngai"]["parent"] == ""


def test_manifest_json_says_the_same(out: Path) -> None:
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert (data["root"], data["down_to"], data["school_year"]) == (
        "sgddt-quang-ngai",
        "truong",
        "2025-2026",
    )
    doc = next(d for d in data["documents"] if d["org"] == "th-sa-thay")
    assert doc["kind"] == "ke_hoach" and doc["file"] == "truong/th-sa-thay.docx"
    assert doc["deadlines"][0] == {
        "milestone": "so-ket-hk1",
        "title": "Sơ kết học kỳ I",
        "date": "2026-01-10",
        "derived": False,
        "note": "",
    }


def test_ics_has_one_event_per_deadline_per_organisation(out: Path) -> None:
    cal = Calendar.from_ical((out / "deadlines.ics").read_bytes())
    events = list(cal.walk("VEVENT"))
    documents = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]
    assert len(events) == sum(len(d["deadlines"]) for d in documents) > 0
    assert len({str(e["UID"]) for e in events}) == len(events)
    found = {(str(e["UID"]), e.decoded("DTSTART")) for e in events}
    assert ("so-ket-hk1-2025-2026-mn-nhu-y@docgen", date(2026, 1, 10)) in found
    assert ("tong-ket-2025-2026-ubnd-xa-sa-thay@docgen", date(2026, 6, 20)) in found
    event = next(e for e in events if str(e["UID"]).endswith("-th-sa-thay@docgen"))
    assert "Trường TH Sa Thầy" in str(event["SUMMARY"])
    assert "Ủy ban nhân dân xã Sa Thầy" in str(event["DESCRIPTION"])


def test_notes_report_days_off_and_blank_signatures(tmp_path: Path) -> None:
    result = cascade(str(ROOT_SPEC), "--down-to", "truong", "-o", str(tmp_path), "-q")
    assert result.exit_code == 0
    assert (
        "note: deadline so-ket-hk1 for truong (12 organisations): 2026-01-10 is a day off "
        "(weekend), kept (as the catalog dates it)"
    ) in result.stdout
    assert "without a signer in the catalog" in result.stdout
    assert "wrote" not in result.stdout  # --quiet: no summary
    assert result.stderr == ""  # and no progress bar


# -- derived deadlines and the policy ------------------------------------------------------


def _without_school_dates(catalog_copy: Path, truong_lead: int) -> None:
    ms = catalog_copy / "milestones" / "2025-2026.yaml"
    text = ms.read_text(encoding="utf-8")
    ms.write_text(re.sub(r"\n +truong: 2026-\d\d-\d\d", "", text), encoding="utf-8")
    levels = catalog_copy / "levels.yaml"
    text = levels.read_text(encoding="utf-8")
    text = text.replace(
        "name: Trường\n    lead_working_days: 5",
        f"name: Trường\n    lead_working_days: {truong_lead}",
    )
    levels.write_text(text, encoding="utf-8")


def _school_deadlines(folder: Path) -> list[str]:
    with (folder / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return [r["deadlines"] for r in csv.DictReader(handle) if r["org"] == "mn-nhu-y"]


def test_school_deadlines_derived_with_the_lead_time(catalog_copy: Path, tmp_path: Path) -> None:
    _without_school_dates(catalog_copy, 5)
    result = cascade(
        str(ROOT_SPEC), "--down-to", "truong", "-o", str(tmp_path), catalog=catalog_copy
    )
    assert result.exit_code == 0, result.output
    # xã 20/01/2026 (Tue) − 5 working days; xã 20/6/2026 (Sat) − 5 → Mon 15/6
    assert _school_deadlines(tmp_path) == ["so-ket-hk1 2026-01-13; tong-ket 2026-06-15"]
    plan = "\n".join(texts(tmp_path / "truong" / "mn-nhu-y.docx"))
    assert "trước ngày 13 tháng 01 năm 2026" in plan


@pytest.mark.parametrize(
    ("policy", "expected", "note"),
    [
        (
            "previous",
            "tong-ket 2026-06-19",
            "2026-06-20 is a day off, moved to the previous working day 2026-06-19",
        ),
        (
            "keep",
            "tong-ket 2026-06-20",
            "2026-06-20 is a day off (weekend), kept (derived; policy 'keep')",
        ),
    ],
)
def test_policy_for_a_derived_day_off(
    catalog_copy: Path, tmp_path: Path, policy: str, expected: str, note: str
) -> None:
    _without_school_dates(catalog_copy, 0)
    result = cascade(
        str(ROOT_SPEC),
        "--down-to",
        "truong",
        "-o",
        str(tmp_path),
        "--policy",
        policy,
        catalog=catalog_copy,
    )
    assert result.exit_code == 0, result.output
    assert _school_deadlines(tmp_path) == [f"so-ket-hk1 2026-01-20; {expected}"]
    assert f"deadline tong-ket for truong (12 organisations): {note}" in result.stdout


# -- dry run, re-runs, mistakes ------------------------------------------------------------


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out"
    result = cascade(
        str(ROOT_SPEC),
        "--down-to",
        "truong",
        "-o",
        str(target),
        "--dry-run",
        "--ics",
        str(tmp_path / "d.ics"),
    )
    assert result.exit_code == 0, result.output
    assert not target.exists() and not (tmp_path / "d.ics").exists()
    assert f"would write {target / 'xa' / 'ubnd-xa-sa-thay.docx'}" in result.stdout
    assert "so-ket-hk1 2026-01-20" in result.stdout
    assert result.stdout.count("would write") == 16  # 15 documents, then the manifests


def test_a_rerun_replaces_its_own_files_but_not_a_persons(tmp_path: Path) -> None:
    args = (str(ROOT_SPEC), "--down-to", "xa", "-o", str(tmp_path))
    assert cascade(*args).exit_code == 0
    assert cascade(*args).exit_code == 0
    (tmp_path / "manifest.csv").write_text("my own notes\n", encoding="utf-8")
    result = cascade(*args)
    assert result.exit_code == 1
    assert "manifest.csv already exists" in result.output and "--force" in result.output
    assert cascade(*args, "--force").exit_code == 0


def _break(catalog_copy: Path, old: str, new: str, file: str = "orgs/quang-ngai.yaml") -> Path:
    path = catalog_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _fails(result: Result, tmp_path: Path, *expected: str) -> None:
    assert result.exit_code != 0
    assert result.output.startswith("error: ") and "Traceback" not in result.output
    for text in expected:
        assert text in result.output, result.output
    assert not list(tmp_path.glob("out/**/*.docx"))


def test_a_cycle_in_the_org_tree_is_a_clear_error(catalog_copy: Path, tmp_path: Path) -> None:
    path = _break(
        catalog_copy,
        "    parent: sgddt-quang-ngai\n    level: xa\n    abbr: UBND\n    place: Sa Thầy",
        "    parent: mn-nhu-y\n    level: xa\n    abbr: UBND\n    place: Sa Thầy",
    )
    result = cascade(
        str(ROOT_SPEC), "--down-to", "truong", "-o", str(tmp_path / "out"), catalog=catalog_copy
    )
    _fails(
        result,
        tmp_path,
        f"{path}:",
        "organisation parents form a cycle: ",
        "mn-nhu-y → ubnd-xa-sa-thay → mn-nhu-y",
    )


def test_a_dangling_parent_is_a_clear_error(catalog_copy: Path, tmp_path: Path) -> None:
    path = _break(
        catalog_copy,
        "parent: ubnd-xa-sa-thay",
        "parent: ubnd-xa-sa-thai",
        "orgs/sa-thay-schools.yaml",
    )
    result = cascade(
        str(ROOT_SPEC), "--down-to", "truong", "-o", str(tmp_path / "out"), catalog=catalog_copy
    )
    _fails(
        result,
        tmp_path,
        f"{path}:7:5: unknown organisation 'ubnd-xa-sa-thai' — did you mean 'ubnd-xa-sa-thay'?",
    )


def test_a_profile_for_an_unknown_organisation(catalog_copy: Path, tmp_path: Path) -> None:
    path = _break(catalog_copy, "- id: ubnd-xa-sa-thay", "- id: ubnd-xa-sa-thai", "cascade.yaml")
    result = cascade(
        str(ROOT_SPEC), "--down-to", "truong", "-o", str(tmp_path / "out"), catalog=catalog_copy
    )
    _fails(
        result,
        tmp_path,
        f"{path}:",
        "cascade profile 'ubnd-xa-sa-thai' names neither a "
        "level nor an organisation — did you mean 'ubnd-xa-sa-thay'?",
    )


def test_a_unit_the_organisations_lack_is_said_once(catalog_copy: Path, tmp_path: Path) -> None:
    _break(
        catalog_copy,
        "unit: VHXH                 # Phòng",
        "unit: VHXXH                # Phòng",
        "cascade.yaml",
    )
    result = cascade(
        str(ROOT_SPEC), "--down-to", "truong", "-o", str(tmp_path / "out"), catalog=catalog_copy
    )
    _fails(result, tmp_path, "'ubnd-xa-sa-thay' has no unit 'VHXXH'")
    assert result.output.count("no unit 'VHXXH'") == 2  # one line per xã, not per school


def test_the_cascade_leaves_the_catalog_as_loaded() -> None:
    catalog = Catalog.load(CATALOGS)
    references = dict(catalog.references)
    plan = plan_cascade(load_spec(ROOT_SPEC), catalog, "truong", policy="keep")
    assert plan.cited_drafts  # the schools cite their xã's drafts, which the catalog lacks
    assert catalog.references == references
    assert not any("@" in ref_id for ref_id in catalog.references)


def test_an_error_names_the_documents_it_stopped_as_data(catalog_copy: Path) -> None:
    _break(
        catalog_copy,
        "unit: VHXH                 # Phòng",
        "unit: VHXXH                # Phòng",
        "cascade.yaml",
    )
    with pytest.raises(ErrorList) as info:
        plan_cascade(load_spec(ROOT_SPEC), Catalog.load(catalog_copy), "truong")
    by_document = {e.documents: e for e in info.value.errors}
    assert set(by_document) == {("ubnd-xa-sa-thay",), ("ubnd-xa-ngok-bay",)}
    err = by_document[("ubnd-xa-sa-thay",)]
    assert err.message == "'ubnd-xa-sa-thay' has no unit 'VHXXH' (its cascade profile names it)"
    assert str(err).endswith(
        "(its cascade profile names it) (document of 'ubnd-xa-sa-thay') "
        "— add it under the organisation's units (VP, VHXH)"
    )


def test_a_level_not_below_the_issuer(tmp_path: Path) -> None:
    result = cascade(str(ROOT_SPEC), "--down-to", "so", "-o", str(tmp_path / "out"))
    _fails(result, tmp_path, "'so' is not below 'sgddt-quang-ngai' (so)", "use one of: ")
    result = cascade(str(ROOT_SPEC), "--down-to", "commune", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "Invalid value for '--down-to'" in result.output


def test_help() -> None:
    result = CliRunner().invoke(main, ["cascade", "--help"])
    assert result.exit_code == 0
    for option in ("--down-to", "--ics", "--policy", "--dry-run", "--quiet"):
        assert option in result.output
