"""`docgen verify`: who signed a PDF, when, and whether it changed since."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.support import reports_errors
from docgen.i18n import N_, _


@click.command()
@click.argument("pdf", type=click.Path(path_type=Path))
@click.option(
    "--trust",
    "trust",
    multiple=True,
    type=click.Path(path_type=Path),
    help=N_("A root certificate (PEM or DER) to trust; repeat for several."),
)
@reports_errors
def verify(pdf: Path, trust: tuple[Path, ...]) -> None:
    """Report each signature of PDF: who (CN, O), when, whether the signed bytes are intact
    and the signature valid, whether anything but signatures was added since, and — with
    --trust — whether the certificate chains to a trusted root.

    Exits 1 when the PDF has no signature or any of them fails one of these.
    """
    from docgen.sign.keys import load_roots
    from docgen.sign.verify import verify_pdf

    roots = load_roots(list(trust)) if trust else None
    signatures = verify_pdf(pdf, roots)
    if not signatures:
        click.echo(_("{pdf}: no digital signature").format(pdf=pdf), err=True)
        raise SystemExit(1)
    for sig in signatures:
        who = sig.who.common_name + (f" ({sig.who.organisation})" if sig.who.organisation else "")
        when = sig.when.isoformat() if sig.when else _("no time given")
        trusted = {
            None: _("trust not checked (no --trust)"),
            True: _("trusted"),
            False: _("NOT trusted"),
        }[sig.trusted]
        state = _("intact") if sig.intact else _("CHANGED: the signed bytes differ")
        valid = _("valid") if sig.valid else _("INVALID")
        after = _(sig.after) if sig.unchanged else _(sig.after).upper()
        click.echo(
            _(
                "{pdf}: {field}: signed by {who} at {when}: {state}, {valid}, {trusted}; {after}"
            ).format(
                pdf=pdf,
                field=sig.field,
                who=who,
                when=when,
                state=state,
                valid=valid,
                trusted=trusted,
                after=after,
            )
        )
    bad = [s for s in signatures if not s.ok]
    if bad:
        click.echo(
            _("{pdf}: {bad} of {count} signature(s) do not hold").format(
                pdf=pdf, bad=len(bad), count=len(signatures)
            ),
            err=True,
        )
        raise SystemExit(1)
