"""`docgen fix`: repair the mechanical NĐ30 faults of a .docx into a new file."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.support import reports_errors
from docgen.errors import DocgenError
from docgen.i18n import N_, _


@click.command("fix")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--out",
    "target",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("The repaired .docx."),
)
@click.option(
    "--force", is_flag=True, help=N_("Replace OUT if it exists (even when it is SOURCE).")
)
@reports_errors
def fix(source: Path, target: Path, force: bool) -> None:
    """Repair what is mechanical in SOURCE (.docx) and write it to OUT.

    Repairs the paper (A4) and margins, fonts other than Times New Roman, the font size
    of each component NĐ30 sizes (Quốc hiệu, tên cơ quan, số, trích yếu, nội dung, nơi nhận,
    chữ ký) where the paragraph is that component alone, decomposed (NFD) text, leading
    zeros of the date line, "K/T" → "KT.", the Tiêu ngữ's hyphens and the Lưu line's final
    "."; the text is otherwise unchanged. Lists each change, then the
    findings of `docgen check` it left for you. Never replaces a file without --force.
    """
    from docgen.check import check_file
    from docgen.fix import repair
    from docgen.workflows.files import write_file

    if target.exists() and not force:
        same = target.resolve() == source.resolve()
        raise DocgenError(
            (
                _("{file} already exists (it is the file being fixed)")
                if same
                else _("{file} already exists")
            ).format(file=target),
            hint=_("choose another output file, or pass --force to replace it"),
        )
    repaired = repair(source)

    def write(tmp: Path) -> None:
        tmp.write_bytes(repaired.data)

    write_file(target, write, force=force)  # a file that appeared meanwhile is kept
    for change in repaired.changes:
        click.echo(_("{file}: fixed {change}").format(file=target, change=change))
    report = check_file(target)
    for finding in report.findings:
        click.echo(
            _("{file}: {where}: left {rule}: {message}").format(
                file=target, where=finding.location, rule=finding.rule, message=finding.message
            )
        )
    click.echo(
        _("{file}: {changes} change(s); {findings} finding(s) left to fix by hand").format(
            file=target, changes=len(repaired.changes), findings=len(report.findings)
        )
    )
