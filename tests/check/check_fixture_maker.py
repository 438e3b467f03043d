"""The checker tests' corpus: loads tests/fixtures/check/make_fixtures.py (a script) and
builds the corpus once per run (no conftest.py here: other test folders import the root
conftest by its module name, which a second conftest would shadow)."""

from __future__ import annotations

import atexit
import functools
import importlib.util
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "check"
HANDMADE = FIXTURES / "handmade"
_NAME = "check_make_fixtures"


def _load() -> ModuleType:
    if _NAME in sys.modules:
        return sys.modules[_NAME]
    spec = importlib.util.spec_from_file_location(_NAME, FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[_NAME] = module
    spec.loader.exec_module(module)
    return module


maker = _load()


@functools.cache
def corpus() -> dict[str, Path]:
    """Clean, one-fault and hostile .docx files, built once per test run into a temp folder."""
    out = Path(tempfile.mkdtemp(prefix="check-corpus-"))
    atexit.register(shutil.rmtree, out, True)
    built: dict[str, Path] = maker.build_corpus(out)
    return built


def variant(tmp_path: Path, base: str, change: Callable[[Any], None]) -> Path:
    """Save a changed copy of a clean document ("congvan" or "kehoach") and return its path."""
    doc = maker.CLEAN[base]()
    change(doc)
    path = tmp_path / f"{base}-variant.docx"
    doc.save(str(path))
    return path
