"""A tờ trình, a thông báo and a giấy mời composed from a spec and the real catalogs: the
trích yếu, who is addressed where, the closing lines, the meeting."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.catalog.catalog import Catalog
from docgen.catalog.specfile import load_spec
from docgen.compose.context import DocContext, build_context
from docgen.compose.inline import plain
from docgen.compose.kinds import trich_yeu
from docgen.errors import CatalogError
from docgen.model.spec import DocumentSpec, SignerRef

SNV = "issuer: snv-lam-dong\nsigner: le-thi-theu\nyear: 2025\n"
UBND = "issuer: ubnd-tinh-lam-dong\nsigner: dinh-van-tuan\nyear: 2026\n"
MEETING = (
    "meeting:\n  date: 2026-01-15\n  time: '08:00'\n  place: Phòng họp số 2\n"
    "  content: Nghe báo cáo kết quả cải cách hành chính năm 2025\n"
)


def compose(tmp_path: Path, catalog: Catalog, text: str) -> DocContext:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return build_context(load_spec(path), catalog)


def lines(ctx: DocContext) -> list[str]:
    return [plain(b.spans) for b in ctx.body]


def test_a_to_trinh_is_about_its_subject_and_submits_to_the_level_above(
    tmp_path: Path, catalog: Catalog
) -> None:
    ctx = compose(
        tmp_path,
        catalog,
        "kind: to_trinh\n" + SNV + "subject: đề nghị phê duyệt Điều lệ Hội\n"
        "recipients: [Chủ tịch Ủy ban nhân dân tỉnh]\nbody: [Căn cứ hồ sơ đề nghị của Hội.]\n",
    )
    assert (ctx.title, ctx.subject) == ("TỜ TRÌNH", "Về việc đề nghị phê duyệt Điều lệ Hội")
    assert ctx.header.vv == "" and ctx.header.so == "Số:      /TTr-SNV"
    assert ctx.kinh_gui is not None and ctx.kinh_gui.single == "Chủ tịch Ủy ban nhân dân tỉnh."
    assert lines(ctx) == [
        "Căn cứ hồ sơ đề nghị của Hội.",
        "Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, quyết định./.",
    ]
    assert ctx.noi_nhan[0] == "- Như trên;"
    assert ctx.signature.lines == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


def test_a_to_trinh_names_whom_its_closing_submits_to(tmp_path: Path, catalog: Catalog) -> None:
    ctx = compose(
        tmp_path,
        catalog,
        "kind: to_trinh\n" + SNV + "subject: Về việc trình ký Báo cáo\n"
        "recipients: [Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng]\n"
        "kinh_trinh:\n  to: Chủ tịch Ủy ban nhân dân tỉnh\n  asks: xem xét, ký ban hành.\n",
    )
    assert ctx.subject == "Về việc trình ký Báo cáo"  # not "Về việc Về việc …"
    assert lines(ctx) == [
        "Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, ký ban hành./."
    ]


@pytest.mark.parametrize(
    ("recipients", "says"),
    [
        ("", "a tờ trình names no recipient"),
        (
            "recipients: [A B, C D]\n",
            "a tờ trình is submitted to one recipient, and this one has 2",
        ),
    ],
)
def test_a_to_trinh_without_one_recipient_is_refused(
    tmp_path: Path, catalog: Catalog, recipients: str, says: str
) -> None:
    with pytest.raises(CatalogError, match=says) as caught:
        compose(tmp_path, catalog, "kind: to_trinh\n" + SNV + "subject: x\n" + recipients)
    assert str(caught.value).startswith(str(tmp_path / "s.yaml") + ":")


def test_a_thong_bao_has_no_kinh_gui_its_recipients_are_under_noi_nhan(
    tmp_path: Path, catalog: Catalog
) -> None:
    ctx = compose(
        tmp_path,
        catalog,
        "kind: thong_bao\n" + UBND + "subject: Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại "
        "cuộc họp ngày 05/01/2026\nrecipients: [snv-lam-dong, 'Các sở, ban, ngành']\n"
        "cc: [vp-ubnd-lam-dong]\nluu: [NC]\nbody:\n  - Ngày 05/01/2026, Chủ tịch đã chủ trì họp.\n"
        "  - section:\n      id: kl\n      items:\n        - text: Giao Sở Nội vụ chủ trì.\n"
        "        - text: Giao các sở phối hợp./.\n",
    )
    assert (ctx.title, ctx.kinh_gui, ctx.header.so) == ("THÔNG BÁO", None, "Số:      /TB-UBND")
    assert ctx.subject.startswith("Kết luận của Chủ tịch")
    assert ctx.noi_nhan == (
        "- Sở Nội vụ;",
        "- Các sở, ban, ngành;",
        "- Văn phòng UBND tỉnh;",
        "- Lưu: VT, NC.",
    )
    assert lines(ctx)[1:] == ["1. Giao Sở Nội vụ chủ trì.", "2. Giao các sở phối hợp./."]
    assert ctx.signature.lines == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


def test_a_head_speaking_in_own_right_signs_without_tm(tmp_path: Path, catalog: Catalog) -> None:
    ctx = compose(tmp_path, catalog, "kind: thong_bao\n" + UBND + "subject: x\nauthority: head\n")
    assert ctx.signature.lines == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


def test_a_giay_moi_invites_then_says_when_where_and_what(tmp_path: Path, catalog: Catalog) -> None:
    ctx = compose(
        tmp_path,
        catalog,
        "kind: giay_moi\n" + UBND + "subject: Họp đánh giá công tác cải cách hành chính\n"
        "recipients: [snv-lam-dong, 'Lãnh đạo các sở, ban, ngành']\n" + MEETING + "  chair: Đồng "
        "chí Phó Chủ tịch Ủy ban nhân dân tỉnh\n  members: [Sở Nội vụ, Sở Tư pháp]\n"
        "  prepare: Đề nghị Sở Nội vụ chuẩn bị báo cáo\n",
    )
    assert (ctx.title, ctx.kinh_gui, ctx.header.so) == ("GIẤY MỜI", None, "Số:      /GM-UBND")
    assert lines(ctx) == [
        "Ủy ban nhân dân tỉnh trân trọng kính mời:",
        "- Sở Nội vụ tỉnh Lâm Đồng;",
        "- Lãnh đạo các sở, ban, ngành.",
        "Thời gian: 08 giờ 00 phút, thứ Năm, ngày 15 tháng 01 năm 2026.",
        "Địa điểm: Phòng họp số 2.",
        "Nội dung: Nghe báo cáo kết quả cải cách hành chính năm 2025.",
        "Chủ trì: Đồng chí Phó Chủ tịch Ủy ban nhân dân tỉnh.",
        "Thành phần:",
        "- Sở Nội vụ;",
        "- Sở Tư pháp.",
        "Đề nghị Sở Nội vụ chuẩn bị báo cáo./.",
    ]
    label = ctx.body[3].spans
    assert (label[0].text, label[0].bold, label[1].bold) == ("Thời gian: ", True, False)
    assert ctx.noi_nhan[0] == "- Như thành phần mời;"
    assert not any("Như trên" in line for line in ctx.noi_nhan)


def test_a_giay_moi_for_one_guest_names_it_on_the_line_and_keeps_its_own_closing(
    tmp_path: Path, catalog: Catalog
) -> None:
    ctx = compose(
        tmp_path,
        catalog,
        "kind: giay_moi\n"
        + UBND
        + "subject: x\nrecipients: [Giám đốc Sở Nội vụ]\n"
        + MEETING
        + "body: [Rất mong đồng chí tham dự đúng giờ./.]\n",
    )
    assert lines(ctx)[0] == "Ủy ban nhân dân tỉnh trân trọng kính mời: Giám đốc Sở Nội vụ."
    assert lines(ctx)[-2:] == [
        "Nội dung: Nghe báo cáo kết quả cải cách hành chính năm 2025.",
        "Rất mong đồng chí tham dự đúng giờ./.",
    ]


def test_a_giay_moi_inviting_nobody_is_refused(tmp_path: Path, catalog: Catalog) -> None:
    with pytest.raises(CatalogError, match="a giấy mời invites nobody — list who is invited"):
        compose(tmp_path, catalog, "kind: giay_moi\n" + UBND + "subject: x\n" + MEETING)


def test_other_kinds_keep_their_trich_yeu() -> None:
    assert trich_yeu("thong_bao", "Kết luận của Chủ tịch") == "Kết luận của Chủ tịch"
    assert trich_yeu("to_trinh", "về việc A") == "về việc A"
    assert trich_yeu("cong_van", "hướng dẫn") == "hướng dẫn"


def test_a_wrong_text_in_the_meeting_is_named_at_its_own_line(
    tmp_path: Path, catalog: Catalog
) -> None:
    text = "kind: giay_moi\n" + UBND + "subject: x\nrecipients: [A B]\n" + MEETING
    text += "  chair: '{{ chu_tri }}'\n"
    with pytest.raises(CatalogError, match="unknown name in the text: 'chu_tri'") as caught:
        compose(tmp_path, catalog, text)
    assert str(caught.value).startswith(f"{tmp_path / 's.yaml'}:12:10:")


def test_a_giay_moi_spec_without_its_meeting_is_refused_when_composed(catalog: Catalog) -> None:
    spec = DocumentSpec(
        name="x",
        kind="giay_moi",
        issuer="ubnd-tinh-lam-dong",
        signer=SignerRef(id="dinh-van-tuan"),
        subject="x",
        year=2026,
        recipients=("A B",),
    )
    with pytest.raises(CatalogError, match="a giấy mời names no meeting"):
        build_context(spec, catalog)


def test_a_wrong_text_in_kinh_trinh_is_named_at_its_line(tmp_path: Path, catalog: Catalog) -> None:
    text = "kind: to_trinh\n" + SNV + "subject: x\nrecipients: [A B]\n"
    text += "kinh_trinh:\n  to: A\n  asks: '{{ y_kien }}'\n"
    with pytest.raises(CatalogError, match="unknown name in the text: 'y_kien'") as caught:
        compose(tmp_path, catalog, text)
    assert str(caught.value).startswith(f"{tmp_path / 's.yaml'}:9:9:")
