"""The rule set: ids, severities and thresholds, loaded from the packaged rules.yaml."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from docgen.check.findings import ERROR, WARNING
from docgen.check.safezip import Limits
from docgen.errors import DocgenError
from docgen.i18n import _

_SEVERITIES = {ERROR, WARNING}


@dataclass(frozen=True)
class Rule:
    """One machine-checkable rule of nd30.md §8 and its thresholds."""

    id: str
    severity: str
    scope: str
    summary: str
    params: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.params[key]


@dataclass(frozen=True)
class RuleSet:
    """All rules in report order, plus the data and limits they share."""

    rules: tuple[Rule, ...]
    data: Mapping[str, Any]
    layout: Mapping[str, Any]
    limits: Limits
    max_findings_per_rule: int
    style_group: int = 3
    """This many identical findings on one style's paragraphs are one finding, at the style."""

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __getitem__(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    @property
    def ids(self) -> list[str]:
        return [rule.id for rule in self.rules]


def load_rules(text: str | None = None) -> RuleSet:
    """Parse rules.yaml (or `text`); a malformed rule set is a DocgenError naming the rule."""
    if text is None:
        text = resources.files("docgen.check").joinpath("rules.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    try:
        rules = tuple(_rule(entry) for entry in raw["rules"])
        return RuleSet(
            rules,
            raw["data"],
            raw["layout"],
            Limits(**raw["limits"]),
            int(raw["report"]["max_findings_per_rule"]),
            int(raw["report"]["style_group"]),
        )
    except (KeyError, TypeError) as exc:
        raise DocgenError(
            _("the checker's rule set is malformed: missing {exc}").format(exc=exc),
            file="docgen/check/rules.yaml",
        ) from exc


def _rule(entry: Mapping[str, Any]) -> Rule:
    rule = Rule(
        str(entry["id"]),
        str(entry["severity"]),
        str(entry["scope"]),
        str(entry["summary"]),
        dict(entry.get("params") or {}),
    )
    if rule.severity not in _SEVERITIES:
        raise DocgenError(
            _("rule {id}: severity must be error or warning").format(id=rule.id),
            file="docgen/check/rules.yaml",
        )
    return rule
