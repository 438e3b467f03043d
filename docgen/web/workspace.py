"""The desk's workspace: one folder holding the drafts' specs, what was made of them, the
schools' figures, the accounts and (by default) the register.

::

    WORKSPACE/
      catalogs/            the catalogs (else the command line's lookup: see docgen serve)
      van-ban/ORG/N.yaml   the specs of ORG's documents: the same files `docgen render` reads
      ban-nhap/ORG/        what a render of them made: N.docx, N.pdf, N.trang-1.png…
      da-ban-hanh/ORG/     the documents a văn thư issued (.docx and .pdf)
      so-lieu/XA/TRUONG.xlsx  the figures a school sent for its xã
      users.sqlite         the accounts (docgen user add)
      register.sqlite      the register (unless --register names another)

Every path is made here from names checked by :mod:`docgen.names` (an organisation's id
from the catalog, a document's name) and joined by :func:`docgen.workflows.files.output_path`,
which proves it stays in its folder: nothing a form sends becomes a path otherwise.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docgen.catalog.catalog import Catalog
from docgen.errors import DocgenError
from docgen.names import name_problem
from docgen.workflows.files import first_line_starts, output_path, write_text

SPECS = "van-ban"
DRAFTS = "ban-nhap"
ISSUED = "da-ban-hanh"
FIGURES = "so-lieu"
#: the first line of every spec the desk writes: a spec without it (written by hand) is
#: never replaced by the page
MARKER = "# Soạn trên bàn làm việc docgen"
#: a spec larger than this is not read by the page
MAX_SPEC_BYTES = 1_000_000


class NotFound(DocgenError):
    """A document, organisation or file the workspace does not have."""


@dataclass(frozen=True)
class DraftFile:
    """One spec file of the workspace."""

    org: str
    name: str
    path: Path
    modified: float

    @property
    def year(self) -> int:
        return date.fromtimestamp(self.modified).year


class Workspace:
    """Paths of the workspace *root*, and its catalog."""

    def __init__(self, root: Path, catalog: Catalog) -> None:
        self.root = root
        self.catalog = catalog

    # -- names ---------------------------------------------------------------------------
    def org_id(self, value: str) -> str:
        """*value* if it is the id of an organisation of the catalog (a NotFound otherwise)."""
        if name_problem(value) is not None or value not in self.catalog.orgs:
            raise NotFound(f"không có đơn vị '{value[:80]}'")
        return value

    def folder(self, kind: str, org: str) -> Path:
        """``ROOT/KIND/ORG`` (KIND one of the folders above), made if missing."""
        base = self.root / kind
        base.mkdir(parents=True, exist_ok=True)
        path = output_path(base, self.org_id(org))
        path.mkdir(exist_ok=True)
        return path

    def file(self, kind: str, org: str, name: str, suffix: str) -> Path:
        """``ROOT/KIND/ORG/NAME.SUFFIX``; *name* must be a valid name (docgen.names)."""
        problem = name_problem(name)
        if problem is not None:
            raise NotFound(f"tên văn bản '{name[:80]}' không hợp lệ")
        return output_path(self.folder(kind, org), f"{name}{suffix}")

    # -- specs ---------------------------------------------------------------------------
    def spec_path(self, org: str, name: str) -> Path:
        return self.file(SPECS, org, name, ".yaml")

    def existing_spec(self, org: str, name: str) -> Path:
        """The spec of *name* of *org*, which must exist."""
        path = self.spec_path(org, name)
        if not path.is_file():
            raise NotFound(f"không có văn bản '{name}' của đơn vị này")
        return path

    def drafts(self, org: str) -> list[DraftFile]:
        """The specs of *org*, newest first."""
        folder = self.root / SPECS / self.org_id(org)
        if not folder.is_dir():
            return []
        found = []
        with os.scandir(folder) as entries:
            for entry in entries:
                stem = entry.name.removesuffix(".yaml")
                if (
                    entry.name.endswith(".yaml")
                    and entry.is_file(follow_symlinks=False)
                    and name_problem(stem) is None
                ):
                    found.append(DraftFile(org, stem, Path(entry.path), entry.stat().st_mtime))
        return sorted(found, key=lambda d: (-d.modified, d.name))

    def save_spec(self, org: str, name: str, text: str, new: bool) -> Path:
        """Write the spec *text* (it starts with :data:`MARKER`): a new one must not exist
        yet; an old one is replaced only if the desk wrote it."""
        if not text.startswith(MARKER):
            raise ValueError("a spec of the desk starts with its marker")
        path = self.spec_path(org, name)
        if new and path.exists():
            raise DocgenError(
                f"đã có văn bản tên '{name}'", hint="chọn tên khác hoặc mở văn bản đó để sửa"
            )
        ours = first_line_starts(MARKER)
        if path.exists() and not ours(path):
            raise DocgenError(
                f"văn bản '{name}' được sửa ngoài trang (không có dòng đầu '{MARKER}')",
                hint="sửa tệp YAML bằng trình soạn thảo, hoặc lưu với tên khác",
            )
        return write_text(path, text, ours=ours)

    def read_spec(self, path: Path) -> str:
        size = path.stat().st_size
        if size > MAX_SPEC_BYTES:
            raise DocgenError(f"tệp {path.name} quá lớn ({size} byte)")
        return path.read_text(encoding="utf-8")

    # -- made files ----------------------------------------------------------------------
    def made(self, org: str, name: str) -> dict[str, Path]:
        """What a render of *name* made: 'docx', 'pdf', 'page-1', 'page-2'… that exist."""
        found: dict[str, Path] = {}
        for key, suffix in (("docx", ".docx"), ("pdf", ".pdf")):
            path = self.file(DRAFTS, org, name, suffix)
            if path.is_file():
                found[key] = path
        for n in range(1, MAX_PAGES + 1):
            path = self.file(DRAFTS, org, name, f".trang-{n}.png")
            if not path.is_file():
                break
            found[f"page-{n}"] = path
        return found

    def remove_pages(self, org: str, name: str) -> None:
        """Forget the page images of an earlier render."""
        for n in range(1, MAX_PAGES + 1):
            with contextlib.suppress(FileNotFoundError):
                self.file(DRAFTS, org, name, f".trang-{n}.png").unlink()


#: pages of a document shown as images, at most
MAX_PAGES = 20
