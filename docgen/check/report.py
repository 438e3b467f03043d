"""Run the checker over files and format the result as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable

from docgen.check.engine import RULES, check_file
from docgen.check.findings import FileReport, Finding
from docgen.check.ruleset import RuleSet
from docgen.i18n import N_, _, ngettext

FORMATS = ("text", "json")


def run(paths: list[str], fmt: str = "text", list_rules: bool = False) -> tuple[str, int]:
    """The printable output and the exit code (0 clean, 1 errors, 2 unreadable)."""
    if fmt not in FORMATS:
        return _("unknown format {fmt!r}; use one of: {formats}").format(
            fmt=fmt, formats=", ".join(FORMATS)
        ), 2
    if list_rules:
        return format_rules(RULES, fmt), 0
    if not paths:
        return _("no .docx file given"), 2
    reports = [check_file(path) for path in paths]
    code = max(report.exit_code for report in reports)
    text = format_json(reports, code) if fmt == "json" else format_text(reports)
    return text, code


def format_text(reports: Iterable[FileReport]) -> str:
    lines: list[str] = []
    for report in reports:
        if report.unreadable is not None:
            lines.append(
                _("{path}: cannot read: {reason}").format(
                    path=report.path, reason=report.unreadable
                )
            )
            continue
        lines.extend(_finding_lines(report.path, f) for f in report.findings)
        errors, warnings = len(report.errors), len(report.warnings)
        lines.append(
            _("{path}: {errors}, {warnings}").format(
                path=report.path,
                errors=ngettext("{count} error", "{count} errors", errors).format(count=errors),
                warnings=ngettext("{count} warning", "{count} warnings", warnings).format(
                    count=warnings
                ),
            )
        )
    return "\n".join(lines)


def _finding_lines(path: str, finding: Finding) -> str:
    head = _("{path}: {where}: {severity} {rule}: {message}").format(
        path=path,
        where=finding.location,
        severity=severity_word(finding.severity),
        rule=finding.rule,
        message=finding.message,
    )
    details = []
    if finding.expected or finding.found:
        details.append(
            _("expected {expected}; found {found}").format(
                expected=finding.expected, found=finding.found
            )
        )
    if finding.excerpt:
        details.append(_("text: «{excerpt}»").format(excerpt=finding.excerpt))
    return head + "".join(f"\n    {d}" for d in details)


#: a finding's severity, as the text report says it (JSON keeps the severity itself)
SEVERITY_WORDS = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}


def severity_word(severity: str) -> str:
    return _(SEVERITY_WORDS.get(severity, severity))


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
                "summary": _(r.summary),
                "params": dict(r.params),
            }
            for r in rules
        ]
        return json.dumps(listing, ensure_ascii=False, indent=2)
    width = max(len(r.id) for r in rules)
    return "\n".join(
        f"{r.id:<{width}}  {severity_word(r.severity):<7}  {_(r.scope):<14}  {_(r.summary)}"
        for r in rules
    )
