"""The compiled path writes the document docxtpl writes: same parts in the same order, same
XML, same text; for every stock template and every example spec, and for templates that
exercise the less common paths (tags in headers and properties, no footnotes part)."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docxview import paragraphs, text_dump
from lxml import etree

from docgen.catalog.catalog import Catalog
from docgen.catalog.specfile import load_spec
from docgen.compose.context import DocContext, build_context
from docgen.compose.inline import spans
from docgen.errors import DocgenError, TemplateError
from docgen.render.compiled import CompiledTemplate, compiled_template
from docgen.render.docx import load_template, render_document

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
            found[path.stem] = build_context(load_spec(path), catalog)
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


def normalised(name: str, blob: bytes) -> bytes:
    """Canonical XML (attribute order, empty elements), drawing ids blanked; other bytes as is."""
    if not name.endswith((".xml", ".rels")):
        return blob
    canonical = etree.tostring(etree.fromstring(blob), method="c14n")
    return _DOCPR_ID.sub(rb"\g<1>0\g<2>", canonical)


def assert_same_document(expected: bytes, actual: bytes, tmp_path: Path) -> None:
    want, got = members(expected), members(actual)
    assert [n for n, _ in got] == [n for n, _ in want]
    for (name, a), (_, b) in zip(want, got, strict=True):
        assert normalised(name, b) == normalised(name, a), name
    (tmp_path / "want.docx").write_bytes(expected)
    (tmp_path / "got.docx").write_bytes(actual)
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
