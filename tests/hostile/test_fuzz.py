"""Fuzzing (Hypothesis, derandomized, no shrinking, a bounded number of examples): specs,
catalog files, figure files and .docx for `check`, each a mutation of a real file of the
repository. The library behind the command line is called in this process; the only
outcome allowed besides success is a DocgenError (what the CLI prints as `error: …`) —
any other exception is a crash the user would see as a traceback (or exit 70).

Every example runs under an alarm and a memory limit, so a hang or a runaway allocation
fails the example instead of the run.
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile_files import rezip
from hostile_support import CATALOGS, EXAMPLES, in_process_limits
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl import Workbook

from docgen.catalog.catalog import Catalog
from docgen.errors import DocgenError

pytestmark = pytest.mark.slow

SECONDS = 20  # per example: a hang is a failure
MEMORY = 3 * 1024**3  # address space of this process while an example runs

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    phases=(Phase.explicit, Phase.generate),  # no shrinking: bounded, the first failure kept
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)


def bounded() -> contextlib.AbstractContextManager[None]:
    """Alarm after SECONDS and an address-space limit, for one example."""
    return in_process_limits(SECONDS, MEMORY)


@functools.lru_cache(maxsize=1)
def catalog() -> Catalog:
    return Catalog.load(CATALOGS)


def expected_or_ok(call: Any, *args: Any, **kwargs: Any) -> Any:
    """Run *call*; a DocgenError is an expected outcome (returns None), anything else fails."""
    with bounded():
        try:
            return call(*args, **kwargs)
        except DocgenError as exc:
            assert "Traceback" not in str(exc), str(exc)
            return None


# -- shared strategies ------------------------------------------------------------------------

ODD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "../x",
        "/abs/x",
        "a\nb",
        "\u202e",
        "\ue0001\ue001",
        "\ufeff",
        "ế",
        "e\u0302\u0301",
        "9" * 400,
        "-1",
        "1e400",
        "nan",
        "0x10",
        "٤٥",
        "２０２５",
        "{{",
        "}}",
        "{%",
        "**",
        "\t",
        "a" * 5000,
        "null",
        "~",
        "yes",
        "2025-02-30",
        "2025-2026",
        "\\",
        "'",
        '"',
        "&amp;",
        "<w:p/>",
    ]
)
TEXT = st.one_of(st.text(max_size=30), ODD_TEXT)
SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.sampled_from([10**400, -(10**20), 2**63]),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
)
VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=6,
)

# a small grammar of the texts' Jinja: docgen's functions, filters, odd values
SMALL = st.integers(-3, 99)
LITERAL = st.one_of(
    SMALL.map(str),
    st.sampled_from(
        [
            "10**400",
            "1e308*10",
            "0",
            "-0.0",
            "none",
            "true",
            "[]",
            "{}",
            "'131/QĐ-TTg'",
            "'1491/SGDĐT-QLCLGDCNTT'",
            "'so-ket-hk1'",
            "'tong-ket'",
            "'\\ue000'",
            "'\\ue0001\\ue001'",
            "'\\ud800'",
            "'x'",
            "''",
            "'../x'",
            "[1, 'a', none]",
            "{'a': 1}",
            "range(5)",
            "'%s'",
            "'{}'",
        ]
    ),
)
NAME = st.sampled_from(
    [
        "issuer",
        "issuer.mention",
        "issuer.name",
        "year",
        "year_spaced",
        "unit_name",
        "submit_here",
        "report_to",
        "nosuch",
        "issuer.nope",
        "loop",
        "self",
        "cite",
        "fn",
        "note",
        "deadline",
        "range",
        "lipsum",
        "namespace",
        "dict",
        "cycler",
        "joiner",
        "''.__class__",
    ]
)
FILTER = st.sampled_from(
    [
        "int",
        "float",
        "length",
        "join",
        "upper",
        "tojson",
        "wordwrap(3)",
        "center(20)",
        "indent(2)",
        "replace('a', 'b')",
        "list",
        "sum",
        "sort",
        "first",
        "last",
        "default('x')",
        "format(1)",
        "truncate(5)",
        "batch(2)|list",
        "slice(2)|list",
        "round",
        "abs",
        "string",
        "e",
        "safe",
        "striptags",
        "title",
        "unique|list",
        "map('upper')|list",
        "attr('x')",
        "dictsort",
        "groupby('x')",
        "selectattr('x')|list",
        "random",
        "filesizeformat",
        "urlize",
        "trim",
        "capitalize",
        "wordcount",
        "xmlattr",
        "pprint",
        "items",
        "min",
        "max",
        "reverse",
        "nosuchfilter",
        "int(base=2)",
        "join(none)",
        "center(-5)",
    ]
)
CALL = st.one_of(
    st.tuples(
        st.sampled_from(["cite", "fn", "note", "deadline"]),
        st.lists(LITERAL, max_size=3),
        st.sampled_from(
            [
                "",
                "form='long'",
                "date='long'",
                "prefix='x'",
                "level='below'",
                "form='short'",
                "date='nope'",
                "x=1",
            ]
        ),
    ).map(lambda t: f"{t[0]}({', '.join([*t[1], *([t[2]] if t[2] else [])])})"),
)


def _expr(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(
            inner,
            st.sampled_from(["+", "-", "*", "/", "//", "%", "~", "==", "<", "and", "or", "in"]),
            inner,
        ).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(inner, FILTER).map(lambda t: f"({t[0]})|{t[1]}"),
        st.tuples(
            inner,
            st.sampled_from(
                [
                    ".x",
                    "[0]",
                    "['a']",
                    ".__class__",
                    "()",
                    ".upper()",
                    ".format(1)",
                    "[1:]",
                    ".mention",
                ]
            ),
        ).map(lambda t: f"{t[0]}{t[1]}"),
    )


EXPR = st.recursive(st.one_of(LITERAL, NAME, CALL), _expr, max_leaves=4)
STATEMENT = st.one_of(
    EXPR.map(lambda e: "{{ " + e + " }}"),
    EXPR.map(lambda e: "{% if " + e + " %}a{% else %}b{% endif %}"),
    EXPR.map(lambda e: "{% for x in " + e + " %}{{ x }}{{ loop.index }}{% endfor %}"),
    EXPR.map(lambda e: "{% set v = " + e + " %}{{ v }}"),
    st.sampled_from(
        [
            "{{",
            "{%",
            "}}",
            "{# x",
            "{% endfor %}",
            "{% raw %}",
            "**",
            "**bold",
            "{{ }}",
            "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
            "{% include 'x' %}",
            "{% extends 'x' %}",
            "{%- if 1 -%}{%- endif -%}",
        ]
    ),
)
JINJA = st.lists(st.one_of(STATEMENT, TEXT), min_size=1, max_size=4).map("".join)


def _locations(tree: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) of a loaded YAML tree, in document order."""
    found: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(items):
            found.append((node, key))
            if isinstance(value, (dict, list)):
                walk(value)

    if isinstance(tree, (dict, list)):
        walk(tree)
    return found


MUTATION = st.tuples(
    st.integers(0, 10**6),
    st.sampled_from(["delete", "value", "text", "jinja", "duplicate", "insert", "swap-type"]),
    VALUE,
    JINJA,
    TEXT,
)


def mutate_tree(tree: Any, mutations: list[tuple[int, str, Any, str, str]]) -> Any:
    for index, op, value, jinja, text in mutations:
        places = _locations(tree)
        if not places:
            return value
        node, key = places[index % len(places)]
        if op == "delete":
            del node[key]
        elif op == "value":
            node[key] = value
        elif op == "text":
            node[key] = text
        elif op == "jinja":
            node[key] = jinja
        elif op == "duplicate" and isinstance(node, list):
            node.insert(key, node[key])
        elif op == "insert" and isinstance(node, dict):
            node[text] = value
        elif op == "swap-type":
            old = node[key]
            node[key] = [old] if not isinstance(old, list) else {"x": old}
    return tree


def dump(tree: Any) -> str:
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=200)


# -- (a) specs ------------------------------------------------------------------------------

SPECS = ("sa-thay-2025", "kon-tum-2022", "hai-phong-2024", "ngok-bay-2025")


@settings(FUZZ, max_examples=60)
@given(st.sampled_from(SPECS), st.lists(MUTATION, min_size=1, max_size=4))
def test_fuzz_specs(name: str, mutations: list[tuple[int, str, Any, str, str]]) -> None:
    from docgen.workflows.render import render_specs

    tree = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
    text = dump(mutate_tree(tree, mutations))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(EXAMPLES / "data", folder / "data")
        spec = folder / f"{name}.yaml"
        spec.write_text(text, encoding="utf-8")
        out = folder / "out"
        written = expected_or_ok(lambda: list(render_specs([spec], out, catalog(), jobs=1)))
        for path in written or []:
            assert out in path.resolve().parents, f"written outside out/: {path}"


@settings(FUZZ, max_examples=60)
@given(JINJA)
def test_fuzz_texts(jinja: str) -> None:
    """One body text of the sa-thay example replaced by a random one of the grammar."""
    from docgen.workflows.render import render_specs

    tree = yaml.safe_load((EXAMPLES / "sa-thay-2025.yaml").read_text(encoding="utf-8"))
    tree["body"].insert(1, {"text": jinja})
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "spec.yaml"
        spec.write_text(dump(tree), encoding="utf-8")
        expected_or_ok(lambda: list(render_specs([spec], Path(tmp) / "out", catalog(), jobs=1)))


# -- (b) catalog files --------------------------------------------------------------------

CATALOG_FILES = (
    "orgs/ngok-bay.yaml",
    "orgs/quang-ngai.yaml",
    "levels.yaml",
    "cascade.yaml",
    "milestones/2025-2026.yaml",
    "references/provinces.yaml",
    "tasks/cntt-cds-2025-2026.yaml",
    "targets/qd131.yaml",
)


@settings(FUZZ, max_examples=40)
@given(st.sampled_from(CATALOG_FILES), st.lists(MUTATION, min_size=1, max_size=3))
def test_fuzz_catalog_files(file: str, mutations: list[tuple[int, str, Any, str, str]]) -> None:
    from docgen.catalog.specfile import load_spec
    from docgen.workflows.cascade import plan_cascade

    tree = yaml.safe_load((CATALOGS / file).read_text(encoding="utf-8"))
    text = dump(mutate_tree(tree, mutations))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "catalogs"
        shutil.copytree(CATALOGS, folder)
        (folder / file).write_text(text, encoding="utf-8")
        loaded = expected_or_ok(Catalog.load, folder)
        if loaded is None:
            return
        root = load_spec(EXAMPLES / "so-quang-ngai-1491.yaml")
        expected_or_ok(plan_cascade, root, loaded, "truong")


# -- (c) figure files ---------------------------------------------------------------------

DATA = EXAMPLES / "data" / "ngok-bay"
HEADER = [
    "don_vi",
    "ten_truong",
    "nguoi_hoc",
    "nguoi_hoc_ho_so",
    "nha_giao",
    "nha_giao_ho_so",
    "csvc_ho_so",
    "chu_ky_so",
]
ROW = ["mn-ngok-bay", "Trường MN Ngọk Bay", "450", "450", "12", "12", "có", "có"]
CELL_TEXT = st.one_of(
    st.text(alphabet="0123456789.,-+e_ ٤５⁴", max_size=12),
    TEXT,
    st.sampled_from(["có", "không", "x", "", "TRUE", "1", "0", "mn-kroong", "th-thcs-kroong"]),
)
CELL = st.one_of(
    CELL_TEXT,
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.dates(),
    st.sampled_from([10**400]),
)
GRID_OP = st.tuples(
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.sampled_from(["set", "drop-column", "add-column", "dup-row", "drop-row", "header"]),
    CELL,
)


def mutate_grid(rows: list[list[Any]], ops: list[tuple[int, int, str, Any]]) -> list[list[Any]]:
    for r, c, op, value in ops:
        if not rows:
            rows.append([value])
        row = rows[r % len(rows)]
        if op == "set" and row:
            row[c % len(row)] = value
        elif op == "drop-column" and row:
            del row[c % len(row)]
        elif op == "add-column":
            row.append(value)
        elif op == "dup-row":
            rows.insert(r % len(rows), list(row))
        elif op == "drop-row":
            rows.remove(row)
        elif op == "header" and rows[0]:
            rows[0][c % len(rows[0])] = value
    return rows


def _aggregate(folder: Path) -> None:
    from docgen.workflows.aggregate import aggregate, figure_file

    result = aggregate(folder, catalog(), "ubnd-xa-ngok-bay")
    result.lines()
    figure_file(result, catalog())


@settings(FUZZ, max_examples=50)
@given(st.lists(GRID_OP, min_size=1, max_size=5), st.sampled_from([",", ";", "\t"]))
def test_fuzz_csv_figure_files(ops: list[tuple[int, int, str, Any]], sep: str) -> None:
    rows = mutate_grid([list(HEADER), list(ROW)], ops)
    text = "\n".join(sep.join("" if v is None else str(v) for v in row) for row in rows)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        shutil.copytree(DATA, folder)
        (folder / "mn-ngok-bay.csv").write_text(text + "\n", encoding="utf-8", errors="replace")
        expected_or_ok(_aggregate, folder)


@settings(FUZZ, max_examples=30)
@given(st.lists(GRID_OP, min_size=1, max_size=5))
def test_fuzz_xlsx_figure_files(ops: list[tuple[int, int, str, Any]]) -> None:
    rows = mutate_grid(
        [list(HEADER), ["mn-kroong", "Trường MN Kroong", 401, 401, 11, 11, "có", "có"]], ops
    )
    book = Workbook()
    sheet = book.active
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, int) and abs(value) > 10**15:
                value = str(value)  # Excel has no such number; the text of it
            if isinstance(value, str):
                value = "".join(ch for ch in value if ch >= " " or ch in "\t\n")
            cells.append(value)
        sheet.append(cells)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        shutil.copytree(DATA, folder)
        book.save(folder / "mn-kroong.xlsx")
        expected_or_ok(_aggregate, folder)


@settings(FUZZ, max_examples=30)
@given(st.lists(MUTATION, min_size=1, max_size=3))
def test_fuzz_yaml_figure_files(mutations: list[tuple[int, str, Any, str, str]]) -> None:
    tree = yaml.safe_load((DATA / "th-thcs-kroong.yaml").read_text(encoding="utf-8"))
    text = dump(mutate_tree(tree, mutations))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        shutil.copytree(DATA, folder)
        (folder / "th-thcs-kroong.yaml").write_text(text, encoding="utf-8")
        expected_or_ok(_aggregate, folder)


# -- (d) .docx for check ----------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def docgen_output() -> dict[str, bytes]:
    from docgen.workflows.render import render_spec

    with tempfile.TemporaryDirectory() as tmp:
        path = render_spec(EXAMPLES / "sa-thay-2025.yaml", Path(tmp), catalog())
        with zipfile.ZipFile(path) as z:
            return {info.filename: z.read(info) for info in z.infolist()}


XML_PARTS = (
    "word/document.xml",
    "word/styles.xml",
    "word/numbering.xml",
    "word/footnotes.xml",
    "word/header1.xml",
    "word/_rels/document.xml.rels",
    "[Content_Types].xml",
    "word/settings.xml",
)
ATTR_VALUE = st.one_of(
    st.sampled_from(
        [
            "0",
            "-1",
            "9" * 400,
            "-" + "9" * 400,
            "1e400",
            "nan",
            "inf",
            "",
            "auto",
            "٤٥",
            "2.5cm",
            "FFFFFFFF",
            "999999999999",
            "true",
            "../../x",
            "\x00"[:0],
        ]
    ),
    st.integers(-(10**6), 10**9).map(str),
    st.text(max_size=8),
)
XML_OP = st.tuples(
    st.sampled_from(XML_PARTS),
    st.integers(0, 10**6),
    st.sampled_from(["delete", "duplicate", "attribute", "text", "nest", "move"]),
    ATTR_VALUE,
)


def mutate_xml(xml: bytes, index: int, op: str, value: str) -> bytes:
    root = etree.fromstring(xml)
    nodes = list(root.iter())
    node = nodes[index % len(nodes)]
    parent = node.getparent()
    if op == "delete" and parent is not None:
        parent.remove(node)
    elif op == "duplicate" and parent is not None:
        parent.insert(parent.index(node), etree.fromstring(etree.tostring(node)))
    elif op == "attribute" and node.attrib:
        names = sorted(node.attrib)
        with contextlib.suppress(ValueError):
            node.set(names[index % len(names)], value)
    elif op == "text":
        with contextlib.suppress(ValueError):
            node.text = value
    elif op == "nest" and parent is not None:
        copy = etree.fromstring(etree.tostring(node))
        node.append(copy)
    elif op == "move" and parent is not None:
        other = nodes[(index * 7 + 3) % len(nodes)]
        if other is not node and node not in other.iterancestors():
            parent.remove(node)
            other.append(node)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _check(data: bytes) -> None:
    from docgen.check import check_file, run

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzzed.docx"
        path.write_bytes(data)
        with bounded():
            report = check_file(path)
            assert report.exit_code in (0, 1, 2)
            for fmt in ("text", "json"):
                out, code = run([str(path)], fmt)
                assert code == report.exit_code
                assert "Traceback" not in out


@settings(FUZZ, max_examples=80)
@given(st.lists(XML_OP, min_size=1, max_size=4))
def test_fuzz_docx_xml_for_check(ops: list[tuple[str, int, str, str]]) -> None:
    parts = dict(docgen_output())
    for part, index, op, value in ops:
        if part in parts:  # (docgen's output may lack a part, e.g. numbering)
            parts[part] = mutate_xml(parts[part], index, op, value)
    _check(rezip(parts))


@settings(FUZZ, max_examples=60)
@given(
    st.lists(st.tuples(st.integers(0, 10**7), st.integers(1, 255)), min_size=1, max_size=6),
    st.sampled_from(["none", *XML_PARTS, "docProps/core.xml", "word/theme/theme1.xml"]),
    st.floats(0, 1),
)
def test_fuzz_docx_bytes_for_check(
    flips: list[tuple[int, int]], truncated: str, keep: float
) -> None:
    """Byte flips anywhere in the zip, and one member truncated."""
    parts = dict(docgen_output())
    if truncated in parts:  # (docgen's output may lack a part, e.g. numbering)
        parts[truncated] = parts[truncated][: int(len(parts[truncated]) * keep)]
    raw = bytearray(rezip(parts))
    for at, mask in flips:
        raw[at % len(raw)] ^= mask
    _check(bytes(raw))
