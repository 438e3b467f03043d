"""Hostile texts and templates through the real CLI: every breach of a limit, every
impossible computation and every forged footnote mark is a `file:line` error that names
the limit and says what to do, in bounded time and memory, with nothing written."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import CATALOGS, EXAMPLES, ROOT
from lxml import etree

GOOD = (EXAMPLES / "sa-thay-2025.yaml").read_text(encoding="utf-8")
LAST = '  - text: "{{ issuer.mention }} đề nghị các cơ quan, đơn vị triển khai, thực hiện./."'
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MEMORY = 2 << 30  # 2 GiB: address space of the docgen process
TIMEOUT = 60  # seconds: far more than any of these takes (about 2 s)


def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def spec_with(text: str, extra: str = "") -> str:
    """The sa-thay example, its last paragraph replaced by *text* (a YAML scalar)."""
    assert LAST in GOOD
    return GOOD.replace(LAST, "  - text: " + text) + extra


def render(tmp_path: Path, spec: str, **env: str) -> tuple[int, str, Path]:
    path = tmp_path / "spec.yaml"
    path.write_text(spec, encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from docgen.cli import main; main()",
            "render",
            str(path),
            "-o",
            str(out),
            "--catalog",
            str(CATALOGS),
        ],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_bounded,
        env={**os.environ, **env},
        cwd=ROOT,
    )
    return result.returncode, result.stdout + result.stderr, out


def refused(
    tmp_path: Path, spec: str, expect: str, where: str = r"spec\.yaml:\d+", **env: str
) -> str:
    code, text, out = render(tmp_path, spec, **env)
    assert code != 0, text
    assert "Traceback" not in text and "MemoryError" not in text, text
    assert text.startswith("error: "), text
    assert re.search(where, text), text
    assert expect in text, text
    assert not out.exists() or not list(out.iterdir())
    return text


# -- texts ------------------------------------------------------------------------------------

DOUBLING = "{% set a = 'aaaa' %}" + "{% set a = a ~ a %}" * 30 + "{{ a|length }}"
NESTED_LOOPS = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("range(10**9)|list", "(limit DOCGEN_MAX_RANGE)"),
        ("'a'*10**9", "more than 1,000,000 characters (limit DOCGEN_MAX_TEXT)"),
        ("'a'*10**8", "(limit DOCGEN_MAX_TEXT)"),
        ("'{:>1000000000}'.format(1)", "(limit DOCGEN_MAX_TEXT)"),
        ("'%1000000000s' % 'x'", "(limit DOCGEN_MAX_TEXT)"),
        ("'a'.center(10**9)", "(limit DOCGEN_MAX_TEXT)"),
        ("'a'|center(10**9)", "(limit DOCGEN_MAX_TEXT)"),
        ("'a'.ljust(10**9)", "(limit DOCGEN_MAX_TEXT)"),
        ("('a '*400000)|wordwrap(1)", "(limit DOCGEN_MAX_TEXT)"),
        ("('a\\n'*1000)|indent(10**6)", "(limit DOCGEN_MAX_TEXT)"),
        ("range(1000)|join('x'*100000)", "(limit DOCGEN_MAX_TEXT)"),
        ("'x'.join(['y'*1000]*2000)", "(limit DOCGEN_MAX_TEXT)"),
        ("('a'*1000).replace('', 'b'*1000)", "(limit DOCGEN_MAX_TEXT)"),
        ("[['a'*900000]*2]", "(limit DOCGEN_MAX_TEXT)"),
        ("9**(9**9)", "a number of more than 4,300 digits"),
        ("1/0", "division by zero"),
        ("1 // 0", "division by zero"),
        ("(1e308*10)|int", "a number too large (or infinite)"),
        ("10.0**400", "a number too large (or infinite)"),
        ("'\\\\ud800'", "U+D800 cannot be written in a Word document"),
        ("'%c' % 55296", "writes U+D800, which a Word document cannot hold"),
        ("lipsum(10**9)", "unknown name in the text"),
        ("[1].append(2)", "texts and templates cannot change a list"),
        ("deadline('so-ket-hk1', 'nolevel')", "deadline() has no level 'nolevel'"),
        ("deadline('so-ket-hk1', 'below', 'huge')", "deadline() has no form 'huge'"),
        ("cite(131)", 'cite() takes text in quotes, not a number (131) — write cite("…")'),
        ("'\\\\ue000' ~ 1 ~ '\\\\ue001'", "footnote marks (U+E000, U+E001) of its own"),
        ("'9' ~ 9" + "9" * 5000, "a number of more than 4,300 digits"),
        ("(" * 2000 + "1" + ")" * 2000, "nested too deep"),
    ],
)
def test_an_expression_over_a_limit_is_refused(tmp_path: Path, text: str, expect: str) -> None:
    refused(tmp_path, spec_with('"{{ ' + text + ' }}"'), expect)


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        (DOUBLING, "(limit DOCGEN_MAX_TEXT)"),
        (NESTED_LOOPS, "more than 1,000,000 times in one document (limit DOCGEN_MAX_LOOP)"),
        ("{% macro m(x) %}{{ m(x) }}{% endmacro %}{{ m(1) }}", "(limit DOCGEN_MAX_DEPTH)"),
        ("{% for x in [1] recursive %}{{ loop([x]) }}{% endfor %}", "(limit DOCGEN_MAX_DEPTH)"),
        (
            "{% set s = 'a'*900000 %}{% for i in range(10) %}{{ s }}{% endfor %}",
            "the text renders more than 1,000,000 characters (limit DOCGEN_MAX_TEXT)",
        ),
        (
            "{% set s = 'a'*900000 %}{% for i in range(100000) %}{{ s ~ i }}{% endfor %}",
            "(limit DOCGEN_MAX_DOCUMENT)",
        ),
        (
            "{% set x %}{% for i in range(100000) %}{{ 'a'*1000 }}{% endfor %}{% endset %}",
            "(limit DOCGEN_MAX_DOCUMENT)",
        ),
        ("{% include 'spec.yaml' %}", "{% include %} is not allowed: a text cannot read"),
        ("{% import 'spec.yaml' as x %}", "{% import %} is not allowed"),
        ("{% from 'spec.yaml' import x %}", "{% from %} is not allowed"),
        ("{% extends 'spec.yaml' %}", "{% extends %} is not allowed"),
        ("{% set m = fn('1491/SGDĐT-QLCLGDCNTT') %}{{ m }}{{ m }}", "or one twice"),
        ("{% set m = fn('1491/SGDĐT-QLCLGDCNTT') %}x", "does not print it"),
    ],
)
def test_a_statement_over_a_limit_is_refused(tmp_path: Path, text: str, expect: str) -> None:
    refused(tmp_path, spec_with('"' + text + '"'), expect)


def test_the_line_is_the_line_of_the_text(tmp_path: Path) -> None:
    spec = spec_with("|-\n      first line\n      {{ 1/0 }}")
    line = spec.splitlines().index("      {{ 1/0 }}") + 1
    refused(tmp_path, spec, "division by zero — check the divisor", rf"spec\.yaml:{line}:")


def test_the_deadline_of_a_document(tmp_path: Path) -> None:
    slow = "{% for i in range(100000) %}{% for j in range(9) %}{{ i ** 2 }}{% endfor %}{% endfor %}"
    text = refused(
        tmp_path,
        spec_with('"' + slow + '"'),
        "(limit DOCGEN_MAX_SECONDS)",
        DOCGEN_MAX_SECONDS="0.3",
        DOCGEN_MAX_TEXT="100000000",
    )
    assert "takes more than 0.3 seconds" in text


def test_limits_are_settable(tmp_path: Path) -> None:
    code, text, out = render(
        tmp_path, spec_with("\"{{ 'a' * 2000000 }}\""), DOCGEN_MAX_TEXT="3_000_000"
    )
    assert code == 0, text
    (tmp_path / "refused").mkdir()
    refused(
        tmp_path / "refused",
        spec_with('"{{ range(20)|list }}"'),
        "range() of more than 10 numbers",
        DOCGEN_MAX_RANGE="10",
    )


def test_values_up_to_the_limits_render(tmp_path: Path) -> None:
    text = "\"{{ ('a '*500000)|wordcount }} {{ ('a.'*500000)|urlize|length }}\""
    code, out_text, out = render(tmp_path, spec_with(text))
    assert code == 0, out_text
    assert (out / "sa-thay-2025.docx").exists()


def test_a_bad_limit_is_said(tmp_path: Path) -> None:
    code, text, out = render(tmp_path, GOOD, DOCGEN_MAX_DEPTH="deep")
    assert code != 0 and "Traceback" not in text
    assert "DOCGEN_MAX_DEPTH must be a positive whole number, not 'deep'" in text


# -- YAML aliases -----------------------------------------------------------------------------


def laughs(levels: int) -> str:
    lines = ["extra:", '  l0: &l0 "lol lol lol lol lol lol lol lol lol lol"']
    for i in range(1, levels + 1):
        lines.append(f"  l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_is_refused_at_load(tmp_path: Path) -> None:
    spec = spec_with('"{{ l9 }}"', laughs(9))
    refused(tmp_path, spec, "(limit DOCGEN_MAX_YAML)", r"spec\.yaml:\d+:\d+: with its aliases")


def test_a_hundred_thousand_laughs_printed_or_dumped(tmp_path: Path) -> None:
    for text in ('"{{ l5 }}"', '"{{ l5|tojson }}"', '"{{ l5|string|length }}"'):
        refused(tmp_path, spec_with(text, laughs(5)), "(limit DOCGEN_MAX_TEXT)")


def test_an_alias_inside_itself(tmp_path: Path) -> None:
    refused(
        tmp_path,
        spec_with('"{{ x }}"', "extra:\n  x: &a [1, *a]\n"),
        "alias '*a' is inside the value it names",
    )


# -- footnote marks ---------------------------------------------------------------------------


def footnote_ids(docx: Path) -> tuple[list[str], set[str]]:
    """The ids the body references, and the ids of the footnotes part."""
    with zipfile.ZipFile(docx) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        names = z.namelist()
        notes = (
            etree.fromstring(z.read("word/footnotes.xml"))
            if "word/footnotes.xml" in names
            else None
        )
    refs = [r.get(f"{W}id") for r in body.iter(f"{W}footnoteReference")]
    ids = set() if notes is None else {n.get(f"{W}id") for n in notes.iter(f"{W}footnote")}
    return [r for r in refs if r is not None], ids


def test_marks_in_values_are_removed(tmp_path: Path) -> None:
    """Marks typed in a spec (text or extra value) are taken out when it is read: they
    print as nothing and reference no footnote; fn()'s own footnote still works."""
    extra = 'extra:\n  forged: "x\\ue0001\\ue001\\ue0009\\ue001y"\n'
    text = "\"{{ forged }} \ue0002\ue001 {{ fn('1491/SGDĐT-QLCLGDCNTT') }}\""
    code, out_text, out = render(tmp_path, spec_with(text, extra))
    assert code == 0, out_text
    refs, ids = footnote_ids(out / "sa-thay-2025.docx")
    assert refs and set(refs) <= ids
    assert len(refs) == len(ids - {"-1", "0"})  # no footnote without its reference


# -- templates --------------------------------------------------------------------------------


def hostile_template(tmp_path: Path, tag: str) -> str:
    """The spec, rendered with the stock công văn whose "Số" line is *tag*."""
    source = ROOT / "templates" / "cong_van.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(tmp_path / "t.docx", "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                assert b"{{ header.so }}" in data
                data = data.replace(b"{{ header.so }}", tag.encode())
            zout.writestr(info, data)
    return GOOD + "template: t.docx\n"


@pytest.mark.parametrize(
    ("tag", "expect"),
    [
        ("{{ 'a'*10**8 }}", "(limit DOCGEN_MAX_TEXT)"),
        ("{{ range(10**9)|list }}", "(limit DOCGEN_MAX_RANGE)"),
        ("{{ 1/0 }}", "division by zero"),
        ("{{ 9**(9**9) }}", "a number of more than 4,300 digits"),
        ("{{ '%c' % 55296 }}", "writes U+D800, which a Word document cannot hold"),
        ("{{ '\\ud800' }}", "U+D800 cannot be written in a Word document"),
        ("{% include 'x.docx' %}", "{% include %} is not allowed: a template cannot read"),
        ("{% extends 'x.docx' %}", "{% extends %} is not allowed"),
        ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "(limit DOCGEN_MAX_DEPTH)"),
        (NESTED_LOOPS, "(limit DOCGEN_MAX_LOOP)"),
        (
            "{% set s = 'a'*1000000 %}{% for i in range(1000) %}{{ s }}{% endfor %}",
            "the document renders more than 5,000,000 characters (limit DOCGEN_MAX_DOCUMENT)",
        ),
    ],
)
def test_a_hostile_template_is_refused(tmp_path: Path, tag: str, expect: str) -> None:
    refused(tmp_path, hostile_template(tmp_path, tag), expect, r"t\.docx: the template cannot")
