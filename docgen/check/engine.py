"""Check one file: read it safely, locate its components, run every rule."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from docgen.check.findings import FileReport, Finding
from docgen.check.locate import locate
from docgen.check.reader import read_docx
from docgen.check.rules import load_all
from docgen.check.rules.common import COUNTED, Context
from docgen.check.ruleset import Rule, RuleSet, load_rules
from docgen.errors import DocgenError, UnreadableFileError
from docgen.i18n import _

RULES: RuleSet = load_rules()
CHECKS = load_all()


class RuleCrashedError(DocgenError):
    """A rule failed on a document it should have handled: a checker bug, not the user's."""

    exit_code = 2


def check_file(path: str | Path, rules: RuleSet = RULES) -> FileReport:
    """Every finding for one .docx, or the reason it cannot be read.

    Whatever goes wrong on one file ends here as an unreadable report (exit 2), never as
    a traceback: the defensive reader refuses the inputs it knows to be bad; anything else
    escaping the reader, the finders or a rule is a checker bug, reported as such (the
    report's `internal` keeps the exception for tests and bug reports, not for the user).
    """
    name = str(path)
    stage = "reading it"
    try:
        doc = read_docx(path, rules.limits)
        stage = "finding its parts"
        layout = locate(doc, rules)
        findings: list[Finding] = []
        judged = [r for r in rules if (r.id == "ND30-KIND") == bool(layout.not_governed)]
        for rule in judged:
            stage = f"rule {rule.id}"
            ctx = Context(layout, rule, rules.data, rules.max_findings_per_rule)
            ran = _run_rule(rule, ctx, name)
            kept = [f for f in ran if f is not COUNTED]
            found = by_style(kept, ctx.styles, rules.style_group)
            findings.extend(_capped(found, rule, rules.max_findings_per_rule, len(ran) - len(kept)))
        return FileReport(name, findings)
    except (UnreadableFileError, RuleCrashedError) as exc:
        return FileReport(name, unreadable=_reason(exc))
    except RecursionError:
        return FileReport(
            name,
            unreadable=_(
                "the document is nested too deeply to read — flatten its tables in "
                "tables or text boxes in text boxes"
            ),
        )
    except MemoryError:
        return FileReport(
            name,
            unreadable=_(
                "the document needs more memory than this machine has to check — split "
                "it into smaller documents"
            ),
        )
    except Exception as exc:  # a checker bug on an input nobody foresaw: this file only
        return FileReport(
            name,
            unreadable=_(
                "the checker failed while {stage} (an internal error) — please report "
                "this checker bug with the file"
            ).format(stage=stage),
            internal=f"{stage}: {type(exc).__name__}: {exc}",
        )


def _run_rule(rule: Rule, ctx: Context, name: str) -> list[Finding]:
    check = CHECKS.get(rule.id)
    if check is None:
        raise RuleCrashedError(_("rule {id} has no check function").format(id=rule.id), file=name)
    return list(check(ctx))


def by_style(found: list[Finding], styles: dict[int, str], least: int) -> list[Finding]:
    """One finding per style fault: `least` or more identical findings on paragraphs of one
    style become a single finding at the style, counting the paragraphs (fix it once there)."""
    groups: dict[tuple[str, ...], list[Finding]] = {}
    for finding in found:
        style = styles.get(id(finding))
        if style is not None:
            key = (style, finding.expected, finding.found, finding.message)
            groups.setdefault(key, []).append(finding)
    merged: dict[int, Finding | None] = {}
    for (style, *_rest), members in groups.items():
        if len(members) < least:
            continue
        first = members[0]
        merged[id(first)] = replace(
            first,
            location=_("style '{style}' ({count} paragraphs, the first: {first})").format(
                style=style, count=len(members), first=first.location
            ),
            message=_(
                "{message} — change it once in the style '{style}' (Home → Styles → "
                "right-click '{style}' → Modify), which {count} paragraphs use"
            ).format(message=first.message, style=style, count=len(members)),
        )
        merged.update({id(m): None for m in members[1:]})
    kept = [merged.get(id(f), f) for f in found]
    return [f for f in kept if f is not None]


def _capped(found: list[Finding], rule: Rule, limit: int, counted: int = 0) -> list[Finding]:
    """At most `limit` findings in full, then one saying how many more there were (those
    past the limit that the rule only counted included)."""
    rest = max(0, len(found) - limit) + counted
    if not rest:
        return found
    summary = Finding(
        rule.id,
        rule.severity,
        _("document"),
        "",
        "",
        "",
        _("… and {count} more finding(s) of this rule").format(count=rest),
    )
    return found[:limit] + [summary]


def _reason(exc: DocgenError) -> str:
    return exc.message + (f" — {exc.hint}" if exc.hint else "")
