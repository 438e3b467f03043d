"""The rendered quyết định (examples/binh-thuan-qd-2025.yaml), opened: its components in the
order and with the look of NĐ30 Phụ lục I's model of a decision, styled by the template's
own DG styles, and close to the real decision it reproduces."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CATALOGS, EXAMPLES, ROOT
from docx import Document
from docxview import Para, find, paragraphs, twips

from docgen.catalog.catalog import Catalog
from docgen.workflows.render import render_spec

CORPUS = ROOT.parent / "shared" / "corpus" / "real-docx"
#: each example and the real decision it reproduces
REAL = {"binh-thuan-qd-2025": CORPUS / "vb003.docx", "lam-dong-qd-2025": CORPUS / "vb107.docx"}
FIDELITY = ROOT.parent / "shared" / "tools" / "fidelity.py"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("qd")
    catalog = Catalog.load(CATALOGS)
    return {name: render_spec(EXAMPLES / f"{name}.yaml", out, catalog) for name in REAL}


@pytest.fixture(scope="module")
def decision(rendered: dict[str, Path]) -> Path:
    """The collective body's decision (TM. ỦY BAN NHÂN DÂN)."""
    return rendered["binh-thuan-qd-2025"]


def look(p: Para) -> tuple[float | None, bool, bool, str]:
    return (p.size, p.bold, p.italic, p.align)


def test_components_in_the_order_of_the_model(decision: Path) -> None:
    texts = [p.text for p in paragraphs(decision) if p.text.strip()]
    order = [
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số:      /QĐ-UBND",
        "Bình Thuận, ngày      tháng      năm 2025",
        "QUYẾT ĐỊNH",
        "Phê chuẩn kết quả Đại hội Đoàn Luật sư tỉnh Bình Thuận nhiệm kỳ X (2024 - 2029)",
        "ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;",
        "Theo đề nghị của Ban Chủ nhiệm Đoàn Luật sư tỉnh Bình Thuận",
        "QUYẾT ĐỊNH:",
        "Điều 1. Phê chuẩn",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký ban hành.",
        "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh",
        "Nơi nhận:",
        "- Như Điều 3;",
        "- Lưu: VT, NCKS.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Đỗ Hữu Huy",
    ]
    at = [next(i for i, t in enumerate(texts) if t.startswith(s)) for s in order]
    assert at == sorted(at)
    assert not any(t.startswith(("Kính gửi", "V/v")) for t in texts)


def test_the_look_of_each_component(decision: Path) -> None:
    paras = paragraphs(decision)
    assert look(find(paras, "QUYẾT ĐỊNH")) == (14, True, False, "CENTER")
    assert find(paras, "QUYẾT ĐỊNH").style == "DG Title"
    assert look(find(paras, "Phê chuẩn kết quả")) == (14, True, False, "CENTER")
    authority = find(paras, "ỦY BAN NHÂN DÂN TỈNH")
    assert look(authority) == (14, True, False, "CENTER") and authority.style == "DG Authority"
    basis = [p for p in paras if p.text.startswith(("Căn cứ", "Theo đề nghị"))]
    assert len(basis) == 6 and all(p.style == "DG Basis" and p.italic for p in basis)
    assert [p.text[-1] for p in basis] == [";"] * 5 + ["."]
    enact = find(paras, "QUYẾT ĐỊNH:")
    assert look(enact) == (14, True, False, "CENTER") and enact.style == "DG Enact"
    articles = [p for p in paras if p.text.startswith("Điều ")]
    assert [p.text[:7] for p in articles] == ["Điều 1.", "Điều 2.", "Điều 3."]
    assert all(p.style == "DG Article" and p.align == "JUSTIFY" for p in articles)
    assert articles[-1].text.endswith("chịu trách nhiệm thi hành Quyết định này./.")
    khoan = find(paras, "1. Kết quả bầu cử")
    assert khoan.style == "DG Body" and not khoan.bold
    assert find(paras, "a) Ban Chủ nhiệm").style == "DG Body"
    assert find(paras, "- Luật sư Đỗ Minh Trúc").style == "DG Body"
    assert look(find(paras, "TM. ỦY BAN NHÂN DÂN")) == (14, True, False, "CENTER")


def test_article_labels_are_bold_and_their_text_is_not(decision: Path) -> None:
    doc = Document(str(decision))
    first = next(p for p in doc.paragraphs if p.text.startswith("Điều 1."))
    runs = [r for r in first.runs if r.text.strip()]
    assert runs[0].text == "Điều 1." and runs[0].bold
    assert all(not r.bold for r in runs[1:])


def test_the_rule_under_the_trich_yeu_is_a_third_to_a_half_of_it(decision: Path) -> None:
    """The trích yếu fills its first line, so its rule is 1/3–1/2 of the text width."""
    doc = Document(str(decision))
    body = doc.paragraphs
    at = next(i for i, p in enumerate(body) if p.text.startswith("Phê chuẩn kết quả"))
    rule = body[at + 1]
    assert rule.style is not None and rule.style.name == "DG Rule Short"
    section = doc.sections[0]
    width = twips(section.page_width) - twips(section.left_margin) - twips(section.right_margin)
    left, right = rule.paragraph_format.left_indent, rule.paragraph_format.right_indent
    assert left is not None and right is not None
    assert width / 3 <= width - twips(left) - twips(right) <= width / 2


def test_the_chairman_decides_in_his_own_right(rendered: dict[str, Path]) -> None:
    paras = [p for p in paragraphs(rendered["lam-dong-qd-2025"]) if p.text.strip()]
    texts = [p.text for p in paras]
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG" in texts
    assert texts[-2:] == ["CHỦ TỊCH", "Hồ Văn Mười"]
    assert not any(t.startswith("TM.") for t in texts)
    closing = find(paras, "Chánh Văn phòng Ủy ban nhân dân tỉnh")  # closes Điều 3
    assert closing.style == "DG Body" and texts[texts.index(closing.text) - 1].startswith("Điều 3.")
    assert "- Như Điều 3;" in texts


@pytest.mark.parametrize("name", sorted(REAL))
def test_it_reproduces_the_real_decision(rendered: dict[str, Path], name: str) -> None:
    if not REAL[name].exists():
        pytest.skip("the shared corpus is not beside the checkout")
    result = subprocess.run(
        [sys.executable, str(FIDELITY), str(rendered[name]), str(REAL[name])],
        capture_output=True,
        text=True,
        check=True,
    )
    last = result.stdout.strip().splitlines()[-1]  # "similarity 0.996 recall … precision …"
    assert last.startswith("similarity ")
    assert float(last.split()[1]) >= 0.95, result.stdout
