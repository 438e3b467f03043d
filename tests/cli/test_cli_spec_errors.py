"""Every wrong value of a spec, through `docgen render`: exit 1, `file:line: what — the
allowed values`, no traceback, no Python or Jinja internal, no file written. And the new
citation and Nơi nhận forms, read back from the rendered .docx."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CATALOGS
from docxview import part_xml, text_dump

from docgen.cli import main

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: a small công văn; line 12 is the body text (each case replaces one line)
SPEC = """\
name: t
kind: cong_van
issuer: ubnd-xa-sa-thay
unit: VHXH
report_unit: QLCLGDCNTT
signer: vo-thi-kim-dung
year: 2025
school_year: 2025-2026
subject: thử nghiệm
recipients: [mn-nhu-y]
body:
  - text: 'Văn bản {{ issuer.mention }}./.'
"""
#: Python's and Jinja's words, which a message must never show
INTERNALS = (
    "Traceback",
    "TextComposer",
    "unexpected keyword",
    "dict object",
    "is undefined",
    "positional argument",
    "NoneType",
    "internal error",
)


def render(tmp_path: Path, text: str, catalog: Path = CATALOGS) -> tuple[int, str, Path]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["render", str(spec), "-o", str(out), "--catalog", str(catalog)]
    )
    return result.exit_code, result.output, out


def body(text: str) -> str:
    return SPEC.replace("  - text: 'Văn bản {{ issuer.mention }}./.'", f"  - text: '{text}'")


S = SPEC.replace
CASES = {
    # booleans where text is wanted (a plain YAML true/false)
    "bool-subject": (
        S("subject: thử nghiệm", "subject: true"),
        9,
        "'subject' must be text, found the value true",
    ),
    "bool-unit": (S("unit: VHXH", "unit: false"), 4, "'unit' must be text"),
    "bool-kind": (
        S("kind: cong_van", "kind: true"),
        2,
        "'kind' must be one of: cong_van, ke_hoach, bao_cao",
    ),
    "bool-year": (S("year: 2025\n", "year: false\n"), 7, "'year' must be a whole number"),
    "bool-recipient": (
        S("[mn-nhu-y]", "[mn-nhu-y, false]"),
        10,
        "'recipients' must be a list of texts",
    ),
    "bool-paragraph": (
        S("  - text: 'Văn bản {{ issuer.mention }}./.'", "  - false"),
        12,
        "a body paragraph must be text, found the value false",
    ),
    # nhu_tren: a text, true/false or {as:, purpose:}; nothing else
    "nhu-list": (SPEC + "nhu_tren: [a]\n", 13, "write nhu_tren: <purpose>"),
    "nhu-as": (SPEC + "nhu_tren: {as: kinh gui}\n", 13, "did you mean 'kính gửi'?"),
    "nhu-dieu": (
        SPEC + "nhu_tren: {as: Điều 3}\n",
        13,
        "'- Như Điều N;' opens a quyết định's Nơi nhận, made from its 'executors:'",
    ),
    "nhu-key": (
        SPEC + "nhu_tren: {line: trên}\n",
        13,
        "unknown key 'line' in nhu_tren — allowed: as, purpose",
    ),
    # units of the issuer, and of its parent for report_unit
    "unit": (
        S("unit: VHXH", "unit: VHX"),
        4,
        "unit 'VHX' is not a unit of 'ubnd-xa-sa-thay' — did you mean 'VHXH'? units of"
        " ubnd-xa-sa-thay: VP (Văn phòng HĐND và UBND), VHXH",
    ),
    "report-unit": (
        S("report_unit: QLCLGDCNTT", "report_unit: BOGUS"),
        5,
        "report_unit 'BOGUS' is not a unit of 'sgddt-quang-ngai'",
    ),
    # signers: missing, or not one of the issuer's
    "no-signer": (
        S("signer: vo-thi-kim-dung\n", ""),
        1,
        "the spec names no signer — add 'signer: <id>'; signers of ubnd-xa-sa-thay:"
        " vo-thi-kim-dung",
    ),
    "signer": (
        S("signer: vo-thi-kim-dung", "signer: vo-thi-kim-dug"),
        6,
        "did you mean 'vo-thi-kim-dung'? signers of ubnd-xa-sa-thay: vo-thi-kim-dung",
    ),
    # deadline() forms and levels
    "deadline-form": (
        body('{{ deadline("so-ket-hk1", "issuer", "bogus") }}'),
        12,
        "deadline() has no form 'bogus' — form: 'long', 'short'",
    ),
    "deadline-level": (
        body('{{ deadline("so-ket-hk1", "belo") }}'),
        12,
        "deadline() has no level 'belo' — did you mean 'below'?",
    ),
    # options of the text functions
    "fn-option": (
        body('{{ fn("131/QĐ-TTg", bogus=1) }}'),
        12,
        "fn() has no option 'bogus' — fn() takes date, prefix, issuer, suffix",
    ),
    "fn-option-typo": (body('{{ fn("131/QĐ-TTg", sufix="x") }}'), 12, "did you mean 'suffix'?"),
    "cite-values": (
        body('{{ cite("131/QĐ-TTg", "long", "short", "x") }}'),
        12,
        "cite() takes at most 3 values without a name (ref_id, form, date), found 4",
    ),
    "cite-twice": (
        body('{{ cite("131/QĐ-TTg", "short", form="long") }}'),
        12,
        "cite() is given its form twice",
    ),
    "cite-twice-named": (
        body('{{ cite("131/QĐ-TTg", form="short", form="long") }}'),
        12,
        "a call gives the option 'form' twice",
    ),
    "cite-none": (body("{{ cite() }}"), 12, "cite() needs a reference id"),
    "cite-form": (
        body('{{ cite("131/QĐ-TTg", "shot") }}'),
        12,
        "cite() has no form 'shot' — did you mean 'short'? (form: 'auto', 'short', 'dated',"
        " 'long')",
    ),
    "cite-issuer": (
        body('{{ cite("131/QĐ-TTg", issuer="shrt") }}'),
        12,
        "cite() has no issuer 'shrt' — did you mean 'short'?",
    ),
    "cite-issuer-bool": (
        body('{{ cite("131/QĐ-TTg", issuer=true) }}'),
        12,
        "issuer= cannot be true — write issuer='full', issuer='short' or issuer='none' (or"
        " issuer=false)",
    ),
    "cite-bool": (
        body('{{ cite("131/QĐ-TTg", true) }}'),
        12,
        "cite() takes text in quotes, not true/false",
    ),
    "note-option": (body('{{ note("x", bold=true) }}'), 12, "note() has no option 'bold'"),
    # names and attributes a text may use
    "attribute": (
        body("{{ issuer.mentoin }}"),
        12,
        "unknown name in the text: 'issuer.mentoin' ('issuer' has no 'mentoin') — did you mean"
        " 'issuer.mention'? 'issuer' has issuer.name, issuer.short, issuer.mention",
    ),
    "item": (body('{{ issuer["nam"] }}'), 12, "did you mean 'issuer.name'?"),
    "name": (
        body("{{ mention }}"),
        12,
        "unknown name in the text: 'mention' — did you mean 'issuer.mention'? a text may use"
        " cite, fn, note, deadline,",
    ),
    "text-attribute": (body("{{ year.start }}"), 12, "'year' is a text, which has no 'start'"),
}


@pytest.mark.parametrize(("text", "line", "expect"), CASES.values(), ids=CASES.keys())
def test_a_wrong_value_is_said_at_its_line(
    tmp_path: Path, text: str, line: int, expect: str
) -> None:
    code, output, out = render(tmp_path, text)
    assert code == 1, output
    assert re.match(rf"error: {re.escape(str(tmp_path))}/spec\.yaml:{line}(:\d+)?: ", output), (
        output
    )
    assert expect in output, output
    assert not [word for word in INTERNALS if word in output], output
    assert not out.exists() or not list(out.iterdir())


def test_catalog_check_says_a_wrong_deadline_form_in_a_task(catalog_copy: Path) -> None:
    tasks = catalog_copy / "tasks" / "cntt-cds-2024-2025.yaml"
    text = tasks.read_text(encoding="utf-8")
    call = 'deadline("so-lieu-dau-nam", "below", "short")'
    line = text[: text.index(call)].count("\n") + 1
    tasks.write_text(text.replace(call, 'deadline("so-lieu-dau-nam", "belw", "bogus")'), "utf-8")
    result = CliRunner().invoke(main, ["catalog", "check", str(catalog_copy)])
    assert result.exit_code == 1, result.output
    assert f"cntt-cds-2024-2025.yaml:{line}:" in result.output
    assert "deadline() has no level 'belw' — did you mean 'below'?" in result.output
    assert "deadline() has no form 'bogus' — form: long, short" in result.output


def footnotes(path: Path) -> list[str]:
    notes = part_xml(path, "word/footnotes.xml")
    texts = ["".join(t.text or "" for t in n.iter(f"{W}t")) for n in notes.iter(f"{W}footnote")]
    return [t.strip() for t in texts if t.strip()]


def test_the_new_citation_forms_in_the_document(tmp_path: Path) -> None:
    text = SPEC.replace(
        "  - text: 'Văn bản {{ issuer.mention }}./.'",
        """\
  - text: >-
      Các văn bản chỉ đạo của UBND tỉnh, {{ parent.short }}: (1) {{ cite("21/KH-UBND-QNg",
      "long", issuer=false) }};
      (2) {{ cite("1491/SGDĐT-QLCLGDCNTT", "dated", issuer="short",
      suffix="và các văn bản liên quan") }}.
  - text: >-
      Thực hiện chế độ báo cáo{{ fn("03/2024/TT-BGDĐT", "19/2020/TT-BGDĐT", issuer="short",
      suffix="và các văn bản hướng dẫn") }}; {{ cite("4725/QĐ-BGDĐT", "short",
      issuer="short") }}./.""",
    )
    code, output, out = render(tmp_path, text + "nhu_tren: {as: kính gửi, purpose: thực hiện}\n")
    assert code == 0, output
    doc = out / "t.docx"
    dump = text_dump(doc)
    assert (
        "Các văn bản chỉ đạo của UBND tỉnh, Sở GDĐT: (1) Kế hoạch số 21/KH-UBND ngày 07/02/2023"
        " về việc triển khai" in dump
    )
    assert (
        "(2) Công văn số 1491/SGDĐT-QLCLGDCNTT ngày 09/10/2025 của Sở GDĐT và các văn bản liên"
        " quan." in dump
    )
    assert "; Quyết định số 4725/QĐ-BGDĐT của Bộ GDĐT./." in dump
    assert "Ủy ban nhân dân tỉnh Quảng Ngãi" not in dump
    assert footnotes(doc) == [
        "Thông tư số 03/2024/TT-BGDĐT ngày 18/3/2024 của Bộ GDĐT ban hành Hệ thống chỉ tiêu thống"
        " kê ngành giáo dục; Thông tư số 19/2020/TT-BGDĐT ngày 29/6/2020 của Bộ GDĐT quy định"
        " chế độ báo cáo định kỳ thuộc phạm vi quản lý nhà nước của Bộ GDĐT và các văn bản hướng"
        " dẫn."
    ]
    assert "- Như kính gửi (thực hiện);" in dump
    check = CliRunner().invoke(main, ["check", str(doc)])
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize(
    ("nhu_tren", "first"),
    [
        ("false", "- Lưu: VT, VHXH."),
        ("true", "- Như trên;"),
        ("thực hiện", "- Như trên (thực hiện);"),
        ('"false"', "- Như trên (false);"),  # quoted: the purpose is that word
        ("{as: Kính gửi}", "- Như kính gửi;"),
    ],
)
def test_nhu_tren_in_the_document(tmp_path: Path, nhu_tren: str, first: str) -> None:
    code, output, out = render(tmp_path, SPEC + f"nhu_tren: {nhu_tren}\n")
    assert code == 0, output
    lines = text_dump(out / "t.docx").splitlines()
    start = next(n for n, line in enumerate(lines) if line.endswith("Nơi nhận:"))
    assert lines[start + 1].endswith(first), lines[start : start + 3]


def test_a_cascade_profile_takes_nhu_tren_false(catalog_copy: Path, tmp_path: Path) -> None:
    cascade = catalog_copy / "cascade.yaml"
    text = cascade.read_text(encoding="utf-8")
    assert "  - id: xa\n" in text
    cascade.write_text(text.replace("  - id: xa\n", "  - id: xa\n    nhu_tren: false\n"), "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "cascade",
            str(Path(__file__).parents[2] / "examples" / "so-quang-ngai-1491.yaml"),
            "--down-to",
            "xa",
            "-o",
            str(out),
            "--catalog",
            str(catalog_copy),
        ],
    )
    assert result.exit_code == 0, result.output
    written = sorted(out.rglob("ubnd-xa-*.docx"))
    assert written
    for doc in written:
        lines = text_dump(doc).splitlines()
        start = next(n for n, line in enumerate(lines) if line.endswith("Nơi nhận:"))
        assert "Như trên" not in lines[start + 1], doc


@pytest.mark.parametrize(
    ("call", "expect"),
    [
        (
            'figure("gv-may-tinh", "percent", "x")',
            "figure() takes at most 2 values without a name (figure_id, how), found 3 — write"
            ' figure("id", "percent")',
        ),
        (
            'figure("gv-may-tinh", hw="percent")',
            "figure() has no option 'hw' — did you mean 'how'?",
        ),
    ],
)
def test_figure_arguments_are_said_in_the_text_words(
    tmp_path: Path, call: str, expect: str
) -> None:
    examples = Path(__file__).parents[2] / "examples"
    shutil.copytree(examples / "data", tmp_path / "data")
    text = (examples / "ngok-bay-2025.yaml").read_text(encoding="utf-8")
    assert 'figure("gv-may-tinh", "percent")' in text
    code, output, _ = render(tmp_path, text.replace('figure("gv-may-tinh", "percent")', call))
    assert code == 1, output
    assert expect in output and "__call__" not in output, output
    assert re.match(rf"error: {re.escape(str(tmp_path))}/spec\.yaml:\d+:\d+: ", output), output
