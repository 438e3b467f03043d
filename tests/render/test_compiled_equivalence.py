"""docgen's template engine writes the document plain docxtpl writes: the same text and the
same formatting (paragraph and run properties, tables, sections, rule indents, footnotes,
title), for every stock template and every example, and for templates made elsewhere (tags
split over runs as Word and LibreOffice split them, tags in headers and properties, no
footnotes part, row loops, rule lines and section breaks outside tables)."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docxview import paragraphs, text_dump
from formatting import formatting

from docgen.catalog.catalog import Catalog
from docgen.catalog.specfile import load_spec
from docgen.check import check_file
from docgen.compose.context import DocContext, build_context
from docgen.compose.inline import spans
from docgen.errors import TemplateError
from docgen.figures import spec_totals
from docgen.render import compiled as engine_module
from docgen.render import package
from docgen.render.atomic import sign, written_by_docgen
from docgen.render.compiled import CompiledTemplate, cache_dir, template_engine
from docgen.render.docx import DocxtplTemplate

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates").glob("*.docx"))
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture(scope="module")
def contexts() -> dict[str, DocContext]:
    """Every example, composed with the repository's catalogs (none may be left out)."""
    catalog = Catalog.load(ROOT / "catalogs")
    found: dict[str, DocContext] = {}
    for path in EXAMPLES:
        spec = load_spec(path)
        found[path.stem] = build_context(spec, catalog, spec_totals(spec, catalog))
    return found


def assert_same_document(template: Path, ctx: DocContext, tmp_path: Path) -> bytes:
    """The new engine's document is plain docxtpl's: text, formatting, signature."""
    want, got = tmp_path / "want.docx", tmp_path / "got.docx"
    want.write_bytes(sign(DocxtplTemplate(template).render(ctx)))
    got.write_bytes(sign(CompiledTemplate(template).render(ctx)))
    with zipfile.ZipFile(got) as z:
        assert z.testzip() is None
    assert formatting(got) == formatting(want)
    assert text_dump(got) == text_dump(want)
    assert written_by_docgen(want) and written_by_docgen(got)
    return got.read_bytes()


def test_every_example_is_compared(contexts: dict[str, DocContext]) -> None:
    assert sorted(contexts) == sorted(p.stem for p in EXAMPLES) and len(contexts) >= 5


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
@pytest.mark.parametrize("example", [p.stem for p in EXAMPLES])
def test_stock_templates_and_examples(
    contexts: dict[str, DocContext], template: Path, example: str, tmp_path: Path
) -> None:
    ctx = contexts[example]
    try:
        DocxtplTemplate(template).render(ctx)
    except TemplateError as exc:  # a template for another kind of document: an error too
        with pytest.raises(TemplateError) as raised:
            CompiledTemplate(template).render(ctx)
        assert str(template) in str(raised.value) and "undefined" in str(exc)
        return
    data = assert_same_document(template, ctx, tmp_path)
    if template.stem == ctx.kind:
        (tmp_path / "x.docx").write_bytes(data)
        report = check_file(tmp_path / "x.docx")
        assert [f for f in report.findings if f.severity == "error"] == []


def test_stock_templates_take_docgens_engine() -> None:
    for template in TEMPLATES:
        assert isinstance(template_engine(template), CompiledTemplate)


def test_one_template_renders_many_documents(contexts: dict[str, DocContext]) -> None:
    """Nothing of one document leaks into the next (bodies, footnotes, properties)."""
    template = ROOT / "templates" / "cong_van.docx"
    compiled = CompiledTemplate(template)
    for ctx in list(contexts.values()) * 2:
        assert compiled.render(ctx) is not None
        one = CompiledTemplate(template).render(ctx)
        again = compiled.render(ctx)
        with zipfile.ZipFile(io.BytesIO(one)) as a, zipfile.ZipFile(io.BytesIO(again)) as b:
            assert {n: a.read(n) for n in a.namelist()} == {n: b.read(n) for n in b.namelist()}


def tricky(ctx: DocContext) -> DocContext:
    """Characters that must print as written, quotes, and no footnotes."""
    text = "Sở Kế hoạch & Đầu tư <HN> \"trích\" 'dẫn' HN&GDTX"
    body = [dataclasses.replace(ctx.body[0], spans=spans(text)), *ctx.body[1:]]
    return dataclasses.replace(ctx, subject=text, body=body, footnotes=[], name=text)


def test_special_characters_and_no_footnotes(
    contexts: dict[str, DocContext], tmp_path: Path
) -> None:
    ctx = tricky(contexts["sa-thay-2025"])
    data = assert_same_document(ROOT / "templates" / "cong_van.docx", ctx, tmp_path)
    (tmp_path / "x.docx").write_bytes(data)
    document = Document(str(tmp_path / "x.docx"))
    assert any("Sở Kế hoạch & Đầu tư <HN> \"trích\" 'dẫn'" in p.text for p in document.paragraphs)
    assert document.core_properties.title == ctx.subject


def test_values_print_as_written(contexts: dict[str, DocContext], tmp_path: Path) -> None:
    """Even what looks like a tag or docxtpl's escapes of one ({_{ … }_}, which docxtpl
    would turn into {{ … }}): values are text, never template."""
    text = "{{ name }} {_{ x }_} {% if %}"
    ctx = contexts["sa-thay-2025"]
    ctx = dataclasses.replace(ctx, body=[dataclasses.replace(ctx.body[0], spans=spans(text))])
    (tmp_path / "x.docx").write_bytes(
        CompiledTemplate(ROOT / "templates" / "cong_van.docx").render(ctx)
    )
    assert text in [p.text for p in Document(str(tmp_path / "x.docx")).paragraphs]


@pytest.mark.parametrize(
    ("so", "written"),
    [
        ("Số: 1\x0b2\ufffe3", "Số: 123"),  # characters XML refuses: left out
        ("Số: <b>1</b> & 2", "Số: &lt;b&gt;1&lt;/b&gt; &amp; 2"),  # autoescaped
    ],
    ids=["not-xml", "autoescape"],
)
def test_the_so_line_as_written(contexts: dict[str, DocContext], so: str, written: str) -> None:
    ctx = contexts["sa-thay-2025"]
    header = dataclasses.replace(ctx.header, so=so)
    data = CompiledTemplate(ROOT / "templates" / "cong_van.docx").render(
        dataclasses.replace(ctx, header=header)
    )
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert written.encode() in z.read("word/document.xml")


# -- templates made elsewhere ---------------------------------------------------------------


def rule_paragraph(doc: DocxDocument, style: str, text: str = "") -> None:
    """A paragraph styled *style* (written as XML: python-docx's default template does not
    have docgen's styles), before the body's section."""
    run = f"<w:r><w:t>{text}</w:t></w:r>" if text else ""
    xml = f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{run}</w:p>'
    body = doc.element.body
    body.insert(len(body) - 1, parse_xml(xml))


def body_loop(doc: DocxDocument) -> None:
    doc.add_paragraph("{%p for b in body %}")
    doc.add_paragraph("{{r b.runs }}")
    doc.add_paragraph("{%p endfor %}")


def row_loop(doc: DocxDocument) -> None:
    table = doc.add_table(rows=4, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "STT", "Nơi nhận"
    table.rows[1].cells[0].text = "{%tr for x in noi_nhan %}"
    table.rows[2].cells[0].text, table.rows[2].cells[1].text = "{{ loop.index }}", "{{ x }}"
    table.rows[3].cells[0].text = "{%tr endfor %}"


def merged_rows(doc: DocxDocument) -> None:
    table = doc.add_table(rows=3, cols=2)
    table.rows[0].cells[0].text = "{%tr for x in noi_nhan %}"
    table.rows[1].cells[0].text, table.rows[1].cells[1].text = "{% vm %}Nhóm", "{{ x }}"
    table.rows[2].cells[0].text = "{%tr endfor %}"


def agency_and_rule(doc: DocxDocument) -> None:
    """Agency lines and rules under them, in the body (not in a table cell)."""
    doc.add_paragraph("{%p for line in header.agency %}")
    rule_paragraph(doc, "DGAgency", "{{ line }}")
    doc.add_paragraph("{%p endfor %}")
    rule_paragraph(doc, "DGRuleShort")
    rule_paragraph(doc, "DGTrichYeu", "{{ subject }}")
    rule_paragraph(doc, "DGRuleFull")


def section_break(doc: DocxDocument, trailing: bool = True) -> None:
    """A last section for the appendices, as the stock plans have."""
    doc.add_section(WD_SECTION.NEW_PAGE)
    doc.add_paragraph("{%p for a in appendices %}")
    doc.add_paragraph("{{ a.heading }}")
    doc.add_paragraph("{%p endfor %}")
    if trailing:
        doc.add_paragraph("")


def header_and_title(doc: DocxDocument) -> None:
    doc.sections[0].header.paragraphs[0].text = "{{ symbol }} — trang"
    doc.core_properties.title = "{{ name }}"


MADE: dict[str, list[Callable[[DocxDocument], object]]] = {  # what a builder returns is unused
    "plain": [],
    "rows-repeated": [row_loop],
    "rows-merged": [merged_rows],
    "rule-in-body": [agency_and_rule],
    "section-then-empty-paragraph": [section_break],
    "section": [lambda d: section_break(d, trailing=False)],
    "tags-in-header-and-title": [header_and_title],
    "safe-filter": [lambda d: d.add_paragraph("{{ subject|safe }}")],
}


@pytest.mark.parametrize("name", list(MADE))
def test_templates_made_with_python_docx(
    contexts: dict[str, DocContext], tmp_path: Path, name: str
) -> None:
    """No footnotes part in python-docx's template: docgen adds one, as docxtpl's path does."""
    doc = Document()
    doc.add_paragraph("{{ name }}")
    body_loop(doc)
    for part in MADE[name]:
        part(doc)
    template = tmp_path / f"{name}.docx"
    doc.save(str(template))
    for ctx in (contexts["sa-thay-2025"], contexts["hai-phong-2024"], contexts["ngok-bay-2025"]):
        assert_same_document(template, ctx, tmp_path)


def split_by_word(template: Path, out: Path) -> Path:
    """The template as Word and LibreOffice leave it: every tag cut over several runs (with
    revision ids and a spelling mark between them), w14 attributes on paragraphs."""
    members = package.read_members(template)
    xml = members["word/document.xml"].decode()

    def cut(text: str) -> str:
        third = max(1, len(text) // 3)
        pieces = [text[:third], text[third : 2 * third], text[2 * third :]]
        end = '</w:t></w:r><w:proofErr w:type="spellStart"/><w:r w:rsidR="00AB12CD"><w:t>'
        return end.join(p for p in pieces if p)

    xml = re.sub(r"(?<=<w:t>)([^<]*\{[{%][^<]*)(?=</w:t>)", lambda m: cut(m.group(1)), xml)
    xml = xml.replace("{%p ", "{%p\u00a0".replace("\u00a0", " ")).replace("'heading'", "‘heading’")
    xml = xml.replace("<w:p>", '<w:p w14:paraId="1A2B3C4D" w:rsidR="00AB12CD">')
    members["word/document.xml"] = xml.encode()
    out.write_bytes(package.write_members(members))
    return out


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_tags_split_over_runs(
    contexts: dict[str, DocContext], template: Path, tmp_path: Path
) -> None:
    """Runs joined, smart quotes made plain: the document of the template as it was."""
    split = split_by_word(template, tmp_path / "split.docx")
    assert "{{ header.so }}" not in package.read_members(split)["word/document.xml"].decode()
    ctx = next(c for c in contexts.values() if c.kind == template.stem)
    (tmp_path / "a.docx").write_bytes(CompiledTemplate(split).render(ctx))
    (tmp_path / "b.docx").write_bytes(CompiledTemplate(template).render(ctx))
    assert text_dump(tmp_path / "a.docx") == text_dump(tmp_path / "b.docx")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ no_such_thing }}", "'no_such_thing' is undefined"),
        ("{{ name.__class__.__mro__[1].__subclasses__() }}", "reaches into the program"),
        ("{% if %}", "Expected an expression"),
        ("{{ header.nothing_here }}", "has no attribute 'nothing_here'"),
    ],
    ids=["undefined", "sandbox", "syntax", "missing-attribute"],
)
def test_errors_name_the_template_and_the_place(
    contexts: dict[str, DocContext], tmp_path: Path, text: str, message: str
) -> None:
    doc = Document()
    doc.add_paragraph("Trước")
    doc.add_paragraph(text)
    template = tmp_path / "bad.docx"
    doc.save(str(template))
    with pytest.raises(TemplateError) as raised:
        CompiledTemplate(template).render(contexts["sa-thay-2025"])
    said = str(raised.value)
    assert said.startswith(f"{template}: the template cannot be rendered") and message in said
    assert "near: " in said and text.split()[1] in said.split("near: ")[1]


@pytest.mark.parametrize(
    "tag", ["{{tc x }}", "{{p sub }}", "{%r if x %}", "{% hm %}", "{% cellbg c %}", "{%- if x %}"]
)
def test_tags_docgen_does_not_take_are_refused(tmp_path: Path, tag: str) -> None:
    doc = Document()
    doc.add_paragraph(tag)
    template = tmp_path / "t.docx"
    doc.save(str(template))
    with pytest.raises(TemplateError, match="is not supported by docgen's templates"):
        CompiledTemplate(template)


def test_unreadable_templates(tmp_path: Path) -> None:
    (tmp_path / "not.docx").write_bytes(b"not a zip at all")
    with pytest.raises(TemplateError, match="not a Word .docx file"):
        template_engine(tmp_path / "not.docx")
    with zipfile.ZipFile(tmp_path / "empty.docx", "w") as z:
        z.writestr("hello.txt", "a zip, not a Word file")
    with pytest.raises(TemplateError, match="cannot read the template"):
        CompiledTemplate(tmp_path / "empty.docx")
    with pytest.raises(TemplateError, match="template not found"):
        template_engine(tmp_path / "nope.docx")


# -- which engine, and the disk cache ------------------------------------------------------------


def test_a_users_template_is_docxtpls_until_marked(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("{{ subject }}")
    template = tmp_path / "t.docx"
    doc.save(str(template))
    assert isinstance(template_engine(template), DocxtplTemplate)
    members = package.read_members(template)
    package.mark(members)
    template.write_bytes(package.write_members(members))
    assert package.is_marked(package.read_members(template))
    assert isinstance(template_engine(template), CompiledTemplate)


def test_the_compiled_form_is_cached_on_disk(
    contexts: dict[str, DocContext], own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = ROOT / "templates" / "cong_van.docx"
    ctx = contexts["sa-thay-2025"]
    first = CompiledTemplate(template).render(ctx)
    assert cache_dir() == own_cache / "docgen"
    [entry] = [p for p in cache_dir().iterdir() if p.is_file()]  # no temporary file left
    [code] = [p for p in cache_dir().iterdir() if p.is_dir()]  # Jinja's compiled code
    assert code.iterdir() and not list(code.glob("*.tmp"))
    assert json.loads(entry.read_text(encoding="utf-8"))["document"] == "word/document.xml"

    def refused(*args: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(engine_module, "compile_members", refused)
    assert CompiledTemplate(template).render(ctx) is not None  # from the cache
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(own_cache))
    for corrupt in ("{not json", '{"document": 1}', ""):
        entry.write_text(corrupt, encoding="utf-8")
        again = CompiledTemplate(template).render(ctx)
        with zipfile.ZipFile(io.BytesIO(first)) as a, zipfile.ZipFile(io.BytesIO(again)) as b:
            assert a.read("word/document.xml") == b.read("word/document.xml")
        assert json.loads(entry.read_text(encoding="utf-8"))["document"] == "word/document.xml"
    for damaged in (b"", b"j2 not code", bytes(range(256))):
        for path in code.iterdir():
            path.write_bytes(damaged)
        again = CompiledTemplate(template).render(ctx)  # compiled again, and kept again
        with zipfile.ZipFile(io.BytesIO(first)) as a, zipfile.ZipFile(io.BytesIO(again)) as b:
            assert a.read("word/document.xml") == b.read("word/document.xml")
    shutil.rmtree(code)
    code.write_bytes(b"")  # a cache that cannot be written is only slower
    assert CompiledTemplate(template).render(ctx) is not None


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_template_saved_by_libreoffice(contexts: dict[str, DocContext], tmp_path: Path) -> None:
    """LibreOffice rewrites the whole package (its own run splits, rsids, w14 attributes,
    field spellings): the template still compiles and gives the same text."""
    template = ROOT / "templates" / "ke_hoach.docx"
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(tmp_path / "lo"),
            str(template),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    saved = tmp_path / "lo" / template.name
    assert saved.read_bytes() != template.read_bytes()
    ctx = contexts["hai-phong-2024"]
    (tmp_path / "a.docx").write_bytes(CompiledTemplate(saved).render(ctx))
    (tmp_path / "b.docx").write_bytes(CompiledTemplate(template).render(ctx))
    assert [p.text for p in paragraphs(tmp_path / "a.docx")] == [
        p.text for p in paragraphs(tmp_path / "b.docx")
    ]


def test_a_rule_line_inside_a_loop_is_refused(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("{%p for line in header.agency %}")
    rule_paragraph(doc, "DGAgency", "{{ line }}")
    rule_paragraph(doc, "DGRuleShort")
    doc.add_paragraph("{%p endfor %}")
    template = tmp_path / "t.docx"
    doc.save(str(template))
    with pytest.raises(TemplateError, match=r"a rule line inside a \{%p … %\} block"):
        CompiledTemplate(template)
