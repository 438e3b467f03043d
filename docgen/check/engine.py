"""Check one file: read it safely, locate its components, run every rule."""

from __future__ import annotations

from pathlib import Path

from docgen.check.findings import FileReport, Finding
from docgen.check.locate import locate
from docgen.check.reader import read_docx
from docgen.check.rules import load_all
from docgen.check.rules.common import Context
from docgen.check.ruleset import Rule, RuleSet, load_rules
from docgen.errors import DocgenError, UnreadableFileError

RULES: RuleSet = load_rules()
CHECKS = load_all()


class RuleCrashedError(DocgenError):
    """A rule failed on a document it should have handled: a checker bug, not the user's."""

    exit_code = 2


def check_file(path: str | Path, rules: RuleSet = RULES) -> FileReport:
    """Every finding for one .docx, or the reason it cannot be read."""
    name = str(path)
    try:
        doc = read_docx(path, rules.limits)
    except UnreadableFileError as exc:
        return FileReport(name, unreadable=_reason(exc))
    except RecursionError:
        return FileReport(name, unreadable="the document is nested too deeply to read")
    layout = locate(doc, rules)
    findings: list[Finding] = []
    for rule in rules:
        found = _run_rule(rule, Context(layout, rule, rules.data), name)
        findings.extend(_capped(found, rule, rules.max_findings_per_rule))
    return FileReport(name, findings)


def _run_rule(rule: Rule, ctx: Context, name: str) -> list[Finding]:
    check = CHECKS.get(rule.id)
    if check is None:
        raise RuleCrashedError(f"rule {rule.id} has no check function", file=name)
    try:
        return list(check(ctx))
    except Exception as exc:  # a rule bug must not hide the other findings' file
        raise RuleCrashedError(
            f"rule {rule.id} failed: {type(exc).__name__}: {exc}",
            file=name,
            hint="please report this checker bug",
        ) from exc


def _capped(found: list[Finding], rule: Rule, limit: int) -> list[Finding]:
    if len(found) <= limit:
        return found
    rest = len(found) - limit
    summary = Finding(
        rule.id, rule.severity, "document", "", "", "", f"… and {rest} more finding(s) of this rule"
    )
    return found[:limit] + [summary]


def _reason(exc: DocgenError) -> str:
    return exc.message + (f" — {exc.hint}" if exc.hint else "")
