#!/usr/bin/env python3
"""Rebuild the stock Word templates of docgen (cong_van.docx, ke_hoach.docx, bao_cao.docx).

The templates are ordinary .docx files a clerk can open and restyle in Word or LibreOffice;
this script is their source, so every change to them is reviewable. Layout per Nghị định
30/2020/NĐ-CP Phụ lục I (see ../shared/spec/nd30.md). Run: python templates/build_templates.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, Twips
from docx.table import _Cell
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"
LEFT_COL, RIGHT_COL = Twips(3855), Twips(5783)  # 6.8 cm | 10.2 cm; Quốc hiệu needs ≥ 10.1 cm
TABLE_INDENT = -284  # the header table starts 0.5 cm into the left margin
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


# -- styles -----------------------------------------------------------------------------------
def _fonts(rpr_parent) -> None:
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _para_style(
    doc,
    name,
    *,
    size=14,
    bold=False,
    italic=False,
    align=None,
    indent=None,
    before=0,
    after=0,
    line=1.0,
    base="Normal",
):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    style.quick_style = True
    font = style.font
    font.name, font.size, font.bold, font.italic = FONT, Pt(size), bold, italic
    _fonts(style.element)
    pf = style.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(before), Pt(after), line
    if align is not None:
        pf.alignment = align
    if indent is not None:
        pf.first_line_indent = indent
    return style


def setup_styles(doc) -> None:
    """Normal = TNR 14; DG styles for every component so a clerk restyles them in one place."""
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    _fonts(normal.element)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            rpr = rpr_default.find(qn("w:rPr"))
            fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
            if fonts is not None:
                for attr in list(fonts.attrib):
                    del fonts.attrib[attr]
                for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                    fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(0)
    center = WD_ALIGN_PARAGRAPH.CENTER
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    _para_style(doc, "DG Chu Quan", size=13, align=center)
    _para_style(doc, "DG Agency", size=13, bold=True, align=center)
    _para_style(doc, "DG Quoc Hieu", size=13, bold=True, align=center)
    _para_style(doc, "DG Tieu Ngu", size=14, bold=True, align=center)
    _para_style(doc, "DG So", size=13, align=center, before=6)
    _para_style(doc, "DG Trich Yeu CV", size=12, align=center, before=6)
    _para_style(doc, "DG Date", size=14, italic=True, align=center, before=6)
    for name, size in (("DG Rule Short", 2), ("DG Rule Full", 2)):
        style = _para_style(doc, name, size=size, align=center)
        _bottom_border(style.element.get_or_add_pPr())
    _para_style(doc, "DG Title", size=14, bold=True, align=center, before=12)
    _para_style(doc, "DG Trich Yeu", size=14, bold=True, align=center)
    _para_style(doc, "DG Kinh Gui", size=14, align=center, before=12, after=6)
    _para_style(doc, "DG Kinh Gui Label", size=14, before=12, indent=None)
    _para_style(doc, "DG Kinh Gui Item", size=14, before=0)
    _para_style(doc, "DG Body", size=14, align=justify, indent=Cm(1), before=6, line=1.15)
    _para_style(
        doc,
        "DG Heading",
        size=14,
        bold=True,
        align=justify,
        indent=Cm(1),
        before=6,
        line=1.15,
        base="DG Body",
    )
    _para_style(
        doc,
        "DG Basis",
        size=14,
        italic=True,
        align=justify,
        indent=Cm(1),
        before=6,
        line=1.15,
        base="DG Body",
    )
    _para_style(doc, "DG Noi Nhan Label", size=12, bold=True, italic=True, before=6)
    _para_style(doc, "DG Noi Nhan", size=11)
    _para_style(doc, "DG Sig", size=14, bold=True, align=center)
    _para_style(doc, "DG Sig Name", size=14, bold=True, align=center)
    _para_style(doc, "DG Page Number", size=14, align=center)
    _para_style(doc, "DG Appendix", size=14, bold=True, align=center)
    _para_style(doc, "DG Appendix Note", size=14, italic=True, align=center)
    _para_style(doc, "DG Cell", size=13, line=1.0)
    _para_style(doc, "DG Cell Center", size=13, align=center, line=1.0)
    _para_style(doc, "DG Cell Head", size=13, bold=True, align=center, line=1.0)
    fn_text = _para_style(doc, "Footnote Text", size=12, align=justify)
    fn_text.element.set(qn("w:styleId"), "FootnoteText")
    ref = doc.styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    ref.element.set(qn("w:styleId"), "FootnoteReference")
    ref.font.superscript = True


def _bottom_border(ppr) -> None:
    ppr.append(
        parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" '
            'w:color="000000"/></w:pBdr>'
        )
    )


# -- building blocks --------------------------------------------------------------------------
def para(container, text: str = "", style: str = "DG Body") -> Paragraph:
    """A paragraph of *style* holding *text* in one run."""
    p = container.add_paragraph(style=style)
    if text:
        p.add_run(text)
    return p


def loop(container, head: str, body: list[tuple[str, str]], tail: str = "{%p endfor %}") -> None:
    """A docxtpl paragraph loop: the control tags sit alone in their paragraphs."""
    para(container, head, "Normal")
    for text, style in body:
        para(container, text, style)
    para(container, tail, "Normal")


def borderless_table(doc, rows: int, widths, indent: int = TABLE_INDENT):
    """A fixed-layout table without borders and with no inner cell margins left/right."""
    table = doc.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(parse_xml(f'<w:tblInd {nsdecls("w")} w:w="{indent}" w:type="dxa"/>'))
    tbl_pr.append(
        parse_xml(
            f"<w:tblBorders {nsdecls('w')}>"
            + "".join(
                f'<w:{side} w:val="nil"/>'
                for side in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + "</w:tblBorders>"
        )
    )
    tbl_pr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    tbl_pr.append(
        parse_xml(
            f'<w:tblCellMar {nsdecls("w")}><w:left w:w="0" w:type="dxa"/>'
            '<w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        )
    )
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width
    for col, width in zip(table.columns, widths, strict=False):
        col.width = width
    return table


def first(cell: _Cell, text: str, style: str) -> Paragraph:
    """Use the cell's initial empty paragraph for the first content."""
    p = cell.paragraphs[0]
    p.style = style
    if text:
        p.add_run(text)
    return p


# -- page parts -------------------------------------------------------------------------------
def page_setup(section) -> None:
    """A4 portrait, margins 20/20/30/15 mm, page number in the header from page 2."""
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = True
    header = section.header
    p = header.paragraphs[0]
    p.style = "DG Page Number"
    p._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE ">'
        "<w:r><w:rPr><w:noProof/></w:rPr></w:r></w:fldSimple>"
        )
    )
    section.first_page_header.paragraphs[0].style = "DG Page Number"


def add_footnotes_part(doc) -> None:
    """A footnotes part with the two separators; docgen appends the real notes when rendering."""
    xml = (
        f"<w:footnotes {nsdecls('w')}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
        'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
        'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
        "</w:r></w:p></w:footnote></w:footnotes>"
    )
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, xml.encode(), doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    settings = doc.settings.element
    settings.append(
        parse_xml(
            f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/>'
            "</w:footnotePr>"
        )
    )


def header_table(doc, typed: bool) -> None:
    """Page-1 header: agency | Quốc hiệu, then Số (and V/v) | date line."""
    table = borderless_table(doc, 2, (LEFT_COL, RIGHT_COL))
    left, right = table.rows[0].cells
    first(left, "{%p for line in header.chu_quan %}", "Normal")
    para(left, "{{ line }}", "DG Chu Quan")
    para(left, "{%p endfor %}", "Normal")
    loop(left, "{%p for line in header.agency %}", [("{{ line }}", "DG Agency")])
    para(left, "", "DG Rule Short")
    first(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "DG Quoc Hieu")
    para(right, "Độc lập - Tự do - Hạnh phúc", "DG Tieu Ngu")
    para(right, "", "DG Rule Full")
    left, right = table.rows[1].cells
    first(left, "{{ header.so }}", "DG So")
    if not typed:
        para(left, "{{ header.vv }}", "DG Trich Yeu CV")
    first(right, "{{ header.date_line }}", "DG Date")


def title_block(doc) -> None:
    """Tên loại and trích yếu of a typed document, with the short rule under them."""
    para(doc, "{{ title }}", "DG Title")
    para(doc, "{{ subject }}", "DG Trich Yeu")
    para(doc, "", "DG Rule Short")


def kinh_gui_block(doc) -> None:
    """Kính gửi on one line, or a label and one line per recipient."""
    para(doc, "{%p if kinh_gui and kinh_gui.single %}", "Normal")
    para(doc, "Kính gửi: {{ kinh_gui.single }}", "DG Kinh Gui")
    para(doc, "{%p elif kinh_gui %}", "Normal")
    label = para(doc, "Kính gửi:", "DG Kinh Gui Label")
    label.paragraph_format.left_indent = Cm(3.5)
    para(doc, "{%p for item in kinh_gui.items %}", "Normal")
    item = para(doc, "{{ item }}", "DG Kinh Gui Item")
    item.paragraph_format.left_indent = Cm(5.6)
    para(doc, "{%p endfor %}", "Normal")
    para(doc, "{%p endif %}", "Normal")


def body_block(doc) -> None:
    """The numbered body: one paragraph per block, styled by the block's kind."""
    para(doc, "{%p for b in body %}", "Normal")
    para(doc, "{%p if b.style == 'heading' %}", "Normal")
    para(doc, "{{r b.runs }}", "DG Heading")
    para(doc, "{%p elif b.style == 'basis' %}", "Normal")
    para(doc, "{{r b.runs }}", "DG Basis")
    para(doc, "{%p else %}", "Normal")
    para(doc, "{{r b.runs }}", "DG Body")
    para(doc, "{%p endif %}", "Normal")
    para(doc, "{%p endfor %}", "Normal")


def closing_table(doc) -> None:
    """Nơi nhận (left) and the signature block (right)."""
    table = borderless_table(doc, 1, (Twips(4200), Twips(5155)), indent=0)
    left, right = table.rows[0].cells
    first(left, "Nơi nhận:", "DG Noi Nhan Label")
    loop(left, "{%p for line in noi_nhan %}", [("{{ line }}", "DG Noi Nhan")])
    first(right, "{%p for line in signature.lines %}", "Normal")
    para(right, "{{ line }}", "DG Sig")
    para(right, "{%p endfor %}", "Normal")
    for _ in range(4):
        para(right, "", "DG Sig")
    para(right, "{{ signature.name }}", "DG Sig Name")
    table.rows[0].cells[0].paragraphs[0].paragraph_format.space_before = Pt(12)
    table.rows[0].cells[1].paragraphs[0].paragraph_format.space_before = Pt(12)


def new_document(typed: bool):
    """A document with NĐ30 styles, page setup, footnotes part and the page-1 header."""
    doc = Document()
    setup_styles(doc)
    page_setup(doc.sections[0])
    add_footnotes_part(doc)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    header_table(doc, typed)
    if typed:
        title_block(doc)
    return doc


def cong_van() -> object:
    """Công văn: V/v under Số, Kính gửi, body, Nơi nhận, signature."""
    doc = new_document(typed=False)
    kinh_gui_block(doc)
    body_block(doc)
    closing_table(doc)
    return doc


def bao_cao() -> object:
    """Báo cáo: BÁO CÁO + trích yếu, Kính gửi the level above, body, closing."""
    doc = new_document(typed=True)
    kinh_gui_block(doc)
    body_block(doc)
    closing_table(doc)
    return doc


def ke_hoach() -> object:
    """Kế hoạch: KẾ HOẠCH + trích yếu, no Kính gửi, body, closing."""
    doc = new_document(typed=True)
    body_block(doc)
    closing_table(doc)
    return doc


BUILDERS = {"cong_van": cong_van, "bao_cao": bao_cao, "ke_hoach": ke_hoach}


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else HERE
    out.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDERS.items():
        doc = build()
        doc.core_properties.title = f"docgen {name}"
        doc.core_properties.author = "docgen"
        doc.save(str(out / f"{name}.docx"))
        print(f"wrote {out / (name + '.docx')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
