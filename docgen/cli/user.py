"""`docgen user`: the accounts of the desk (docgen serve)."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.serve import workspace_catalog, workspace_option
from docgen.cli.support import ChoiceOf, catalog_option, load_catalog, reports_errors
from docgen.i18n import N_, _


@click.group()
def user() -> None:
    """Accounts of the desk: who may log in to 'docgen serve', for which organisation."""


@user.command("add")
@click.argument("name")
@click.option(
    "--org",
    "orgs",
    multiple=True,
    required=True,
    help=N_("An organisation id of the catalog the account belongs to (repeat for several)."),
)
@click.option(
    "--role",
    type=ChoiceOf("docgen.web.accounts", "ROLES"),
    required=True,
    help=N_("chuyen_vien drafts, van_thu issues, lanh_dao approves, truong reports its figures."),
)
@click.option(
    "--password-file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help=N_("Read the password from the first line of this file (else it is asked for)."),
)
@workspace_option
@catalog_option
@reports_errors
def add(
    name: str,
    orgs: tuple[str, ...],
    role: str,
    password_file: Path | None,
    workspace: Path,
    catalog_dir: Path | None,
) -> None:
    """Create the account NAME in WORKSPACE/users.sqlite."""
    from docgen.web.accounts import USERS_FILE, Accounts

    catalog = load_catalog(workspace_catalog(workspace, catalog_dir))
    for org in orgs:
        catalog.org(org)  # an unknown id is an error that suggests the closest
    if password_file is not None:
        lines = password_file.read_text(encoding="utf-8").splitlines()
        password = lines[0] if lines else ""
    else:
        password = click.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)
    accounts = Accounts(workspace / USERS_FILE)
    try:
        made = accounts.add(name, password, role, orgs)
    finally:
        accounts.close()
    click.echo(
        _("account {name} ({role}, {orgs}) created").format(
            name=made.name, role=made.role, orgs=", ".join(made.orgs)
        )
    )


@user.command("list")
@workspace_option
@reports_errors
def list_(workspace: Path) -> None:
    """List the accounts of WORKSPACE."""
    from docgen.web.accounts import USERS_FILE, Accounts

    accounts = Accounts(workspace / USERS_FILE)
    try:
        for account in accounts.all():
            click.echo(f"{account.name}\t{account.role}\t{', '.join(account.orgs)}")
    finally:
        accounts.close()
