"""The JSON Schemas and docs/spec.md: generated from docgen/catalog/keys.py, current, and
in agreement with what docgen itself accepts and refuses."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import CATALOGS, EXAMPLES, ROOT

from docgen.catalog import keys
from docgen.catalog import schema as S
from docgen.catalog.catalog import OWNER_KEY, SECTIONS, Catalog
from docgen.catalog.fields import Fields
from docgen.catalog.specfile import load_spec
from docgen.catalog.yamlio import load_yaml_text
from docgen.cli import main
from docgen.errors import CatalogError, DocgenError, ErrorList, Location
from docgen.workflows import specdoc

SPECS = sorted(EXAMPLES.glob("*.yaml"))
CATALOG_FILES = sorted(CATALOGS.rglob("*.y*ml"))


def _named_schema(path: Path) -> Path:
    """The schema file the first line of *path* names, resolved as an editor does."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(S.MARK), f"{path}: the first line does not name a schema"
    return (path.parent / first[len(S.MARK) :]).resolve()


def _validator(schema_path: Path) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads(schema_path.read_text(encoding="utf-8")))


def _problems(validator: jsonschema.Draft7Validator, data: Any) -> list[str]:
    """Every error, "path: message", and those of the branches of an anyOf (text, or a
    block) that did not match: an editor shows the branch of the value's type."""

    def flat(errors: Any) -> Any:
        for error in errors:
            yield error
            yield from flat(error.context or ())

    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in flat(validator.iter_errors(data))
    ]


def test_committed_schemas_and_docs_are_current() -> None:
    stale = specdoc.stale(ROOT)
    assert not stale, f"not current: {stale} — run `make schema` and commit the files"


def test_docgen_schema_check_says_what_is_stale(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["schema", "--check", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "not current: docs/spec.md" in result.output
    assert "not current: schema/spec.schema.json" in result.output
    result = runner.invoke(main, ["schema", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "schema" / "catalog-orgs.schema.json").is_file()
    assert runner.invoke(main, ["schema", "--check", "--root", str(tmp_path)]).exit_code == 0
    # a file docgen did not write is not replaced
    (tmp_path / "docs" / "spec.md").write_text("my notes\n", encoding="utf-8")
    result = runner.invoke(main, ["schema", "--root", str(tmp_path)])
    assert result.exit_code != 0
    assert "already exists" in result.output
    assert (tmp_path / "docs" / "spec.md").read_text(encoding="utf-8") == "my notes\n"


@pytest.mark.parametrize("name", sorted(S.schemas()))
def test_each_schema_is_a_valid_draft_7_schema(name: str) -> None:
    jsonschema.Draft7Validator.check_schema(json.loads((ROOT / "schema" / name).read_text()))


#: Fields given keys that are not a Record of docgen/catalog/keys.py, and why that is right
FREE_KEYS = {"LEVELS": "a milestone's deadlines: MapOf(DAY, LEVELS) in keys.MILESTONE"}


def test_every_parser_reads_a_record_declared_in_keys() -> None:
    """Fields(data, what, where, KEYS) everywhere takes a Record of keys.py (or the free keys
    of a mapping, list(raw)): a key declared anywhere else would be missing from the schema
    and docs/spec.md."""
    found = []
    for path in sorted((ROOT / "docgen").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {  # NAME = keys.X
            target.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Attribute)
            for target in node.targets
            if isinstance(target, ast.Name) and ast.unparse(node.value).startswith("keys.")
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and ast.unparse(node.func) == "Fields"):
                continue
            allowed = node.args[3] if len(node.args) > 3 else None
            text = ast.unparse(allowed) if allowed is not None else ""
            ok = (
                text.startswith("keys.")
                or text in aliases
                or text in FREE_KEYS
                or (isinstance(allowed, ast.Call) and ast.unparse(allowed.func) == "list")
            )
            if not ok:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: Fields(…, {text})")
    assert not found, "declare these keys in a Record of docgen/catalog/keys.py: " + str(found)


def test_every_catalog_section_has_its_record() -> None:
    assert list(SECTIONS) == list(keys.CATALOG_SECTIONS)
    assert OWNER_KEY in {key.name for key in keys.FILE_KEYS}
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", r.name) for r in keys.RECORDS)


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.name)
def test_every_example_names_the_spec_schema_and_is_valid(path: Path) -> None:
    named = _named_schema(path)
    assert named == ROOT / "schema" / S.SPEC_FILE
    data = S.load_as_editor(path.read_text(encoding="utf-8"))
    assert _problems(_validator(named), data) == []


@pytest.mark.parametrize("path", CATALOG_FILES, ids=lambda p: str(p.relative_to(CATALOGS)))
def test_every_catalog_file_names_its_schema_and_is_valid(path: Path) -> None:
    data = S.load_as_editor(path.read_text(encoding="utf-8"))
    named = _named_schema(path)
    assert named == ROOT / "schema" / S.schema_for_catalog(data)
    assert _problems(_validator(named), data) == []


def test_a_file_of_several_sections_names_the_whole_catalog_schema() -> None:
    assert S.schema_for_catalog(["orgs"]) == "catalog-orgs.schema.json"
    assert S.schema_for_catalog(["figures", "targets"]) == "catalog.schema.json"
    line = S.schema_line(ROOT / "catalogs/orgs/x.yaml", ROOT, "catalog-orgs.schema.json")
    assert line == "# yaml-language-server: $schema=../../schema/catalog-orgs.schema.json"


def _all_definitions() -> dict[str, Any]:
    return {r.name: S.record_schema(r) for r in keys.RECORDS}


def test_every_key_has_a_description_and_an_example_both_docgen_and_its_schema_accept() -> None:
    definitions = _all_definitions()
    for record in keys.RECORDS:
        for key in record.keys:
            assert key.doc and key.example is not None, f"{record.name}.{key.name}"
            prop = S.record_schema(record)["properties"][key.name]
            validator = jsonschema.Draft7Validator({**prop, "definitions": definitions})
            assert _problems(validator, key.example) == [], f"{record.name}.{key.name}"
            # docgen's own key check, on the example as a YAML file writes it
            text = f"{key.name}: {specdoc._flow(key.example)}\n"
            data = load_yaml_text(text, "example.yaml")
            Fields(data, record.title, Location("example.yaml", 1), record)


# -- what docgen refuses, the schema refuses: at the same key -----------------------------
SPEC = (EXAMPLES / "sa-thay-2025.yaml").read_text(encoding="utf-8")

SPEC_MISTAKES = [
    ("kind: cong_van", "kind: cong-van", "kind", "'kind' cannot be 'cong-van'"),
    ("kind: cong_van", "kind: cong_van\nsujbect: x", "", "unknown key 'sujbect'"),
    ("year: 2025 ", "year: hai ", "year", "'year' must be a whole number"),
    ("year: 2025 ", "year: 2025\nnumber: 0.5 ", "number", "'number' must be a whole number"),
    ("school_year: 2025-2026", "school_year: 2025/26", "school_year", "not a school year"),
    ("year: 2025 ", "date: 21-10-2025 ", "date", "not a valid date"),
    ("unit: VHXH ", "unit: [VHXH] ", "unit", "'unit' must be text"),
    ("signer: vo-thi-kim-dung", "signer: [a, b]", "signer", "'signer' must be text or a block"),
    ("kind: cong_van", "kind: cong_van\nnhu_tren: [a]", "nhu_tren", "'nhu_tren' cannot be a list"),
    ("kind: cong_van", "kind: cong_van\nextra: [a]", "extra", "'extra' must be a block"),
    ("tasks: cntt-cds", "tasks: cntt-cds\n    style: bold", "body/1/style", "'style' cannot"),
    ("tasks: cntt-cds", "tasks: cntt-cds\n    exclude: {a: b}", "body/1/exclude", "list of texts"),
]


@pytest.mark.parametrize(("old", "new", "at", "message"), SPEC_MISTAKES, ids=lambda v: str(v))
def test_a_spec_mistake_is_refused_by_docgen_and_by_the_schema(
    tmp_path: Path, old: str, new: str, at: str, message: str
) -> None:
    assert old in SPEC
    text = SPEC.replace(old, new, 1)
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_spec(path)
    assert message in info.value.message
    line = text[: text.index(new)].count("\n") + 1 + new.count("\n")
    assert info.value.line == line, str(info.value)
    problems = _problems(_validator(ROOT / "schema" / S.SPEC_FILE), S.load_as_editor(text))
    assert problems, "the schema accepts what docgen refuses"
    assert any(p.startswith(f"{at}:") for p in problems), problems


CATALOG_MISTAKES = [
    ("orgs/quang-ngai.yaml", "    level: so\n", "    level: huyen\n", "orgs/0/level"),
    ("orgs/quang-ngai.yaml", "    abbr: UBND\n", "    abbr: UBND\n    abr: x\n", "orgs/0"),
    ("levels.yaml", "lead_working_days: 5\n", "lead_working_days: 500\n", "levels/1/lead_"),
    ("milestones/2025-2026.yaml", "      xa: 2026-01-20", "      huyen: 2026-01-20", "miles"),
    ("targets/qd131.yaml", "    show: percent\n", "    show: pct\n", "figures/7/show"),
    ("cascade.yaml", "    kind: cong_van\n", "    kind: to_trinh_x\n", "cascade/0/kind"),
]


@pytest.mark.parametrize(("file", "old", "new", "at"), CATALOG_MISTAKES, ids=lambda v: str(v))
def test_a_catalog_mistake_is_refused_by_catalog_check_and_by_the_schema(
    catalog_copy: Path, file: str, old: str, new: str, at: str
) -> None:
    path = catalog_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    line = text[: text.index(new)].count("\n") + 1 + new.rstrip("\n").count("\n")
    result = CliRunner().invoke(main, ["catalog", "check", str(catalog_copy)])
    assert result.exit_code != 0
    assert re.search(f"^error: {re.escape(str(path))}:{line}:", result.output, re.M), result.output
    schema = _named_schema(CATALOGS / file)
    problems = _problems(_validator(schema), S.load_as_editor(text))
    assert any(p.startswith(at) for p in problems), problems


def test_catalog_check_reports_a_wrong_type_the_parser_would_not_read(catalog_copy: Path) -> None:
    """A key the parser skips for this record (a body block's style beside tasks:) is still
    checked against its declared type."""
    path = catalog_copy / "cascade.yaml"
    text = path.read_text(encoding="utf-8")
    block = '      - tasks: "@parent"\n'
    text = text.replace(block, block + "        style: x\n", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DocgenError) as info:
        Catalog.load(catalog_copy)
    errors = info.value.errors if isinstance(info.value, ErrorList) else [info.value]
    assert any("'style' cannot be 'x'" in str(e) and "use one of: para" in str(e) for e in errors)


@pytest.mark.parametrize("empty", [False, True])
def test_a_workspace_has_the_schemas_its_files_name(tmp_path: Path, empty: bool) -> None:
    ws = tmp_path / "ws"
    args = ["init", str(ws), "--catalog", str(CATALOGS), *(["--empty"] if empty else [])]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    files = sorted(ws.glob("catalogs/**/*.yaml")) + sorted(ws.glob("examples/*.yaml"))
    assert files
    for path in files:
        named = _named_schema(path)
        assert named.parent == (ws / "schema").resolve() and named.is_file(), path
        data = S.load_as_editor(path.read_text(encoding="utf-8"))
        assert _problems(_validator(named), data) == [], path
    assert (ws / "docs" / "spec.md").is_file()


def test_the_spec_reference_lists_every_key_and_text_function() -> None:
    text = (ROOT / "docs" / "spec.md").read_text(encoding="utf-8")
    for record in keys.RECORDS:
        assert f'<a id="{record.name}"></a>' in text
        for key in record.keys:
            assert f"| `{key.name}` |" in text
    for function in ("cite", "fn", "note", "deadline", "figure"):
        assert f"### `{function}`" in text
    # the examples' results are composed, not written by hand
    assert '| `{{ cite("131/QĐ-TTg", "long", issuer="short") }}` | Quyết định số 131' in text
    assert "[docs/spec.md](docs/spec.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_a_key_of_some_kinds_is_refused_by_the_schema_in_a_spec_of_another() -> None:
    record = keys.Record(
        "t",
        "test spec",
        "",
        (
            keys.Key("kind", keys.Choice(("cong_van", "ke_hoach", "bao_cao")), "kind", "x"),
            keys.Key("meeting", keys.Text(), "a meeting", "x", kinds=("ke_hoach",)),
        ),
    )
    validator = jsonschema.Draft7Validator(S.record_schema(record))
    assert validator.is_valid({"kind": "ke_hoach", "meeting": "x"})
    assert validator.is_valid({"kind": "bao_cao"})
    assert not validator.is_valid({"kind": "bao_cao", "meeting": "x"})
    assert not validator.is_valid({"meeting": "x"})  # no kind: a công văn


def test_the_keys_of_a_decision_are_those_its_parser_takes_and_refuses() -> None:
    from docgen.catalog import spec_decision, spec_kinds

    only = {k.name for k in keys.SPEC.keys if k.kinds == ("quyet_dinh",)}
    # authority: a quyết định's, and whom a tờ trình, thông báo or giấy mời speaks for
    assert only | {"authority"} == set(spec_decision.DECISION_KEYS)
    assert keys.SPEC["authority"].kinds == ("quyet_dinh", *spec_kinds.AUTHORITY_KINDS)
    refused = {k.name for k in keys.SPEC.keys if "quyet_dinh" in k.not_kinds}
    assert refused == set(spec_decision.NOT_IN_DECISION)
    validator = _validator(ROOT / "schema" / S.SPEC_FILE)
    decision = S.load_as_editor((EXAMPLES / "lam-dong-qd-2025.yaml").read_text(encoding="utf-8"))
    assert validator.is_valid(decision)
    assert not validator.is_valid({**decision, "recipients": ["x"]})
    letter = S.load_as_editor((EXAMPLES / "sa-thay-2025.yaml").read_text(encoding="utf-8"))
    assert not validator.is_valid({**letter, "executors": ["x"]})


def test_the_keys_of_a_to_trinh_and_a_giay_moi_are_of_their_kind_only() -> None:
    from docgen.catalog import spec_kinds

    assert spec_kinds.KIND_KEYS == {"kinh_trinh": ("to_trinh",), "meeting": ("giay_moi",)}
    validator = _validator(ROOT / "schema" / S.SPEC_FILE)
    invitation = S.load_as_editor(
        (EXAMPLES / "lam-dong-giay-moi-ctmtqg.yaml").read_text(encoding="utf-8")
    )
    assert validator.is_valid(invitation)
    assert not validator.is_valid({**invitation, "meeting": {**invitation["meeting"], "x": 1}})
    letter = S.load_as_editor((EXAMPLES / "sa-thay-2025.yaml").read_text(encoding="utf-8"))
    assert not validator.is_valid({**letter, "meeting": invitation["meeting"]})
    assert not validator.is_valid({**letter, "kinh_trinh": {"to": "UBND tỉnh"}})


def test_an_appendix_of_any_shape_is_valid_and_a_wrong_key_in_it_is_not() -> None:
    validator = _validator(ROOT / "schema" / S.SPEC_FILE)
    report = S.load_as_editor(
        (EXAMPLES / "so-quang-ngai-tong-ket-131.yaml").read_text(encoding="utf-8")
    )
    assert any(isinstance(a, dict) for a in report["appendices"])
    assert validator.is_valid(report)
    shaped = next(a for a in report["appendices"] if isinstance(a, dict))
    bad = {**shaped, "blocks": [*shaped["blocks"], {"table": {"rows": [], "colums": []}}]}
    assert not validator.is_valid({**report, "appendices": [bad]})
