"""Run the checker over files and format the result as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable

from docgen.check.engine import RULES, check_file
from docgen.check.findings import FileReport, Finding
from docgen.check.ruleset import RuleSet

FORMATS = ("text", "json")


def run(paths: list[str], fmt: str = "text", list_rules: bool = False) -> tuple[str, int]:
    """The printable output and the exit code (0 clean, 1 errors, 2 unreadable)."""
    if fmt not in FORMATS:
        return f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}", 2
    if list_rules:
        return format_rules(RULES, fmt), 0
    if not paths:
        return "no .docx file given", 2
    reports = [check_file(path) for path in paths]
    code = max(report.exit_code for report in reports)
    text = format_json(reports, code) if fmt == "json" else format_text(reports)
    return text, code


def format_text(reports: Iterable[FileReport]) -> str:
    lines: list[str] = []
    for report in reports:
        if report.unreadable is not None:
            lines.append(f"{report.path}: cannot read: {report.unreadable}")
            continue
        lines.extend(_finding_lines(report.path, f) for f in report.findings)
        lines.append(
            f"{report.path}: {_count(len(report.errors), 'error')}, "
            f"{_count(len(report.warnings), 'warning')}"
        )
    return "\n".join(lines)


def _finding_lines(path: str, finding: Finding) -> str:
    head = f"{path}: {finding.location}: {finding.severity} {finding.rule}: {finding.message}"
    details = []
    if finding.expected or finding.found:
        details.append(f"expected {finding.expected}; found {finding.found}")
    if finding.excerpt:
        details.append(f"text: «{finding.excerpt}»")
    return head + "".join(f"\n    {d}" for d in details)


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


def format_json(reports: list[FileReport], code: int) -> str:
    payload = {
        "files": [report.as_dict() for report in reports],
        "errors": sum(len(r.errors) for r in reports),
        "warnings": sum(len(r.warnings) for r in reports),
        "exit_code": code,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def format_rules(rules: RuleSet, fmt: str) -> str:
    if fmt == "json":
        listing = [
            {
                "id": r.id,
                "severity": r.severity,
                "scope": r.scope,
                "summary": r.summary,
                "params": dict(r.params),
            }
            for r in rules
        ]
        return json.dumps(listing, ensure_ascii=False, indent=2)
    width = max(len(r.id) for r in rules)
    return "\n".join(f"{r.id:<{width}}  {r.severity:<7}  {r.scope:<14}  {r.summary}" for r in rules)
