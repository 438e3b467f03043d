"""The compiled path writes the document docxtpl writes: same parts in the same order, same
XML, same text; for every stock template and every example spec, and for templates that
exercise the less common paths (tags in headers and properties, no footnotes part)."""

from __future__ import annotations

import dataclasses
import io
import pickle
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docxview import paragraphs, text_dump
from lxml import etree

from docgen.catalog.catalog import Catalog
from docgen.catalog.specfile import load_spec
from docgen.compose.context import DocContext, build_context
from docgen.compose.inline import spans
from docgen.errors import DocgenError, TemplateError
from docgen.figures import spec_totals
from docgen.render.atomic import written_by_docgen
from docgen.render.compiled import (
    CompiledTemplate,
    PreparedContext,
    _Deflater,
    compiled_template,
)
from docgen.render.docx import load_template, render_document, template_vars

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates").glob("*.docx"))
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def contexts() -> dict[str, DocContext]:
    """Every example that composes with the repository's catalogs."""
    catalog = Catalog.load(ROOT / "catalogs")
    found: dict[str, DocContext] = {}
    for path in EXAMPLES:
        try:
            spec = load_spec(path)
            found[path.stem] = build_context(spec, catalog, spec_totals(spec, catalog))
        except DocgenError:
            continue  # reported by test_every_example_composes_or_is_skipped_for_a_reason
    return found


def docxtpl_bytes(ctx: DocContext, template: Path) -> bytes:
    """The reference: docgen's docxtpl path (render_document), saved."""
    tpl = load_template(template)
    render_document(tpl, ctx, template)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        return [(i.filename, z.read(i)) for i in z.infolist()]


_DOCPR_ID = re.compile(rb'(<wp:docPr[^>]*\bid=")\d+(")')
_SIGNED = re.compile(rb"(<dc:identifier>)docgen:[0-9a-f]+(</dc:identifier>)")


def normalised(name: str, blob: bytes) -> bytes:
    """Canonical XML (attribute order, empty elements), drawing ids blanked; other bytes as is."""
    if not name.endswith((".xml", ".rels")):
        return blob
    canonical = etree.tostring(etree.fromstring(blob), method="c14n")
    # each path signs the bytes of its own document part (the same XML, written differently)
    canonical = _SIGNED.sub(rb"\g<1>docgen:-\g<2>", canonical)
    return _DOCPR_ID.sub(rb"\g<1>0\g<2>", canonical)


def assert_same_document(expected: bytes, actual: bytes, tmp_path: Path) -> None:
    want, got = members(expected), members(actual)
    assert [n for n, _ in got] == [n for n, _ in want]
    for (name, a), (_, b) in zip(want, got, strict=True):
        assert normalised(name, b) == normalised(name, a), name
    (tmp_path / "want.docx").write_bytes(expected)
    (tmp_path / "got.docx").write_bytes(actual)
    assert written_by_docgen(tmp_path / "want.docx")  # signed with its own document part
    assert written_by_docgen(tmp_path / "got.docx")
    if "word/footnotes.xml" in dict(want):  # the text, paragraph by paragraph, with its look
        assert text_dump(tmp_path / "got.docx") == text_dump(tmp_path / "want.docx")
    else:
        assert paragraphs(tmp_path / "got.docx") == paragraphs(tmp_path / "want.docx")


def test_every_example_composes_or_is_skipped_for_a_reason(
    contexts: dict[str, DocContext],
) -> None:
    assert "sa-thay-2025" in contexts, "the reference example must be covered"
    missing = sorted({p.stem for p in EXAMPLES} - set(contexts))
    if missing:
        pytest.skip(f"examples that do not compose with the current catalogs: {missing}")


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_stock_templates_and_examples(
    contexts: dict[str, DocContext], template: Path, example: str, tmp_path: Path
) -> None:
    if example not in contexts:
        pytest.skip(f"{example} does not compose with the current catalogs")
    ctx = contexts[example]
    try:
        expected = docxtpl_bytes(ctx, template)
    except TemplateError as exc:  # a template for another kind of document: same error
        with pytest.raises(TemplateError) as raised:
            CompiledTemplate(template).render(ctx)
        assert str(raised.value) == str(exc)
        return
    assert_same_document(expected, CompiledTemplate(template).render(ctx), tmp_path)


def test_one_compiled_template_renders_many_documents(
    contexts: dict[str, DocContext], tmp_path: Path
) -> None:
    """Nothing of one document leaks into the next (bodies, footnotes, properties)."""
    template = ROOT / "templates" / "cong_van.docx"
    compiled = CompiledTemplate(template)
    for ctx in list(contexts.values()) * 2:
        assert_same_document(docxtpl_bytes(ctx, template), compiled.render(ctx), tmp_path)


def tricky(ctx: DocContext) -> DocContext:
    """Characters that must print as written, quotes, and no footnotes."""
    text = "Sở Kế hoạch & Đầu tư <HN> \"trích\" 'dẫn' {_{ x }_} HN&GDTX"
    body = [dataclasses.replace(ctx.body[0], spans=spans(text)), *ctx.body[1:]]
    return dataclasses.replace(ctx, subject=text, body=body, footnotes=[], name=text)


def test_special_characters_and_no_footnotes(
    contexts: dict[str, DocContext], tmp_path: Path
) -> None:
    ctx = tricky(contexts["sa-thay-2025"])
    template = ROOT / "templates" / "cong_van.docx"
    data = CompiledTemplate(template).render(ctx)
    assert_same_document(docxtpl_bytes(ctx, template), data, tmp_path)
    (tmp_path / "x.docx").write_bytes(data)
    texts = [p.text for p in Document(str(tmp_path / "x.docx")).paragraphs]
    assert any("Sở Kế hoạch & Đầu tư <HN> \"trích\" 'dẫn'" in t for t in texts)
    assert Document(str(tmp_path / "x.docx")).core_properties.title == ctx.subject


def plain_template(path: Path, header: str = "", title: str = "") -> Path:
    """A template made with python-docx: no footnotes part; optionally tags in a header and
    in the title property."""
    doc = Document()
    doc.add_paragraph("{{ subject }}")
    doc.add_paragraph("{%p for b in body %}")
    doc.add_paragraph("{{r b.runs }}")
    doc.add_paragraph("{%p endfor %}")
    if header:
        doc.sections[0].header.paragraphs[0].text = header
    if title:
        doc.core_properties.title = title
    doc.save(str(path))
    return path


@pytest.mark.parametrize(
    ("header", "title"),
    [("", ""), ("{{ symbol }} — trang", "{{ name }}"), ("Không có thẻ", "cố định")],
    ids=["no-footnotes-part", "tags-in-header-and-title", "fixed-header-and-title"],
)
def test_templates_made_elsewhere(
    contexts: dict[str, DocContext], tmp_path: Path, header: str, title: str
) -> None:
    template = plain_template(tmp_path / "t.docx", header, title)
    compiled = CompiledTemplate(template)
    for ctx in (contexts["sa-thay-2025"], tricky(contexts["sa-thay-2025"])):
        assert_same_document(docxtpl_bytes(ctx, template), compiled.render(ctx), tmp_path)


def failing_template(path: Path, text: str) -> Path:
    doc = Document()
    doc.add_paragraph("Trước")
    doc.add_paragraph(text)
    doc.save(str(path))
    return path


@pytest.mark.parametrize(
    "text",
    [
        "{{ no_such_thing }}",
        "{{ name.__class__.__mro__[1].__subclasses__() }}",
        "{% if %}",
        "{{ header.nothing_here }}",
    ],
    ids=["undefined", "sandbox", "syntax", "missing-attribute"],
)
def test_errors_are_docxtpls(contexts: dict[str, DocContext], tmp_path: Path, text: str) -> None:
    """A template that cannot be rendered fails with the message docxtpl's path gives."""
    template = failing_template(tmp_path / "bad.docx", text)
    ctx = contexts["sa-thay-2025"]
    with pytest.raises(TemplateError) as expected:
        docxtpl_bytes(ctx, template)
    with pytest.raises(TemplateError) as actual:
        CompiledTemplate(template).render(ctx)
    assert str(actual.value) == str(expected.value)
    assert str(template) in str(actual.value)


def test_unreadable_templates(tmp_path: Path) -> None:
    (tmp_path / "not.docx").write_bytes(b"not a zip at all")
    with pytest.raises(TemplateError, match="not a Word .docx file"):
        CompiledTemplate(tmp_path / "not.docx")
    with zipfile.ZipFile(tmp_path / "empty.docx", "w") as z:
        z.writestr("hello.txt", "a zip, not a Word file")
    with pytest.raises(TemplateError, match="cannot read the template"):
        CompiledTemplate(tmp_path / "empty.docx")
    with pytest.raises(TemplateError, match="template not found"):
        compiled_template(tmp_path / "nope.docx")


def test_autoescape_stays_on(contexts: dict[str, DocContext]) -> None:
    compiled = CompiledTemplate(ROOT / "templates" / "cong_van.docx")
    assert compiled._env.autoescape is True
    ctx = contexts["sa-thay-2025"]
    header = dataclasses.replace(ctx.header, so="Số: <b>1</b> & 2")
    data = CompiledTemplate(ROOT / "templates" / "cong_van.docx").render(
        dataclasses.replace(ctx, header=header)
    )
    document = dict(members(data))["word/document.xml"]
    assert "Số: &lt;b&gt;1&lt;/b&gt; &amp; 2".encode() in document


def test_compiled_template_is_kept_until_the_file_changes(tmp_path: Path) -> None:
    template = plain_template(tmp_path / "t.docx")
    first = compiled_template(template)
    assert compiled_template(template) is first
    plain_template(template, title="{{ name }} đổi")
    assert compiled_template(template) is not first


# -- the planned path: taken where it may be, proven by the same comparisons -------------------


def test_stock_templates_take_the_planned_path(
    contexts: dict[str, DocContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every stock template is planned, and no example needs docxtpl's lxml round trip: the
    equivalence tests above compare the planned path, not the fallback."""

    def refused(self: CompiledTemplate, context: dict[str, object]) -> bytes:
        raise AssertionError("the lxml path was taken")

    monkeypatch.setattr(CompiledTemplate, "_render_body", refused)
    for template in TEMPLATES:
        compiled = CompiledTemplate(template)
        assert compiled.planned, template.name
        for ctx in contexts.values():
            try:
                compiled.render(ctx)
            except TemplateError:
                continue  # a template for another kind of document (tested above)


def with_text(ctx: DocContext, text: str) -> DocContext:
    """*text* in the first body paragraph, the Số line and the Kính gửi."""
    body = [dataclasses.replace(ctx.body[0], spans=spans(text)), *ctx.body[1:]]
    header = dataclasses.replace(ctx.header, so=f"Số: {text}")
    kinh_gui = dataclasses.replace(ctx.kinh_gui, single=text) if ctx.kinh_gui else None
    return dataclasses.replace(ctx, body=body, header=header, kinh_gui=kinh_gui)


@pytest.mark.parametrize(
    "text",
    ["hai\ndòng", "cột\tcột", "ngắt\x0btrang", "về\rđầu", "chữ\ufffe lạ", "đoạn\amới"],
    ids=["newline", "tab", "vertical-tab", "carriage-return", "non-character", "bell"],
)
@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_values_only_docxtpls_parser_handles(
    contexts: dict[str, DocContext], template: Path, text: str, tmp_path: Path
) -> None:
    """Listings (\\n \\t \\a), characters XML refuses (dropped by docxtpl's recovering parser)
    and carriage returns take the lxml path: the same document as docxtpl's."""
    ctx = with_text(contexts["sa-thay-2025"], text)
    try:
        expected = docxtpl_bytes(ctx, template)
    except TemplateError:
        pytest.skip("a template for another kind of document")
    assert_same_document(expected, CompiledTemplate(template).render(ctx), tmp_path)


def test_a_trich_yeu_on_two_lines(contexts: dict[str, DocContext], tmp_path: Path) -> None:
    """The title property as python-docx writes it (the fast path takes printable text)."""
    ctx = contexts["sa-thay-2025"]
    ctx = dataclasses.replace(ctx, subject=ctx.subject + "\nvà <thêm> & “nữa”")
    template = ROOT / "templates" / "cong_van.docx"
    assert_same_document(
        docxtpl_bytes(ctx, template), CompiledTemplate(template).render(ctx), tmp_path
    )


def rule_paragraph(doc: DocxDocument, style: str, text: str = "") -> None:
    """An empty paragraph styled as a rule line (the stock templates' styles are not in
    python-docx's default template, so the style is written into the XML)."""
    p = doc.add_paragraph(text)
    p._p.get_or_add_pPr().insert(0, parse_xml(f'<w:pStyle {nsdecls("w")} w:val="{style}"/>'))


def styled(doc: DocxDocument, style: str, text: str) -> None:
    rule_paragraph(doc, style, text)


def png() -> bytes:
    """A 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = chunk(b"IDAT", zlib.compress(b"\0\0"))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + pixels + chunk(b"IEND", b"")


def body_loop(doc: DocxDocument) -> None:
    doc.add_paragraph("{%p for b in body %}")
    doc.add_paragraph("{{r b.runs }}")
    doc.add_paragraph("{%p endfor %}")


def cell_loop(doc: DocxDocument) -> None:
    """A row whose cells repeat ({%tc %}): fix_tables changes the grid."""
    cells = doc.add_table(rows=1, cols=4).rows[0].cells
    for cell, text in zip(
        cells, ["Nơi nhận", "{%tc for x in noi_nhan %}", "{{ x }}", "{%tc endfor %}"], strict=True
    ):
        cell.text = text


def row_loop(doc: DocxDocument, header_row: bool = True) -> None:
    """Rows that repeat ({%tr %}), after a header row or without one."""
    table = doc.add_table(rows=4 if header_row else 3, cols=2)
    rows = table.rows[1:] if header_row else table.rows
    if header_row:
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "STT", "Nơi nhận"
    rows[0].cells[0].text = "{%tr for x in noi_nhan %}"
    rows[1].cells[0].text, rows[1].cells[1].text = "{{ loop.index }}", "{{ x }}"
    rows[2].cells[0].text = "{%tr endfor %}"


def picture(doc: DocxDocument) -> None:
    doc.add_paragraph("{{ subject }}").add_run().add_picture(io.BytesIO(png()))


def agency_and_rule(doc: DocxDocument, rule_text: str = "") -> None:
    """Agency lines and a rule under them, in the body (not in a table cell)."""
    doc.add_paragraph("{%p for line in header.agency %}")
    styled(doc, "DGAgency", "{{ line }}")
    doc.add_paragraph("{%p endfor %}")
    rule_paragraph(doc, "DGRuleShort", rule_text)
    styled(doc, "DGTrichYeu", "{{ subject }}")
    rule_paragraph(doc, "DGRuleFull")


def section_break(doc: DocxDocument, trailing: bool = True) -> None:
    """A last section for the appendices, as the stock plans have; an empty paragraph after
    the loop leaves drop_empty_last_section something to remove."""
    doc.add_section(WD_SECTION.NEW_PAGE)
    doc.add_paragraph("{%p for a in appendices %}")
    doc.add_paragraph("{{ a.heading }}")
    doc.add_paragraph("{%p endfor %}")
    if trailing:
        doc.add_paragraph("")


MADE: dict[str, tuple[bool, list[Callable[[DocxDocument], None]]]] = {
    "cells-repeated": (False, [cell_loop]),
    "rows-repeated": (True, [row_loop]),
    "rows-repeated-no-header": (False, [lambda d: row_loop(d, header_row=False)]),
    "picture": (False, [picture]),
    "safe-filter": (False, [lambda d: d.add_paragraph("{{ subject|safe }}")]),
    "runs-changed": (False, [lambda d: d.add_paragraph("{{ body[0].runs ~ symbol }}")]),
    "whitespace-control": (False, [lambda d: d.add_paragraph("{{- subject }}")]),
    "rule-in-body": (True, [agency_and_rule]),
    "rule-with-a-tag": (False, [lambda d: agency_and_rule(d, "{{ symbol }}")]),
    "section-then-empty-paragraph": (True, [section_break]),
    "section": (True, [lambda d: section_break(d, trailing=False)]),
}


@pytest.mark.parametrize("name", list(MADE))
def test_templates_made_with_python_docx(
    contexts: dict[str, DocContext], tmp_path: Path, name: str
) -> None:
    """What the plan covers is rendered planned, what it does not is left to docxtpl's path;
    both give docxtpl's document, with and without appendices and footnotes."""
    planned, parts = MADE[name]
    doc = Document()
    doc.add_paragraph("{{ name }}")
    body_loop(doc)
    for part in parts:
        part(doc)
    template = tmp_path / f"{name}.docx"
    doc.save(str(template))
    compiled = CompiledTemplate(template)
    assert compiled.planned is planned
    examples = [contexts["sa-thay-2025"], contexts["hai-phong-2024"]]
    for ctx in [*examples, tricky(contexts["sa-thay-2025"])]:
        try:
            expected = docxtpl_bytes(ctx, template)
        except Exception as exc:  # |safe on "<HN>": docxtpl's parser loses the section
            with pytest.raises(type(exc)) as raised:
                compiled.render(ctx)
            assert str(raised.value) == str(exc)
            continue
        assert_same_document(expected, compiled.render(ctx), tmp_path)


def test_prepared_contexts_are_the_template_vars(contexts: dict[str, DocContext]) -> None:
    """What crosses to a worker process gives the variables template_vars gives."""
    for ctx in [*contexts.values(), tricky(contexts["sa-thay-2025"])]:
        prepared = pickle.loads(pickle.dumps(PreparedContext.of(ctx)))
        assert prepared.template_vars() == template_vars(ctx)
        assert prepared.footnotes == ctx.footnotes and prepared.subject == ctx.subject
    ctx = dataclasses.replace(contexts["sa-thay-2025"], extra={"body": "the spec's own"})
    assert PreparedContext.of(ctx).template_vars() == template_vars(ctx)


def test_rendering_prepared_contexts(contexts: dict[str, DocContext]) -> None:
    compiled = CompiledTemplate(ROOT / "templates" / "cong_van.docx")
    for ctx in contexts.values():
        prepared = compiled.render_prepared(PreparedContext.of(ctx))
        assert members(prepared) == members(compiled.render(ctx))


@pytest.mark.parametrize("level", [1, 6])
def test_deflated_pieces_make_the_part(level: int) -> None:
    """Parts deflated piece by piece, pieces remembered across parts, decode to the parts."""
    deflate = _Deflater(level)
    paragraph = "<w:p><w:r><w:t>%d đoạn văn bản</w:t></w:r></w:p>".encode()
    parts = [
        b"",
        b"no paragraph at all " * 700,
        b"".join(paragraph % i for i in range(1000)),
        b"".join(paragraph % i for i in range(1000)),  # the same again: pieces remembered
        b"".join(paragraph % (i if i != 500 else 501) for i in range(1000)),  # one changed
        b"".join(paragraph % (i if i != 500 else 502) for i in range(1000)),  # same ends
    ]
    for part in parts:
        assert zlib.decompress(deflate(part), -15) == part
