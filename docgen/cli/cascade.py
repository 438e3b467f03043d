"""`docgen cascade`: derive the documents of every organisation down the hierarchy."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import click

from docgen.cli.issue import parse_day
from docgen.cli.register import open_register, register_option, timeout_option
from docgen.cli.support import (
    ChoiceOf,
    catalog_option,
    load_catalog,
    out_folder_option,
    pdf_options,
    policy_option,
    reports_errors,
)
from docgen.i18n import N_, _


@contextmanager
def progress(total: int | None, what: str, quiet: bool) -> Iterator[Any]:
    """A progress bar on stderr, shown only on a terminal and without --quiet."""
    from tqdm import tqdm

    bar = tqdm(
        total=total,
        desc=what,
        unit=_("doc"),
        file=sys.stderr,
        disable=quiet or not sys.stderr.isatty(),
        leave=False,
    )
    try:
        yield bar
    finally:
        bar.close()


@click.command()
@click.argument("spec", type=click.Path(path_type=Path))
@click.option(
    "--down-to",
    "down_to",
    required=True,
    type=ChoiceOf("docgen.model.entities", "LEVELS"),
    help=N_("The lowest level to derive documents for (e.g. xa, truong)."),
)
@out_folder_option(N_("Folder for the documents (one sub-folder per level)."))
@click.option(
    "--ics",
    type=click.Path(path_type=Path),
    default=None,
    help=N_("Also write the deadlines as an iCalendar file."),
)
@policy_option
@click.option(
    "--dry-run", is_flag=True, help=N_("Compose everything, write nothing, list the files.")
)
@click.option("-q", "--quiet", is_flag=True, help=N_("No progress bar and no summary."))
@click.option("--force", is_flag=True, help=N_("Replace files even if edited by hand."))
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    show_default=N_("0: one process, or all cores for large batches"),
    help=N_("Processes to render with."),
)
@click.option(
    "--issue",
    "issuing",
    is_flag=True,
    help=N_("Issue every document: the next number of its issuer's register, the day."),
)
@click.option(
    "--date",
    "day",
    callback=parse_day,
    default=None,
    metavar="YYYY-MM-DD",
    help=N_("With --issue: the day of issue (default: today)."),
)
@register_option
@timeout_option
@catalog_option
@pdf_options
@reports_errors
def cascade(
    spec: Path,
    down_to: str,
    out_dir: Path,
    ics: Path | None,
    policy: str,
    dry_run: bool,
    quiet: bool,
    force: bool,
    jobs: int,
    issuing: bool,
    day: Any,
    register_target: str | None,
    timeout: float,
    catalog_dir: Path | None,
    pdf: bool,
    pdfa: bool,
) -> None:
    """Derive, from SPEC, the document of every organisation below its issuer down to
    --down-to, one .docx each in OUT/<level>/<organisation>.docx, with OUT/manifest.csv and
    OUT/manifest.json listing them and their deadlines.

    \b
    Each derived document cites its parent's in its basis, keeps the task items for its
    level and school types, is addressed to its own subordinates and copied to its parent;
    its kind, unit, signer and texts come from the catalog's cascade profiles (cascade:).
    A child's deadline is its parent level's minus the level's lead_working_days, unless
    the milestone gives its school types or the level it reports to a date of their own.
    With --issue, each document (but a root numbered already) is issued as by
    'docgen issue', and the documents below cite it with its number.
    """
    opened = (
        open_register(register_target, timeout, migrate=not dry_run)
        if issuing
        else nullcontext(None)
    )
    with opened as register:
        _cascade(
            spec,
            down_to,
            out_dir,
            ics,
            policy,
            dry_run,
            quiet,
            force,
            jobs,
            catalog_dir,
            (register, day) if issuing else None,
            pdf or pdfa,
            pdfa,
        )


def _cascade(
    spec: Path,
    down_to: str,
    out_dir: Path,
    ics: Path | None,
    policy: str,
    dry_run: bool,
    quiet: bool,
    force: bool,
    jobs: int,
    catalog_dir: Path | None,
    issuing: Any,
    pdf: bool,
    pdfa: bool,
) -> None:
    from docgen.catalog.specfile import load_spec
    from docgen.workflows.cascade import plan_cascade, write_cascade
    from docgen.workflows.manifest import write_ics, write_manifest

    catalog = load_catalog(catalog_dir)
    root = load_spec(spec)
    numbers = None
    if issuing is not None:
        from docgen.workflows.issue import CascadeNumbers

        numbers = CascadeNumbers(issuing[0], issuing[1])
    with progress(None, _("composing"), quiet) as bar:
        plan = plan_cascade(
            root, catalog, down_to, policy=policy, on_doc=lambda _doc: bar.update(), prepare=numbers
        )
    if dry_run:
        for doc in plan.docs:
            dates = ", ".join(f"{d.milestone} {d.day}" for d in doc.deadlines)
            click.echo(
                _("would write {path}  ({kind}; parent {parent}{deadlines})").format(
                    path=out_dir / doc.file,
                    kind=doc.kind,
                    parent=doc.parent or "-",
                    deadlines="; " + dates if dates else "",
                )
            )
        extra = [out_dir / "manifest.csv", out_dir / "manifest.json", *([ics] if ics else [])]
        click.echo(_("would write {path}").format(path=", ".join(str(p) for p in extra)))
        for org, symbol in (numbers.symbols if numbers else {}).items():
            click.echo(_("would issue {symbol} ({org})").format(symbol=symbol, org=org))
    else:
        docx = []
        if issuing is not None:
            from docgen.workflows.issue import issue_cascade

            issued = issue_cascade(
                plan, out_dir, issuing[0], on=issuing[1], force=force, jobs=jobs or None
            )
            count = 0
            with progress(len(plan.docs), _("issuing"), quiet) as bar:
                for path, entry in issued:
                    docx.append(path)
                    bar.update()
                    count += entry is not None
            if not quiet:
                click.echo(
                    _("issued {count} documents (docgen register list to see them)").format(
                        count=count
                    )
                )
        else:
            with progress(len(plan.docs), _("writing"), quiet) as bar:
                for path in write_cascade(plan, out_dir, force=force, jobs=jobs or None, ics=ics):
                    docx.append(path)
                    bar.update()
        if pdf:
            from docgen.render.pdf import to_pdf

            to_pdf(docx, pdfa=pdfa, force=force, jobs=jobs or None)
            if not quiet:
                click.echo(
                    _("wrote {count} {format} files beside them").format(
                        count=len(docx), format="PDF/A-2b" if pdfa else "PDF"
                    )
                )
        written = write_manifest(plan, out_dir, force=force)
        if ics is not None:
            written.append(write_ics(plan, ics, force=force))
        if not quiet:
            levels = ", ".join(f"{level} {n}" for level, n in plan.levels().items())
            click.echo(
                _("wrote {count} documents into {folder} ({levels})").format(
                    count=len(plan.docs), folder=out_dir, levels=levels
                )
            )
            click.echo(_("wrote {path}").format(path=", ".join(str(p) for p in written)))
    for line in plan.report():
        click.echo(_("note: {message}").format(message=line))
