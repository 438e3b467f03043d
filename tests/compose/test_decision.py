"""A quyết định composed from its spec and the real catalogs: the authority line, the Căn cứ
lines, the articles with their khoản and điểm, the executors' article, "Như Điều N" and the
signature (NĐ30 Phụ lục I, Điều 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.catalog.catalog import Catalog
from docgen.catalog.specfile import load_spec
from docgen.compose.context import DocContext, build_context
from docgen.compose.inline import plain
from docgen.errors import CatalogError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "binh-thuan-qd-2025.yaml"

SPEC = """\
name: qd
kind: quyet_dinh
issuer: {issuer}
signer: {signer}
year: 2025
subject: Về việc thành lập Tổ công tác
{extra}can_cu:
  - luat-tccqdp-65-2025
  - [luat-luat-su-2006, luat-luat-su-2012]
  - Căn cứ {{{{ cite("123/2013/NĐ-CP", "long", date="long") }}}},
de_nghi:
  - Xét đề nghị của Giám đốc Sở Tư pháp.
articles:
  - text: "Thành lập Tổ công tác, gồm:"
    items:
      - text: "Thành viên:"
        items:
          - text: "Tổ trưởng:"
            items: [Ông A, Bà B]
          - Thư ký.
      - Nhiệm vụ theo {{{{ cite("123/2013/NĐ-CP") }}}}.
  - title: Hiệu lực thi hành
    text: Quyết định này có hiệu lực kể từ ngày ký.
executors:
  - Chánh Văn phòng Ủy ban nhân dân tỉnh;
  - Giám đốc Sở Tư pháp
  - các ông, bà có tên tại Điều 1.
cc: [Bộ Tư pháp]
luu: [NCKS]
"""


def write(tmp_path: Path, issuer: str = "ubnd-tinh-binh-thuan", **keys: str) -> Path:
    signer = keys.pop("signer", "do-huu-huy")
    extra = "".join(f"{key}: {value}\n" for key, value in keys.items())
    path = tmp_path / "qd.yaml"
    path.write_text(SPEC.format(issuer=issuer, signer=signer, extra=extra), encoding="utf-8")
    return path


def compose(catalog: Catalog, path: Path) -> DocContext:
    return build_context(load_spec(path), catalog)


def texts(ctx: DocContext) -> list[str]:
    return [plain(b.spans) for b in ctx.body]


def test_the_collective_body_decides_and_signs_tm(catalog: Catalog, tmp_path: Path) -> None:
    ctx = compose(catalog, write(tmp_path))
    assert ctx.decision is not None
    assert ctx.title == "QUYẾT ĐỊNH"
    assert ctx.header.so == "Số:      /QĐ-UBND" and ctx.header.vv == ""
    assert ctx.kinh_gui is None
    assert ctx.decision.authority == "ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN"
    assert ctx.signature.lines == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")


def test_the_head_decides_in_his_own_right(catalog: Catalog, tmp_path: Path) -> None:
    deputy = "{name: Nguyễn Văn A, title: Phó Chủ tịch, role: deputy}"
    ctx = compose(catalog, write(tmp_path, authority="head", signer=deputy))
    assert ctx.decision is not None
    assert ctx.decision.authority == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN"
    assert ctx.signature.lines == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")


def test_a_director_decides_without_tm(catalog: Catalog, tmp_path: Path) -> None:
    ctx = compose(catalog, write(tmp_path, issuer="sgddt-kon-tum", signer="nguyen-trong-thang"))
    assert ctx.decision is not None
    assert ctx.decision.authority == "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH KON TUM"
    assert ctx.signature.lines == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")


def test_the_authority_line_can_be_written(catalog: Catalog, tmp_path: Path) -> None:
    line = "Giám đốc Sở Giáo dục và Đào tạo"
    ctx = compose(
        catalog,
        write(tmp_path, issuer="sgddt-kon-tum", signer="nguyen-trong-thang", authority_line=line),
    )
    assert ctx.decision is not None and ctx.decision.authority == "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO"


def test_basis_lines_end_with_semicolons_and_the_last_with_a_period(
    catalog: Catalog, tmp_path: Path
) -> None:
    ctx = compose(catalog, write(tmp_path))
    assert ctx.decision is not None
    lines = [plain(b.spans) for b in ctx.decision.basis]
    assert lines == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;",
        "Căn cứ Luật Luật sư ngày 29 tháng 6 năm 2006 và Luật sửa đổi, bổ sung một số điều"
        " của Luật Luật sư ngày 20 tháng 11 năm 2012;",
        "Căn cứ Nghị định số 123/2013/NĐ-CP ngày 14 tháng 10 năm 2013 của Chính phủ quy định"
        " chi tiết một số điều và biện pháp thi hành Luật Luật sư;",
        "Xét đề nghị của Giám đốc Sở Tư pháp.",
    ]
    assert all(s.italic for b in ctx.decision.basis for s in b.spans)


def test_articles_are_numbered_with_their_khoan_and_diem(catalog: Catalog, tmp_path: Path) -> None:
    ctx = compose(catalog, write(tmp_path))
    assert texts(ctx) == [
        "Điều 1. Thành lập Tổ công tác, gồm:",
        "1. Thành viên:",
        "a) Tổ trưởng:",
        "- Ông A",
        "- Bà B",
        "b) Thư ký.",
        "2. Nhiệm vụ theo Nghị định số 123/2013/NĐ-CP.",  # cited in the Căn cứ: short now
        "Điều 2. Hiệu lực thi hành",
        "Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Tư pháp và các ông, bà có"
        " tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
    ]
    first, executors = ctx.body[0], ctx.body[-1]
    assert (first.style, first.spans[0].text, first.spans[0].bold) == ("article", "Điều 1.", True)
    assert not first.spans[1].bold
    assert executors.spans[0].text == "Điều 3." and executors.spans[0].bold
    titled = ctx.body[7]
    assert titled.style == "article" and all(s.bold for s in titled.spans)


def test_noi_nhan_opens_with_the_executors_article(catalog: Catalog, tmp_path: Path) -> None:
    ctx = compose(catalog, write(tmp_path))
    assert ctx.noi_nhan == ("- Như Điều 3;", "- Bộ Tư pháp;", "- Lưu: VT, NCKS.")


def test_the_example_reproduces_the_real_decision(catalog: Catalog) -> None:
    ctx = compose(catalog, EXAMPLE)
    assert ctx.decision is not None and ctx.decision.executors_article == 3
    assert ctx.noi_nhan[0] == "- Như Điều 3;" and ctx.noi_nhan[-1] == "- Lưu: VT, NCKS."
    assert texts(ctx)[-1].startswith("Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc")


@pytest.mark.parametrize(
    ("keys", "message", "hint"),
    [
        ({"authority": "collective", "issuer": "sgddt-kon-tum"}, "is not a collective body", ""),
        ({"authority": "chairman"}, "'authority' cannot be 'chairman'", "collective, head"),
    ],
)
def test_authority_errors(
    catalog: Catalog, tmp_path: Path, keys: dict[str, str], message: str, hint: str
) -> None:
    issuer = keys.pop("issuer", "ubnd-tinh-binh-thuan")
    signer = "nguyen-trong-thang" if issuer == "sgddt-kon-tum" else "do-huu-huy"
    path = write(tmp_path, issuer=issuer, signer=signer, **keys)
    with pytest.raises(CatalogError) as info:
        compose(catalog, path)
    text = str(info.value)
    assert text.startswith(f"{path}:") and message in text and hint in text


def test_the_executors_may_close_the_last_article(catalog: Catalog, tmp_path: Path) -> None:
    ctx = compose(catalog, write(tmp_path, executors_article="last"))
    assert ctx.decision is not None and ctx.decision.executors_article == 2
    assert texts(ctx)[-3:] == [
        "Điều 2. Hiệu lực thi hành",
        "Quyết định này có hiệu lực kể từ ngày ký.",
        "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Tư pháp và các ông, bà có tên tại"
        " Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
    ]
    assert ctx.body[-1].style == "para" and ctx.noi_nhan[0] == "- Như Điều 2;"
