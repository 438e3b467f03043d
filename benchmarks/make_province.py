"""A synthetic province for `docgen cascade`: 1 Sở, N xã (default 100), M schools per xã
(default 10, so 1,000) — a catalog folder and the Sở's guidance to cascade from. With
--provinces, a synthetic country instead: 1 Bộ, that many Sở, the xã shared out over the Sở
and the schools over the xã, and the Bộ's guidance to cascade from.

    .venv/bin/python benchmarks/make_province.py DIR [--communes 100] [--schools 10]
    .venv/bin/docgen cascade DIR/so-tinh-mau.yaml --down-to truong --catalog DIR/catalogs \\
        -o DIR/out --ics DIR/out/deadlines.ics

    .venv/bin/python benchmarks/make_province.py DIR --provinces 34 \\
        [--total-communes 3300] [--total-schools 45000]
    .venv/bin/docgen cascade DIR/bo-mau.yaml --down-to truong --catalog DIR/catalogs -o DIR/out

In country mode --communes and --schools still count per Sở and per xã (34 × 100 xã, 3,400 ×
10 schools) unless --total-communes / --total-schools give totals for the whole country,
shared out as evenly as can be (3,300 xã: 98 or 97 per Sở; 45,000 schools: 14 or 13 per
xã). Ids are numbered across the country (sgddt-01, ubnd-xa-0001, truong-0001-01), one orgs
file per province (catalogs/orgs/so-01.yaml with its Sở, xã and schools; the Bộ in bo.yaml).

The references, task lists, milestones and levels are the repository's own (copied); the
organisations are made up; the cascade profiles are the repository's level profiles (and,
for a country, a synthetic one for the Sở: the repository has none, and the built-in
default has no drafting unit for a công văn). The milestones date nothing for the Sở: a
country's copy dates them for `so` the xã's lead time (levels.yaml) after the xã's date.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = ROOT / "catalogs"
SCHOOL_TYPES = (
    ("mn", "Trường Mầm non", "Trường MN", "TRƯỜNG MẦM NON", "MN"),
    ("th", "Trường Tiểu học", "Trường TH", "TRƯỜNG TIỂU HỌC", "TH"),
    ("thcs", "Trường Trung học cơ sở", "Trường THCS", "TRƯỜNG TRUNG HỌC CƠ SỞ", "THCS"),
    ("th-thcs", "Trường Tiểu học và Trung học cơ sở", "Trường TH-THCS", "TRƯỜNG TH-THCS", "THTHCS"),
)
LEVELS = ("bo", "so", "phong", "xa", "truong")

SPEC = """\
# The guidance of the synthetic Sở (benchmarks/make_province.py), cascaded to every xã and
# school of the province.
name: so-tinh-mau
kind: cong_van
issuer: sgddt-tinh-mau
unit: QLCLGDCNTT
signer: pgd-tinh-mau
number: 1000
date: 2025-10-09
school_year: 2025-2026
subject: >-
  hướng dẫn thực hiện nhiệm vụ ứng dụng công nghệ thông tin, chuyển đổi số và thống kê giáo
  dục năm học {{ year_spaced }}
recipients:
  - Ủy ban nhân dân các xã, phường
body:
  - text: >-
      {{ issuer.mention }} hướng dẫn thực hiện nhiệm vụ năm học {{ year_spaced }} như sau:
  - tasks: cntt-cds
  - section:
      title: Tổ chức thực hiện
      items:
        - >-
          Ủy ban nhân dân các xã, phường tổ chức sơ kết học kỳ I và gửi về {{ submit_here }}
          trước {{ deadline("so-ket-hk1", "below") }}; tổng kết năm học và gửi trước
          {{ deadline("tong-ket", "below") }}./.
cc:
  - Giám đốc, các PGĐ Sở
"""


def department() -> dict[str, Any]:
    return {
        "id": "sgddt-tinh-mau",
        "name": "Sở Giáo dục và Đào tạo tỉnh Mẫu",
        "short": "Sở GDĐT",
        "self_name": "Sở Giáo dục và Đào tạo",
        "header": ["SỞ GIÁO DỤC VÀ ĐÀO TẠO"],
        "chu_quan": ["UBND TỈNH MẪU"],
        "level": "so",
        "abbr": "SGDĐT",
        "place": "Mẫu",
        "head_title": "Giám đốc",
        "units": {"QLCLGDCNTT": "Phòng Quản lý chất lượng giáo dục và công nghệ thông tin"},
        "signers": [
            {
                "id": "pgd-tinh-mau",
                "name": "Nguyễn Văn An",
                "title": "Phó Giám đốc",
                "role": "deputy",
            }
        ],
    }


def commune(i: int, parent: str = "sgddt-tinh-mau", digits: int = 3) -> dict[str, Any]:
    n = f"{i:0{digits}d}"
    name = f"Mẫu {n}"
    return {
        "id": f"ubnd-xa-{n}",
        "name": f"Ủy ban nhân dân xã {name}",
        "short": f"UBND xã {name}",
        "self_name": "Ủy ban nhân dân xã",
        "header": ["ỦY BAN NHÂN DÂN", f"XÃ {name.upper()}"],
        "parent": parent,
        "level": "xa",
        "abbr": "UBND",
        "place": name,
        "collective": "Ủy ban nhân dân",
        "head_title": "Chủ tịch",
        "valid_from": "2025-07-01",
        "units": {"VP": "Văn phòng HĐND và UBND", "VHXH": "Phòng Văn hóa - Xã hội"},
        "signers": [
            {
                "id": f"pct-xa-{n}",
                "name": f"Trần Thị Bình {n}",
                "title": "Phó Chủ tịch",
                "role": "deputy",
            }
        ],
    }


def school(i: int, j: int, digits: int = 3) -> dict[str, Any]:
    kind, name, short, header, abbr = SCHOOL_TYPES[j % len(SCHOOL_TYPES)]
    n = f"{i:0{digits}d}"
    place = f"Mẫu {n}"
    label = f"số {j + 1} xã {place}"
    return {
        "id": f"truong-{n}-{j + 1:02d}",
        "name": f"{name} {label}",
        "short": f"{short} {label}",
        "chu_quan": [f"UBND XÃ {place.upper()}"],
        "header": [f"{header} SỐ {j + 1}"],
        "parent": f"ubnd-xa-{n}",
        "level": "truong",
        "abbr": f"{abbr}{j + 1}X{n}",
        "place": place,
        "head_title": "Hiệu trưởng",
        "school_types": [kind],
        "signers": [
            {
                "id": f"ht-{n}-{j + 1:02d}",
                "name": f"Lê Văn Cường {n}{j:02d}",
                "title": "Hiệu trưởng",
            }
        ],
    }


def level_profiles() -> dict[str, Any]:
    """The repository's cascade profiles for whole levels (not those of real organisations)."""
    data = yaml.safe_load((CATALOGS / "cascade.yaml").read_text(encoding="utf-8"))
    return {"cascade": [p for p in data["cascade"] if p["id"] in LEVELS]}


def copy_shared(catalogs: Path, owner: str) -> None:
    """The repository's references, task lists, milestones, targets and levels, copied; the
    task lists, milestones and targets (each file's ``owner:``, a real province's) given to
    the synthetic *owner*, so that the documents below it see them."""
    for sub in ("references", "tasks", "milestones", "targets"):
        if (CATALOGS / sub).is_dir():
            shutil.copytree(CATALOGS / sub, catalogs / sub)
    for path in sorted(catalogs.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        mine = re.sub(r"(?m)^owner: .*$", f"owner: {owner}", text)
        if mine != text:
            path.write_text(mine, encoding="utf-8")
    shutil.copy(CATALOGS / "levels.yaml", catalogs / "levels.yaml")


def dump(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")


def make(folder: Path, communes: int, schools: int) -> Path:
    """Write DIR/catalogs and DIR/so-tinh-mau.yaml; returns the spec's path."""
    catalogs = folder / "catalogs"
    if catalogs.exists():
        shutil.rmtree(catalogs)
    copy_shared(catalogs, "sgddt-tinh-mau")
    dump(catalogs / "cascade.yaml", level_profiles())
    orgs = [department()]
    for i in range(1, communes + 1):
        orgs.append(commune(i))
        orgs += [school(i, j) for j in range(schools)]
    dump(catalogs / "orgs" / "province.yaml", {"orgs": orgs})
    spec = folder / "so-tinh-mau.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    return spec


# -- a country: 1 Bộ, its Sở, their xã and schools ---------------------------------------

MINISTRY = "bo-mau"
COUNTRY_SPEC = """\
# The guidance of the synthetic Bộ (benchmarks/make_province.py --provinces), cascaded to
# every Sở, xã and school of the country.
name: bo-mau
kind: cong_van
issuer: bo-mau
unit: CNTT
signer: tt-bo-mau
number: 2000
date: 2025-09-30
school_year: 2025-2026
subject: >-
  hướng dẫn thực hiện nhiệm vụ ứng dụng công nghệ thông tin, chuyển đổi số và thống kê giáo
  dục năm học {{ year_spaced }}
recipients:
{recipients}
body:
  - text: >-
      {{ issuer.mention }} hướng dẫn các Sở Giáo dục và Đào tạo thực hiện nhiệm vụ năm học
      {{ year_spaced }} như sau:
  - tasks: cntt-cds
  - section:
      title: Tổ chức thực hiện
      items:
        - >-
          Các Sở Giáo dục và Đào tạo hướng dẫn các xã, phường và cơ sở giáo dục trên địa bàn
          triển khai; tổ chức sơ kết học kỳ I và gửi về {{ submit_here }} trước
          {{ deadline("so-ket-hk1", "below") }}; tổng kết năm học và gửi trước
          {{ deadline("tong-ket", "below") }}./.
cc:
  - Bộ trưởng (để b/c)
  - Các Thứ trưởng
"""

#: what a Sở writes when it derives its guidance from the Bộ's (the repository has no
#: profile for `so`, and the built-in default names no drafting unit for its công văn)
SO_PROFILE: dict[str, Any] = {
    "id": "so",
    "kind": "cong_van",
    "unit": "QLCLGDCNTT",
    "recipients": ["@children"],
    "cc": [{"to": "@parent", "purpose": "để b/c"}, "Giám đốc, các PGĐ Sở"],
    "body": [
        {
            "text": 'Căn cứ {{ cite("@parent", "long", date="long") }}; {{ issuer.mention }} '
            "hướng dẫn thực hiện như sau:"
        },
        {"tasks": "@parent"},
        {
            "section": {
                "title": "Tổ chức thực hiện",
                "items": [
                    "Ủy ban nhân dân các xã, phường tổ chức sơ kết học kỳ I và gửi về "
                    '{{ submit_here }} trước {{ deadline("so-ket-hk1", "below") }}; '
                    'tổng kết năm học và gửi trước {{ deadline("tong-ket", "below") }}./.'
                ],
            }
        },
    ],
}


def ministry() -> dict[str, Any]:
    return {
        "id": MINISTRY,
        "name": "Bộ Giáo dục và Đào tạo Mẫu",
        "short": "Bộ GDĐT",
        "self_name": "Bộ Giáo dục và Đào tạo",
        "header": ["BỘ GIÁO DỤC VÀ ĐÀO TẠO"],
        "level": "bo",
        "abbr": "BGDĐT",
        "place": "Hà Nội",
        "head_title": "Bộ trưởng",
        "units": {"CNTT": "Cục Công nghệ thông tin", "GDPT": "Vụ Giáo dục phổ thông"},
        "signers": [
            {"id": "tt-bo-mau", "name": "Hoàng Minh Sơn", "title": "Thứ trưởng", "role": "deputy"}
        ],
    }


def province_department(p: int) -> dict[str, Any]:
    place = f"Mẫu {p:02d}"
    return {
        "id": f"sgddt-{p:02d}",
        "name": f"Sở Giáo dục và Đào tạo tỉnh {place}",
        "short": "Sở GDĐT",
        "self_name": "Sở Giáo dục và Đào tạo",
        "header": ["SỞ GIÁO DỤC VÀ ĐÀO TẠO"],
        "chu_quan": [f"UBND TỈNH {place.upper()}"],
        "parent": MINISTRY,
        "level": "so",
        "abbr": "SGDĐT",
        "place": place,
        "head_title": "Giám đốc",
        "units": {"QLCLGDCNTT": "Phòng Quản lý chất lượng giáo dục và công nghệ thông tin"},
        "signers": [
            {
                "id": f"pgd-so-{p:02d}",
                "name": f"Nguyễn Văn An {p:02d}",
                "title": "Phó Giám đốc",
                "role": "deputy",
            }
        ],
    }


def spread(total: int, over: int) -> list[int]:
    """*total* shared out over *over*, as evenly as can be (the first get one more)."""
    return [total // over + (1 if i < total % over else 0) for i in range(over)]


def country_milestones(catalogs: Path) -> None:
    """Date for `so` every copied milestone that dates `xa` but not `so`: the xã's date plus
    the xã's lead time in working days (what deadline() would derive the other way)."""
    from docgen.vn.workdays import add_working_days

    levels = yaml.safe_load((catalogs / "levels.yaml").read_text(encoding="utf-8"))["levels"]
    lead = next(int(lv.get("lead_working_days", 0)) for lv in levels if lv["id"] == "xa")
    for path in sorted((catalogs / "milestones").glob("*.yaml")):
        # every value a string, as the catalog reads it: dumped again, none changes meaning
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        for ms in data["milestones"]:
            dl = ms["deadlines"]
            if "xa" in dl and "so" not in dl:
                so = add_working_days(date.fromisoformat(dl["xa"]), lead)
                ms["deadlines"] = {"so": so.isoformat(), **dl}
        dump(path, data)


def make_country(folder: Path, provinces: int, communes: int, schools: int) -> Path:
    """Write DIR/catalogs and DIR/bo-mau.yaml for 1 Bộ, *provinces* Sở, *communes* xã and
    *schools* schools in all (shared out evenly); returns the spec's path."""
    from docgen.catalog.yamlio import MAX_BYTES

    if not 1 <= provinces <= communes <= schools:
        raise ValueError("need 1 <= provinces <= communes <= schools")
    catalogs = folder / "catalogs"
    if catalogs.exists():
        shutil.rmtree(catalogs)
    copy_shared(catalogs, MINISTRY)
    country_milestones(catalogs)
    profiles = level_profiles()
    profiles["cascade"].insert(0, SO_PROFILE)
    dump(catalogs / "cascade.yaml", profiles)
    dump(catalogs / "orgs" / "bo.yaml", {"orgs": [ministry()]})
    per_commune = iter(spread(schools, communes))
    xa = 0
    for p, count in enumerate(spread(communes, provinces), start=1):
        orgs = [province_department(p)]
        for _ in range(count):
            xa += 1
            orgs.append(commune(xa, parent=f"sgddt-{p:02d}", digits=4))
            orgs += [school(xa, j, digits=4) for j in range(next(per_commune))]
        path = catalogs / "orgs" / f"so-{p:02d}.yaml"
        dump(path, {"orgs": orgs})
        if path.stat().st_size > MAX_BYTES:
            raise ValueError(f"{path} is over the catalog's {MAX_BYTES} bytes: more provinces")
    ids = "\n".join(f"  - sgddt-{p:02d}" for p in range(1, provinces + 1))
    spec = folder / "bo-mau.yaml"
    spec.write_text(COUNTRY_SPEC.replace("{recipients}", ids), encoding="utf-8")
    return spec


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--schools", type=int, default=10, help="schools per xã")
    parser.add_argument(
        "--provinces",
        type=int,
        default=None,
        help="a country of this many Sở under a Bộ (default: one Sở as root)",
    )
    parser.add_argument("--total-communes", type=int, help="country: xã in all")
    parser.add_argument("--total-schools", type=int, help="country: schools in all")
    args = parser.parse_args(argv)
    if args.provinces is not None:
        communes = args.total_communes or args.provinces * args.communes
        schools = args.total_schools or communes * args.schools
        spec = make_country(args.folder, args.provinces, communes, schools)
        total = 1 + args.provinces + communes + schools
        print(
            f"wrote {args.folder / 'catalogs'} ({total} organisations: 1 Bộ, "
            f"{args.provinces} Sở, {communes} xã, {schools} schools) and {spec}"
        )
        print(
            f"run: docgen cascade {spec} --down-to truong "
            f"--catalog {args.folder / 'catalogs'} -o {args.folder / 'out'}"
        )
        return 0
    spec = make(args.folder, args.communes, args.schools)
    total = 1 + args.communes * (1 + args.schools)
    print(f"wrote {args.folder / 'catalogs'} ({total} organisations) and {spec}")
    print(
        f"run: docgen cascade {spec} --down-to truong --catalog {args.folder / 'catalogs'} "
        f"-o {args.folder / 'out'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
