"""`docgen init`: start a person's own workspace — catalogs, one example spec per kind and a
README in Vietnamese — in a new folder, never over files that are there."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from docgen.catalog.schema import MARK, SPEC_FILE, section_file
from docgen.catalog.yamlio import load_yaml
from docgen.errors import DocgenError
from docgen.i18n import _
from docgen.workflows import specdoc
from docgen.workflows.files import output_path, write_file, write_text

#: files copied as text (UTF-8, NFC as written); anything else (a workbook) byte for byte
_TEXT = (".yaml", ".yml", ".csv", ".md", ".txt")

SKELETON_ORG = """\
# Tổ chức của anh/chị: sửa tên, tiêu đề, người ký cho đúng; thêm đơn vị cấp trên, cấp dưới
# khi cần (xem docs/spec.md của docgen).
orgs:
  - id: truong-thcs-mau
    name: Trường Trung học cơ sở Mẫu
    short: Trường THCS Mẫu
    header: [TRƯỜNG TRUNG HỌC CƠ SỞ MẪU]
    chu_quan: [UBND XÃ MẪU]
    level: truong
    abbr: THCS
    place: Mẫu
    head_title: Hiệu trưởng
    units:
      VP: Văn phòng
    signers:
      - id: nguyen-van-a
        name: Nguyễn Văn A
        title: Hiệu trưởng
        role: head
"""

SKELETON_SPEC = """\
# Một công văn của Trường THCS Mẫu: sửa trích yếu, nơi nhận và nội dung, rồi chạy
#   docgen render examples/cong-van-mau.yaml -o out
name: cong-van-mau
kind: cong_van
issuer: truong-thcs-mau
signer: nguyen-van-a
unit: VP
year: 2026
subject: báo cáo kết quả thực hiện nhiệm vụ năm học 2025-2026
recipients:
  - Phòng Văn hóa - Xã hội xã Mẫu
body:
  - text: "Thực hiện chỉ đạo của cấp trên, {{ issuer.mention }} báo cáo như sau:"
  - text: "Nội dung báo cáo./."
"""

README = """\
# Thư mục làm việc docgen

Thư mục này do `docgen init` tạo ra. docgen soạn văn bản hành chính (công văn, kế hoạch,
báo cáo…) đúng thể thức Nghị định 30/2020/NĐ-CP từ các danh mục (tệp YAML) và mẫu Word.

## Có gì ở đây

- `catalogs/` — danh mục: cơ quan, đơn vị và người ký (`orgs/`), văn bản căn cứ
  (`references/`), nhiệm vụ (`tasks/`), mốc thời hạn (`milestones/`), chỉ tiêu (`targets/`).
  Sửa các tệp này một lần; mọi văn bản sau dùng lại, không phải gõ lại.
- `examples/` — mỗi loại văn bản một tệp mẫu (tệp "spec"): chỉ ghi những gì riêng của văn bản
  đó (trích yếu, nơi nhận, nội dung). Sao chép một tệp để bắt đầu văn bản mới.

## Các lệnh thường dùng (chạy trong thư mục này)

```sh
docgen catalog check                          # kiểm tra danh mục (báo mọi lỗi một lần)
docgen render examples/TEN.yaml -o out        # soạn văn bản .docx vào thư mục out/
docgen check out/*.docx                       # kiểm tra thể thức theo NĐ30
docgen --help                                 # mọi lệnh đều có hướng dẫn
```

## Lưu ý khi sửa tệp YAML

- Lưu tệp với mã **UTF-8** (Notepad: Lưu thành → Mã hóa: UTF-8), không dùng "Unicode".
- Thụt đầu dòng bằng **dấu cách**, không dùng phím Tab.
- Văn bản có dấu hai chấm và dấu cách (`: `) phải đặt trong ngoặc kép:
  `- "Lưu ý: gửi bản giấy"`.
- Ngày viết `2026-01-05` hoặc `05/01/2026` (ngày/tháng/năm).
"""


@dataclass
class Workspace:
    """What ``init`` wrote: the folder and the files, relative to it, in order."""

    folder: Path
    files: list[str] = field(default_factory=list)


def init_workspace(
    target: Path, *, catalogs: Path, examples: Path | None, empty: bool = False
) -> Workspace:
    """Make *target* a workspace: a copy of *catalogs* (or, with *empty*, a skeleton with one
    organisation) and one example spec per kind from *examples*, with a README. *target* must
    be new or empty: nothing there is replaced."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise DocgenError(
            _("{target} already exists and is not an empty folder").format(target=target),
            hint=_("give the name of a new folder; docgen init never writes over files"),
        )
    planned = list(_skeleton() if empty else _copies(catalogs, examples))
    # the JSON Schemas the files' first lines name, and the reference of the spec language
    planned += list(specdoc.files().items())
    done = Workspace(target)
    for relative, source in planned:
        path = output_path(target, relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, str):
            write_text(path, source)
        elif source.suffix.lower() in _TEXT:
            write_text(path, source.read_text(encoding="utf-8"))
        else:
            write_file(path, partial(shutil.copyfile, source))
        done.files.append(relative)
    write_text(output_path(target, "README.md"), README)
    done.files.append("README.md")
    return done


def _skeleton() -> Iterator[tuple[str, str | Path]]:
    yield "catalogs/orgs/don-vi.yaml", f"{MARK}../../schema/{section_file('orgs')}\n{SKELETON_ORG}"
    yield "examples/cong-van-mau.yaml", f"{MARK}../schema/{SPEC_FILE}\n{SKELETON_SPEC}"


def _copies(catalogs: Path, examples: Path | None) -> Iterator[tuple[str, str | Path]]:
    if not catalogs.is_dir():
        raise DocgenError(
            _("no catalog folder at {catalogs}").format(catalogs=catalogs),
            hint=_("give one with --catalog, or start from a skeleton with --empty"),
        )
    for path in sorted(catalogs.rglob("*.y*ml")):
        yield f"catalogs/{path.relative_to(catalogs).as_posix()}", path
    if examples is None or not examples.is_dir():
        return
    for spec in _one_per_kind(examples):
        yield f"examples/{spec.name}", spec
        yield from _data_of(spec, examples)


def _one_per_kind(examples: Path) -> list[Path]:
    """The first example (by file name) of each kind, in the order of the kinds found."""
    chosen: dict[str, Path] = {}
    for spec in sorted(examples.glob("*.yaml")):
        data = load_yaml(spec)
        kind = data.get("kind", "cong_van") if isinstance(data, dict) else None
        if isinstance(kind, str) and kind not in chosen:
            chosen[kind] = spec
    return list(chosen.values())


def _data_of(spec: Path, examples: Path) -> Iterator[tuple[str, Path]]:
    """The figure files a spec's ``data:`` names, when they lie inside *examples*."""
    data = load_yaml(spec)
    folder = data.get("data") if isinstance(data, dict) else None
    if not isinstance(folder, str) or not folder:
        return
    source = (spec.parent / folder).resolve()
    if not source.is_relative_to(examples.resolve()) or not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield f"examples/{path.relative_to(examples.resolve()).as_posix()}", path
