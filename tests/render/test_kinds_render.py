"""The tờ trình, thông báo and giấy mời examples rendered with their stock templates: the
tên loại and trích yếu where NĐ30 puts them, the Kính gửi only on the tờ trình, the giấy
mời's labels in bold; and `docgen check` finds nothing to say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CATALOGS, EXAMPLES
from docx import Document
from docxview import Para, find, paragraphs

from docgen.cli import main

SPECS = {
    "to_trinh": "lam-dong-to-trinh-vstbpn",
    "thong_bao": "lam-dong-thong-bao-truong-son",
    "giay_moi": "lam-dong-giay-moi-ctmtqg",
}
TITLES = {"to_trinh": "TỜ TRÌNH", "thong_bao": "THÔNG BÁO", "giay_moi": "GIẤY MỜI"}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kinds")
    specs = [str(EXAMPLES / f"{name}.yaml") for name in SPECS.values()]
    result = CliRunner().invoke(
        main, ["render", *specs, "-o", str(folder), "--catalog", str(CATALOGS), "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    return folder


def doc(out: Path, kind: str) -> list[Para]:
    return paragraphs(out / f"{SPECS[kind]}.docx")


@pytest.mark.parametrize("kind", SPECS)
def test_the_ten_loai_and_trich_yeu_stand_under_the_header(out: Path, kind: str) -> None:
    paras = doc(out, kind)
    title = find(paras, TITLES[kind])
    assert (title.style, title.bold, title.size, title.align) == ("DG Title", True, 14.0, "CENTER")
    subject = paras[paras.index(title) + 1]
    assert (subject.style, subject.bold, subject.size, subject.align) == (
        "DG Trich Yeu",
        True,
        14.0,
        "CENTER",
    )
    assert paras[paras.index(title) + 2].style == "DG Rule Short"  # the line under it
    assert not any(p.text.startswith("V/v") for p in paras)


def test_only_the_to_trinh_has_a_kinh_gui(out: Path) -> None:
    kinh_gui = find(doc(out, "to_trinh"), "Kính gửi:")
    assert kinh_gui.text == "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng."
    for kind in ("thong_bao", "giay_moi"):
        assert not any("Kính gửi" in p.text for p in doc(out, kind)), kind
    subject = find(doc(out, "to_trinh"), "Về việc")
    assert subject.text.startswith("Về việc đề nghị ban hành Quyết định")
    closing = find(doc(out, "to_trinh"), "Sở Nội vụ kính trình")
    assert closing.text == "Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh./."


def test_the_thong_bao_names_its_recipient_under_noi_nhan_and_its_head_signs(out: Path) -> None:
    paras = doc(out, "thong_bao")
    texts = [p.text for p in paras]
    label = texts.index("Nơi nhận:")
    assert texts[label + 1] == "- Hội Truyền thống Trường Sơn - Đường Hồ Chí Minh tỉnh Lâm Đồng;"
    assert "KT. CHỦ TỊCH" in texts and not any(t.startswith("TM.") for t in texts)


def test_the_giay_moi_writes_when_and_where_with_bold_labels(out: Path) -> None:
    document = Document(str(out / f"{SPECS['giay_moi']}.docx"))
    by_text = {p.text.split(":")[0]: p for p in document.paragraphs if ":" in p.text}
    time = by_text["Thời gian"]
    assert time.text == (
        "Thời gian: từ 08 giờ 00 phút đến 11 giờ 30 phút, thứ Năm, ngày 09 tháng 10 năm 2025."
    )
    assert [(r.text, r.bold) for r in time.runs][:1] == [("Thời gian: ", True)]
    assert time.style is not None and time.style.name == "DG Body"
    assert by_text["Địa điểm"].runs[0].bold and by_text["Chủ trì"].runs[0].bold
    first = find(paragraphs(out / f"{SPECS['giay_moi']}.docx"), "Văn phòng Ủy ban")
    assert first.text == "Văn phòng Ủy ban nhân dân tỉnh trân trọng kính mời:"


def test_docgen_check_finds_nothing_to_say(out: Path) -> None:
    files = [str(out / f"{name}.docx") for name in SPECS.values()]
    result = CliRunner().invoke(main, ["check", "--format", "json", *files])
    report = json.loads(result.output)
    assert result.exit_code == 0
    assert [f["findings"] for f in report["files"]] == [[], [], []]
