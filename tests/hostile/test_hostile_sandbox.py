"""Issue 16, classes 3 and 4: texts and templates that try to exhaust the sandbox (time,
memory, recursion, output size), break it (errors Jinja or Python raise), or forge the
private-use footnote markers. `docgen render` must refuse each with `spec.yaml:LINE`, in
time and memory, never a traceback."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from hostile_files import members, rezip, write
from hostile_support import (
    TEMPLATES,
    Workspace,
    assert_no_crash,
    assert_refused,
    line_of,
    spec_with,
)
from lxml import etree

NS = "{% set ns = namespace(s='ab') %}"
#: texts that must be refused (each is one body text of the sa-thay-2025 example)
EXHAUSTING = {
    "range-list": "{{ range(10**9)|list }}",
    "range-join": "{{ range(10**9)|join(',') }}",
    "str-mult-1e9": "{{ 'a' * 10**9 }}",
    "str-mult-1e8": "{{ 'a' * 10**8 }}",
    "list-mult": "{{ [1] * 10**9 }}",
    "format-width": "{{ '{:>1000000000}'.format(1) }}",
    "percent-width": "{{ '%1000000000d' % 1 }}",
    "center": "{{ 'a'.center(10**9) }}",
    "ljust-filter": "{{ 'a'|center(10**9) }}",
    "indent": "{{ ('a\\n' * 1000)|indent(10**6) }}",
    "doubling": NS + "{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
    "doubling-replace": "{{ ('a' * 10**4)|replace('a', 'a' * 10**5) }}",
    "wordwrap": "{{ ('a ' * 10**6)|wordwrap(1) }}",
    "power": "{{ 9 ** (9 ** 9) }}",
    "power-str": "{{ 10 ** 5000 }}",
    "nested-loops": "{% for a in range(10**5) %}{% for b in range(10**5) %}{% endfor %}"
    "{% endfor %}",
    "recursive-macro": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "lipsum": "{{ lipsum(10**6) }}",
}
BROKEN = {
    "zero-division": "{{ 1 / 0 }}",
    "modulo-zero": "{{ 1 % 0 }}",
    "float-int": "{{ (1e308 * 10)|int }}",
    "int-float-overflow": "{{ (10 ** 400)|float }}",
    "range-length": "{{ range(10**19)|length }}",
    "lone-surrogate": "{{ '\\ud800' }}",
    "deadline-nolevel": "{{ deadline('so-ket-hk1', 'nolevel') }}",
    "deadline-unknown": "{{ deadline('no-such-milestone') }}",
    "deadline-int": "{{ deadline(1, 2, 3) }}",
    "cite-no-args": "{{ cite() }}",
    "cite-int": "{{ cite(131) }}",
    "cite-bad-form": "{{ cite('131/QĐ-TTg', 'sideways') }}",
    "cite-bad-date": "{{ cite('131/QĐ-TTg', 'long', date='never') }}",
    "cite-keyword": "{{ cite('131/QĐ-TTg', foo=1) }}",
    "fn-none": "{{ fn(none) }}",
    "note-list": "{{ note([1, 2]) ~ note(none) }}{{ note() }}",
    "undefined-attr": "{{ issuer.nope.deeper }}",
    "none-attr": "{{ none.x }}",
    "call-string": "{{ 'a'() }}",
    "call-issuer": "{{ issuer() }}",
    "unsafe-class": "{{ ''.__class__.__mro__ }}",
    "unsafe-globals": "{{ cite.__globals__ }}",
    "unsafe-format-attr": "{{ '{0.__class__}'.format(1) }}",
    "self": "{{ self._TemplateReference__context }}",
    "unknown-filter": "{{ 'a'|nosuchfilter }}",
    "unknown-test": "{% if 1 is nosuchtest %}{% endif %}",
    "syntax-open": "{{ ",
    "syntax-endfor": "{% endfor %}",
    "syntax-block": "{% block x %}{% endblock %}{% block x %}{% endblock %}",
    "include": "{% include 'spec.yaml' %}",
    "include-abs": "{% include '/etc/passwd' %}",
    "extends": "{% extends 'x' %}",
    "import": "{% import 'x' as y %}",
    "from-import": "{% from 'catalogs/levels.yaml' import x %}",
    "tojson-cycle": "{% set d = {} %}{{ d.update({'d': d}) }}{{ d|tojson }}",
    "attr-filter": "{{ issuer|attr('__class__') }}",
    "round-method": "{{ 1|round(1, 'sideways') }}",
    "slice-zero": "{{ [1, 2]|slice(0)|list }}",
    "sum-strings": "{{ ['a', 'b']|sum }}",
    "sort-mixed": "{{ [1, 'a', none]|sort }}",
    "dictsort-list": "{{ [1]|dictsort }}",
    "format-missing": "{{ '{0} {1}'.format(1) }}",
    "percent-missing": "{{ '%s %s' % 1 }}",
}
BILLION = """
extra:
  l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
  l1: &l1 [*l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0]
  l2: &l2 [*l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1]
  l3: &l3 [*l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2]
  l4: &l4 [*l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3]
  l5: &l5 [*l4, *l4, *l4, *l4, *l4, *l4, *l4, *l4, *l4, *l4]
  l6: &l6 [*l5, *l5, *l5, *l5, *l5, *l5, *l5, *l5, *l5, *l5]
  l7: &l7 [*l6, *l6, *l6, *l6, *l6, *l6, *l6, *l6, *l6, *l6]
  l8: &l8 [*l7, *l7, *l7, *l7, *l7, *l7, *l7, *l7, *l7, *l7]
  m0: &m0 {a: *l8, b: *l8}
  m1: &m1 {a: *m0, b: *m0, c: *m0}
"""
ALIASES = {
    "aliases-printed": "{{ l8 }}",
    "aliases-tojson": "{{ l8|tojson }}",
    "aliases-mapping": "{{ m1 }}",
    "aliases-join": "{{ l8|join(',') }}",
    "aliases-after-length": "{{ l8|length }} {{ l8 }}",
}


def _render_text(
    tmp_path: Path,
    text: str,
    extra: str = "",
    inprocess: bool = False,
    any_line: bool = False,
    may_print: bool = False,
) -> None:
    """Render the example with *text* as a body text: refused at the text's line (at any
    line of the spec with *any_line*), or — *may_print* — written as a sound document."""
    ws = Workspace(tmp_path)
    spec_text = spec_with(texts=[text], extra=extra)
    ws.write("spec.yaml", spec_text)
    result = ws.run("render", "spec.yaml", "-o", "out", inprocess=inprocess)
    if may_print and result.code == 0:
        assert_no_crash(result)
        with zipfile.ZipFile(ws.out / "sa-thay-2025.docx") as z:
            xml = z.read("word/document.xml")
        etree.fromstring(xml)  # well-formed: Word opens it
        assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", xml), "control characters"
        return
    line = r"\d+" if any_line else line_of(spec_text, "  - text: " + json.dumps(text))
    assert_refused(result, "spec.yaml", line=rf"spec\.yaml:{line}\b")
    assert not ws.out.exists() or not any(ws.out.iterdir()), "a file was written"


@pytest.mark.parametrize("text", EXHAUSTING.values(), ids=EXHAUSTING.keys())
def test_exhausting_texts_are_refused_in_bounded_time_and_memory(tmp_path: Path, text: str) -> None:
    _render_text(tmp_path, text)


@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_texts_that_raise_inside_jinja_are_reported_on_their_line(
    tmp_path: Path, text: str
) -> None:
    _render_text(tmp_path, text, inprocess=True)


@pytest.mark.parametrize("text", ALIASES.values(), ids=ALIASES.keys())
def test_billion_laughs_aliases_in_extra(tmp_path: Path, text: str) -> None:
    _render_text(tmp_path, text, extra=BILLION, any_line=True)


#: texts Jinja answers without an error (|int gives 0 for what it cannot convert …): docgen
#: may print them, as long as the document is sound
QUIET = {
    "nan-int": "{{ ('nan'|float)|int }}",
    "int-base": "{{ '1'|int(base=99) }}",
    "batch-zero": "{{ [1, 2]|batch(0)|list }}",
    "map-attr": "{{ [issuer]|map(attribute='__class__')|list }}",
    "control-char": "{{ '\\x01\\x0b' }}",
    "control-char-literal": "a \x01\x0b\x1f b",
    "escaped-xml": "{{ '<w:p/>&amp;' }} ]]> <![CDATA[",
}


@pytest.mark.parametrize("text", QUIET.values(), ids=QUIET.keys())
def test_texts_jinja_answers_quietly_make_a_sound_document(tmp_path: Path, text: str) -> None:
    _render_text(tmp_path, text, inprocess=True, may_print=True)


# -- templates ---------------------------------------------------------------------------


def _template_with(paragraph_text: str) -> bytes:
    """The stock công văn template with one more paragraph holding *paragraph_text*."""
    parts = members((TEMPLATES / "cong_van.docx").read_bytes())
    xml = parts["word/document.xml"].decode("utf-8")
    escaped = paragraph_text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    at = xml.index("<w:body>") + len("<w:body>")
    xml = xml[:at] + f"<w:p><w:r><w:t>{escaped}</w:t></w:r></w:p>" + xml[at:]
    parts["word/document.xml"] = xml.encode("utf-8")
    return rezip(parts)


TEMPLATE_TEXTS = {
    "include": "{% include 'spec.yaml' %}",
    "include-passwd": "{% include '/etc/passwd' %}",
    "extends": "{% extends 'base.docx' %}",
    "import": "{% import 'x' as y %}",
    "mult": "{{ 'a' * 10**9 }}",
    "recursion": "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "zero-division": "{{ 1 / 0 }}",
    "undefined": "{{ no_such_name.x }}",
    "unsafe": "{{ ''.__class__.__mro__ }}",
    "syntax": "{% for %}",
    "markers": "{{ '\\ue000' }}1{{ '\\ue001' }}",
}


@pytest.mark.parametrize("text", TEMPLATE_TEXTS.values(), ids=TEMPLATE_TEXTS.keys())
def test_hostile_templates_are_refused_naming_the_template(tmp_path: Path, text: str) -> None:
    ws = Workspace(tmp_path)
    write(ws.root / "evil.docx", _template_with(text))
    ws.write("spec.yaml", spec_with(extra="template: evil.docx\n"))
    heavy = "10**9" in text or "macro" in text
    result = ws.run("render", "spec.yaml", "-o", "out", inprocess=not heavy)
    if text.startswith("{{ '\\ue000"):  # forged marker: refused, or printed as plain text
        _assert_no_forged_footnote(ws, result, expected=0, in_template=True)
        return
    assert_refused(result, "evil.docx")
    assert "root:" not in result.text
    assert not ws.out.exists() or not any(ws.out.iterdir()), "a file was written"


# -- class 4: forged footnote markers --------------------------------------------------------

FORGED = {
    "jinja-escape": "x{{ '\\ue000' }}1{{ '\\ue001' }} y",
    "jinja-escape-99": "x{{ '\\ue000' ~ 99 ~ '\\ue001' }} y",
    "format-c": "x{{ '%c1%c'|format(57344, 57345) }} y",
    "join": "x{{ ['\\ue000', '2', '\\ue001']|join }} y",
    "note-text": "x{{ note('a \\ue0001\\ue001 b') }} y",
    "fn-prefix": "x{{ fn('131/QĐ-TTg', prefix='\\ue0001\\ue001') }} y",
    "yaml-escape": "x \ue0001\ue001 y",
    "extra-var": "x{{ forged }} y",
    "split-markers": "x{{ '\\ue000' }}{{ 1 }}{{ '\\ue001' }}{{ note('n') }} y",
}
#: footnotes the text itself really makes
REAL_NOTES = {"note-text": 1, "fn-prefix": 1, "split-markers": 1}


@pytest.mark.parametrize("case", FORGED, ids=FORGED.keys())
def test_forged_footnote_markers_make_no_footnote(tmp_path: Path, case: str) -> None:
    ws = Workspace(tmp_path)
    ws.write(
        "spec.yaml", spec_with(texts=[FORGED[case]], extra='extra:\n  forged: "\\ue0001\\ue001"\n')
    )
    result = ws.run("render", "spec.yaml", "-o", "out", inprocess=True)
    _assert_no_forged_footnote(ws, result, expected=REAL_NOTES.get(case, 0))


def _assert_no_forged_footnote(
    ws: Workspace, result: object, expected: int, in_template: bool = False
) -> None:
    """Refused cleanly, or written with exactly the footnotes docgen made (the stock example
    has one of its own) and no private-use marker left in any part."""
    from hostile_support import Result

    assert isinstance(result, Result)
    if result.code != 0:
        assert_refused(result, "spec.yaml")
        return
    assert_no_crash(result)
    path = ws.out / "sa-thay-2025.docx"
    with zipfile.ZipFile(path) as z:
        document = z.read("word/document.xml").decode("utf-8")
        footnotes = (
            z.read("word/footnotes.xml").decode("utf-8")
            if ("word/footnotes.xml" in z.namelist())
            else ""
        )
    refs = re.findall(r'<w:footnoteReference w:id="(\d+)"', document)
    bodies = re.findall(r'<w:footnote (?:w:type="\w+" )?w:id="(\d+)"', footnotes)
    baseline = _baseline_refs()
    assert len(refs) == baseline + expected, (
        f"footnote references {refs}, expected {baseline + expected}\n{result}"
    )
    assert all(r in bodies for r in refs), f"references {refs} to footnotes {bodies}\n{result}"
    leftover = [c for c in "\ue000\ue001" if c in document + footnotes]
    assert in_template or not leftover, f"marker characters left: {leftover!r}\n{result}"


def _baseline_refs() -> int:
    """Footnote references in the untouched example (rendered once per session)."""
    global _BASELINE
    if _BASELINE is None:
        import tempfile

        from hostile_support import CATALOGS, EXAMPLES

        from docgen.catalog.catalog import Catalog
        from docgen.workflows.render import render_spec

        with tempfile.TemporaryDirectory() as tmp:
            path = render_spec(EXAMPLES / "sa-thay-2025.yaml", Path(tmp), Catalog.load(CATALOGS))
            with zipfile.ZipFile(path) as z:
                xml = z.read("word/document.xml").decode("utf-8")
        _BASELINE = len(re.findall(r"<w:footnoteReference ", xml))
    return _BASELINE


_BASELINE: int | None = None
