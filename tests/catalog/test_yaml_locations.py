"""YAML as docgen reads it: every scalar a string, every value and key with its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.catalog.yamlio import load_yaml
from docgen.errors import CatalogError


def load(tmp_path: Path, text: str) -> object:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return load_yaml(path)


def test_scalars_stay_text_and_know_their_place(tmp_path: Path) -> None:
    data = load(tmp_path, "a: no\nb: 05\nc:\n  - 2026-13-01\n  - {d: 1.0}\n")
    assert data == {"a": "no", "b": "05", "c": ["2026-13-01", {"d": "1.0"}]}
    assert str(data["c"][0].where).endswith("x.yaml:4:5")  # type: ignore[index]
    assert data.key_where("c", None).line == 3  # type: ignore[attr-defined]
    assert str(data["c"][1].where).endswith("x.yaml:5:5")  # type: ignore[index]


def test_aliases_give_the_anchored_value(tmp_path: Path) -> None:
    assert load(tmp_path, "- &a x\n- *a\n- &m {k: v}\n- *m\n") == ["x", "x", {"k": "v"}, {"k": "v"}]


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("a: 1\na: 2\n", ":2:1", "key 'a' appears twice in the same block (first at line 1)"),
        ("? [a]\n: b\n", ":1:3", "a key must be plain text"),
        ("a: *x\n", ":1:4", "found undefined alias 'x'"),
        ("a: 1\n---\nb: 2\n", ":2:1", "expected a single document"),
        ("a: [1\n", ":2:1", "invalid YAML"),
    ],
)
def test_mistakes_say_where(tmp_path: Path, text: str, where: str, message: str) -> None:
    with pytest.raises(CatalogError) as info:
        load(tmp_path, text)
    assert f"x.yaml{where}: " in str(info.value) and message in str(info.value)
