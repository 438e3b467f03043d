"""Citations in short, dated and long form; footnotes; 'auto' cites long once then short."""

from __future__ import annotations

from docgen.catalog.catalog import Catalog
from docgen.compose.citations import cite, footnote_text
from docgen.compose.inline import spans
from docgen.compose.text import TextComposer
from docgen.errors import Location
from docgen.vn.schoolyear import SchoolYear

HERE = Location("test.yaml", 1)


def test_forms(catalog: Catalog) -> None:
    ref = catalog.ref("131/QĐ-TTg")
    assert cite(ref, "short") == "Quyết định số 131/QĐ-TTg"
    assert cite(ref, "dated") == "Quyết định số 131/QĐ-TTg ngày 25/01/2022 của Thủ tướng Chính phủ"
    assert cite(ref, "long").startswith(
        "Quyết định số 131/QĐ-TTg ngày 25/01/2022 của Thủ tướng Chính phủ phê duyệt Đề án “Tăng"
    )
    one = catalog.ref("1491/SGDĐT-QLCLGDCNTT")
    assert cite(one, "long", "long").startswith(
        "Công văn số 1491/SGDĐT-QLCLGDCNTT ngày 09 tháng 10 năm 2025 của Sở Giáo dục"
    )


def test_footnote_text_joins_references(catalog: Catalog) -> None:
    text = footnote_text((catalog.ref("21/KH-UBND-QNg"), catalog.ref("1469/KH-UBND-KT")))
    assert text.count("; Kế hoạch số 1469/KH-UBND") == 1 and text.endswith(".")


def test_composer_auto_form_and_footnote_marks(catalog: Catalog) -> None:
    texts = TextComposer(catalog=catalog, school_year=SchoolYear(2025), level="xa")
    first = texts.compose('{{ cite("131/QĐ-TTg") }} và {{ cite("131/QĐ-TTg") }}', HERE)
    assert first.startswith("Quyết định số 131/QĐ-TTg ngày 25/01/2022")
    assert first.endswith(" và Quyết định số 131/QĐ-TTg")
    marked = texts.compose('xem{{ fn("06/QĐ-TTg") }} và **đậm**{{ note("Ghi chú & <1>") }}', HERE)
    parts = spans(marked)
    assert [p.footnote for p in parts if p.footnote] == [1, 2]
    assert [p.text for p in parts if p.bold] == ["đậm"]
    assert texts.footnotes[1] == "Ghi chú & <1>"


def test_user_text_cannot_forge_footnote_marks(catalog: Catalog) -> None:
    texts = TextComposer(catalog=catalog, school_year=SchoolYear(2025), level="xa")
    assert not [p for p in spans(texts.compose("a\ue0007\ue001b", HERE)) if p.footnote]
