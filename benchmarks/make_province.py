"""A synthetic province for `docgen cascade`: 1 Sở, N xã (default 100), M schools per xã
(default 10, so 1,000) — a catalog folder and the Sở's guidance to cascade from.

    .venv/bin/python benchmarks/make_province.py DIR [--communes 100] [--schools 10]
    .venv/bin/docgen cascade DIR/so-tinh-mau.yaml --down-to truong --catalog DIR/catalogs \\
        -o DIR/out --ics DIR/out/deadlines.ics

The references, task lists, milestones and levels are the repository's own (copied); the
organisations are made up; the cascade profiles are the repository's level profiles.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
CATALOGS = ROOT / "catalogs"
SCHOOL_TYPES = (
    ("mn", "Trường Mầm non", "Trường MN", "TRƯỜNG MẦM NON", "MN"),
    ("th", "Trường Tiểu học", "Trường TH", "TRƯỜNG TIỂU HỌC", "TH"),
    ("thcs", "Trường Trung học cơ sở", "Trường THCS", "TRƯỜNG TRUNG HỌC CƠ SỞ", "THCS"),
    ("th-thcs", "Trường Tiểu học và Trung học cơ sở", "Trường TH-THCS", "TRƯỜNG TH-THCS",
     "THTHCS"),
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
        "signers": [{"id": "pgd-tinh-mau", "name": "Nguyễn Văn An", "title": "Phó Giám đốc",
                     "role": "deputy"}],
    }


def commune(i: int) -> dict[str, Any]:
    name = f"Mẫu {i:03d}"
    return {
        "id": f"ubnd-xa-{i:03d}",
        "name": f"Ủy ban nhân dân xã {name}",
        "short": f"UBND xã {name}",
        "self_name": "Ủy ban nhân dân xã",
        "header": ["ỦY BAN NHÂN DÂN", f"XÃ {name.upper()}"],
        "parent": "sgddt-tinh-mau",
        "level": "xa",
        "abbr": "UBND",
        "place": name,
        "collective": "Ủy ban nhân dân",
        "head_title": "Chủ tịch",
        "valid_from": "2025-07-01",
        "units": {"VP": "Văn phòng HĐND và UBND", "VHXH": "Phòng Văn hóa - Xã hội"},
        "signers": [{"id": f"pct-xa-{i:03d}", "name": f"Trần Thị Bình {i:03d}",
                     "title": "Phó Chủ tịch", "role": "deputy"}],
    }


def school(i: int, j: int) -> dict[str, Any]:
    kind, name, short, header, abbr = SCHOOL_TYPES[j % len(SCHOOL_TYPES)]
    place = f"Mẫu {i:03d}"
    label = f"số {j + 1} xã {place}"
    return {
        "id": f"truong-{i:03d}-{j + 1:02d}",
        "name": f"{name} {label}",
        "short": f"{short} {label}",
        "chu_quan": [f"UBND XÃ {place.upper()}"],
        "header": [f"{header} SỐ {j + 1}"],
        "parent": f"ubnd-xa-{i:03d}",
        "level": "truong",
        "abbr": f"{abbr}{j + 1}X{i:03d}",
        "place": place,
        "head_title": "Hiệu trưởng",
        "school_types": [kind],
        "signers": [{"id": f"ht-{i:03d}-{j + 1:02d}", "name": f"Lê Văn Cường {i:03d}{j:02d}",
                     "title": "Hiệu trưởng"}],
    }


def level_profiles() -> dict[str, Any]:
    """The repository's cascade profiles for whole levels (not those of real organisations)."""
    data = yaml.safe_load((CATALOGS / "cascade.yaml").read_text(encoding="utf-8"))
    return {"cascade": [p for p in data["cascade"] if p["id"] in LEVELS]}


def dump(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")


def make(folder: Path, communes: int, schools: int) -> Path:
    """Write DIR/catalogs and DIR/so-tinh-mau.yaml; returns the spec's path."""
    catalogs = folder / "catalogs"
    if catalogs.exists():
        shutil.rmtree(catalogs)
    for sub in ("references", "tasks", "milestones", "targets"):
        if (CATALOGS / sub).is_dir():
            shutil.copytree(CATALOGS / sub, catalogs / sub)
    shutil.copy(CATALOGS / "levels.yaml", catalogs / "levels.yaml")
    dump(catalogs / "cascade.yaml", level_profiles())
    orgs = [department()]
    for i in range(1, communes + 1):
        orgs.append(commune(i))
        orgs += [school(i, j) for j in range(schools)]
    dump(catalogs / "orgs" / "province.yaml", {"orgs": orgs})
    spec = folder / "so-tinh-mau.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    return spec


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--schools", type=int, default=10, help="schools per xã")
    args = parser.parse_args(argv)
    spec = make(args.folder, args.communes, args.schools)
    total = 1 + args.communes * (1 + args.schools)
    print(f"wrote {args.folder / 'catalogs'} ({total} organisations) and {spec}")
    print(f"run: docgen cascade {spec} --down-to truong --catalog {args.folder / 'catalogs'} "
          f"-o {args.folder / 'out'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
