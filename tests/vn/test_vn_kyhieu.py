"""Tests for docgen.vn.kyhieu."""

import pytest

from docgen.errors import DocgenError
from docgen.vn.kyhieu import (
    DOC_TYPES,
    SYMBOL_RE,
    UNTYPED_KINDS,
    canonical_type,
    so_line,
    symbol,
    type_code,
    type_title,
)


def test_doc_types_table() -> None:
    assert len(DOC_TYPES) == 30
    assert len(set(DOC_TYPES.values())) == 30
    assert DOC_TYPES["Quy định"] == "QyĐ"
    assert DOC_TYPES["Thông cáo"] == "TC"
    assert DOC_TYPES["Chương trình"] == "CTr"
    assert DOC_TYPES["Bản trích sao"] == "TrS"
    assert not {"CV", "TCG", "DAn"} & set(DOC_TYPES.values())
    assert "Công văn" in UNTYPED_KINDS and "Công văn" not in DOC_TYPES
    with pytest.raises(TypeError):
        DOC_TYPES["X"] = "Y"  # type: ignore[index]


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("Kế hoạch", "KH"),
        ("kế hoạch", "KH"),
        ("KẾ HOẠCH", "KH"),
        ("ke_hoach", "KH"),
        ("bao_cao", "BC"),
        ("quyet_dinh", "QĐ"),
        ("thong_bao", "TB"),
        ("to_trinh", "TTr"),
        ("huong_dan", "HD"),
        ("de_an", "ĐA"),
        ("du_an", "DA"),
        ("Bản thoả thuận", "BTT"),
        ("Giấy uỷ quyền", "GUQ"),
        ("ban_sao_y", "SY"),
        ("cong_van", None),
        ("Công văn", None),
        ("thu_cong", None),
    ],
)
def test_type_code(kind: str, code: str | None) -> None:
    assert type_code(kind) == code


def test_type_code_unknown_suggests() -> None:
    with pytest.raises(DocgenError) as info:
        type_code("ke_hoac")
    assert info.value.hint == "did you mean 'Kế hoạch'?"
    with pytest.raises(DocgenError, match="unknown document type"):
        type_code("sonnet")


def test_canonical_type() -> None:
    assert canonical_type("quyet_dinh") == "Quyết định"


def test_type_title() -> None:
    assert type_title("ke_hoach") == "KẾ HOẠCH"
    assert type_title("Quyết định") == "QUYẾT ĐỊNH"
    assert type_title("giay_uy_quyen") == "GIẤY ỦY QUYỀN"
    assert type_title("ban_sao_y") == "SAO Y"
    assert type_title("Bản trích sao") == "TRÍCH SAO"
    assert type_title("cong_van") == ""


def test_symbol_typed() -> None:
    assert symbol(21, "UBND", type_abbr="KH") == "21/KH-UBND"
    assert symbol(131, "TTg", type_abbr="QĐ") == "131/QĐ-TTg"
    assert symbol(5, "UBND", type_abbr="QĐ") == "05/QĐ-UBND"
    assert symbol(10, "UBND", type_abbr="TTr") == "10/TTr-UBND"


def test_symbol_cong_van() -> None:
    assert symbol(1491, "SGDĐT", unit="QLCLGDCNTT") == "1491/SGDĐT-QLCLGDCNTT"
    assert symbol(5, "BNV", unit="VP") == "05/BNV-VP"
    assert symbol(12, "UBND", unit="VX-TH") == "12/UBND-VX-TH"


def test_symbol_draft() -> None:
    assert symbol(None, "UBND", type_abbr="BC") == "/BC-UBND"


@pytest.mark.parametrize(
    ("number", "issuer", "kwargs"),
    [
        (1, "UBND", {}),  # công văn without unit
        (1, "UBND", {"type_abbr": "KH", "unit": "VP"}),  # typed with unit
        (1, "UB ND", {"type_abbr": "KH"}),  # space
        (1, "ubnd", {"type_abbr": "KH"}),  # lower-case start
        (1, "UBND", {"type_abbr": "CV"}),  # not a Phụ lục III code
        (0, "UBND", {"type_abbr": "KH"}),  # bad number
        (1, "", {"type_abbr": "KH"}),  # empty issuer
        (1, "SGDĐT", {"unit": "QL/CL"}),  # slash in unit
    ],
)
def test_symbol_rejects(number: int, issuer: str, kwargs: dict[str, str]) -> None:
    with pytest.raises(DocgenError):
        symbol(number, issuer, **kwargs)


def test_symbol_unknown_type_abbr_suggests() -> None:
    with pytest.raises(DocgenError) as info:
        symbol(1, "UBND", type_abbr="QD")
    assert info.value.hint == "did you mean 'QĐ'?"


def test_so_line() -> None:
    assert so_line(1491, "SGDĐT", unit="QLCLGDCNTT") == "Số: 1491/SGDĐT-QLCLGDCNTT"
    assert so_line(None, "UBND", type_abbr="BC") == "Số:      /BC-UBND"
    assert so_line(7, "UBND", type_abbr="KH") == "Số: 07/KH-UBND"


def test_so_lines_match_spec_regex() -> None:
    for line in (
        so_line(1491, "SGDĐT", unit="QLCLGDCNTT"),
        so_line(None, "UBND", type_abbr="BC"),
        so_line(3, "TTg", type_abbr="QĐ"),
        so_line(15, "UBND", type_abbr="QyĐ"),
    ):
        assert SYMBOL_RE.match(line), line


@pytest.mark.parametrize(
    "line", ["Số: 5/QĐ-UBND", "Số: 123/QĐ UBND", "Số: 30/2020/NĐ-CP", "Số: 12/UBND", "So: 12/A-B"]
)
def test_symbol_re_rejects(line: str) -> None:
    assert not SYMBOL_RE.match(line)
