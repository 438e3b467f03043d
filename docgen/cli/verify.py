"""`docgen verify`: who signed a PDF, when, and whether it changed since."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.support import reports_errors


@click.command()
@click.argument("pdf", type=click.Path(path_type=Path))
@click.option(
    "--trust",
    "trust",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A root certificate (PEM or DER) to trust; repeat for several.",
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
        click.echo(f"{pdf}: no digital signature", err=True)
        raise SystemExit(1)
    for sig in signatures:
        who = sig.who.common_name + (f" ({sig.who.organisation})" if sig.who.organisation else "")
        when = sig.when.isoformat() if sig.when else "no time given"
        trusted = {None: "trust not checked (no --trust)", True: "trusted", False: "NOT trusted"}[
            sig.trusted
        ]
        state = "intact" if sig.intact else "CHANGED: the signed bytes differ"
        valid = "valid" if sig.valid else "INVALID"
        after = sig.after if sig.unchanged else sig.after.upper()
        click.echo(
            f"{pdf}: {sig.field}: signed by {who} at {when}: {state}, {valid}, {trusted}; {after}"
        )
    bad = [s for s in signatures if not s.ok]
    if bad:
        click.echo(f"{pdf}: {len(bad)} of {len(signatures)} signature(s) do not hold", err=True)
        raise SystemExit(1)
