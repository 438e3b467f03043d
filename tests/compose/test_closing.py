"""Signature block, Kính gửi and Nơi nhận follow NĐ30 Điều 13 and Phụ lục I."""

from __future__ import annotations

import pytest

from docgen.compose.closing import kinh_gui, noi_nhan, signature
from docgen.model.entities import Org, Signer

UBND = Org(
    id="u",
    name="Ủy ban nhân dân xã A",
    level="xa",
    abbr="UBND",
    place="A",
    collective="Ủy ban nhân dân",
    head_title="Chủ tịch",
)
SO = Org(
    id="s",
    name="Sở Giáo dục và Đào tạo",
    level="so",
    abbr="SGDĐT",
    place="B",
    head_title="Giám đốc",
)
PHONG = Org(
    id="p",
    name="Phòng Giáo dục và Đào tạo",
    level="phong",
    abbr="GDĐT",
    place="C",
    head_title="Trưởng phòng",
)


@pytest.mark.parametrize(
    ("org", "title", "role", "lines"),
    [
        (UBND, "Chủ tịch", "head", ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
        (UBND, "Phó Chủ tịch", "deputy", ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
        (SO, "Giám đốc", "head", ("GIÁM ĐỐC",)),
        (SO, "Phó Giám đốc", "deputy", ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
        (SO, "Phó Giám đốc", "acting", ("Q. GIÁM ĐỐC",)),
        (SO, "Chánh Văn phòng", "by_order", ("TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG")),
        (
            SO,
            "Trưởng phòng Tổ chức cán bộ",
            "authorised",
            ("TUQ. GIÁM ĐỐC", "TRƯỞNG PHÒNG TỔ CHỨC CÁN BỘ"),
        ),
        (PHONG, "Trưởng phòng", "head", ("TRƯỞNG PHÒNG",)),
    ],
)
def test_signature_lines(org: Org, title: str, role: str, lines: tuple[str, ...]) -> None:
    sig = signature(org, Signer(id="x", name="Nguyễn Văn A", title=title, role=role))
    assert sig.lines == lines
    assert sig.name == "Nguyễn Văn A"


def test_kinh_gui_single_and_list() -> None:
    one = kinh_gui(["Sở Giáo dục và Đào tạo tỉnh Quảng Ngãi"])
    assert one is not None and one.single == "Sở Giáo dục và Đào tạo tỉnh Quảng Ngãi."
    many = kinh_gui(["A", "B;", "C."])
    assert many is not None and many.items == ("- A;", "- B;", "- C.")
    assert kinh_gui([]) is None


def test_noi_nhan_lines() -> None:
    lines = noi_nhan(
        True, [("Bộ GDĐT", "thay báo cáo"), ("Cổng thông tin", "")], ["VP"], "thực hiện"
    )
    assert lines == (
        "- Như trên (thực hiện);",
        "- Bộ GDĐT (thay báo cáo);",
        "- Cổng thông tin;",
        "- Lưu: VT, VP.",
    )
    assert noi_nhan(False, [("Sở GD&ĐT", "(để b/c)")], []) == ("- Sở GD&ĐT (để b/c);", "- Lưu: VT.")
