"""The defensive reader: effective formatting, fields, text boxes, revisions, sections."""

from __future__ import annotations

from pathlib import Path

from check_fixture_maker import corpus, maker
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

from docgen.check.engine import RULES
from docgen.check.reader import read_docx
from docgen.check.text import segments, whole
from docgen.check.view import Document as View


def _read(path: Path) -> View:
    return read_docx(path, RULES.limits)


def _paragraph_xml(inner: str) -> object:
    return parse_xml(f"<w:p {nsdecls('w')}>{inner}</w:p>")


def test_style_chain_and_defaults_resolve_run_properties(tmp_path: Path) -> None:
    doc = Document()
    base = doc.styles.add_style("Base", 1)
    base.font.name, base.font.size = "Arial", Pt(13)
    child = doc.styles.add_style("Child", 1)
    child.base_style, child.font.bold = base, True
    run = doc.add_paragraph("x", style="Child").runs[0]
    run.italic = True
    doc.save(str(tmp_path / "s.docx"))
    piece = next(_read(tmp_path / "s.docx").paragraphs()).pieces[0]
    assert piece.props.fonts.ascii == "Arial"
    assert (piece.props.bold, piece.props.italic, piece.props.size) == (True, True, 13)


def test_caps_hidden_and_deleted_text(tmp_path: Path) -> None:
    doc = Document()
    doc.element.body.insert(
        0,
        _paragraph_xml(
            "<w:r><w:rPr><w:caps/></w:rPr><w:t>cộng hòa</w:t></w:r>"
            "<w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDEN</w:t></w:r>"
            '<w:del w:id="1" w:author="a"><w:r><w:delText>gone</w:delText></w:r></w:del>'
            '<w:ins w:id="2" w:author="a"><w:r><w:t> mới</w:t></w:r></w:ins>'
        ),
    )
    doc.save(str(tmp_path / "c.docx"))
    para = next(_read(tmp_path / "c.docx").paragraphs())
    assert para.text == "CỘNG HÒA mới"


def test_complex_and_simple_page_fields_in_headers(tmp_path: Path) -> None:
    doc = Document()
    header = doc.sections[0].header.paragraphs[0]
    header._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
    header._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:sz w:val="26"/></w:rPr>'
            '<w:instrText xml:space="preserve"> PAGE \\* MERGEFORMAT </w:instrText></w:r>'
        )
    )
    header._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
    header._p.append(parse_xml(f"<w:r {nsdecls('w')}><w:t>7</w:t></w:r>"))
    header._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))
    footer = doc.sections[0].footer.paragraphs[0]
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="NUMPAGES"/>'))
    doc.save(str(tmp_path / "f.docx"))
    section = _read(tmp_path / "f.docx").sections[0]
    [field] = next(section.headers["default"].paragraphs()).fields
    assert field.name == "PAGE" and field.instr.startswith("PAGE")
    assert next(section.headers["default"].paragraphs()).text == "7"
    assert [f.name for p in section.footers["default"].paragraphs() for f in p.fields] == [
        "NUMPAGES"
    ]


def test_text_box_is_read_once_and_located(tmp_path: Path) -> None:

    doc = Document()
    anchor = doc.add_paragraph("anchor")
    anchor._p.append(parse_xml(maker.TEXTBOX))
    doc.save(str(tmp_path / "t.docx"))
    paragraphs = list(_read(tmp_path / "t.docx").paragraphs())
    boxed = [p for p in paragraphs if p.in_textbox]
    assert len(boxed) == 1 and boxed[0].text.startswith("Số liệu")
    assert ("text box", 1) in boxed[0].path and paragraphs[0].text == "anchor"


def test_line_breaks_and_tabs_split_slots(tmp_path: Path) -> None:
    doc = Document()
    doc.element.body.insert(
        0,
        _paragraph_xml(
            "<w:r><w:t>ỦY BAN NHÂN DÂN</w:t><w:br/><w:t>XÃ SA THẦY</w:t><w:tab/><w:t>Số: 01</w:t>"
            "</w:r>"
        ),
    )
    doc.save(str(tmp_path / "b.docx"))
    para = next(_read(tmp_path / "b.docx").paragraphs())
    assert [s.text for s in segments(para)] == ["ỦY BAN NHÂN DÂN", "XÃ SA THẦY", "Số: 01"]
    assert [s.text for s in segments(para, tabs=False)] == ["ỦY BAN NHÂN DÂN", "XÃ SA THẦY\tSố: 01"]
    assert whole(para).whole


def test_sections_inherit_headers_and_keep_page_setup() -> None:
    view = _read(corpus()["clean-kehoach"])
    first, appendix = view.sections
    assert (first.orient, appendix.orient, appendix.page_start) == ("portrait", "landscape", 1)
    assert appendix.headers["default"] is first.headers["default"]
    assert {p.section for p in view.paragraphs() if p.text == "Phụ lục"} == {2}
    assert _read(corpus()["clean-congvan"]).notes[0].label == "footnote 1"


def _vml_box(inner: str) -> str:
    """A run holding a VML text box whose content is `inner` (paragraph XML)."""
    return (
        '<w:r><w:pict><v:rect xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
        f"<w:txbxContent>{inner}</w:txbxContent></v:textbox></v:rect></w:pict></w:r>"
    )


def test_a_text_box_inside_a_text_box_is_read_once(tmp_path: Path) -> None:
    inner = "<w:p><w:r><w:t>inner</w:t></w:r></w:p>"
    middle = f"<w:p><w:r><w:t>middle</w:t></w:r>{_vml_box(inner)}</w:p>"
    doc = Document()
    doc.element.body.insert(0, _paragraph_xml(f"<w:r><w:t>anchor</w:t></w:r>{_vml_box(middle)}"))
    doc.save(str(tmp_path / "nested.docx"))
    paragraphs = list(_read(tmp_path / "nested.docx").paragraphs())
    assert [p.text for p in paragraphs] == ["anchor", "middle", "inner"]
    assert paragraphs[2].path[-2:] == (("text box", 1), ("paragraph", 1))
    assert paragraphs[2].path.count(("text box", 1)) == 2
