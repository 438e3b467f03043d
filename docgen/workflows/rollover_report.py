"""The rollover's change report (Markdown) and writing its files."""

from __future__ import annotations

from pathlib import Path

from docgen.i18n import _
from docgen.workflows.files import check_new, output_path, write_text
from docgen.workflows.rollover import Change, Rollover


def companion(new_spec: Path, suffix: str) -> Path:
    """``NEW.changes.md`` / ``NEW.milestones.yaml`` next to ``NEW.yaml``."""
    return new_spec.with_name(new_spec.stem + suffix)


def change_report(result: Rollover, new_spec: Path) -> str:
    """What changed and what needs a person, readable as text and as Markdown."""
    lines = [
        _("# Rollover {old} → {new}").format(old=result.old, new=result.new),
        "",
        _("From {source}, written to {spec}.").format(source=result.source, spec=new_spec),
        "",
    ]
    human = result.human
    lines.append(
        _("## Needs a person ({count})").format(count=len(human))
        if human
        else _("## Needs a person: nothing")
    )
    lines.append("")
    lines += [f"- [ ] {_line(c)}" for c in human]
    if human:
        lines.append("")
    lines += [_("## Changed ({count})").format(count=len(result.done)), ""]
    topics = list(dict.fromkeys(c.topic for c in result.done))
    for topic in topics:
        lines += [f"- {_(topic)}: {_line(c)}" for c in result.done if c.topic == topic]
    lines.append("")
    return "\n".join(lines)


def _line(change: Change) -> str:
    return f"{change.text} ({change.where})" if change.where else change.text


def write_rollover(result: Rollover, new_spec: Path, force: bool = False) -> list[Path]:
    """Write the new spec, its change report and the proposed milestones (if any); nothing
    is written if any of them exists and *force* is not given."""
    new_spec = output_path(new_spec.parent, new_spec.name)
    report = output_path(new_spec.parent, companion(new_spec, ".changes.md").name)
    milestones = output_path(new_spec.parent, companion(new_spec, ".milestones.yaml").name)
    proposed = result.milestones_yaml()
    files = [
        (new_spec, _header(result, report) + result.text),
        (report, change_report(result, new_spec)),
    ]
    if proposed:
        files.append((milestones, proposed))
    for path, _skip in files:
        check_new(path, force)
    return [write_text(path, text, force=force) for path, text in files]


def _header(result: Rollover, report: Path) -> str:
    return (
        _("# Rolled over from {source} ({old} → {new}) by docgen rollover; see {report}.").format(
            source=Path(result.source).name, old=result.old, new=result.new, report=report.name
        )
        + "\n"
    )
