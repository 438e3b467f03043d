"""docgen check on real Word documents: the labelled set in tests/fixtures/real/.

Each document's labels name the rules that must be reported (true findings) and those
that must not (false findings a person ruled out on the page). Precision is counted per
document and labelled rule: a reported true rule is a hit, a reported false one a miss.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from docgen.check.engine import check_file

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "real"
LABELS: dict[str, dict[str, list[str]]] = yaml.safe_load((REAL / "labels.yaml").read_text())
MIN_PRECISION = 0.95


def _reported(name: str) -> set[str]:
    report = check_file(REAL / name)
    assert report.unreadable is None, report.unreadable
    return {finding.rule for finding in report.findings}


REPORTED = {name: _reported(name) for name in LABELS}


def test_the_labelled_set_holds_at_least_40_real_documents() -> None:
    assert len(LABELS) >= 40
    assert all((REAL / name).is_file() for name in LABELS)


@pytest.mark.parametrize("name", sorted(LABELS))
def test_every_labelled_true_finding_is_found(name: str) -> None:
    missing = set(LABELS[name]["true_findings"]) - REPORTED[name]
    assert not missing, f"{name}: true findings no longer reported: {sorted(missing)}"


def test_precision_on_the_labelled_set() -> None:
    true = sum(len(REPORTED[n] & set(LABELS[n]["true_findings"])) for n in LABELS)
    false = sum(len(REPORTED[n] & set(LABELS[n]["false_findings"])) for n in LABELS)
    wrong = {n: sorted(REPORTED[n] & set(LABELS[n]["false_findings"])) for n in LABELS}
    assert true / (true + false) >= MIN_PRECISION, {n: w for n, w in wrong.items() if w}
