"""A Phụ lục on the four kinds written since the engine (quyết định, tờ trình, thông báo,
giấy mời): each stock template carries the appendix chunk, so a spec's ``appendices:``
renders on a page of its own after the signature, in its own section (portrait or
landscape, numbered from 1), with the "(Kèm theo <Kind> số … ngày … của …)" line derived
from the document. Every assertion reads the rendered .docx."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES
from docx import Document
from docx.table import _Row
from docxview import W, twips

from docgen.catalog.catalog import Catalog
from docgen.check import check_file
from docgen.errors import CatalogError
from docgen.workflows.render import render_spec

BLANK = "      "
#: example, the sentence naming the Phụ lục, where it goes, the expected Kèm theo line
KINDS = {
    "lam-dong-qd-2025": (
        "  - Giải thể Hiệp hội rau quả Đà Lạt.\n",
        "  - Giải thể Hiệp hội rau quả Đà Lạt (danh sách hội viên tại Phụ lục kèm theo).\n",
        f"(Kèm theo Quyết định số{BLANK}/QĐ-UBND ngày{BLANK}tháng{BLANK}năm 2025 "
        "của UBND tỉnh Lâm Đồng)",
    ),
    "lam-dong-to-trinh-vstbpn": (
        "body:\n",
        "body:\n  - Chi tiết tại Phụ lục kèm theo.\n",
        f"(Kèm theo Tờ trình số{BLANK}/TTr-SNV ngày{BLANK}tháng{BLANK}năm 2025 của Sở Nội vụ)",
    ),
    "lam-dong-thong-bao-truong-son": (
        "body:\n",
        "body:\n  - Chi tiết tại Phụ lục kèm theo.\n",
        f"(Kèm theo Thông báo số{BLANK}/TB-UBND ngày{BLANK}tháng{BLANK}năm 2026 "
        "của UBND tỉnh Lâm Đồng)",
    ),
    "lam-dong-giay-moi-ctmtqg": (
        "body:\n",
        "body:\n  - Chương trình làm việc tại Phụ lục kèm theo.\n",
        f"(Kèm theo Giấy mời số{BLANK}/GM-VP ngày{BLANK}tháng{BLANK}năm 2025 "
        "của Văn phòng UBND tỉnh)",
    ),
}
APPENDIX = """appendices:
  - title: Danh sách kèm theo
    orientation: {orientation}
    blocks:
      - table:
          numbered: yes
          columns: [TT, Họ và tên, Đơn vị]
          rows:
            - [Nguyễn Văn A, Sở Nội vụ]
            - [Trần Thị B, Sở Tài chính]
"""


def cells(row: _Row) -> list[str]:
    """A row's cell texts, a cell spanning grid columns once."""
    return [c.text for c in {id(c._tc): c for c in row.cells}.values()]


def with_appendix(
    tmp: Path, catalog: Catalog, example: str, orientation: str, extra: str = ""
) -> Path:
    old, new, _ = KINDS[example]
    text = (EXAMPLES / f"{example}.yaml").read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1) + APPENDIX.format(orientation=orientation) + extra
    spec = tmp / f"{example}.yaml"
    spec.write_text(text, encoding="utf-8")
    return render_spec(spec, tmp / "out", catalog)


@pytest.mark.parametrize("example", sorted(KINDS))
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_each_kind_takes_an_appendix(
    catalog: Catalog, tmp_path: Path, example: str, orientation: str
) -> None:
    path = with_appendix(tmp_path, catalog, example, orientation)
    doc = Document(str(path))
    paras = [p.text for p in doc.paragraphs]
    assert paras.count("Phụ lục") == 1
    at = paras.index("Phụ lục")
    assert paras[at + 1] == "DANH SÁCH KÈM THEO"
    assert paras[at + 2] == KINDS[example][2]
    # the body's section ends before the heading, and the appendix has its own
    heading = next(p for p in doc.paragraphs if p.text == "Phụ lục")._p
    assert heading.getprevious().find(f"{W}pPr/{W}sectPr") is not None
    body, appendix = doc.sections
    assert (twips(body.page_width), twips(body.page_height)) == (11906, 16838)
    size = (16838, 11906) if orientation == "landscape" else (11906, 16838)
    assert (twips(appendix.page_width), twips(appendix.page_height)) == size
    start = appendix._sectPr.find(f"{W}pgNumType")
    assert start is not None and start.get(f"{W}start") == "1"
    # the appendix's table is the document's last, after the Nơi nhận and signature table
    table = doc.tables[-1]
    assert "Nơi nhận:" in "".join(t._tbl.xpath("string(.)") for t in doc.tables[:-1])
    assert cells(table.rows[0]) == ["TT", "Họ và tên", "Đơn vị"]
    assert cells(table.rows[2]) == ["2", "Trần Thị B", "Sở Tài chính"]
    assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    report = check_file(path)
    assert [f.rule for f in report.findings if f.severity == "error"] == []


def test_a_quyết_định_issues_a_quy_chế(catalog: Catalog, tmp_path: Path) -> None:
    """'ban_hanh: yes': what the quyết định issues reads "(Ban hành kèm theo …)"."""
    text = (EXAMPLES / "lam-dong-qd-2025.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  - Giải thể Hiệp hội rau quả Đà Lạt.\n",
        "  - Ban hành kèm theo Quyết định này Quy chế phối hợp (Phụ lục kèm theo).\n",
        1,
    )
    text += (
        "appendices:\n  - title: Quy chế phối hợp\n    ban_hanh: yes\n    blocks:\n"
        "      - heading: Chương I. QUY ĐỊNH CHUNG\n"
        "      - Quy chế này quy định việc phối hợp giữa các cơ quan.\n"
    )
    spec = tmp_path / "qd.yaml"
    spec.write_text(text, encoding="utf-8")
    path = render_spec(spec, tmp_path / "out", catalog)
    lines = [p.text for p in Document(str(path)).paragraphs if "kèm theo Quyết định số" in p.text]
    assert lines == [
        f"(Ban hành kèm theo Quyết định số{BLANK}/QĐ-UBND ngày{BLANK}tháng{BLANK}năm 2025 "
        "của UBND tỉnh Lâm Đồng)"
    ]
    report = check_file(path)
    assert [f.rule for f in report.findings if f.severity == "error"] == []


def test_ban_hanh_is_for_a_quyết_định(catalog: Catalog, tmp_path: Path) -> None:
    text = (EXAMPLES / "lam-dong-to-trinh-vstbpn.yaml").read_text(encoding="utf-8")
    text = text.replace("body:\n", "body:\n  - Chi tiết tại Phụ lục kèm theo.\n", 1)
    text += "appendices:\n  - title: Quy chế\n    ban_hanh: yes\n    blocks: [Nội dung.]\n"
    spec = tmp_path / "tt.yaml"
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        render_spec(spec, tmp_path / "out", catalog)
    assert "'ban_hanh' is for a quyết định's phụ lục" in str(info.value)
    assert str(info.value).startswith(f"{spec}:"), str(info.value)
