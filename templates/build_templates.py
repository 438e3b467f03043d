#!/usr/bin/env python3
"""Rebuild the stock Word templates of docgen (cong_van.docx, ke_hoach.docx, bao_cao.docx).

The templates are ordinary .docx files a clerk can open and restyle in Word or LibreOffice;
this script is their source, so every change to them is reviewable. Layout per Nghị định
30/2020/NĐ-CP Phụ lục I (see ../shared/spec/nd30.md). Run: python templates/build_templates.py
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, Twips
from docx.table import _Cell
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"
LEFT_COL, RIGHT_COL = Twips(3855), Twips(5783)  # 6.8 cm | 10.2 cm; Quốc hiệu needs ≥ 10.1 cm
TABLE_INDENT = -284  # the header table starts 0.5 cm into the left margin
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
#: what a template's core properties say; a fixed date so that rebuilds are byte-identical
KINDS = {"cong_van": "công văn", "bao_cao": "báo cáo", "ke_hoach": "kế hoạch"}
BUILT = dt.datetime(2025, 1, 1)
ZIP_DATE = (2025, 1, 1, 0, 0, 0)


# -- schema order -----------------------------------------------------------------------------
# Word rejects (with a repair prompt) property elements whose children are out of the order of
# ECMA-376 wml.xsd, or repeated; LibreOffice does not. Every child this script adds to a tblPr,
# pPr, sectPr, trPr or w:settings goes through put(), which places it by these sequences; the
# rest is written through python-docx's element API, which keeps the same order.
TBL_PR = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
    "tblDescription tblPrChange"
).split()
P_PR = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
).split()
SECT_PR = (
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter "
    "docGrid printerSettings sectPrChange"
).split()
TR_PR = (
    "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
    "tblCellSpacing jc hidden ins del trPrChange"
).split()
#: the end of CT_Settings' sequence, from footnotePr on (all that put() needs to place it)
SETTINGS_TAIL = (
    "footnotePr endnotePr compat docVars rsids mathPr attachedSchema themeFontLang "
    "clrSchemeMapping doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade "
    "captions readModeInkLockDown smartTagType schemaLibrary shapeDefaults doNotEmbedSmartTags "
    "decimalSymbol listSeparator"
).split()


def put(parent, child, order: list[str]) -> None:
    """Insert *child* into *parent* at its place in the schema sequence *order* (w: local
    names), replacing a child of the same name."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    name = child.tag.rpartition("}")[2]
    later = order[order.index(name) + 1 :]
    parent.insert_element_before(child, *(f"w:{n}" for n in later))


# -- styles -----------------------------------------------------------------------------------
def _fonts(rpr_parent) -> None:
    fonts = rpr_parent.get_or_add_rPr().get_or_add_rFonts()
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
    border = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" '
        'w:color="000000"/></w:pBdr>'
    )
    put(ppr, border, P_PR)


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
    table.autofit = False  # <w:tblLayout w:type="fixed"/>, placed by python-docx
    tbl_pr = table._tbl.tblPr
    put(tbl_pr, parse_xml(f'<w:tblInd {nsdecls("w")} w:w="{indent}" w:type="dxa"/>'), TBL_PR)
    borders = parse_xml(
        f"<w:tblBorders {nsdecls('w')}>"
        + "".join(
            f'<w:{side} w:val="nil"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + "</w:tblBorders>"
    )
    put(tbl_pr, borders, TBL_PR)
    margins = parse_xml(
        f'<w:tblCellMar {nsdecls("w")}><w:left w:w="0" w:type="dxa"/>'
        '<w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
    )
    put(tbl_pr, margins, TBL_PR)
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
    footnote_pr = parse_xml(
        f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/>'
        "</w:footnotePr>"
    )
    put(doc.settings.element, footnote_pr, SETTINGS_TAIL)


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


# -- kế hoạch and báo cáo: report tables, Phụ lục ----------------------------------------------
APPENDIX_MARGINS = (Mm(20), Mm(20), Mm(30), Mm(15))  # top, bottom, left, right (NĐ30)
#: text width of an A4 landscape page with the NĐ30 margins: 297 - 30 - 15 mm
LANDSCAPE_WIDTH = 14288
PORTRAIT_WIDTH = 9355  # 210 - 30 - 15 mm
STAT_WIDTHS = (850, 3800, 4705)
TARGET_WIDTHS = (700, 2200, 4655, 1800)
APPENDIX_WIDTHS = (800, 7388, 2900, 3200)
APPENDIX_RULE = 2268  # the short line under the (Kèm theo …) line: 4 cm


def setup_report_styles(doc) -> None:
    """Styles of the report tables and of the Phụ lục (kế hoạch, báo cáo only)."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    _para_style(doc, "DG Appendix Title", size=14, bold=True, align=center)
    rule = _para_style(doc, "DG Rule Appendix", size=2, align=center, after=12)
    _bottom_border(rule.element.get_or_add_pPr())
    _para_style(doc, "DG Table Head", size=13, bold=True, align=center, before=3, after=3)
    _para_style(doc, "DG Table Group", size=13, bold=True, align=justify, before=3, after=3)
    _para_style(doc, "DG Table Text", size=13, align=justify, before=3, after=3)
    _para_style(doc, "DG Table Left", size=13, before=3, after=3)
    _para_style(doc, "DG Table Center", size=13, align=center, before=3, after=3)
    _para_style(doc, "DG Table Gap", size=6)


def grid_table(doc, widths, rows: int):
    """A bordered table (Table Grid) of fixed column widths in twips."""
    table = doc.add_table(rows=rows, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # <w:tblLayout w:type="fixed"/>, placed by python-docx
    for col, width in zip(table.columns, widths, strict=True):
        col.width = Twips(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Twips(width)
    return table


def cell_text(cell: _Cell, text: str, style: str) -> None:
    """Put *text* in the cell's first paragraph."""
    first(cell, text, style)


def cell_loop(cell: _Cell, head: str, text: str, style: str) -> None:
    """A paragraph loop inside a cell: one paragraph per item."""
    first(cell, head, "DG Table Text")
    para(cell, text, style)
    para(cell, "{%p endfor %}", "DG Table Text")


def repeat_header(row) -> None:
    """Repeat this row at the top of every page the table runs onto."""
    put(row._tr.get_or_add_trPr(), parse_xml(f'<w:tblHeader {nsdecls("w")}/>'), TR_PR)


def control_row(table, index: int, tag: str) -> None:
    """A row holding only a docxtpl {%tr %} tag (docxtpl replaces the whole row by it)."""
    first(table.rows[index].cells[0], tag, "DG Table Text")


def header_row(table, names: list[str]) -> None:
    """The bold column titles, repeated on each page."""
    for cell, name in zip(table.rows[0].cells, names, strict=True):
        cell_text(cell, name, "DG Table Head")
    repeat_header(table.rows[0])


def statistics_table(doc) -> None:
    """STT | content | figures: numbered groups, then rows whose figure lines are computed."""
    table = grid_table(doc, STAT_WIDTHS, 7)
    header_row(table, [f"{{{{ b.table.columns[{i}] }}}}" for i in range(3)])
    control_row(table, 1, "{%tr for g in b.table.groups %}")
    group = table.rows[2].cells
    cell_text(group[0], "{{ g.number }}", "DG Table Head")
    merged = group[1].merge(group[2])
    cell_text(merged, "{{ g.title }}", "DG Table Group")
    control_row(table, 3, "{%tr for r in g.rows %}")
    row = table.rows[4].cells
    cell_text(row[0], "", "DG Table Center")
    cell_text(row[1], "{{ r.text }}", "DG Table Text")
    cell_loop(row[2], "{%p for line in r.lines %}", "{{ line }}", "DG Table Text")
    control_row(table, 5, "{%tr endfor %}")
    control_row(table, 6, "{%tr endfor %}")


def targets_table(doc) -> None:
    """TT | content | target | result: groups I, II…; numbered areas merged down their
    targets; the result of each target is computed (Đạt / Không đạt)."""
    table = grid_table(doc, TARGET_WIDTHS, 9)
    header_row(table, [f"{{{{ b.table.columns[{i}] }}}}" for i in range(4)])
    control_row(table, 1, "{%tr for g in b.table.groups %}")
    cells = table.rows[2].cells
    merged = cells[0].merge(cells[3])
    cell_text(merged, "{{ g.title }}", "DG Table Group")
    control_row(table, 3, "{%tr for a in g.areas %}")
    control_row(table, 4, "{%tr for t in a.targets %}")
    row = table.rows[5].cells
    cell_text(row[0], "{% vm %}{{ a.number }}", "DG Table Center")
    cell_text(row[1], "{% vm %}{{ a.title }}", "DG Table Left")
    cell_loop(row[2], "{%p for line in t.lines %}", "{{ line }}", "DG Table Text")
    cell_text(row[3], "{{ t.result }}", "DG Table Center")
    for index in (6, 7, 8):
        control_row(table, index, "{%tr endfor %}")


def report_body_block(doc) -> None:
    """The body of a kế hoạch or báo cáo: paragraphs like a công văn's, and report tables."""
    para(doc, "{%p for b in body %}", "Normal")
    para(doc, "{%p if b.style == 'statistics' %}", "Normal")
    statistics_table(doc)
    para(doc, "", "DG Table Gap")
    para(doc, "{%p elif b.style == 'targets' %}", "Normal")
    targets_table(doc)
    para(doc, "", "DG Table Gap")
    para(doc, "{%p elif b.style == 'heading' %}", "Normal")
    para(doc, "{{r b.runs }}", "DG Heading")
    para(doc, "{%p elif b.style == 'basis' %}", "Normal")
    para(doc, "{{r b.runs }}", "DG Basis")
    para(doc, "{%p else %}", "Normal")
    para(doc, "{{r b.runs }}", "DG Body")
    para(doc, "{%p endif %}", "Normal")
    para(doc, "{%p endfor %}", "Normal")


def landscape(section) -> None:
    """A4 landscape with the NĐ30 margins, page numbers from 1, none on its first page."""
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    top, bottom, left, right = APPENDIX_MARGINS
    section.top_margin, section.bottom_margin = top, bottom
    section.left_margin, section.right_margin = left, right
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = True
    put(section._sectPr, parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="1"/>'), SECT_PR)


def appendix_table(doc) -> None:
    """TT | Nội dung thực hiện | Thời gian thực hiện | Sản phẩm, grouped by actor."""
    table = grid_table(doc, APPENDIX_WIDTHS, 8)
    header_row(table, [f"{{{{ a.columns[{i}] }}}}" for i in range(4)])
    control_row(table, 1, "{%tr for r in a.rows %}")
    control_row(table, 2, "{%tr if r.group %}")
    cells = table.rows[3].cells
    cell_text(cells[0], "{{ r.number }}", "DG Table Head")
    merged = cells[1].merge(cells[3])
    cell_text(merged, "{{ r.text }}", "DG Table Group")
    control_row(table, 4, "{%tr else %}")
    cells = table.rows[5].cells
    cell_text(cells[0], "{{ r.number }}", "DG Table Center")
    cell_text(cells[1], "{{ r.text }}", "DG Table Text")
    cell_text(cells[2], "{{ r.time }}", "DG Table Center")
    cell_text(cells[3], "{{ r.product }}", "DG Table Center")
    control_row(table, 6, "{%tr endif %}")
    control_row(table, 7, "{%tr endfor %}")


def appendix_block(doc) -> None:
    """Each Phụ lục in its own landscape section numbered from 1 (NĐ30 §6): heading, title IN
    HOA, (Kèm theo …), a short line, the task table. The body's section ends before it; when
    there is no appendix the renderer drops the empty last section."""
    doc.add_section(WD_SECTION.NEW_PAGE)
    landscape(doc.sections[-1])
    para(doc, "{%p for a in appendices %}", "Normal")
    para(doc, "{%p if not loop.first %}", "Normal")
    breaker = para(doc, "", "DG Table Gap")
    put(breaker._p.get_or_add_pPr(), copy.deepcopy(doc.sections[-1]._sectPr), P_PR)
    para(doc, "{%p endif %}", "Normal")
    para(doc, "{{ a.heading }}", "DG Appendix")
    loop(doc, "{%p for line in a.title %}", [("{{ line }}", "DG Appendix Title")])
    para(doc, "{{ a.kem_theo }}", "DG Appendix Note")
    rule = para(doc, "", "DG Rule Appendix")
    side = Twips((LANDSCAPE_WIDTH - APPENDIX_RULE) // 2)
    rule.paragraph_format.left_indent = rule.paragraph_format.right_indent = side
    appendix_table(doc)
    para(doc, "", "DG Table Gap")
    para(doc, "{%p endfor %}", "Normal")


def cong_van() -> object:
    """Công văn: V/v under Số, Kính gửi, body, Nơi nhận, signature."""
    doc = new_document(typed=False)
    kinh_gui_block(doc)
    body_block(doc)
    closing_table(doc)
    return doc


def bao_cao() -> object:
    """Báo cáo: BÁO CÁO + trích yếu, Kính gửi the level above, body with statistics and
    targets tables, closing, Phụ lục (if any)."""
    doc = new_document(typed=True)
    setup_report_styles(doc)
    kinh_gui_block(doc)
    report_body_block(doc)
    closing_table(doc)
    appendix_block(doc)
    return doc


def ke_hoach() -> object:
    """Kế hoạch: KẾ HOẠCH + trích yếu, no Kính gửi, body, closing, Phụ lục of tasks."""
    doc = new_document(typed=True)
    setup_report_styles(doc)
    report_body_block(doc)
    closing_table(doc)
    appendix_block(doc)
    return doc


BUILDERS = {"cong_van": cong_van, "bao_cao": bao_cao, "ke_hoach": ke_hoach}


# -- package: properties, thumbnail, reproducible zip -------------------------------------------
def set_properties(doc, kind: str) -> None:
    """docgen's core properties instead of python-docx's default ones (2013, "generated by
    python-docx"); docgen stamps title and author again on every rendered document."""
    props = doc.core_properties
    props.title = f"docgen – {kind} (mẫu)"
    props.author = props.last_modified_by = "docgen"
    props.subject = props.keywords = props.comments = props.category = ""
    props.language = "vi-VN"
    props.revision = 1
    props.created = props.modified = BUILT


def drop_thumbnail(doc) -> None:
    """Remove python-docx's default docProps/thumbnail.jpeg (a picture of another document);
    without its relationship the part is not written."""
    rels = doc.part.package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[rid]


#: the extended properties of a template: docgen's, not those of python-docx's default
#: template (Microsoft Macintosh Word 14, Normal.dotm)
APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties"><Application>docgen</Application><DocSecurity>0</DocSecurity>'
    b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    b"<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def save_reproducibly(doc, path: Path) -> None:
    """Save *doc*, with every zip entry dated ZIP_DATE (python-docx dates them now) and
    docgen's extended properties."""
    raw = io.BytesIO()
    doc.save(raw)
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(fixed, "w") as dst:
        for entry in src.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            data = APP_XML if entry.filename == "docProps/app.xml" else src.read(entry)
            dst.writestr(info, data)
    path.write_bytes(fixed.getvalue())


def main(argv: list[str]) -> int:
    """Build every template (or those named after the folder: ``… templates ke_hoach``)."""
    out = Path(argv[1]) if len(argv) > 1 else HERE
    out.mkdir(parents=True, exist_ok=True)
    wanted = argv[2:] or list(BUILDERS)
    for name, build in BUILDERS.items():
        if name not in wanted:
            continue
        doc = build()
        set_properties(doc, KINDS[name])
        drop_thumbnail(doc)
        save_reproducibly(doc, out / f"{name}.docx")
        print(f"wrote {out / (name + '.docx')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
