"""`docgen sign`: add a digital signature to an issued PDF."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.support import reports_errors
from docgen.i18n import N_, _


@click.command()
@click.argument("pdf", type=click.Path(path_type=Path))
@click.option(
    "--cert",
    "cert",
    required=True,
    type=click.Path(path_type=Path),
    help=N_("The signing certificate and its key, as a PKCS#12 file (.p12/.pfx)."),
)
@click.option(
    "--password-file",
    type=click.Path(path_type=Path),
    default=None,
    help=N_("A file whose first line is the PKCS#12 password."),
)
@click.option(
    "--as",
    "role",
    type=click.Choice(["signer", "agency"]),
    default="signer",
    show_default=True,
    help=N_(
        "signer: the person's signature over the signature block; agency: the "
        "agency's, at the top right of page 1."
    ),
)
@click.option(
    "-o",
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help=N_("The signed PDF to write."),
)
@click.option("--force", is_flag=True, help=N_("Replace OUT if it exists."))
@reports_errors
def sign(
    pdf: Path, cert: Path, password_file: Path | None, role: str, out: Path, force: bool
) -> None:
    """Sign PDF with a PAdES signature and a visible stamp placed as NĐ30 Phụ lục I places
    it: the signer's between the title and the name of the signature block, the agency's
    above the Quốc hiệu with its signing time. Earlier signatures stay valid.
    """
    from docgen.sign.keys import load_key, read_password
    from docgen.sign.signing import sign_pdf

    password = read_password(password_file) if password_file is not None else None
    key = load_key(cert, password)
    written = sign_pdf(pdf, out, key, role, force=force)  # type: ignore[arg-type]
    who = key.who.common_name or key.who.organisation
    line = (
        _("wrote {path} (signed by {who} as signer)")
        if role == "signer"
        else _("wrote {path} (signed by {who} as agency)")
    )
    click.echo(line.format(path=written, who=who))
